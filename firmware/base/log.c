#include "log.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *level_name(antre_log_level_t level)
{
	switch (level) {
	case ANTRE_LOG_INFO:
		return "info";
	case ANTRE_LOG_WARN:
		return "warning";
	case ANTRE_LOG_ERROR:
		return "error";
	}
	return "error";
}

void antre_log_v(antre_log_level_t level, const char *fmt, va_list ap)
{
	char line[2048];
	int n = snprintf(line, sizeof(line), "antred: %s: ", level_name(level));
	size_t len;

	(void)vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	len = strlen(line);
	while (len > (size_t)n && line[len - 1] == '\n')
		len--;
	line[len++] = '\n';
	(void)!write(STDERR_FILENO, line, len);
}

void antre_log(antre_log_level_t level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	antre_log_v(level, fmt, ap);
	va_end(ap);
}
