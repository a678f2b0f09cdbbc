/* Minimal test harness: ASSERT_* print file:line and both values, then fail the test. */
#ifndef ANTRE_TEST_H
#define ANTRE_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int test_failures;

#define TEST_FAIL_(...)                                                        \
	do {                                                                   \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                \
		fprintf(stderr, __VA_ARGS__);                                  \
		fprintf(stderr, "\n");                                         \
		test_failures++;                                               \
		return;                                                        \
	} while (0)

#define ASSERT_TRUE(c)                                                         \
	do {                                                                   \
		if (!(c))                                                      \
			TEST_FAIL_("expected true: %s", #c);                   \
	} while (0)

#define ASSERT_EQ_INT(a, b)                                                    \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ != b_)                                                  \
			TEST_FAIL_("%s == %s: %lld != %lld", #a, #b, a_, b_);  \
	} while (0)

#define ASSERT_EQ_STR(a, b)                                                    \
	do {                                                                   \
		const char *a_ = (a), *b_ = (b);                               \
		if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)           \
			TEST_FAIL_("%s == %s: \"%s\" != \"%s\"", #a, #b,        \
				   a_ ? a_ : "(null)", b_ ? b_ : "(null)");    \
	} while (0)

#define ASSERT_CONTAINS(hay, needle)                                           \
	do {                                                                   \
		const char *h_ = (hay), *n_ = (needle);                        \
		if (h_ == NULL || strstr(h_, n_) == NULL)                      \
			TEST_FAIL_("\"%s\" does not contain \"%s\"",            \
				   h_ ? h_ : "(null)", n_);                    \
	} while (0)

typedef void (*test_fn)(void);
typedef struct {
	const char *name;
	test_fn fn;
} test_case_t;

/* Run every case (or only those named on the command line); exit status 1 on failure. */
int test_main(int argc, char **argv, const test_case_t *cases);

#define TEST(name) static void name(void)
#define TEST_CASE(name) { #name, name }

#endif
