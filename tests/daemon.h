/* Test helpers for integration tests: start the real antred on 127.0.0.1:0 and talk
 * HTTP to it with libcurl. */
#ifndef ANTRE_TEST_DAEMON_H
#define ANTRE_TEST_DAEMON_H

#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

typedef struct {
	pid_t pid;
	int port;
	char url[64];          /* http://127.0.0.1:PORT */
	char log[300];         /* its stderr */
} antred_t;

/* Make a fresh temp folder; path gets it (cap ≥ 64). */
void test_tmpdir(char *path, size_t cap);
void test_rmdir(const char *path);

/* Start antred with config; extra args (NULL-terminated) follow. Waits (≤ 10 s) for
 * the "listening on" line. Returns 0, or -1 with the log printed to stderr. */
int antred_start(antred_t *d, const char *workdir, const char *config, const char *db,
		 const char *listen);
/* When > 0, antred_start gives the next antreds this open-file limit (soft and hard),
 * as a small box or a strict systemd unit would. */
extern int antred_nofile_limit;

/* Send sig and wait; returns the exit status as from waitpid. */
int antred_stop(antred_t *d, int sig);

/* One HTTP request. body may be NULL; token may be NULL. *resp is malloc'd (caller
 * frees). Returns the status, or -1 when the server could not be reached. */
int http(const char *method, const char *url, const char *token, const char *body,
	 char **resp);

/* method + path on d, with an optional token and body; *out (when given) gets the
 * answer parsed as JSON, or NULL. Returns the status as http() does. */
int antred_call(const antred_t *d, const char *method, const char *path, const char *token,
		const char *body, json_t **out);

/* POST /api/v1/counters/COUNTER/ACTION with that counter's test token
 * ("counter-COUNTER-test-token", as in tests/fixtures/office.ini). */
int antred_counter(const antred_t *d, const char *counter, const char *action,
		   const char *body, json_t **out);

/* The state's seq: it moves only when an event is committed. */
int64_t antred_seq(const antred_t *d);

/* o's string member key, or "" when there is none. */
const char *json_str(json_t *o, const char *key);

#endif
