/* antred distrusts its surroundings (issue 9), against the real daemon: a second
 * instance, config edits mid-day, a log held, deleted, full or damaged, a stop while
 * answers wait for the disk, a kill between commit and answer, kiosk tokens, and a
 * stranger holding connections. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "sse_collect.h"
#include "test.h"
#include "xmalloc.h"

#define ADMIN "admin-hardening-token-0"
#define KIOSK1 "kiosk-one-hardening-tok"
#define KIOSK2 "kiosk-two-hardening-tok"
#define CTR1 "counter-1-hardening-tok"
#define CTR2 "counter-2-hardening-tok"

static antred_t d;
static char dir[64], db[128], cfg_path[128];

/* The office of these tests; `services` and `counters` sections are swapped in by the
 * config-edit test. */
static const char office_head[] =
	"[office]\nname = Kantor Uji\ntimezone = Asia/Jakarta\nreset_at = 00:00\n"
	"number_width = 3\npriority_policy = strict\n\n"
	"[server]\nadmin_token = " ADMIN "\n\n";
static const char office_default[] =
	"[service DISNAKER]\nprefix = A\nname = Disnaker\nest_service_s = 300\n\n"
	"[service DUKCAPIL]\nprefix = B\nname = Dukcapil\nest_service_s = 300\n\n"
	"[service INFO]\nprefix = H\nname = Info\nest_service_s = 100\n\n"
	"[counter 1]\nname = Loket 1\nservices = DISNAKER, DUKCAPIL, INFO\ntoken = " CTR1 "\n\n"
	"[counter 2]\nname = Loket 2\nservices = DISNAKER, DUKCAPIL, INFO\ntoken = " CTR2 "\n\n"
	"[kiosk k1]\ntoken = " KIOSK1 "\nprinter = file:/dev/null\n\n"
	"[kiosk k2]\ntoken = " KIOSK2 "\nprinter = file:/dev/null\n";

static void write_file(const char *path, const char *a, const char *b)
{
	FILE *f = fopen(path, "w");
	ASSERT_TRUE(f != NULL);
	fputs(a, f);
	fputs(b, f);
	fclose(f);
}

static void setup(const char *body)
{
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(cfg_path, sizeof(cfg_path), "%s/office.ini", dir);
	write_file(cfg_path, office_head, body ? body : office_default);
}

static void teardown(void)
{
	antred_stop(&d, SIGKILL);
	test_rmdir(dir);
}

static size_t collect(char *data, size_t size, size_t n, void *ctx)
{
	char **buf = ctx;
	size_t old = *buf ? strlen(*buf) : 0;
	*buf = xrealloc(*buf, old + size * n + 1);
	memcpy(*buf + old, data, size * n);
	(*buf)[old + size * n] = '\0';
	return size * n;
}

/* One request with an optional Idempotency-Key; *out gets the JSON (may be NULL).
 * Returns the status, or -1 when no answer came. */
static int req(const char *method, const char *path, const char *token, const char *body,
	       const char *idem, json_t **out)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char url[256], line[200], *resp = NULL;
	long status = -1;

	snprintf(url, sizeof(url), "%s%s", d.url, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 60000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
	if (token) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", token);
		h = curl_slist_append(h, line);
	}
	if (idem) {
		snprintf(line, sizeof(line), "Idempotency-Key: %s", idem);
		h = curl_slist_append(h, line);
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (out)
		*out = resp ? json_loads(resp, 0, NULL) : NULL;
	free(resp);
	return (int)status;
}

/* Issue one ticket for service; returns its number in num (cap 16) and id (cap 20). */
static int issue(const char *token, const char *service, const char *idem, char *num,
		 char *id)
{
	char body[64];
	json_t *t = NULL;
	int code;
	snprintf(body, sizeof(body), "{\"service\":\"%s\"}", service);
	code = req("POST", "/api/v1/tickets", token, body, idem, &t);
	if (num)
		antre_strlcpy(num, code == 201 ? json_str(t, "number") : "", 16);
	if (id)
		antre_strlcpy(id, code == 201 ? json_str(t, "id") : "", 20);
	json_decref(t);
	return code;
}

static int64_t state_seq(json_t **state)
{
	json_t *st = NULL;
	int64_t seq = -1;
	if (req("GET", "/api/v1/state", NULL, NULL, NULL, &st) == 200)
		seq = json_integer_value(json_object_get(st, "seq"));
	if (state)
		*state = st;
	else
		json_decref(st);
	return seq;
}

