/* The /reports page (its route is in route_reports.c): a report as HTML, with SVG bar
 * charts drawn here in C, the tables under them, and print CSS for A4. No script: the
 * page works as printed, and nothing of it reaches the browser without the token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports_page.h"

/* Over /web/antre.css (the dark theme every antre page shares): on screen dark with
 * large figures; in print light, small and on A4. */
static const char page_css[] =
	"body{font-size:18px}"
	"header{background:var(--panel);border-bottom:3px solid var(--accent);padding:14px 28px}"
	"header h1{font-size:28px}header p{margin:2px 0 0;color:var(--muted)}"
	"#period{color:var(--accent);font-weight:700}"
	"main{max-width:1240px;margin:0 auto;padding:16px 24px 40px}"
	"form{display:flex;flex-wrap:wrap;gap:14px;align-items:end;background:var(--panel);"
	"padding:14px 18px;border-radius:10px;margin-bottom:18px}"
	"label{display:flex;flex-direction:column;gap:4px;font-size:15px;color:var(--muted)}"
	"input{font:inherit;font-size:18px;padding:7px 10px;color:var(--text);"
	"background:var(--bg);border:1px solid var(--line);border-radius:6px;"
	"color-scheme:dark}"
	"button{font:inherit;font-weight:700;padding:7px 18px;border:2px solid var(--accent);border-radius:6px;"
	"background:var(--accent);color:#1b1b1b;cursor:pointer}"
	"button.second{background:transparent;color:var(--text);border:2px solid var(--line)}"
	".error{background:#5a1f26;border:2px solid var(--bad);padding:10px 14px;"
	"border-radius:8px;font-weight:600}"
	".charts{display:grid;grid-template-columns:1fr 1fr;gap:18px}"
	"figure{margin:0;background:var(--panel);border-radius:10px;padding:12px 16px}"
	"figcaption{font-weight:700;margin-bottom:6px;display:flex;flex-wrap:wrap;"
	"align-items:center;gap:0 4px}figcaption span{font-weight:400;color:var(--muted)}"
	"svg{width:100%;height:auto;display:block}"
	"svg text{font:13px 'Noto Sans','DejaVu Sans',sans-serif;fill:var(--muted)}"
	"svg .v{font-size:13px;font-weight:700;fill:var(--text)}svg .axis{stroke:var(--line)}"
	"h2{font-size:22px;margin:26px 0 8px}h2 span{font-weight:400;color:var(--muted)}"
	"table{background:var(--panel);border-radius:10px;font-size:18px}"
	"th,td{padding:7px 10px;text-align:right;font-variant-numeric:tabular-nums}"
	"th{color:var(--text);font-size:15px;vertical-align:bottom;"
	"border-bottom:2px solid var(--line)}"
	"th small{display:block;font-weight:400;color:var(--muted);font-size:13px}"
	"th:first-child,td:first-child{text-align:left}"
	"td small{display:block;color:var(--muted);font-size:14px}"
	"#services td:first-child{min-width:11em}"
	".pair{display:grid;grid-template-columns:1fr 1fr;gap:0 24px}"
	".s1{fill:#5aa9ff}.s2{fill:var(--accent)}.key{display:inline-block;width:12px;"
	"height:12px;margin:0 4px 0 12px;border-radius:2px}.k1{background:#5aa9ff}"
	".k2{background:var(--accent)}.legend{flex-basis:100%;font-size:15px}"
	".legend .key:first-child{margin-left:0}.hint{font-size:15px;align-self:center}"
	"@media print{@page{size:A4;margin:12mm}"
	"html,body{background:#fff;color:#111;font-size:11px}"
	"header{background:#fff;padding:0 0 6px;border-bottom:2px solid #123a63}"
	"header h1{font-size:18px}header p{color:#333}#period{color:#111}"
	"main{padding:8px 0;max-width:none}form,.noprint{display:none}"
	"figure{background:#fff;padding:4px;break-inside:avoid;border:1px solid #ccd3dc}"
	"figcaption span,h2 span,th small,td small{color:#555}"
	"svg text{fill:#333}svg .v{fill:#111}svg .axis{stroke:#98a4b3}"
	"table{background:#fff;font-size:10px;break-inside:auto}tr{break-inside:avoid}"
	"td small{font-size:9px}th small{font-size:9px}.legend{font-size:10px}"
	"th,td{padding:2px 5px;border-bottom:1px solid #dde3ea}th{color:#111;font-size:10px;"
	"background:#eee;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"h2{font-size:13px;margin:10px 0 4px;break-after:avoid}"
	".s1{fill:#1f6fbf}.s2{fill:#e39a1c}.k1{background:#1f6fbf}.k2{background:#e39a1c}"
	".s1,.s2,.key{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

