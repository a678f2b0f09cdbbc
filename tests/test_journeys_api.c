/* Journeys across days over HTTP against the real antred on 127.0.0.1:0 (issue 13
 * item 5): POST /api/v1/counters/{id}/defer and its refusals, the ticket's code,
 * POST /api/v1/tickets {"resume": ...} before the return date (409 too_early), unknown
 * (404), and the status page of a deferred ticket. The days after are
 * tests/journeys_faketime.sh. */
#include <jansson.h>
#include <signal.h>
#include <time.h>

#include "daemon.h"
#include "test.h"

#define KIOSK "kiosk-test-token-0000"
#define ADMIN "admin-test-token-0000"
#define CTR1 "counter-1-test-token"

static antred_t d;
static char dir[64], db[128], ini[128];

/* The office day (Asia/Jakarta) `days` from now, "YYYY-MM-DD". */
static void jakarta_day(int days, char out[16])
{
	time_t t = time(NULL) + (time_t)7 * 3600 + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static json_t *post(const char *path, const char *token, const char *body, int want)
{
	char url[256], *resp = NULL;
	json_t *o;
	int st;

	snprintf(url, sizeof(url), "%s%s", d.url, path);
	st = http("POST", url, token, body, &resp);
	if (st != want)
		fprintf(stderr, "POST %s %s: %d %s\n", path, body, st, resp ? resp : "");
	ASSERT_EQ_INT(st, want);
	o = json_loads(resp ? resp : "null", JSON_DECODE_ANY, NULL);
	free(resp);
	return o;
}

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

TEST(defer_over_http_and_resume_refusals)
{
	char back[16], today[16], far[16], body[256], url[256], *page = NULL;
	char id[40], code[16];
	json_t *o, *t;
	FILE *f;

	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(ini, sizeof(ini), "%s/antre.ini", dir);
	f = fopen(ini, "w");
	ASSERT_TRUE(f != NULL);
	fprintf(f, "[office]\nname = Test\ntimezone = Asia/Jakarta\nreset_at = 00:00\n"
		"[server]\nadmin_token = " ADMIN "\n"
		"[service KES]\nprefix = K\nname = Kesehatan\nname_en = Health check\n"
		"[service DOK]\nprefix = D\nname = Dokumen\n"
		"[journey CPMI]\nprefix = P\nsteps = KES, DOK\n"
		"[counter 1]\nname = Loket 1\nservices = KES, DOK\ntoken = " CTR1 "\n"
		"[kiosk lobby]\ntoken = " KIOSK "\nprinter = file:/dev/null\n");
	fclose(f);
	ASSERT_EQ_INT(antred_start(&d, dir, ini, db, NULL), 0);
	jakarta_day(0, today);
	jakarta_day(2, back);
	jakarta_day(91, far);

	o = post("/api/v1/tickets", KIOSK, "{\"service\":\"DOK\"}", 201);
	ASSERT_EQ_INT(strlen(str(o, "code")), 9);   /* XXXX-XXXX */
	ASSERT_EQ_INT(str(o, "code")[4], '-');
	json_decref(o);
	o = post("/api/v1/tickets", KIOSK, "{\"journey\":\"CPMI\"}", 201);
	snprintf(id, sizeof(id), "%s", str(o, "id"));
	snprintf(code, sizeof(code), "%s", str(o, "code"));
	ASSERT_EQ_INT(json_integer_value(json_object_get(o, "visit")), 1);
	ASSERT_EQ_STR(str(o, "origin"), id);
	json_decref(o);
	/* the counter calls D001 (first in line): not a journey */
	json_decref(post("/api/v1/counters/1/call-next", CTR1, NULL, 200));
	snprintf(body, sizeof(body), "{\"return_on\":\"%s\"}", back);
	o = post("/api/v1/counters/1/defer", CTR1, body, 409);
	ASSERT_CONTAINS(str(o, "message"), "no journey ticket");
	json_decref(o);
	json_decref(post("/api/v1/counters/1/call-next", CTR1, NULL, 200));   /* the journey */
	json_decref(post("/api/v1/counters/1/defer", CTR1, "{}", 400));
	json_decref(post("/api/v1/counters/1/defer", CTR1, "{\"return_on\":\"tomorrow\"}", 400));
	snprintf(body, sizeof(body), "{\"return_on\":\"%s\"}", today);
	json_decref(post("/api/v1/counters/1/defer", CTR1, body, 400));
	snprintf(body, sizeof(body), "{\"return_on\":\"%s\"}", far);
	json_decref(post("/api/v1/counters/1/defer", CTR1, body, 400));
	snprintf(body, sizeof(body), "{\"return_on\":\"%s\",\"step\":\"later\"}", back);
	json_decref(post("/api/v1/counters/1/defer", CTR1, body, 400));
	snprintf(body, sizeof(body), "{\"return_on\":\"%s\",\"step\":\"next\"}", back);
	o = post("/api/v1/counters/1/defer", CTR1, body, 200);
	t = json_object_get(o, "ticket");
	ASSERT_EQ_STR(str(t, "state"), "deferred");
	ASSERT_EQ_STR(str(t, "return_on"), back);
	ASSERT_EQ_STR(str(t, "service"), "DOK");   /* next desk */
	json_decref(o);
	/* resume: before the date, unknown, by an admin too */
	snprintf(body, sizeof(body), "{\"resume\":\"%s\"}", code);
	o = post("/api/v1/tickets", KIOSK, body, 409);
	ASSERT_EQ_STR(str(o, "error"), "too_early");
	ASSERT_CONTAINS(str(o, "message"), back);
	/* the date itself, for a kiosk to say it in its own words */
	ASSERT_EQ_STR(str(o, "return_on"), back);
	json_decref(o);
	json_decref(post("/api/v1/tickets", ADMIN, body, 409));
	json_decref(post("/api/v1/tickets", KIOSK, "{\"resume\":\"ZZZZ-ZZZZ\"}", 404));
	json_decref(post("/api/v1/tickets", KIOSK, "{\"resume\":\"\"}", 400));
	json_decref(post("/api/v1/tickets", CTR1, body, 403));
	/* the status page says when and where */
	snprintf(url, sizeof(url), "%s/t/%s", d.url, id);
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &page), 200);
	ASSERT_CONTAINS(page, "Kembali pada");
	ASSERT_CONTAINS(page, back);
	ASSERT_CONTAINS(page, "Dokumen");
	ASSERT_CONTAINS(page, code);
	free(page);
	/* and it is still deferred after kill -9 */
	antred_stop(&d, SIGKILL);
	ASSERT_EQ_INT(antred_start(&d, dir, ini, db, NULL), 0);
	o = post("/api/v1/tickets", KIOSK, body, 409);
	json_decref(o);
	antred_stop(&d, SIGTERM);
	d.pid = 0;
	test_rmdir(dir);
}

/* A failed assert leaves the test: its antred must not stay behind. */
static void stop_leftover(void)
{
	if (d.pid > 0)
		antred_stop(&d, SIGKILL);
	d.pid = 0;
}

int main(int argc, char **argv)
{
	atexit(stop_leftover);
	static const test_case_t cases[] = {
		TEST_CASE(defer_over_http_and_resume_refusals),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
