/* KPIs from a day's events (or several days'). */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "xmalloc.h"

/* Where a tracked ticket stands. `at` is the service it arrived at and has not left
 * yet (-1 once it left: served, cancelled, or its journey done), so that one arrival
 * gives at most one serve, one cancel: served ≤ arrived holds by construction. */
typedef struct {
	int64_t ready_at, called_at, started_at;
	int at;
	int waiting;
} track_t;

typedef struct {
	int *v;
	int n, cap;
} ints_t;

static void ints_push(ints_t *a, int x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xrealloc(a->v, (size_t)a->cap * sizeof(int));
	}
	a->v[a->n++] = x;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted, non-empty array. */
static int percentile(const ints_t *a, int pct)
{
	int rank = (pct * a->n + 99) / 100;
	return a->v[rank > 0 ? rank - 1 : 0];
}

/* What the build keeps while it walks the events. */
typedef struct {
	antre_report_t *out;
	int32_t offset_s;
	ints_t waits[ANTRE_MAX_SERVICES];          /* ready → called, in s, per service */
	ints_t hour_waits[24];                     /* and per local hour of the call */
	int64_t svc_ms[ANTRE_MAX_SERVICES];        /* summed service time per service */
	int64_t ctr_ms[ANTRE_MAX_COUNTERS];        /* and per counter */
	antre_idmap_t ids;                         /* ticket id → index in tr */
	track_t *tr;
	int n_tr;
	/* journeys across days, by the index in tr: the visit and the start day */
	int *visit;
	int *counted;                              /* VISIT_STARTED, VISIT_RETURNED or 0 */
	int64_t *since;
	ints_t days;                               /* start → completion, office days */
	int visits_done;                           /* summed visits of completed journeys */
} report_acc_t;

static int local_hour(const report_acc_t *a, int64_t at_ms)
{
	int64_t local_s = at_ms / 1000 + a->offset_s;
	return (int)(((local_s % 86400) + 86400) % 86400 / 3600);
}

/* The ticket arrives at service (issued, next journey step, transferred in). */
static void arrive(report_acc_t *a, track_t *t, int service, int64_t at_ms)
{
	*t = (track_t){ at_ms, 0, 0, service, 1 };
	a->out->services[service].arrived++;
}

enum { VISIT_STARTED = 1, VISIT_RETURNED };

/* A journey ticket's visit and start day, from its ticket.issued. */
static void on_journey_issued(report_acc_t *a, const antre_event_t *e, int k)
{
	a->visit = xrealloc(a->visit, (size_t)(k + 1) * sizeof(*a->visit));
	a->since = xrealloc(a->since, (size_t)(k + 1) * sizeof(*a->since));
	a->counted = xrealloc(a->counted, (size_t)(k + 1) * sizeof(*a->counted));
	a->visit[k] = e->resumes[0] ? e->visit : 1;
	a->since[k] = antre_day_parse(e->resumes[0] ? e->since : e->day);
	a->counted[k] = e->journey < 0 ? 0 : e->resumes[0] ? VISIT_RETURNED : VISIT_STARTED;
	if (a->counted[k] == VISIT_RETURNED)
		a->out->visits.returned++;
	else if (a->counted[k] == VISIT_STARTED)
		a->out->visits.started++;
}

/* A visit whose ticket never printed (the kiosk cancelled it "print_failed") did not
 * happen: the applicant takes the next ticket, and that one is the visit. */
static void on_journey_unprinted(report_acc_t *a, int k)
{
	if (a->counted[k] == VISIT_RETURNED)
		a->out->visits.returned--;
	else if (a->counted[k] == VISIT_STARTED)
		a->out->visits.started--;
	a->counted[k] = 0;
}

