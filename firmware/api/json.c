/* The JSON shapes of the API contract (DESIGN.md "JSON shapes"). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "xmalloc.h"

json_t *api_json_time(const antre_queue_t *q, int64_t utc_ms)
{
	char buf[40];
	if (utc_ms == 0)
		return json_null();
	antre_format_time(buf, sizeof(buf), utc_ms, antre_queue_utc_offset_s(q, utc_ms));
	return json_string(buf);
}

static json_t *id_or_null(const char *id)
{
	return id ? json_string(id) : json_null();
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
	json_object_set_new(o, "counter",
			    id_or_null(t->counter >= 0 ? cfg->counters[t->counter].id : NULL));
	json_object_set_new(o, "recalls", json_integer(t->recalls));
	json_object_set_new(o, "issued_at", api_json_time(q, t->issued_at));
	json_object_set_new(o, "ready_at", api_json_time(q, t->ready_at));
	json_object_set_new(o, "called_at", api_json_time(q, t->called_at));
	json_object_set_new(o, "started_at", api_json_time(q, t->started_at));
	json_object_set_new(o, "finished_at", api_json_time(q, t->finished_at));
	json_object_set_new(o, "ahead", json_integer(ahead));
	json_object_set_new(o, "est_wait_s", json_integer(est_wait_s));
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
	json_object_set_new(o, "ticket", t ? api_json_ticket(q, cfg, t, 0, 0) : json_null());
	return o;
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
	for (int s = 0; s < cfg->n_services; s++) {
		int waiting = antre_queue_waiting(q, s);
		json_t *so = json_object();
		json_object_set_new(so, "id", json_string(cfg->services[s].id));
		json_object_set_new(so, "prefix", json_string(cfg->services[s].prefix));
		json_object_set_new(so, "name", json_string(cfg->services[s].name));
		json_object_set_new(so, "name_en", json_string(cfg->services[s].name_en));
		json_object_set_new(so, "waiting", json_integer(waiting));
		json_object_set_new(so, "est_wait_s",
				    json_integer(antre_queue_est_wait_s(q, s, waiting)));
		json_object_set_new(so, "mean_service_s",
				    json_integer((json_int_t)antre_queue_service_mean_s(q, s)));
		json_array_append_new(svcs, so);
	}
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
	resp->body = json_dumps(value, JSON_COMPACT);
	json_decref(value);
}

void api_reply_error(api_resp_t *resp, int status, const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	json_t *o = json_object();

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
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
