/* Reports (admin): GET /api/v1/reports/daily?date=D | ?from=D&to=D [&format=csv], and
 * the /reports page (a login form; the token comes in the form's POST body). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "clock.h"
#include "report.h"
#include "reports_page.h"
#include "xmalloc.h"

#define MAX_RANGE_DAYS 92   /* a quarter: a range's days are read and kept at once */

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

/* Days since 1970-01-01 of a valid date (the inverse of antre_civil_from_days). */
static int64_t days_of(const char *d)
{
	int64_t y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	int64_t m = (d[5] - '0') * 10 + (d[6] - '0'), dd = (d[8] - '0') * 10 + (d[9] - '0');
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + dd - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void date_of(int64_t days, char out[ANTRE_DAY_LEN + 1])
{
	int y, m, d;
	char buf[32];
	antre_civil_from_days(days, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	antre_strlcpy(out, buf, ANTRE_DAY_LEN + 1);
}

/* What a report asks for: one day, or from..to (at most MAX_RANGE_DAYS). */
typedef struct {
	char from[ANTRE_DAY_LEN + 1], to[ANTRE_DAY_LEN + 1];
	int n_days;
	antre_report_t total;
	antre_report_t *days;      /* n_days of them when a range, else NULL */
} report_ask_t;

/* Fill ask from date / from / to (any may be NULL: today). 0, or -1 with a sentence. */
static int pick_days(api_req_t *req, const char *date, const char *from, const char *to,
		     report_ask_t *ask, char *err, size_t cap)
{
	char today[ANTRE_DAY_LEN + 1];
	const char *bad = NULL;
	int64_t span;

	if (date == NULL && from == NULL && to == NULL) {
		const antre_queue_t *q = antre_core_read_begin(req->core);
		antre_queue_day_of(q, antre_core_now_ms(req->core), today);
		antre_core_read_end(req->core);
		date = today;
	}
	if (date && (from || to)) {
		snprintf(err, cap, "ask for date=YYYY-MM-DD or for from=…&to=…, not both");
		return -1;
	}
	if (date)
		from = to = date;
	else if (from == NULL || to == NULL) {
		snprintf(err, cap, "a range needs both from=YYYY-MM-DD and to=YYYY-MM-DD");
		return -1;
	}
	bad = !valid_date(from) ? from : !valid_date(to) ? to : NULL;
	if (bad) {
		snprintf(err, cap, "date must be YYYY-MM-DD, not '%.40s'", bad);
		return -1;
	}
	span = days_of(to) - days_of(from);
	if (span < 0) {
		snprintf(err, cap, "from=%s is after to=%s: a range runs forward", from, to);
		return -1;
	}
	if (span >= MAX_RANGE_DAYS) {
		snprintf(err, cap, "a range is at most %d days; %s to %s is %lld", MAX_RANGE_DAYS,
			 from, to, (long long)span + 1);
		return -1;
	}
	antre_strlcpy(ask->from, from, sizeof(ask->from));
	antre_strlcpy(ask->to, to, sizeof(ask->to));
	ask->n_days = (int)span + 1;
	return 0;
}

/* Read the asked days from the log and build their reports: each day's, and one over
 * all of them (a ticket carried over from one day to the next counts once, there).
 * 0, or -1 when the log could not be read. */
static int build_reports(api_req_t *req, report_ask_t *ask)
{
	antre_events_t all, ev;
	int32_t offset = antre_core_utc_offset_s(req->core, antre_core_now_ms(req->core));
	int64_t first = days_of(ask->from);
	int rc = 0;

	antre_events_init(&all);
	ask->days = ask->n_days > 1 ? xcalloc((size_t)ask->n_days, sizeof(*ask->days)) : NULL;
	for (int i = 0; i < ask->n_days && rc == 0; i++) {
		char day[ANTRE_DAY_LEN + 1];
		date_of(first + i, day);
		antre_events_init(&ev);
		rc = antre_store_read_day(antre_core_store(req->core), day, &ev) < 0 ? -1 : 0;
		if (rc == 0 && ask->days)
			antre_report_build(req->cfg, day, NULL, ev.v, ev.n, offset, &ask->days[i]);
		for (size_t k = 0; rc == 0 && k < ev.n; k++)
			antre_events_push(&all, &ev.v[k]);
		antre_events_free(&ev);
	}
	if (rc == 0)
		antre_report_build(req->cfg, ask->from, ask->to, all.v, all.n, offset, &ask->total);
	antre_events_free(&all);
	return rc;
}

/* An integer that exists only when valid: JSON null otherwise (no wait is not 0 s). */
static json_t *opt_int(int valid, int v)
{
	return valid ? json_integer(v) : json_null();
}

static json_t *services_json(const antre_config_t *cfg, const antre_report_t *r)
{
	json_t *a = json_array();
	for (int s = 0; s < cfg->n_services; s++) {
		const antre_report_service_t *x = &r->services[s];
		json_array_append_new(a, json_pack(
			"{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:o, s:o, s:o}", "id",
			cfg->services[s].id, "issued", x->issued, "arrived", x->arrived, "served",
			x->served, "no_show", x->no_show, "cancelled", x->cancelled, "waits",
			x->waits, "wait_p50_s", opt_int(x->waits, x->wait_p50_s), "wait_p90_s",
			opt_int(x->waits, x->wait_p90_s), "wait_max_s",
			opt_int(x->waits, x->wait_max_s), "service_mean_s",
			opt_int(x->served, x->service_mean_s)));
	}
	return a;
}

/* Hours with anything in them: "arrivals_per_hour" (the old shape) and "hours". */
static void hours_json(const antre_report_t *r, json_t *o)
{
	json_t *per = json_object(), *waits = json_object(), *hours = json_array();
	for (int h = 0; h < 24; h++) {
		const antre_report_hour_t *x = &r->hours[h];
		char key[4];
		if (x->arrivals == 0 && x->calls == 0)
			continue;
		snprintf(key, sizeof(key), "%02d", h);
		if (x->arrivals)
			json_object_set_new(per, key, json_integer(x->arrivals));
		if (x->calls)
			json_object_set_new(waits, key, json_pack("{s:i, s:i, s:i}", "calls",
				x->calls, "p50_s", x->wait_p50_s, "p90_s", x->wait_p90_s));
		json_array_append_new(hours, json_pack("{s:s, s:i, s:i, s:o, s:o}", "hour", key,
			"arrivals", x->arrivals, "calls", x->calls, "wait_p50_s",
			opt_int(x->calls, x->wait_p50_s), "wait_p90_s",
			opt_int(x->calls, x->wait_p90_s)));
	}
	json_object_set_new(o, "arrivals_per_hour", per);
	json_object_set_new(o, "waits_per_hour", waits);
	json_object_set_new(o, "hours", hours);
}

static json_t *report_json(const antre_config_t *cfg, const antre_report_t *r)
{
	json_t *o = json_object(), *ctrs = json_array(), *jrs = json_array();

	for (int c = 0; c < cfg->n_counters; c++)
		json_array_append_new(ctrs, json_pack("{s:s, s:i, s:o}", "id", cfg->counters[c].id,
			"served", r->counters[c].served, "service_mean_s",
			opt_int(r->counters[c].served, r->counters[c].service_mean_s)));
	for (int j = 0; j < cfg->n_journeys; j++)
		json_array_append_new(jrs, json_pack("{s:s, s:i, s:i, s:i}", "id",
			cfg->journeys[j].id, "issued", r->journeys[j].issued, "started",
			r->journeys[j].issued, "completed", r->journeys[j].completed));
	json_object_set_new(o, "date", json_string(r->date));
	if (strcmp(r->date, r->to) != 0) {
		json_object_set_new(o, "from", json_string(r->date));
		json_object_set_new(o, "to", json_string(r->to));
	}
	json_object_set_new(o, "services", services_json(cfg, r));
	json_object_set_new(o, "counters", ctrs);
	json_object_set_new(o, "journeys", jrs);
	hours_json(r, o);
	/* journeys across days (docs/journeys.md) */
	json_object_set_new(o, "visits", json_pack("{s:i, s:i, s:i, s:i, s:f, s:i, s:i}",
		"journeys_started", r->visits.started, "journeys_completed", r->visits.completed,
		"deferred", r->visits.deferred, "returned", r->visits.returned,
		"visits_per_completed", r->visits.visits_per_completed,
		"days_to_complete_p50", r->visits.days_p50,
		"days_to_complete_p90", r->visits.days_p90));
	return o;
}

/* A CSV cell that exists only when valid: empty otherwise. */
static const char *opt_cell(int valid, int v, char buf[16])
{
	if (!valid)
		return "";
	snprintf(buf, 16, "%d", v);
	return buf;
}

/* The rows of one report; label is its date (or FROM/TO for a range's total). */
static void csv_rows(const antre_config_t *cfg, const antre_report_t *r, const char *label,
		     FILE *f)
{
	char a[16], b[16], c[16], d[16];

	for (int s = 0; s < cfg->n_services; s++) {
		const antre_report_service_t *x = &r->services[s];
		fprintf(f, "%s,service,%s,%d,%d,%d,%d,%s,%s,%s,%s,,%d,%d\n", label,
			cfg->services[s].id, x->issued, x->served, x->no_show, x->cancelled,
			opt_cell(x->waits, x->wait_p50_s, a), opt_cell(x->waits, x->wait_p90_s, b),
			opt_cell(x->waits, x->wait_max_s, c),
			opt_cell(x->served, x->service_mean_s, d), x->arrived, x->waits);
	}
	for (int k = 0; k < cfg->n_counters; k++)
		fprintf(f, "%s,counter,%s,,%d,,,,,,%s,,,\n", label, cfg->counters[k].id,
			r->counters[k].served,
			opt_cell(r->counters[k].served, r->counters[k].service_mean_s, a));
	for (int j = 0; j < cfg->n_journeys; j++)
		fprintf(f, "%s,journey,%s,%d,,,,,,,,%d,,\n", label, cfg->journeys[j].id,
			r->journeys[j].issued, r->journeys[j].completed);
	for (int h = 0; h < 24; h++) {
		const antre_report_hour_t *x = &r->hours[h];
		if (x->arrivals || x->calls)
			fprintf(f, "%s,hour,%02d,%d,,,,%s,%s,,,,,%d\n", label, h, x->arrivals,
				opt_cell(x->calls, x->wait_p50_s, a),
				opt_cell(x->calls, x->wait_p90_s, b), x->calls);
	}
}

/* One table a spreadsheet opens: a row per service, counter, journey and hour; for a
 * range the days' rows, then the whole range's with the date FROM/TO. The column names
 * say what they count; the README's reports section has the long form. */
static char *report_csv(const antre_config_t *cfg, const report_ask_t *ask)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fputs("date,kind,id,issued_at_kiosk,served_steps_finished,no_show,cancelled,"
	      "wait_p50_s,wait_p90_s,wait_max_s,service_mean_s,journeys_completed,"
	      "arrived_issued_steps_transfers_in,waits_measured\n", f);
	for (int i = 0; ask->days && i < ask->n_days; i++)
		csv_rows(cfg, &ask->days[i], ask->days[i].date, f);
	if (ask->days) {
		char label[2 * ANTRE_DAY_LEN + 2];
		snprintf(label, sizeof(label), "%s/%s", ask->from, ask->to);
		csv_rows(cfg, &ask->total, label, f);
	} else {
		csv_rows(cfg, &ask->total, ask->from, f);
	}
	fclose(f);
	return buf;
}

static void get_daily(api_req_t *req, api_resp_t *resp)
{
	const char *format = api_query(req, "format");
	report_ask_t *ask;
	char err[160];

	if (api_require(req, resp, API_ADMIN, -1) < 0)
		return;
	if (format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0) {
		api_reply_error(resp, 400, "bad_format", "format must be json or csv");
		return;
	}
	ask = xcalloc(1, sizeof(*ask));
	if (pick_days(req, api_query(req, "date"), api_query(req, "from"), api_query(req, "to"),
		      ask, err, sizeof(err)) < 0) {
		api_reply_error(resp, 400, "bad_date", "%s", err);
	} else if (build_reports(req, ask) < 0) {
		api_reply_error(resp, 503, "unavailable", "the event log could not be read");
	} else if (format && strcmp(format, "csv") == 0) {
		resp->status = 200;
		resp->content_type = "text/csv; charset=utf-8";
		resp->body = report_csv(req->cfg, ask);
	} else {
		json_t *o = report_json(req->cfg, &ask->total), *days = json_array();
		for (int i = 0; ask->days && i < ask->n_days; i++)
			json_array_append_new(days, report_json(req->cfg, &ask->days[i]));
		if (ask->days)
			json_object_set_new(o, "days", days);
		else
			json_decref(days);
		api_reply_json(resp, 200, o);
	}
	free(ask->days);
	free(ask);
}

/* A form field of an application/x-www-form-urlencoded body, decoded into out
 * ("" when absent). */
static void form_field(const char *body, const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key);

	out[0] = '\0';
	for (const char *p = body; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
		size_t n = strcspn(p, "&");
		if (n > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
			snprintf(out, cap, "%.*s", (int)(n - klen - 1), p + klen + 1);
			for (char *c = out; *c; c++)
				if (*c == '+')
					*c = ' ';
			MHD_http_unescape(out);
			return;
		}
	}
}