/* Text into HTML: & < > " escaped. */
static void put_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* A duration a supervisor reads at a glance: "40 s", "5 m", "5 m 40 s"; "–" for none. */
static const char *dur(int valid, int s, char buf[24])
{
	if (!valid)
		snprintf(buf, 24, "\u2013");
	else if (s < 60)
		snprintf(buf, 24, "%d s", s);
	else if (s % 60 == 0)
		snprintf(buf, 24, "%d m", s / 60);
	else
		snprintf(buf, 24, "%d m %02d s", s / 60, s % 60);
	return buf;
}

/* One bar chart: n groups of one or two bars. v2 is NULL for one series; ok1/ok2
 * (may be NULL: all valid) say which values exist (a missing one gets "–" and no bar);
 * seconds formats values as durations. */
typedef struct {
	const char *label_id, *label_en;   /* caption, Bahasa Indonesia first */
	const char *key1, *key2;           /* the series' names (key2 NULL: one series) */
	int n;
	const char *const *names;          /* n group names */
	const int *v1, *v2, *ok1, *ok2;
	int seconds;
} chart_t;

static int chart_max(const chart_t *c)
{
	int max = 1;
	for (int i = 0; i < c->n; i++) {
		if ((!c->ok1 || c->ok1[i]) && c->v1[i] > max)
			max = c->v1[i];
		if (c->v2 && (!c->ok2 || c->ok2[i]) && c->v2[i] > max)
			max = c->v2[i];
	}
	return max;
}

/* A bar's value label: a count, or a duration rounded for the chart ("40 s", "10 m";
 * the tables under the charts have the exact figure). */
static void bar_label(FILE *f, const chart_t *c, int valid, int v)
{
	if (!valid)
		fputs("\u2013", f);
	else if (!c->seconds)
		fprintf(f, "%d", v);
	else if (v < 60)
		fprintf(f, "%d s", v);
	else
		fprintf(f, "%d m", (v + 30) / 60);
}

static void chart_bar(FILE *f, const chart_t *c, int cls, int valid, int v, double x, double w)
{
	const double top = 20, height = 170;
	double h = valid ? height * v / chart_max(c) : 0;

	if (valid && v > 0)
		fprintf(f, "<rect class=\"s%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\"/>", cls, x, top + height - h, w, h);
	fprintf(f, "<text class=\"v\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x + w / 2,
		top + height - h - 4);
	bar_label(f, c, valid, v);
	fputs("</text>", f);
}

/* The names under the bars; turned when they do not fit side by side (many counters or
 * services). Returns the height they take. */
static double chart_names(FILE *f, const chart_t *c, double left, double slot)
{
	size_t longest = 1;
	int turn;

	for (int i = 0; i < c->n; i++)
		if (strlen(c->names[i]) > longest)
			longest = strlen(c->names[i]);
	turn = slot < 7.5 * (double)longest;
	for (int i = 0; i < c->n; i++) {
		double x = left + slot * i + slot / 2;
		if (turn)
			fprintf(f, "<text transform=\"translate(%.1f 202) rotate(-40)\" "
				"text-anchor=\"end\">", x + 4);
		else
			fprintf(f, "<text x=\"%.1f\" y=\"207\" text-anchor=\"middle\">", x);
		put_text(f, c->names[i]);
		fputs("</text>", f);
	}
	return turn ? 12 + 6.0 * (double)longest : 25;
}