static int waiting_at(json_t *state, const char *service)
{
	json_t *svc;
	size_t i;
	json_array_foreach(json_object_get(state, "services"), i, svc)
		if (strcmp(json_str(svc, "id"), service) == 0)
			return (int)json_integer_value(json_object_get(svc, "waiting"));
	return -1;
}

static int log_has(const antred_t *a, const char *text)
{
	char buf[16384];
	FILE *f = fopen(a->log, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

/* Wait (bounded: 30 s) until a's log holds text, as it says what it is doing. Returns 0,
 * or -1 with the log's text missing. */
static int wait_log(const antred_t *a, const char *text)
{
	for (int waited = 0; waited < 30000; waited += 10) {
		if (log_has(a, text))
			return 0;
		usleep(10000);
	}
	fprintf(stderr, "antred never logged \"%s\"\n", text);
	return -1;
}

/* Whether a waitpid status is a normal exit with code; if not, say what it was and
 * show antred's log, so that a failure explains itself. */
static int exited_with(int status, int code, const antred_t *a)
{
	char buf[16384];
	FILE *f;
	size_t n;

	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code)
		return 1;
	if (status == -1)
		fprintf(stderr, "antred did not exit in time (want exit %d)\n", code);
	else if (WIFSIGNALED(status))
		fprintf(stderr, "antred died of signal %d (want exit %d)\n", WTERMSIG(status), code);
	else
		fprintf(stderr, "antred exited %d (want %d)\n", WEXITSTATUS(status), code);
	f = fopen(a->log, "r");
	n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	fprintf(stderr, "--- its log:\n%s---\n", buf);
	return 0;
}

/* Wait (bounded) for a child to end; returns its waitpid status or -1. */
static int wait_exit(pid_t pid, int ms)
{
	for (int waited = 0; waited < ms; waited += 10) {
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		usleep(10000);
	}
	return -1;
}

/* Another program (as a backup or a sqlite3 shell would) holding the log's write lock
 * until killed. Returns its pid once it holds the lock. */
static pid_t hold_log_lock(void)
{
	int fds[2];
	char c = 0;
	pid_t pid;

	if (pipe(fds) != 0)
		abort();
	pid = fork();
	if (pid == 0) {
		char script[512];
		dup2(fds[1], 1);
		snprintf(script, sizeof(script),
			 "import sqlite3,sys,time\n"
			 "c=sqlite3.connect('%s',isolation_level=None,timeout=30)\n"
			 "c.execute('BEGIN IMMEDIATE')\nsys.stdout.write('L')\nsys.stdout.flush()\n"
			 "time.sleep(120)\n", db);
		execlp("python3", "python3", "-c", script, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	if (read(fds[0], &c, 1) != 1 || c != 'L') {
		fprintf(stderr, "python3 could not lock %s\n", db);
		abort();
	}
	close(fds[0]);
	return pid;
}

static void release_log_lock(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* ---- 1. one antred per office ---- */

TEST(a_second_antred_on_the_port_or_the_log_is_refused)
{
	antred_t other;
	char listen[32], db2[160];
	int status;

	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);

	/* the same port, another log: must not share the port (no SO_REUSEPORT) */
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", d.port);
	snprintf(db2, sizeof(db2), "%s/other.db", dir);
	ASSERT_EQ_INT(antred_start(&other, dir, cfg_path, db2, listen), -1);
	ASSERT_TRUE(log_has(&other, "cannot listen on"));

	/* the same log, any port: refused with the file and the holder's PID */
	ASSERT_EQ_INT(antred_start(&other, dir, cfg_path, db, NULL), -1);
	ASSERT_TRUE(log_has(&other, "is in use by another antred"));
	{
		char pid[32];
		snprintf(pid, sizeof(pid), "(PID %d)", (int)d.pid);
		ASSERT_TRUE(log_has(&other, pid));
		ASSERT_TRUE(log_has(&other, db));
	}

	/* ... and so is another path to the same file */
	{
		char link[160];
		snprintf(link, sizeof(link), "%s/alias.db", dir);
		ASSERT_EQ_INT(symlink(db, link), 0);
		ASSERT_EQ_INT(antred_start(&other, dir, cfg_path, link, NULL), -1);
		ASSERT_TRUE(log_has(&other, "is in use by another antred"));
	}

	/* after kill -9 the same port and log are taken again at once */
	antred_stop(&d, SIGKILL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, listen), 0);
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);
	status = antred_stop(&d, SIGTERM);
	ASSERT_TRUE(exited_with(status, 0, &d));
	teardown();
}

/* ---- 2. numbers after the config changes mid-day ---- */

TEST(numbers_continue_after_prefixes_swap_and_services_or_counters_go)
{
	char num[16], held[16], held_id[20], gone_id[20], path[64];
	json_t *t = NULL;

	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);   /* A001-3 */
	ASSERT_EQ_INT(issue(KIOSK1, "DUKCAPIL", NULL, NULL, NULL), 201);       /* B001 */
	ASSERT_EQ_INT(issue(KIOSK1, "INFO", NULL, NULL, gone_id), 201);        /* H001 */
	ASSERT_EQ_INT(issue(KIOSK1, "INFO", NULL, NULL, NULL), 201);           /* H002 */
	/* counter 2 holds A001 */
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/2/call-next", CTR2, NULL, NULL, &t), 200);
	antre_strlcpy(held, json_str(json_object_get(t, "ticket"), "number"), sizeof(held));
	antre_strlcpy(held_id, json_str(json_object_get(t, "ticket"), "id"), sizeof(held_id));
	json_decref(t);
	ASSERT_EQ_STR(held, "A001");
	antred_stop(&d, SIGTERM);

	/* The office swaps DISNAKER's and DUKCAPIL's prefixes, removes INFO (two tickets
	 * waiting) and counter 2 (holding A001), and restarts. */
	write_file(cfg_path, office_head,
		   "[service DISNAKER]\nprefix = B\nname = Disnaker\nest_service_s = 300\n\n"
		   "[service DUKCAPIL]\nprefix = A\nname = Dukcapil\nest_service_s = 300\n\n"
		   "[service PAP]\nprefix = H\nname = PAP\nest_service_s = 300\n\n"
		   "[counter 1]\nname = Loket 1\nservices = DISNAKER, DUKCAPIL, PAP\ntoken = " CTR1
		   "\n\n[kiosk k1]\ntoken = " KIOSK1 "\nprinter = file:/dev/null\n");
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	/* every prefix continues after today's highest, never from 1 */
	ASSERT_EQ_INT(issue(KIOSK1, "DUKCAPIL", NULL, num, NULL), 201);
	ASSERT_EQ_STR(num, "A004");
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, num, NULL), 201);
	ASSERT_EQ_STR(num, "B002");
	ASSERT_EQ_INT(issue(KIOSK1, "PAP", NULL, num, NULL), 201);
	ASSERT_EQ_STR(num, "H003");
	/* what could not be applied is reported with a count and a reason */
	ASSERT_TRUE(log_has(&d, "could not be applied"));
	ASSERT_TRUE(log_has(&d, "name service INFO, which the config no longer has"));
	/* the ticket held by the removed counter is set aside, explicitly, not lined up */
	ASSERT_TRUE(log_has(&d, "ticket A001 was held by a counter this config no longer has"));
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", held_id);
	ASSERT_EQ_INT(req("GET", path, NULL, NULL, NULL, &t), 200);
	ASSERT_EQ_STR(json_str(t, "state"), "no_show");
	json_decref(t);
	/* call-next never calls A001 a second time: it gets A002, A003, then DUKCAPIL's */
	for (int i = 0; i < 4; i++) {
		ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/call-next", CTR1, NULL, NULL, &t), 200);
		ASSERT_TRUE(strcmp(json_str(json_object_get(t, "ticket"), "number"), "A001") != 0);
		json_decref(t);
	}
	/* ... but a clerk can still call it by number */
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/call", CTR1, "{\"number\":\"A001\"}", NULL,
			  &t), 200);
	json_decref(t);
	/* the INFO ticket's id is unknown now (its service is gone), and that is reported */
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", gone_id);
	ASSERT_EQ_INT(req("GET", path, NULL, NULL, NULL, NULL), 404);
	teardown();
}

