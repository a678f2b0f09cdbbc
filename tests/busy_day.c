/* A busy LTSA day (issue 15, item 1), seeded and reproducible: 2,000 applicants (a
 * third on the CPMI journey) arriving with a peak from 08:00 to 10:00, 10 counters
 * with service times per service, no-shows, recalls, transfers, cancellations after a
 * print failure, lunch pauses, and 20 subscribers on the event stream. It drives the
 * real antred over HTTP as fast as it answers, on an office clock that the workload
 * steps (antred's ANTRE_TEST_CLOCK, a mapped file: frozen between steps), so every
 * timestamp of the day is the one the script says. (libfaketime, which the tests of the
 * clock itself use, re-reads a file at each of antred's time calls: with the clock file
 * rewritten once a step, that was a third of the day's CPU time.) Then it checks from outside: every applicant's end state, unique
 * numbers, one call per step, every subscriber saw every call in order once, and the
 * daily report equals what the workload computed itself. Prints the wall time.
 * A clerk ends a visit with "call next", which finishes the ticket held and calls the
 * next one (or nobody, 204, when none waits) in one request: the contract's call-next,
 * the console's N key. "finish" is pressed alone only before the lunch pause.
 *   busy_day [--seed N] [--applicants N] [--subscribers N] [--kills N] [--disk-full N]
 *            [--waves 0|1] [--cpu N] [--db-dir DIR]
 * --kills N: kill -9 antred before N seeded requests and restart it at once (item 2).
 * --disk-full N: N times, the log's disk fills up (RLIMIT_FSIZE) until a write fails.
 * --cpu N: the whole day, antred and this program with all their threads, on CPU N.
 * (default db dir: /dev/shm)
 *
 * --waves 1: the actions due in the same office second go side by side, each on its own
 * connections, as long as their footprints are disjoint (footprint(): the counter, the
 * service queues an action takes from or puts into, and the counters that serve a queue
 * it puts into, since it may wake one). A wave is the longest run of the second's due
 * actions, in the serial order, that are pairwise disjoint; the next one starts after
 * the whole wave is answered, and the clock moves only between waves. Disjoint actions
 * get the same answers in either order, and what they schedule is ordered by the
 * serial day's action order (cur_order), so the day (every call, number, fate and
 * timestamp) is the same as one request at a time; only the order in which one wave's
 * calls reach the stream is antred's, and every subscriber must see that same order.
 * By default, and with faults (--kills, --disk-full), every wave is one action: on two
 * shared cores waves measured no faster (docs/bench.md): 11,612 waves remain of 13,433
 * requests, and after a group of two antred's group commit waits up to 200 us for a
 * second writer that does not come. ctest runs a short day with waves (busy_day_waves). */
#define _GNU_SOURCE   /* sched_setaffinity */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "clock.h"
#include "daemon.h"
#include "number.h"
#include "test.h"

#define N_SERVICES 8
#define N_COUNTERS 10
#define N_SUBSCRIBERS 20
#define N_STEPS 6
#define MAX_APPLICANTS 20000
#define MAX_KILLS 100
#define DAY_START_S (7 * 3600 + 30 * 60)     /* office time of the first event */
#define LUNCH_S (30 * 60LL)
#define WALK_S 10                         /* from the call to the desk */
#define NEXT_S 2                          /* from one applicant to calling the next */
#define DAY_DATE "2026-12-02"
#define DAY_UTC_MIDNIGHT 1796144400LL      /* 2026-12-02 00:00 +07:00 */

static const struct {
	const char *id;
	char prefix;
	int mean_s;           /* how long a person takes at the desk, on average */
	int single_pct;       /* share of single-service applicants who come for it */
} services[N_SERVICES] = {
	{ "DISNAKER", 'A', 35, 22 }, { "DUKCAPIL", 'B', 50, 30 }, { "KESEHATAN", 'C', 60, 0 },
	{ "SKCK", 'D', 30, 0 },      { "IMIGRASI", 'E', 45, 15 }, { "BPJS", 'F', 25, 11 },
	{ "PAP", 'G', 35, 0 },       { "INFO", 'H', 25, 22 },
};
static const int cpmi_steps[N_STEPS] = { 0, 2, 3, 4, 5, 6 };
/* Which services each counter serves (bit per service), balanced for the day's load. */
static const unsigned counter_serves[N_COUNTERS] = {
	1u << 0 | 1u << 7, 1u << 0 | 1u << 1, 1u << 1 | 1u << 7, 1u << 2, 1u << 2 | 1u << 3,
	1u << 3 | 1u << 5, 1u << 4, 1u << 4 | 1u << 1, 1u << 5 | 1u << 6, 1u << 6 | 1u << 2,
};

typedef enum { FATE_DONE, FATE_NO_SHOW, FATE_CANCEL, FATE_RECALL, FATE_TRANSFER } fate_t;
static const char *const fate_state[] = { "done", "no_show", "cancelled", "done", "done" };

typedef struct {
	int64_t arrive_s;          /* office seconds since midnight */
	int journey;               /* on CPMI */
	int first;                 /* first service */
	int transfer_to;
	fate_t fate;
	int fate_step;             /* the visit the fate happens at */
	int svc_s[N_STEPS + 1];    /* service time of each visit */
	/* as the day goes */
	char id[40], number[16];
	int visit;                 /* visits begun (calls) */
	int service;               /* where it waits or is served now */
	int64_t ready_s;
	int final;                 /* ended (done, no-show, cancelled) */
} applicant_t;

typedef enum { PH_NONE, PH_CALLED, PH_SERVING } phase_t;
typedef struct {
	phase_t phase;
	int who;                   /* applicant held, -1 none */
	int recalled;
	int idle;                  /* got 204: waits to be woken */
	int paused;
	int64_t lunch_at;
	int lunch_done;
	int64_t started_s;
} counter_t;

typedef enum { A_ARRIVE, A_COUNTER, A_LUNCH } action_kind_t;
typedef struct {
	int64_t at;
	uint64_t order;            /* ties: in the order scheduled */
	action_kind_t kind;
	int arg;
} action_t;

/* What the workload computes for the report, the way the report defines it. */
typedef struct {
	int issued[N_SERVICES], served[N_SERVICES], no_show[N_SERVICES], cancelled[N_SERVICES];
	int64_t svc_ms[N_SERVICES];
	int *waits[N_SERVICES];
	int n_waits[N_SERVICES];
	int ctr_served[N_COUNTERS];
	int64_t ctr_ms[N_COUNTERS];
	int j_issued, j_completed;
	int per_hour[24];
} expect_t;

/* One subscriber's view of the stream. */
typedef struct {
	pthread_mutex_t lock;
	int64_t last_id, first_id;
	int gaps;                  /* ids that did not follow the one before */
	int links;                 /* connects (a restart of antred makes one more) */
	char (*calls)[16];         /* numbers of ticket.called, in stream order */
	int n_calls, cap_calls;
	antre_sse_t *sub;
} subscriber_t;