/* The chart's axis, bars and names; returns the height of the drawing. */
static double chart_body(FILE *f, const chart_t *c)
{
	const double width = 560, left = 36, base = 190;   /* left: room for turned names */
	double slot = (width - 2 * left) / (c->n > 0 ? c->n : 1);
	double bw = (c->v2 ? slot * 0.8 / 2 : slot * 0.6);
	if (bw > 60)
		bw = 60;

	fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
		"class=\"axis\"/>", left, base, width - left, base);
	for (int i = 0; i < c->n; i++) {
		double x = left + slot * i + (slot - (c->v2 ? 2 * bw : bw)) / 2;
		chart_bar(f, c, 1, !c->ok1 || c->ok1[i], c->v1[i], x, bw);
		if (c->v2)
			chart_bar(f, c, 2, !c->ok2 || c->ok2[i], c->v2[i], x + bw, bw);
	}
	if (c->n == 0)
		fputs("<text x=\"280\" y=\"110\" text-anchor=\"middle\">Tidak ada data / "
		      "no data</text>", f);
	return base + chart_names(f, c, left, slot);
}

static void put_chart(FILE *f, const chart_t *c)
{
	char *body = NULL;
	size_t len = 0;
	FILE *g = open_memstream(&body, &len);
	double height = chart_body(g, c);   /* drawn first: the names decide the height */

	fclose(g);
	fputs("<figure><figcaption>", f);
	put_text(f, c->label_id);
	fputs(" <span>/ ", f);
	put_text(f, c->label_en);
	fputs("</span>", f);
	if (c->key2)
		fprintf(f, "<span class=\"legend\"><span class=\"key k1\"></span>%s"
			"<span class=\"key k2\"></span>%s</span>", c->key1, c->key2);
	fprintf(f, "</figcaption><svg viewBox=\"0 0 560 %.0f\" role=\"img\">%s</svg></figure>",
		height, body);
	free(body);
}

/* Hours shown: from the first to the last with anything in them, at least 08-15. */
static void hour_span(const antre_report_t *r, int *first, int *last)
{
	*first = 8;
	*last = 15;
	for (int h = 0; h < 24; h++)
		if (r->hours[h].arrivals || r->hours[h].calls) {
			if (h < *first)
				*first = h;
			if (h > *last)
				*last = h;
		}
}

static void put_charts(FILE *f, const antre_config_t *cfg, const antre_report_t *r)
{
	char hour_names[24][4];
	const char *hn[24], *sn[ANTRE_MAX_SERVICES], *cn[ANTRE_MAX_COUNTERS],
		*jn[ANTRE_MAX_JOURNEYS];
	int arr[24] = { 0 }, p50[ANTRE_MAX_SERVICES] = { 0 }, p90[ANTRE_MAX_SERVICES] = { 0 };
	int ok[ANTRE_MAX_SERVICES] = { 0 }, served[ANTRE_MAX_COUNTERS] = { 0 };
	int started[ANTRE_MAX_JOURNEYS] = { 0 }, done[ANTRE_MAX_JOURNEYS] = { 0 };
	int first, last, nh = 0;

	hour_span(r, &first, &last);
	for (int h = first; h <= last; h++, nh++) {
		snprintf(hour_names[nh], sizeof(hour_names[nh]), "%02d", h);
		hn[nh] = hour_names[nh];
		arr[nh] = r->hours[h].arrivals;
	}
	for (int s = 0; s < cfg->n_services; s++) {
		sn[s] = cfg->services[s].id;
		p50[s] = r->services[s].wait_p50_s;
		p90[s] = r->services[s].wait_p90_s;
		ok[s] = r->services[s].waits > 0;
	}
	for (int c = 0; c < cfg->n_counters; c++) {
		cn[c] = cfg->counters[c].name[0] ? cfg->counters[c].name : cfg->counters[c].id;
		served[c] = r->counters[c].served;
	}
	for (int j = 0; j < cfg->n_journeys; j++) {
		jn[j] = cfg->journeys[j].id;
		started[j] = r->journeys[j].issued;
		done[j] = r->journeys[j].completed;
	}
	fputs("<div class=\"charts\">", f);
	put_chart(f, &(chart_t){ "Kedatangan per jam", "arrivals per hour (tickets issued)",
				 NULL, NULL, nh, hn, arr, NULL, NULL, NULL, 0 });
	put_chart(f, &(chart_t){ "Waktu tunggu per layanan", "waiting time per service",
				 "p50", "p90", cfg->n_services, sn, p50, p90, ok, ok, 1 });
	put_chart(f, &(chart_t){ "Dilayani per loket", "served per counter (steps finished)",
				 NULL, NULL, cfg->n_counters, cn, served, NULL, NULL, NULL, 0 });
	put_chart(f, &(chart_t){ "Perjalanan", "journeys",
				 "dimulai / started", "selesai / completed", cfg->n_journeys, jn,
				 started, done, NULL, NULL, 0 });
	fputs("</div>", f);
}

