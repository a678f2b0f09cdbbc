/* API v1 against the real antred on 127.0.0.1:0: a CPMI journey with its events on a
 * live stream, every error status changing nothing, stream resume, concurrency, a
 * kill -9 under load, tokens, metrics and the daily report. */
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "sse_collect.h"
#include "test.h"
#include "xmalloc.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define KIOSK "kiosk-test-token-0000"
#define ADMIN "admin-test-token-0000"

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

TEST(cpmi_applicant_walks_six_desks_over_http)
{
	static const char *const desks[] = { "1", "4", "6", "7", "9", "10" };
	static const char *const steps[] = { "DISNAKER", "KESEHATAN", "SKCK", "IMIGRASI", "BPJS",
					     "PAP" };
	collector_t col;
	json_t *t = NULL, *r = NULL;
	char id[32], path[96];
	int64_t last;
	int k, i, step = 0;

	ASSERT_EQ_INT(start(), 0);
	collector_start(&col, d.url, -1);
	/* subscribed before the day begins: else the snapshot may hold the steps (seen once
	 * under load), and the stream has nothing left to show in order */
	ASSERT_EQ_INT(collector_wait_seq(&col, 0, 10000), 0);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"journey\":\"CPMI\"}",
			&t), 201);
	ASSERT_EQ_STR(json_str(t, "number"), "P001");
	ASSERT_EQ_STR(json_str(t, "service"), "DISNAKER");
	ASSERT_CONTAINS(json_str(t, "status_url"), "/t/");
	antre_strlcpy(id, json_str(t, "id"), sizeof(id));
	json_decref(t);
	for (k = 0; k < 6; k++) {
		ASSERT_EQ_INT(antred_counter(&d, desks[k], "call-next", NULL, &r), 200);
		ASSERT_EQ_STR(json_str(json_object_get(r, "ticket"), "number"), "P001");
		ASSERT_EQ_STR(json_str(json_object_get(r, "ticket"), "service"), steps[k]);
		json_decref(r);
		ASSERT_EQ_INT(antred_counter(&d, desks[k], "start", NULL, NULL), 200);
		ASSERT_EQ_INT(antred_counter(&d, desks[k], "finish", NULL, &r), 200);
		ASSERT_EQ_STR(json_str(json_object_get(r, "ticket"), "state"), k < 5 ? "waiting" : "done");
		json_decref(r);
	}
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", id);
	ASSERT_EQ_INT(antred_call(&d, "GET", path, NULL, NULL, &t), 200);
	ASSERT_EQ_STR(json_str(t, "state"), "done");
	ASSERT_EQ_STR(json_str(t, "number"), "P001");
	json_decref(t);

	/* the stream saw every step, in order, with the same number */
	last = antred_seq(&d);
	ASSERT_EQ_INT(collector_wait_seq(&col, last, 5000), 0);
	pthread_mutex_lock(&col.lock);
	ASSERT_EQ_STR(col.v[0].event, "snapshot");
	for (i = 1; i < col.n; i++) {
		json_t *tk = json_object_get(col.v[i].data, "ticket");
		ASSERT_EQ_INT(col.v[i].id, col.v[i - 1].id + 1);
		if (!json_is_object(tk))
			continue;   /* counter.opened */
		ASSERT_EQ_STR(json_str(tk, "number"), "P001");
		if (strcmp(col.v[i].event, "ticket.called") == 0) {
			ASSERT_EQ_STR(json_str(tk, "service"), steps[step]);
			ASSERT_EQ_STR(json_str(json_object_get(col.v[i].data, "counter"), "id"),
				      desks[step]);
			step++;
		}
	}
	ASSERT_EQ_STR(col.v[col.n - 1].event, "ticket.finished");
	ASSERT_EQ_STR(json_str(json_object_get(col.v[col.n - 1].data, "ticket"), "state"), "done");
	pthread_mutex_unlock(&col.lock);
	ASSERT_EQ_INT(step, 6);
	collector_free(&col);
	stop();
}

