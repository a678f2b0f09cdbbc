/* The checked integer parser. */
#include "number.h"

#include <errno.h>
#include <stdlib.h>

int antre_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || !((*s >= '0' && *s <= '9') || (*s == '-' && s[1] >= '0' && s[1] <= '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int antre_parse_int(const char *s, int min, int max, int *out)
{
	int64_t v;

	if (antre_parse_i64(s, min, max, &v) != 0)
		return -1;
	*out = (int)v;
	return 0;
}

int antre_parse_int_of(const char *s, const int *allowed, int n, int *out)
{
	int v;

	if (antre_parse_int(s, INT32_MIN, INT32_MAX, &v) != 0)
		return -1;
	for (int i = 0; i < n; i++) {
		if (allowed[i] == v) {
			*out = v;
			return 0;
		}
	}
	return -1;
}
