/* Issue 12, the server side, against the real antred on 127.0.0.1:0: estimates that
 * say "unknown" when no counter is open, the kiosks' device status (POST
 * /api/v1/devices/status, "devices" in the state, the /metrics gauges, "gone" after
 * 3 heartbeats on a clock moved with libfaketime), and the ticket's lang kept across
 * a restart. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "api_internal.h"
#include "daemon.h"
#include "sse_collect.h"
#include "test.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define KIOSK "kiosk-test-token-0000"
#define ADMIN "admin-test-token-0000"
#define C2 "counter-2-test-token"
#define FAKETIME_LIB "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"

static antred_t d;
static char dir[64], db[128];

static int start(void)
{
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	return antred_start(&d, dir, OFFICE, db, NULL);
}

static void stop(void)
{
	antred_stop(&d, SIGTERM);
	test_rmdir(dir);
}

static char *metrics(void)
{
	char url[128], *text = NULL;
	snprintf(url, sizeof(url), "%s/metrics", d.url);
	if (http("GET", url, NULL, NULL, &text) != 200) {
		free(text);
		return NULL;
	}
	return text;
}

static json_t *find_id(json_t *array, const char *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(array, i, v) {
		const char *vid = json_string_value(json_object_get(v, "id"));
		if (vid && strcmp(vid, id) == 0)
			return v;
	}
	return NULL;
}

/* The state (caller decrefs) and in it the service or the kiosk named id. */
static json_t *state_get(const char *array, const char *id, json_t **item)
{
	json_t *st = NULL;
	if (antred_call(&d, "GET", "/api/v1/state", NULL, NULL, &st) != 200)
		return st;
	*item = find_id(json_object_get(st, array), id);
	return st;
}

static long long jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* --- estimates --- */

TEST(no_open_counter_means_no_estimate_in_state_and_tickets)
{
	json_t *st, *svc = NULL, *t = NULL, *t2 = NULL;
	char path[128];

	ASSERT_EQ_INT(start(), 0);
	st = state_get("services", "DISNAKER", &svc);
	ASSERT_TRUE(svc != NULL);
	ASSERT_TRUE(json_is_integer(json_object_get(svc, "open_counters")));
	ASSERT_EQ_INT(jint(svc, "open_counters"), 0);
	ASSERT_TRUE(json_is_null(json_object_get(svc, "est_wait_s")));
	json_decref(st);

	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
			"{\"service\":\"DISNAKER\"}", &t),
		      201);
	ASSERT_EQ_INT(jint(t, "open_counters"), 0);
	ASSERT_TRUE(json_is_integer(json_object_get(t, "open_counters")));
	ASSERT_TRUE(json_is_null(json_object_get(t, "est_wait_s")));
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", json_str(t, "id"));
	json_decref(t);
	ASSERT_EQ_INT(antred_call(&d, "GET", path, NULL, NULL, &t), 200);
	ASSERT_EQ_INT(jint(t, "open_counters"), 0);
	ASSERT_TRUE(json_is_null(json_object_get(t, "est_wait_s")));
	json_decref(t);

	/* counter 2 serves DISNAKER only: open, nobody ahead → 0 */
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/counters/2/open", C2, NULL, NULL), 200);
	ASSERT_EQ_INT(antred_call(&d, "GET", path, NULL, NULL, &t), 200);
	ASSERT_EQ_INT(jint(t, "open_counters"), 1);
	ASSERT_TRUE(json_is_integer(json_object_get(t, "est_wait_s")));
	ASSERT_EQ_INT(jint(t, "est_wait_s"), 0);
	json_decref(t);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
			"{\"service\":\"DISNAKER\"}", &t2),
		      201);
	ASSERT_EQ_INT(jint(t2, "ahead"), 1);
	ASSERT_EQ_INT(jint(t2, "open_counters"), 1);
	ASSERT_EQ_INT(jint(t2, "est_wait_s"), 420);   /* 1 ahead × 420 s, 1 counter */
	json_decref(t2);
	st = state_get("services", "DISNAKER", &svc);
	ASSERT_EQ_INT(jint(svc, "waiting"), 2);
	ASSERT_EQ_INT(jint(svc, "open_counters"), 1);
	ASSERT_EQ_INT(jint(svc, "est_wait_s"), 840);
	json_decref(st);

	/* a paused counter does not count */
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/counters/2/pause", C2, NULL, NULL), 200);
	st = state_get("services", "DISNAKER", &svc);
	ASSERT_EQ_INT(jint(svc, "open_counters"), 0);
	ASSERT_TRUE(json_is_null(json_object_get(svc, "est_wait_s")));
	ASSERT_EQ_INT(jint(svc, "waiting"), 2);
	json_decref(st);
	ASSERT_EQ_INT(antred_call(&d, "GET", path, NULL, NULL, &t), 200);
	ASSERT_TRUE(json_is_null(json_object_get(t, "est_wait_s")));
	json_decref(t);
	stop();
}