static void reply_page(api_resp_t *resp, int status, char *html)
{
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	resp->body = html;
}

/* GET /reports: the login form (nothing of the office's figures without the token). */
static void get_page(api_req_t *req, api_resp_t *resp)
{
	reply_page(resp, 200, api_reports_page(req->cfg, NULL, NULL, 0, "", NULL));
}

/* POST /reports token=…&from=…&to=…: the report for those days, or the form again
 * with the sentence that says what was wrong. */
static void post_page(api_req_t *req, api_resp_t *resp)
{
	char token[300], bearer[320], from[16], to[16], err[160];
	report_ask_t *ask = NULL;
	antre_who_t who;

	form_field(req->body, "token", token, sizeof(token));
	form_field(req->body, "from", from, sizeof(from));
	form_field(req->body, "to", to, sizeof(to));
	snprintf(bearer, sizeof(bearer), "Bearer %s", token);
	who = antre_auth_identify(req->cfg, bearer);
	if (who.role != ANTRE_ROLE_ADMIN) {
		reply_page(resp, who.role == ANTRE_ROLE_NONE ? 401 : 403, api_reports_page(
			req->cfg, NULL, NULL, 0, "", "Token admin tidak dikenal / "
			"This is not the admin token"));
		return;
	}
	ask = xcalloc(1, sizeof(*ask));
	if (!to[0] && from[0])
		snprintf(to, sizeof(to), "%s", from);
	if (pick_days(req, NULL, from[0] ? from : NULL, to[0] ? to : NULL, ask, err,
		      sizeof(err)) < 0)
		reply_page(resp, 400, api_reports_page(req->cfg, NULL, NULL, 0, token, err));
	else if (build_reports(req, ask) < 0)
		reply_page(resp, 503, api_reports_page(req->cfg, NULL, NULL, 0, token,
			   "Log kejadian tidak terbaca / the event log could not be read"));
	else
		reply_page(resp, 200, api_reports_page(req->cfg, &ask->total, ask->days,
			   ask->days ? ask->n_days : 0, token, NULL));
	free(ask->days);
	free(ask);
}

const api_route_t api_routes_reports[] = {
	{ "GET", "/api/v1/reports/daily", get_daily },
	{ "GET", "/reports", get_page },
	{ "POST", "/reports", post_page },
	{ NULL, NULL, NULL },
};