static struct {
	uint64_t rng;
	int n;
	applicant_t *a;
	counter_t c[N_COUNTERS];
	action_t *heap;
	int heap_n, heap_cap;
	int serial, parallel, waves, steps, worker_failed;
	uint64_t action_seq;       /* actions begun, in the order a serial day runs them */
	int64_t now_s;             /* the office clock (seconds since midnight) */
	char clock_path[300];
	int64_t *clock_ms;         /* the clock file, mapped: antred reads it at every call */
	antre_client_t *admin, *kiosk;
	char (*calls)[16];         /* numbers called, in the order the workload called them */
	int *call_wave;            /* the wave of each call: within one, any order */
	int n_calls;
	pthread_mutex_t lock;      /* the script's state, in wave mode (none of it while a
				    * request is out) */
	int requests;
	int finals;
	expect_t ex;
	subscriber_t subs[N_SUBSCRIBERS];
	subscriber_t stalled;      /* a display that stops reading all day, then reads */
	int stalled_fd;
	char dir[128];
	char url[64];
	char config[200], db[300];
	antred_t *d;
	int kill_at[MAX_KILLS];
	int n_kills, next_kill;
	int full_at[MAX_KILLS];
	int n_fulls, next_full, disk_full, disk_recoveries, full_at_start;
} day;

static uint64_t opt_seed = 20261202;
static int opt_subscribers = N_SUBSCRIBERS;
static int opt_applicants = 2000;
static const char *opt_db_dir = NULL;
static int opt_kills = 0;
static int opt_disk_full = 0;
static int opt_waves = 0;
static int opt_cpu = -1;         /* -1: the scheduler places every thread */

/* ---- seeded randomness ---- */
static uint64_t rnd(void)
{
	day.rng ^= day.rng << 13;
	day.rng ^= day.rng >> 7;
	day.rng ^= day.rng << 17;
	return day.rng;
}

static double unit(void)
{
	return (double)(rnd() >> 11) / (double)(1ull << 53);
}

/* A service time around mean: 40 % to 160 % of it, whole seconds. */
static int service_time(int mean)
{
	int s = (int)(mean * (0.4 + 1.2 * unit()));
	return s < 10 ? 10 : s;
}

/* ---- the script ---- */
static int64_t arrival_time(void)
{
	/* 60 % in the 08:00-10:00 peak, the rest from 07:45 to 14:00 */
	if (unit() < 0.6)
		return 8 * 3600LL + (int64_t)(unit() * 7200);
	return 7 * 3600 + 45 * 60 + (int64_t)(unit() * (14 * 3600 - (7 * 3600 + 45 * 60)));
}

static int pick_single(void)
{
	int r = (int)(unit() * 100), acc = 0;
	for (int s = 0; s < N_SERVICES; s++) {
		acc += services[s].single_pct;
		if (r < acc)
			return s;
	}
	return N_SERVICES - 1;
}

static void script_one(applicant_t *p)
{
	double f = unit();
	memset(p, 0, sizeof(*p));
	p->arrive_s = arrival_time();
	p->journey = unit() < 1.0 / 3.0;
	p->first = p->journey ? cpmi_steps[0] : pick_single();
	p->fate = f < 0.012 ? FATE_CANCEL : f < 0.052 ? FATE_NO_SHOW : f < 0.102 ? FATE_RECALL
		  : (!p->journey && f < 0.132) ? FATE_TRANSFER : FATE_DONE;
	p->fate_step = p->journey ? (int)(unit() * N_STEPS) : 0;
	p->transfer_to = p->first == 1 ? 7 : 1;   /* to DUKCAPIL, or from it to INFO */
	for (int k = 0; k < N_STEPS; k++)
		p->svc_s[k] = service_time(services[p->journey ? cpmi_steps[k] : p->first].mean_s);
	p->svc_s[N_STEPS] = service_time(services[p->transfer_to].mean_s);
}

static void script_day(uint64_t seed, int n)
{
	day.rng = seed * 2654435761u + 88172645463325252ull;
	day.n = n;
	day.a = calloc((size_t)n, sizeof(*day.a));
	day.calls = calloc((size_t)n * (N_STEPS + 2), sizeof(*day.calls));
	day.call_wave = calloc((size_t)n * (N_STEPS + 2), sizeof(*day.call_wave));
	for (int i = 0; i < n; i++)
		script_one(&day.a[i]);
	for (int c = 0; c < N_COUNTERS; c++) {
		day.c[c].who = -1;
		day.c[c].lunch_at = 11 * 3600 + 30 * 60 + (c % 3) * LUNCH_S;
	}
}

/* ---- the action queue (a binary heap on time, then order) ---- */
/* What a schedule() is ordered by among actions at the same time: the action that
 * scheduled it (in the serial day's order), then the order within that action. So the
 * queue comes out the same whether a wave's actions ran one after the other or side by
 * side. */
static _Thread_local uint64_t cur_order;
static int before(const action_t *x, const action_t *y)
{
	return x->at < y->at || (x->at == y->at && x->order < y->order);
}

static void schedule(int64_t at, action_kind_t kind, int arg)
{
	int i;
	if (day.heap_n == day.heap_cap) {
		day.heap_cap = day.heap_cap ? day.heap_cap * 2 : 4096;
		day.heap = realloc(day.heap, (size_t)day.heap_cap * sizeof(*day.heap));
	}
	i = day.heap_n++;
	day.heap[i] = (action_t){ at, cur_order++, kind, arg };
	while (i > 0 && before(&day.heap[i], &day.heap[(i - 1) / 2])) {
		action_t t = day.heap[i];
		day.heap[i] = day.heap[(i - 1) / 2];
		day.heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static action_t unschedule(void)
{
	action_t top = day.heap[0];
	int i = 0;
	day.heap[0] = day.heap[--day.heap_n];
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < day.heap_n && before(&day.heap[l], &day.heap[m]))
			m = l;
		if (r < day.heap_n && before(&day.heap[r], &day.heap[m]))
			m = r;
		if (m == i)
			break;
		action_t t = day.heap[i];
		day.heap[i] = day.heap[m];
		day.heap[m] = t;
		i = m;
	}
	return top;
}

/* ---- the office clock: antred reads this mapped file (frozen time) at every call ---- */
static void set_clock(int64_t office_s)
{
	if (office_s == day.now_s)
		return;
	if (office_s >= 24 * 3600LL)
		TEST_FAIL_("the office day ran past midnight: the script is more than 10 "
			   "counters can serve");
	day.now_s = office_s;
	day.steps++;
	__atomic_store_n(day.clock_ms, (DAY_UTC_MIDNIGHT + office_s) * 1000, __ATOMIC_RELEASE);
}

/* ---- HTTP ---- */
/* Each thread of a wave has its own connections; the main thread's are day.admin/kiosk. */
static _Thread_local antre_client_t *my_admin, *my_kiosk;
static _Thread_local jmp_buf *my_fail;   /* a wave's worker: where a failure goes */

/* Asserts belong to the main thread (tests/test.h): a worker says what failed and
 * ends its action; the main thread fails the test when the wave is over. */
static _Noreturn void day_fail(const char *what)
{
	if (my_fail == NULL)
		TEST_FAIL_("%s", what);
	fprintf(stderr, "busy_day: %s\n", what);
	day.worker_failed++;
	longjmp(*my_fail, 1);
}
static void maybe_kill(void);   /* the faults, below with antred's start */
static void disk_returns(void);

