/* Shared bits of antre-bench's parts. */
#ifndef ANTRE_BENCH_H
#define ANTRE_BENCH_H

void bench_sort(double *v, int n);
int bench_http(const char *dir);

#endif
