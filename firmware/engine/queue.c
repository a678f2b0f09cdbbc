/* The queue engine: state, the apply function, and the reads. Commands are in
 * commands.c; both share queue_internal.h. */
#include "queue_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

antre_queue_t *antre_queue_create(const antre_config_t *cfg, antre_clock_t *clock)
{
	antre_queue_t *q = xcalloc(1, sizeof(*q));
	q->cfg = cfg;
	q->clock = clock;
	antre_idmap_init(&q->by_id);
	antre_idmap_init(&q->by_number);
	antre_idmap_init(&q->by_idem);
	antre_idmap_init(&q->by_key);
	antre_idmap_init(&q->by_code);
	for (int s = 0; s < ANTRE_MAX_SERVICES; s++)
		for (int p = 0; p < 2; p++)
			antre_heap_init(&q->heap[s][p]);
	queue_reset_day_state(q);
	return q;
}

void antre_queue_destroy(antre_queue_t *q)
{
	if (q == NULL)
		return;
	antre_idmap_free(&q->by_id);
	antre_idmap_free(&q->by_number);
	antre_idmap_free(&q->by_idem);
	antre_idmap_free(&q->by_key);
	antre_idmap_free(&q->by_code);
	for (int s = 0; s < ANTRE_MAX_SERVICES; s++)
		for (int p = 0; p < 2; p++)
			antre_heap_free(&q->heap[s][p]);
	free(q->t);
	free(q->dv);
	free(q);
}

int queue_refuse(antre_queue_t *q, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(q->err, sizeof(q->err), fmt, ap);
	va_end(ap);
	return rc;
}

/* Counters closed, averages back to the configured estimates, no recent calls. */
void queue_reset_day_state(antre_queue_t *q)
{
	const antre_config_t *cfg = q->cfg;
	for (int c = 0; c < ANTRE_MAX_COUNTERS; c++) {
		q->counters[c].state = ANTRE_CS_CLOSED;
		q->counters[c].ticket = -1;
		q->counters[c].regular_since_priority = cfg->priority_n - 1;
		q->counters[c].served = 0;
		q->counters[c].service_ms = 0;
		q->counters[c].since_ms = 0;
	}
	for (int s = 0; s < cfg->n_services; s++)
		q->mean_ms[s] = cfg->services[s].est_service_s * 1000.0;
	memset(q->issued_today, 0, sizeof(q->issued_today));   /* statuses stay */
	q->n_recent = 0;
}

/* The prefix a number was handed out under: its own first letter, whatever the config
 * says today (an office may swap prefixes mid-day). */
static int number_prefix(const char *number)
{
	return number[0] >= 'A' && number[0] <= 'Z' ? number[0] - 'A' : -1;
}

void queue_idem_key(char *buf, size_t cap, int kiosk, const char *idem)
{
	snprintf(buf, cap, "%d:%s", kiosk, idem);
}

static int ticket_index(const antre_queue_t *q, const char *id)
{
	return antre_idmap_get(&q->by_id, id);
}

int queue_is_open(const antre_ticket_t *t)
{
	return t->state == ANTRE_TS_WAITING || t->state == ANTRE_TS_CALLED ||
	       t->state == ANTRE_TS_SERVING;
}

static void line_up(antre_queue_t *q, int i, int service, int64_t at, int64_t seq)
{
	antre_ticket_t *t = &q->t[i];
	t->service = service;
	t->state = ANTRE_TS_WAITING;
	t->ready_at = at;
	t->ready_seq = seq;
	t->counter = -1;
	antre_heap_push(&q->heap[service][t->priority ? 1 : 0], q->t, i);
}

static void leave_line(antre_queue_t *q, int i)
{
	antre_ticket_t *t = &q->t[i];
	if (t->state == ANTRE_TS_WAITING)
		antre_heap_remove(&q->heap[t->service][t->priority ? 1 : 0], q->t, i);
}

static void release_counter(antre_queue_t *q, int i)
{
	antre_ticket_t *t = &q->t[i];
	if (t->counter >= 0 && q->counters[t->counter].ticket == i)
		q->counters[t->counter].ticket = -1;
	t->counter = -1;
}

static void remember_call(antre_queue_t *q, const antre_event_t *e, int recall)
{
	antre_call_t *c;
	if (q->n_recent < ANTRE_RECENT_CALLS)
		q->n_recent++;
	memmove(&q->recent[1], &q->recent[0], (size_t)(q->n_recent - 1) * sizeof(q->recent[0]));
	c = &q->recent[0];
	c->seq = e->seq;
	c->at_ms = e->at_ms;
	antre_strlcpy(c->number, e->number, sizeof(c->number));
	c->counter = e->counter;
	c->recall = recall;
}

