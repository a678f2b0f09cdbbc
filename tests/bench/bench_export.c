/* antre-bench-export (issue 16): the export to a central PostgreSQL, measured against a
 * private cluster (tests/export_pg.sh): throughput and catch-up time of a 100,000-event
 * backlog (antred --export-once), and the issue latency at the office with the export
 * running vs off (medians). Prints figures; asserts nothing.
 *   antre-bench-export [EVENTS]   (default 100000) */
#include <curl/curl.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "number.h"

#define ISSUES 2000
#define LIVE_BACKLOG 30000

static char dir[64];

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Run a shell snippet with tests/export_pg.sh sourced, work=dir; exit on failure. */
static void shell(const char *snippet)
{
	char path[128], cmd[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/snippet.sh", dir);
	f = fopen(path, "w");
	if (f == NULL)
		exit(1);
	fprintf(f, "set -e\nwork=%s src=%s\n. \"$src/tests/export_pg.sh\"\npg_dir=$work/pg\n"
		"pg_port=$(cat $work/port 2>/dev/null || true)\n%s\n", dir, ANTRE_SOURCE_DIR,
		snippet);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "bash %s", path);
	if (system(cmd) != 0) {
		fprintf(stderr, "bench-export: failed: %s\n", snippet);
		exit(1);
	}
}

/* antred on 127.0.0.1:0 with config and db (both under dir); url gets its address. */
static pid_t start_antred(const char *config, const char *db, char *url, size_t cap)
{
	char cfg[128], dbp[128], log[128];
	pid_t pid;

	snprintf(cfg, sizeof(cfg), "%s/%s", dir, config);
	snprintf(dbp, sizeof(dbp), "%s/%s", dir, db);
	snprintf(log, sizeof(log), "%s/%s.log", dir, db);
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		execl(ANTRE_BINARY_DIR "/firmware/antred/antred", "antred", "--config", cfg, "--db",
		      dbp, "--listen", "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 2000; i++) {
		char buf[8192];
		FILE *f = fopen(log, "r");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
		const char *at;
		struct timespec ts = { 0, 5000000 };
		if (f)
			fclose(f);
		buf[n] = '\0';
		at = strstr(buf, "listening on ");
		if (at && strchr(at, '\n')) {
			snprintf(url, cap, "%.*s", (int)strcspn(at + 13, " \n"), at + 13);
			return pid;
		}
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "bench-export: antred did not start (%s)\n", log);
	exit(1);
}

static void stop_antred(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

typedef struct {
	char *buf;
	size_t len;
} body_t;

static size_t keep(char *p, size_t size, size_t n, void *ctx)
{
	body_t *b = ctx;
	size_t add = size * n;

	b->buf = realloc(b->buf, b->len + add + 1);
	if (b->buf == NULL)
		exit(1);
	memcpy(b->buf + b->len, p, add);
	b->len += add;
	b->buf[b->len] = '\0';
	return add;
}

/* A gauge of antred's /metrics ("antre_export_lag_events"), or -1. */
static long long gauge(const char *url, const char *name)
{
	char target[256], line[128];
	body_t b = { NULL, 0 };
	CURL *c = curl_easy_init();
	int64_t v = -1;
	const char *at;

	snprintf(target, sizeof(target), "%s/metrics", url);
	snprintf(line, sizeof(line), "\n%s ", name);
	curl_easy_setopt(c, CURLOPT_URL, target);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	if (curl_easy_perform(c) == CURLE_OK && b.buf && (at = strstr(b.buf, line)) != NULL) {
		char num[32];
		snprintf(num, sizeof(num), "%.*s", (int)strcspn(at + strlen(line), "\n."),
			 at + strlen(line));
		if (antre_parse_i64(num, INT64_MIN, INT64_MAX, &v) < 0)
			v = -1;
	}
	free(b.buf);
	curl_easy_cleanup(c);
	return (long long)v;
}

/* Poll (every 20 ms, up to 10 min) until the gauge has the value; seconds it took. */
static double wait_gauge(const char *url, const char *name, long long want)
{
	double t0 = mono_ms();
	struct timespec ts = { 0, 20000000 };

	while (gauge(url, name) != want) {
		if (mono_ms() - t0 > 600000) {
			fprintf(stderr, "bench-export: %s never became %lld\n", name, want);
			exit(1);
		}
		nanosleep(&ts, NULL);
	}
	return (mono_ms() - t0) / 1000.0;
}

/* n tickets one after another on one keep-alive connection; with a label, the median
 * and p90 of the answer time in ms are printed. */
static void issue_latency(const char *url, const char *label, int n)
{
	static double ms[ISSUES];
	char target[256];
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;

	snprintf(target, sizeof(target), "%s/api/v1/tickets", url);
	h = curl_slist_append(h, "Authorization: Bearer kiosk-test-token-0000");
	h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, target);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, "{\"service\":\"INFO\"}");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	for (int i = 0; i < n; i++) {
		double t0 = mono_ms();
		long code = 0;
		if (curl_easy_perform(c) != CURLE_OK ||
		    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK || code != 201) {
			fprintf(stderr, "bench-export: issue failed (%ld)\n", code);
			exit(1);
		}
		ms[i % ISSUES] = mono_ms() - t0;
	}
	if (label && n <= ISSUES) {
		qsort(ms, (size_t)n, sizeof(ms[0]), cmp_double);
		printf("issue latency, export %s, %d issues: median %.3f ms, p90 %.3f ms\n", label,
		       n, ms[n / 2], ms[n * 9 / 10]);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}