static int post(antre_client_t *c, const char *path, const char *body, json_t **out)
{
	char *resp = NULL;
	int status;
	maybe_kill();
	if (day.parallel)   /* the others of the wave may use the script meanwhile */
		pthread_mutex_unlock(&day.lock);
	status = antre_client_request(c, "POST", path, body, &resp);
	if (day.parallel)
		pthread_mutex_lock(&day.lock);
	day.requests++;
	if (day.disk_full && (status == 503 || status == ANTRE_CLIENT_UNREACHABLE)) {
		/* the log could not be written: nothing was changed; space comes back */
		free(resp);
		resp = NULL;
		disk_returns();
		status = antre_client_request(c, "POST", path, body, &resp);
	}
	if (status < 200 || status >= 300) {
		fprintf(stderr, "busy_day: POST %s %s -> %d %s (at %02d:%02d:%02d)\n", path,
			body ? body : "", status, resp ? resp : "", (int)(day.now_s / 3600),
			(int)(day.now_s / 60 % 60), (int)(day.now_s % 60));
		free(resp);
		day_fail("unexpected answer");
	}
	if (out)
		*out = status == 204 ? NULL : json_loads(resp, 0, NULL);
	free(resp);
	return status;
}

static int counter_post(int c, const char *action, const char *body, json_t **out)
{
	char path[80];
	snprintf(path, sizeof(path), "/api/v1/counters/%d/%s", c + 1, action);
	return post(my_admin, path, body, out);
}

/* Where each number given today went: [prefix - 'A'][its sequence] = applicant + 1. */
static int by_number[26][MAX_APPLICANTS + 1];

static int *number_slot(const char *number)
{
	int64_t seq;
	if (number == NULL || number[0] < 'A' || number[0] > 'Z' ||
	    antre_parse_i64(number + 1, 1, MAX_APPLICANTS, &seq) < 0)
		return NULL;
	return &by_number[number[0] - 'A'][seq];
}

static int find_number(const char *number)
{
	int *slot = number_slot(number);
	int i = slot ? *slot - 1 : -1;
	return i >= 0 && strcmp(day.a[i].number, number) == 0 ? i : -1;
}

/* A ticket is ready at service s: wake one idle counter serving it. */
static void ready_at(applicant_t *p, int s, int64_t t)
{
	p->service = s;
	p->ready_s = t;
	for (int c = 0; c < N_COUNTERS; c++)
		if (day.c[c].idle && (counter_serves[c] >> s & 1u)) {
			day.c[c].idle = 0;
			schedule(t, A_COUNTER, c);
			return;
		}
}

static void end_applicant(applicant_t *p)
{
	p->final = 1;
	day.finals++;
}

static void push_wait(int s, int w)
{
	expect_t *e = &day.ex;
	e->waits[s] = realloc(e->waits[s], (size_t)(e->n_waits[s] + 1) * sizeof(int));
	e->waits[s][e->n_waits[s]++] = w;
}

static void do_cancel(int i)
{
	applicant_t *p = &day.a[i];
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/tickets/%s/cancel", p->id);
	post(my_kiosk, path, "{\"reason\":\"print_failed\"}", NULL);
	day.ex.cancelled[p->service]++;
	end_applicant(p);
}

static void do_arrive(int i)
{
	applicant_t *p = &day.a[i];
	json_t *t = NULL;
	char body[80];
	int64_t local = p->arrive_s;
	int *slot;

	if (p->journey)
		snprintf(body, sizeof(body), "{\"journey\":\"CPMI\"}");
	else
		snprintf(body, sizeof(body), "{\"service\":\"%s\"}", services[p->first].id);
	post(my_kiosk, "/api/v1/tickets", body, &t);
	if (t == NULL)
		day_fail("an issued ticket came without a body");
	snprintf(p->id, sizeof(p->id), "%s", json_string_value(json_object_get(t, "id")));
	snprintf(p->number, sizeof(p->number), "%s",
		 json_string_value(json_object_get(t, "number")));
	json_decref(t);
	slot = number_slot(p->number);
	if (slot == NULL)
		day_fail("an issued ticket's number is not a letter and a sequence the day can "
			 "file (1 to MAX_APPLICANTS)");
	if (*slot != 0)
		day_fail("antred gave a number twice");
	*slot = i + 1;
	if (p->journey)
		day.ex.j_issued++;
	else
		day.ex.issued[p->first]++;
	day.ex.per_hour[local / 3600]++;
	if (p->fate == FATE_CANCEL) {
		/* the kiosk's printer failed on this one: it cancels at once, before any
		 * counter can call a ticket nobody holds */
		p->service = p->first;
		do_cancel(i);
		return;
	}
	ready_at(p, p->first, day.now_s);
}

/* The counter's lunch pause is due at office time t. */
static int lunch_due(const counter_t *k, int64_t t)
{
	return !k->lunch_done && t >= k->lunch_at;
}

/* The counter's "call next" answered: the applicant it called walks to the desk. */
static void called(int c, json_t *r)
{
	counter_t *k = &day.c[c];
	applicant_t *p;
	int i = find_number(json_string_value(json_object_get(json_object_get(r, "ticket"),
							      "number")));
	json_decref(r);
	if (i < 0)
		day_fail("call-next called a number nobody was given");
	p = &day.a[i];
	day.call_wave[day.n_calls] = day.waves;
	snprintf(day.calls[day.n_calls++], sizeof(day.calls[0]), "%s", p->number);
	push_wait(p->service, (int)(day.now_s - p->ready_s));
	k->who = i;
	k->phase = PH_CALLED;
	k->recalled = 0;
	p->visit++;
	schedule(day.now_s + WALK_S, A_COUNTER, c);   /* the walk to the desk */
}

/* An idle counter (no ticket): lunch, or call the next one. */
static void counter_next(int c)
{
	counter_t *k = &day.c[c];
	json_t *r = NULL;

	if (k->paused) {
		counter_post(c, "open", NULL, NULL);
		k->paused = 0;
	} else if (lunch_due(k, day.now_s)) {
		counter_post(c, "pause", NULL, NULL);
		k->paused = 1;
		k->lunch_done = 1;
		schedule(day.now_s + LUNCH_S, A_COUNTER, c);
		return;
	}
	if (counter_post(c, "call-next", NULL, &r) == 204) {
		k->idle = 1;
		return;
	}
	called(c, r);
}

/* The ticket is finished at this desk: the next step waits, or the applicant leaves.
 * A clerk who is not off to lunch ends the visit the way the console's N key does:
 * "call next" finishes the ticket held and calls the next one, in one request (the
 * contract's call-next; 204 when nobody waits, the ticket finished all the same). */
static void finish_visit(int c, applicant_t *p)
{
	counter_t *k = &day.c[c];
	int64_t took_ms = (day.now_s - k->started_s) * 1000;
	int next = !lunch_due(k, day.now_s);
	json_t *r = NULL;
	int status = counter_post(c, next ? "call-next" : "finish", NULL, next ? &r : NULL);

	day.ex.served[p->service]++;
	day.ex.svc_ms[p->service] += took_ms;
	day.ex.ctr_served[c]++;
	day.ex.ctr_ms[c] += took_ms;
	if (p->journey && p->visit < N_STEPS) {
		ready_at(p, cpmi_steps[p->visit], day.now_s);
	} else {
		if (p->journey)
			day.ex.j_completed++;
		end_applicant(p);
	}
	k->phase = PH_NONE;
	k->who = -1;
	if (!next)
		schedule(day.now_s + NEXT_S, A_COUNTER, c);   /* then the lunch pause */
	else if (status == 204)
		k->idle = 1;
	else
		called(c, r);
}

