/* A scripted office day through the real antred, its clock moved by libfaketime, and
 * every figure of GET /api/v1/reports/daily (JSON and CSV, one day and a range), of the
 * /reports page and of the by-number lookup checked against what the script says.
 * The expected figures are worked out by hand from the script below, not by the
 * report code. With ANTRE_REPORT_DAY_KEEP=DIR the office and its log are kept in
 * DIR/office.ini and DIR/antre.db (the Chromium test of the page reads them). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "test.h"

#define FAKETIME_LIB "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"
#define DAY1_0800_UTC 1795741200LL   /* 2026-11-27 08:00 WIB */
#define ADMIN "admin-report-token-0000"
#define KIOSK "kiosk-report-token-0000"

static const char office[] =
	"[office]\nname = LTSA P2MI Kabupaten Indramayu\n"
	"name_en = One-Stop Service for Migrant Workers, Indramayu\n"
	"timezone = Asia/Jakarta\nreset_at = 00:00\nnumber_width = 3\n"
	"priority_policy = strict\n"
	"[server]\nadmin_token = " ADMIN "\n"
	"[service DISNAKER]\nprefix = A\nname = Dinas Tenaga Kerja\nname_en = Manpower Office\n"
	"[service KESEHATAN]\nprefix = B\nname = Pemeriksaan Kesehatan\nname_en = Health Check\n"
	"[service SKCK]\nprefix = C\nname = SKCK Kepolisian\nname_en = Police Certificate\n"
	"[service INFO]\nprefix = D\nname = Informasi\nname_en = Information\n"
	"[journey CPMI]\nprefix = P\nname = Layanan Lengkap Calon PMI\n"
	"name_en = Full Service for Prospective Migrant Workers\n"
	"steps = DISNAKER, KESEHATAN, SKCK\n"
	"[counter 1]\nname = Loket 1\nservices = DISNAKER\ntoken = counter-1-report-token\n"
	"[counter 2]\nname = Loket 2\nservices = DISNAKER, KESEHATAN\n"
	"token = counter-2-report-token\n"
	"[counter 3]\nname = Loket 3\nservices = KESEHATAN, SKCK\ntoken = counter-3-report-token\n"
	"[counter 4]\nname = Loket 4\nservices = SKCK, INFO\ntoken = counter-4-report-token\n"
	"[kiosk lobby]\ntoken = " KIOSK "\nprinter = file:/dev/null\n";

/* One step of the script, s seconds after 08:00 WIB of day (0 or 1):
 *   issue SERVICE|JOURNEY (expect: the number), COUNTER ACTION [SERVICE] (expect: the
 *   number of the ticket in the answer: for finish, the one that left), cancel TYPED
 *   (by today's number). */
typedef struct {
	int day, s;
	const char *what, *arg, *arg2, *expect;
} step_t;