static void *issue_main(void *url)
{
	issue_latency(url, "on (catching up a backlog)", ISSUES);
	return NULL;
}

int main(int argc, char **argv)
{
	char url[128], cmd[1024], snippet[1024];
	int events = 100000;
	double t0, took;
	long long backlog;
	pthread_t issuer;
	pid_t pid;

	if (argc > 1 && antre_parse_int(argv[1], 1, 10000000, &events) < 0) {
		fprintf(stderr, "usage: antre-bench-export [EVENTS]\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "/tmp/export-bench-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);   /* figures in order with the shell's lines */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	shell("pg_init; pg_start; echo $pg_port > $work/port; pg_centre; office_config on bench;"
	      " cp $src/tests/fixtures/office.ini $work/off.ini");

	/* The same office, export off then on (the centre up, keeping pace). */
	pid = start_antred("off.ini", "off.db", url, sizeof(url));
	issue_latency(url, "off", ISSUES);
	stop_antred(pid);
	pid = start_antred("on.ini", "on.db", url, sizeof(url));
	issue_latency(url, "on (keeping pace)", ISSUES);

	/* The centre down while LIVE_BACKLOG tickets are issued; once it is back, issues
	 * are timed while the running antred's thread catches up. */
	shell("pg_stop fast");
	issue_latency(url, NULL, LIVE_BACKLOG);
	backlog = gauge(url, "antre_export_lag_events");
	shell("pg_start");
	wait_gauge(url, "antre_export_up", 1);
	pthread_create(&issuer, NULL, issue_main, url);
	took = wait_gauge(url, "antre_export_lag_events", 0);
	pthread_join(issuer, NULL);
	printf("live catch-up of %lld events once the centre was back (issuing meanwhile): "
	       "%.2f s, %.0f events/s\n", backlog, took, (double)backlog / took);
	stop_antred(pid);

	/* A week's backlog the centre never saw: the log of the run above, its events
	 * replaced by `events` synthetic issues over seven days. */
	snprintf(snippet, sizeof(snippet),
		 "cp $work/off.db $work/backlog.db; sqlite3 $work/backlog.db \"DELETE FROM events;"
		 " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO events(seq, day, at_ms, type, ticket, number, service, step,"
		 " priority, aux, kiosk, lang) SELECT i, '2026-11-2' || (i %% 7),"
		 " 1795600000000 + i * 6000, 'ticket.issued', printf('%%016x', i),"
		 " printf('H%%05d', i), 'INFO', 0, 0, i, 'lobby', 'id' FROM n\";"
		 " sed 's/office_id = bench/office_id = backlog/' $work/on.ini > $work/backlog.ini",
		 events);
	shell(snippet);
	snprintf(cmd, sizeof(cmd), ANTRE_BINARY_DIR "/firmware/antred/antred --export-once "
		 "--config %s/backlog.ini --db %s/backlog.db 2>%s/once.log", dir, dir, dir);
	t0 = mono_ms();
	if (system(cmd) != 0) {
		fprintf(stderr, "bench-export: --export-once failed (see %s/once.log)\n", dir);
		return 1;
	}
	took = (mono_ms() - t0) / 1000.0;
	printf("catch-up of %d backlog events (--export-once, batches of 500): %.2f s, "
	       "%.0f events/s\n", events, took, events / took);
	shell("psql_c central \"SELECT 'centre holds ' || count(*) || ' backlog events in '"
	      " || count(DISTINCT tableoid) || ' partition(s)' FROM events"
	      " WHERE office_id = 'backlog'\"; pg_stop fast");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench-export: could not remove %s\n", dir);
	curl_global_cleanup();
	return 0;
}
