/* Feeding antre.ini to inih: the text is read from memory a line at a time, each line
 * counted and checked (length, NUL bytes, UTF-8) so every message names its line;
 * section headers go to config.c before inih sees them. */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_parser.h"
#include "xmalloc.h"

/* Keep the first error only: later ones are often consequences of it. */
void config_fail_at(config_parser_t *p, int line, const char *fmt, ...)
{
	va_list ap;
	if (p->err_line != 0)
		return;
	p->err_line = line > 0 ? line : 1;
	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
}

/* Well-formed UTF-8 past ASCII (Unicode table 3-7): the lead bytes, how many bytes
 * follow, and the range of the first of them (no overlong forms, surrogates or code
 * points past U+10FFFF); the others are 0x80-0xBF. */
static const struct {
	unsigned char lead_lo, lead_hi, more, lo, hi;
} utf8_forms[] = {
	{ 0xC2, 0xDF, 1, 0x80, 0xBF }, { 0xE0, 0xE0, 2, 0xA0, 0xBF },
	{ 0xE1, 0xEC, 2, 0x80, 0xBF }, { 0xED, 0xED, 2, 0x80, 0x9F },
	{ 0xEE, 0xEF, 2, 0x80, 0xBF }, { 0xF0, 0xF0, 3, 0x90, 0xBF },
	{ 0xF1, 0xF3, 3, 0x80, 0xBF }, { 0xF4, 0xF4, 3, 0x80, 0x8F },
};

/* The length of the well-formed character at s (n bytes left, n > 0), or 0. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	for (size_t f = 0; f < sizeof(utf8_forms) / sizeof(utf8_forms[0]); f++) {
		size_t more = utf8_forms[f].more;
		if (s[0] < utf8_forms[f].lead_lo || s[0] > utf8_forms[f].lead_hi)
			continue;
		if (n <= more || s[1] < utf8_forms[f].lo || s[1] > utf8_forms[f].hi)
			return 0;
		for (size_t k = 2; k <= more; k++)
			if ((s[k] & 0xC0) != 0x80)
				return 0;
		return more + 1;
	}
	return 0;
}

static int valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0, len; i < n; i += len) {
		len = utf8_length(s + i, n - i);
		if (len == 0)
			return 0;
	}
	return 1;
}

/* fgets-style reader for inih over the in-memory text. It counts lines (so every
 * message can name one), refuses over-long lines, and starts sections itself so that
 * an empty or misspelt section is still seen. */
static char *reader(char *str, int num, void *stream)
{
	config_parser_t *p = stream;
	const char *start, *nl;
	size_t n, body, copy, limit;

	if (p->pos >= p->len)
		return NULL;
	start = p->text + p->pos;
	nl = memchr(start, '\n', p->len - p->pos);
	n = nl ? (size_t)(nl - start) + 1 : p->len - p->pos;
	p->pos += n;
	p->line++;

	body = n;
	while (body > 0 && (start[body - 1] == '\n' || start[body - 1] == '\r'))
		body--;
	/* inih gets the line whole or not at all: it is copied without its newline (inih
	 * does not need one), so a line of exactly the limit still fits in num bytes. */
	limit = (size_t)num - 1 < ANTRE_LINE_MAX ? (size_t)num - 1 : ANTRE_LINE_MAX;
	if (body > limit)
		config_fail_at(p, p->line, "line is %zu characters long, the limit is %zu; continue long "
			"text on indented lines below it", body, limit);
	else if (memchr(start, '\0', body) != NULL)
		config_fail_at(p, p->line, "line contains a NUL byte");
	else if (!valid_utf8((const unsigned char *)start, body))
		config_fail_at(p, p->line, "text is not valid UTF-8");
	copy = body < limit ? body : limit;
	memcpy(str, start, copy);
	str[copy] = '\0';

	p->line_indented = copy > 0 && (str[0] == ' ' || str[0] == '\t');
	if (str[0] == '[') {
		char header[ANTRE_LINE_MAX + 1];
		memcpy(header, str, copy + 1);
		config_begin_section(p, header);
	} else if (p->line_indented) {
		const char *t = str;
		while (*t == ' ' || *t == '\t')
			t++;
		if (*t == '[')
			config_fail_at(p, p->line, "a section header must start at the beginning of the "
				"line");
	}
	return str;
}

int antre_config_parse(const char *text, size_t len, const char *name, const char *base_dir,
		       antre_config_t *cfg, char *err, size_t errcap)
{
	config_parser_t *p = xcalloc(1, sizeof(*p));
	int rc;

	config_set_defaults(cfg);
	antre_strlcpy(cfg->path, name, sizeof(cfg->path));
	p->text = text;
	p->len = len;
	p->name = name;
	p->base_dir = base_dir;
	p->cfg = cfg;
	p->last_key = -1;
	/* A UTF-8 byte-order mark opens line 1; the reader starts after it (inih would
	 * skip it too, but the reader looks at '[' before inih does). */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		p->pos = 3;

	rc = ini_parse_stream(reader, p, config_on_key, p);
	if (rc > 0 && (p->err_line == 0 || rc < p->err_line)) {
		p->err_line = 0;
		config_fail_at(p, rc, "syntax error: expected 'key = value' or '[section]'");
	} else if (rc < 0) {
		config_fail_at(p, 1, "cannot parse (inih error %d)", rc);
	}
	if (p->err_line == 0)
		config_validate(p);

	rc = 0;
	if (p->err_line != 0) {
		snprintf(err, errcap, "%s:%d: %s", name, p->err_line, p->err);
		rc = -1;
	}
	free(p);
	return rc;
}

int antre_config_load(const char *path, antre_config_t *cfg, char *err, size_t errcap)
{
	FILE *f = NULL;
	char *text = NULL, *dir = NULL, *slash;
	size_t len = 0, cap = 0, n;
	int rc = -1;

	f = fopen(path, "r");
	if (f == NULL) {
		snprintf(err, errcap, "%s:0: cannot open: %s", path, strerror(errno));
		goto out;
	}
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (cap > (1u << 20)) {
				snprintf(err, errcap, "%s:0: file is larger than 1 MiB", path);
				goto out;
			}
			text = xrealloc(text, cap);
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		snprintf(err, errcap, "%s:0: read error: %s", path, strerror(errno));
		goto out;
	}
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, strlen(path) + 1, "%s", ".");
	rc = antre_config_parse(text, len, path, dir, cfg, err, errcap);
out:
	if (f)
		fclose(f);
	free(text);
	free(dir);
	return rc;
}

