/* antre-bench: prints figures for the queue engine and the durable event log.
 *   antre-bench [engine|store|http|journeys] [--dir DIR]
 *   antre-bench all [--dir DIR] [--runs N] [--json FILE] [--previous FILE]
 * all runs every part's benchmark (bench_all.c) and prints one table.
 * Figures, not pass/fail: machines are shared and noisy, so read the medians. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "config.h"
#include "core.h"
#include "number.h"
#include "queue.h"
#include "xmalloc.h"

static const char office[] =
	"[office]\nname = Bench\npriority_policy = 1in3\nnumber_width = 3\n"
	"[service S1]\nprefix = A\n[service S2]\nprefix = B\n[service S3]\nprefix = C\n"
	"[service S4]\nprefix = D\n[service S5]\nprefix = E\n[service S6]\nprefix = F\n"
	"[service S7]\nprefix = G\n[service S8]\nprefix = H\n"
	"[journey J]\nprefix = P\nsteps = S1, S2, S3, S4, S5, S6\n"
	"[counter 1]\nservices = S1\n[counter 2]\nservices = S1, S2, S3, S4, S5, S6, S7, S8\n"
	"[counter 3]\nservices = S2\n";

static antre_config_t cfg;

/* Deferred journeys (bench_journeys.c), on this office. */
void bench_journeys(const antre_config_t *office_cfg, const char *dir);

static double median(double *v, int n)
{
	bench_sort(v, n);
	return v[n / 2];
}

/* call-next + finish with 100,000 waiting, on a one-service and an eight-service counter. */
static void bench_engine(void)
{
	enum { WAITING = 100000, CYCLES = 20000 };
	antre_fake_clock_t fc;
	antre_events_t ev;
	double *call_us = xmalloc(CYCLES * sizeof(double));
	double *issue_us = xmalloc(CYCLES * sizeof(double));

	antre_events_init(&ev);
	for (int counter = 0; counter < 2; counter++) {
		antre_queue_t *q;
		const antre_ticket_t *t;
		double t0, total, p99;

		antre_fake_clock_init(&fc, 1795741200000LL, 7 * 3600, 1);
		q = antre_queue_create(&cfg, &fc.base);
		for (int i = 0; i < WAITING; i++) {
			fc.now_ms += 10;
			antre_queue_issue(q, &(antre_issue_t){ counter == 0 ? 0 : i % 8, -1, i % 10 == 0, -1, NULL, NULL }, &ev, &t);
			antre_events_clear(&ev);
		}
		t0 = bench_now_s();
		for (int i = 0; i < CYCLES; i++) {
			double c0;
			fc.now_ms += 10;
			/* keep the line at 100,000: one arrives per one served */
			c0 = bench_now_s();
			antre_queue_issue(q, &(antre_issue_t){ counter == 0 ? 0 : i % 8, -1, 0, -1, NULL, NULL }, &ev, &t);
			issue_us[i] = (bench_now_s() - c0) * 1e6;
			c0 = bench_now_s();
			antre_queue_counter(q, counter, ANTRE_ACT_CALL_NEXT, NULL, &ev, &t);
			call_us[i] = (bench_now_s() - c0) * 1e6;
			antre_queue_counter(q, counter, ANTRE_ACT_FINISH, NULL, &ev, &t);
			antre_events_clear(&ev);
		}
		total = bench_now_s() - t0;
		p99 = (median(call_us, CYCLES), call_us[CYCLES * 99 / 100]);
		median(issue_us, CYCLES);
		printf("engine: issue median %.2f us, p99 %.2f us (%d waiting)\n", issue_us[CYCLES / 2],
		       issue_us[CYCLES * 99 / 100], WAITING);
		printf("engine: counter serving %d service(s), %d waiting: %.0f issue+call-next+finish "
		       "cycles/s; call-next median %.2f us, p99 %.2f us\n",
		       counter == 0 ? 1 : 8, antre_queue_waiting(q, 0) + (counter ? 
		       antre_queue_waiting(q, 1) + antre_queue_waiting(q, 2) + antre_queue_waiting(q, 3) +
		       antre_queue_waiting(q, 4) + antre_queue_waiting(q, 5) + antre_queue_waiting(q, 6) +
		       antre_queue_waiting(q, 7) : 0),
		       CYCLES / total, call_us[CYCLES / 2], p99);
		antre_queue_destroy(q);
	}
	antre_events_free(&ev);
	free(call_us);
	free(issue_us);
}

typedef struct {
	antre_core_t *core;
	int n;
} writer_t;

static void *writer_main(void *p)
{
	writer_t *w = p;
	antre_result_t res;
	for (int i = 0; i < w->n; i++) {
		antre_core_issue(w->core, &(antre_issue_t){ i % 8, -1, 0, -1, NULL, NULL }, &res);
		if (res.rc != 0) {
			fprintf(stderr, "issue failed: %s\n", res.message);
			exit(1);
		}
	}
	return NULL;
}

