/* antred's clean shutdown (issue 15, item 4): the real antred with every thread it has
 * at work — the export thread (to a centre that refuses connections), an event stream
 * subscriber, the announcement worker (a call rendered as a WAV), a SIGHUP reload, web
 * pages and the API's pool — then SIGTERM with the subscriber still connected. antred
 * must exit 0 within a bounded wait and its log must hold no sanitizer report: in the
 * ASan build LeakSanitizer runs at exit (detect_leaks=1; a leak makes the status
 * non-zero and writes "LeakSanitizer" to the log), in the TSan build a race at any
 * point fails it the same way. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "sse_collect.h"
#include "test.h"
#include "xmalloc.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define KIOSK "kiosk-test-token-0000"
#define EXIT_WAIT_MS 20000   /* a hang bound, not a speed check (sanitizers are slow) */

static antred_t d;
static char dir[64], db[128], config[128];

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* The whole file at path, malloc'd ("" when it cannot be read). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = xmalloc(1);
	size_t n = 0, got;
	char buf[4096];

	s[0] = '\0';
	if (f == NULL)
		return s;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		s = xrealloc(s, n + got + 1);
		memcpy(s + n, buf, got);
		n += got;
		s[n] = '\0';
	}
	fclose(f);
	return s;
}

/* Wait (bounded) until antred's log holds text. */
static int log_says(const char *text)
{
	for (int waited = 0; waited < 10000; waited += 20) {
		char *s = slurp(d.log);
		int found = strstr(s, text) != NULL;
		free(s);
		if (found)
			return 1;
		msleep(20);
	}
	return 0;
}

/* The office fixture with an [export] to a centre on a port nothing listens on. */
static void write_config(void)
{
	char *office = slurp(OFFICE);
	FILE *out = fopen(config, "w");

	ASSERT_TRUE(office[0] != '\0' && out != NULL);
	fputs(office, out);
	fputs("\n[export]\npostgres = host=127.0.0.1 port=1 dbname=antre_central user=antre "
	      "connect_timeout=2\noffice_id = leaks\n", out);
	fclose(out);
	free(office);
}

static void get_ok(const char *path, const char *want)
{
	char url[256], *body = NULL;
	snprintf(url, sizeof(url), "%s%s", d.url, path);
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &body), 200);
	if (want)
		ASSERT_CONTAINS(body ? body : "", want);
	free(body);
}

TEST(sigterm_with_every_thread_busy_exits_0_with_no_leak_or_race)
{
	collector_t col;
	json_t *t = NULL;
	char path[128], *log;
	int64_t seq;
	int status = -1;

	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(config, sizeof(config), "%s/office.ini", dir);
	write_config();
	ASSERT_EQ_INT(antred_start(&d, dir, config, db, NULL), 0);

	/* a subscriber that stays connected through the shutdown */
	collector_start(&col, d.url, -1);
	ASSERT_EQ_INT(collector_wait_seq(&col, 0, 10000), 0);
	/* a ticket and its call, seen on the stream; the call's announcement rendered */
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
				  "{\"service\":\"DISNAKER\"}", &t), 201);
	snprintf(path, sizeof(path), "/t/%s", json_str(t, "id"));
	json_decref(t);
	ASSERT_EQ_INT(antred_counter(&d, "1", "call-next", "{}", NULL), 200);
	seq = antred_seq(&d);
	ASSERT_EQ_INT(collector_wait_seq(&col, seq, 10000), 0);
	{
		char url[128], *wav = NULL;
		snprintf(url, sizeof(url), "%s/api/v1/announcements/%lld", d.url, (long long)seq);
		ASSERT_EQ_INT(http("GET", url, NULL, NULL, &wav), 200);
		ASSERT_TRUE(wav != NULL && strncmp(wav, "RIFF", 4) == 0);
		free(wav);
	}
	/* web pages: the ticket's status page, the display, the reports, the metrics */
	get_ok(path, "<html");
	get_ok("/display", "<html");
	get_ok("/reports", "<html");
	/* the export thread has tried the centre and said why it could not */
	ASSERT_TRUE(log_says("export to the centre"));
	get_ok("/metrics", "antre_export_up 0");
	/* a reload, then another request through the reloaded config */
	kill(d.pid, SIGHUP);
	ASSERT_TRUE(log_says("reloaded "));
	get_ok("/api/v1/office", "\"name\"");

	/* SIGTERM while the subscriber is connected: a bounded wait for the exit */
	kill(d.pid, SIGTERM);
	for (int waited = 0; waited < EXIT_WAIT_MS; waited += 10) {
		if (waitpid(d.pid, &status, WNOHANG) == d.pid) {
			d.pid = 0;
			break;
		}
		msleep(10);
	}
	log = slurp(d.log);
	if (d.pid > 0) {
		fprintf(stderr, "%s", log);
		TEST_FAIL_("antred still running %d s after SIGTERM", EXIT_WAIT_MS / 1000);
	}
	if (strstr(log, "LeakSanitizer") || strstr(log, "ThreadSanitizer") ||
	    strstr(log, "AddressSanitizer") || strstr(log, "runtime error")) {
		fprintf(stderr, "%s", log);
		TEST_FAIL_("antred's log holds a sanitizer report (above)");
	}
	free(log);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ_INT(WEXITSTATUS(status), 0);
	collector_stop(&col);
	collector_free(&col);
	test_rmdir(dir);
}

static void kill_left_over(void)
{
	if (d.pid > 0)
		antred_stop(&d, SIGKILL);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(sigterm_with_every_thread_busy_exits_0_with_no_leak_or_race),
		{ NULL, NULL },
	};
	/* LeakSanitizer at antred's exit (the ASan build; the other builds ignore it) */
	{
		const char *had = getenv("ASAN_OPTIONS");
		char opts[512];
		snprintf(opts, sizeof(opts), "%s%sdetect_leaks=1", had ? had : "",
			 had && had[0] ? ":" : "");
		setenv("ASAN_OPTIONS", opts, 1);
	}
	atexit(kill_left_over);
	return test_main(argc, argv, cases);
}
