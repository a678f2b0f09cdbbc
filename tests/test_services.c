/* Service hours, daily quotas and service status over HTTP against the real antred on
 * 127.0.0.1:0 (issue 13): 409 service_closed and quota_exhausted with their sentences,
 * POST /api/v1/services/{id}/status (admin) and its answer, the state's service keys,
 * and a status that is still there after a restart. */
#include <jansson.h>
#include <signal.h>
#include <time.h>

#include "daemon.h"
#include "sse_collect.h"
#include "test.h"

#define KIOSK "kiosk-test-token-0000"
#define ADMIN "admin-test-token-0000"

static antred_t d;
static char dir[64], db[128], ini[128];

static void stop_leftover(void)
{
	if (d.pid > 0)
		antred_stop(&d, SIGKILL);
	d.pid = 0;
}

/* An office whose CLOSED service's hours never hold the current hour. */
static int start(void)
{
	time_t now = time(NULL) + (time_t)7 * 3600;   /* Asia/Jakarta, no DST */
	int later = (int)(now % 86400 / 3600 + 2) % 24;
	FILE *f;

	stop_leftover();
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(ini, sizeof(ini), "%s/antre.ini", dir);
	f = fopen(ini, "w");
	ASSERT_TRUE(f != NULL);
	fprintf(f, "[office]\nname = Test\ntimezone = Asia/Jakarta\n"
		"[server]\nadmin_token = " ADMIN "\n"
		"[service IMIGRASI]\nprefix = E\nname = Imigrasi\nname_en = Immigration\n"
		"quota = 2\nhours = 00:00-24:00\n"
		"[service DUKCAPIL]\nprefix = B\nname = Dukcapil\n"
		"[service LATER]\nprefix = L\nname = Nanti\nname_en = Later\n"
		"hours = %02d:00-%02d:30\n"
		"[journey J]\nprefix = P\nsteps = DUKCAPIL, IMIGRASI\n"
		"[counter 1]\nservices = IMIGRASI, DUKCAPIL, LATER\ntoken = counter-1-test-token\n"
		"[kiosk lobby]\ntoken = " KIOSK "\nprinter = file:/dev/null\n", later, later);
	fclose(f);
	return antred_start(&d, dir, ini, db, NULL);
}

/* The office again with IMIGRASI's quota at `quota`, taken by a reload (SIGHUP). */
static void reload_with_quota(int quota)
{
	char cmd[600], line[256];
	FILE *f;
	int reloads = 0, seen = 0;

	if ((f = fopen(d.log, "r")) != NULL) {
		while (fgets(line, sizeof(line), f))
			reloads += strstr(line, "reloaded") != NULL;
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd), "sed -i 's/^quota = .*/quota = %d/' '%s'", quota, ini);
	ASSERT_EQ_INT(system(cmd), 0);
	ASSERT_EQ_INT(kill(d.pid, SIGHUP), 0);
	for (int k = 0; k < 200 && seen <= reloads; k++) {   /* up to 10 s for the line */
		struct timespec ts = { 0, 50L * 1000 * 1000 };
		seen = 0;
		if ((f = fopen(d.log, "r")) != NULL) {
			while (fgets(line, sizeof(line), f))
				seen += strstr(line, "reloaded") != NULL;
			fclose(f);
		}
		if (seen <= reloads)
			nanosleep(&ts, NULL);
	}
	ASSERT_TRUE(seen > reloads);
}

static int restart(void)
{
	antred_stop(&d, SIGTERM);
	d.pid = 0;
	return antred_start(&d, dir, ini, db, NULL);
}

static void stop(void)
{
	antred_stop(&d, SIGTERM);
	d.pid = 0;
	test_rmdir(dir);
}

/* The service id of the state (copied, caller decrefs). */
static json_t *state_service(const char *id)
{
	json_t *st = NULL, *v, *found = NULL;
	size_t i;
	ASSERT_EQ_INT(antred_call(&d, "GET", "/api/v1/state", NULL, NULL, &st), 200);
	json_array_foreach(json_object_get(st, "services"), i, v)
		if (strcmp(json_str(v, "id"), id) == 0)
			found = json_deep_copy(v);
	json_decref(st);
	ASSERT_TRUE(found != NULL);
	return found;
}

