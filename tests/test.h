/* Minimal test harness: ASSERT_* print file:line and both values, then fail the test.
 *
 * Each ASSERT_* is one statement and one call on failure: the call records the failure
 * and longjmps back to test_main, which goes on with the next case. So a failed assert
 * ends its case even from inside a helper function, and a test function's statement
 * count is its own. Asserts belong to the thread that runs test_main: not to threads a
 * test starts, nor to forked children (they report through their exit status). */
#ifndef ANTRE_TEST_H
#define ANTRE_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Failures so far. A check that wants to go on after a failure (to report several)
 * prints its own message and increments this; the case is then marked failed. */
extern int test_failures;

/* Print "file:line: " and the message, count a failure, and end the running case. */
_Noreturn void test_fail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The ASSERT_* bodies: return when the check holds, else test_fail_at. file and line
 * are the caller's, so helpers may pass their own caller's place on. */
void test_eq_int_at(const char *file, int line, long long a, long long b, const char *a_expr,
		    const char *b_expr);
void test_eq_str_at(const char *file, int line, const char *a, const char *b,
		    const char *a_expr, const char *b_expr);
void test_contains_at(const char *file, int line, const char *hay, const char *needle);

#define TEST_FAIL_(...) test_fail_at(__FILE__, __LINE__, __VA_ARGS__)

/* The condition is tested in the macro rather than passed in, so that the compiler
 * and the static analyzer know that code after ASSERT_TRUE(p != NULL) has p. */
#define ASSERT_TRUE(c) ((c) ? (void)0 : test_fail_at(__FILE__, __LINE__, "expected true: %s", #c))

#define ASSERT_EQ_INT(a, b)                                                           \
	test_eq_int_at(__FILE__, __LINE__, (long long)(a), (long long)(b), #a, #b)

#define ASSERT_EQ_STR(a, b) test_eq_str_at(__FILE__, __LINE__, (a), (b), #a, #b)

#define ASSERT_CONTAINS(hay, needle) test_contains_at(__FILE__, __LINE__, (hay), (needle))

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