/* Put every key of live deferral d in by_key. */
static void file_deferral(antre_queue_t *q, int d)
{
	const antre_deferral_t *r = &q->dv[d];
	char code[ANTRE_CODE_LEN + 1];

	antre_idmap_put(&q->by_key, r->id, d);
	antre_idmap_put(&q->by_key, r->code, d);
	antre_idmap_put(&q->by_key, r->origin, d);
	antre_ticket_code(r->origin, code);
	antre_idmap_put(&q->by_key, code, d);
}

/* A deferral resumed on the day that ends is done with: its journey goes on as an
 * ordinary ticket (or was deferred again, in a record of its own). Its keys stop
 * finding it; the array is compacted once half of it is gone, so a day reset costs
 * nothing per deferred journey on most days. */
static void drop_resumed(antre_queue_t *q)
{
	int kept = 0;

	for (int d = 0; d < q->nd; d++) {
		antre_deferral_t *r = &q->dv[d];
		char code[ANTRE_CODE_LEN + 1];
		if (r->gone || r->resumed_id[0] == '\0')
			continue;
		r->gone = 1;
		q->nd_gone++;
		antre_idmap_put(&q->by_key, r->id, -1);
		antre_idmap_put(&q->by_key, r->code, -1);
		antre_ticket_code(r->origin, code);
		if (antre_idmap_get(&q->by_key, r->origin) == d) {
			antre_idmap_put(&q->by_key, r->origin, -1);
			antre_idmap_put(&q->by_key, code, -1);
		}
	}
	if (q->nd_gone == 0 || 2 * q->nd_gone < q->nd)
		return;
	antre_idmap_clear(&q->by_key);
	for (int d = 0; d < q->nd; d++) {
		if (q->dv[d].gone)
			continue;
		q->dv[kept] = q->dv[d];
		file_deferral(q, kept);
		kept++;
	}
	q->nd = kept;
	q->nd_gone = 0;
}

/* Keep open tickets (called ones go back in line at their old place), drop the rest,
 * and rebuild the indexes. Without carry-over nothing open is left by now. Deferred
 * journeys are kept apart (q->dv) and stay. */
static void apply_day_reset(antre_queue_t *q, const antre_event_t *e)
{
	int kept = 0;

	antre_idmap_clear(&q->by_id);
	antre_idmap_clear(&q->by_code);
	antre_idmap_clear(&q->by_number);
	antre_idmap_clear(&q->by_idem);   /* a retry never spans a day reset */
	for (int s = 0; s < ANTRE_MAX_SERVICES; s++)
		q->heap[s][0].n = q->heap[s][1].n = 0;
	/* Numbers start at 1 only in a new day label (docs/clock.md, rule c). */
	if (!(e->aux & ANTRE_RESET_KEEPS_NUMBERS))
		memset(q->next_num, 0, sizeof(q->next_num));
	if (strcmp(e->day, q->day_high) > 0)
		antre_strlcpy(q->day_high, e->day, sizeof(q->day_high));
	for (int i = 0; i < q->n; i++) {
		antre_ticket_t t = q->t[i];
		if (!queue_is_open(&t))
			continue;
		t.returning = 0;   /* its return day is over */
		q->t[kept] = t;
		antre_idmap_put(&q->by_id, t.id, kept);
		antre_idmap_put(&q->by_code, t.code, kept);
		antre_idmap_put(&q->by_number, t.number, kept);
		if (t.num > q->next_num[t.prefix])
			q->next_num[t.prefix] = t.num;
		q->t[kept].heap_pos = -1;
		line_up(q, kept, t.service, t.ready_at, t.ready_seq);
		kept++;
	}
	q->n = kept;
	drop_resumed(q);
	antre_strlcpy(q->day, e->day, sizeof(q->day));
	q->day_seq = e->seq;
	q->last_at = e->at_ms;   /* the day's times start at its reset (see docs/clock.md) */
	queue_reset_day_state(q);
}

/* A kiosk's ticket takes one unit of the quota of its service, or of each service of
 * its journey (the applicant will need every desk); an admin's takes none. */
static void count_quota(antre_queue_t *q, const antre_event_t *e)
{
	const antre_journey_t *j;
	int seen[ANTRE_MAX_SERVICES] = { 0 };

	if (e->kiosk == -1)
		return;
	if (e->journey < 0) {
		q->issued_today[e->service]++;
		return;
	}
	j = &q->cfg->journeys[e->journey];
	for (int k = 0; k < j->n_steps; k++)
		if (!seen[j->steps[k]]++)
			q->issued_today[j->steps[k]]++;
}

/* A return visit's ticket that never printed (cancelled "print_failed", which only a
 * ticket never called can be) never reached the applicant: the journey is deferred
 * again, so the same code prints a new ticket instead of saying it was used. The
 * store's replay query (antre_store_replay) knows the same rule. */
static void reopen_deferral(antre_queue_t *q, const antre_ticket_t *t)
{
	int d = t->resumes[0] ? queue_deferral_index(q, t->resumes) : -1;

	if (d >= 0 && strcmp(q->dv[d].resumed_id, t->id) == 0) {
		q->dv[d].resumed_id[0] = '\0';
		q->dv[d].resumed_number[0] = '\0';
	}
}

