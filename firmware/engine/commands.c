/* Queue commands: check a request against the state, then emit and apply events.
 * A refused command emits nothing of its own. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "queue_internal.h"
#include "xmalloc.h"

/* Stamp e with the next seq and the command's time, apply it, and record it. */
static void emit(antre_queue_t *q, antre_events_t *out, antre_event_t *e)
{
	int rc;
	e->seq = q->seq + 1;
	e->at_ms = q->now;
	if (e->type != ANTRE_EV_DAY_RESET)
		antre_strlcpy(e->day, q->day, sizeof(e->day));
	rc = antre_queue_apply(q, e);
	if (rc < 0) {
		/* An engine bug, not bad input: commands only emit what they checked. */
		fprintf(stderr, "antre: engine refused its own %s event\n",
			antre_event_type_name(e->type));
		return;
	}
	antre_events_push(out, e);
}

static void ticket_event(antre_event_t *e, antre_event_type_t type, const antre_ticket_t *t)
{
	antre_event_blank(e, type);
	antre_strlcpy(e->ticket, t->id, sizeof(e->ticket));
	antre_strlcpy(e->number, t->number, sizeof(e->number));
	e->service = t->service;
	e->from_service = t->service;
	e->journey = t->journey;
	e->step = t->step;
	e->priority = t->priority;
	e->counter = t->counter >= 0 ? t->counter : -1;
}

/* Whether the office day rolls into `day`, the wall clock's office day now (the rules
 * and the reasons are in docs/clock.md):
 *  a. `day` is later than the office day: roll forward, as it always did;
 *  b. the clock was set back: nothing rolls, the day and its numbers go on;
 *  c. but while the clock is behind the office day, the next reset_at it crosses going
 *     forward (with time, or by a step) rolls into `day` although that label is earlier. */
static int day_is_due(const antre_queue_t *q, const char *day)
{
	char seen[ANTRE_DAY_LEN + 1];
	int cmp = strcmp(day, q->day);

	if (q->day[0] == '\0' || cmp > 0)
		return 1;
	if (cmp == 0)
		return 0;
	antre_queue_day_of(q, q->wall_seen, seen);
	return strcmp(day, seen) > 0;
}

/* Start a command: read the injected clock, stamp the command with it (never before
 * the newest event, so the fair line keeps its order), and roll the day if due. A roll
 * into a label the office has used before (only after the clock was set back) keeps
 * the daily numbers running, so no number repeats under a label. */
static void begin(antre_queue_t *q, antre_events_t *out)
{
	int64_t wall = q->clock->now_ms(q->clock);
	char day[ANTRE_DAY_LEN + 1];
	antre_event_t e;
	int carried = 0, due;

	q->now = wall > q->last_at ? wall : q->last_at;
	q->err[0] = '\0';
	if (!q->wall_seen_set)
		q->wall_seen = q->last_at;   /* the first look after a replay: the newest event */
	antre_queue_day_of(q, wall, day);
	due = day_is_due(q, day);
	q->wall_seen = wall;
	q->wall_seen_set = 1;
	if (!due)
		return;
	/* A new day starts at the wall clock's time, even one before the newest event
	 * (a clock that was far ahead): from here on times are true again. */
	q->now = wall;
	for (int i = 0; i < q->n; i++) {
		if (!queue_is_open(&q->t[i]))
			continue;
		if (q->cfg->carry_over) {
			carried++;
			continue;
		}
		ticket_event(&e, ANTRE_EV_TICKET_EXPIRED, &q->t[i]);
		emit(q, out, &e);
	}
	antre_event_blank(&e, ANTRE_EV_DAY_RESET);
	antre_strlcpy(e.day, day, sizeof(e.day));
	e.aux = carried;
	if (strcmp(day, q->day_high) <= 0)
		e.aux |= ANTRE_RESET_KEEPS_NUMBERS;
	emit(q, out, &e);
}

int antre_queue_tick(antre_queue_t *q, antre_events_t *out)
{
	begin(q, out);
	return 0;
}