TEST(a_ticket_that_lost_an_event_is_set_aside_once_and_never_called_in_a_loop)
{
	static const char two[] =
		"[service S1]\nprefix = A\nname = Satu\nest_service_s = 60\n\n"
		"[service S2]\nprefix = B\nname = Dua\nest_service_s = 60\n\n"
		"[counter 1]\nname = Loket 1\nservices = S1, S2\ntoken = " CTR1 "\n\n"
		"[kiosk k1]\ntoken = " KIOSK1 "\nprinter = file:/dev/null\n";
	static const char one[] =
		"[service S1]\nprefix = A\nname = Satu\nest_service_s = 60\n\n"
		"[counter 1]\nname = Loket 1\nservices = S1\ntoken = " CTR1 "\n\n"
		"[kiosk k1]\ntoken = " KIOSK1 "\nprinter = file:/dev/null\n";
	json_t *t = NULL;
	char x_id[20], path[80];

	setup(two);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	ASSERT_EQ_INT(issue(KIOSK1, "S1", NULL, NULL, x_id), 201);   /* A001 = X */
	ASSERT_EQ_INT(issue(KIOSK1, "S1", NULL, NULL, NULL), 201);   /* A002 */
	ASSERT_EQ_INT(issue(KIOSK1, "S1", NULL, NULL, NULL), 201);   /* A003 */
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/call-next", CTR1, NULL, NULL, NULL), 200);
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/transfer", CTR1, "{\"service\":\"S2\"}",
			  NULL, NULL), 200);                             /* X waits at S2 */
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/call-next", CTR1, NULL, NULL, NULL), 200);
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/finish", CTR1, NULL, NULL, NULL), 200);
	antred_stop(&d, SIGTERM);

	/* S2 is removed: X's transfer cannot be applied, and nothing after it for X */
	write_file(cfg_path, office_head, one);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	ASSERT_TRUE(log_has(&d, "ticket A001 has events this config cannot apply"));
	/* A002 stays done, A003 is next, then nobody: no ticket called in a loop */
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/call-next", CTR1, NULL, NULL, &t), 200);
	ASSERT_EQ_STR(json_str(json_object_get(t, "ticket"), "number"), "A003");
	json_decref(t);
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/call-next", CTR1, NULL, NULL, NULL), 204);
	/* the clerk calls X back by number; a restart keeps that, and does not set X aside
	 * a second time */
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/call", CTR1, "{\"number\":\"A001\"}",
			  NULL, NULL), 200);
	antred_stop(&d, SIGKILL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	ASSERT_TRUE(!log_has(&d, "marked no-show"));
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", x_id);
	ASSERT_EQ_INT(req("GET", path, NULL, NULL, NULL, &t), 200);
	ASSERT_EQ_STR(json_str(t, "state"), "called");
	json_decref(t);
	teardown();
}