static int apply_issued(antre_queue_t *q, const antre_event_t *e)
{
	const antre_config_t *cfg = q->cfg;
	antre_ticket_t *t;
	int i, prefix = number_prefix(e->number);
	int d = e->resumes[0] ? queue_deferral_index(q, e->resumes) : -1;

	if (e->service < 0 || e->service >= cfg->n_services || e->journey >= cfg->n_journeys ||
	    e->ticket[0] == '\0' || ticket_index(q, e->ticket) >= 0 || prefix < 0 ||
	    (e->resumes[0] && (d < 0 || q->dv[d].resumed_id[0] || e->journey < 0)))
		return ANTRE_E_INVALID;
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 1024;
		q->t = xrealloc(q->t, (size_t)q->cap * sizeof(*q->t));
	}
	i = q->n++;
	t = &q->t[i];
	memset(t, 0, sizeof(*t));
	antre_strlcpy(t->id, e->ticket, sizeof(t->id));
	antre_strlcpy(t->number, e->number, sizeof(t->number));
	t->num = (int)e->aux;
	t->prefix = prefix;
	t->journey = e->journey;
	t->kiosk = e->kiosk >= 0 ? e->kiosk : -1;
	antre_strlcpy(t->lang, strcmp(e->lang, "en") == 0 ? "en" : "id", sizeof(t->lang));
	t->step = e->journey >= 0 ? e->step : 0;
	t->priority = e->priority ? 1 : 0;
	t->issued_at = e->at_ms;
	t->heap_pos = -1;
	antre_ticket_code(t->id, t->code);
	antre_strlcpy(t->origin, e->resumes[0] ? e->origin : t->id, sizeof(t->origin));
	antre_strlcpy(t->resumes, e->resumes, sizeof(t->resumes));
	antre_strlcpy(t->since, e->resumes[0] ? e->since : e->day, sizeof(t->since));
	t->visit = e->resumes[0] ? e->visit : 1;
	antre_idmap_put(&q->by_id, t->id, i);
	antre_idmap_put(&q->by_code, t->code, i);
	antre_idmap_put(&q->by_number, t->number, i);
	if (e->idem[0]) {
		char key[ANTRE_IDEM_MAX + 16];
		queue_idem_key(key, sizeof(key), e->kiosk, e->idem);
		antre_idmap_put(&q->by_idem, key, i);
	}
	if (t->num > q->next_num[t->prefix])
		q->next_num[t->prefix] = t->num;
	if (d >= 0) {   /* a return visit: its quota was taken on the first day */
		antre_deferral_t *r = &q->dv[d];
		antre_strlcpy(r->resumed_id, t->id, sizeof(r->resumed_id));
		antre_strlcpy(r->resumed_number, t->number, sizeof(r->resumed_number));
		t->returning = q->cfg->return_priority && strcmp(e->day, r->return_on) == 0;
	} else {
		count_quota(q, e);
	}
	line_up(q, i, e->service, e->at_ms, e->seq);
	return 0;
}

/* A journey ticket ends today's visit: its record in q->dv (made, or the journey's
 * earlier one taken over) has all that resuming it needs, so a replay that starts
 * days later rebuilds it from this event alone (docs/journeys.md). */
static int apply_deferred(antre_queue_t *q, const antre_event_t *e)
{
	int i = ticket_index(q, e->ticket), d;
	antre_deferral_t *r;

	if (e->journey < 0 || e->journey >= q->cfg->n_journeys || e->service < 0 ||
	    e->service >= q->cfg->n_services || e->return_on[0] == '\0' || e->origin[0] == '\0' ||
	    antre_idmap_get(&q->by_key, e->ticket) >= 0)
		return ANTRE_E_INVALID;
	if (i >= 0) {
		antre_ticket_t *t = &q->t[i];
		leave_line(q, i);
		if (t->counter >= 0)
			q->counters[t->counter].served++;
		release_counter(q, i);
		t->state = ANTRE_TS_DEFERRED;
		t->finished_at = e->at_ms;
		t->service = e->service;
		t->step = e->step;
		antre_strlcpy(t->return_on, e->return_on, sizeof(t->return_on));
	}
	/* The journey's earlier record (resumed today) is done with: its keys move here. */
	d = antre_idmap_get(&q->by_key, e->origin);
	if (d >= 0 && !q->dv[d].gone) {
		r = &q->dv[d];
		antre_idmap_put(&q->by_key, r->id, -1);
		antre_idmap_put(&q->by_key, r->code, -1);
		r->gone = 1;
		q->nd_gone++;
	}
	if (q->nd == q->capd) {
		q->capd = q->capd ? q->capd * 2 : 256;
		q->dv = xrealloc(q->dv, (size_t)q->capd * sizeof(*q->dv));
	}
	d = q->nd++;
	r = &q->dv[d];
	memset(r, 0, sizeof(*r));
	antre_strlcpy(r->id, e->ticket, sizeof(r->id));
	antre_ticket_code(r->id, r->code);
	antre_strlcpy(r->origin, e->origin, sizeof(r->origin));
	antre_strlcpy(r->number, e->number, sizeof(r->number));
	r->journey = e->journey;
	r->step = e->step;
	r->service = e->service;
	r->priority = e->priority ? 1 : 0;
	r->counter = e->counter >= 0 ? e->counter : -1;
	r->visit = e->visit > 0 ? e->visit : 1;
	antre_strlcpy(r->lang, i >= 0 ? q->t[i].lang : "id", sizeof(r->lang));
	antre_strlcpy(r->since, e->since[0] ? e->since : e->day, sizeof(r->since));
	antre_strlcpy(r->deferred_on, e->day, sizeof(r->deferred_on));
	antre_strlcpy(r->return_on, e->return_on, sizeof(r->return_on));
	r->deferred_at = e->at_ms;
	file_deferral(q, d);
	return 0;
}

