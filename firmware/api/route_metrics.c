/* GET /metrics in the Prometheus text format. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "export.h"
#include "xmalloc.h"

void api_announcements_metrics(uint64_t *rendered, uint64_t *hits);   /* route_announcements.c */

static void add(uint64_t *counter)
{
	__atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

static uint64_t get(const uint64_t *counter)
{
	return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

static unsigned long long by_type(api_metrics_t *m, antre_event_type_t type)
{
	return (unsigned long long)get(&m->by_type[type]);
}

void api_metrics_count_events(api_metrics_t *m, const antre_event_t *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const antre_event_t *e = &ev[i];
		if (e->type == ANTRE_EV_TICKET_ISSUED && e->journey >= 0)
			add(&m->issued_journey[e->journey]);
		else if (e->type == ANTRE_EV_TICKET_ISSUED && e->service >= 0)
			add(&m->issued[e->service]);
		add(&m->by_type[e->type]);
	}
}

typedef struct {
	char *buf;
	size_t len, cap;
} text_t;

static void out(text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out(text_t *t, const char *fmt, ...)
{
	va_list ap;
	int n;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if ((size_t)n < t->cap - t->len)
			break;
		t->cap = t->cap * 2 + (size_t)n;
		t->buf = xrealloc(t->buf, t->cap);
	}
	t->len += (size_t)n;
}

/* Every configured device: up, age of its last contact (once seen); kiosks' printers. */
static void device_metrics(text_t *t, api_req_t *req)
{
	const antre_config_t *cfg = req->cfg;
	int64_t now = antre_core_now_ms(req->core);

	out(t, "# HELP antre_device_up 1 while the device holds an event stream open or its "
		"last contact is at most %d s old.\n# TYPE antre_device_up gauge\n",
	    ANTRE_DEVICE_GONE_S);
	for (int kind = 0; kind < API_DEV__KINDS; kind++)
		for (int i = 0; i < api_device_count(cfg, (api_dev_kind_t)kind); i++) {
			api_device_t dv = api_device_get(req->api, (api_dev_kind_t)kind, i, now);
			out(t, "antre_device_up{kind=\"%s\",id=\"%s\"} %d\n",
			    api_device_kind_name((api_dev_kind_t)kind),
			    api_device_id(cfg, (api_dev_kind_t)kind, i),
			    api_device_alive(dv.last_seen_ms, now));
		}
	out(t, "# HELP antre_device_last_contact_age_seconds Seconds since the device "
		"last reported (absent: never since antred started).\n"
		"# TYPE antre_device_last_contact_age_seconds gauge\n");
	for (int kind = 0; kind < API_DEV__KINDS; kind++)
		for (int i = 0; i < api_device_count(cfg, (api_dev_kind_t)kind); i++) {
			api_device_t dv = api_device_get(req->api, (api_dev_kind_t)kind, i, now);
			if (dv.last_seen_ms)
				out(t, "antre_device_last_contact_age_seconds{kind=\"%s\",id=\"%s\"} "
					"%lld\n", api_device_kind_name((api_dev_kind_t)kind),
				    api_device_id(cfg, (api_dev_kind_t)kind, i),
				    (long long)api_device_age_s(dv.last_seen_ms, now));
		}
	out(t, "# HELP antre_device_printer_status 1 for the printer status the device "
		"last reported.\n# TYPE antre_device_printer_status gauge\n");
	for (int k = 0; k < cfg->n_kiosks; k++) {
		api_device_t dv = api_device_get(req->api, API_DEV_KIOSK, k, now);
		for (int p = 0; p < ANTRE_DEV_PRINTER__COUNT; p++)
			out(t, "antre_device_printer_status{kind=\"kiosk\",id=\"%s\","
				"status=\"%s\"} %d\n", cfg->kiosks[k].id,
			    api_printer_status_name(p), dv.printer == p);
	}
}

/* The export to the centre ([export]), when antred runs one: lag, reachability and the
 * last error (a label value: backslash, quote and newline escaped). */
static void export_metrics(text_t *t)
{
	antre_export_status_t x;
	char label[2 * ANTRE_EXPORT_ERROR_MAX];
	size_t n = 0;

	if (antre_export_status_now(&x) < 0)
		return;
	out(t, "# HELP antre_export_up 1 while the central PostgreSQL answered the last "
		"attempt.\n# TYPE antre_export_up gauge\nantre_export_up %d\n"
		"# HELP antre_export_lag_events Events of the log the centre does not have yet.\n"
		"# TYPE antre_export_lag_events gauge\nantre_export_lag_events %lld\n"
		"# HELP antre_export_lag_seconds Age of the oldest event not exported yet (0: "
		"none).\n# TYPE antre_export_lag_seconds gauge\nantre_export_lag_seconds %.3f\n"
		"# TYPE antre_export_seq gauge\nantre_export_seq %lld\n"
		"# TYPE antre_export_events_total counter\nantre_export_events_total %llu\n",
	    x.up, (long long)x.lag_events, x.lag_seconds,
	    (long long)x.exported_seq, (unsigned long long)x.exported_total);
	for (const char *c = x.last_error; *c && n + 3 < sizeof(label); c++) {
		if (*c == '\\' || *c == '"' || *c == '\n')
			label[n++] = '\\';
		if (*c == '\n')
			label[n++] = 'n';
		else
			label[n++] = *c;
	}
	label[n] = '\0';
	out(t, "# HELP antre_export_last_error_info The export's last error, and when (Unix "
		"seconds; absent: none since antred started).\n"
		"# TYPE antre_export_last_error_info gauge\n");
	if (x.last_error_at_ms)
		out(t, "antre_export_last_error_info{error=\"%s\",at=\"%lld\"} 1\n", label,
		    (long long)(x.last_error_at_ms / 1000));
}

static void get_metrics(api_req_t *req, api_resp_t *resp)
{
	const antre_config_t *cfg = req->cfg;
	api_metrics_t *m = &req->api->metrics;
	text_t t = { xmalloc(8192), 0, 8192 };
	antre_store_stats_t st;
	const antre_queue_t *q;
	uint64_t cumulative = 0;

	out(&t, "# HELP antre_tickets_issued_total Tickets issued since antred started.\n"
		"# TYPE antre_tickets_issued_total counter\n");
	for (int s = 0; s < cfg->n_services; s++)
		out(&t, "antre_tickets_issued_total{service=\"%s\"} %llu\n", cfg->services[s].id,
		    (unsigned long long)get(&m->issued[s]));
	for (int j = 0; j < cfg->n_journeys; j++)
		out(&t, "antre_tickets_issued_total{journey=\"%s\"} %llu\n", cfg->journeys[j].id,
		    (unsigned long long)get(&m->issued_journey[j]));
	out(&t, "# HELP antre_waiting Tickets waiting now, per service.\n"
		"# TYPE antre_waiting gauge\n");
	q = antre_core_read_begin(req->core);
	for (int s = 0; s < cfg->n_services; s++)
		out(&t, "antre_waiting{service=\"%s\"} %d\n", cfg->services[s].id,
		    antre_queue_waiting(q, s));
	out(&t, "# TYPE antre_event_seq gauge\nantre_event_seq %lld\n",
	    (long long)antre_queue_seq(q));
	antre_core_read_end(req->core);

	/* the names dashboards already use, then every event type by its wire name */
	out(&t, "# TYPE antre_calls_total counter\nantre_calls_total %llu\n"
		"# TYPE antre_recalls_total counter\nantre_recalls_total %llu\n"
		"# TYPE antre_no_shows_total counter\nantre_no_shows_total %llu\n"
		"# TYPE antre_finished_total counter\nantre_finished_total %llu\n"
		"# TYPE antre_cancelled_total counter\nantre_cancelled_total %llu\n"
		"# TYPE antre_expired_total counter\nantre_expired_total %llu\n",
	    by_type(m, ANTRE_EV_TICKET_CALLED), by_type(m, ANTRE_EV_TICKET_RECALLED),
	    by_type(m, ANTRE_EV_TICKET_NO_SHOW), by_type(m, ANTRE_EV_TICKET_FINISHED),
	    by_type(m, ANTRE_EV_TICKET_CANCELLED), by_type(m, ANTRE_EV_TICKET_EXPIRED));
	out(&t, "# HELP antre_events_total Events committed since antred started, by type.\n"
		"# TYPE antre_events_total counter\n");
	for (int e = 0; e < ANTRE_EV__COUNT; e++)
		out(&t, "antre_events_total{type=\"%s\"} %llu\n",
		    antre_event_type_name((antre_event_type_t)e), by_type(m, (antre_event_type_t)e));

	out(&t, "# HELP antre_http_requests_total HTTP requests answered, by status.\n"
		"# TYPE antre_http_requests_total counter\n");
	for (int c = 1; c < 6; c++)
		for (int r = 0; r < 100; r++)
			if (get(&m->http_status[c][r]))
				out(&t, "antre_http_requests_total{code=\"%d\"} %llu\n", c * 100 + r,
				    (unsigned long long)get(&m->http_status[c][r]));
	device_metrics(&t, req);
	export_metrics(&t);
	out(&t, "# HELP antre_sse_subscribers Open event-stream connections.\n"
		"# TYPE antre_sse_subscribers gauge\nantre_sse_subscribers %d\n",
	    sse_hub_subscribers(req->api->hub));

	{
		api_limits_stats_t ls;
		api_limits_stats(req->api->limits, &ls);
		out(&t, "# HELP antre_connections Open HTTP connections, and the most antred "
			"holds.\n# TYPE antre_connections gauge\nantre_connections %d\n"
			"# TYPE antre_connections_max gauge\nantre_connections_max %d\n"
			"# HELP antre_connections_refused_total Connections not accepted (an "
			"address or antred full).\n# TYPE antre_connections_refused_total counter\n"
			"antre_connections_refused_total %llu\n"
			"# HELP antre_connections_turned_away_total Requests answered 503: too "
			"many connections from one unknown address.\n"
			"# TYPE antre_connections_turned_away_total counter\n"
			"antre_connections_turned_away_total %llu\n",
		    ls.open, ls.max, (unsigned long long)ls.refused,
		    (unsigned long long)ls.turned_away);
	}
	out(&t, "# HELP antre_event_log_busy_seconds How long another program has held the "
		"event log locked (0: it has not).\n# TYPE antre_event_log_busy_seconds gauge\n"
		"antre_event_log_busy_seconds %.3f\n",
	    (double)antre_store_busy_ms(antre_core_store(req->core)) / 1000.0);
	antre_store_stats(antre_core_store(req->core), &st);
	out(&t, "# HELP antre_store_commit_seconds Time to commit (fsync) one group of events.\n"
		"# TYPE antre_store_commit_seconds histogram\n");
	for (int b = 0; b < ANTRE_STORE_LAT_BUCKETS; b++) {
		cumulative += st.latency_count[b];
		out(&t, "antre_store_commit_seconds_bucket{le=\"%g\"} %llu\n",
		    antre_store_latency_bounds_ms[b] / 1000.0, (unsigned long long)cumulative);
	}
	cumulative += st.latency_count[ANTRE_STORE_LAT_BUCKETS];
	out(&t, "antre_store_commit_seconds_bucket{le=\"+Inf\"} %llu\n"
		"antre_store_commit_seconds_sum %.6f\nantre_store_commit_seconds_count %llu\n"
		"# TYPE antre_store_events_total counter\nantre_store_events_total %llu\n",
	    (unsigned long long)cumulative, st.latency_sum_ms / 1000.0,
	    (unsigned long long)st.commits, (unsigned long long)st.events);

	{
		uint64_t rendered, hits;
		api_announcements_metrics(&rendered, &hits);
		out(&t, "# HELP antre_announcements_rendered_total Announcements rendered with "
			"espeak-ng.\n# TYPE antre_announcements_rendered_total counter\n"
			"antre_announcements_rendered_total %llu\n# HELP "
			"antre_announcements_cache_hits_total Announcements served from the cache.\n"
			"# TYPE antre_announcements_cache_hits_total counter\n"
			"antre_announcements_cache_hits_total %llu\n",
		    (unsigned long long)rendered, (unsigned long long)hits);
	}
	resp->status = 200;
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	resp->body = t.buf;
}

const api_route_t api_routes_metrics[] = {
	{ "GET", "/metrics", get_metrics },
	{ NULL, NULL, NULL },
};