/* ---- 3 + 4. only what is durable is visible; a busy log is not a dead one ---- */

typedef struct {
	const char *idem;
	atomic_int code;   /* read by the main thread while the issuer may still write it */
	char number[16];
} issue_arg_t;

static void *issue_thread(void *p)
{
	issue_arg_t *a = p;
	a->code = issue(KIOSK1, "DISNAKER", a->idem, a->number, NULL);
	return NULL;
}

static double busy_seconds(void)
{
	char url[128], *text = NULL, *at;
	double v = -1;
	snprintf(url, sizeof(url), "%s/metrics", d.url);
	if (http("GET", url, NULL, NULL, &text) == 200 &&
	    (at = strstr(text, "\nantre_event_log_busy_seconds ")) != NULL)
		v = strtod(at + strlen("\nantre_event_log_busy_seconds "), NULL);
	free(text);
	return v;
}

TEST(a_held_commit_is_invisible_and_a_busy_log_answers_503_then_recovers)
{
	json_t *st = NULL;
	pthread_t th;
	issue_arg_t a = { "held-1", 0, "" };
	int64_t seq0;
	pid_t locker;

	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);
	seq0 = state_seq(NULL);

	locker = hold_log_lock();
	pthread_create(&th, NULL, issue_thread, &a);
	/* the engine has run the command (its seq moved), but nothing is committed: every
	 * reader still shows the committed state */
	ASSERT_EQ_INT(wait_log(&d, "locked by another program"), 0);
	ASSERT_EQ_INT(state_seq(&st), seq0);
	ASSERT_EQ_INT(waiting_at(st, "DISNAKER"), 1);
	json_decref(st);
	{
		char url[128], *text = NULL;
		snprintf(url, sizeof(url), "%s/metrics", d.url);
		ASSERT_EQ_INT(http("GET", url, NULL, NULL, &text), 200);
		ASSERT_CONTAINS(text, "antre_tickets_issued_total{service=\"DISNAKER\"} 1");
		free(text);
	}
	/* once the log has been busy for over a second (as /metrics tells), a new command
	 * is refused at once: 503 with a sentence, nothing changed */
	while (busy_seconds() < 1.05)
		usleep(10000);
	{
		json_t *e = NULL;
		ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/open", CTR1, NULL, NULL, &e), 503);
		ASSERT_CONTAINS(json_str(e, "message"), "locked by another program");
		json_decref(e);
	}
	ASSERT_EQ_INT(a.code, 0);   /* still waiting for the disk, not answered */
	release_log_lock(locker);
	pthread_join(th, NULL);
	ASSERT_EQ_INT(a.code, 201);
	ASSERT_EQ_STR(a.number, "A002");
	ASSERT_TRUE(log_has(&d, "can be written again"));
	ASSERT_EQ_INT(state_seq(&st), seq0 + 1);
	ASSERT_EQ_INT(waiting_at(st, "DISNAKER"), 2);
	json_decref(st);
	teardown();
}

