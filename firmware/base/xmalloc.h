/* Allocation helpers that abort on out-of-memory, so callers never test for NULL. */
#ifndef ANTRE_XMALLOC_H
#define ANTRE_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);

/* Copy src into dst (capacity cap, cap > 0), always NUL-terminating.
 * Returns 0, or -1 when src did not fit (dst then holds a truncated copy). */
int antre_strlcpy(char *dst, const char *src, size_t cap);

#endif