static int apply_status(antre_queue_t *q, const antre_event_t *e)
{
	if (e->service < 0 || e->service >= q->cfg->n_services || e->aux < 0 ||
	    e->aux >= ANTRE_SS__COUNT)
		return ANTRE_E_INVALID;
	q->status[e->service] = (antre_service_status_t)e->aux;
	antre_strlcpy(q->status_reason[e->service], e->reason, sizeof(q->status_reason[0]));
	return 0;
}

void antre_queue_detach(antre_queue_t *q, const char *ticket_id)
{
	int i = ticket_index(q, ticket_id);
	if (i < 0)
		return;
	leave_line(q, i);
	if (q->t[i].counter >= 0 && q->counters[q->t[i].counter].ticket == i)
		q->counters[q->t[i].counter].ticket = -1;
	q->t[i].counter = ANTRE_COUNTER_GONE;   /* held by nobody; set aside after replay */
}

void antre_queue_reserve_number(antre_queue_t *q, const char *number)
{
	int prefix = number_prefix(number);
	long num;
	char *end;

	if (prefix < 0)
		return;
	num = strtol(number + 1, &end, 10);
	if (end != number + 1 && *end == '\0' && num > q->next_num[prefix] && num < 1000000)
		q->next_num[prefix] = (int)num;
}

static int apply_called(antre_queue_t *q, const antre_event_t *e, int i)
{
	antre_ticket_t *t = &q->t[i];
	antre_counter_status_t *c;

	if (e->counter == ANTRE_COUNTER_GONE) {
		/* Called by a counter the config no longer has: held by nobody now; the
		 * caller sets it aside explicitly after replay (antre_queue_set_aside). */
		leave_line(q, i);
		t->state = ANTRE_TS_CALLED;
		t->counter = ANTRE_COUNTER_GONE;
		t->called_at = e->at_ms;
		t->started_at = 0;
		t->ever_called = 1;
		return 0;
	}
	if (e->counter < 0 || e->counter >= q->cfg->n_counters)
		return ANTRE_E_INVALID;
	c = &q->counters[e->counter];
	if (c->ticket >= 0 && c->ticket != i)
		return ANTRE_E_INVALID;
	leave_line(q, i);
	t->state = ANTRE_TS_CALLED;
	t->counter = e->counter;
	t->called_at = e->at_ms;
	t->started_at = 0;
	t->ever_called = 1;
	c->ticket = i;
	c->state = ANTRE_CS_OPEN;
	if (t->priority)
		c->regular_since_priority = 0;
	else if (c->regular_since_priority < 1000)
		c->regular_since_priority++;
	remember_call(q, e, 0);
	return 0;
}

static int apply_finished(antre_queue_t *q, const antre_event_t *e, int i)
{
	antre_ticket_t *t = &q->t[i];
	int64_t from = t->started_at ? t->started_at : t->called_at;

	if (from > 0 && e->at_ms >= from)
		q->mean_ms[t->service] = q->mean_ms[t->service] * (1.0 - ANTRE_MEAN_ALPHA) +
					 (double)(e->at_ms - from) * ANTRE_MEAN_ALPHA;
	if (t->counter >= 0) {
		q->counters[t->counter].served++;
		if (from > 0 && e->at_ms >= from)
			q->counters[t->counter].service_ms += e->at_ms - from;
	}
	release_counter(q, i);
	/* A ticket done keeps the times of its last call, its own record of the day; one
	 * that goes on waits at its next desk, where it has not been called yet. */
	if (e->service >= 0) {
		if (e->service >= q->cfg->n_services)
			return ANTRE_E_INVALID;
		t->called_at = 0;
		t->started_at = 0;
		t->step = e->step;
		t->returning = 0;
		line_up(q, i, e->service, e->at_ms, e->seq);
	} else {
		t->state = ANTRE_TS_DONE;
		t->finished_at = e->at_ms;
	}
	return 0;
}

