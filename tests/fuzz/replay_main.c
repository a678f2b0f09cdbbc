/* Replays inputs through a fuzz harness without libFuzzer: every file of each folder
 * (or each file) named on the command line, in name order. ctest runs each harness
 * over its seed corpus and its regression inputs this way, so a crash the fuzzer once
 * found stays fixed under gcc and the sanitizer build too.
 *   fuzz_NAME_replay DIR_OR_FILE...      exit 0 when every input ran */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define REPLAY_MAX_INPUT (1u << 20)

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	buf = malloc(REPLAY_MAX_INPUT);
	if (buf == NULL) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, REPLAY_MAX_INPUT, f);
	fclose(f);
	/* An exact-size copy, so ASan sees a read past the input as libFuzzer would. */
	uint8_t *exact = malloc(n ? n : 1);
	if (exact == NULL) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int run_path(const char *path, int *count)
{
	struct stat st;
	struct dirent **names = NULL;
	int n, rc = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: no such file or folder: %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	n = scandir(path, &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		char full[4096];
		if (names[i]->d_name[0] != '.' && rc == 0) {
			snprintf(full, sizeof(full), "%s/%s", path, names[i]->d_name);
			rc = run_path(full, count);
		}
		free(names[i]);
	}
	free(names);
	return n < 0 ? -1 : rc;
}

int main(int argc, char **argv)
{
	int count = 0;
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i], &count) < 0)
			return 1;
	printf("replay: %d input(s) ran without a crash\n", count);
	return 0;
}
