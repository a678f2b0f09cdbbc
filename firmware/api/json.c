/* The JSON shapes of the API contract (DESIGN.md "JSON shapes"). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "xmalloc.h"

#define API_MESSAGE_MAX 512   /* bytes of an error message, NUL included */

json_t *api_json_time_at(int64_t utc_ms, int32_t offset_s)
{
	char buf[40];
	if (utc_ms == 0)
		return json_null();
	antre_format_time(buf, sizeof(buf), utc_ms, offset_s);
	return json_string(buf);
}

json_t *api_json_time(const antre_queue_t *q, int64_t utc_ms)
{
	return api_json_time_at(utc_ms, utc_ms ? antre_queue_utc_offset_s(q, utc_ms) : 0);
}

static json_t *id_or_null(const char *id)
{
	return id ? json_string(id) : json_null();
}

/* Journeys across days: the code, the visit, the journey's first ticket and start
 * day, the desks already done, and a deferred ticket's return date. */
static void journey_fields(json_t *o, const antre_config_t *cfg, const antre_ticket_t *t)
{
	char code[ANTRE_CODE_LEN + 2];
	json_t *done = json_array();

	antre_code_format(t->code, code);
	json_object_set_new(o, "code", json_string(code));
	json_object_set_new(o, "visit", json_integer(t->visit));
	json_object_set_new(o, "origin", json_string(t->origin));
	json_object_set_new(o, "since", json_string(t->since));
	if (t->journey >= 0)
		for (int k = 0; k < cfg->journeys[t->journey].n_steps &&
				(k < t->step || t->state == ANTRE_TS_DONE); k++)
			json_array_append_new(
				done, json_string(cfg->services[cfg->journeys[t->journey].steps[k]].id));
	json_object_set_new(o, "done", done);
	json_object_set_new(o, "return_on",
			    t->return_on[0] ? json_string(t->return_on) : json_null());
}

json_t *api_json_ticket(const antre_queue_t *q, const antre_config_t *cfg,
			const antre_ticket_t *t, int ahead, int est_wait_s)
{
	const antre_service_t *svc = &cfg->services[t->service];
	json_t *o = json_object(), *steps = json_array();

	if (t->journey >= 0)
		for (int k = 0; k < cfg->journeys[t->journey].n_steps; k++)
			json_array_append_new(
				steps, json_string(cfg->services[cfg->journeys[t->journey].steps[k]].id));
	json_object_set_new(o, "id", json_string(t->id));
	json_object_set_new(o, "number", json_string(t->number));
	json_object_set_new(o, "service", json_string(svc->id));
	json_object_set_new(o, "service_name", json_string(svc->name));
	json_object_set_new(o, "service_name_en", json_string(svc->name_en));
	json_object_set_new(o, "journey",
			    id_or_null(t->journey >= 0 ? cfg->journeys[t->journey].id : NULL));
	json_object_set_new(o, "step", json_integer(t->step));
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "state", json_string(antre_ticket_state_name(t->state)));
	json_object_set_new(o, "priority", json_boolean(t->priority));
	json_object_set_new(o, "lang", json_string(t->lang[0] ? t->lang : "id"));
	json_object_set_new(o, "counter",
			    id_or_null(t->counter >= 0 ? cfg->counters[t->counter].id : NULL));
	json_object_set_new(o, "recalls", json_integer(t->recalls));
	json_object_set_new(o, "issued_at", api_json_time(q, t->issued_at));
	json_object_set_new(o, "ready_at", api_json_time(q, t->ready_at));
	json_object_set_new(o, "called_at", api_json_time(q, t->called_at));
	json_object_set_new(o, "started_at", api_json_time(q, t->started_at));
	json_object_set_new(o, "finished_at", api_json_time(q, t->finished_at));
	journey_fields(o, cfg, t);
	{
		/* no open counter serving it: nobody can say how long (issue 12); a ticket
		 * that left the line has nobody ahead of it and no wait, not zero of them */
		int open = antre_queue_open_counters(q, t->service);
		int gone = t->state == ANTRE_TS_DONE || t->state == ANTRE_TS_NO_SHOW ||
			   t->state == ANTRE_TS_CANCELLED || t->state == ANTRE_TS_EXPIRED ||
			   t->state == ANTRE_TS_DEFERRED;
		json_object_set_new(o, "ahead", gone ? json_null() : json_integer(ahead));
		json_object_set_new(o, "open_counters", json_integer(open));
		json_object_set_new(o, "est_wait_s", gone || open == 0 || est_wait_s < 0
							     ? json_null()
							     : json_integer(est_wait_s));
	}
	return o;
}