static void on_journey_done(report_acc_t *a, int k, const antre_event_t *e)
{
	int64_t today = antre_day_parse(e->day);
	a->out->visits.completed++;
	a->visits_done += a->visit[k];
	/* office days the journey took, counted inclusively: 1 when it is done the day its
	 * first ticket was issued (so the centre's views count it the same way) */
	ints_push(&a->days,
		  a->since[k] >= 0 && today >= a->since[k] ? (int)(today - a->since[k]) + 1 : 1);
}

/* A ticket issued: start tracking it, count it and its hour. */
static void on_issued(report_acc_t *a, const antre_event_t *e)
{
	antre_report_t *out = a->out;

	a->tr = xrealloc(a->tr, (size_t)(a->n_tr + 1) * sizeof(*a->tr));
	antre_idmap_put(&a->ids, e->ticket, a->n_tr);
	arrive(a, &a->tr[a->n_tr++], e->service, e->at_ms);
	if (e->journey >= 0)
		out->journeys[e->journey].issued++;
	else
		out->services[e->service].issued++;
	out->hours[local_hour(a, e->at_ms)].arrivals++;
}

/* A finished step: its service time counts for the service and the counter; the
 * ticket then arrives at its next step, or its journey is complete. */
static void on_finished(report_acc_t *a, track_t *t, const antre_event_t *e)
{
	antre_report_t *out = a->out;
	int64_t from = t->started_at ? t->started_at : t->called_at;
	int64_t took = from ? e->at_ms - from : 0;

	out->services[t->at].served++;
	a->svc_ms[t->at] += took;
	if (e->counter >= 0) {
		out->counters[e->counter].served++;
		a->ctr_ms[e->counter] += took;
	}
	t->at = -1;
	if (e->service >= 0)
		arrive(a, t, e->service, e->at_ms);
	else if (e->journey >= 0)
		out->journeys[e->journey].completed++;
}

/* The first call of a wait: how long the ticket waited, for its service and the hour. */
static void on_called(report_acc_t *a, track_t *t, const antre_event_t *e)
{
	if (t->waiting) {
		int waited = (int)((e->at_ms - t->ready_at) / 1000);
		ints_push(&a->waits[t->at], waited);
		ints_push(&a->hour_waits[local_hour(a, e->at_ms)], waited);
	}
	t->waiting = 0;
	t->called_at = e->at_ms;
	t->started_at = 0;
}

/* A later event of a tracked ticket that is still at a service. */
static void on_ticket_event(report_acc_t *a, track_t *t, const antre_event_t *e)
{
	antre_report_t *out = a->out;

	switch (e->type) {
	case ANTRE_EV_TICKET_CALLED:
		on_called(a, t, e);
		break;
	case ANTRE_EV_TICKET_STARTED:
		t->started_at = e->at_ms;
		break;
	case ANTRE_EV_TICKET_FINISHED:
		on_finished(a, t, e);
		break;
	case ANTRE_EV_TICKET_TRANSFERRED:   /* leaves its desk unserved, arrives at another */
		if (e->service >= 0)
			arrive(a, t, e->service, e->at_ms);
		break;
	case ANTRE_EV_TICKET_NO_SHOW:       /* stays: `call NUMBER` may bring it back */
		out->services[t->at].no_show++;
		break;
	case ANTRE_EV_TICKET_CANCELLED:
		out->services[t->at].cancelled++;
		t->at = -1;
		break;
	case ANTRE_EV_TICKET_ISSUED:     /* a second issue of a tracked id: ignored */
	case ANTRE_EV_TICKET_RECALLED:   /* the first call's wait already counted */
	case ANTRE_EV_TICKET_DEFERRED:   /* counted with the journeys (antre_report_build) */
	case ANTRE_EV_TICKET_EXPIRED:    /* leaves at the day's end: counts nowhere */
	case ANTRE_EV_COUNTER_OPENED:    /* counter and day events carry no ticket */
	case ANTRE_EV_COUNTER_PAUSED:
	case ANTRE_EV_COUNTER_CLOSED:
	case ANTRE_EV_DAY_RESET:
	case ANTRE_EV_SERVICE_STATUS:    /* no ticket; the report counts tickets */
		break;
	}
}