/* A header cell: Bahasa Indonesia, then the English under it. */
static void th(FILE *f, const char *id, const char *en)
{
	fprintf(f, "<th>%s<small>%s</small></th>", id, en);
}

static void put_service_table(FILE *f, const antre_config_t *cfg, const antre_report_t *r)
{
	char a[24], b[24], c[24], d[24];

	fputs("<h2>Layanan <span>/ services</span></h2><table id=\"services\"><tr>", f);
	th(f, "Layanan", "service");
	th(f, "Terbit di kios", "issued at kiosk");
	th(f, "Tiba", "arrived (issued + journey steps + transfers in)");
	th(f, "Dilayani", "served (steps finished)");
	th(f, "Tidak hadir", "no-show");
	th(f, "Batal", "cancelled");
	th(f, "Tunggu p50", "wait p50");
	th(f, "Tunggu p90", "wait p90");
	th(f, "Tunggu maks.", "wait max");
	th(f, "Lama layanan", "service time, mean");
	fputs("</tr>", f);
	for (int s = 0; s < cfg->n_services; s++) {
		const antre_report_service_t *x = &r->services[s];
		fprintf(f, "<tr data-id=\"%s\"><td>%s <small>", cfg->services[s].id,
			cfg->services[s].id);
		put_text(f, cfg->services[s].name);
		fprintf(f, "</small></td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
			"<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", x->issued, x->arrived,
			x->served, x->no_show, x->cancelled, dur(x->waits, x->wait_p50_s, a),
			dur(x->waits, x->wait_p90_s, b), dur(x->waits, x->wait_max_s, c),
			dur(x->served, x->service_mean_s, d));
	}
	fputs("</table>", f);
}

static void put_counter_journey_tables(FILE *f, const antre_config_t *cfg,
				       const antre_report_t *r)
{
	char a[24];

	fputs("<div class=\"pair\"><div><h2>Loket <span>/ counters</span></h2>"
	      "<table id=\"counters\"><tr>", f);
	th(f, "Loket", "counter");
	th(f, "Dilayani", "served (steps finished)");
	th(f, "Lama layanan", "service time, mean");
	fputs("</tr>", f);
	for (int c = 0; c < cfg->n_counters; c++) {
		fprintf(f, "<tr data-id=\"%s\"><td>", cfg->counters[c].id);
		put_text(f, cfg->counters[c].name[0] ? cfg->counters[c].name : cfg->counters[c].id);
		fprintf(f, "</td><td>%d</td><td>%s</td></tr>", r->counters[c].served,
			dur(r->counters[c].served, r->counters[c].service_mean_s, a));
	}
	fputs("</table></div><div><h2>Perjalanan <span>/ journeys</span></h2>"
	      "<table id=\"journeys\"><tr>", f);
	th(f, "Perjalanan", "journey");
	th(f, "Dimulai", "started (issued at kiosk)");
	th(f, "Selesai", "completed (last step finished)");
	fputs("</tr>", f);
	for (int j = 0; j < cfg->n_journeys; j++) {
		fprintf(f, "<tr data-id=\"%s\"><td>%s <small>", cfg->journeys[j].id,
			cfg->journeys[j].id);
		put_text(f, cfg->journeys[j].name);
		fprintf(f, "</small></td><td>%d</td><td>%d</td></tr>", r->journeys[j].issued,
			r->journeys[j].completed);
	}
	fputs("</table></div></div>", f);
}

static void put_hour_table(FILE *f, const antre_report_t *r)
{
	char a[24], b[24];

	fputs("<h2>Per jam <span>/ per hour</span></h2><table id=\"hours\"><tr>", f);
	th(f, "Jam", "hour");
	th(f, "Kedatangan", "arrivals (tickets issued)");
	th(f, "Dipanggil", "called (first calls)");
	th(f, "Tunggu p50", "wait p50 of those called");
	th(f, "Tunggu p90", "wait p90 of those called");
	fputs("</tr>", f);
	for (int h = 0; h < 24; h++) {
		const antre_report_hour_t *x = &r->hours[h];
		if (x->arrivals || x->calls)
			fprintf(f, "<tr data-id=\"%02d\"><td>%02d:00</td><td>%d</td><td>%d</td>"
				"<td>%s</td><td>%s</td></tr>", h, h, x->arrivals, x->calls,
				dur(x->calls, x->wait_p50_s, a), dur(x->calls, x->wait_p90_s, b));
	}
	fputs("</table>", f);
}