static int issue(const char *token, const char *body, json_t **out)
{
	return antred_call(&d, "POST", "/api/v1/tickets", token, body, out);
}

/* The stream tells everybody at once: the service.status event with its service. */
static void stream_says_closed(collector_t *col)
{
	json_t *st = NULL, *sv = NULL;
	int64_t seq;

	ASSERT_EQ_INT(antred_call(&d, "GET", "/api/v1/state", NULL, NULL, &st), 200);
	seq = json_integer_value(json_object_get(st, "seq"));
	json_decref(st);
	ASSERT_EQ_INT(collector_wait_seq(col, seq, 10000), 0);
	pthread_mutex_lock(&col->lock);
	for (int i = 0; i < col->n; i++)
		if (strcmp(col->v[i].event, "service.status") == 0)
			sv = json_deep_copy(json_object_get(col->v[i].data, "service"));
	pthread_mutex_unlock(&col->lock);
	ASSERT_TRUE(sv != NULL);
	ASSERT_EQ_STR(json_str(sv, "id"), "DUKCAPIL");
	ASSERT_EQ_STR(json_str(sv, "status"), "closed");
	ASSERT_EQ_STR(json_str(sv, "reason"), "Server SIAK mati");
	json_decref(sv);
}

TEST(status_closes_limits_and_outlives_a_restart)
{
	json_t *o = NULL;
	collector_t col;

	ASSERT_EQ_INT(start(), 0);
	collector_start(&col, d.url, 0);   /* the whole day: no snapshot can hide it */
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/services/DUKCAPIL/status", KIOSK,
			   "{\"status\":\"closed\"}", NULL), 403);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/services/NOPE/status", ADMIN,
			   "{\"status\":\"closed\"}", &o), 404);
	json_decref(o);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/services/DUKCAPIL/status", ADMIN,
			   "{\"status\":\"shut\"}", &o), 400);
	ASSERT_CONTAINS(json_str(o, "message"), "\"open\", \"limited\" or \"closed\"");
	json_decref(o);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/services/dukcapil/status", ADMIN,
			   "{\"status\":\"closed\",\"reason\":\"Server SIAK mati\"}", &o), 200);
	ASSERT_EQ_STR(json_str(o, "id"), "DUKCAPIL");
	ASSERT_EQ_STR(json_str(o, "status"), "closed");
	ASSERT_EQ_STR(json_str(o, "reason"), "Server SIAK mati");
	ASSERT_TRUE(json_is_false(json_object_get(o, "open_now")));
	json_decref(o);
	stream_says_closed(&col);
	collector_stop(&col);
	collector_free(&col);
	ASSERT_EQ_INT(issue(KIOSK, "{\"service\":\"DUKCAPIL\"}", &o), 409);
	ASSERT_EQ_STR(json_str(o, "error"), "service_closed");
	ASSERT_CONTAINS(json_str(o, "message"), "Layanan Dukcapil ditutup: Server SIAK mati");
	json_decref(o);
	ASSERT_EQ_INT(issue(KIOSK, "{\"journey\":\"J\"}", &o), 409);   /* its first desk */
	json_decref(o);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/services/IMIGRASI/status", ADMIN,
			   "{\"status\":\"limited\",\"reason\":\"Sistem pusat gangguan \xe2\x80\x93 "
			   "berkas diterima, diproses kemudian\"}", NULL), 200);
	ASSERT_EQ_INT(issue(KIOSK, "{\"service\":\"IMIGRASI\"}", NULL), 201);   /* limited */
	ASSERT_EQ_INT(restart(), 0);
	o = state_service("DUKCAPIL");
	ASSERT_EQ_STR(json_str(o, "status"), "closed");
	ASSERT_EQ_STR(json_str(o, "reason"), "Server SIAK mati");
	json_decref(o);
	o = state_service("IMIGRASI");
	ASSERT_EQ_STR(json_str(o, "status"), "limited");
	ASSERT_CONTAINS(json_str(o, "reason"), "diproses kemudian");
	ASSERT_TRUE(json_is_true(json_object_get(o, "open_now")));
	json_decref(o);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/services/DUKCAPIL/status", ADMIN,
			   "{\"status\":\"open\"}", NULL), 200);
	ASSERT_EQ_INT(issue(KIOSK, "{\"service\":\"DUKCAPIL\"}", NULL), 201);
	stop();
}

