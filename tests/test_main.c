/* Runs the cases of one test program and reports them. */
#include "test.h"

int test_failures;

int test_main(int argc, char **argv, const test_case_t *cases)
{
	int run = 0, failed = 0;
	for (const test_case_t *c = cases; c->name; c++) {
		int before = test_failures, selected = argc < 2;
		for (int i = 1; i < argc; i++)
			if (strcmp(argv[i], c->name) == 0)
				selected = 1;
		if (!selected)
			continue;
		c->fn();
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