/* --- device status --- */

TEST(status_rule_alive_for_three_heartbeats)
{
	int64_t seen = 1764633600000LL;
	ASSERT_EQ_INT(ANTRE_DEVICE_HEARTBEAT_S, 10);
	ASSERT_EQ_INT(api_device_alive(0, seen), 0);                 /* never seen */
	ASSERT_EQ_INT(api_device_alive(seen, seen), 1);
	ASSERT_EQ_INT(api_device_alive(seen, seen + 30000), 1);      /* exactly 3 heartbeats */
	ASSERT_EQ_INT(api_device_alive(seen, seen + 30001), 0);      /* older: gone */
	ASSERT_EQ_INT(api_device_alive(seen, seen - 5000), 1);       /* clock went back */
	ASSERT_EQ_INT(api_device_age_s(0, seen), -1);
	ASSERT_EQ_INT(api_device_age_s(seen, seen + 4999), 4);
	ASSERT_EQ_INT(api_device_age_s(seen, seen - 5000), 0);
	ASSERT_EQ_STR(api_printer_status_name(ANTRE_DEV_PRINTER_PAPER_OUT), "paper_out");
	ASSERT_TRUE(api_printer_status_name(ANTRE_DEV_PRINTER__COUNT) == NULL);
}

/* The lobby kiosk as the state shows it, as compact JSON (caller frees). */
static char *lobby_text(void)
{
	json_t *dev = NULL, *st = state_get("devices", "lobby", &dev);
	char *s = dev ? json_dumps(dev, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(st);
	return s;
}

TEST(refused_reports_change_nothing)
{
	static const struct {
		const char *token, *body;
		int status;
		const char *why;
	} bad[] = {
		{ NULL, "{\"printer\":\"ready\"}", 401, "needs a token" },
		{ "wrong-token-wrong-token", "{\"printer\":\"ready\"}", 401, "needs a token" },
		{ ADMIN, "{\"printer\":\"ready\"}", 403, "admin" },
		{ C2, "{\"printer\":\"ready\"}", 403, "counter" },
		{ KIOSK, "{\"printer\":\"jammed\"}", 400, "\"printer\" must be one of" },
		{ KIOSK, "{\"printer\":7}", 400, "printer" },
		{ KIOSK, "{\"message\":false}", 400, "message" },
		{ KIOSK, "[1]", 400, "" },
		{ KIOSK, "{\"printer\":", 400, "" },
	};
	char *before, *after, *text, long_msg[260], xs[ANTRE_DEVICE_MESSAGE_MAX + 2];
	json_t *e = NULL;

	ASSERT_EQ_INT(start(), 0);
	before = lobby_text();
	ASSERT_TRUE(before != NULL);
	ASSERT_CONTAINS(before, "\"alive\":false");
	ASSERT_CONTAINS(before, "\"last_seen\":null");
	ASSERT_CONTAINS(before, "\"age_s\":null");
	ASSERT_CONTAINS(before, "\"printer\":null");
	ASSERT_CONTAINS(before, "\"kind\":\"kiosk\"");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/devices/status", bad[i].token,
				bad[i].body, &e),
			      bad[i].status);
		ASSERT_CONTAINS(json_str(e, "message"), bad[i].why);
		json_decref(e);
	}
	memset(xs, 'x', sizeof(xs) - 1);   /* 201 bytes: one too many */
	xs[sizeof(xs) - 1] = '\0';
	snprintf(long_msg, sizeof(long_msg), "{\"message\":\"%s\"}", xs);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/devices/status", KIOSK, long_msg, &e), 400);
	ASSERT_CONTAINS(json_str(e, "message"), "at most 200 bytes");
	json_decref(e);
	after = lobby_text();
	ASSERT_EQ_STR(after, before);
	text = metrics();
	ASSERT_TRUE(text != NULL);
	ASSERT_CONTAINS(text, "antre_device_up{kind=\"kiosk\",id=\"lobby\"} 0\n");
	/* (the counter token's refused try did reach its console: only kiosks here) */
	ASSERT_TRUE(strstr(text, "antre_device_last_contact_age_seconds{kind=\"kiosk\"") == NULL);
	ASSERT_CONTAINS(text,
			"antre_device_printer_status{kind=\"kiosk\",id=\"lobby\",status=\"ready\"} 0\n");
	free(text);
	free(before);
	free(after);
	stop();
}