static const step_t script[] = {
	{ 0, 0, "issue", "DISNAKER", NULL, "A001" },
	{ 0, 60, "issue", "DISNAKER", NULL, "A002" },
	{ 0, 120, "issue", "CPMI", NULL, "P001" },
	{ 0, 300, "1", "call-next", NULL, "A001" },          /* waited 300 */
	{ 0, 360, "1", "start", NULL, "A001" },
	{ 0, 400, "2", "call-next", NULL, "A002" },          /* waited 340 */
	{ 0, 500, "2", "transfer", "KESEHATAN", "A002" },    /* arrives at KESEHATAN */
	{ 0, 660, "1", "finish", NULL, "A001" },             /* A001: 300 s from start */
	{ 0, 700, "1", "call-next", NULL, "P001" },          /* waited 580 */
	{ 0, 900, "1", "finish", NULL, "P001" },             /* 200 s; P001 → KESEHATAN */
	{ 0, 1000, "3", "call-next", NULL, "A002" },         /* waited 500 since 500 */
	{ 0, 1200, "3", "finish", NULL, "A002" },            /* 200 s; A002 done */
	{ 0, 1300, "2", "call-next", NULL, "P001" },         /* waited 400 since 900 */
	{ 0, 1500, "2", "finish", NULL, "P001" },            /* 200 s; P001 → SKCK */
	{ 0, 3700, "issue", "DISNAKER", NULL, "A003" },      /* 09:01:40 */
	{ 0, 3800, "issue", "KESEHATAN", NULL, "B001" },
	{ 0, 3900, "4", "call-next", NULL, "P001" },         /* waited 2400 since 1500 */
	{ 0, 4000, "4", "finish", NULL, "P001" },            /* 100 s; CPMI completed */
	{ 0, 4100, "1", "call-next", NULL, "A003" },         /* waited 400 */
	{ 0, 4200, "1", "no-show", NULL, "A003" },
	{ 0, 4300, "cancel", "b1", NULL, "B001" },           /* by number, unpadded */
	{ 0, 4400, "issue", "CPMI", NULL, "P002" },
	{ 0, 4500, "2", "call-next", NULL, "P002" },         /* waited 100 */
	{ 0, 4600, "2", "finish", NULL, "P002" },            /* 100 s; P002 → KESEHATAN */
	/* the next day: P002 expired at the reset, numbers start again */
	{ 1, 0, "issue", "DISNAKER", NULL, "A001" },
	{ 1, 120, "1", "call-next", NULL, "A001" },          /* waited 120 */
	{ 1, 300, "1", "finish", NULL, "A001" },             /* 180 s */
};

static char dir[128], clock_path[200];
static antred_t d;

/* antred's wall clock: day 0/1, s seconds after 08:00 WIB (plus the real time since it
 * started, a fraction of a second that only ever grows: every difference of two steps'
 * times is its exact figure plus less than a second, and figures are whole seconds). */
static void set_clock(int day, int s)
{
	time_t t = (time_t)(DAY1_0800_UTC + day * 86400LL + s + 7 * 3600LL);   /* as WIB */
	char tmp[220], text[40];
	struct tm tm;
	FILE *f;

	gmtime_r(&t, &tm);
	strftime(text, sizeof(text), "@%Y-%m-%d %H:%M:%S\n", &tm);
	snprintf(tmp, sizeof(tmp), "%s.new", clock_path);
	f = fopen(tmp, "w");
	fputs(text, f);
	fclose(f);
	rename(tmp, clock_path);
}

static json_t *get_json(const char *path, int want)
{
	char url[300], *body = NULL;
	json_t *o;
	snprintf(url, sizeof(url), "%s%s", d.url, path);
	ASSERT_EQ_INT(http("GET", url, ADMIN, NULL, &body), want);
	o = json_loads(body, 0, NULL);
	free(body);
	return o;
}

static json_t *post_json(const char *path, const char *token, const char *body, int want)
{
	char url[300], *answer = NULL;
	json_t *o;
	snprintf(url, sizeof(url), "%s%s", d.url, path);
	ASSERT_EQ_INT(http("POST", url, token, body, &answer), want);
	o = json_loads(answer ? answer : "null", 0, NULL);
	free(answer);
	return o;
}