static int apply_ticket_event(antre_queue_t *q, const antre_event_t *e)
{
	int i = ticket_index(q, e->ticket);
	antre_ticket_t *t;

	if (i < 0)
		return ANTRE_E_INVALID;
	t = &q->t[i];
	switch (e->type) {
	case ANTRE_EV_TICKET_CALLED:
		return apply_called(q, e, i);
	case ANTRE_EV_TICKET_DEFERRED:   /* antre_queue_apply handles these itself */
		return ANTRE_E_INVALID;
	case ANTRE_EV_TICKET_RECALLED:
		t->recalls++;
		if (e->counter >= 0)
			remember_call(q, e, 1);
		return 0;
	case ANTRE_EV_TICKET_STARTED:
		t->state = ANTRE_TS_SERVING;
		t->started_at = e->at_ms;
		return 0;
	case ANTRE_EV_TICKET_FINISHED:
		return apply_finished(q, e, i);
	case ANTRE_EV_TICKET_TRANSFERRED:
		if (e->service < 0 || e->service >= q->cfg->n_services)
			return ANTRE_E_INVALID;
		release_counter(q, i);
		leave_line(q, i);
		if (t->journey >= 0)
			t->step = e->step;
		t->returning = 0;
		line_up(q, i, e->service, e->at_ms, e->seq);
		return 0;
	case ANTRE_EV_TICKET_NO_SHOW:
		leave_line(q, i);        /* set aside at start while waiting */
		release_counter(q, i);
		t->state = ANTRE_TS_NO_SHOW;
		return 0;
	case ANTRE_EV_TICKET_CANCELLED:
	case ANTRE_EV_TICKET_EXPIRED:
		if (e->type == ANTRE_EV_TICKET_CANCELLED && strcmp(e->reason, "print_failed") == 0)
			reopen_deferral(q, t);
		leave_line(q, i);
		release_counter(q, i);
		t->state = e->type == ANTRE_EV_TICKET_CANCELLED ? ANTRE_TS_CANCELLED
								 : ANTRE_TS_EXPIRED;
		t->finished_at = e->at_ms;
		return 0;
	case ANTRE_EV_TICKET_ISSUED:     /* antre_queue_apply handles these itself */
	case ANTRE_EV_COUNTER_OPENED:
	case ANTRE_EV_COUNTER_PAUSED:
	case ANTRE_EV_COUNTER_CLOSED:
	case ANTRE_EV_DAY_RESET:
	case ANTRE_EV_SERVICE_STATUS:
	default:                         /* and a value that is no type (a damaged log) */
		return ANTRE_E_INVALID;
	}
}

int antre_queue_apply(antre_queue_t *q, const antre_event_t *e)
{
	int rc = 0;

	if (e->seq <= q->seq)
		return ANTRE_E_INVALID;
	switch (e->type) {
	case ANTRE_EV_DAY_RESET:
		apply_day_reset(q, e);
		break;
	case ANTRE_EV_TICKET_ISSUED:
		rc = apply_issued(q, e);
		break;
	case ANTRE_EV_SERVICE_STATUS:
		rc = apply_status(q, e);
		break;
	case ANTRE_EV_TICKET_DEFERRED:
		rc = apply_deferred(q, e);
		break;
	case ANTRE_EV_COUNTER_OPENED:
	case ANTRE_EV_COUNTER_PAUSED:
	case ANTRE_EV_COUNTER_CLOSED:
		if (e->counter < 0 || e->counter >= q->cfg->n_counters)
			return ANTRE_E_INVALID;
		q->counters[e->counter].state =
			e->type == ANTRE_EV_COUNTER_OPENED   ? ANTRE_CS_OPEN
			: e->type == ANTRE_EV_COUNTER_PAUSED ? ANTRE_CS_PAUSED
							     : ANTRE_CS_CLOSED;
		break;
	case ANTRE_EV_TICKET_CALLED:
	case ANTRE_EV_TICKET_RECALLED:
	case ANTRE_EV_TICKET_STARTED:
	case ANTRE_EV_TICKET_FINISHED:
	case ANTRE_EV_TICKET_TRANSFERRED:
	case ANTRE_EV_TICKET_NO_SHOW:
	case ANTRE_EV_TICKET_CANCELLED:
	case ANTRE_EV_TICKET_EXPIRED:
	default:   /* and a value out of range, which apply_ticket_event refuses */
		rc = apply_ticket_event(q, e);
		break;
	}
	if (rc < 0)
		return rc;
	if (e->type != ANTRE_EV_DAY_RESET && e->counter >= 0 && e->counter < q->cfg->n_counters)
		q->counters[e->counter].since_ms = e->at_ms;
	q->seq = e->seq;
	if (e->at_ms > q->last_at)
		q->last_at = e->at_ms;
	return 0;
}