/* Write the faketime file: "@YYYY-MM-DD hh:mm:ss" (renamed into place). */
static int set_clock(const char *path, const char *when)
{
	char tmp[200];
	FILE *f;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return -1;
	fprintf(f, "@%s\n", when);
	fclose(f);
	return rename(tmp, path);
}

/* Poll the state (≤ 10 s) until the lobby shows `needle`; returns 0 or -1. */
static int wait_lobby(const char *needle)
{
	for (int i = 0; i < 100; i++) {
		char *s = lobby_text();
		int hit = s && strstr(s, needle);
		if (!hit && i == 99)
			fprintf(stderr, "lobby, 10 s later: %s\n", s ? s : "-");
		free(s);
		if (hit)
			return 0;
		usleep(100 * 1000);
	}
	return -1;
}

TEST(a_report_shows_in_state_and_metrics_and_goes_stale)
{
	char clock[128], *text, *s;
	json_t *r = NULL, *dev, *st, *lobby = NULL;

#ifdef ANTRE_TSAN
	/* libfaketime calls glibc's pthread_cond_timedwait past TSan's interceptor: it
	 * would see the waiting thread keep the mutex (false "double lock" reports) */
	printf("skipped under ThreadSanitizer: it runs antred under libfaketime\n");
	return;
#endif
	if (access(FAKETIME_LIB, R_OK) != 0) {
		printf("skipped: %s is missing (apt-get install faketime)\n", FAKETIME_LIB);
		return;
	}
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(clock, sizeof(clock), "%s/clock", dir);
	ASSERT_EQ_INT(set_clock(clock, "2026-12-02 15:00:00"), 0);
	setenv("LD_PRELOAD", FAKETIME_LIB, 1);
	setenv("FAKETIME_TIMESTAMP_FILE", clock, 1);
	setenv("FAKETIME_NO_CACHE", "1", 1);
	setenv("FAKETIME_DONT_RESET", "1", 1);
	/* only the wall clock moves (as in clock_faketime.sh): antred's timed waits stay real */
	setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1", 1);
	setenv("FAKETIME_FORCE_MONOTONIC_FIX", "0", 1);
	/* antred switches to the office's zone: the file must read the same before and after */
	setenv("TZ", "Asia/Jakarta", 1);
	setenv("ASAN_OPTIONS", "verify_asan_link_order=0", 0);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	unsetenv("LD_PRELOAD");
	unsetenv("FAKETIME_TIMESTAMP_FILE");
	unsetenv("FAKETIME_NO_CACHE");
	unsetenv("FAKETIME_DONT_RESET");
	unsetenv("FAKETIME_DONT_FAKE_MONOTONIC");
	unsetenv("FAKETIME_FORCE_MONOTONIC_FIX");
	unsetenv("TZ");

	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/devices/status", KIOSK,
			   "{\"printer\":\"paper_out\",\"message\":\"Kertas habis / Out of paper\"}",
			   &r),
		      200);
	dev = json_object_get(r, "device");
	ASSERT_EQ_STR(json_str(dev, "kind"), "kiosk");
	ASSERT_EQ_STR(json_str(dev, "id"), "lobby");
	ASSERT_EQ_STR(json_str(dev, "printer"), "paper_out");
	ASSERT_EQ_STR(json_str(dev, "message"), "Kertas habis / Out of paper");
	ASSERT_CONTAINS(json_str(dev, "last_seen"), "2026-12-02T15:00:0");
	ASSERT_CONTAINS(json_str(dev, "last_seen"), "+07:00");
	ASSERT_EQ_INT(jint(dev, "age_s"), 0);
	ASSERT_TRUE(json_is_true(json_object_get(dev, "alive")));
	json_decref(r);

	st = state_get("devices", "lobby", &lobby);
	ASSERT_TRUE(lobby != NULL);
	ASSERT_EQ_STR(json_str(lobby, "printer"), "paper_out");
	ASSERT_TRUE(json_is_true(json_object_get(lobby, "alive")));
	json_decref(st);
	text = metrics();
	ASSERT_TRUE(text != NULL);
	ASSERT_CONTAINS(text, "antre_device_up{kind=\"kiosk\",id=\"lobby\"} 1\n");
	ASSERT_CONTAINS(text, "antre_device_last_contact_age_seconds{kind=\"kiosk\",id=\"lobby\"} ");
	ASSERT_CONTAINS(text,
		"antre_device_printer_status{kind=\"kiosk\",id=\"lobby\",status=\"paper_out\"} 1\n");
	ASSERT_CONTAINS(text,
		"antre_device_printer_status{kind=\"kiosk\",id=\"lobby\",status=\"ready\"} 0\n");
	free(text);

	/* 20 s later: older, still alive */
	ASSERT_EQ_INT(set_clock(clock, "2026-12-02 15:00:20"), 0);
	ASSERT_EQ_INT(wait_lobby("\"age_s\":2"), 0);   /* 20 s and more */
	s = lobby_text();
	ASSERT_CONTAINS(s, "\"alive\":true");
	free(s);
	/* 40 s after the report: gone */
	ASSERT_EQ_INT(set_clock(clock, "2026-12-02 15:00:40"), 0);
	ASSERT_EQ_INT(wait_lobby("\"alive\":false"), 0);
	s = lobby_text();
	ASSERT_CONTAINS(s, "\"printer\":\"paper_out\"");   /* the last word stays visible */
	free(s);
	text = metrics();
	ASSERT_CONTAINS(text, "antre_device_up{kind=\"kiosk\",id=\"lobby\"} 0\n");
	free(text);
	/* a plain heartbeat brings it back and keeps the printer status */
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/devices/status", KIOSK, "{}", &r), 200);
	dev = json_object_get(r, "device");
	ASSERT_TRUE(json_is_true(json_object_get(dev, "alive")));
	ASSERT_EQ_STR(json_str(dev, "printer"), "paper_out");
	ASSERT_EQ_INT(jint(dev, "age_s"), 0);
	json_decref(r);
	/* a new printer status replaces the old message */
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/devices/status", KIOSK,
			"{\"printer\":\"ready\"}",
			   &r),
		      200);
	dev = json_object_get(r, "device");
	ASSERT_EQ_STR(json_str(dev, "printer"), "ready");
	ASSERT_TRUE(json_is_null(json_object_get(dev, "message")));
	json_decref(r);

	/* in memory only: after a restart the kiosk is unknown until it reports again */
	ASSERT_EQ_INT(antred_stop(&d, SIGTERM), 0);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	s = lobby_text();
	ASSERT_CONTAINS(s, "\"last_seen\":null");
	ASSERT_CONTAINS(s, "\"printer\":null");
	free(s);
	stop();
}