/* Expect status and an error body with a message; and the state unchanged. */
static void expect_refusal(const char *method, const char *path, const char *token,
			   const char *body, int want, const char *phrase, const char *what)
{
	int64_t before = antred_seq(&d), after;
	json_t *e = NULL;
	int status = antred_call(&d, method, path, token, body, &e);
	after = antred_seq(&d);
	if (status != want || !json_is_string(json_object_get(e, "message")) ||
	    !strstr(json_str(e, "message"), phrase) || after != before) {
		fprintf(stderr, "%s: status %d (want %d), message \"%s\" (want \"%s\"), seq %lld → "
			"%lld\n", what, status, want, json_str(e, "message"), phrase,
			(long long)before, (long long)after);
		test_failures++;
	}
	json_decref(e);
}

/* A request antred must refuse: the status, a phrase of its sentence, and what it is. */
typedef struct {
	const char *method, *path, *token, *body;
	int status;
	const char *phrase, *what;
} refusal_t;

#define C1 "counter-1-test-token"
static const refusal_t refusals[] = {
	{ "POST", "/api/v1/tickets", KIOSK, "{\"service\":", 400, "not valid JSON", "malformed JSON" },
	{ "POST", "/api/v1/tickets", KIOSK, "[1,2]", 400, "must be a JSON object", "not an object" },
	{ "POST", "/api/v1/tickets", KIOSK, "{\"service\":7}", 400, "\"service\" must be a string",
	  "wrong type" },
	{ "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"DISNAKER\",\"priority\":1}", 400,
	  "\"priority\" must be true or false", "wrong type priority" },
	{ "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"NOPE\"}", 400, "no service 'NOPE'",
	  "unknown service" },
	{ "POST", "/api/v1/tickets", KIOSK, "{\"journey\":\"HAJI\"}", 400, "no journey 'HAJI'",
	  "unknown journey" },
	{ "POST", "/api/v1/tickets", KIOSK, "{}", 400, "name either", "neither" },
	{ "POST", "/api/v1/counters/99/call-next", ADMIN, NULL, 404, "no counter '99'",
	  "unknown counter" },
	{ "POST", "/api/v1/counters/1/dance", ADMIN, NULL, 404, "unknown action", "unknown action" },
	{ "GET", "/api/v1/tickets/0123456789abcdef", NULL, NULL, 404, "no ticket", "unknown ticket" },
	{ "POST", "/api/v1/tickets/0123456789abcdef/cancel", KIOSK, NULL, 404, "no open ticket",
	  "cancel unknown ticket" },
	{ "POST", "/api/v1/counters/1/finish", C1, NULL, 409, "Loket 1 has no ticket to finish",
	  "illegal transition" },
};

/* After counter 1 called A001. */
static const refusal_t refusals_while_called[] = {
	{ "POST", "/api/v1/counters/1/pause", C1, NULL, 409, "holds A001 (called)",
	  "409 names the current state" },
	{ "POST", "/api/v1/counters/1/transfer", C1, "{}", 400, "transfer needs {\"service\"",
	  "transfer without service" },
	{ "POST", "/api/v1/counters/1/transfer", C1, "{\"service\":\"MARS\"}", 400,
	  "unknown service 'MARS'", "transfer to nowhere" },
	{ "POST", "/api/v1/tickets", NULL, "{\"service\":\"DISNAKER\"}", 401, "needs a token",
	  "no token" },
	{ "POST", "/api/v1/tickets", "wrong-token-wrong-token", "{\"service\":\"INFO\"}", 401,
	  "needs a token", "unknown token" },
	{ "POST", "/api/v1/tickets", C1, "{\"service\":\"INFO\"}", 403, "may not",
	  "counter token issuing" },
	{ "POST", "/api/v1/counters/2/call-next", C1, NULL, 403, "only on that counter",
	  "another counter's token" },
	{ "POST", "/api/v1/counters/2/open", KIOSK, NULL, 403, "may not", "kiosk token on a counter" },
	{ "GET", "/api/v1/reports/daily", KIOSK, NULL, 403, "may not", "report needs admin" },
	{ "GET", "/api/v1/reports/daily?date=yesterday", ADMIN, NULL, 400,
	  "date must be YYYY-MM-DD", "bad date" },
	{ "DELETE", "/api/v1/tickets", KIOSK, NULL, 405, "not allowed", "method" },
};