/* One step: its number checked against the script's. */
static void run_step(const step_t *st)
{
	char path[200], body[200];
	json_t *o, *t;

	set_clock(st->day, st->s);
	if (strcmp(st->what, "issue") == 0) {
		snprintf(body, sizeof(body), "{\"%s\":\"%s\"}",
			 strcmp(st->arg, "CPMI") == 0 ? "journey" : "service", st->arg);
		o = post_json("/api/v1/tickets", KIOSK, body, 201);
		ASSERT_EQ_STR(json_str(o, "number"), st->expect);
	} else if (strcmp(st->what, "cancel") == 0) {
		snprintf(path, sizeof(path), "/api/v1/tickets?number=%s", st->arg);
		t = get_json(path, 200);
		ASSERT_EQ_STR(json_str(t, "number"), st->expect);
		snprintf(path, sizeof(path), "/api/v1/tickets/%s/cancel", json_str(t, "id"));
		json_decref(t);
		o = post_json(path, ADMIN, "{\"reason\":\"admin\"}", 200);
		ASSERT_EQ_STR(json_str(o, "state"), "cancelled");
	} else {
		snprintf(path, sizeof(path), "/api/v1/counters/%s/%s", st->what, st->arg);
		snprintf(body, sizeof(body), "{\"service\":\"%s\"}", st->arg2 ? st->arg2 : "");
		o = post_json(path, ADMIN, st->arg2 ? body : NULL, 200);
		t = json_object_get(o, "ticket");
		ASSERT_EQ_STR(json_is_object(t) ? json_str(t, "number") : "-", st->expect);
	}
	json_decref(o);
}

static void start_day(void)
{
	char ini[200], db[300], asan[600];
	const char *keep = getenv("ANTRE_REPORT_DAY_KEEP");
	FILE *f;

	test_tmpdir(dir, sizeof(dir));
	snprintf(ini, sizeof(ini), "%s/office.ini", keep ? keep : dir);
	f = fopen(ini, "w");
	fputs(office, f);
	fclose(f);
	snprintf(db, sizeof(db), "%s/antre.db", keep ? keep : dir);
	snprintf(clock_path, sizeof(clock_path), "%s/clock", dir);
	set_clock(0, -30);
	/* the clock for antred only (its environment is ours when it starts) */
	snprintf(asan, sizeof(asan), "%s%sverify_asan_link_order=0",
		 getenv("ASAN_OPTIONS") ? getenv("ASAN_OPTIONS") : "",
		 getenv("ASAN_OPTIONS") ? ":" : "");
	setenv("ASAN_OPTIONS", asan, 1);
	setenv("FAKETIME_TIMESTAMP_FILE", clock_path, 1);
	setenv("FAKETIME_NO_CACHE", "1", 1);
	setenv("FAKETIME_DONT_RESET", "1", 1);
	setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1", 1);   /* antred tells steps by it */
	setenv("FAKETIME_FORCE_MONOTONIC_FIX", "0", 1);
	setenv("TZ", "Asia/Jakarta", 1);   /* the clock file is read in antred's zone */
	setenv("LD_PRELOAD", FAKETIME_LIB, 1);
	ASSERT_EQ_INT(antred_start(&d, dir, ini, db, NULL), 0);
	unsetenv("LD_PRELOAD");
	for (size_t i = 0; i < sizeof(script) / sizeof(script[0]); i++)
		run_step(&script[i]);
}

static json_t *find_id(json_t *r, const char *list, const char *id)
{
	json_t *v;
	size_t i;
	json_array_foreach(json_object_get(r, list), i, v)
		if (strcmp(json_str(v, "id"), id) == 0)
			return v;
	test_fail_at(__FILE__, __LINE__, "no %s %s in the report", list, id);
	return NULL;
}

static long long ival(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	ASSERT_TRUE(json_is_integer(v));
	return json_integer_value(v);
}

/* A service's row: issued, arrived, served, no-show, cancelled, waits, p50, p90, max,
 * mean (-1: must be null). */
static void check_service(json_t *r, const char *id, const long long want[10])
{
	static const char *const keys[] = { "issued", "arrived", "served", "no_show",
					    "cancelled", "waits", "wait_p50_s", "wait_p90_s",
					    "wait_max_s", "service_mean_s" };
	json_t *s = find_id(r, "services", id);

	for (int k = 0; k < 10; k++) {
		if (want[k] < 0) {
			ASSERT_TRUE(json_is_null(json_object_get(s, keys[k])));
			continue;
		}
		if (ival(s, keys[k]) != want[k])
			test_fail_at(__FILE__, __LINE__, "%s %s: %lld, expected %lld", id, keys[k],
				     ival(s, keys[k]), want[k]);
	}
	ASSERT_TRUE(ival(s, "served") <= ival(s, "arrived"));
}

