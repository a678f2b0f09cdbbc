/* The display's board model. */
#include "board.h"

#include <stdio.h>
#include <string.h>

#include "number.h"
#include "speech.h"
#include "wire.h"

static void copy(char *dst, size_t cap, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	snprintf(dst, cap, "%s", s ? s : "");
}

/* A counter state by its wire name; one this build does not know is shown as open
 * (what it was before the tables: neither closed nor paused). */
static antre_counter_state_t state_of(const char *name)
{
	int s = antre_counter_state_parse(name);
	return s >= 0 ? (antre_counter_state_t)s : ANTRE_CS_OPEN;
}

static board_counter_t *counter(board_t *b, const char *id)
{
	if (id == NULL)
		return NULL;
	for (int i = 0; i < b->n_counters; i++)
		if (strcmp(b->counters[i].id, id) == 0)
			return &b->counters[i];
	return NULL;
}

static void add_prefixes(board_t *b, json_t *list)
{
	size_t i, n = strlen(b->prefixes);
	json_t *v;
	json_array_foreach(list, i, v) {
		const char *p = json_string_value(json_object_get(v, "prefix"));
		if (p && p[0] && n + 1 < sizeof(b->prefixes) && strchr(b->prefixes, p[0]) == NULL) {
			b->prefixes[n++] = p[0];
			b->prefixes[n] = '\0';
		}
	}
}

void board_init(board_t *b, json_t *office)
{
	size_t i;
	json_t *v;

	memset(b, 0, sizeof(*b));
	copy(b->office, sizeof(b->office), office, "name");
	copy(b->office_en, sizeof(b->office_en), office, "name_en");
	copy(b->marquee, sizeof(b->marquee), office, "marquee");
	json_array_foreach(json_object_get(office, "counters"), i, v) {
		board_counter_t *c;
		if (b->n_counters >= BOARD_MAX_COUNTERS)
			break;
		c = &b->counters[b->n_counters++];
		copy(c->id, sizeof(c->id), v, "id");
		copy(c->name, sizeof(c->name), v, "name");
		c->state = ANTRE_CS_CLOSED;
	}
	b->number_width = (int)json_integer_value(json_object_get(office, "number_width"));
	add_prefixes(b, json_object_get(office, "services"));
	add_prefixes(b, json_object_get(office, "journeys"));
	json_array_foreach(json_object_get(office, "services"), i, v) {
		board_service_t *s;
		if (b->n_services >= BOARD_MAX_SERVICES)
			break;
		s = &b->services[b->n_services++];
		copy(s->id, sizeof(s->id), v, "id");
		copy(s->name, sizeof(s->name), v, "name");
		copy(s->name_en, sizeof(s->name_en), v, "name_en");
		s->remaining = -1;
	}
	b->banner_counter = -1;
	json_array_foreach(json_object_get(office, "counters"), i, v) {
		size_t k;
		json_t *sv;
		if ((int)i >= b->n_counters)
			break;
		json_array_foreach(json_object_get(v, "services"), k, sv) {
			const char *id = json_string_value(sv);
			for (int s = 0; id && s < b->n_services; s++)
				if (strcmp(b->services[s].id, id) == 0)
					b->counters[i].serves |= 1u << s;
		}
	}
}

void board_banners_for(board_t *b, const char *counter_id)
{
	b->banner_counter = -1;
	for (int i = 0; counter_id && i < b->n_counters; i++)
		if (strcmp(b->counters[i].id, counter_id) == 0)
			b->banner_counter = i;
}

/* The newest call of a number goes first; an older one of the same number is dropped
 * from the list, so the earlier calls name each ticket once. */
static void push_call(board_t *b, const board_call_t *call)
{
	for (int i = 0; i < b->n_calls; i++) {
		if (strcmp(b->calls[i].number, call->number) != 0)
			continue;
		memmove(&b->calls[i], &b->calls[i + 1],
			(size_t)(b->n_calls - i - 1) * sizeof(b->calls[0]));
		b->n_calls--;
		break;
	}
	memmove(&b->calls[1], &b->calls[0],
		(size_t)(b->n_calls < BOARD_CALLS ? b->n_calls : BOARD_CALLS - 1) * sizeof(b->calls[0]));
	b->calls[0] = *call;
	if (b->n_calls < BOARD_CALLS)
		b->n_calls++;
}

