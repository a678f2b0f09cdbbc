/* A returning applicant's resume whose answer is lost, against the real antred and the
 * kiosk's worker: antred makes today's ticket and dies before it answers (the test seam
 * ANTRE_TEST_EXIT_AFTER_ISSUES, as a power cut would); it starts again and the applicant
 * scans the same paper. That is the same request, sent with its key: antred answers it
 * 201, a first print, and when that print fails the ticket is cancelled and the journey
 * can be resumed again. The old worker sent a new request, antred answered 200 (a second
 * scan of paper the applicant holds), and the failed print kept a number nobody held.
 * Day 1 (yesterday, by libfaketime) defers the journey to today. The printer is a
 * file: printer whose path is a folder: its status is fine, the print fails. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "daemon.h"
#include "kiosk_worker.h"
#include "test.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define KIOSK "kiosk-test-token-0000"
#define ADMIN "admin-test-token-0000"
#define FAKETIME_LIB "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"
#define WIB_S (7 * 3600L)   /* the fixture office's Asia/Jakarta */

static antred_t d;
static char dir[128], db[192];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static kiosk_result_kind_t last_kind = (kiosk_result_kind_t)-1;
static int results, last_kept;

/* A failed check must not leave antred holding ctest's output. */
static void stop_left_over(void)
{
	if (d.pid > 0)
		antred_stop(&d, SIGKILL);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void on_result(void *ctx, const kiosk_result_t *r)
{
	(void)ctx;
	if (r->kind == KIOSK_R_HEARTBEAT_OK || r->kind == KIOSK_R_HEARTBEAT_FAILED ||
	    r->kind == KIOSK_R_REACHABLE)
		return;   /* the worker's own beat: not the answer to a scan */
	pthread_mutex_lock(&lock);
	last_kind = r->kind;
	last_kept = r->kept;
	results++;
	pthread_mutex_unlock(&lock);
}

/* Wait for a result of kind after `after` results; its kept flag. */
static int wait_result(int after, kiosk_result_kind_t kind, int *kept)
{
	for (int i = 0; i < 600; i++) {
		int n, k, kp;
		pthread_mutex_lock(&lock);
		n = results;
		k = (int)last_kind;
		kp = last_kept;
		pthread_mutex_unlock(&lock);
		if (n > after && k == (int)kind) {
			if (kept)
				*kept = kp;
			return 1;
		}
		sleep_ms(50);
	}
	return 0;
}

static int results_now(void)
{
	int n;
	pthread_mutex_lock(&lock);
	n = results;
	pthread_mutex_unlock(&lock);
	return n;
}

static char *today(char *out, size_t cap)
{
	time_t t = time(NULL) + WIB_S;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, cap, "%Y-%m-%d", &tm);
	return out;
}

/* Ticket number's state and cancel reason, as the staff's look-up by number gives it. */
static void state_of(const char *number, char *state, size_t cap)
{
	char path[96];
	json_t *t = NULL;
	snprintf(path, sizeof(path), "/api/v1/tickets?number=%s", number);
	antred_call(&d, "GET", path, ADMIN, NULL, &t);
	snprintf(state, cap, "%s", json_str(t, "state"));
	json_decref(t);
}

TEST(a_resume_whose_answer_was_lost_is_a_first_print_when_sent_again)
{
	char err[256], folder[200], uri[210], state[32], *office = NULL, url[128];
	char code[32], body[128], date[16], listen[32];
	json_t *t = NULL;
	antre_printer_t *p;
	kiosk_worker_t *w;
	int kept = -1, n, i;

	if (access(FAKETIME_LIB, R_OK) != 0) {
		printf("skipped: %s is missing (apt-get install faketime)\n", FAKETIME_LIB);
		exit(77);
	}
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);

	/* yesterday: a CPMI journey done at its first desk, deferred to today */
	setenv("LD_PRELOAD", FAKETIME_LIB, 1);
	setenv("FAKETIME", "-1d", 1);
	setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1", 1);
	setenv("ASAN_OPTIONS", "verify_asan_link_order=0", 0);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	unsetenv("LD_PRELOAD");
	unsetenv("FAKETIME");
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"journey\":\"CPMI\"}",
				  &t), 201);
	snprintf(code, sizeof(code), "%s", json_str(t, "code"));
	json_decref(t);
	ASSERT_TRUE(code[0] != '\0');
	ASSERT_EQ_INT(antred_counter(&d, "1", "open", NULL, NULL), 200);
	ASSERT_EQ_INT(antred_counter(&d, "1", "call-next", NULL, NULL), 200);
	snprintf(body, sizeof(body), "{\"return_on\":\"%s\",\"step\":\"next\"}",
		 today(date, sizeof(date)));
	ASSERT_EQ_INT(antred_counter(&d, "1", "defer", body, NULL), 200);
	ASSERT_EQ_INT(antred_stop(&d, SIGTERM), 0);

	/* today: antred dies right after committing the resume's ticket, unanswered */
	setenv("ANTRE_TEST_EXIT_AFTER_ISSUES", "1", 1);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	unsetenv("ANTRE_TEST_EXIT_AFTER_ISSUES");
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", d.port);
	snprintf(folder, sizeof(folder), "%s/ticket", dir);
	ASSERT_EQ_INT(mkdir(folder, 0755), 0);
	snprintf(uri, sizeof(uri), "file:%s", folder);
	p = antre_printer_open(uri, err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	snprintf(url, sizeof(url), "%s/api/v1/office", d.url);
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &office), 200);
	w = kiosk_worker_start(d.url, KIOSK, p, 80, office, on_result, NULL);
	n = results_now();
	kiosk_worker_resume(w, code, "id");
	ASSERT_TRUE(wait_result(n, KIOSK_R_UNREACHABLE, NULL));
	antred_stop(&d, SIGKILL);   /* (it is gone: this reaps it) */

	/* back up; the applicant scans the same paper: the ticket antred made, printed as
	 * the first print, which fails, so it is cancelled */
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, listen), 0);
	state_of("P001", state, sizeof(state));
	ASSERT_EQ_STR(state, "waiting");   /* made before the power cut: nobody holds it */
	n = results_now();
	kiosk_worker_resume(w, code, "id");
	ASSERT_TRUE(wait_result(n, KIOSK_R_PRINT_FAILED, &kept));
	ASSERT_EQ_INT(kept, 0);
	for (i = 0; i < 200; i++) {
		state_of("P001", state, sizeof(state));
		if (strcmp(state, "cancelled") == 0)
			break;
		sleep_ms(50);
	}
	ASSERT_EQ_STR(state, "cancelled");
	/* and the journey resumes again, with a new ticket, once the printer works */
	snprintf(body, sizeof(body), "{\"resume\":\"%s\"}", code);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK, body, &t), 201);
	ASSERT_EQ_STR(json_str(t, "number"), "P002");
	json_decref(t);

	kiosk_worker_stop(w);
	antre_printer_close(p);
	free(office);
	ASSERT_EQ_INT(antred_stop(&d, SIGTERM), 0);
	test_rmdir(dir);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(a_resume_whose_answer_was_lost_is_a_first_print_when_sent_again),
		{ NULL, NULL },
	};
	atexit(stop_left_over);
	return test_main(argc, argv, cases);
}