/* --- the ticket's lang --- */

TEST(ticket_lang_is_stored_and_survives_a_restart)
{
	json_t *t = NULL;
	char en[128], id[128];

	ASSERT_EQ_INT(start(), 0);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
			   "{\"service\":\"INFO\",\"lang\":\"en\"}", &t), 201);
	ASSERT_EQ_STR(json_str(t, "lang"), "en");
	snprintf(en, sizeof(en), "/api/v1/tickets/%s", json_str(t, "id"));
	json_decref(t);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"INFO\"}",
			&t), 201);
	ASSERT_EQ_STR(json_str(t, "lang"), "id");   /* the default */
	snprintf(id, sizeof(id), "/api/v1/tickets/%s", json_str(t, "id"));
	json_decref(t);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
			   "{\"service\":\"INFO\",\"lang\":\"fr\"}", &t), 400);
	json_decref(t);

	ASSERT_EQ_INT(antred_stop(&d, SIGTERM), 0);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	ASSERT_EQ_INT(antred_call(&d, "GET", en, NULL, NULL, &t), 200);
	ASSERT_EQ_STR(json_str(t, "lang"), "en");
	json_decref(t);
	ASSERT_EQ_INT(antred_call(&d, "GET", id, NULL, NULL, &t), 200);
	ASSERT_EQ_STR(json_str(t, "lang"), "id");
	json_decref(t);
	stop();
}

/* --- displays and counter consoles --- */

/* The device of kind named id in the state's devices (caller decrefs *st). */
static json_t *device_of(const char *kind, const char *id, json_t **st)
{
	size_t i;
	json_t *v;
	*st = NULL;
	if (antred_call(&d, "GET", "/api/v1/state", NULL, NULL, st) != 200)
		return NULL;
	json_array_foreach(json_object_get(*st, "devices"), i, v) {
		if (strcmp(json_str(v, "kind"), kind) == 0 && strcmp(json_str(v, "id"), id) == 0)
			return v;
	}
	return NULL;
}

/* 0 once the device's "streams" is n and "alive" is alive (bounded wait: a stream whose
 * client went away is noticed at its next heartbeat, SSE_HEARTBEAT_S). */