static board_service_t *service(board_t *b, const char *id)
{
	for (int k = 0; k < b->n_services && id; k++)
		if (strcmp(b->services[k].id, id) == 0)
			return &b->services[k];
	return NULL;
}

/* "HH:MM" → minutes, or -1. */
static int minutes(const char *s, size_t n)
{
	char hh[3], mm[3];
	int h, m;
	if (n != 5 || s[2] != ':')
		return -1;
	memcpy(hh, s, 2);
	memcpy(mm, s + 3, 2);
	hh[2] = mm[2] = '\0';
	if (antre_parse_int(hh, 0, 24, &h) < 0 || antre_parse_int(mm, 0, 59, &m) < 0)
		return -1;
	return h * 60 + m;
}

/* The state's "hours": ["08:00-12:00", "13:00-15:00"] or null (all day). A range the
 * board cannot read is left out rather than guessed. */
static void take_hours(board_service_t *s, json_t *hours)
{
	size_t i;
	json_t *v;
	s->n_hours = 0;
	json_array_foreach(hours, i, v) {
		const char *r = json_string_value(v), *dash = r ? strchr(r, '-') : NULL;
		int from, to;
		if (dash == NULL || s->n_hours >= BOARD_HOURS)
			continue;
		from = minutes(r, (size_t)(dash - r));
		to = minutes(dash + 1, strlen(dash + 1));
		if (from < 0 || to <= from)
			continue;
		s->from_min[s->n_hours] = (short)from;
		s->to_min[s->n_hours++] = (short)to;
	}
}

static void take_status(board_service_t *s, json_t *o)
{
	int st = antre_service_status_parse(json_string_value(json_object_get(o, "status")));
	s->status = st >= 0 ? (antre_service_status_t)st : ANTRE_SS_OPEN;
	copy(s->reason, sizeof(s->reason), o, "reason");
}