static void expect_refusals(const refusal_t *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		expect_refusal(r[i].method, r[i].path, r[i].token, r[i].body, r[i].status,
			       r[i].phrase, r[i].what);
}

TEST(bad_requests_get_a_status_and_change_nothing)
{
	char big[6000];
	json_t *t = NULL;

	ASSERT_EQ_INT(start(), 0);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
			"{\"service\":\"DISNAKER\"}", &t), 201);
	json_decref(t);
	expect_refusals(refusals, sizeof(refusals) / sizeof(refusals[0]));
	memset(big, ' ', sizeof(big) - 1);
	big[0] = '{';
	big[sizeof(big) - 2] = '}';
	big[sizeof(big) - 1] = '\0';
	expect_refusal("POST", "/api/v1/tickets", KIOSK, big, 413, "larger than 4096", "big body");
	ASSERT_EQ_INT(antred_counter(&d, "1", "call-next", NULL, NULL), 200);
	expect_refusals(refusals_while_called,
			sizeof(refusals_while_called) / sizeof(refusals_while_called[0]));
	ASSERT_EQ_INT(antred_call(&d, "GET", "/healthz", NULL, NULL, NULL),
			200);   /* still serving */
	stop();
}

TEST(no_mutation_works_without_a_token)
{
	static const char *const paths[] = {
		"/api/v1/tickets", "/api/v1/tickets/0123456789abcdef/cancel",
		"/api/v1/counters/1/open", "/api/v1/counters/1/call-next", "/api/v1/counters/1/close",
		"/api/v1/counters/1/call",
	};
	int64_t seq;
	ASSERT_EQ_INT(start(), 0);
	seq = antred_seq(&d);   /* the day.reset that opened the day */
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		expect_refusal("POST", paths[i], NULL, "{\"service\":\"INFO\",\"number\":\"A001\"}",
			       401, "needs a token", paths[i]);
	ASSERT_EQ_INT(antred_seq(&d), seq);
	ASSERT_TRUE(seq <= 1);
	stop();
}

TEST(stream_resumes_with_exactly_what_was_missed)
{
	collector_t a, b;
	int64_t seen, now;
	int called = 0;

	ASSERT_EQ_INT(start(), 0);
	for (int i = 0; i < 25; i++)
		ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
				"{\"service\":\"INFO\"}", NULL),
			      201);
	collector_start(&a, d.url, -1);
	seen = antred_seq(&d);
	ASSERT_EQ_INT(collector_wait_seq(&a, seen, 5000), 0);
	collector_stop(&a);
	/* 20 calls while this display is away */
	for (int i = 0; i < 20; i++)
		ASSERT_EQ_INT(antred_counter(&d, i % 2 ? "1" : "9", "call-next", NULL, NULL), 200);
	now = antred_seq(&d);
	collector_start(&b, d.url, seen);
	ASSERT_EQ_INT(collector_wait_seq(&b, now, 5000), 0);
	pthread_mutex_lock(&b.lock);
	ASSERT_EQ_INT(b.n, now - seen);
	for (int i = 0; i < b.n; i++) {
		ASSERT_EQ_INT(b.v[i].id, seen + 1 + i);
		called += strcmp(b.v[i].event, "ticket.called") == 0;
	}
	pthread_mutex_unlock(&b.lock);
	ASSERT_EQ_INT(called, 20);
	collector_free(&a);
	collector_free(&b);
	stop();
}