/* Sort w and fill p50/p90 (and max); nothing when it is empty. */
static void waits_of(ints_t *w, int *p50, int *p90, int *max)
{
	if (w->n == 0)
		return;
	qsort(w->v, (size_t)w->n, sizeof(int), cmp_int);
	*p50 = percentile(w, 50);
	*p90 = percentile(w, 90);
	if (max)
		*max = w->v[w->n - 1];
}

/* Percentiles and means from what the walk collected. */
static void summarise(const antre_config_t *cfg, report_acc_t *a)
{
	antre_report_t *out = a->out;

	for (int s = 0; s < cfg->n_services; s++) {
		antre_report_service_t *r = &out->services[s];
		r->waits = a->waits[s].n;
		waits_of(&a->waits[s], &r->wait_p50_s, &r->wait_p90_s, &r->wait_max_s);
		r->service_mean_s = r->served ? (int)(a->svc_ms[s] / r->served / 1000) : 0;
	}
	for (int c = 0; c < cfg->n_counters; c++)
		if (out->counters[c].served)
			out->counters[c].service_mean_s =
				(int)(a->ctr_ms[c] / out->counters[c].served / 1000);
	for (int h = 0; h < 24; h++) {
		antre_report_hour_t *x = &out->hours[h];
		x->calls = a->hour_waits[h].n;
		waits_of(&a->hour_waits[h], &x->wait_p50_s, &x->wait_p90_s, NULL);
		out->arrivals_per_hour[h] = x->arrivals;
	}
}

void antre_report_build(const antre_config_t *cfg, const char *from, const char *to,
			const antre_event_t *ev, size_t n, int32_t offset_s, antre_report_t *out)
{
	report_acc_t acc = { .out = out, .offset_s = offset_s };
	report_acc_t *a = &acc;

	memset(out, 0, sizeof(*out));
	antre_strlcpy(out->date, from, sizeof(out->date));
	antre_strlcpy(out->to, to ? to : from, sizeof(out->to));
	antre_idmap_init(&a->ids);
	for (size_t i = 0; i < n; i++) {
		const antre_event_t *e = &ev[i];
		int k = e->ticket[0] ? antre_idmap_get(&a->ids, e->ticket) : -1;

		if (e->type == ANTRE_EV_TICKET_ISSUED && k < 0 && e->service >= 0) {
			on_journey_issued(a, e, a->n_tr);
			on_issued(a, e);
		} else if (k >= 0 && k < a->n_tr && a->tr[k].at >= 0) {
			on_ticket_event(a, &a->tr[k], e);
			if (e->type == ANTRE_EV_TICKET_FINISHED && e->service < 0 && e->journey >= 0)
				on_journey_done(a, k, e);
			if (e->type == ANTRE_EV_TICKET_CANCELLED &&
			    strcmp(e->reason, "print_failed") == 0)
				on_journey_unprinted(a, k);
		}
		if (e->type == ANTRE_EV_TICKET_DEFERRED)
			out->visits.deferred++;
		/* else: a ticket from before (carried over), one that left, or no ticket */
	}
	summarise(cfg, a);
	if (a->days.n > 0) {   /* (no journey completed: no days to tell) */
		qsort(a->days.v, (size_t)a->days.n, sizeof(int), cmp_int);
		out->visits.days_p50 = percentile(&a->days, 50);
		out->visits.days_p90 = percentile(&a->days, 90);
	}
	out->visits.visits_per_completed =
		out->visits.completed ? (double)a->visits_done / out->visits.completed : 0.0;
	free(a->visit);
	free(a->since);
	free(a->counted);
	free(a->days.v);
	for (int s = 0; s < ANTRE_MAX_SERVICES; s++)
		free(a->waits[s].v);
	for (int h = 0; h < 24; h++)
		free(a->hour_waits[h].v);
	antre_idmap_free(&a->ids);
	free(a->tr);
}