/* The counter holding applicant p: one step of what the script says for this visit. */
static void counter_step(int c)
{
	counter_t *k = &day.c[c];
	applicant_t *p = &day.a[k->who];
	int here = p->visit - 1 == p->fate_step;
	int svc = p->svc_s[p->fate == FATE_TRANSFER && p->visit == 2 ? N_STEPS : p->visit - 1];

	if (k->phase == PH_CALLED) {
		if ((p->fate == FATE_RECALL || p->fate == FATE_NO_SHOW) && here && !k->recalled) {
			counter_post(c, "recall", NULL, NULL);
			k->recalled = 1;
			schedule(day.now_s + 45, A_COUNTER, c);
			return;
		}
		if (p->fate == FATE_NO_SHOW && here) {
			counter_post(c, "no-show", NULL, NULL);
			day.ex.no_show[p->service]++;
			end_applicant(p);
		} else {
			counter_post(c, "start", NULL, NULL);
			k->phase = PH_SERVING;
			k->started_s = day.now_s;
			schedule(day.now_s + (p->fate == FATE_TRANSFER && p->visit == 1 ? svc / 2 : svc),
				 A_COUNTER, c);
			return;
		}
	} else if (p->fate == FATE_TRANSFER && p->visit == 1) {
		char body[64];
		snprintf(body, sizeof(body), "{\"service\":\"%s\"}", services[p->transfer_to].id);
		counter_post(c, "transfer", body, NULL);
		ready_at(p, p->transfer_to, day.now_s);
	} else {
		finish_visit(c, p);
		return;
	}
	k->phase = PH_NONE;
	k->who = -1;
	schedule(day.now_s + NEXT_S, A_COUNTER, c);
}

static void run_action(const action_t *a)
{
	switch (a->kind) {
	case A_ARRIVE:
		do_arrive(a->arg);
		break;
	case A_LUNCH:
		if (day.c[a->arg].idle) {   /* an idle counter goes to lunch at once */
			day.c[a->arg].idle = 0;
			counter_next(a->arg);
		}
		break;
	case A_COUNTER:
		if (day.c[a->arg].who >= 0)
			counter_step(a->arg);
		else
			counter_next(a->arg);
		break;
	}
}

/* ---- waves: the actions of one office second that cannot affect each other ---- */
#define FP_CTR(c) (1u << (N_SERVICES + (c)))   /* below: one bit per service */
#define FP_JOURNEY (1u << (N_SERVICES + N_COUNTERS))
#define MAX_WAVE (N_COUNTERS + N_SERVICES)

/* A service's queue and the counters that serve it (ready_at may wake one of them). */
static unsigned queue_of(int s)
{
	unsigned fp = 1u << s;
	for (int c = 0; c < N_COUNTERS; c++)
		if (counter_serves[c] >> s & 1u)
			fp |= FP_CTR(c);
	return fp;
}

/* What an action reads or changes, in the office and in the script: its counter, and
 * the queues it takes from or puts into. Two actions whose footprints are disjoint give
 * the same answers and leave the same state in either order. */
static unsigned footprint(const action_t *a)
{
	const counter_t *k = a->kind == A_ARRIVE ? NULL : &day.c[a->arg];
	const applicant_t *p;

	if (a->kind == A_ARRIVE) {   /* its service's queue and its prefix's numbers */
		p = &day.a[a->arg];
		return queue_of(p->first) | (p->journey ? FP_JOURNEY : 0);
	}
	if (a->kind == A_LUNCH && !k->idle)   /* nothing to do */
		return FP_CTR(a->arg);
	if (k->who < 0)   /* call-next: the queues of its services */
		return FP_CTR(a->arg) | counter_serves[a->arg];
	p = &day.a[k->who];
	if (k->phase == PH_SERVING && p->fate == FATE_TRANSFER && p->visit == 1)
		return FP_CTR(a->arg) | queue_of(p->transfer_to);
	if (k->phase == PH_SERVING) {   /* finish, or call-next: and the queues it calls from */
		/* at the action's own second: the clock moves to the wave's after this */
		unsigned fp = FP_CTR(a->arg) | (lunch_due(k, a->at) ? 0 : counter_serves[a->arg]);
		return fp | (p->journey && p->visit < N_STEPS ? queue_of(cpmi_steps[p->visit]) : 0);
	}
	return FP_CTR(a->arg);   /* recall, start, no-show: its own ticket */
}

/* The next wave: the actions due first, in order, as long as each one's footprint is
 * disjoint from those before it in the wave (the first that is not ends the wave). */
static int next_wave(action_t *w)
{
	unsigned used = 0;
	int n = 0;
	int64_t at = day.heap[0].at;
	while (day.heap_n > 0 && day.heap[0].at == at && n < MAX_WAVE &&
	       (n == 0 || !day.serial)) {
		unsigned fp = footprint(&day.heap[0]);
		if (used & fp)
			break;
		used |= fp;
		w[n++] = unschedule();
	}
	return n;
}

/* A wave's other actions run on these, each on its own connections. */
typedef struct {
	pthread_t th;
	sem_t go;
	action_t a;
	uint64_t order;
	int stop;
} worker_t;
static worker_t workers[MAX_WAVE - 1];
static sem_t wave_done;

static void *worker_main(void *arg)
{
	worker_t *w = arg;
	jmp_buf jb;
	my_admin = antre_client_create(day.url, "admin-busy-day-token-0", 10000);
	my_kiosk = antre_client_create(day.url, "kiosk-busy-day-token-0", 10000);
	my_fail = &jb;
	for (;;) {
		sem_wait(&w->go);
		if (w->stop)
			break;
		pthread_mutex_lock(&day.lock);
		if (setjmp(jb) == 0) {
			cur_order = w->order;
			run_action(&w->a);
		}
		pthread_mutex_unlock(&day.lock);
		sem_post(&wave_done);
	}
	antre_client_destroy(my_admin);
	antre_client_destroy(my_kiosk);
	return NULL;
}

static void workers_start(void)
{
	pthread_mutex_init(&day.lock, NULL);
	sem_init(&wave_done, 0, 0);
	for (int i = 0; i < MAX_WAVE - 1 && day.parallel; i++) {
		sem_init(&workers[i].go, 0, 0);
		pthread_create(&workers[i].th, NULL, worker_main, &workers[i]);
	}
	pthread_mutex_lock(&day.lock);
}

static void workers_stop(void)
{
	pthread_mutex_unlock(&day.lock);
	for (int i = 0; i < MAX_WAVE - 1 && day.parallel; i++) {
		workers[i].stop = 1;
		sem_post(&workers[i].go);
		pthread_join(workers[i].th, NULL);
		sem_destroy(&workers[i].go);
	}
	day.parallel = 0;   /* the rest of the day is the main thread's, without the lock */
	sem_destroy(&wave_done);
	pthread_mutex_destroy(&day.lock);
}

/* One wave, at its office second: the first action here, the others side by side on
 * the workers, each ordered as the serial day would have run it. */
