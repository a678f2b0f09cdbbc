/* Runs the cases of one test program and reports them; the ASSERT_* bodies. */
#include "test.h"

#include <setjmp.h>
#include <stdarg.h>

int test_failures;

static jmp_buf case_end;     /* where a failed assert goes: the end of the running case */
static int case_running;

_Noreturn void test_fail_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	test_failures++;
	if (!case_running)
		abort();   /* an assert outside any case: nowhere to go back to */
	longjmp(case_end, 1);
}

void test_eq_int_at(const char *file, int line, long long a, long long b, const char *a_expr,
		    const char *b_expr)
{
	if (a != b)
		test_fail_at(file, line, "%s == %s: %lld != %lld", a_expr, b_expr, a, b);
}

void test_eq_str_at(const char *file, int line, const char *a, const char *b,
		    const char *a_expr, const char *b_expr)
{
	if (a == NULL || b == NULL || strcmp(a, b) != 0)
		test_fail_at(file, line, "%s == %s: \"%s\" != \"%s\"", a_expr, b_expr,
			     a ? a : "(null)", b ? b : "(null)");
}

void test_contains_at(const char *file, int line, const char *hay, const char *needle)
{
	if (hay == NULL || strstr(hay, needle) == NULL)
		test_fail_at(file, line, "\"%s\" does not contain \"%s\"", hay ? hay : "(null)",
			     needle);
}

/* Run one case; a failed assert longjmps back here and the case ends. Nothing in this
 * frame changes between setjmp and longjmp, so no local needs to be volatile. */
static void run_case(const test_case_t *c)
{
	case_running = 1;
	if (setjmp(case_end) == 0)
		c->fn();
	case_running = 0;
}

static int is_selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int test_main(int argc, char **argv, const test_case_t *cases)
{
	int run = 0, failed = 0;
	for (const test_case_t *c = cases; c->name; c++) {
		int before = test_failures;
		if (!is_selected(c->name, argc, argv))
			continue;
		run_case(c);
		run++;
		if (test_failures != before) {
			failed++;
			fprintf(stderr, "FAIL %s\n", c->name);
		} else {
			fprintf(stderr, "ok   %s\n", c->name);
		}
	}
	fprintf(stderr, "%d cases, %d failed\n", run, failed);
	return failed ? 1 : 0;
}