static void fresh_db(const char *dir, char *db, size_t cap, const char *name)
{
	char side[600];
	snprintf(db, cap, "%s/%s", dir, name);
	unlink(db);
	snprintf(side, sizeof(side), "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db);
	unlink(side);
}

static void bench_durable(const char *dir, int writers, int each)
{
	antre_core_t *core = NULL;
	pthread_t th[64];
	writer_t w[64];
	antre_store_stats_t st;
	char db[512], err[512];
	double t0, dt;

	fresh_db(dir, db, sizeof(db), "bench-durable.db");
	if (antre_core_open(&cfg, db, antre_clock_system(), &core, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	t0 = bench_now_s();
	for (int i = 0; i < writers; i++) {
		w[i] = (writer_t){ core, each };
		pthread_create(&th[i], NULL, writer_main, &w[i]);
	}
	for (int i = 0; i < writers; i++)
		pthread_join(th[i], NULL);
	dt = bench_now_s() - t0;
	antre_store_stats(antre_core_store(core), &st);
	printf("store: %d writer(s): %.0f durable issues/s (%d issues, %llu commits, %.1f "
	       "events/commit, mean commit %.3f ms)\n",
	       writers, writers * each / dt, writers * each, (unsigned long long)st.commits,
	       (double)st.events / (double)st.commits, st.latency_sum_ms / (double)st.commits);
	antre_core_close(core);
	fresh_db(dir, db, sizeof(db), "bench-durable.db");
}

/* A day of 50,000 events (issues, calls, finishes), then the time to open and replay. */
static void bench_replay(const char *dir)
{
	enum { RUNS = 5 };
	antre_fake_clock_t fc;
	antre_core_t *core = NULL;
	antre_result_t res;
	char db[512], err[512];
	double ms[RUNS];
	int64_t seq;

	memset(&res, 0, sizeof(res));   /* the first issue reads res.seq */
	fresh_db(dir, db, sizeof(db), "bench-replay.db");
	antre_fake_clock_init(&fc, 1795741200000LL, 7 * 3600, 3);
	if (antre_core_open(&cfg, db, &fc.base, &core, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	do {
		fc.now_ms += 100;
		antre_core_issue(core, &(antre_issue_t){ res.seq % 3 == 0 ? -1 : 0,
						  res.seq % 3 == 0 ? 0 : -1, 0, -1, NULL, NULL }, &res);
		antre_core_counter(core, 0, ANTRE_ACT_CALL_NEXT, NULL, &res);
		antre_core_counter(core, 1, ANTRE_ACT_CALL_NEXT, NULL, &res);
	} while (res.seq < 50000);
	seq = res.seq;
	antre_core_close(core);
	for (int r = 0; r < RUNS; r++) {
		size_t aside;
		double t0 = bench_now_s();
		if (antre_core_open(&cfg, db, &fc.base, &core, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s\n", err);
			exit(1);
		}
		ms[r] = (bench_now_s() - t0) * 1e3;
		if (r == 0)
			printf("replay: %zu of %lld events applied per open\n",
			       antre_core_replay_report(core, &aside)->applied, (long long)seq);
		antre_core_close(core);
	}
	printf("replay: open + replay of %lld events: median %.1f ms over %d runs\n",
	       (long long)seq, median(ms, RUNS), RUNS);
	fresh_db(dir, db, sizeof(db), "bench-replay.db");
}

int main(int argc, char **argv)
{
	const char *what = "all", *dir = ".", *json = "antre-bench.json", *previous = NULL;
	char err[512];
	struct rusage ru;
	int runs = 3;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
			json = argv[++i];
		else if (strcmp(argv[i], "--previous") == 0 && i + 1 < argc)
			previous = argv[++i];
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc &&
			 antre_parse_int(argv[i + 1], 1, 9, &runs) == 0)
			i++;
		else if (argv[i][0] != '-')
			what = argv[i];
		else {
			fprintf(stderr, "usage: antre-bench [engine|store|http|journeys|machine] [--dir DIR]\n"
				"       antre-bench all [--dir DIR] [--runs 1-9] [--json FILE] "
				"[--previous FILE]\n");
			return 2;
		}
	}
	if (strcmp(what, "all") == 0)
		return bench_all(ANTRE_BINARY_DIR, dir, runs, json, previous);
	if (antre_config_parse(office, strlen(office), "bench.ini", ".", &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (strcmp(what, "engine") == 0)
		bench_engine();
	if (strcmp(what, "store") == 0) {
		bench_durable(dir, 1, 3000);
		bench_durable(dir, 8, 3000);
		bench_replay(dir);
	}
	if (strcmp(what, "http") == 0)
		bench_http(dir);
	if (strcmp(what, "journeys") == 0)
		bench_journeys(&cfg, dir);
	if (strcmp(what, "machine") == 0)
		bench_machine();
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS: %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
	return 0;
}
