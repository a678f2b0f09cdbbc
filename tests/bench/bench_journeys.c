/* antre-bench journeys: what 100,000 deferred journeys cost (issue 13 item 5).
 *  - call-next and issue medians with none and with 100,000 deferred journeys stored
 *    in the engine (kept apart from today's tickets: the line never sees them);
 *  - open + replay of a month of events with deferred journeys in the real store
 *    (the pre-pass that rebuilds them from before the day the replay starts at). */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "core.h"
#include "queue.h"
#include "store.h"
#include "xmalloc.h"

#define DAY_MS (86400 * 1000LL)

/* Office day of the fake clock, plus days, "YYYY-MM-DD". */
static void day_plus(const antre_queue_t *q, int64_t now_ms, int days, char out[16])
{
	antre_queue_day_of(q, now_ms + days * DAY_MS, out);
}

/* n journeys issued, called at S1 and deferred to `back` days later. */
static void defer_many(antre_queue_t *q, antre_fake_clock_t *fc, int n, int back,
		       antre_events_t *keep, antre_events_t *ev)
{
	const antre_ticket_t *t;
	char arg[32];

	day_plus(q, fc->now_ms, back, arg);
	for (int i = 0; i < n; i++) {
		fc->now_ms += 10;
		antre_queue_issue(q, &(antre_issue_t){ -1, 0, 0, -1, NULL, NULL }, ev, &t);
		antre_queue_counter(q, 0, ANTRE_ACT_CALL_NEXT, NULL, ev, &t);
		antre_queue_counter(q, 0, ANTRE_ACT_DEFER, arg, ev, &t);
		for (size_t k = 0; keep && k < ev->n; k++)
			antre_events_push(keep, &ev->v[k]);
		antre_events_clear(ev);
	}
}

static void engine_with(const antre_config_t *cfg, int deferred)
{
	enum { WAITING = 10000, CYCLES = 20000 };
	double *call_us = xmalloc(CYCLES * sizeof(double)), *issue_us = xmalloc(CYCLES * sizeof(double));
	antre_fake_clock_t fc;
	antre_events_t ev;
	const antre_ticket_t *t;
	antre_queue_t *q;

	antre_events_init(&ev);
	antre_fake_clock_init(&fc, 1795741200000LL, 7 * 3600, 1);
	q = antre_queue_create(cfg, &fc.base);
	defer_many(q, &fc, deferred, 60, NULL, &ev);
	fc.now_ms += DAY_MS;   /* the next day: the deferred are no ticket of today */
	antre_queue_tick(q, &ev);
	for (int i = 0; i < WAITING; i++) {
		fc.now_ms += 10;
		antre_queue_issue(q, &(antre_issue_t){ 0, -1, i % 10 == 0, -1, NULL, NULL }, &ev, &t);
	}
	antre_events_clear(&ev);
	for (int i = 0; i < CYCLES; i++) {
		double c0;
		fc.now_ms += 10;
		c0 = bench_now_s();
		antre_queue_issue(q, &(antre_issue_t){ 0, -1, 0, -1, NULL, NULL }, &ev, &t);
		issue_us[i] = (bench_now_s() - c0) * 1e6;
		c0 = bench_now_s();
		antre_queue_counter(q, 0, ANTRE_ACT_CALL_NEXT, NULL, &ev, &t);
		call_us[i] = (bench_now_s() - c0) * 1e6;
		antre_queue_counter(q, 0, ANTRE_ACT_FINISH, NULL, &ev, &t);
		antre_events_clear(&ev);
	}
	bench_sort(call_us, CYCLES);
	bench_sort(issue_us, CYCLES);
	printf("journeys: %6d deferred stored, %d waiting: issue median %.2f us (p99 %.2f), "
	       "call-next median %.2f us (p99 %.2f)\n", antre_queue_deferral_count(q), WAITING,
	       issue_us[CYCLES / 2], issue_us[CYCLES * 99 / 100], call_us[CYCLES / 2],
	       call_us[CYCLES * 99 / 100]);
	antre_queue_destroy(q);
	antre_events_free(&ev);
	free(call_us);
	free(issue_us);
}

/* Every journey due back today comes back, is called at its desk and served there. */
static void serve_returns(antre_queue_t *q, antre_fake_clock_t *fc, antre_events_t *ev)
{
	const antre_ticket_t *t;

	for (int i = 0; i < antre_queue_deferral_count(q); i++) {
		const antre_deferral_t *r = antre_queue_deferral_at(q, i);
		char key[ANTRE_TICKET_ID_LEN + 1];
		if (r == NULL || r->resumed_id[0] || strcmp(r->return_on, antre_queue_day(q)) > 0)
			continue;
		antre_strlcpy(key, r->id, sizeof(key));
		fc->now_ms += 10;
		antre_queue_resume(q, key, &(antre_issue_t){ -1, -1, 0, -1, NULL, NULL }, ev, &t);
		antre_queue_counter(q, 0, ANTRE_ACT_CALL_NEXT, NULL, ev, &t);
		antre_queue_counter(q, 0, ANTRE_ACT_FINISH, NULL, ev, &t);
	}
}