static void run_wave(const action_t *w, int n)
{
	uint64_t base = day.action_seq;
	set_clock(w[0].at);
	day.waves++;
	day.action_seq += (uint64_t)n;
	for (int i = 1; i < n; i++) {
		workers[i - 1].a = w[i];
		workers[i - 1].order = (base + 1 + (uint64_t)i) << 16;
		sem_post(&workers[i - 1].go);
	}
	cur_order = (base + 1) << 16;
	run_action(&w[0]);
	pthread_mutex_unlock(&day.lock);
	for (int i = 1; i < n; i++)
		sem_wait(&wave_done);
	pthread_mutex_lock(&day.lock);
	if (day.worker_failed)
		TEST_FAIL_("%d action(s) of the wave at %02d:%02d:%02d failed", day.worker_failed,
			   (int)(day.now_s / 3600), (int)(day.now_s / 60 % 60), (int)(day.now_s % 60));
}

/* The whole day: counters open, applicants come, until everyone has left. */
static void run_day(void)
{
	action_t w[MAX_WAVE];
	cur_order = 0;
	for (int c = 0; c < N_COUNTERS; c++) {
		schedule(DAY_START_S + 25 * 60, A_COUNTER, c);
		schedule(day.c[c].lunch_at, A_LUNCH, c);
	}
	for (int i = 0; i < day.n; i++)
		schedule(day.a[i].arrive_s, A_ARRIVE, i);
	workers_start();
	while (day.heap_n > 0) {
		run_wave(w, next_wave(w));
		if (day.heap_n == 0 && day.finals < day.n) {
			/* nothing scheduled but someone still waits: wake every idle counter */
			cur_order = ++day.action_seq << 16;
			for (int c = 0; c < N_COUNTERS; c++)
				if (day.c[c].idle) {
					day.c[c].idle = 0;
					schedule(day.now_s + 60, A_COUNTER, c);
				}
			ASSERT_TRUE(day.heap_n > 0);
		}
	}
	workers_stop();
	ASSERT_EQ_INT(day.finals, day.n);
	set_clock(day.now_s + 60);
	for (int c = 0; c < N_COUNTERS; c++)
		counter_post(c, "close", NULL, NULL);
}

/* ---- the stream's subscribers ---- */
static void on_event(void *ctx, int64_t id, const char *event, const char *data)
{
	subscriber_t *s = ctx;
	pthread_mutex_lock(&s->lock);
	if (strcmp(event, "snapshot") == 0) {
		if (s->first_id < 0)
			s->first_id = id;
	} else if (s->last_id >= 0 && id != s->last_id + 1) {
		s->gaps++;
	}
	if (strcmp(event, "ticket.called") == 0) {
		const char *num = strstr(data, "\"number\":\"");
		if (s->n_calls == s->cap_calls) {
			s->cap_calls = s->cap_calls ? s->cap_calls * 2 : 1024;
			s->calls = realloc(s->calls, (size_t)s->cap_calls * sizeof(*s->calls));
		}
		s->calls[s->n_calls][0] = '\0';
		if (num)
			snprintf(s->calls[s->n_calls], sizeof(s->calls[0]), "%.*s",
				 (int)strcspn(num + 10, "\""), num + 10);
		s->n_calls++;
	}
	s->last_id = id;
	pthread_mutex_unlock(&s->lock);
}

static void on_link(void *ctx, int connected)
{
	subscriber_t *s = ctx;
	pthread_mutex_lock(&s->lock);
	s->links += connected;
	pthread_mutex_unlock(&s->lock);
}

static int64_t sub_last(subscriber_t *s)
{
	int64_t id;
	pthread_mutex_lock(&s->lock);
	id = s->last_id;
	pthread_mutex_unlock(&s->lock);
	return id;
}

static void start_subscribers(void)
{
	for (int i = 0; i < opt_subscribers; i++) {
		subscriber_t *s = &day.subs[i];
		pthread_mutex_init(&s->lock, NULL);
		s->last_id = s->first_id = -1;
		s->sub = antre_sse_start(day.url, -1, on_event, on_link, s);
	}
	for (int i = 0; i < opt_subscribers; i++)
		for (int waited = 0; sub_last(&day.subs[i]) < 0; waited += 5) {
			ASSERT_TRUE(waited < 10000);
			usleep(5000);
		}
}

static void check_one(subscriber_t *s, int i);   /* with the checks, below */

/* A subscriber that connects and then reads nothing (a hung display): a small receive
 * buffer, so antred's side fills within minutes of the day. HTTP/1.0, so the stream
 * comes unchunked and the parser reads it as it is (the head's lines are no SSE
 * fields it knows). */