TEST(stream_from_zero_replays_the_day_and_stale_ids_get_a_snapshot)
{
	collector_t a, b;
	int64_t now;
	char path[96];

	ASSERT_EQ_INT(start(), 0);
	for (int i = 0; i < 3; i++)
		antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"INFO\"}", NULL);
	now = antred_seq(&d);
	collector_start(&a, d.url, 0);
	ASSERT_EQ_INT(collector_wait_seq(&a, now, 5000), 0);
	pthread_mutex_lock(&a.lock);
	ASSERT_EQ_STR(a.v[0].event, "day.reset");
	ASSERT_EQ_INT(a.n, now);
	pthread_mutex_unlock(&a.lock);
	collector_start(&b, d.url, now + 1000);   /* an id this office never had */
	ASSERT_EQ_INT(collector_wait_seq(&b, now, 5000), 0);
	pthread_mutex_lock(&b.lock);
	ASSERT_EQ_STR(b.v[0].event, "snapshot");
	pthread_mutex_unlock(&b.lock);
	snprintf(path, sizeof(path), "/api/v1/events?last_event_id=abc");
	ASSERT_EQ_INT(antred_call(&d, "GET", path, NULL, NULL, NULL), 400);
	collector_free(&a);
	collector_free(&b);
	stop();
}

typedef struct {
	int n;
	char numbers[100][16];
	int fails;
} issuer_t;

static void *issuer(void *p)
{
	issuer_t *w = p;
	for (int i = 0; i < w->n; i++) {
		json_t *t = NULL;
		if (antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"DISNAKER\"}",
				&t) != 201)
			w->fails++;
		else
			antre_strlcpy(w->numbers[i], json_str(t, "number"), 16);
		json_decref(t);
	}
	return NULL;
}

static int cmp_num(const void *a, const void *b)
{
	return strcmp(a, b);
}

TEST(eight_clients_issue_400_distinct_numbers)
{
	pthread_t th[8];
	issuer_t w[8];
	char all[400][16];

	ASSERT_EQ_INT(start(), 0);
	for (int i = 0; i < 8; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].n = 50;
		pthread_create(&th[i], NULL, issuer, &w[i]);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		ASSERT_EQ_INT(w[i].fails, 0);
		memcpy(all[(size_t)i * 50], w[i].numbers, sizeof(all[0]) * 50);
	}
	qsort(all, 400, 16, cmp_num);
	for (int i = 1; i < 400; i++)
		if (strcmp(all[i - 1], all[i]) == 0)
			TEST_FAIL_("%s issued twice", all[i]);
	ASSERT_EQ_STR(all[0], "A001");
	ASSERT_EQ_STR(all[399], "A400");
	stop();
}

typedef struct {
	char counter[8];
	char called[300][16];
	int n, fails;
} caller_t;

static void *caller(void *p)
{
	caller_t *w = p;
	for (;;) {
		json_t *r = NULL;
		int status = antred_counter(&d, w->counter, "call-next", NULL, &r);
		if (status == 204) {
			json_decref(r);
			break;
		}
		if (status != 200 || w->n >= 300) {
			w->fails++;
			json_decref(r);
			break;
		}
		antre_strlcpy(w->called[w->n++], json_str(json_object_get(r, "ticket"), "number"), 16);
		json_decref(r);
	}
	return NULL;
}

TEST(eight_counters_call_every_ticket_exactly_once)
{
	enum { TICKETS = 240 };
	static caller_t w[8];
	pthread_t th[8];
	static char all[TICKETS + 8][16];
	int n = 0;

	ASSERT_EQ_INT(start(), 0);
	for (int i = 0; i < TICKETS; i++)
		ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
				"{\"service\":\"INFO\"}", NULL),
			      201);
	for (int i = 0; i < 8; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		snprintf(w[i].counter, sizeof(w[i].counter), "s%d", i + 1);
		pthread_create(&th[i], NULL, caller, &w[i]);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		ASSERT_EQ_INT(w[i].fails, 0);
		for (int k = 0; k < w[i].n && n < TICKETS + 8; k++)
			antre_strlcpy(all[n++], w[i].called[k], 16);
	}
	ASSERT_EQ_INT(n, TICKETS);
	qsort(all, (size_t)n, 16, cmp_num);
	for (int i = 1; i < n; i++)
		if (strcmp(all[i - 1], all[i]) == 0)
			TEST_FAIL_("%s called twice", all[i]);
	stop();
}

/* Answers the issuers have had, so the kill can wait for load instead of a time. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t more;
	int answered;
	int ended;                 /* issuers that stopped (a failure before the kill) */
} kill_load = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };

#define KILL_AFTER_ANSWERS 60   /* well into the load: 15 per issuer on average */

