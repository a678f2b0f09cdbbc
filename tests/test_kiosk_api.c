/* Issue 12, what the kiosk's reviewer found on the server side, against the real antred
 * on 127.0.0.1:0: a ticket that left the line carries no "people ahead" and no wait
 * (null, not a misleading 0), and `antre state` lists the devices, a kiosk silent for
 * longer than ANTRE_DEVICE_GONE_S marked gone (the clock moved with libfaketime). */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "protocol.h"
#include "test.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define KIOSK "kiosk-test-token-0000"
#define C2 "counter-2-test-token"
#define CLI ANTRE_BINARY_DIR "/firmware/cli/antre"
#define FAKETIME_LIB "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"

static antred_t d;
static char dir[64], db[128];

static void stop(void)
{
	antred_stop(&d, SIGTERM);
	test_rmdir(dir);
}

/* The ticket id, for a path (static). */
static const char *issue(void)
{
	static char id[64];
	json_t *t = NULL;
	if (antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"DISNAKER\"}",
			&t) != 201)
		TEST_FAIL_("issue refused");
	snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(t, "id")));
	json_decref(t);
	return id;
}

/* GET the ticket; asserts ahead and est_wait_s are both null and the state is want. */
static void assert_left_line(const char *id, const char *want)
{
	char path[128];
	json_t *t = NULL;
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", id);
	ASSERT_EQ_INT(antred_call(&d, "GET", path, NULL, NULL, &t), 200);
	ASSERT_EQ_STR(json_string_value(json_object_get(t, "state")), want);
	ASSERT_TRUE(json_is_null(json_object_get(t, "ahead")));
	ASSERT_TRUE(json_is_null(json_object_get(t, "est_wait_s")));
	json_decref(t);
}

TEST(a_ticket_that_left_the_line_has_no_ahead_and_no_wait)
{
	char path[128], cancelled[64];
	json_t *t = NULL;
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	snprintf(cancelled, sizeof(cancelled), "%s", issue());
	snprintf(path, sizeof(path), "/api/v1/tickets/%s/cancel", cancelled);
	ASSERT_EQ_INT(antred_call(&d, "POST", path, KIOSK, "{\"reason\":\"print_failed\"}", NULL),
			200);
	assert_left_line(cancelled, "cancelled");
	/* served and finished: done */
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/counters/2/open", C2, "{}", NULL), 200);
	snprintf(path, sizeof(path), "%s", issue());
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/counters/2/call-next", C2, "{}", NULL), 200);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/counters/2/finish", C2, "{}", NULL), 200);
	assert_left_line(path, "done");
	/* one still waiting keeps its figures */
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", issue());
	issue();
	ASSERT_EQ_INT(antred_call(&d, "GET", path, NULL, NULL, &t), 200);
	ASSERT_EQ_INT(json_integer_value(json_object_get(t, "ahead")), 0);
	ASSERT_TRUE(json_is_integer(json_object_get(t, "est_wait_s")));
	json_decref(t);
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

/* `antre --server URL state`: its output (static), or "" when it failed. */
static const char *cli_state(void)
{
	static char out[16384];
	char cmd[512];
	size_t n;
	FILE *p;
	snprintf(cmd, sizeof(cmd), "%s --server %s state", CLI, d.url);
	p = popen(cmd, "r");
	if (p == NULL)
		return "";
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	return pclose(p) == 0 ? out : "";
}

/* The CLI's state (≤ 10 s) until its device line has needle; 0 or -1. */
static int wait_cli(const char *needle)
{
	for (int i = 0; i < 100; i++) {
		const char *s = cli_state();
		const char *lobby = strstr(s, "\nlobby");
		if (lobby && strstr(lobby, needle))
			return 0;
		if (i == 99)
			fprintf(stderr, "antre state, 10 s later:\n%s\n", s);
		usleep(100 * 1000);
	}
	return -1;
}

static void faketime_env(const char *clock, int on)
{
	static const char *const names[] = { "LD_PRELOAD", "FAKETIME_TIMESTAMP_FILE",
		"FAKETIME_NO_CACHE", "FAKETIME_DONT_RESET", "FAKETIME_DONT_FAKE_MONOTONIC",
		"FAKETIME_FORCE_MONOTONIC_FIX", "TZ", NULL };
	const char *const values[] = { FAKETIME_LIB, clock, "1", "1", "1", "0", "Asia/Jakarta" };
	for (int i = 0; names[i]; i++)
		if (on)
			setenv(names[i], values[i], 1);
		else
			unsetenv(names[i]);
	setenv("ASAN_OPTIONS", "verify_asan_link_order=0", 0);
}

TEST(antre_state_lists_devices_and_marks_a_silent_one_gone)
{
	char clock[128];
	const char *s;
	if (access(FAKETIME_LIB, R_OK) != 0) {
		printf("skipped: %s is missing (apt-get install faketime)\n", FAKETIME_LIB);
		return;
	}
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(clock, sizeof(clock), "%s/clock", dir);
	ASSERT_EQ_INT(set_clock(clock, "2026-12-02 15:00:00"), 0);
	faketime_env(clock, 1);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	faketime_env(clock, 0);
	/* never reported: the table says so */
	ASSERT_EQ_INT(wait_cli("never"), 0);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/devices/status", KIOSK,
			   "{\"printer\":\"paper_out\",\"message\":\"Kertas habis\"}", NULL), 200);
	s = cli_state();
	ASSERT_CONTAINS(s, "DEVICE");
	ASSERT_EQ_INT(wait_cli("paper_out"), 0);
	ASSERT_EQ_INT(wait_cli("Kertas habis"), 0);
	s = strstr(cli_state(), "\nlobby");
	ASSERT_TRUE(s != NULL && strstr(s, "gone") == NULL);
	/* 40 s of silence, more than ANTRE_DEVICE_GONE_S */
	ASSERT_EQ_INT(set_clock(clock, "2026-12-02 15:00:40"), 0);
	ASSERT_EQ_INT(wait_cli("gone"), 0);
	ASSERT_EQ_INT(wait_cli("paper_out"), 0);   /* the last word stays */
	stop();
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(a_ticket_that_left_the_line_has_no_ahead_and_no_wait),
		TEST_CASE(antre_state_lists_devices_and_marks_a_silent_one_gone),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
