/* antre-bench http: antred over HTTP — durable issues/s with 8 keep-alive clients,
 * call-next → event latency at 50 stream subscribers, idle CPU, and RSS. Starts the
 * real antred (from the build tree) on 127.0.0.1:0 with a database under --dir. */
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "client.h"
#include "xmalloc.h"

#define SUBSCRIBERS 50
#define CALLS 1000
#define CLIENTS 8
#define TICKETS 10000

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

void bench_sort(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

pid_t bench_start_antred(const char *dir, char *url, size_t cap)
{
	char db[512], log[512];
	pid_t pid;

	snprintf(db, sizeof(db), "%s/bench-http.db", dir);
	snprintf(log, sizeof(log), "%s/bench-http.log", dir);
	unlink(db);
	unlink(log);   /* a stale log would name an old port */
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		execl(ANTRE_BINARY_DIR "/firmware/antred/antred", "antred", "--config",
		      ANTRE_SOURCE_DIR "/tests/fixtures/office.ini", "--db", db, "--listen",
		      "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 2000; i++) {
		char buf[4096];
		FILE *f = fopen(log, "r");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
		const char *at;
		struct timespec ts = { 0, 5000000 };
		if (f)
			fclose(f);
		buf[n] = '\0';
		at = strstr(buf, "listening on ");
		if (at && strchr(at, '\n')) {
			snprintf(url, cap, "%.*s", (int)strcspn(at + 13, "\n"), at + 13);
			return pid;
		}
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "antred did not start\n");
	exit(1);
}

/* CPU seconds (user + system) and RSS in MB of a process, from /proc. */
double bench_proc_cpu_s(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long utime = 0, stime = 0;
	FILE *f;
	char *p;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL || fgets(buf, sizeof(buf), f) == NULL) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	p = strrchr(buf, ')');
	/* fields after the command: state is 3rd; utime 14th, stime 15th */
	sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);
	return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

double bench_proc_rss_mb(pid_t pid)
{
	char path[64], line[256];
	double kb = -1;
	FILE *f;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %lf kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb / 1024.0;
}

typedef struct {
	const char *url;
	int n, fails;
} issuer_t;

static void *issuer(void *p)
{
	issuer_t *w = p;
	antre_client_t *c = antre_client_create(w->url, "kiosk-test-token-0000", 10000);
	for (int i = 0; i < w->n; i++) {
		char *resp = NULL;
		int status = antre_client_request(c, "POST", "/api/v1/tickets",
						  "{\"service\":\"DISNAKER\"}", &resp);
		if (status != 201 && w->fails++ == 0)
			fprintf(stderr, "issue failed: %d %s\n", status, resp);
		free(resp);
	}
	antre_client_destroy(c);
	return NULL;
}

/* Receive times of each call's ticket.called event, per subscriber. */
static double sent_ms[CALLS + 1];
static double got_ms[SUBSCRIBERS][CALLS + 1];
static volatile int measuring;
static int call_index_of[TICKETS + 2];   /* ticket daily number → call index, or -1 */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static int connected;

static void on_event(void *ctx, int64_t id, const char *event, const char *data)
{
	double now = mono_ms();
	int sub = (int)(intptr_t)ctx;
	const char *num;
	int k;
	(void)id;
	if (!measuring || strcmp(event, "ticket.called") != 0)
		return;
	num = strstr(data, "\"number\":\"A");
	if (num == NULL)
		return;
	k = atoi(num + 11);
	if (k > 0 && k <= TICKETS && call_index_of[k] >= 0)
		got_ms[sub][call_index_of[k]] = now;
}

static void on_link(void *ctx, int up)
{
	(void)ctx;
	pthread_mutex_lock(&seen_lock);
	connected += up ? 1 : -1;
	pthread_mutex_unlock(&seen_lock);
}

int bench_http(const char *dir)
{
	char url[128];
	pid_t pid = bench_start_antred(dir, url, sizeof(url));
	pthread_t th[CLIENTS];
	issuer_t w[CLIENTS];
	antre_sse_t *subs[SUBSCRIBERS];
	antre_client_t *counter;
	double t0, dt, cpu0, cpu1, *lat;
	int n_lat = 0, missing = 0, fails = 0;
	struct timespec idle = { 10, 0 }, settle = { 1, 0 };

	nanosleep(&settle, NULL);
	printf("http: antred RSS idle: %.1f MB\n", bench_proc_rss_mb(pid));

	cpu0 = bench_proc_cpu_s(pid);
	t0 = mono_ms();
	for (int i = 0; i < CLIENTS; i++) {
		w[i] = (issuer_t){ url, TICKETS / CLIENTS, 0 };
		pthread_create(&th[i], NULL, issuer, &w[i]);
	}
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(th[i], NULL);
		fails += w[i].fails;
	}
	dt = (mono_ms() - t0) / 1e3;
	cpu1 = bench_proc_cpu_s(pid);
	printf("http: %d durable issues over HTTP, %d keep-alive clients: %.0f issues/s (%d "
	       "failed; antred used %.0f us CPU per issue)\n", TICKETS, CLIENTS, TICKETS / dt,
	       fails, (cpu1 - cpu0) * 1e6 / TICKETS);
	printf("http: antred RSS after %d tickets: %.1f MB\n", TICKETS, bench_proc_rss_mb(pid));

	for (int s = 0; s < SUBSCRIBERS; s++)
		subs[s] = antre_sse_start(url, -1, on_event, on_link, (void *)(intptr_t)s);
	for (int i = 0; i < 1000 && connected < SUBSCRIBERS; i++)
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	nanosleep(&settle, NULL);
	cpu0 = bench_proc_cpu_s(pid);
	nanosleep(&idle, NULL);
	cpu1 = bench_proc_cpu_s(pid);
	printf("http: antred CPU over 10 s idle with %d subscribers: %.3f s\n", connected,
	       cpu1 - cpu0);

	/* call-next at counter 2 (DISNAKER) CALLS times; tickets A001... are called in order */
	memset(call_index_of, -1, sizeof(call_index_of));
	for (int k = 0; k < CALLS; k++)
		call_index_of[k + 1] = k;
	counter = antre_client_create(url, "counter-2-test-token", 10000);
	measuring = 1;
	for (int k = 0; k < CALLS; k++) {
		sent_ms[k] = mono_ms();
		if (antre_client_request(counter, "POST", "/api/v1/counters/2/call-next", NULL,
					 NULL) != 200)
			fails++;
	}
	nanosleep(&settle, NULL);
	measuring = 0;
	lat = xmalloc(sizeof(double) * SUBSCRIBERS * CALLS);
	for (int s = 0; s < SUBSCRIBERS; s++)
		for (int k = 0; k < CALLS; k++) {
			if (got_ms[s][k] == 0)
				missing++;
			else
				lat[n_lat++] = got_ms[s][k] - sent_ms[k];
		}
	bench_sort(lat, n_lat);
	printf("http: call-next → ticket.called at %d subscribers, %d calls: p50 %.2f ms, p99 "
	       "%.2f ms, max %.2f ms (%d deliveries missing)\n",
	       SUBSCRIBERS, CALLS, n_lat ? lat[n_lat / 2] : 0, n_lat ? lat[n_lat * 99 / 100] : 0,
	       n_lat ? lat[n_lat - 1] : 0, missing);
	printf("http: antred RSS at the end: %.1f MB\n", bench_proc_rss_mb(pid));
	free(lat);
	antre_client_destroy(counter);
	for (int s = 0; s < SUBSCRIBERS; s++)
		antre_sse_stop(subs[s]);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	return 0;
}