TEST(quota_is_for_kiosks_and_shown_in_the_state)
{
	json_t *o = NULL;

	ASSERT_EQ_INT(start(), 0);
	o = state_service("IMIGRASI");
	ASSERT_EQ_INT(json_integer_value(json_object_get(o, "quota")), 2);
	ASSERT_EQ_INT(json_integer_value(json_object_get(o, "remaining")), 2);
	ASSERT_EQ_STR(json_string_value(json_array_get(json_object_get(o, "hours"), 0)),
		      "00:00-24:00");
	json_decref(o);
	o = state_service("DUKCAPIL");
	ASSERT_TRUE(json_is_null(json_object_get(o, "quota")));
	ASSERT_TRUE(json_is_null(json_object_get(o, "remaining")));
	ASSERT_TRUE(json_is_null(json_object_get(o, "hours")));
	ASSERT_EQ_STR(json_str(o, "status"), "open");
	json_decref(o);
	ASSERT_EQ_INT(issue(KIOSK, "{\"journey\":\"J\"}", NULL), 201);   /* one of IMIGRASI's */
	ASSERT_EQ_INT(issue(KIOSK, "{\"service\":\"IMIGRASI\"}", NULL), 201);
	ASSERT_EQ_INT(issue(KIOSK, "{\"service\":\"IMIGRASI\"}", &o), 409);
	ASSERT_EQ_STR(json_str(o, "error"), "quota_exhausted");
	ASSERT_CONTAINS(json_str(o, "message"), "Kuota Imigrasi hari ini sudah habis");
	json_decref(o);
	ASSERT_EQ_INT(issue(KIOSK, "{\"journey\":\"J\"}", &o), 409);
	ASSERT_EQ_STR(json_str(o, "error"), "quota_exhausted");
	json_decref(o);
	ASSERT_EQ_INT(issue(ADMIN, "{\"service\":\"IMIGRASI\"}", NULL), 201);   /* admin may */
	o = state_service("IMIGRASI");
	ASSERT_EQ_INT(json_integer_value(json_object_get(o, "issued_today")), 2);
	ASSERT_EQ_INT(json_integer_value(json_object_get(o, "remaining")), 0);
	json_decref(o);
	/* a reload raises the quota at once (it only decides new tickets) */
	reload_with_quota(3);
	o = state_service("IMIGRASI");
	ASSERT_EQ_INT(json_integer_value(json_object_get(o, "quota")), 3);
	ASSERT_EQ_INT(json_integer_value(json_object_get(o, "remaining")), 1);
	json_decref(o);
	ASSERT_EQ_INT(issue(KIOSK, "{\"service\":\"IMIGRASI\"}", NULL), 201);
	stop();
}

TEST(outside_its_hours_a_service_takes_no_ticket)
{
	json_t *o = NULL;

	ASSERT_EQ_INT(start(), 0);
	ASSERT_EQ_INT(issue(KIOSK, "{\"service\":\"LATER\"}", &o), 409);
	ASSERT_EQ_STR(json_str(o, "error"), "service_closed");
	ASSERT_CONTAINS(json_str(o, "message"), "Layanan Nanti buka ");
	ASSERT_CONTAINS(json_str(o, "message"), "Later opens ");
	json_decref(o);
	ASSERT_EQ_INT(issue(ADMIN, "{\"service\":\"LATER\"}", NULL), 409);
	o = state_service("LATER");
	ASSERT_TRUE(json_is_false(json_object_get(o, "open_now")));
	ASSERT_EQ_STR(json_str(o, "status"), "open");   /* its status; the hours say closed */
	json_decref(o);
	stop();
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(status_closes_limits_and_outlives_a_restart),
		TEST_CASE(quota_is_for_kiosks_and_shown_in_the_state),
		TEST_CASE(outside_its_hours_a_service_takes_no_ticket),
		{ NULL, NULL },
	};
	int rc = test_main(argc, argv, cases);
	stop_leftover();
	return rc;
}
