/* Shared bits of antre-bench's parts. */
#ifndef ANTRE_BENCH_H
#define ANTRE_BENCH_H

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double bench_now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sort ascending (for medians). */
void bench_sort(double *v, int n);
int bench_http(const char *dir);
/* antre-bench machine (bench_machine.c): a round trip between two threads, on one CPU,
 * on two, and where the scheduler puts them. */
void bench_machine(void);
/* antre-bench all (bench_all.c): every part's benchmark from the build folder bin, runs
 * times; prints one table and writes json_path; previous_path (may be NULL): a JSON of
 * an earlier run to compare with. 0, or 1 when the JSON could not be written. */
int bench_all(const char *bin, const char *dir, int runs, const char *json_path,
	      const char *previous_path);
/* Start the real antred (test office) with a fresh DB under dir; url gets its address. */
pid_t bench_start_antred(const char *dir, char *url, size_t cap);
/* A process's user+system CPU seconds, and its resident memory in MB (/proc). */
double bench_proc_cpu_s(pid_t pid);
double bench_proc_rss_mb(pid_t pid);

/* One line of a program's frame trace (--trace-frames, firmware/ui/ui_app.h):
 * "frame AT_MS DRAW_MS LABEL". 0 with *label pointing into line after the numbers
 * (newline cut), or -1 for another line. */
static inline int bench_frame_line(char *line, double *at_ms, double *draw_ms, char **label)
{
	char *end;
	if (strncmp(line, "frame ", 6) != 0)
		return -1;
	*at_ms = strtod(line + 6, &end);
	if (end == line + 6 || *end != ' ')
		return -1;
	line = end;
	*draw_ms = strtod(line, &end);
	if (end == line || (*end != ' ' && *end != '\n'))
		return -1;
	end[strcspn(end, "\n")] = '\0';
	*label = *end ? end + 1 : end;
	return 0;
}

#endif