void board_waiting(board_t *b, json_t *state)
{
	long long seq = json_integer_value(json_object_get(state, "seq"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(state, "services"), i, v) {
		board_service_t *s = service(b, json_string_value(json_object_get(v, "id")));
		json_t *rem = json_object_get(v, "remaining");
		if (s == NULL)
			continue;
		s->waiting = (int)json_integer_value(json_object_get(v, "waiting"));
		s->est_wait_s = (int)json_integer_value(json_object_get(v, "est_wait_s"));
		if (json_object_get(v, "status") && seq >= s->status_seq)
			take_status(s, v);
		take_hours(s, json_object_get(v, "hours"));
		s->remaining = json_is_integer(rem) ? (int)json_integer_value(rem) : -1;
	}
}

void board_snapshot(board_t *b, json_t *state)
{
	size_t i;
	json_t *v;

	b->seq = json_integer_value(json_object_get(state, "seq"));
	copy(b->day, sizeof(b->day), state, "day");
	json_array_foreach(json_object_get(state, "counters"), i, v) {
		board_counter_t *c = counter(b, json_string_value(json_object_get(v, "id")));
		json_t *t = json_object_get(v, "ticket");
		if (c == NULL)
			continue;
		c->state = state_of(json_string_value(json_object_get(v, "state")));
		copy(c->number, sizeof(c->number), t, "number");
		copy(c->service, sizeof(c->service), t, "service");
	}
	board_waiting(b, state);
	/* recent calls come newest first: rebuild oldest first so the order holds */
	b->n_calls = 0;
	for (int k = (int)json_array_size(json_object_get(state, "recent_calls")) - 1; k >= 0; k--) {
		json_t *rc = json_array_get(json_object_get(state, "recent_calls"), (size_t)k);
		board_call_t call;
		board_counter_t *c;
		memset(&call, 0, sizeof(call));
		copy(call.number, sizeof(call.number), rc, "number");
		copy(call.counter, sizeof(call.counter), rc, "counter");
		call.recall = json_is_true(json_object_get(rc, "recall"));
		call.seq = json_integer_value(json_object_get(rc, "seq"));
		c = counter(b, call.counter);
		if (c)
			snprintf(call.counter_name, sizeof(call.counter_name), "%s", c->name);
		if (c && strcmp(c->number, call.number) == 0)
			snprintf(call.service, sizeof(call.service), "%s", c->service);
		push_call(b, &call);
	}
}

/* Nobody sits at a counter that showed this number any more. */
static void clear_number(board_t *b, const char *number)
{
	for (int i = 0; i < b->n_counters; i++)
		if (strcmp(b->counters[i].number, number) == 0)
			b->counters[i].number[0] = b->counters[i].service[0] = '\0';
}

/* The newest call is over (its desk shows someone else, or nobody): no more flashing. */
static void end_flash(board_t *b)
{
	if (b->n_calls && board_now(b) != &b->calls[0])
		b->flash_until_ms = 0;
}

int board_event(board_t *b, const char *type, json_t *data, int64_t now_ms, board_call_t *call)
{
	antre_wire_event_t e;
	board_counter_t *ct;

	if (antre_wire_event_decode(type, data, &e) != 0 || e.seq <= b->seq)
		return 0;   /* not an event, or seen already: a resumed stream repeats nothing */
	b->seq = e.seq;
	ct = e.counter.present ? counter(b, e.counter.id) : NULL;
	if (e.flags & ANTRE_EVF_DAY) {
		for (int i = 0; i < b->n_counters; i++) {
			b->counters[i].number[0] = b->counters[i].service[0] = '\0';
			b->counters[i].state = ANTRE_CS_CLOSED;
		}
		b->n_calls = 0;
		snprintf(b->day, sizeof(b->day), "%s", e.day);
		return 0;
	}
	if (e.flags & ANTRE_EVF_SERVICE) {
		json_t *so = json_object_get(data, "service");
		board_service_t *s = service(b, json_string_value(json_object_get(so, "id")));
		if (s) {
			take_status(s, so);
			s->status_seq = e.seq;
		}
		return 0;
	}
	if ((e.flags & ANTRE_EVF_COUNTER) && ct) {
		ct->state = e.counter.state >= 0 ? (antre_counter_state_t)e.counter.state : ANTRE_CS_OPEN;
		if (e.counter.state == ANTRE_CS_CLOSED)
			ct->number[0] = ct->service[0] = '\0';
		end_flash(b);
		return 0;
	}
	if (!e.ticket.present || e.ticket.number[0] == '\0')
		return 0;
	if ((e.flags & ANTRE_EVF_CALL) && ct) {
		clear_number(b, e.ticket.number);
		snprintf(ct->number, sizeof(ct->number), "%s", e.ticket.number);
		snprintf(ct->service, sizeof(ct->service), "%s", e.ticket.service);
		ct->state = ANTRE_CS_OPEN;
		memset(call, 0, sizeof(*call));
		snprintf(call->number, sizeof(call->number), "%s", e.ticket.number);
		snprintf(call->counter, sizeof(call->counter), "%s", ct->id);
		snprintf(call->counter_name, sizeof(call->counter_name), "%s", ct->name);
		snprintf(call->service, sizeof(call->service), "%s", e.ticket.service);
		call->recall = e.type == ANTRE_EV_TICKET_RECALLED;
		call->seq = e.seq;
		push_call(b, call);
		b->flash_until_ms = now_ms + BOARD_FLASH_MS;
		return 1;
	}
	if (e.flags & ANTRE_EVF_LEAVES)
		clear_number(b, e.ticket.number);
	end_flash(b);
	return 0;
}

/* A call is current while its desk still shows its number: a finish, no-show,
 * transfer, the desk closing or calling someone else all end it. */
const board_call_t *board_now(const board_t *b)
{
	for (int i = 0; i < b->n_calls; i++) {
		const board_call_t *c = &b->calls[i];
		for (int k = 0; k < b->n_counters; k++)
			if (strcmp(b->counters[k].id, c->counter) == 0 &&
			    strcmp(b->counters[k].number, c->number) == 0)
				return c;
	}
	return NULL;
}

int board_earlier(const board_t *b, const board_call_t **out, int max)
{
	const board_call_t *now = board_now(b);
	int n = 0;
	for (int i = 0; i < b->n_calls && n < max; i++)
		if (&b->calls[i] != now)
			out[n++] = &b->calls[i];
	return n;
}

void board_counter_short(const char *name, char *out, size_t cap)
{
	speech_counter_short(name, out, cap);
}

static int in_hours(const board_service_t *s, int minute)
{
	if (s->n_hours == 0 || minute < 0)
		return 1;
	for (int k = 0; k < s->n_hours; k++)
		if (minute >= s->from_min[k] && minute < s->to_min[k])
			return 1;
	return 0;
}

/* Outside its hours: when it opens, as antred's refusal says it (later today, or
 * tomorrow at its first range). */
static void hours_banner(const board_service_t *s, const char *en_name, int minute,
			 board_banner_t *o)
{
	int k = 0, today, at;
	while (k < s->n_hours && s->from_min[k] <= minute)
		k++;
	today = k < s->n_hours;
	at = s->from_min[today ? k : 0];
	snprintf(o->id, sizeof(o->id), "%s: di luar jam layanan \xe2\x80\x93 buka %spukul %02d:%02d",
		 s->name, today ? "" : "besok ", at / 60, at % 60);
	snprintf(o->en, sizeof(o->en), "%s: outside service hours \xe2\x80\x93 opens %sat %02d:%02d",
		 en_name, today ? "" : "tomorrow ", at / 60, at % 60);
}

static void fill_banner(const board_service_t *s, int minute, board_banner_t *o)
{
	const char *en = s->name_en[0] ? s->name_en : s->name, *why = s->reason;
	switch (o->kind) {
	case BOARD_BANNER_CLOSED:
		snprintf(o->id, sizeof(o->id), "%s ditutup \xe2\x80\x93 %s", s->name,
			 why[0] ? why : "tidak menerima nomor baru");
		snprintf(o->en, sizeof(o->en), "%s is closed \xe2\x80\x93 %s", en,
			 why[0] ? why : "no new tickets");
		break;
	case BOARD_BANNER_HOURS:
		hours_banner(s, en, minute, o);
		break;
	case BOARD_BANNER_SOLD_OUT:   /* antred's refusal's words */
		snprintf(o->id, sizeof(o->id), "Kuota %s hari ini sudah habis", s->name);
		snprintf(o->en, sizeof(o->en), "Today's quota for %s is used up", en);
		break;
	case BOARD_BANNER_LIMITED:
		if (why[0]) {
			snprintf(o->id, sizeof(o->id), "%s terbatas: %s", s->name, why);
			snprintf(o->en, sizeof(o->en), "%s limited: %s", en, why);
		} else {
			snprintf(o->id, sizeof(o->id), "%s: %s", s->name, BOARD_LIMITED_ID);
			snprintf(o->en, sizeof(o->en), "%s: %s", en, BOARD_LIMITED_EN);
		}
		break;
	}
}

int board_banners(const board_t *b, int minute, board_banner_t *out, int max)
{
	int n = 0;
	for (int i = 0; i < b->n_services; i++) {
		const board_service_t *s = &b->services[i];
		board_banner_kind_t kind;
		if (b->banner_counter >= 0 && !(b->counters[b->banner_counter].serves & (1u << i)))
			continue;   /* a counter's screen: not a service of this desk */
		if (s->status == ANTRE_SS_CLOSED)
			kind = BOARD_BANNER_CLOSED;
		else if (!in_hours(s, minute))
			kind = BOARD_BANNER_HOURS;
		else if (s->remaining == 0)
			kind = BOARD_BANNER_SOLD_OUT;
		else if (s->status == ANTRE_SS_LIMITED)
			kind = BOARD_BANNER_LIMITED;
		else
			continue;
		if (n < max) {
			out[n].service = s;
			out[n].kind = kind;
			fill_banner(s, minute, &out[n]);
		}
		n++;
	}
	return n;
}

const char *board_banner_kind_name(board_banner_kind_t kind)
{
	switch (kind) {
	case BOARD_BANNER_CLOSED:
		return "closed";
	case BOARD_BANNER_HOURS:
		return "hours";
	case BOARD_BANNER_SOLD_OUT:
		return "sold_out";
	case BOARD_BANNER_LIMITED:
		return "limited";
	}
	return "unknown";
}