/* Events named `name` the collector has; the first event's id in *first. */
static int count_events(collector_t *c, const char *name, int64_t *first)
{
	int n = 0;
	pthread_mutex_lock(&c->lock);
	if (first)
		*first = c->n > 0 ? c->v[0].id : -1;
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->v[i].event, name) == 0)
			n++;
	pthread_mutex_unlock(&c->lock);
	return n;
}

static int wait_events(collector_t *c, const char *name, int n, int ms)
{
	for (int waited = 0; waited < ms; waited += 10) {
		if (count_events(c, name, NULL) >= n)
			return 0;
		usleep(10000);
	}
	return -1;
}

TEST(a_display_resuming_from_any_id_it_was_given_misses_nothing_after_a_kill)
{
	collector_t c;
	pthread_t th;
	issue_arg_t a = { NULL, 0, "" };
	int64_t snap, first;
	pid_t locker;

	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);

	/* a commit held up; a display connects meanwhile: its snapshot id is committed */
	locker = hold_log_lock();
	pthread_create(&th, NULL, issue_thread, &a);
	ASSERT_EQ_INT(wait_log(&d, "locked by another program"), 0);
	collector_start(&c, d.url, -1);
	ASSERT_EQ_INT(wait_events(&c, "snapshot", 1, 5000), 0);
	count_events(&c, "snapshot", &snap);
	collector_stop(&c);
	collector_free(&c);
	ASSERT_EQ_INT(snap, 2);   /* day.reset + the first ticket; not the held one */

	/* antred dies with the commit still held: the ticket was never acknowledged */
	antred_stop(&d, SIGKILL);
	release_log_lock(locker);
	pthread_join(th, NULL);
	ASSERT_EQ_INT(a.code, -1);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);   /* any port: the ids count */
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/call-next", CTR1, NULL, NULL, NULL), 200);
	/* resuming from the snapshot's id gets every event after it, in order */
	collector_start(&c, d.url, snap);
	ASSERT_EQ_INT(wait_events(&c, "ticket.called", 1, 5000), 0);
	ASSERT_EQ_INT(count_events(&c, "ticket.issued", &first), 1);
	ASSERT_EQ_INT(count_events(&c, "snapshot", NULL), 0);
	ASSERT_EQ_INT(first, snap + 1);
	collector_stop(&c);
	collector_free(&c);
	teardown();
}

/* ---- 5. stop cleanly ---- */

TEST(sigterm_while_answers_wait_for_the_disk_answers_them_and_exits_0)
{
	pthread_t th1, th2;
	issue_arg_t a = { NULL, 0, "" }, b = { NULL, 0, "" };
	pid_t locker;
	int status;

	/* the commit lands during the stop: the real answer */
	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	locker = hold_log_lock();
	pthread_create(&th1, NULL, issue_thread, &a);
	ASSERT_EQ_INT(wait_log(&d, "locked by another program"), 0);
	kill(d.pid, SIGTERM);
	ASSERT_EQ_INT(wait_log(&d, "stopping"), 0);
	release_log_lock(locker);
	pthread_join(th1, NULL);
	ASSERT_EQ_INT(a.code, 201);
	status = wait_exit(d.pid, 20000);
	d.pid = 0;
	ASSERT_TRUE(exited_with(status, 0, &d));
	teardown();

	/* the commit never lands: 503, exit 0, and the ticket is not in the log */
	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	locker = hold_log_lock();
	pthread_create(&th2, NULL, issue_thread, &b);
	ASSERT_EQ_INT(wait_log(&d, "locked by another program"), 0);
	kill(d.pid, SIGTERM);
	pthread_join(th2, NULL);
	ASSERT_EQ_INT(b.code, 503);
	status = wait_exit(d.pid, 20000);
	d.pid = 0;
	ASSERT_TRUE(exited_with(status, 0, &d));
	release_log_lock(locker);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	{
		json_t *st = NULL;
		state_seq(&st);
		ASSERT_EQ_INT(waiting_at(st, "DISNAKER"), 0);
		json_decref(st);
	}
	teardown();
}