json_t *api_json_counter(const antre_queue_t *q, const antre_config_t *cfg, int c,
			 antre_counter_status_t cs)
{
	const antre_counter_t *ct = &cfg->counters[c];
	json_t *o = json_object(), *svcs = json_array();
	const antre_ticket_t *t = antre_queue_ticket_at(q, cs.ticket);

	for (int k = 0; k < ct->n_services; k++)
		json_array_append_new(svcs, json_string(cfg->services[ct->services[k]].id));
	json_object_set_new(o, "id", json_string(ct->id));
	json_object_set_new(o, "name", json_string(ct->name));
	json_object_set_new(o, "state", json_string(antre_counter_state_name(cs.state)));
	json_object_set_new(o, "services", svcs);
	json_object_set_new(o, "served", json_integer(cs.served));
	json_object_set_new(o, "service_mean_s", cs.served ? json_integer(cs.service_ms / cs.served /
									  1000)
							   : json_null());
	/* the last thing it did today: idle since then when it holds nobody */
	json_object_set_new(o, "since", api_json_time(q, cs.since_ms));
	json_object_set_new(o, "ticket", t ? api_json_ticket(q, cfg, t, 0, 0) : json_null());
	return o;
}

/* Who waits longest at service s now: since when ("oldest_ready_at", for a page that
 * counts on by itself) and how long in whole seconds; null for both when nobody waits. */
static void service_longest_wait(const antre_queue_t *q, int s, int64_t now_ms, json_t *so)
{
	int64_t oldest = antre_queue_oldest_ready_ms(q, s);
	json_object_set_new(so, "oldest_ready_at", api_json_time(q, oldest));
	json_object_set_new(so, "longest_wait_s",
			    oldest ? json_integer(now_ms > oldest ? (now_ms - oldest) / 1000 : 0)
				   : json_null());
}

