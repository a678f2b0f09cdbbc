/* antred's log lines on stderr, one per call: "antred: LEVEL: message", LEVEL being
 * info, warning or error, so journald and grep can tell them apart. A log line never
 * carries a token, an Authorization header or a full ticket id (a ticket id is the
 * capability in its status URL): log ticket numbers (A001) instead. */
#ifndef ANTRE_LOG_H
#define ANTRE_LOG_H

#include <stdarg.h>

typedef enum {
	ANTRE_LOG_INFO,
	ANTRE_LOG_WARN,
	ANTRE_LOG_ERROR,
} antre_log_level_t;

/* One line, written whole with a single write (threads do not interleave inside it);
 * a trailing newline is added. */
__attribute__((format(printf, 2, 3)))
void antre_log(antre_log_level_t level, const char *fmt, ...);

/* The same with a va_list (libmicrohttpd's error logger); the message's own trailing
 * newlines are dropped. */
__attribute__((format(printf, 2, 0)))
void antre_log_v(antre_log_level_t level, const char *fmt, va_list ap);

#endif