/* ---- 4. the log is the truth ---- */

TEST(a_log_deleted_or_replaced_while_running_is_never_acknowledged)
{
	char wal[160], other[160];
	int status;

	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);
	/* somebody "cleans up" the folder */
	snprintf(wal, sizeof(wal), "%s-wal", db);
	ASSERT_EQ_INT(unlink(db), 0);
	unlink(wal);
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 503);
	status = wait_exit(d.pid, 10000);
	d.pid = 0;
	ASSERT_TRUE(exited_with(status, 1, &d));
	ASSERT_TRUE(log_has(&d, "was deleted or replaced while antred ran"));
	teardown();

	/* replaced by another file (a restore over a running antred) */
	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);
	snprintf(other, sizeof(other), "%s/copy.db", dir);
	write_file(other, "", "");
	ASSERT_EQ_INT(rename(other, db), 0);
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 503);
	status = wait_exit(d.pid, 10000);
	d.pid = 0;
	ASSERT_TRUE(exited_with(status, 1, &d));
	teardown();
}

/* Start antred in a child with a file-size limit; the caller waits for it. */
static int start_with_fsize(rlim_t bytes, int ignore_xfsz)
{
	struct rlimit old, small;
	int code;
	getrlimit(RLIMIT_FSIZE, &old);
	small.rlim_cur = bytes;          /* the soft limit only: a sandbox may not let us */
	small.rlim_max = old.rlim_max;   /* raise a hard one again */
	signal(SIGXFSZ, ignore_xfsz ? SIG_IGN : SIG_DFL);
	setrlimit(RLIMIT_FSIZE, &small);
	code = antred_start(&d, dir, cfg_path, db, NULL);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	return code;
}

TEST(start_refuses_a_log_it_cannot_write_or_read_and_says_why)
{
	FILE *f;

	/* full (a file-size limit smaller than the log) */
	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	for (int i = 0; i < 50; i++)
		ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);
	antred_stop(&d, SIGTERM);
	ASSERT_EQ_INT(start_with_fsize(4096, 1), -1);
	ASSERT_TRUE(log_has(&d, "the disk is full (or a file-size limit applies)"));
	ASSERT_TRUE(log_has(&d, db));
	teardown();

	/* damaged */
	setup(NULL);
	f = fopen(db, "w");
	for (int i = 0; i < 200; i++)
		fputs("this is not a database, it is a photo of the office cat\n", f);
	fclose(f);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), -1);
	ASSERT_TRUE(log_has(&d, "damaged or is not an antre log"));
	teardown();
}

TEST(a_file_size_limit_is_a_503_and_a_clean_exit_not_a_signal)
{
	int code = 201, status, n = 0;

	setup(NULL);
	ASSERT_EQ_INT(start_with_fsize((rlim_t)300 * 1024, 0), 0);   /* SIGXFSZ not ignored by us */
	while (code == 201 && n < 5000) {
		code = issue(KIOSK1, "DISNAKER", NULL, NULL, NULL);
		n++;
	}
	ASSERT_EQ_INT(code, 503);
	status = wait_exit(d.pid, 20000);
	d.pid = 0;
	ASSERT_TRUE(exited_with(status, 1, &d));
	teardown();
}

/* ---- 10. no phantom tickets ---- */

TEST(a_retried_idempotency_key_gets_the_ticket_committed_before_a_crash)
{
	char num[16], id[20], num2[16], id2[20];
	json_t *st = NULL, *t = NULL;
	int status;

	setup(NULL);
	/* antred dies right after the commit, before answering (a kill in between) */
	setenv("ANTRE_TEST_EXIT_AFTER_ISSUES", "1", 1);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	unsetenv("ANTRE_TEST_EXIT_AFTER_ISSUES");
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", "tap-0001", num, id), -1);
	status = wait_exit(d.pid, 10000);
	d.pid = 0;
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 86);

	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	/* the kiosk retries with the same key: the ticket it made, not a second one */
	ASSERT_EQ_INT(req("POST", "/api/v1/tickets", KIOSK1, "{\"service\":\"DISNAKER\"}",
			  "tap-0001", &t), 201);
	ASSERT_EQ_STR(json_str(t, "number"), "A001");
	ASSERT_TRUE(json_is_true(json_object_get(t, "replayed")));
	antre_strlcpy(id, json_str(t, "id"), sizeof(id));
	json_decref(t);
	/* the same key from another kiosk is another request */
	ASSERT_EQ_INT(issue(KIOSK2, "DISNAKER", "tap-0001", num2, id2), 201);
	ASSERT_EQ_STR(num2, "A002");
	ASSERT_TRUE(strcmp(id, id2) != 0);
	/* a new tap, a new key */
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", "tap-0002", num2, NULL), 201);
	ASSERT_EQ_STR(num2, "A003");
	state_seq(&st);
	ASSERT_EQ_INT(waiting_at(st, "DISNAKER"), 3);
	json_decref(st);
	/* a malformed key is refused */
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", "has space", NULL, NULL), 400);
	teardown();
}

