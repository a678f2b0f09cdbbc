/* antre-bench machine: what a hand-off between two threads costs on this machine, the
 * unit every request to antred is made of (client to HTTP thread to log writer and
 * back). Two threads bounce a byte over a loopback TCP connection: both on one CPU,
 * each on its own CPU, and where the scheduler puts them. On a virtual machine whose
 * idle CPUs halt at once (no halt polling), waking a thread on the other CPU costs an
 * interrupt to it and its wake-up, and the second figure is many times the first: a
 * day of one request after another then runs faster on one CPU (docs/bench.md). */
#define _GNU_SOURCE   /* pthread_setaffinity_np */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define BOUNCES 2000   /* round trips per sample */
#define SAMPLES 7

typedef struct {
	int fd;
	int cpu;               /* -1: anywhere */
} echo_t;

static void pin(pthread_t th, int cpu)
{
	cpu_set_t set;
	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (pthread_setaffinity_np(th, sizeof(set), &set) != 0) {
		fprintf(stderr, "machine: cannot run a thread on CPU %d\n", cpu);
		exit(1);
	}
}

static void *echo_main(void *arg)
{
	echo_t *e = arg;
	char b[8];
	pin(pthread_self(), e->cpu);
	for (;;) {
		ssize_t n = recv(e->fd, b, sizeof(b), 0);
		if (n <= 0 || send(e->fd, b, (size_t)n, 0) != n)
			break;
	}
	return NULL;
}

/* Median microseconds of a round trip between this thread (on `mine`) and an echoing
 * one (on `theirs`). */
static double bounce_us(int mine, int theirs)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0), fd = socket(AF_INET, SOCK_STREAM, 0);
	echo_t e = { -1, theirs };
	pthread_t th;
	double us[SAMPLES];
	char b = 'x';
	cpu_set_t all;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd < 0 || fd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(lfd, 1) != 0 || getsockname(lfd, (struct sockaddr *)&sa, &len) != 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    (e.fd = accept(lfd, NULL, NULL)) < 0) {
		perror("machine: loopback");
		exit(1);
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(e.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	sched_getaffinity(0, sizeof(all), &all);
	pthread_create(&th, NULL, echo_main, &e);
	pin(pthread_self(), mine);
	for (int s = 0; s < SAMPLES; s++) {
		double t0 = bench_now_s();
		for (int i = 0; i < BOUNCES; i++)
			if (send(fd, &b, 1, 0) != 1 || recv(fd, &b, 1, 0) != 1) {
				perror("machine: bounce");
				exit(1);
			}
		us[s] = (bench_now_s() - t0) * 1e6 / BOUNCES;
	}
	close(fd);   /* the echo sees the end */
	pthread_join(th, NULL);
	close(e.fd);
	close(lfd);
	pthread_setaffinity_np(pthread_self(), sizeof(all), &all);
	bench_sort(us, SAMPLES);
	return us[SAMPLES / 2];
}

void bench_machine(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	printf("machine: %ld CPUs online\n", cpus);
	printf("machine: loopback round trip between two threads on one CPU: median %.1f us\n",
	       bounce_us(0, 0));
	if (cpus >= 2)
		printf("machine: loopback round trip between two threads on two CPUs: median "
		       "%.1f us\n", bounce_us(0, 1));
	printf("machine: loopback round trip between two threads where the scheduler puts "
	       "them: median %.1f us\n", bounce_us(-1, -1));
}
