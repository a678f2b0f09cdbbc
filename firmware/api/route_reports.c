/* GET /api/v1/reports/daily?date=YYYY-MM-DD[&format=csv] (admin). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "report.h"
#include "xmalloc.h"

/* "YYYY-MM-DD" with a month 01-12 and a day 01-31, nothing around it. */
static int valid_date(const char *d)
{
	int m, dd;
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
			return 0;
	m = (d[5] - '0') * 10 + (d[6] - '0');
	dd = (d[8] - '0') * 10 + (d[9] - '0');
	return m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
}

static json_t *report_json(const antre_config_t *cfg, const antre_report_t *r)
{
	json_t *o = json_object(), *svcs = json_array(), *ctrs = json_array(), *jrs = json_array(),
	       *hours = json_object();
	for (int s = 0; s < cfg->n_services; s++) {
		const antre_report_service_t *x = &r->services[s];
		json_array_append_new(svcs, json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}",
			"id", cfg->services[s].id, "issued", x->issued, "served", x->served,
			"no_show", x->no_show, "cancelled", x->cancelled, "wait_p50_s", x->wait_p50_s,
			"wait_p90_s", x->wait_p90_s, "wait_max_s", x->wait_max_s, "service_mean_s",
			x->service_mean_s));
	}
	for (int c = 0; c < cfg->n_counters; c++)
		json_array_append_new(ctrs, json_pack("{s:s, s:i, s:i}", "id", cfg->counters[c].id,
			"served", r->counters[c].served, "service_mean_s",
			r->counters[c].service_mean_s));
	for (int j = 0; j < cfg->n_journeys; j++)
		json_array_append_new(jrs, json_pack("{s:s, s:i, s:i}", "id", cfg->journeys[j].id,
			"issued", r->journeys[j].issued, "completed", r->journeys[j].completed));
	for (int h = 0; h < 24; h++) {
		char key[4];
		if (r->arrivals_per_hour[h] == 0)
			continue;
		snprintf(key, sizeof(key), "%02d", h);
		json_object_set_new(hours, key, json_integer(r->arrivals_per_hour[h]));
	}
	json_object_set_new(o, "date", json_string(r->date));
	json_object_set_new(o, "services", svcs);
	json_object_set_new(o, "counters", ctrs);
	json_object_set_new(o, "journeys", jrs);
	json_object_set_new(o, "arrivals_per_hour", hours);
	/* journeys across days (docs/journeys.md) */
	json_object_set_new(o, "visits", json_pack("{s:i, s:i, s:i, s:i, s:f, s:i, s:i}",
		"journeys_started", r->visits.started, "journeys_completed", r->visits.completed,
		"deferred", r->visits.deferred, "returned", r->visits.returned,
		"visits_per_completed", r->visits.visits_per_completed,
		"days_to_complete_p50", r->visits.days_p50,
		"days_to_complete_p90", r->visits.days_p90));
	return o;
}

/* One table a spreadsheet opens: a row per service, counter and journey. */
static char *report_csv(const antre_config_t *cfg, const antre_report_t *r)
{
	size_t cap = 4096 + (size_t)(cfg->n_services + cfg->n_counters + cfg->n_journeys) * 160;
	char *buf = xmalloc(cap);
	size_t len = 0;

	len += (size_t)snprintf(buf + len, cap - len, "date,kind,id,issued,served,no_show,cancelled,"
				"wait_p50_s,wait_p90_s,wait_max_s,service_mean_s,completed\n");
	for (int s = 0; s < cfg->n_services; s++) {
		const antre_report_service_t *x = &r->services[s];
		len += (size_t)snprintf(buf + len, cap - len, "%s,service,%s,%d,%d,%d,%d,%d,%d,%d,%d,\n",
					r->date, cfg->services[s].id, x->issued, x->served,
					x->no_show, x->cancelled, x->wait_p50_s, x->wait_p90_s,
					x->wait_max_s, x->service_mean_s);
	}
	for (int c = 0; c < cfg->n_counters; c++)
		len += (size_t)snprintf(buf + len, cap - len, "%s,counter,%s,,%d,,,,,,%d,\n", r->date,
					cfg->counters[c].id, r->counters[c].served,
					r->counters[c].service_mean_s);
	for (int j = 0; j < cfg->n_journeys; j++)
		len += (size_t)snprintf(buf + len, cap - len, "%s,journey,%s,%d,,,,,,,,%d\n", r->date,
					cfg->journeys[j].id, r->journeys[j].issued,
					r->journeys[j].completed);
	return buf;
}

static void get_daily(api_req_t *req, api_resp_t *resp)
{
	const char *date = api_query(req, "date"), *format = api_query(req, "format");
	char today[ANTRE_DAY_LEN + 1];
	antre_events_t ev;
	antre_report_t *r;
	int64_t now = antre_core_now_ms(req->core);

	if (api_require(req, resp, API_ADMIN, -1) < 0)
		return;
	if (date == NULL) {
		const antre_queue_t *q = antre_core_read_begin(req->core);
		antre_queue_day_of(q, now, today);
		antre_core_read_end(req->core);
		date = today;
	}
	if (!valid_date(date)) {
		api_reply_error(resp, 400, "bad_date", "date must be YYYY-MM-DD, not '%s'", date);
		return;
	}
	if (format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0) {
		api_reply_error(resp, 400, "bad_format", "format must be json or csv");
		return;
	}
	antre_events_init(&ev);
	if (antre_store_read_day(antre_core_store(req->core), date, &ev) < 0) {
		antre_events_free(&ev);
		api_reply_error(resp, 503, "unavailable", "the event log could not be read");
		return;
	}
	r = xmalloc(sizeof(*r));
	antre_report_build(req->cfg, date, ev.v, ev.n, antre_core_utc_offset_s(req->core, now), r);
	if (format && strcmp(format, "csv") == 0) {
		resp->status = 200;
		resp->content_type = "text/csv; charset=utf-8";
		resp->body = report_csv(req->cfg, r);
	} else {
		api_reply_json(resp, 200, report_json(req->cfg, r));
	}
	free(r);
	antre_events_free(&ev);
}

const api_route_t api_routes_reports[] = {
	{ "GET", "/api/v1/reports/daily", get_daily },
	{ NULL, NULL, NULL },
};