static void check_counter(json_t *r, const char *id, long long served, long long mean)
{
	json_t *c = find_id(r, "counters", id);
	ASSERT_EQ_INT(ival(c, "served"), served);
	if (mean < 0)
		ASSERT_TRUE(json_is_null(json_object_get(c, "service_mean_s")));
	else
		ASSERT_EQ_INT(ival(c, "service_mean_s"), mean);
}

static void check_hour(json_t *r, const char *hour, long long arrivals, long long calls,
		       long long p50, long long p90)
{
	json_t *v, *h = NULL;
	size_t i;
	json_array_foreach(json_object_get(r, "hours"), i, v)
		if (strcmp(json_str(v, "hour"), hour) == 0)
			h = v;
	ASSERT_TRUE(h != NULL);
	ASSERT_EQ_INT(ival(h, "arrivals"), arrivals);
	ASSERT_EQ_INT(ival(h, "calls"), calls);
	ASSERT_EQ_INT(ival(h, "wait_p50_s"), p50);
	ASSERT_EQ_INT(ival(h, "wait_p90_s"), p90);
	ASSERT_EQ_INT(ival(json_object_get(r, "arrivals_per_hour"), hour), arrivals);
	h = json_object_get(json_object_get(r, "waits_per_hour"), hour);
	ASSERT_TRUE(h != NULL);
	ASSERT_EQ_INT(ival(h, "calls"), calls);
	ASSERT_EQ_INT(ival(h, "p50_s"), p50);
	ASSERT_EQ_INT(ival(h, "p90_s"), p90);
}

/* The first day, worked out from the script:
 * DISNAKER: issued A001 A002 A003; arrived those + P001 + P002 (their first step);
 *   served A001 P001 P002; no-show A003; waits 300 340 580 400 100 → sorted
 *   100 300 340 400 580: p50 (3rd) 340, p90 (5th) 580; mean (300+200+100)/3 = 200.
 * KESEHATAN: issued B001; arrived A002 (transfer) P001 (step) B001 P002 (step);
 *   served A002 P001; cancelled B001; waits 500 400: p50 400, p90 500; mean 200.
 * SKCK: arrived and served P001; wait 2400; mean 100. INFO: nothing, no wait. */
TEST(the_scripted_day_runs_as_written)
{
	start_day();
}

TEST(one_day_every_figure_as_the_script_says)
{
	static const long long disnaker[10] = { 3, 5, 3, 1, 0, 5, 340, 580, 580, 200 };
	static const long long kesehatan[10] = { 1, 4, 2, 0, 1, 2, 400, 500, 500, 200 };
	static const long long skck[10] = { 0, 1, 1, 0, 0, 1, 2400, 2400, 2400, 100 };
	static const long long info[10] = { 0, 0, 0, 0, 0, 0, -1, -1, -1, -1 };
	json_t *r = get_json("/api/v1/reports/daily?date=2026-11-27", 200), *j;

	ASSERT_EQ_STR(json_str(r, "date"), "2026-11-27");
	check_service(r, "DISNAKER", disnaker);
	check_service(r, "KESEHATAN", kesehatan);
	check_service(r, "SKCK", skck);
	check_service(r, "INFO", info);
	/* counter 1: A001 300, P001 200; 2: P001 200, P002 100 (A002 left it by transfer);
	 * 3: A002 200; 4: P001 100 */
	check_counter(r, "1", 2, 250);
	check_counter(r, "2", 2, 150);
	check_counter(r, "3", 1, 200);
	check_counter(r, "4", 1, 100);
	j = find_id(r, "journeys", "CPMI");
	ASSERT_EQ_INT(ival(j, "started"), 2);
	ASSERT_EQ_INT(ival(j, "issued"), 2);
	ASSERT_EQ_INT(ival(j, "completed"), 1);
	/* 08:00-08:59 issued A001 A002 P001 and first-called waits 300 340 580 500 400 →
	 * p50 400, p90 580; 09: A003 B001 P002, calls 2400 400 100 → p50 400, p90 2400 */
	check_hour(r, "08", 3, 5, 400, 580);
	check_hour(r, "09", 3, 3, 400, 2400);
	ASSERT_EQ_INT((long long)json_array_size(json_object_get(r, "hours")), 2);
	json_decref(r);
}

