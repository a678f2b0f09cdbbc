/* The libFuzzer entry point every harness in tests/fuzz defines. Built two ways: with
 * clang -fsanitize=fuzzer (scripts/fuzz), and with replay_main.c as a plain program that
 * ctest runs over the committed corpus and the regression inputs (tests/fuzz/regress/). */
#ifndef ANTRE_FUZZ_H
#define ANTRE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: say which, and abort so libFuzzer keeps the input as a crash. */
#define FUZZ_CHECK(cond)                                                                 \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__,  \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

#endif