/* Write every event to a new store at db, in batches. */
static void store_all(const antre_config_t *cfg, const char *db, const antre_events_t *all)
{
	antre_store_t *st;
	char err[512];

	if (antre_store_open(db, cfg, &st, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	for (size_t k = 0; k < all->n; k += 20000)
		antre_store_wait(st, antre_store_submit(st, all->v + k,
							all->n - k < 20000 ? all->n - k : 20000));
	antre_store_close(st);
}

/* 30 office days: each defers 3,334 journeys (100,000 in all; a quarter come back
 * after 7 days and are resumed and served, the rest after 45), plus 300 ordinary
 * tickets served. The events go to a real store; then open + replay is timed. */
static void month_replay(const antre_config_t *cfg, const char *dir)
{
	enum { DAYS = 30, PER_DAY = 3334, RUNS = 3 };
	antre_fake_clock_t fc;
	antre_events_t all, ev;
	antre_queue_t *q;
	antre_core_t *core;
	char db[512], err[512], cmd[2200];
	double ms[RUNS];
	const antre_ticket_t *t;
	size_t aside;
	int deferred;

	snprintf(db, sizeof(db), "%s/bench-journeys.db", dir);
	snprintf(cmd, sizeof(cmd), "rm -f '%s' '%s-wal' '%s-shm' '%s.lock'", db, db, db, db);
	if (system(cmd) != 0)
		return;
	antre_events_init(&all);
	antre_events_init(&ev);
	antre_fake_clock_init(&fc, 1795741200000LL, 7 * 3600, 2);
	q = antre_queue_create(cfg, &fc.base);
	for (int d = 0; d < DAYS; d++) {
		serve_returns(q, &fc, &ev);
		for (int i = 0; i < 300; i++) {
			fc.now_ms += 10;
			antre_queue_issue(q, &(antre_issue_t){ 2, -1, 0, -1, NULL, NULL }, &ev, &t);
			antre_queue_counter(q, 2, ANTRE_ACT_CALL_NEXT, NULL, &ev, &t);
			antre_queue_counter(q, 2, ANTRE_ACT_FINISH, NULL, &ev, &t);
		}
		for (size_t k = 0; k < ev.n; k++)
			antre_events_push(&all, &ev.v[k]);
		antre_events_clear(&ev);
		defer_many(q, &fc, PER_DAY / 4, 7, &all, &ev);
		defer_many(q, &fc, PER_DAY - PER_DAY / 4, 45, &all, &ev);
		fc.now_ms += DAY_MS - (int64_t)PER_DAY * 10 - 3000;
		antre_queue_tick(q, &ev);
		for (size_t k = 0; k < ev.n; k++)
			antre_events_push(&all, &ev.v[k]);
		antre_events_clear(&ev);
	}
	deferred = 0;
	for (int i = 0; i < antre_queue_deferral_count(q); i++)
		deferred += antre_queue_deferral_at(q, i) != NULL;
	store_all(cfg, db, &all);
	for (int r = 0; r < RUNS; r++) {
		double t0 = bench_now_s();
		if (antre_core_open(cfg, db, &fc.base, &core, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s\n", err);
			exit(1);
		}
		ms[r] = (bench_now_s() - t0) * 1e3;
		if (r == 0)
			printf("journeys: a month of %zu events, %d journeys deferred at its end: "
			       "%zu events applied per open, %d deferred rebuilt\n", all.n, deferred,
			       antre_core_replay_report(core, &aside)->applied,
			       antre_queue_deferral_count(antre_core_read_begin(core)));
		if (r == 0)
			antre_core_read_end(core);
		antre_core_close(core);
	}
	bench_sort(ms, RUNS);
	printf("journeys: open + replay of that month: median %.1f ms over %d runs\n", ms[RUNS / 2],
	       RUNS);
	antre_queue_destroy(q);
	antre_events_free(&all);
	antre_events_free(&ev);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", db);
}

void bench_journeys(const antre_config_t *cfg, const char *dir);

void bench_journeys(const antre_config_t *cfg, const char *dir)
{
	engine_with(cfg, 0);
	engine_with(cfg, 100000);
	month_replay(cfg, dir);
}