/* A range's days, one row each. */
static void put_day_table(FILE *f, const antre_config_t *cfg, const antre_report_t *days,
			  int n)
{
	fputs("<h2>Per hari <span>/ per day</span></h2><table id=\"days\"><tr>", f);
	th(f, "Tanggal", "date");
	th(f, "Terbit di kios", "issued at kiosk (services + journeys)");
	th(f, "Dilayani", "served (steps finished)");
	th(f, "Tidak hadir", "no-show");
	th(f, "Batal", "cancelled");
	th(f, "Perjalanan selesai", "journeys completed");
	fputs("</tr>", f);
	for (int i = 0; i < n; i++) {
		int issued = 0, served = 0, no_show = 0, cancelled = 0, done = 0;
		for (int s = 0; s < cfg->n_services; s++) {
			issued += days[i].services[s].issued;
			served += days[i].services[s].served;
			no_show += days[i].services[s].no_show;
			cancelled += days[i].services[s].cancelled;
		}
		for (int j = 0; j < cfg->n_journeys; j++) {
			issued += days[i].journeys[j].issued;
			done += days[i].journeys[j].completed;
		}
		fprintf(f, "<tr data-id=\"%s\"><td>%s</td><td>%d</td><td>%d</td><td>%d</td>"
			"<td>%d</td><td>%d</td></tr>", days[i].date, days[i].date, issued, served,
			no_show, cancelled, done);
	}
	fputs("</table>", f);
}

/* The form: the token (hidden once given), the days, show and print. */
static void put_form(FILE *f, const antre_report_t *r, const char *token)
{
	fputs("<form method=\"post\" action=\"/reports\">", f);
	if (token[0]) {
		fputs("<input type=\"hidden\" name=\"token\" value=\"", f);
		put_text(f, token);
		fputs("\">", f);
	} else {
		fputs("<label>Token admin / admin token<input type=\"password\" name=\"token\" "
		      "autocomplete=\"current-password\" required size=\"24\"></label>", f);
	}
	fprintf(f, "<label>Dari tanggal / from<input type=\"date\" name=\"from\" value=\"%s\">"
		   "</label><label>Sampai / to<input type=\"date\" name=\"to\" value=\"%s\">"
		   "</label><button type=\"submit\">Tampilkan / Show</button>",
		r ? r->date : "", r ? r->to : "");
	if (!r)
		fputs("<span class=\"hint\">Tanpa tanggal: hari ini<br>"
		      "<span class=\"en\">no date: today</span></span>", f);
	if (r)
		fputs("<button type=\"button\" class=\"second\" onclick=\"window.print()\">Cetak / Print</button>", f);
	fputs("</form>", f);
}

char *api_reports_page(const antre_config_t *cfg, const antre_report_t *r,
		       const antre_report_t *days, int n_days, const char *token,
		       const char *error)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fprintf(f, "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">"
		   "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		   "<title>Laporan / Report</title><link rel=\"stylesheet\" href=\"/web/antre.css\">"
		   "<style>%s</style></head><body><header><h1>",
		page_css);
	put_text(f, cfg->name);
	fputs("</h1><p>Laporan layanan / service report", f);
	if (r)
		fprintf(f, " \u00b7 <span id=\"period\">%s%s%s</span>", r->date,
			strcmp(r->date, r->to) ? " \u2013 " : "", strcmp(r->date, r->to) ? r->to : "");
	fputs("</p></header><main>", f);
	put_form(f, r, token);
	if (error) {
		fputs("<p class=\"error\" id=\"error\">", f);
		put_text(f, error);
		fputs("</p>", f);
	}
	if (r) {
		put_charts(f, cfg, r);
		put_service_table(f, cfg, r);
		put_counter_journey_tables(f, cfg, r);
		put_hour_table(f, r);
		if (n_days > 1)
			put_day_table(f, cfg, days, n_days);
	}
	fputs("</main></body></html>\n", f);
	fclose(f);
	return buf;
}