/* ---- 7. tokens mean what they say ---- */

TEST(a_kiosk_cancels_only_its_own_ticket_that_was_never_called)
{
	char id[20], id2[20], path[80];
	json_t *e = NULL;

	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, id), 201);
	ASSERT_EQ_INT(issue(KIOSK1, "DUKCAPIL", NULL, NULL, id2), 201);
	snprintf(path, sizeof(path), "/api/v1/tickets/%s/cancel", id);
	/* another kiosk: 403 with a sentence */
	ASSERT_EQ_INT(req("POST", path, KIOSK2, "{\"reason\":\"print_failed\"}", NULL, &e), 403);
	ASSERT_CONTAINS(json_str(e, "message"), "was not issued by this kiosk");
	json_decref(e);
	/* called once, even if back in line afterwards: 403 */
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/call-next", CTR1, NULL, NULL, NULL), 200);
	ASSERT_EQ_INT(req("POST", "/api/v1/counters/1/transfer", CTR1, "{\"service\":\"INFO\"}",
			  NULL, NULL), 200);
	ASSERT_EQ_INT(req("POST", path, KIOSK1, "{\"reason\":\"print_failed\"}", NULL, &e), 403);
	ASSERT_CONTAINS(json_str(e, "message"), "already been called");
	json_decref(e);
	/* admin may */
	ASSERT_EQ_INT(req("POST", path, ADMIN, "{\"reason\":\"admin\"}", NULL, NULL), 200);
	/* its own waiting, never-called ticket: the kiosk may (a failed print); asking
	 * again is the plain "already cancelled", not a refusal of rights */
	snprintf(path, sizeof(path), "/api/v1/tickets/%s/cancel", id2);
	ASSERT_EQ_INT(req("POST", path, KIOSK1, "{\"reason\":\"print_failed\"}", NULL, NULL), 200);
	ASSERT_EQ_INT(req("POST", path, KIOSK1, "{\"reason\":\"print_failed\"}", NULL, NULL), 409);
	teardown();
}

/* ---- 6. floods ---- */

