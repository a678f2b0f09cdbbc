/* The kiosk worker's cancel of a ticket whose print failed, against the real antred: a
 * cancel refused with 503 (its log held by another program, as a backup would) is kept
 * and sent again until antred takes it. The old worker sent it once, and the number
 * nobody holds waited to be called. The printer is a file: printer whose path is a
 * folder: its status is fine (the folder above is writable), the print fails. */
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "client.h"
#include "daemon.h"
#include "kiosk_worker.h"
#include "test.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define KIOSK "kiosk-test-token-0000"
#define ADMIN "admin-test-token-0000"

static antred_t d;
static char dir[128], db[192];
static sqlite3 *holder;
static pthread_t blocked;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int print_failed;

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* A change sent once the log is held: it waits for the log, and a second later antred
 * refuses the next ones (503) instead of letting them pile up. */
static void *issue_blocked(void *arg)
{
	(void)arg;
	antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"INFO\"}", NULL);
	return NULL;
}

/* antred answers a change with 503 (the probe changes nothing: there is no ticket 0;
 * one sent before the refusals start waits for the log, hence its short timeout) */
static int refusing(void)
{
	antre_client_t *c = antre_client_create(d.url, ADMIN, 1000);
	int status = antre_client_request(c, "POST", "/api/v1/tickets/0/cancel", "{}", NULL);
	antre_client_destroy(c);
	return status == 503;
}

/* On the worker's thread, between antred's 201 and the print: another program takes
 * the log, so the cancel after the failed print is refused. */
static void on_result(void *ctx, const kiosk_result_t *r)
{
	(void)ctx;
	if (r->kind == KIOSK_R_ISSUED) {
		ASSERT_EQ_INT(sqlite3_open(db, &holder), SQLITE_OK);
		ASSERT_EQ_INT(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
		ASSERT_EQ_INT(pthread_create(&blocked, NULL, issue_blocked, NULL), 0);
		for (int i = 0; i < 100 && !refusing(); i++)
			sleep_ms(50);
		ASSERT_TRUE(refusing());
	} else if (r->kind == KIOSK_R_PRINT_FAILED) {
		pthread_mutex_lock(&lock);
		print_failed = 1;
		pthread_mutex_unlock(&lock);
	}
}

static int failed_yet(void)
{
	int v;
	pthread_mutex_lock(&lock);
	v = print_failed;
	pthread_mutex_unlock(&lock);
	return v;
}

/* A001's state, as the staff's look-up by number gives it. */
static char *state_of_a001(char *out, size_t cap)
{
	json_t *t = NULL;
	antred_call(&d, "GET", "/api/v1/tickets?number=A001", ADMIN, NULL, &t);
	snprintf(out, cap, "%s", json_str(t, "state"));
	json_decref(t);
	return out;
}

TEST(a_cancel_refused_with_503_is_sent_again_until_antred_takes_it)
{
	char err[256], folder[200], uri[210], state[32], *office = NULL, url[128];
	antre_printer_t *p;
	kiosk_worker_t *w;
	int i;

	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	snprintf(folder, sizeof(folder), "%s/ticket", dir);
	ASSERT_EQ_INT(mkdir(folder, 0755), 0);
	snprintf(uri, sizeof(uri), "file:%s", folder);
	p = antre_printer_open(uri, err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	snprintf(url, sizeof(url), "%s/api/v1/office", d.url);
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &office), 200);

	w = kiosk_worker_start(d.url, KIOSK, p, 80, office, on_result, NULL);
	kiosk_worker_issue(w, "DISNAKER", 0, 0, "id");
	for (i = 0; i < 400 && !failed_yet(); i++)
		sleep_ms(50);
	ASSERT_TRUE(failed_yet());
	/* refused while the log is held: A001 still waits, a number nobody holds */
	ASSERT_EQ_STR(state_of_a001(state, sizeof(state)), "waiting");

	/* the log is free again: the kiosk's next try (within its 2 s beat) takes */
	ASSERT_EQ_INT(sqlite3_exec(holder, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(holder);
	pthread_join(blocked, NULL);
	for (i = 0; i < 200 && strcmp(state_of_a001(state, sizeof(state)), "cancelled") != 0; i++)
		sleep_ms(50);
	ASSERT_EQ_STR(state, "cancelled");

	kiosk_worker_stop(w);
	antre_printer_close(p);
	free(office);
	antred_stop(&d, SIGTERM);
	test_rmdir(dir);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(a_cancel_refused_with_503_is_sent_again_until_antred_takes_it),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