/* The two days as one report: DISNAKER gains A001 of the 28th (wait 120, 180 s): waits
 * 100 120 300 340 400 580 → p50 (3rd) 300, p90 (6th) 580; mean (600+180)/4 = 195. */
TEST(a_range_is_one_report_over_its_days_with_a_row_per_day)
{
	static const long long disnaker[10] = { 4, 6, 4, 1, 0, 6, 300, 580, 580, 195 };
	static const long long kesehatan[10] = { 1, 4, 2, 0, 1, 2, 400, 500, 500, 200 };
	json_t *r = get_json("/api/v1/reports/daily?from=2026-11-27&to=2026-11-28", 200);
	json_t *days = json_object_get(r, "days");

	ASSERT_EQ_STR(json_str(r, "from"), "2026-11-27");
	ASSERT_EQ_STR(json_str(r, "to"), "2026-11-28");
	check_service(r, "DISNAKER", disnaker);
	check_service(r, "KESEHATAN", kesehatan);
	check_counter(r, "1", 3, (300 + 200 + 180) / 3);
	ASSERT_EQ_INT(ival(find_id(r, "journeys", "CPMI"), "completed"), 1);
	ASSERT_EQ_INT((long long)json_array_size(days), 2);
	ASSERT_EQ_STR(json_str(json_array_get(days, 1), "date"), "2026-11-28");
	ASSERT_EQ_INT(ival(find_id(json_array_get(days, 1), "services", "DISNAKER"), "served"),
		      1);
	ASSERT_EQ_INT(ival(find_id(json_array_get(days, 0), "services", "DISNAKER"), "served"),
		      3);
	json_decref(r);
	/* a range the other way round, or longer than 92 days, is refused; 92 is not */
	json_decref(get_json("/api/v1/reports/daily?from=2026-11-28&to=2026-11-27", 400));
	json_decref(get_json("/api/v1/reports/daily?from=2026-01-01&to=2026-12-31", 400));
	json_decref(get_json("/api/v1/reports/daily?from=2026-08-28&to=2026-11-28", 400));
	json_decref(get_json("/api/v1/reports/daily?from=2026-08-29&to=2026-11-28", 200));
	json_decref(get_json("/api/v1/reports/daily?from=2026-11-27", 400));
}

TEST(csv_names_what_it_counts_and_leaves_a_missing_wait_empty)
{
	char url[300], *text = NULL;

	snprintf(url, sizeof(url), "%s/api/v1/reports/daily?date=2026-11-27&format=csv", d.url);
	ASSERT_EQ_INT(http("GET", url, ADMIN, NULL, &text), 200);
	ASSERT_CONTAINS(text, "date,kind,id,issued_at_kiosk,served_steps_finished,no_show,"
			      "cancelled,wait_p50_s,wait_p90_s,wait_max_s,service_mean_s,"
			      "journeys_completed,arrived_issued_steps_transfers_in,"
			      "waits_measured\n");
	ASSERT_CONTAINS(text, "\n2026-11-27,service,DISNAKER,3,3,1,0,340,580,580,200,,5,5\n");
	ASSERT_CONTAINS(text, "\n2026-11-27,service,INFO,0,0,0,0,,,,,,0,0\n");
	ASSERT_CONTAINS(text, "\n2026-11-27,counter,2,,2,,,,,,150,,,\n");
	ASSERT_CONTAINS(text, "\n2026-11-27,journey,CPMI,2,,,,,,,,1,,\n");
	ASSERT_CONTAINS(text, "\n2026-11-27,hour,09,3,,,,400,2400,,,,,3\n");
	free(text);
}