/* A TCP connection to antred from src (127.0.0.X), reads bounded to 5 s; -1 if refused. */
static int connect_from(const char *src, int port)
{
	struct sockaddr_in a, b;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	inet_pton(AF_INET, src, &a.sin_addr);
	b = a;
	b.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &b.sin_addr);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){ 5, 0 }, sizeof(struct timeval));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    connect(fd, (struct sockaddr *)&b, sizeof(b)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A connection from src that sends half a request and then nothing. */
static int half_open(const char *src, int port)
{
	static const char part[] = "GET /api/v1/state HTTP/1.1\r\nHost: x\r\n";
	int fd = connect_from(src, port);

	if (fd >= 0 && write(fd, part, sizeof(part) - 1) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whole request on a fresh connection from src; returns the status line's code. */
static int raw_get(const char *src, int port, char *body, size_t cap)
{
	static const char get[] = "GET /api/v1/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	int fd = connect_from(src, port), code = -1;
	size_t len = 0;
	ssize_t n;

	if (fd >= 0 && write(fd, get, sizeof(get) - 1) == (ssize_t)(sizeof(get) - 1)) {
		while (len + 1 < cap && (n = read(fd, body + len, cap - 1 - len)) > 0)
			len += (size_t)n;
	}
	body[len] = '\0';
	if (len > 12 && strncmp(body, "HTTP/1.1 ", 9) == 0)
		code = (int)strtol(body + 9, NULL, 10);
	if (fd >= 0)
		close(fd);
	return code;
}

TEST(strangers_holding_connections_do_not_lock_out_the_kiosk)
{
	static int fds[1200];
	int n = 0, from_one = 0, code;
	char addr[32], body[4096];
	struct rlimit rl;

	/* antred starts as systemd starts services: a soft limit of 1024 open files */
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max < 1024 ? rl.rlim_max : 1024;
	setrlimit(RLIMIT_NOFILE, &rl);
	setup(NULL);
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	rl.rlim_cur = rl.rlim_max;   /* the strangers (this test) need more than that */
	setrlimit(RLIMIT_NOFILE, &rl);
	ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);   /* known from now */

	/* one stranger tries 300 half-open requests: it is held to its share */
	for (int i = 0; i < 300; i++) {
		int fd = half_open("127.0.0.2", d.port);
		if (fd >= 0)
			fds[n++] = fd;
	}
	/* its next request gets a fast 503 with a sentence, or is not accepted at all */
	code = raw_get("127.0.0.2", d.port, body, sizeof(body));
	ASSERT_TRUE(code == 503 || code == -1);
	if (code == 503)
		ASSERT_CONTAINS(body, "too many connections");
	/* many strangers: over 1,020 connections in all */
	for (int k = 3; k < 40 && n < 1200; k++) {
		snprintf(addr, sizeof(addr), "127.0.0.%d", k);
		for (int i = 0; i < 30 && n < 1200; i++) {
			int fd = half_open(addr, d.port);
			if (fd >= 0)
				fds[n++] = fd;
		}
	}
	from_one = n;
	ASSERT_TRUE(from_one > 1020);
	/* the kiosk is still served, at once */
	for (int i = 0; i < 20; i++)
		ASSERT_EQ_INT(issue(KIOSK1, "DISNAKER", NULL, NULL, NULL), 201);
	/* and a display (no token) from an address that holds nothing */
	ASSERT_EQ_INT(raw_get("127.0.0.250", d.port, body, sizeof(body)), 200);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	teardown();
}

TEST(named_devices_keep_their_room_when_strangers_fill_antred)
{
	static int fds[400];
	int n = 0;
	char addr[32], body[4096];
	static const char with_display[] =
		"[display hall]\nlayout = wall\naddress = 127.0.0.251\n";
	char conf[sizeof(office_default) + sizeof(with_display)];

	snprintf(conf, sizeof(conf), "%s\n%s", office_default, with_display);
	setup(conf);
	antred_nofile_limit = 400;   /* about 336 connections, the last 42 for devices */
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);
	antred_nofile_limit = 0;
	/* strangers from ten addresses, 30 each, fill antred up to its reserve */
	for (int k = 3; k < 13; k++) {
		snprintf(addr, sizeof(addr), "127.0.0.%d", k);
		for (int i = 0; i < 30; i++) {
			int fd = half_open(addr, d.port);
			if (fd >= 0)
				fds[n++] = fd;
		}
	}
	/* wait until antred has looked at every one (each is held or already closed) */
	for (int i = 0; i < 300 && raw_get("127.0.0.252", d.port, body, sizeof(body)) != -1; i++)
		usleep(10000);
	/* an unknown newcomer is not accepted, but the display the config names is */
	ASSERT_EQ_INT(raw_get("127.0.0.252", d.port, body, sizeof(body)), -1);
	ASSERT_EQ_INT(raw_get("127.0.0.251", d.port, body, sizeof(body)), 200);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	teardown();
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(a_second_antred_on_the_port_or_the_log_is_refused),
		TEST_CASE(numbers_continue_after_prefixes_swap_and_services_or_counters_go),
		TEST_CASE(a_ticket_that_lost_an_event_is_set_aside_once_and_never_called_in_a_loop),
		TEST_CASE(a_held_commit_is_invisible_and_a_busy_log_answers_503_then_recovers),
		TEST_CASE(a_display_resuming_from_any_id_it_was_given_misses_nothing_after_a_kill),
		TEST_CASE(sigterm_while_answers_wait_for_the_disk_answers_them_and_exits_0),
		TEST_CASE(a_log_deleted_or_replaced_while_running_is_never_acknowledged),
		TEST_CASE(start_refuses_a_log_it_cannot_write_or_read_and_says_why),
		TEST_CASE(a_file_size_limit_is_a_503_and_a_clean_exit_not_a_signal),
		TEST_CASE(a_retried_idempotency_key_gets_the_ticket_committed_before_a_crash),
		TEST_CASE(a_kiosk_cancels_only_its_own_ticket_that_was_never_called),
		TEST_CASE(strangers_holding_connections_do_not_lock_out_the_kiosk),
		TEST_CASE(named_devices_keep_their_room_when_strangers_fill_antred),
		{ NULL, NULL },
	};
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return test_main(argc, argv, cases);
}