static void new_ticket_id(antre_queue_t *q, char id[ANTRE_TICKET_ID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t raw[ANTRE_TICKET_ID_LEN / 2];
	char code[ANTRE_CODE_LEN + 1];
	do {
		q->clock->random_bytes(q->clock, raw, sizeof(raw));
		for (size_t k = 0; k < sizeof(raw); k++) {
			id[2 * k] = hex[raw[k] >> 4];
			id[2 * k + 1] = hex[raw[k] & 15];
		}
		id[ANTRE_TICKET_ID_LEN] = '\0';
		antre_ticket_code(id, code);
		/* the code, too, names one ticket: none of today's, no deferred journey's */
	} while (antre_idmap_get(&q->by_id, id) >= 0 || antre_idmap_get(&q->by_key, id) >= 0 ||
		 antre_idmap_get(&q->by_code, code) >= 0 || antre_idmap_get(&q->by_key, code) >= 0);
}

static const char *name_en(const antre_service_t *svc)
{
	return svc->name_en[0] ? svc->name_en : svc->name;
}

/* Why service s takes no ticket now (closed, or outside its hours), with when it
 * opens again; 0 when it takes one. */
static int refuse_closed(antre_queue_t *q, int s)
{
	const antre_service_t *svc = &q->cfg->services[s];
	int64_t local_s;
	int minute, k;
	const char *reason;

	if (antre_queue_service_status(q, s, &reason) == ANTRE_SS_CLOSED)
		return queue_refuse(q, ANTRE_E_CLOSED, "Layanan %s ditutup%s%s / %s is closed%s%s",
				    svc->name, reason[0] ? ": " : "", reason, name_en(svc),
				    reason[0] ? ": " : "", reason);
	if (svc->n_hours == 0 || antre_queue_in_hours(q, s, q->now))
		return 0;   /* the common case asks the clock for no time zone */
	local_s = q->now / 1000 + antre_queue_utc_offset_s(q, q->now);
	minute = (int)((local_s % 86400 + 86400) % 86400 / 60);
	for (k = 0; k < svc->n_hours && svc->hours[k].from_min <= minute; k++)
		;
	{
		int today = k < svc->n_hours, at = svc->hours[today ? k : 0].from_min;
		return queue_refuse(q, ANTRE_E_CLOSED, "Layanan %s buka %spukul %02d:%02d / %s "
				    "opens %sat %02d:%02d", svc->name, today ? "" : "besok ",
				    at / 60, at % 60, name_en(svc), today ? "" : "tomorrow ",
				    at / 60, at % 60);
	}
}

/* A kiosk ticket needs a unit of the quota of its service, or of every service of
 * its journey; an administrator issues past the quota. */
static int refuse_quota(antre_queue_t *q, const antre_issue_t *req, int service)
{
	const antre_config_t *cfg = q->cfg;
	const int *list = &service;
	int n = 1;

	if (req->kiosk < 0)
		return 0;
	if (req->journey >= 0) {
		list = cfg->journeys[req->journey].steps;
		n = cfg->journeys[req->journey].n_steps;
	}
	for (int k = 0; k < n; k++) {
		const antre_service_t *svc = &cfg->services[list[k]];
		if (antre_queue_remaining(q, list[k]) == 0)
			return queue_refuse(q, ANTRE_E_QUOTA, "Kuota %s hari ini sudah habis / "
					    "Today's quota for %s is used up (%d)", svc->name,
					    name_en(svc), svc->quota);
	}
	return 0;
}

int antre_queue_set_status(antre_queue_t *q, int service, antre_service_status_t status,
			   const char *reason, antre_events_t *out)
{
	const char *now_reason;
	antre_event_t e;

	begin(q, out);
	if (service < 0 || service >= q->cfg->n_services)
		return queue_refuse(q, ANTRE_E_INVALID, "no such service");
	if ((int)status < 0 || (int)status >= ANTRE_SS__COUNT)
		return queue_refuse(q, ANTRE_E_INVALID, "a status is open, limited or closed");
	if (reason == NULL)
		reason = "";
	if (strlen(reason) >= ANTRE_REASON_MAX)
		return queue_refuse(q, ANTRE_E_INVALID, "a reason has at most %d bytes",
				    ANTRE_REASON_MAX - 1);
	if (antre_queue_service_status(q, service, &now_reason) == status &&
	    strcmp(now_reason, reason) == 0)
		return 0;   /* asking twice is harmless */
	antre_event_blank(&e, ANTRE_EV_SERVICE_STATUS);
	e.service = service;
	e.aux = status;
	antre_strlcpy(e.reason, reason, sizeof(e.reason));
	emit(q, out, &e);
	return 0;
}

/* Whether the request's idempotency key (from its kiosk) made ticket id: the same
 * request sent again because its answer was lost. */
static int made_by(const antre_queue_t *q, const antre_issue_t *req, const char *id)
{
	char key[ANTRE_IDEM_MAX + 16];
	int i;

	if (req->idem == NULL || req->idem[0] == '\0' || strlen(req->idem) >= ANTRE_IDEM_MAX)
		return 0;
	queue_idem_key(key, sizeof(key), req->kiosk, req->idem);
	i = antre_idmap_get(&q->by_idem, key);
	return i >= 0 && strcmp(q->t[i].id, id) == 0;
}

/* A return visit: a new ticket of today at the deferred step, linked to its journey,
 * or the one a resume made today already: 2 when this very request made it (sent again
 * with its idempotency key: the applicant has no paper of it yet), else 1 (a second
 * scan: the applicant holds it). */
int antre_queue_resume(antre_queue_t *q, const char *key, const antre_issue_t *req,
		       antre_events_t *out, const antre_ticket_t **ticket)
{
	const antre_config_t *cfg = q->cfg;
	const antre_deferral_t *r;
	antre_event_t e;
	int prefix, num;

	if (ticket)
		*ticket = NULL;
	begin(q, out);
	r = antre_queue_find_deferral(q, key);
	if (r == NULL)
		return queue_refuse(q, ANTRE_E_NOTFOUND, "Kode %.40s tidak dikenal / No deferred "
				    "journey has the code %.40s", key, key);
	if (r->resumed_id[0]) {   /* twice the same day: the ticket of the first time */
		if (ticket)
			*ticket = antre_queue_find(q, r->resumed_id);
		return made_by(q, req, r->resumed_id) ? 2 : 1;
	}
	if (strcmp(q->day, r->return_on) < 0)
		return queue_refuse(q, ANTRE_E_EARLY, "%s kembali pada %s, belum hari ini / %s is "
				    "due back on %s, not before", r->number, r->return_on, r->number,
				    r->return_on);
	if (r->journey >= cfg->n_journeys || r->service >= cfg->n_services)
		return queue_refuse(q, ANTRE_E_INVALID, "the journey of %s is no longer configured",
				    r->number);
	if (refuse_closed(q, r->service) < 0)
		return ANTRE_E_CLOSED;
	antre_event_blank(&e, ANTRE_EV_TICKET_ISSUED);
	prefix = (unsigned char)cfg->journeys[r->journey].prefix[0];
	num = q->next_num[prefix - 'A'] + 1;
	new_ticket_id(q, e.ticket);
	snprintf(e.number, sizeof(e.number), "%c%0*d", prefix, cfg->number_width, num);
	e.aux = num;
	e.service = r->service;
	e.journey = r->journey;
	e.step = r->step;
	e.priority = r->priority;
	e.kiosk = req->kiosk;
	if (req->idem)
		antre_strlcpy(e.idem, req->idem, sizeof(e.idem));
	antre_strlcpy(e.lang, req->lang ? (strcmp(req->lang, "en") == 0 ? "en" : "id") : r->lang,
		      sizeof(e.lang));
	antre_strlcpy(e.resumes, r->id, sizeof(e.resumes));
	antre_strlcpy(e.origin, r->origin, sizeof(e.origin));
	antre_strlcpy(e.since, r->since, sizeof(e.since));
	e.visit = r->visit + 1;
	emit(q, out, &e);
	if (ticket)
		*ticket = antre_queue_find(q, e.ticket);
	return 0;
}

int antre_queue_issue(antre_queue_t *q, const antre_issue_t *req, antre_events_t *out,
		      const antre_ticket_t **ticket)
{
	const antre_config_t *cfg = q->cfg;
	int service = req->service, journey = req->journey;
	antre_event_t e;
	int prefix, num;

	if (ticket)
		*ticket = NULL;
	begin(q, out);
	if ((service < 0) == (journey < 0))
		return queue_refuse(q, ANTRE_E_INVALID, "name either a service or a journey");
	if (journey >= cfg->n_journeys || service >= cfg->n_services)
		return queue_refuse(q, ANTRE_E_INVALID, "no such service or journey");
	if (req->idem && strlen(req->idem) >= ANTRE_IDEM_MAX)
		return queue_refuse(q, ANTRE_E_INVALID, "an idempotency key has at most %d "
				    "characters", ANTRE_IDEM_MAX - 1);
	if (req->idem && req->idem[0]) {
		char key[ANTRE_IDEM_MAX + 16];
		int i;
		queue_idem_key(key, sizeof(key), req->kiosk, req->idem);
		i = antre_idmap_get(&q->by_idem, key);
		if (i >= 0) {   /* a retry: the ticket this request already made */
			if (ticket)
				*ticket = &q->t[i];
			return 1;
		}
	}
	if (journey >= 0)
		service = cfg->journeys[journey].steps[0];
	/* A journey needs its first desk open; the later ones may open later. */
	if (refuse_closed(q, service) < 0)
		return ANTRE_E_CLOSED;
	if (refuse_quota(q, req, service) < 0)
		return ANTRE_E_QUOTA;

	antre_event_blank(&e, ANTRE_EV_TICKET_ISSUED);
	/* The config admits only the letters A-Z as prefixes. */
	prefix = (unsigned char)(journey >= 0 ? cfg->journeys[journey].prefix
					      : cfg->services[service].prefix)[0];
	num = q->next_num[prefix - 'A'] + 1;
	new_ticket_id(q, e.ticket);
	snprintf(e.number, sizeof(e.number), "%c%0*d", prefix, cfg->number_width, num);
	e.aux = num;
	e.service = service;
	e.journey = journey;
	e.step = 0;
	e.priority = req->priority ? 1 : 0;
	e.kiosk = req->kiosk;
	if (req->idem)
		antre_strlcpy(e.idem, req->idem, sizeof(e.idem));
	antre_strlcpy(e.lang, req->lang && strcmp(req->lang, "en") == 0 ? "en" : "id", sizeof(e.lang));
	emit(q, out, &e);
	if (ticket)
		*ticket = antre_queue_find(q, e.ticket);
	return 0;
}

/* The next ticket for counter c: priority rules first, then one fair line by
 * (ready_at, seq) across every service the counter serves. */
static int next_for_counter(const antre_queue_t *q, int c)
{
	const antre_counter_t *ct = &q->cfg->counters[c];
	int best[2] = { -1, -1 };

	for (int k = 0; k < ct->n_services; k++) {
		for (int p = 0; p < 2; p++) {
			int top = antre_heap_top(&q->heap[ct->services[k]][p]);
			if (top >= 0 && (best[p] < 0 || antre_ticket_before(&q->t[top], &q->t[best[p]])))
				best[p] = top;
		}
	}
	if (best[1] < 0 || best[0] < 0)
		return best[1] >= 0 ? best[1] : best[0];
	if (q->cfg->priority_policy == ANTRE_PRIORITY_STRICT ||
	    q->counters[c].regular_since_priority >= q->cfg->priority_n - 1)
		return best[1];
	return best[0];
}

/* Where a ticket goes after finishing its current service: the next journey step, back
 * to the step it was detoured from, or nowhere (done: *service = -1). */
static void next_step(const antre_queue_t *q, const antre_ticket_t *t, int *service, int *step)
{
	const antre_journey_t *j;

	*service = -1;
	*step = t->step;
	if (t->journey < 0)
		return;
	j = &q->cfg->journeys[t->journey];
	if (t->service != j->steps[t->step]) {
		*service = j->steps[t->step];
	} else if (t->step + 1 < j->n_steps) {
		*step = t->step + 1;
		*service = j->steps[*step];
	}
}

static void finish_held(antre_queue_t *q, int c, antre_events_t *out)
{
	int i = q->counters[c].ticket;
	antre_event_t e;
	int service, step;

	if (i < 0)
		return;
	next_step(q, &q->t[i], &service, &step);
	ticket_event(&e, ANTRE_EV_TICKET_FINISHED, &q->t[i]);
	e.service = service;
	e.step = step;
	emit(q, out, &e);
}

static void counter_event(antre_queue_t *q, int c, antre_event_type_t type, antre_events_t *out)
{
	antre_event_t e;
	antre_event_blank(&e, type);
	e.counter = c;
	emit(q, out, &e);
}

static void call_ticket(antre_queue_t *q, int c, int i, antre_events_t *out)
{
	antre_event_t e;
	if (q->counters[c].state != ANTRE_CS_OPEN)
		counter_event(q, c, ANTRE_EV_COUNTER_OPENED, out);
	ticket_event(&e, ANTRE_EV_TICKET_CALLED, &q->t[i]);
	e.counter = c;
	emit(q, out, &e);
}

static int refuse_held(antre_queue_t *q, int c, const char *doing)
{
	const antre_ticket_t *t = &q->t[q->counters[c].ticket];
	return queue_refuse(q, ANTRE_E_CONFLICT, "%s holds %s (%s); finish, transfer or mark it "
			    "no-show before %s", q->cfg->counters[c].name, t->number,
			    antre_ticket_state_name(t->state), doing);
}

static int refuse_none(antre_queue_t *q, int c, const char *what)
{
	return queue_refuse(q, ANTRE_E_CONFLICT, "%s has no ticket to %s; call one first",
			    q->cfg->counters[c].name, what);
}

static int set_counter_state(antre_queue_t *q, int c, antre_action_t a, antre_events_t *out)
{
	static const antre_counter_state_t target[] = { ANTRE_CS_OPEN, ANTRE_CS_PAUSED,
							ANTRE_CS_CLOSED };
	static const antre_event_type_t type[] = { ANTRE_EV_COUNTER_OPENED,
						   ANTRE_EV_COUNTER_PAUSED,
						   ANTRE_EV_COUNTER_CLOSED };
	if (q->counters[c].state == target[a])
		return 0; /* asking twice is harmless */
	if (a != ANTRE_ACT_OPEN && q->counters[c].ticket >= 0)
		return refuse_held(q, c, a == ANTRE_ACT_PAUSE ? "pausing" : "closing");
	counter_event(q, c, type[a], out);
	return 0;
}

/* The ticket a clerk's typed number names: as typed (without case), else the letter and
 * the daily number's value written at the office's width, so "b3" and "B0003" are B003
 * (a number is only ever issued so). Anything else is looked up as typed. */
static int find_number(const antre_queue_t *q, const char *typed, char number[ANTRE_NUMBER_MAX])
{
	size_t k;
	int value = 0, i;

	for (k = 0; typed[k]; k++)
		number[k] = (char)toupper((unsigned char)typed[k]);
	number[k] = '\0';
	i = antre_idmap_get(&q->by_number, number);
	if (i >= 0 || number[0] < 'A' || number[0] > 'Z' || number[1] == '\0')
		return i;
	for (k = 1; number[k]; k++) {
		if (!isdigit((unsigned char)number[k]) || value > 99999999)
			return -1;
		value = value * 10 + (number[k] - '0');
	}
	{
		char canonical[ANTRE_NUMBER_MAX];
		snprintf(canonical, sizeof(canonical), "%c%0*d", number[0], q->cfg->number_width, value);
		i = antre_idmap_get(&q->by_number, canonical);
		if (i >= 0)
			antre_strlcpy(number, canonical, ANTRE_NUMBER_MAX);
	}
	return i;
}

const antre_ticket_t *antre_queue_find_typed(const antre_queue_t *q, const char *typed)
{
	char number[ANTRE_NUMBER_MAX];

	if (strlen(typed) >= ANTRE_NUMBER_MAX)
		return NULL;
	return antre_queue_ticket_at(q, find_number(q, typed, number));
}

static int call_number(antre_queue_t *q, int c, const char *arg, antre_events_t *out)
{
	const antre_config_t *cfg = q->cfg;
	char number[ANTRE_NUMBER_MAX];
	const antre_ticket_t *t;
	const antre_service_t *svc;
	int i;

	if (arg == NULL || strlen(arg) == 0 || strlen(arg) >= sizeof(number))
		return queue_refuse(q, ANTRE_E_INVALID, "call needs a ticket number such as A017");
	i = find_number(q, arg, number);
	if (i < 0)
		return queue_refuse(q, ANTRE_E_NOTFOUND, "no ticket %s today", number);
	t = &q->t[i];
	if (t->state != ANTRE_TS_WAITING && t->state != ANTRE_TS_NO_SHOW) {
		if (t->counter >= 0)
			return queue_refuse(q, ANTRE_E_CONFLICT, "%s is already %s at %s",
					    number, antre_ticket_state_name(t->state),
					    cfg->counters[t->counter].name);
		return queue_refuse(q, ANTRE_E_CONFLICT, "%s is %s and cannot be called", number,
				    antre_ticket_state_name(t->state));
	}
	/* Called here, it would be finished here, and its step for another desk marked
	 * done: a clerk who means to serve it transfers it first (from the desk that holds
	 * it) or leaves it to a desk that serves its service. */
	svc = &cfg->services[t->service];
	if (!antre_config_counter_serves(cfg, c, t->service))
		return queue_refuse(q, ANTRE_E_CONFLICT, "%s menunggu %s; %s tidak melayani %s / "
				    "%s waits for %s, which %s does not serve", number, svc->name,
				    cfg->counters[c].name, svc->name, number,
				    svc->name_en[0] ? svc->name_en : svc->name, cfg->counters[c].name);
	finish_held(q, c, out);
	call_ticket(q, c, i, out);
	return 0;
}

static int transfer(antre_queue_t *q, int c, const char *arg, antre_events_t *out)
{
	const antre_config_t *cfg = q->cfg;
	const antre_ticket_t *t;
	antre_event_t e;
	int s, i = q->counters[c].ticket;

	if (i < 0)
		return refuse_none(q, c, "transfer");
	s = arg ? antre_config_service_index(cfg, arg) : -1;
	if (s < 0)
		return queue_refuse(q, ANTRE_E_INVALID, "unknown service '%s'", arg ? arg : "");
	t = &q->t[i];
	ticket_event(&e, ANTRE_EV_TICKET_TRANSFERRED, t);
	e.service = s;
	/* A journey continues from the new service when it is one of its steps; any other
	 * service is a detour, after which the ticket returns to its step. */
	if (t->journey >= 0) {
		const antre_journey_t *j = &cfg->journeys[t->journey];
		for (int k = 0; k < j->n_steps; k++) {
			if (j->steps[k] == s) {
				e.step = k;
				break;
			}
		}
	}
	emit(q, out, &e);
	return 0;
}

/* defer DATE [same|next]: today's visit of the held journey ticket ends; it comes back
 * on DATE, at this desk (same) or at its next one (next). */
static int defer(antre_queue_t *q, int c, const char *arg, antre_events_t *out)
{
	const antre_ticket_t *t;
	char date[ANTRE_DAY_LEN + 1];
	const char *how;
	int64_t back, today;
	antre_event_t e;
	int i = q->counters[c].ticket;

	if (i < 0)
		return refuse_none(q, c, "defer");
	t = &q->t[i];
	if (t->journey < 0)
		return queue_refuse(q, ANTRE_E_CONFLICT, "%s is no journey ticket: only a journey "
				    "(several desks) can come back another day; finish it instead",
				    t->number);
	if (arg == NULL || strlen(arg) < ANTRE_DAY_LEN)
		return queue_refuse(q, ANTRE_E_INVALID, "defer needs a return date such as "
				    "2026-12-07");
	antre_strlcpy(date, arg, sizeof(date));
	how = arg + ANTRE_DAY_LEN;
	while (*how == ' ')
		how++;
	back = antre_day_parse(date);
	today = antre_day_parse(q->day);
	if (back < 0)
		return queue_refuse(q, ANTRE_E_INVALID, "'%.20s' is no date; write it as YYYY-MM-DD",
				    date);
	if (back <= today || back > today + ANTRE_DEFER_MAX_DAYS)
		return queue_refuse(q, ANTRE_E_INVALID, "the return date must be after today (%s) "
				    "and at most %d days ahead", q->day, ANTRE_DEFER_MAX_DAYS);
	if (how[0] && strcmp(how, "same") != 0 && strcmp(how, "next") != 0)
		return queue_refuse(q, ANTRE_E_INVALID, "step is \"same\" or \"next\", not '%.20s'",
				    how);
	ticket_event(&e, ANTRE_EV_TICKET_DEFERRED, t);
	if (strcmp(how, "next") == 0) {
		next_step(q, t, &e.service, &e.step);
		if (e.service < 0)
			return queue_refuse(q, ANTRE_E_CONFLICT, "%s is at the last desk of its "
					    "journey: there is no next desk to come back to; defer "
					    "it to this desk or finish it", t->number);
	}
	antre_strlcpy(e.return_on, date, sizeof(e.return_on));
	antre_strlcpy(e.origin, t->origin, sizeof(e.origin));
	antre_strlcpy(e.since, t->since, sizeof(e.since));
	e.visit = t->visit;
	emit(q, out, &e);
	return 0;
}

static int held_action(antre_queue_t *q, int c, antre_action_t a, antre_events_t *out)
{
	int i = q->counters[c].ticket;
	const antre_ticket_t *t;
	antre_event_t e;

	if (i < 0)
		return refuse_none(q, c, antre_action_name(a));
	t = &q->t[i];
	if (a == ANTRE_ACT_FINISH) {
		finish_held(q, c, out);
		return 0;
	}
	if (t->state != ANTRE_TS_CALLED)
		return queue_refuse(q, ANTRE_E_CONFLICT, "%s is already being served at %s; "
				    "%s applies only to a called ticket", t->number,
				    q->cfg->counters[c].name, antre_action_name(a));
	ticket_event(&e, a == ANTRE_ACT_RECALL  ? ANTRE_EV_TICKET_RECALLED
			 : a == ANTRE_ACT_START ? ANTRE_EV_TICKET_STARTED
						: ANTRE_EV_TICKET_NO_SHOW, t);
	if (a == ANTRE_ACT_RECALL)
		e.aux = t->recalls + 1;   /* how many recalls, for displays */
	emit(q, out, &e);
	return 0;
}

int antre_queue_counter(antre_queue_t *q, int counter, antre_action_t action,
			const char *arg, antre_events_t *out, const antre_ticket_t **ticket)
{
	int rc = 0, i;

	if (ticket)
		*ticket = NULL;
	begin(q, out);
	if (counter < 0 || counter >= q->cfg->n_counters)
		return queue_refuse(q, ANTRE_E_NOTFOUND, "no such counter");
	i = q->counters[counter].ticket;
	switch (action) {
	case ANTRE_ACT_OPEN:
	case ANTRE_ACT_PAUSE:
	case ANTRE_ACT_CLOSE:
		rc = set_counter_state(q, counter, action, out);
		break;
	case ANTRE_ACT_CALL_NEXT:
		finish_held(q, counter, out);
		i = next_for_counter(q, counter);
		if (i < 0) {
			if (q->counters[counter].state != ANTRE_CS_OPEN)
				counter_event(q, counter, ANTRE_EV_COUNTER_OPENED, out);
			break;
		}
		call_ticket(q, counter, i, out);
		break;
	case ANTRE_ACT_CALL:
		rc = call_number(q, counter, arg, out);
		i = q->counters[counter].ticket;
		break;
	case ANTRE_ACT_TRANSFER:
		rc = transfer(q, counter, arg, out);
		break;
	case ANTRE_ACT_DEFER:
		rc = defer(q, counter, arg, out);
		break;
	case ANTRE_ACT_RECALL:
	case ANTRE_ACT_START:
	case ANTRE_ACT_FINISH:
	case ANTRE_ACT_NO_SHOW:
		rc = held_action(q, counter, action, out);
		break;
	default:
		return queue_refuse(q, ANTRE_E_INVALID, "unknown counter action");
	}
	if (rc == 0 && ticket)
		*ticket = antre_queue_ticket_at(q, i);
	return rc;
}

int antre_queue_cancel(antre_queue_t *q, const char *ticket_id, const char *reason,
		       int by_kiosk, antre_events_t *out, const antre_ticket_t **ticket)
{
	const antre_ticket_t *t;
	antre_event_t e;

	if (ticket)
		*ticket = NULL;
	begin(q, out);
	t = antre_queue_find(q, ticket_id);
	if (t == NULL)
		return queue_refuse(q, ANTRE_E_NOTFOUND, "no open ticket with that id today");
	if (by_kiosk >= 0 && t->kiosk != by_kiosk)
		return queue_refuse(q, ANTRE_E_FORBIDDEN, "%s was not issued by this kiosk; only "
				    "an administrator can cancel it", t->number);
	if (!queue_is_open(t) && t->state != ANTRE_TS_NO_SHOW)
		return queue_refuse(q, ANTRE_E_CONFLICT, "%s is already %s", t->number,
				    antre_ticket_state_name(t->state));
	if (by_kiosk >= 0 && (t->state != ANTRE_TS_WAITING || t->ever_called))
		return queue_refuse(q, ANTRE_E_FORBIDDEN, "%s has already been called; a kiosk "
				    "cancels only a ticket that was never called (a failed print), "
				    "so ask an administrator", t->number);
	if (reason && strcmp(reason, "print_failed") == 0 &&
	    (t->state != ANTRE_TS_WAITING || t->ever_called))
		return queue_refuse(q, ANTRE_E_CONFLICT, "%s has already been called, so its "
				    "paper was printed: cancel it with another reason", t->number);
	ticket_event(&e, ANTRE_EV_TICKET_CANCELLED, t);
	antre_strlcpy(e.reason, reason && reason[0] ? reason : "admin", sizeof(e.reason));
	emit(q, out, &e);
	if (ticket)
		*ticket = antre_queue_find(q, ticket_id);
	return 0;
}

int antre_queue_set_aside(antre_queue_t *q, const char *ticket_id, const char *reason,
			  antre_events_t *out)
{
	const antre_ticket_t *t;
	antre_event_t e;

	begin(q, out);
	t = antre_queue_find(q, ticket_id);
	if (t == NULL || !queue_is_open(t))
		return queue_refuse(q, ANTRE_E_NOTFOUND, "no open ticket with that id today");
	ticket_event(&e, ANTRE_EV_TICKET_NO_SHOW, t);
	e.counter = -1;
	antre_strlcpy(e.reason, reason, sizeof(e.reason));
	emit(q, out, &e);
	return 0;
}