static void stall_open(void)
{
	struct sockaddr_in sa;
	int small = 4096;
	char req[128];

	pthread_mutex_init(&day.stalled.lock, NULL);
	day.stalled.last_id = day.stalled.first_id = -1;
	day.stalled_fd = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_TRUE(day.stalled_fd >= 0);
	setsockopt(day.stalled_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)day.d->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ASSERT_TRUE(connect(day.stalled_fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	snprintf(req, sizeof(req), "GET /api/v1/events HTTP/1.0\r\nHost: x\r\n\r\n");
	ASSERT_TRUE(send(day.stalled_fd, req, strlen(req), 0) == (ssize_t)strlen(req));
}

/* The hung display wakes up: it reads until it has everything up to seq (bounded). */
static void stall_drain(int64_t seq)
{
	antre_sse_parser_t p;
	char buf[65536];
	int waited = 0, closed = 0;

	antre_sse_parser_init(&p);
	while (sub_last(&day.stalled) < seq && waited < 30000) {
		struct pollfd pfd = { day.stalled_fd, POLLIN, 0 };
		ssize_t n;
		if (poll(&pfd, 1, 100) <= 0) {
			waited += 100;
			continue;
		}
		n = recv(day.stalled_fd, buf, sizeof(buf), 0);
		if (n <= 0) {
			closed = 1;
			break;
		}
		antre_sse_parser_feed(&p, buf, (size_t)n, on_event, &day.stalled);
	}
	antre_sse_parser_free(&p);
	close(day.stalled_fd);
	printf("busy_day: the subscriber that read nothing all day then got events up to %lld "
	       "of %lld, %d calls%s\n", (long long)sub_last(&day.stalled), (long long)seq,
	       day.stalled.n_calls, closed ? "; its stream had ended (antred ends one that takes nothing for 60 s, and a "
	       "restart ends every stream)" : "");
	if (closed)   /* antred ends a stream that takes nothing for 60 s: by design */
		return;
	ASSERT_TRUE(sub_last(&day.stalled) >= seq);
	check_one(&day.stalled, -1);
}

/* Every subscriber has everything up to seq (bounded wait). */
static void wait_subscribers(int64_t seq)
{
	for (int i = 0; i < opt_subscribers; i++)
		for (int waited = 0; sub_last(&day.subs[i]) < seq; waited += 5) {
			if (waited >= 30000)
				TEST_FAIL_("subscriber %d is at %lld, not %lld", i,
					   (long long)sub_last(&day.subs[i]), (long long)seq);
			usleep(5000);
		}
}

static void *stop_one(void *arg)
{
	subscriber_t *s = arg;
	antre_sse_stop(s->sub);
	return NULL;
}

/* Each subscription takes up to a second to stop: stop them side by side. */
static void stop_subscribers(void)
{
	pthread_t th[N_SUBSCRIBERS];
	for (int i = 0; i < opt_subscribers; i++)
		pthread_create(&th[i], NULL, stop_one, &day.subs[i]);
	for (int i = 0; i < opt_subscribers; i++) {
		pthread_join(th[i], NULL);
		free(day.subs[i].calls);
		pthread_mutex_destroy(&day.subs[i].lock);
	}
}

/* ---- the office and antred ---- */
static void write_config(const char *path)
{
	FILE *f = fopen(path, "w");
	ASSERT_TRUE(f != NULL);
	fprintf(f, "[office]\nname = LTSA Busy Day\ntimezone = Asia/Jakarta\nreset_at = 00:00\n"
		"number_width = 3\npriority_policy = 1in3\n\n[server]\n"
		"admin_token = admin-busy-day-token-0\n\n");
	for (int s = 0; s < N_SERVICES; s++)
		fprintf(f, "[service %s]\nprefix = %c\nname = %s\nest_service_s = %d\n\n",
			services[s].id, services[s].prefix, services[s].id, services[s].mean_s);
	fprintf(f, "[journey CPMI]\nprefix = P\nname = Layanan Lengkap Calon PMI\nsteps = ");
	for (int k = 0; k < N_STEPS; k++)
		fprintf(f, "%s%s", k ? ", " : "", services[cpmi_steps[k]].id);
	fprintf(f, "\n\n");
	for (int c = 0; c < N_COUNTERS; c++) {
		int first = 1;
		fprintf(f, "[counter %d]\nname = Loket %d\nservices = ", c + 1, c + 1);
		for (int s = 0; s < N_SERVICES; s++)
			if (counter_serves[c] >> s & 1u) {
				fprintf(f, "%s%s", first ? "" : ", ", services[s].id);
				first = 0;
			}
		fprintf(f, "\ntoken = counter-%d-busy-day-token\n\n", c + 1);
	}
	fprintf(f, "[kiosk lobby]\ntoken = kiosk-busy-day-token-0\nprinter = file:/dev/null\n");
	fclose(f);
}

/* antred on the office clock, frozen at what the clock file says. listen: NULL for a
 * free port, else the address it had before (a restart). */
static int launch_antred(antred_t *d, const char *listen)
{
	setenv("TZ", "Asia/Jakarta", 1);
	setenv("ANTRE_TEST_CLOCK", day.clock_path, 1);
	return antred_start(d, day.dir, day.config, day.db, listen);
}

/* The clock file, in memory (/dev/shm) when there is one, mapped for set_clock. */
static void clock_file(char *path, size_t cap)
{
	struct stat st;
	int fd;
	void *p;

	if (stat("/dev/shm", &st) == 0)
		snprintf(path, cap, "/dev/shm/busy-day-clock-%d", (int)getpid());
	else
		snprintf(path, cap, "%s/clock", day.dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ASSERT_TRUE(fd >= 0);
	ASSERT_TRUE(ftruncate(fd, sizeof(int64_t)) == 0);
	p = mmap(NULL, sizeof(int64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_TRUE(p != MAP_FAILED);
	close(fd);
	day.clock_ms = p;
}

static int start_antred(antred_t *d, const char *db_dir)
{
	snprintf(day.config, sizeof(day.config), "%s/office.ini", day.dir);
	snprintf(day.db, sizeof(day.db), "%s/busy-day-%d.db", db_dir, (int)getpid());
	clock_file(day.clock_path, sizeof(day.clock_path));
	write_config(day.config);
	day.now_s = -1;
	set_clock(DAY_START_S);
	if (launch_antred(d, NULL) < 0)
		return -1;
	day.d = d;
	snprintf(day.url, sizeof(day.url), "%s", d->url);
	return 0;
}

/* Faults (issue 15, item 2): kill -9 before seeded requests, and restart at once on the
 * same log and port; the clients and subscribers carry on by themselves. */
static void plan_kills(int n, int fulls)
{
	uint64_t keep = day.rng;
	/* 6.7 requests an applicant on the default day, more on a quieter one (a counter
	 * asks more often for a next one it does not get), so the faults spread over the
	 * whole day; a seed whose day is shorter than that fails, saying so, below */
	int estimate = 6 * day.n;
	day.rng = opt_seed ^ 0x6b696c6c;
	day.n_kills = n;
	for (int k = 0; k < n; k++)
		day.kill_at[k] = (int)(((double)k + unit()) * estimate / n) + 1;
	day.n_fulls = fulls;
	for (int k = 0; k < fulls; k++)
		day.full_at[k] = (int)(((double)k + unit()) * estimate / fulls) + 1;
	day.rng = keep;
}

/* The disk fills (issue 15, item 2): antred is restarted with a file-size limit a
 * little above its log's size, so a write soon fails; the first refused request brings
 * the space back (a restart without the limit) and is sent again. A restart that
 * refuses to open the log on the full disk counts as a refusal too. */
static void fill_disk(void)
{
	struct stat st;
	struct rlimit keep, small;
	char listen[32], wal[320];
	off_t size;
	int rc;

	/* Half of what the files hold: SQLite writes the WAL from its start again after a
	 * checkpoint, so a limit past the files' ends might never be reached; this one is
	 * reached within one round of the WAL (or at the next checkpoint into the db). */
	size = stat(day.db, &st) == 0 ? st.st_size : 0;
	snprintf(wal, sizeof(wal), "%s-wal", day.db);
	if (stat(wal, &st) == 0 && st.st_size < size)
		size = st.st_size;
	size /= 2;

	snprintf(listen, sizeof(listen), "127.0.0.1:%d", day.d->port);
	antred_stop(day.d, SIGTERM);
	getrlimit(RLIMIT_FSIZE, &keep);
	small = keep;
	small.rlim_cur = (rlim_t)size + 4096;   /* inherited by antred; this process waits */
	setrlimit(RLIMIT_FSIZE, &small);
	rc = launch_antred(day.d, listen);
	setrlimit(RLIMIT_FSIZE, &keep);
	day.disk_full = 1;
	if (rc < 0) {   /* it refused to start on a full disk (and said so): room again */
		day.full_at_start++;
		disk_returns();
	}
}

static void disk_returns(void)
{
	char listen[32];
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", day.d->port);
	antred_stop(day.d, SIGKILL);   /* it may be stopping by itself: do not wait for it */
	if (launch_antred(day.d, listen) < 0)
		TEST_FAIL_("antred did not come back when the disk had room again");
	day.disk_full = 0;
	day.disk_recoveries++;
}

static void maybe_kill(void)
{
	char listen[32];
	if (day.next_full < day.n_fulls && day.requests >= day.full_at[day.next_full] &&
	    !day.disk_full) {
		day.next_full++;
		fill_disk();
	}
	/* a kill waits while the disk is full (its restart would bring the space back) */
	if (day.disk_full || day.next_kill >= day.n_kills ||
	    day.requests < day.kill_at[day.next_kill])
		return;
	day.next_kill++;
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", day.d->port);
	antred_stop(day.d, SIGKILL);
	if (launch_antred(day.d, listen) < 0)
		TEST_FAIL_("antred did not come back after kill -9 number %d", day.next_kill);
}

static void remove_db(const char *db_dir)
{
	static const char *const ext[] = { "", "-wal", "-shm", ".lock" };
	char path[320];
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/busy-day-%d.db%s", db_dir, (int)getpid(), ext[i]);
		unlink(path);
	}
}

/* ---- checks from outside ---- */
static int expected_visits(const applicant_t *p)
{
	switch (p->fate) {
	case FATE_CANCEL:
		return 0;
	case FATE_NO_SHOW:
		return p->journey ? p->fate_step + 1 : 1;
	case FATE_TRANSFER:
		return 2;
	case FATE_DONE:
	case FATE_RECALL:
		break;
	}
	return p->journey ? N_STEPS : 1;
}

/* Every applicant's ticket ended as scripted, read back one by one. */
static void check_applicants(void)
{
	int wrong = 0;
	for (int i = 0; i < day.n; i++) {
		applicant_t *p = &day.a[i];
		char path[80], *resp = NULL;
		json_t *t;
		const char *state;
		snprintf(path, sizeof(path), "/api/v1/tickets/%s", p->id);
		ASSERT_EQ_INT(antre_client_request(day.admin, "GET", path, NULL, &resp), 200);
		t = json_loads(resp, 0, NULL);
		free(resp);
		state = json_string_value(json_object_get(t, "state"));
		if (state == NULL || strcmp(state, fate_state[p->fate]) != 0 ||
		    p->visit != expected_visits(p)) {
			fprintf(stderr, "busy_day: %s ended %s after %d call(s), scripted %s after %d\n",
				p->number, state ? state : "?", p->visit, fate_state[p->fate],
				expected_visits(p));
			wrong++;
		}
		json_decref(t);
	}
	ASSERT_EQ_INT(wrong, 0);
}

/* Numbers are unique per prefix, and run 1..n without a hole. */
static void check_numbers(void)
{
	static char seen[26][MAX_APPLICANTS + 1];
	int top[26] = { 0 };
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < day.n; i++) {
		const char *num = day.a[i].number;
		int p = num[0] - 'A', v = 0;
		ASSERT_TRUE(p >= 0 && p < 26);
		ASSERT_TRUE(antre_parse_int(num + 1, 1, MAX_APPLICANTS, &v) == 0);
		if (seen[p][v])
			TEST_FAIL_("number %s was given twice", num);
		seen[p][v] = 1;
		top[p] = v > top[p] ? v : top[p];
	}
	for (int p = 0; p < 26; p++)
		for (int v = 1; v <= top[p]; v++)
			if (!seen[p][v])
				TEST_FAIL_("prefix %c skipped number %d", 'A' + p, v);
}

/* The calls of one wave, [k, end), are those the subscriber saw there, in any order
 * (side by side, they are committed in whichever order antred took them). */
static int same_wave(const subscriber_t *s, int k, int end)
{
	int used[MAX_WAVE] = { 0 };
	for (int j = k; j < end; j++) {
		int m = k;
		while (m < end && (used[m - k] || strcmp(s->calls[j], day.calls[m]) != 0))
			m++;
		if (m == end)
			return 0;
		used[m - k] = 1;
	}
	return 1;
}

/* Each ticket was called once per step, and every subscriber saw every call, in the
 * order they were made (within a wave: in the order the first subscriber saw, which
 * all must share), once, with no event missing in between. */
static void check_one(subscriber_t *s, int i)
{
	const subscriber_t *first = opt_subscribers > 0 && s != &day.subs[0] ? &day.subs[0] : NULL;
	pthread_mutex_lock(&s->lock);
	if (s->n_calls != day.n_calls || s->gaps != 0) {
		pthread_mutex_unlock(&s->lock);
		TEST_FAIL_("subscriber %d saw %d calls (the day made %d) and %d gap(s)", i,
			   s->n_calls, day.n_calls, s->gaps);
	}
	for (int k = 0, end; k < day.n_calls; k = end) {
		for (end = k + 1; end < day.n_calls && day.call_wave[end] == day.call_wave[k];)
			end++;
		if (!same_wave(s, k, end)) {
			pthread_mutex_unlock(&s->lock);
			TEST_FAIL_("subscriber %d: call %d was %s, the day called %s", i, k,
				   s->calls[k], day.calls[k]);
		}
		for (int j = k; first && j < end; j++)
			if (strcmp(s->calls[j], first->calls[j]) != 0) {
				pthread_mutex_unlock(&s->lock);
				TEST_FAIL_("subscriber %d: call %d was %s, subscriber 0 saw %s", i, j,
					   s->calls[j], first->calls[j]);
			}
	}
	pthread_mutex_unlock(&s->lock);
}

static void check_calls(void)
{
	int links = 0;
	for (int i = 0; i < opt_subscribers; i++)
		links += day.subs[i].links;
	if (opt_subscribers > 0)
		printf("busy_day: %d subscribers connected %d times in all over %d restart(s)\n",
		       opt_subscribers, links, day.next_kill);
	for (int i = 0; i < opt_subscribers; i++)
		check_one(&day.subs[i], i);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* Nearest rank, as the report states its percentiles. */
static int nearest_rank(const int *v, int n, int pct)
{
	int rank = (pct * n + 99) / 100;
	return n == 0 ? 0 : v[rank > 0 ? rank - 1 : 0];
}

static void expect_int(json_t *o, const char *key, long long want, const char *what)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v) || json_integer_value(v) != want)
		TEST_FAIL_("report %s %s is %lld, the workload counted %lld", what, key,
			   json_is_integer(v) ? (long long)json_integer_value(v) : -1LL, want);
}

static void check_report_services(json_t *rep)
{
	expect_t *e = &day.ex;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(rep, "services"), i, s) {
		int k = (int)i;
		int *w = e->waits[k], n = e->n_waits[k];
		ASSERT_EQ_STR(json_string_value(json_object_get(s, "id")), services[k].id);
		if (n > 0)
			qsort(w, (size_t)n, sizeof(int), cmp_int);
		expect_int(s, "issued", e->issued[k], services[k].id);
		expect_int(s, "served", e->served[k], services[k].id);
		expect_int(s, "no_show", e->no_show[k], services[k].id);
		expect_int(s, "cancelled", e->cancelled[k], services[k].id);
		expect_int(s, "wait_p50_s", nearest_rank(w, n, 50), services[k].id);
		expect_int(s, "wait_p90_s", nearest_rank(w, n, 90), services[k].id);
		expect_int(s, "wait_max_s", n ? w[n - 1] : 0, services[k].id);
		expect_int(s, "service_mean_s",
			   e->served[k] ? e->svc_ms[k] / e->served[k] / 1000 : 0, services[k].id);
	}
	ASSERT_EQ_INT(i, N_SERVICES);
}

