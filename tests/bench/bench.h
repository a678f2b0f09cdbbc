/* Shared bits of antre-bench's parts. */
#ifndef ANTRE_BENCH_H
#define ANTRE_BENCH_H

/* Sort ascending (for medians). */
void bench_sort(double *v, int n);
int bench_http(const char *dir);
/* Start the real antred (test office) with a fresh DB under dir; url gets its address. */
#include <sys/types.h>
pid_t bench_start_antred(const char *dir, char *url, size_t cap);
/* A process's user+system CPU seconds, and its resident memory in MB (/proc). */
double bench_proc_cpu_s(pid_t pid);
double bench_proc_rss_mb(pid_t pid);

#endif