/* The page, as the server renders it (the Chromium test looks at it in a browser). */
TEST(the_reports_page_needs_the_admin_token_and_shows_the_figures)
{
	char url[300], *html = NULL;

	snprintf(url, sizeof(url), "%s/reports", d.url);
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &html), 200);
	ASSERT_CONTAINS(html, "name=\"token\"");
	ASSERT_TRUE(strstr(html, "<svg") == NULL);
	free(html);
	ASSERT_EQ_INT(http("POST", url, NULL, "token=" KIOSK "&from=2026-11-27", &html), 403);
	ASSERT_TRUE(strstr(html, "<svg") == NULL);
	free(html);
	ASSERT_EQ_INT(http("POST", url, NULL, "token=" ADMIN "&from=2026-11-27&to=2026-11-27",
			   &html), 200);
	ASSERT_CONTAINS(html, "<tr data-id=\"DISNAKER\"><td>DISNAKER <small>Dinas Tenaga Kerja"
			      "</small></td><td>3</td><td>5</td><td>3</td><td>1</td><td>0</td>"
			      "<td>5 m 40 s</td><td>9 m 40 s</td><td>9 m 40 s</td><td>3 m 20 s</td>");
	ASSERT_CONTAINS(html, "<tr data-id=\"INFO\"><td>INFO <small>Informasi</small></td>"
			      "<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>\u2013</td>");
	ASSERT_CONTAINS(html, "<svg");
	free(html);
}

TEST(a_ticket_is_found_by_its_number_typed_any_way_today)
{
	json_t *t;
	char url[300], *body = NULL;

	t = get_json("/api/v1/tickets?number=a1", 200);   /* the 28th's A001 */
	ASSERT_EQ_STR(json_str(t, "number"), "A001");
	ASSERT_EQ_STR(json_str(t, "state"), "done");
	json_decref(t);
	t = get_json("/api/v1/tickets?number=Z999", 404);
	ASSERT_CONTAINS(json_str(t, "message"), "no ticket numbered Z999 was issued today");
	json_decref(t);
	json_decref(get_json("/api/v1/tickets?number=P002", 404));   /* yesterday's */
	json_decref(get_json("/api/v1/tickets?number=", 400));
	t = get_json("/api/v1/tickets?number=A0001", 200);   /* over-padded, as typed */
	ASSERT_EQ_STR(json_str(t, "number"), "A001");
	json_decref(t);
	/* the answer carries the ticket's secret id: staff only */
	snprintf(url, sizeof(url), "%s/api/v1/tickets?number=A001", d.url);
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &body), 401);
	free(body);
	ASSERT_EQ_INT(http("GET", url, KIOSK, NULL, &body), 403);
	free(body);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(the_scripted_day_runs_as_written),
		TEST_CASE(one_day_every_figure_as_the_script_says),
		TEST_CASE(a_range_is_one_report_over_its_days_with_a_row_per_day),
		TEST_CASE(csv_names_what_it_counts_and_leaves_a_missing_wait_empty),
		TEST_CASE(the_reports_page_needs_the_admin_token_and_shows_the_figures),
		TEST_CASE(a_ticket_is_found_by_its_number_typed_any_way_today),
		{ NULL, NULL },
	};
	int rc;

	if (access(FAKETIME_LIB, R_OK) != 0) {
		fprintf(stderr, "test_report_day: %s is missing (apt-get install faketime)\n",
			FAKETIME_LIB);
		return 1;
	}
	rc = test_main(argc, argv, cases);
	antred_stop(&d, 15);
	if (getenv("ANTRE_REPORT_DAY_KEEP") == NULL)
		test_rmdir(dir);
	return rc;
}