static void check_report(void)
{
	char *resp = NULL, key[8];
	json_t *rep, *c, *hours;
	size_t i;

	ASSERT_EQ_INT(antre_client_request(day.admin, "GET",
					   "/api/v1/reports/daily?date=" DAY_DATE, NULL, &resp),
		      200);
	rep = json_loads(resp, 0, NULL);
	free(resp);
	ASSERT_TRUE(rep != NULL);
	check_report_services(rep);
	json_array_foreach(json_object_get(rep, "counters"), i, c) {
		int k = (int)i, served = day.ex.ctr_served[k];
		expect_int(c, "served", served, "counter");
		expect_int(c, "service_mean_s", served ? day.ex.ctr_ms[k] / served / 1000 : 0,
			   "counter");
	}
	c = json_array_get(json_object_get(rep, "journeys"), 0);
	expect_int(c, "issued", day.ex.j_issued, "CPMI");
	expect_int(c, "completed", day.ex.j_completed, "CPMI");
	hours = json_object_get(rep, "arrivals_per_hour");
	for (int h = 0; h < 24; h++) {
		snprintf(key, sizeof(key), "%02d", h);
		if (day.ex.per_hour[h] || json_object_get(hours, key))
			expect_int(hours, key, day.ex.per_hour[h], "arrivals_per_hour");
	}
	json_decref(rep);
}