void antre_ticket_code(const char *id, char code[ANTRE_CODE_LEN + 1])
{
	static const char alphabet[] = ANTRE_CODE_ALPHABET;
	uint64_t v = 0;

	for (int k = 0; id[k] && k < ANTRE_TICKET_ID_LEN; k++) {
		unsigned char c = (unsigned char)id[k];
		int x = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0;
		v = v << 4 | (uint64_t)x;
	}
	for (int k = ANTRE_CODE_LEN - 1; k >= 0; k--) {
		code[k] = alphabet[v % (sizeof(alphabet) - 1)];
		v /= sizeof(alphabet) - 1;
	}
	code[ANTRE_CODE_LEN] = '\0';
}

void antre_code_format(const char *code, char out[ANTRE_CODE_LEN + 2])
{
	snprintf(out, ANTRE_CODE_LEN + 2, "%.4s-%.4s", code, code + 4);
}

void queue_normalise_key(const char *typed, char out[ANTRE_TICKET_ID_LEN + 1])
{
	const char *p = strstr(typed, "/t/"), *next;
	size_t n = 0;
	int hex = 1;

	while (p && (next = strstr(p + 1, "/t/")) != NULL)
		p = next;
	if (p)
		typed = p + 3;
	out[0] = '\0';
	for (; *typed && *typed != '?' && *typed != '#' && *typed != '/'; typed++) {
		char c = *typed;
		if (c == '-' || c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (n == ANTRE_TICKET_ID_LEN)
			return;   /* too long: no key */
		out[n++] = c;
	}
	out[n] = '\0';
	for (size_t k = 0; k < n; k++)
		if (!strchr("0123456789abcdefABCDEF", out[k]))
			hex = 0;
	if (n == ANTRE_TICKET_ID_LEN && hex) {
		for (size_t k = 0; k < n; k++)
			out[k] = (char)(out[k] >= 'A' && out[k] <= 'F' ? out[k] - 'A' + 'a' : out[k]);
		return;
	}
	if (n != ANTRE_CODE_LEN) {
		out[0] = '\0';
		return;
	}
	for (size_t k = 0; k < n; k++)
		out[k] = (char)(out[k] >= 'a' && out[k] <= 'z' ? out[k] - 'a' + 'A' : out[k]);
}

int queue_deferral_index(const antre_queue_t *q, const char *id)
{
	int d = antre_idmap_get(&q->by_key, id);
	return d >= 0 && !q->dv[d].gone ? d : -1;
}

const antre_deferral_t *antre_queue_find_deferral(const antre_queue_t *q, const char *key)
{
	char k[ANTRE_TICKET_ID_LEN + 1];
	int d;

	queue_normalise_key(key, k);
	if (k[0] == '\0')
		return NULL;
	d = queue_deferral_index(q, k);
	return d >= 0 ? &q->dv[d] : NULL;
}

int antre_queue_deferral_count(const antre_queue_t *q)
{
	return q->nd;
}

const antre_deferral_t *antre_queue_deferral_at(const antre_queue_t *q, int i)
{
	return i >= 0 && i < q->nd && !q->dv[i].gone ? &q->dv[i] : NULL;
}

/* ---- reads ---- */

const char *antre_queue_day(const antre_queue_t *q)
{
	return q->day;
}

int64_t antre_queue_day_seq(const antre_queue_t *q)
{
	return q->day_seq;
}

int64_t antre_queue_seq(const antre_queue_t *q)
{
	return q->seq;
}

void antre_queue_set_seq(antre_queue_t *q, int64_t seq)
{
	if (seq > q->seq)
		q->seq = seq;
}

int antre_queue_ticket_count(const antre_queue_t *q)
{
	return q->n;
}

const antre_ticket_t *antre_queue_ticket_at(const antre_queue_t *q, int i)
{
	return i >= 0 && i < q->n ? &q->t[i] : NULL;
}

const antre_ticket_t *antre_queue_find(const antre_queue_t *q, const char *id)
{
	return antre_queue_ticket_at(q, ticket_index(q, id));
}

const antre_ticket_t *antre_queue_find_number(const antre_queue_t *q, const char *number)
{
	return antre_queue_ticket_at(q, antre_idmap_get(&q->by_number, number));
}

antre_counter_status_t antre_queue_counter_status(const antre_queue_t *q, int counter)
{
	return q->counters[counter];
}

int antre_queue_waiting(const antre_queue_t *q, int service)
{
	return q->heap[service][0].n + q->heap[service][1].n;
}

int antre_queue_waiting_priority(const antre_queue_t *q, int service)
{
	return q->heap[service][1].n;
}

int64_t antre_queue_oldest_ready_ms(const antre_queue_t *q, int service)
{
	int64_t oldest = 0;
	for (int p = 0; p < 2; p++) {
		int top = antre_heap_top(&q->heap[service][p]);
		if (top >= 0 && (oldest == 0 || q->t[top].ready_at < oldest))
			oldest = q->t[top].ready_at;
	}
	return oldest;
}

int antre_queue_ahead(const antre_queue_t *q, const antre_ticket_t *t)
{
	const antre_heap_t *reg = &q->heap[t->service][0], *pri = &q->heap[t->service][1];
	int ahead = 0;

	if (t->state != ANTRE_TS_WAITING)
		return 0;
	/* Priority tickets go first; regular ones are counted only for a regular ticket. */
	for (int k = 0; k < pri->n; k++)
		if (!t->priority || antre_ticket_before(&q->t[pri->v[k]], t))
			ahead++;
	if (!t->priority)
		for (int k = 0; k < reg->n; k++)
			if (antre_ticket_before(&q->t[reg->v[k]], t))
				ahead++;
	return ahead;
}

int antre_queue_ahead_newest(const antre_queue_t *q, const antre_ticket_t *t)
{
	int pri = q->heap[t->service][1].n, reg = q->heap[t->service][0].n;
	if (t->state != ANTRE_TS_WAITING)
		return 0;
	if (t->returning)   /* ahead of the line it joined: count (a rare ticket) */
		return antre_queue_ahead(q, t);
	return t->priority ? pri - 1 : pri + reg - 1;
}

int antre_queue_open_counters(const antre_queue_t *q, int service)
{
	int open = 0;
	for (int c = 0; c < q->cfg->n_counters; c++)
		if (q->counters[c].state == ANTRE_CS_OPEN &&
		    antre_config_counter_serves(q->cfg, c, service))
			open++;
	return open;
}

/* The open counters' capacity for a service, in counters. A counter shared with other
 * services calls from one fair line across them, so it works for each in proportion
 * to the people waiting there: its share is this service's waiting (at least 1, the
 * ticket asked about) over all waiting at the services it serves. */
static double open_capacity(const antre_queue_t *q, int service)
{
	int own = antre_queue_waiting(q, service);
	double cap = 0.0;
	if (own < 1)
		own = 1;
	for (int c = 0; c < q->cfg->n_counters; c++) {
		int others = 0;
		if (q->counters[c].state != ANTRE_CS_OPEN ||
		    !antre_config_counter_serves(q->cfg, c, service))
			continue;
		for (int s = 0; s < q->cfg->n_services; s++)
			if (s != service && antre_config_counter_serves(q->cfg, c, s))
				others += antre_queue_waiting(q, s);
		cap += (double)own / (double)(own + others);
	}
	return cap;
}

int antre_queue_est_wait_s(const antre_queue_t *q, int service, int ahead)
{
	double cap = open_capacity(q, service);
	if (cap <= 0.0)
		return ANTRE_EST_UNKNOWN;
	return (int)((ahead * q->mean_ms[service] / cap + 999.0) / 1000.0);
}

antre_service_status_t antre_queue_service_status(const antre_queue_t *q, int service,
						  const char **reason)
{
	if (reason)
		*reason = q->status_reason[service];
	return q->status[service];
}

int antre_queue_issued_today(const antre_queue_t *q, int service)
{
	return q->issued_today[service];
}

int antre_queue_remaining(const antre_queue_t *q, int service)
{
	int quota = q->cfg->services[service].quota;
	if (quota <= 0)
		return -1;
	return q->issued_today[service] < quota ? quota - q->issued_today[service] : 0;
}

int antre_queue_in_hours(const antre_queue_t *q, int service, int64_t utc_ms)
{
	const antre_service_t *svc = &q->cfg->services[service];
	int64_t local_s = utc_ms / 1000 + antre_queue_utc_offset_s(q, utc_ms);
	int minute = (int)((local_s % 86400 + 86400) % 86400 / 60);

	if (svc->n_hours == 0)
		return 1;
	for (int k = 0; k < svc->n_hours; k++)
		if (minute >= svc->hours[k].from_min && minute < svc->hours[k].to_min)
			return 1;
	return 0;
}

int antre_queue_open_now(const antre_queue_t *q, int service, int64_t utc_ms)
{
	return q->status[service] != ANTRE_SS_CLOSED && antre_queue_in_hours(q, service, utc_ms);
}

double antre_queue_service_mean_s(const antre_queue_t *q, int service)
{
	return q->mean_ms[service] / 1000.0;
}

int antre_queue_recent_calls(const antre_queue_t *q, antre_call_t *out)
{
	memcpy(out, q->recent, (size_t)q->n_recent * sizeof(*out));
	return q->n_recent;
}

int32_t antre_queue_utc_offset_s(const antre_queue_t *q, int64_t utc_ms)
{
	return q->clock->utc_offset_s(q->clock, utc_ms);
}

void antre_queue_day_of(const antre_queue_t *q, int64_t utc_ms, char day[ANTRE_DAY_LEN + 1])
{
	int64_t local_s = utc_ms / 1000 + antre_queue_utc_offset_s(q, utc_ms) -
			  (int64_t)q->cfg->reset_at_min * 60;
	int64_t days = local_s >= 0 ? local_s / 86400 : -((-local_s + 86399) / 86400);
	int y, m, d;
	char buf[48];
	antre_civil_from_days(days, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	antre_strlcpy(day, buf, ANTRE_DAY_LEN + 1);
}

const char *antre_queue_strerror(int rc)
{
	switch (rc) {
	case 0:
		return "ok";
	case ANTRE_E_INVALID:
		return "invalid";
	case ANTRE_E_NOTFOUND:
		return "not_found";
	case ANTRE_E_CONFLICT:
		return "conflict";
	case ANTRE_E_FORBIDDEN:
		return "forbidden";
	case ANTRE_E_EARLY:
		return "too_early";
	default:
		return "error";
	}
}

const char *antre_queue_last_error(const antre_queue_t *q)
{
	return q->err;
}

static void dump_printf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void dump_printf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	int n;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
		va_end(ap);
		if ((size_t)n < *cap - *len)
			break;
		*cap = *cap * 2 + (size_t)n;
		*buf = xrealloc(*buf, *cap);
	}
	*len += (size_t)n;
}