typedef struct {
	char ids[4000][20];
	char numbers[4000][16];
	int n;
	atomic_int stop;   /* set by the main thread: atomic, not volatile */
} kill_issuer_t;

static void *kill_issuer(void *p)
{
	kill_issuer_t *w = p;
	while (!atomic_load(&w->stop) && w->n < 4000) {
		json_t *t = NULL;
		if (antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"SKCK\"}",
				&t) == 201) {
			antre_strlcpy(w->ids[w->n], json_str(t, "id"), 20);
			antre_strlcpy(w->numbers[w->n], json_str(t, "number"), 16);
			w->n++;
			pthread_mutex_lock(&kill_load.lock);
			kill_load.answered++;
			pthread_cond_broadcast(&kill_load.more);
			pthread_mutex_unlock(&kill_load.lock);
		} else {
			json_decref(t);
			break;   /* the daemon is gone */
		}
		json_decref(t);
	}
	pthread_mutex_lock(&kill_load.lock);
	kill_load.ended++;
	pthread_cond_broadcast(&kill_load.more);
	pthread_mutex_unlock(&kill_load.lock);
	return NULL;
}

TEST(kill_9_under_concurrent_issuing_loses_no_answered_ticket)
{
	static kill_issuer_t w[4];
	pthread_t th[4];
	int total = 0, missing = 0, loaded, ended;
	json_t *t = NULL;

	ASSERT_EQ_INT(start(), 0);
	for (int i = 0; i < 4; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		pthread_create(&th[i], NULL, kill_issuer, &w[i]);
	}
	/* let load build up (answers, not a time); the kill lands mid-stream, while the
	 * four issuers keep sending */
	pthread_mutex_lock(&kill_load.lock);
	while (kill_load.answered < KILL_AFTER_ANSWERS && kill_load.ended == 0)
		pthread_cond_wait(&kill_load.more, &kill_load.lock);
	loaded = kill_load.answered;
	ended = kill_load.ended;
	pthread_mutex_unlock(&kill_load.lock);
	ASSERT_EQ_INT(ended, 0);   /* every issuer was still being answered */
	kill(d.pid, SIGKILL);
	waitpid(d.pid, NULL, 0);
	for (int i = 0; i < 4; i++) {
		atomic_store(&w[i].stop, 1);
		pthread_join(th[i], NULL);
		total += w[i].n;
	}
	fprintf(stderr, "  %d tickets answered 201 before the kill\n", total);
	ASSERT_TRUE(total >= loaded);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	for (int i = 0; i < 4; i++) {
		for (int k = 0; k < w[i].n; k++) {
			char path[96];
			snprintf(path, sizeof(path), "/api/v1/tickets/%.20s", w[i].ids[k]);
			if (antred_call(&d, "GET", path, NULL, NULL, &t) != 200 ||
			    strcmp(json_str(t, "number"), w[i].numbers[k]) != 0)
				missing++;
			json_decref(t);
		}
	}
	ASSERT_EQ_INT(missing, 0);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"SKCK\"}",
			&t), 201);
	for (int i = 0; i < 4; i++)
		for (int k = 0; k < w[i].n; k++)
			if (strcmp(w[i].numbers[k], json_str(t, "number")) == 0)
				missing++;
	ASSERT_EQ_INT(missing, 0);
	json_decref(t);
	stop();
}

TEST(token_files_are_created_private_and_work)
{
	char cfg_path[128], tok_path[128], token[128] = "";
	struct stat st;
	FILE *f;

	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(cfg_path, sizeof(cfg_path), "%s/office.ini", dir);
	snprintf(tok_path, sizeof(tok_path), "%s/tokens/kiosk.token", dir);
	f = fopen(cfg_path, "w");
	fputs("[office]\nname = T\n[service INFO]\nprefix = H\n[counter 1]\nservices = INFO\n"
	      "token_file = tokens/counter-1.token\n[kiosk k]\ntoken_file = tokens/kiosk.token\n", f);
	fclose(f);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	ASSERT_EQ_INT(stat(tok_path, &st), 0);
	ASSERT_EQ_INT(st.st_mode & 0777, 0600);
	f = fopen(tok_path, "r");
	ASSERT_TRUE(f && fgets(token, sizeof(token), f));
	fclose(f);
	token[strcspn(token, "\n")] = '\0';
	ASSERT_TRUE(strlen(token) >= 32);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", token, "{\"service\":\"INFO\"}",
			NULL), 201);
	ASSERT_EQ_INT(stat(tok_path, &st), 0);   /* an admin token file appeared beside the db */
	snprintf(tok_path, sizeof(tok_path), "%s/admin.token", dir);
	ASSERT_EQ_INT(stat(tok_path, &st), 0);
	ASSERT_EQ_INT(st.st_mode & 0777, 0600);
	stop();
}