/* ---- the test ---- */
static antred_t daemon_;
static const char *db_dir_;

/* A failed check ends the program: antred and its log go with it. */
static void cleanup(void)
{
	if (daemon_.pid > 0)
		antred_stop(&daemon_, SIGKILL);
	if (db_dir_)
		remove_db(db_dir_);
	if (day.clock_path[0])
		unlink(day.clock_path);
}


static int64_t state_seq(void)
{
	char *resp = NULL;
	json_t *st;
	int64_t seq;
	ASSERT_EQ_INT(antre_client_request(day.admin, "GET", "/api/v1/state", NULL, &resp), 200);
	st = json_loads(resp, 0, NULL);
	free(resp);
	seq = json_integer_value(json_object_get(st, "seq"));
	json_decref(st);
	return seq;
}

/* A process's resident memory (VmRSS), in MB. */
static double rss_mb(pid_t pid)
{
	char path[64], line[256];
	double kb = 0;
	FILE *f;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtod(line + 6, NULL);
	if (f)
		fclose(f);
	return kb / 1024.0;
}

static double since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* --cpu N: the whole day (this workload, its subscribers, antred and its threads) on
 * CPU N alone. A round trip is a chain of thread hand-offs; a thread woken on the other,
 * idle CPU of a virtual machine costs an interrupt to that CPU and its wake-up (on ours,
 * with the guest's halt polling off, 70-90 us per round trip of two threads across CPUs
 * against 4 us on one), so the day ran faster on one CPU than on two. Also how an office
 * runs: its clients are on other machines, not on antred's second core. */
static void pin_to_cpu(int cpu)
{
	cpu_set_t set;
	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		TEST_FAIL_("--cpu %d: %s", cpu, strerror(errno));
}

static const char *where_run(char *buf, size_t cap)
{
	cpu_set_t set;
	if (opt_cpu >= 0)
		snprintf(buf, cap, "on CPU %d alone", opt_cpu);
	else if (sched_getaffinity(0, sizeof(set), &set) == 0)
		snprintf(buf, cap, "threads free on %d CPUs", CPU_COUNT(&set));
	else
		snprintf(buf, cap, "threads free");
	return buf;
}

TEST(busy_day)
{
	char where[48];
	antred_t *dp = &daemon_;
	struct stat st;
	struct timespec t0;
	const char *db_dir = opt_db_dir ? opt_db_dir : stat("/dev/shm", &st) == 0 ? "/dev/shm"
										     : "/tmp";
	double drive_s, total_s;

	pin_to_cpu(opt_cpu);   /* before antred and the threads start: they inherit it */
	test_tmpdir(day.dir, sizeof(day.dir));
	script_day(opt_seed, opt_applicants);
	plan_kills(opt_kills, opt_disk_full);
	db_dir_ = db_dir;
	atexit(cleanup);
	ASSERT_EQ_INT(start_antred(dp, db_dir), 0);
	day.admin = antre_client_create(dp->url, "admin-busy-day-token-0", 10000);
	day.kiosk = antre_client_create(dp->url, "kiosk-busy-day-token-0", 10000);
	my_admin = day.admin;
	my_kiosk = day.kiosk;
	day.serial = !opt_waves || opt_kills > 0 || opt_disk_full > 0;
	day.parallel = !day.serial;
	start_subscribers();
	stall_open();

	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_day();
	drive_s = since(&t0);
	wait_subscribers(state_seq());
	total_s = since(&t0);
	printf("busy_day: %d applicants (%d on CPMI), %d requests in %d waves over %d office "
	       "seconds, %d calls, last office time %02d:%02d, %d kill -9, %s; driven in %.2f s, "
	       "all %d subscribers caught up at %.2f s (db in %s)\n",
	       day.n, day.ex.j_issued, day.requests, day.waves, day.steps, day.n_calls,
	       (int)(day.now_s / 3600), (int)(day.now_s / 60 % 60), day.next_kill,
	       where_run(where, sizeof(where)), drive_s, opt_subscribers, total_s, db_dir);

	stall_drain(state_seq());
	check_numbers();
	check_calls();
	check_applicants();
	check_report();
	if (day.next_kill < opt_kills || day.next_full < opt_disk_full)
		TEST_FAIL_("the day ended after %d requests, %d of %d kill(s) and %d of %d disk "
			   "fill(s) done: plan_kills spreads them over 6 requests an applicant",
			   day.requests, day.next_kill, opt_kills, day.next_full, opt_disk_full);
	if (opt_disk_full && day.disk_recoveries == 0)
		TEST_FAIL_("the disk filled %d time(s) and antred never refused a write",
			   day.next_full);
	if (opt_disk_full)
		printf("busy_day: the disk filled %d time(s); antred refused and came back %d "
		       "time(s) (%d refused to start)\n", day.next_full, day.disk_recoveries,
		       day.full_at_start);
	printf("busy_day: checked in %.2f s, antred's RSS %.1f MB\n", since(&t0) - total_s,
	       rss_mb(daemon_.pid));
	stop_subscribers();
	printf("busy_day: subscribers stopped at %.2f s\n", since(&t0));
	antre_client_destroy(day.admin);
	antre_client_destroy(day.kiosk);
	ASSERT_EQ_INT(antred_stop(dp, SIGTERM), 0);
	printf("busy_day: stopped at %.2f s\n", since(&t0));
	remove_db(db_dir);
	test_rmdir(day.dir);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = { TEST_CASE(busy_day), { NULL, NULL } };
	int64_t v;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--seed") == 0 && antre_parse_i64(argv[i + 1], 0, INT64_MAX, &v) == 0)
			opt_seed = (uint64_t)v;
		else if (strcmp(argv[i], "--applicants") == 0 &&
			 antre_parse_i64(argv[i + 1], 1, MAX_APPLICANTS, &v) == 0)
			opt_applicants = (int)v;
		else if (strcmp(argv[i], "--subscribers") == 0 &&
			 antre_parse_i64(argv[i + 1], 0, N_SUBSCRIBERS, &v) == 0)
			opt_subscribers = (int)v;
		else if (strcmp(argv[i], "--kills") == 0 &&
			 antre_parse_i64(argv[i + 1], 0, MAX_KILLS, &v) == 0)
			opt_kills = (int)v;
		else if (strcmp(argv[i], "--disk-full") == 0 &&
			 antre_parse_i64(argv[i + 1], 0, MAX_KILLS, &v) == 0)
			opt_disk_full = (int)v;
		else if (strcmp(argv[i], "--waves") == 0 && antre_parse_i64(argv[i + 1], 0, 1, &v) == 0)
			opt_waves = (int)v;
		else if (strcmp(argv[i], "--cpu") == 0 &&
			 antre_parse_i64(argv[i + 1], -1, CPU_SETSIZE - 1, &v) == 0)
			opt_cpu = (int)v;
		else if (strcmp(argv[i], "--db-dir") == 0)
			opt_db_dir = argv[i + 1];
		else {
			fprintf(stderr, "usage: busy_day [--seed N] [--applicants N] [--subscribers N] [--kills N] [--disk-full N] [--waves 0|1] [--cpu N] [--db-dir DIR]\n");
			return 2;
		}
	}
	return test_main(1, argv, cases);
}