typedef struct {
	const antre_deferral_t *d;
} dref_t;

static int by_origin(const void *a, const void *b)
{
	return strcmp(((const dref_t *)a)->d->origin, ((const dref_t *)b)->d->origin);
}

/* The live deferrals by origin: a replay files them in another order than the live
 * engine (it sees only each journey's latest ticket.deferred). */
static void dump_deferrals(const antre_queue_t *q, char **buf, size_t *len, size_t *cap)
{
	dref_t *v = xcalloc((size_t)q->nd + 1, sizeof(dref_t));
	int n = 0;

	for (int d = 0; d < q->nd; d++)
		if (!q->dv[d].gone)
			v[n++].d = &q->dv[d];
	qsort(v, (size_t)n, sizeof(dref_t), by_origin);
	for (int k = 0; k < n; k++) {
		const antre_deferral_t *r = v[k].d;
		dump_printf(buf, len, cap, "deferred %s %s %s %s j %d step %d svc %d pri %d ctr %d "
			    "visit %d since %s on %s back %s at %" PRId64 " resumed '%s' %s\n",
			    r->origin, r->id, r->code, r->number, r->journey, r->step, r->service,
			    r->priority, r->counter, r->visit, r->since, r->deferred_on, r->return_on,
			    r->deferred_at, r->resumed_id, r->resumed_number);
	}
	free(v);
}