TEST(metrics_and_daily_report)
{
	char *text = NULL, url[128];
	json_t *r = NULL, *svc;
	collector_t col;

	ASSERT_EQ_INT(start(), 0);
	collector_start(&col, d.url, -1);
	ASSERT_EQ_INT(collector_wait_seq(&col, 0, 5000), 0);
	for (int i = 0; i < 3; i++)
		antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"KESEHATAN\"}",
				NULL);
	antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"journey\":\"CPMI\"}", NULL);
	antred_counter(&d, "4", "call-next", NULL, NULL);
	antred_counter(&d, "4", "finish", NULL, NULL);
	antred_counter(&d, "4", "call-next", NULL, NULL);
	antred_counter(&d, "4", "no-show", NULL, NULL);
	antred_call(&d, "POST", "/api/v1/tickets", NULL, "{}", NULL);   /* a 401 to count */

	snprintf(url, sizeof(url), "%s/metrics", d.url);
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &text), 200);
	ASSERT_CONTAINS(text, "antre_tickets_issued_total{service=\"KESEHATAN\"} 3\n");
	ASSERT_CONTAINS(text, "antre_tickets_issued_total{journey=\"CPMI\"} 1\n");
	ASSERT_CONTAINS(text, "antre_waiting{service=\"KESEHATAN\"} 1\n");
	ASSERT_CONTAINS(text, "antre_waiting{service=\"DISNAKER\"} 1\n");
	ASSERT_CONTAINS(text, "antre_calls_total 2\n");
	ASSERT_CONTAINS(text, "antre_no_shows_total 1\n");
	ASSERT_CONTAINS(text, "antre_http_requests_total{code=\"201\"} 4\n");
	ASSERT_CONTAINS(text, "antre_http_requests_total{code=\"401\"} 1\n");
	ASSERT_CONTAINS(text, "antre_sse_subscribers 1\n");
	ASSERT_CONTAINS(text, "antre_store_commit_seconds_bucket{le=\"+Inf\"}");
	free(text);

	ASSERT_EQ_INT(antred_call(&d, "GET", "/api/v1/reports/daily", ADMIN, NULL, &r), 200);
	svc = json_array_get(json_object_get(r, "services"), 2);
	ASSERT_EQ_STR(json_str(svc, "id"), "KESEHATAN");
	ASSERT_EQ_INT(json_integer_value(json_object_get(svc, "issued")), 3);
	ASSERT_EQ_INT(json_integer_value(json_object_get(svc, "served")), 1);
	ASSERT_EQ_INT(json_integer_value(json_object_get(svc, "no_show")), 1);
	ASSERT_EQ_INT(json_integer_value(json_object_get(
			      json_array_get(json_object_get(r, "journeys"), 0), "issued")), 1);
	ASSERT_EQ_INT(json_integer_value(json_object_get(
			      json_array_get(json_object_get(r, "counters"), 3), "served")), 1);
	ASSERT_TRUE(json_object_size(json_object_get(r, "arrivals_per_hour")) >= 1);
	json_decref(r);
	snprintf(url, sizeof(url), "%s/api/v1/reports/daily?format=csv", d.url);
	ASSERT_EQ_INT(http("GET", url, ADMIN, NULL, &text), 200);
	ASSERT_CONTAINS(text, "date,kind,id,issued_at_kiosk,served_steps_finished,no_show");
	ASSERT_CONTAINS(text, ",service,KESEHATAN,3,1,1,0,");
	free(text);
	collector_free(&col);
	stop();
}

