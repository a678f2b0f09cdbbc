/* One checked integer parser for option values, config values and wire fields:
 * the whole string must be a decimal number inside [min, max]; nothing is guessed
 * ("57" for a paper that is 58 or 80 is an error, not 80). */
#ifndef ANTRE_NUMBER_H
#define ANTRE_NUMBER_H

#include <stdint.h>

/* 0 and *out set when s is a base-10 integer in [min, max] with nothing around it;
 * -1 otherwise (*out untouched). Leading '+' and whitespace are refused. */
int antre_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
int antre_parse_int(const char *s, int min, int max, int *out);

/* 0 when s is one of the n values in allowed (e.g. paper widths 58, 80). */
int antre_parse_int_of(const char *s, const int *allowed, int n, int *out);

#endif