/* "08:00-12:00" for each range of a service's hours; null when it has none. */
static json_t *hours_json(const antre_service_t *svc)
{
	json_t *a;
	if (svc->n_hours == 0)
		return json_null();
	a = json_array();
	for (int k = 0; k < svc->n_hours; k++) {
		const antre_hours_t *r = &svc->hours[k];
		char buf[48];
		snprintf(buf, sizeof(buf), "%02d:%02d-%02d:%02d", r->from_min / 60, r->from_min % 60,
			 r->to_min / 60, r->to_min % 60);
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

json_t *api_json_service(const antre_queue_t *q, const antre_config_t *cfg, int s,
			 int64_t now_ms)
{
	const antre_service_t *svc = &cfg->services[s];
	int waiting = antre_queue_waiting(q, s);
	int est = antre_queue_est_wait_s(q, s, waiting);
	int remaining = antre_queue_remaining(q, s);
	const char *reason;
	antre_service_status_t st = antre_queue_service_status(q, s, &reason);
	json_t *so = json_object();

	json_object_set_new(so, "id", json_string(svc->id));
	json_object_set_new(so, "prefix", json_string(svc->prefix));
	json_object_set_new(so, "name", json_string(svc->name));
	json_object_set_new(so, "name_en", json_string(svc->name_en));
	json_object_set_new(so, "waiting", json_integer(waiting));
	json_object_set_new(so, "waiting_priority", json_integer(antre_queue_waiting_priority(q, s)));
	service_longest_wait(q, s, now_ms, so);
	json_object_set_new(so, "open_counters", json_integer(antre_queue_open_counters(q, s)));
	json_object_set_new(so, "est_wait_s",
			    est == ANTRE_EST_UNKNOWN ? json_null() : json_integer(est));
	json_object_set_new(so, "mean_service_s",
			    json_integer((json_int_t)antre_queue_service_mean_s(q, s)));
	/* issue 13: what a kiosk may still issue, and why not */
	json_object_set_new(so, "status", json_string(antre_service_status_name(st)));
	json_object_set_new(so, "reason", json_string(reason));
	json_object_set_new(so, "hours", hours_json(svc));
	json_object_set_new(so, "open_now", json_boolean(antre_queue_open_now(q, s, now_ms)));
	json_object_set_new(so, "quota", svc->quota > 0 ? json_integer(svc->quota) : json_null());
	json_object_set_new(so, "issued_today", json_integer(antre_queue_issued_today(q, s)));
	json_object_set_new(so, "remaining", remaining >= 0 ? json_integer(remaining) : json_null());
	return so;
}

json_t *api_json_state(const antre_queue_t *q, const antre_config_t *cfg, int64_t now_ms)
{
	json_t *o = json_object(), *svcs = json_array(), *ctrs = json_array(),
	       *calls = json_array();
	antre_call_t recent[ANTRE_RECENT_CALLS];
	char day[ANTRE_DAY_LEN + 1];
	int n;

	antre_strlcpy(day, antre_queue_day(q), sizeof(day));
	if (day[0] == '\0')
		antre_queue_day_of(q, now_ms, day);
	for (int s = 0; s < cfg->n_services; s++)
		json_array_append_new(svcs, api_json_service(q, cfg, s, now_ms));
	for (int c = 0; c < cfg->n_counters; c++)
		json_array_append_new(ctrs, api_json_counter(q, cfg, c,
							     antre_queue_counter_status(q, c)));
	n = antre_queue_recent_calls(q, recent);
	for (int k = 0; k < n; k++) {
		json_t *co = json_object();
		json_object_set_new(co, "seq", json_integer(recent[k].seq));
		json_object_set_new(co, "number", json_string(recent[k].number));
		json_object_set_new(co, "counter", json_string(cfg->counters[recent[k].counter].id));
		json_object_set_new(co, "at", api_json_time(q, recent[k].at_ms));
		json_object_set_new(co, "recall", json_boolean(recent[k].recall));
		json_array_append_new(calls, co);
	}
	json_object_set_new(o, "seq", json_integer(antre_queue_seq(q)));
	json_object_set_new(o, "day", json_string(day));
	json_object_set_new(o, "services", svcs);
	json_object_set_new(o, "counters", ctrs);
	json_object_set_new(o, "recent_calls", calls);
	return o;
}

void api_reply_json(api_resp_t *resp, int status, json_t *value)
{
	resp->status = status;
	resp->content_type = "application/json";
	resp->body = value ? json_dumps(value, JSON_COMPACT) : NULL;
	json_decref(value);
	if (resp->body == NULL) {   /* never an empty body that claims to be JSON */
		resp->status = 500;
		resp->body = xstrdup("{\"error\":\"internal\",\"message\":\"the answer could not "
				     "be encoded as JSON\"}");
	}
}

/* Length of the well-formed UTF-8 sequence at s (Unicode table 3-7: no overlongs, no
 * surrogates, nothing past U+10FFFF), or 0 if s does not start one. s is NUL-terminated,
 * and NUL is never a continuation byte, so this never reads past the end. */
static size_t utf8_seq_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (s[0] == 0xE0)
		lo = 0xA0;
	else if (s[0] == 0xED)
		hi = 0x9F;
	else if (s[0] == 0xF0)
		lo = 0x90;
	else if (s[0] == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k < n; k++)
		if (s[k] < 0x80 || s[k] > 0xBF)
			return 0;
	return n;
}

/* Copy src into dst (cap ≥ 4 bytes, the NUL included) as valid UTF-8: a byte that does
 * not start a well-formed sequence becomes U+FFFD, and a text that does not fit is cut
 * on a character boundary and ends with "…". */
static void utf8_fit(char *dst, size_t cap, const char *src)
{
	static const char ellipsis[] = "\xE2\x80\xA6", replacement[] = "\xEF\xBF\xBD";
	const unsigned char *s = (const unsigned char *)src;
	size_t room = cap - 1, out = 0, cut_at = 0;   /* cut_at: "…" still fits after it */

	while (*s) {
		size_t n = utf8_seq_len(s);
		const char *piece = n ? (const char *)s : replacement;
		size_t len = n ? n : sizeof(replacement) - 1;

		if (out + len > room) {
			memcpy(dst + cut_at, ellipsis, sizeof(ellipsis));
			return;
		}
		memcpy(dst + out, piece, len);
		out += len;
		if (out + sizeof(ellipsis) - 1 <= room)
			cut_at = out;
		s += n ? n : 1;
	}
	dst[out] = '\0';
}

void api_reply_error(api_resp_t *resp, int status, const char *code, const char *fmt, ...)
{
	/* The message may quote the URL or the body: format it in full (bounded), then
	 * make it valid UTF-8 of at most API_MESSAGE_MAX bytes, so jansson always takes it. */
	char raw[2 * API_MESSAGE_MAX], msg[API_MESSAGE_MAX];
	va_list ap;
	json_t *o = json_object();

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	utf8_fit(msg, sizeof(msg), raw);
	json_object_set_new(o, "error", json_string(code));
	json_object_set_new(o, "message", json_string(msg));
	api_reply_json(resp, status, o);
}

void api_reply_text(api_resp_t *resp, int status, const char *content_type, const char *text)
{
	resp->status = status;
	resp->content_type = content_type;
	resp->body = xstrdup(text);
}

static json_t *steps_json(const antre_config_t *cfg, int journey)
{
	json_t *steps = json_array();
	if (journey >= 0)
		for (int k = 0; k < cfg->journeys[journey].n_steps; k++)
			json_array_append_new(
				steps, json_string(cfg->services[cfg->journeys[journey].steps[k]].id));
	return steps;
}

json_t *api_json_event(const antre_config_t *cfg, const antre_event_t *e, int32_t offset_s)
{
	json_t *o = json_object();
	int ts = antre_event_ticket_state(e->type, e->service >= 0);
	int cs = antre_event_counter_state(e->type);

	json_object_set_new(o, "seq", json_integer(e->seq));
	json_object_set_new(o, "type", json_string(antre_event_type_name(e->type)));
	json_object_set_new(o, "at", api_json_time_at(e->at_ms, offset_s));
	json_object_set_new(o, "day", json_string(e->day));
	if (ts >= 0) {
		json_t *t = json_object();
		int svc = e->service >= 0 ? e->service : e->from_service, at_counter;
		json_object_set_new(t, "id", json_string(e->ticket));
		json_object_set_new(t, "number", json_string(e->number));
		json_object_set_new(t, "service", svc >= 0 ? json_string(cfg->services[svc].id)
							   : json_null());
		json_object_set_new(t, "service_name",
				    svc >= 0 ? json_string(cfg->services[svc].name) : json_null());
		json_object_set_new(t, "service_name_en",
				    svc >= 0 ? json_string(cfg->services[svc].name_en) : json_null());
		json_object_set_new(t, "from_service",
				    e->from_service >= 0 && e->type != ANTRE_EV_TICKET_ISSUED
					    ? json_string(cfg->services[e->from_service].id)
					    : json_null());
		json_object_set_new(t, "journey", e->journey >= 0
						 ? json_string(cfg->journeys[e->journey].id)
						 : json_null());
		json_object_set_new(t, "step", json_integer(e->step));
		json_object_set_new(t, "steps", steps_json(cfg, e->journey));
		json_object_set_new(t, "state", json_string(antre_ticket_state_name(ts)));
		json_object_set_new(t, "priority", json_boolean(e->priority));
		at_counter = e->counter >= 0 && (ts == ANTRE_TS_CALLED || ts == ANTRE_TS_SERVING);
		json_object_set_new(t, "counter", at_counter
						  ? json_string(cfg->counters[e->counter].id)
						  : json_null());
		if (e->type == ANTRE_EV_TICKET_RECALLED)
			json_object_set_new(t, "recalls", json_integer(e->aux));
		if (e->type == ANTRE_EV_TICKET_DEFERRED)
			json_object_set_new(t, "return_on", json_string(e->return_on));
		if (e->resumes[0] || e->type == ANTRE_EV_TICKET_DEFERRED) {
			json_object_set_new(t, "visit", json_integer(e->visit));
			json_object_set_new(t, "origin", json_string(e->origin));
		}
		json_object_set_new(o, "ticket", t);
	} else {
		json_object_set_new(o, "ticket", json_null());
	}
	if (e->counter >= 0) {
		json_t *c = json_object();
		json_object_set_new(c, "id", json_string(cfg->counters[e->counter].id));
		json_object_set_new(c, "name", json_string(cfg->counters[e->counter].name));
		json_object_set_new(c, "state",
				    json_string(antre_counter_state_name(cs >= 0 ? cs : ANTRE_CS_OPEN)));
		json_object_set_new(o, "counter", c);
	} else {
		json_object_set_new(o, "counter", json_null());
	}
	if ((antre_event_type_flags(e->type) & ANTRE_EVF_SERVICE) &&
	    (e->service < 0 || e->service >= cfg->n_services)) {
		json_object_set_new(o, "service", json_null());   /* never from the engine */
	} else if (antre_event_type_flags(e->type) & ANTRE_EVF_SERVICE) {
		int st = e->aux >= 0 && e->aux < ANTRE_SS__COUNT ? (int)e->aux : ANTRE_SS_OPEN;
		json_t *so = json_object();
		json_object_set_new(so, "id", json_string(cfg->services[e->service].id));
		json_object_set_new(so, "name", json_string(cfg->services[e->service].name));
		json_object_set_new(so, "name_en", json_string(cfg->services[e->service].name_en));
		json_object_set_new(so, "status",
				    json_string(antre_service_status_name((antre_service_status_t)st)));
		json_object_set_new(so, "reason", json_string(e->reason));
		json_object_set_new(o, "service", so);
	}
	if (e->reason[0])
		json_object_set_new(o, "reason", json_string(e->reason));
	return o;
}

void api_reply_refusal(api_resp_t *resp, const antre_result_t *res)
{
	switch (res->rc) {
	case ANTRE_E_INVALID:
		api_reply_error(resp, 400, "invalid", "%s", res->message);
		break;
	case ANTRE_E_NOTFOUND:
		api_reply_error(resp, 404, "not_found", "%s", res->message);
		break;
	case ANTRE_E_CONFLICT:
		api_reply_error(resp, 409, "conflict", "%s", res->message);
		break;
	case ANTRE_E_FORBIDDEN:
		api_reply_error(resp, 403, "forbidden", "%s", res->message);
		break;
	case ANTRE_E_CLOSED:
		api_reply_error(resp, 409, "service_closed", "%s", res->message);
		break;
	case ANTRE_E_QUOTA:
		api_reply_error(resp, 409, "quota_exhausted", "%s", res->message);
		break;
	case ANTRE_E_EARLY: {
		/* and the date itself (docs/journeys.md), for a kiosk to word for people */
		char msg[API_MESSAGE_MAX];
		json_t *o = json_object();
		utf8_fit(msg, sizeof(msg), res->message);
		json_object_set_new(o, "error", json_string("too_early"));
		json_object_set_new(o, "message", json_string(msg));
		if (res->return_on[0])
			json_object_set_new(o, "return_on", json_string(res->return_on));
		api_reply_json(resp, 409, o);
		break;
	}
	default:
		api_reply_error(resp, 503, "unavailable", "%s", res->message);
		break;
	}
}

json_t *api_body_object(api_req_t *req, api_resp_t *resp)
{
	json_error_t jerr;
	json_t *v;

	if (req->body_len == 0)
		return json_object();
	v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL) {
		api_reply_error(resp, 400, "bad_json", "the body is not valid JSON: %s (line %d, "
				"column %d)", jerr.text, jerr.line, jerr.column);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		api_reply_error(resp, 400, "bad_json", "the body must be a JSON object");
		return NULL;
	}
	return v;
}

int api_opt_string(json_t *obj, const char *key, const char **out, api_resp_t *resp)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		api_reply_error(resp, 400, "bad_type", "\"%s\" must be a string", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

int api_require(api_req_t *req, api_resp_t *resp, unsigned roles, int own)
{
	if (req->who.role == ANTRE_ROLE_NONE) {
		api_reply_error(resp, 401, "unauthorized", "this needs a token: send "
				"'Authorization: Bearer TOKEN' (a missing or unknown token)");
		return -1;
	}
	if (!(roles & (1u << req->who.role))) {
		api_reply_error(resp, 403, "forbidden", "this token may not do that");
		return -1;
	}
	if (req->who.role == ANTRE_ROLE_COUNTER && own >= 0 && req->who.index != own) {
		api_reply_error(resp, 403, "forbidden", "this token belongs to %s; it may act "
				"only on that counter", req->cfg->counters[req->who.index].name);
		return -1;
	}
	return 0;
}