char *antre_queue_dump(const antre_queue_t *q)
{
	size_t len = 0, cap = 4096;
	char *buf = xmalloc(cap);

	buf[0] = '\0';
	dump_printf(&buf, &len, &cap, "seq %" PRId64 " day %s from %" PRId64 " last_at %" PRId64
		    "\n", q->seq, q->day, q->day_seq, q->last_at);
	for (int p = 0; p < 26; p++)
		if (q->next_num[p])
			dump_printf(&buf, &len, &cap, "num %c %d\n", 'A' + p, q->next_num[p]);
	for (int c = 0; c < q->cfg->n_counters; c++) {
		const antre_counter_status_t *cs = &q->counters[c];
		dump_printf(&buf, &len, &cap, "counter %d %s ticket %d rsp %d served %d\n", c,
			    antre_counter_state_name(cs->state), cs->ticket, cs->regular_since_priority,
			    cs->served);
	}
	for (int s = 0; s < q->cfg->n_services; s++) {
		dump_printf(&buf, &len, &cap, "service %d %s '%s' issued %d mean %.3f line", s,
			    antre_service_status_name(q->status[s]), q->status_reason[s],
			    q->issued_today[s], q->mean_ms[s]);
		for (int p = 0; p < 2; p++)
			for (int k = 0; k < q->heap[s][p].n; k++)
				dump_printf(&buf, &len, &cap, " %d", q->heap[s][p].v[k]);
		dump_printf(&buf, &len, &cap, "\n");
	}
	for (int i = 0; i < q->n; i++) {
		const antre_ticket_t *t = &q->t[i];
		dump_printf(&buf, &len, &cap,
			    "ticket %d %s %s num %d svc %d j %d step %d pri %d ctr %d kiosk %d called %d %s rec %d "
			    "%" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64
			    " rs %" PRId64 " hp %d %s %s v %d %s %s r %d\n",
			    i, t->id, t->number, t->num, t->service, t->journey, t->step,
			    t->priority, t->counter, t->kiosk, t->ever_called,
			    antre_ticket_state_name(t->state), t->recalls,
			    t->issued_at, t->ready_at, t->called_at, t->started_at,
			    t->finished_at, t->ready_seq, t->heap_pos, t->code, t->origin, t->visit,
			    t->since, t->return_on, t->returning);
	}
	dump_deferrals(q, &buf, &len, &cap);
	for (int k = 0; k < q->n_recent; k++)
		dump_printf(&buf, &len, &cap, "call %" PRId64 " %s %d %d\n", q->recent[k].seq,
			    q->recent[k].number, q->recent[k].counter, q->recent[k].recall);
	return buf;
}