static int wait_device(const char *kind, const char *id, int n, int alive)
{
	for (int tries = 0; tries < 1200; tries++) {
		json_t *st, *dv = device_of(kind, id, &st);
		int ok = dv && (n < 0 || jint(dv, "streams") == n) &&
			 json_is_true(json_object_get(dv, "alive")) == alive;
		json_decref(st);
		if (ok)
			return 0;
		usleep(25000);
	}
	return -1;
}

TEST(displays_and_consoles_are_seen_by_their_streams_and_requests)
{
	char config[128], *text;
	json_t *st, *dv;
	collector_t wall, stranger, fake;

	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(config, sizeof(config), "%s/office.ini", dir);
	{   /* the test office with a wall display */
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "cp %s %s && printf '\\n[display hall]\\nlayout = wall\\n' "
			 ">> %s", OFFICE, config, config);
		ASSERT_EQ_INT(system(cmd), 0);
	}
	ASSERT_EQ_INT(antred_start(&d, dir, config, db, NULL), 0);

	/* configured, never seen: listed, not alive */
	dv = device_of("display", "hall", &st);
	ASSERT_TRUE(dv != NULL);
	ASSERT_TRUE(json_is_false(json_object_get(dv, "alive")));
	ASSERT_TRUE(json_is_null(json_object_get(dv, "last_seen")));
	ASSERT_EQ_INT(jint(dv, "streams"), 0);
	json_decref(st);
	dv = device_of("console", "2", &st);
	ASSERT_TRUE(dv != NULL);
	ASSERT_EQ_STR(json_str(dv, "name"), "Loket 2");
	ASSERT_TRUE(json_is_false(json_object_get(dv, "alive")));
	json_decref(st);

	/* the display's stream names it; a stranger's name is served but not recorded */
	collector_start(&wall, d.url, -1);   /* a plain stream is nobody's */
	ASSERT_EQ_INT(collector_wait_seq(&wall, 0, 10000), 0);
	ASSERT_EQ_INT(wait_device("display", "hall", 0, 0), 0);
	collector_stop(&wall);
	collector_free(&wall);
	collector_start_as(&wall, d.url, "display:HALL", -1);
	collector_start_as(&stranger, d.url, "display:nope", -1);
	/* a stream needs no token: naming a console on it must not make a desk look staffed */
	collector_start_as(&fake, d.url, "console:2", -1);
	ASSERT_EQ_INT(collector_wait_seq(&stranger, 0, 10000), 0);   /* its snapshot came */
	ASSERT_EQ_INT(collector_wait_seq(&fake, 0, 10000), 0);
	ASSERT_EQ_INT(wait_device("display", "hall", 1, 1), 0);
	text = metrics();
	ASSERT_TRUE(text != NULL);
	ASSERT_CONTAINS(text, "antre_device_up{kind=\"display\",id=\"hall\"} 1\n");
	ASSERT_CONTAINS(text, "antre_device_up{kind=\"console\",id=\"2\"} 0\n");
	free(text);

	dv = device_of("console", "2", &st);
	ASSERT_TRUE(dv != NULL && json_is_false(json_object_get(dv, "alive")));
	json_decref(st);
	collector_stop(&fake);
	collector_free(&fake);
	/* a request with counter 2's token: its console is there */
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/counters/2/open", C2, NULL, NULL), 200);
	ASSERT_EQ_INT(wait_device("console", "2", 0, 1), 0);
	dv = device_of("console", "2", &st);
	ASSERT_TRUE(dv != NULL && json_is_string(json_object_get(dv, "last_seen")));
	json_decref(st);

	/* the stream ends: no stream, still seen a moment ago (gone after GONE_S, as kiosks) */
	collector_stop(&wall);
	ASSERT_EQ_INT(wait_device("display", "hall", 0, 1), 0);
	collector_stop(&stranger);
	collector_free(&wall);
	collector_free(&stranger);
	stop();
}

/* A failed assert leaves its case at once: no antred may outlive the test. */
static void kill_left_over(void)
{
	if (d.pid > 0)
		antred_stop(&d, SIGKILL);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(no_open_counter_means_no_estimate_in_state_and_tickets),
		TEST_CASE(status_rule_alive_for_three_heartbeats),
		TEST_CASE(refused_reports_change_nothing),
		TEST_CASE(a_report_shows_in_state_and_metrics_and_goes_stale),
		TEST_CASE(ticket_lang_is_stored_and_survives_a_restart),
		TEST_CASE(displays_and_consoles_are_seen_by_their_streams_and_requests),
		{ NULL, NULL },
	};
	atexit(kill_left_over);
	return test_main(argc, argv, cases);
}