TEST(ticket_status_page_behind_the_qr_code)
{
	char url[256], *html = NULL, id[32];
	json_t *t = NULL;

	ASSERT_EQ_INT(start(), 0);
	antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"DISNAKER\"}", NULL);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"journey\":\"CPMI\"}",
			&t), 201);
	antre_strlcpy(id, json_str(t, "id"), sizeof(id));
	ASSERT_CONTAINS(json_str(t, "status_url"), id);
	json_decref(t);
	snprintf(url, sizeof(url), "%s/t/%s", d.url, id);
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &html), 200);
	ASSERT_CONTAINS(html, ">P001<");
	ASSERT_CONTAINS(html, "Menunggu dipanggil");
	ASSERT_CONTAINS(html, "1 orang / people");
	ASSERT_CONTAINS(html, "<li class=\"now\">Dinas Tenaga Kerja</li>");
	ASSERT_CONTAINS(html, "<script src=\"/web/ticket.js\">");   /* live, from firmware/web */
	free(html);
	antred_counter(&d, "1", "call-next", NULL, NULL);
	antred_counter(&d, "1", "call-next", NULL, NULL);   /* A001 done, P001 called */
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &html), 200);
	ASSERT_CONTAINS(html, "Silakan menuju Loket 1");
	ASSERT_CONTAINS(html, "Please go to Loket 1");
	free(html);
	snprintf(url, sizeof(url), "%s/t/0000000000000000", d.url);
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &html), 404);
	ASSERT_CONTAINS(html, "Tiket tidak ditemukan");
	free(html);
	stop();
}

TEST(a_failed_log_write_answers_503_and_stops_antred)
{
	struct rlimit old, small = { (rlim_t)400 * 1024, (rlim_t)400 * 1024 };
	char ids[2000][20];
	int n = 0, status = 0, code = 0, missing = 0;
	json_t *t = NULL;

	/* antred may write only 400 KB per file: the log fills up (EFBIG, SIGXFSZ ignored) */
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	getrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &small);
	code = antred_start(&d, dir, OFFICE, db, NULL);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	ASSERT_EQ_INT(code, 0);
	while (n < 2000) {
		code = antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"INFO\"}",
				&t);
		if (code != 201)
			break;
		antre_strlcpy(ids[n++], json_str(t, "id"), 20);
		json_decref(t);
		t = NULL;
	}
	ASSERT_EQ_INT(code, 503);
	ASSERT_CONTAINS(json_str(t, "message"), "could not be written");
	json_decref(t);
	waitpid(d.pid, &status, 0);   /* it stops by itself, failing */
	d.pid = 0;
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	fprintf(stderr, "  %d tickets answered before the log filled up\n", n);
	/* restarted with room: every answered ticket is there */
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	for (int i = 0; i < n; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/api/v1/tickets/%.19s", ids[i]);
		if (antred_call(&d, "GET", path, NULL, NULL, NULL) != 200)
			missing++;
	}
	ASSERT_EQ_INT(missing, 0);
	stop();
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(ticket_status_page_behind_the_qr_code),
		TEST_CASE(cpmi_applicant_walks_six_desks_over_http),
		TEST_CASE(bad_requests_get_a_status_and_change_nothing),
		TEST_CASE(no_mutation_works_without_a_token),
		TEST_CASE(stream_resumes_with_exactly_what_was_missed),
		TEST_CASE(stream_from_zero_replays_the_day_and_stale_ids_get_a_snapshot),
		TEST_CASE(eight_clients_issue_400_distinct_numbers),
		TEST_CASE(eight_counters_call_every_ticket_exactly_once),
		TEST_CASE(kill_9_under_concurrent_issuing_loses_no_answered_ticket),
		TEST_CASE(token_files_are_created_private_and_work),
		TEST_CASE(a_failed_log_write_answers_503_and_stops_antred),
		TEST_CASE(metrics_and_daily_report),
		{ NULL, NULL },
	};
	signal(SIGPIPE, SIG_IGN);
	return test_main(argc, argv, cases);
}
