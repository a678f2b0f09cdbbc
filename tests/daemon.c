/* Start/stop the real antred and make HTTP requests for integration tests. */
#include "daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "xmalloc.h"

void test_tmpdir(char *path, size_t cap)
{
	snprintf(path, cap, "/tmp/antre-test-XXXXXX");
	if (mkdtemp(path) == NULL) {
		perror("mkdtemp");
		abort();
	}
}

void test_rmdir(const char *path)
{
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
}

int antred_nofile_limit;

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

int antred_start(antred_t *d, const char *workdir, const char *config, const char *db,
		 const char *listen)
{
	static int serial;
	memset(d, 0, sizeof(*d));
	snprintf(d->log, sizeof(d->log), "%s/antred-%d.log", workdir, serial++);
	d->pid = fork();
	if (d->pid == 0) {
		int fd = open(d->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		if (antred_nofile_limit > 0) {
			struct rlimit rl = { (rlim_t)antred_nofile_limit,
					(rlim_t)antred_nofile_limit };
			setrlimit(RLIMIT_NOFILE, &rl);
		}
		execl(ANTRE_BINARY_DIR "/firmware/antred/antred", "antred", "--config", config,
		      "--db", db, "--listen", listen ? listen : "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	/* Wait for the line that says it is ready (bounded; the log is the signal). */
	for (int waited = 0; waited < 10000; waited += 5) {
		char buf[4096];
		FILE *f = fopen(d->log, "r");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
		const char *at;
		int status;
		if (f)
			fclose(f);
		buf[n] = '\0';
		at = strstr(buf, "listening on http://127.0.0.1:");
		if (at && strchr(at, '\n')) {
			d->port = (int)strtol(at + strlen("listening on http://127.0.0.1:"), NULL, 10);
			snprintf(d->url, sizeof(d->url), "http://127.0.0.1:%d", d->port);
			return 0;
		}
		if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
			fprintf(stderr, "antred exited early: %s\n", buf);
			d->pid = 0;
			return -1;
		}
		msleep(5);
	}
	fprintf(stderr, "antred did not get ready in 10 s\n");
	kill(d->pid, SIGKILL);
	waitpid(d->pid, NULL, 0);
	d->pid = 0;
	return -1;
}

int antred_stop(antred_t *d, int sig)
{
	int status = -1;
	if (d->pid <= 0)
		return -1;
	kill(d->pid, sig);
	waitpid(d->pid, &status, 0);
	d->pid = 0;
	/* A stop that should have been clean and was not: say what antred said last. */
	if ((sig == SIGTERM || sig == SIGINT) && status != 0) {
		char cmd[400];
		fprintf(stderr, "antred stopped with status %d (%s %d); the end of its log:\n",
			status, WIFSIGNALED(status) ? "signal" : "exit",
			WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		snprintf(cmd, sizeof(cmd), "tail -n 40 '%s' >&2", d->log);
		if (system(cmd) != 0)
			fprintf(stderr, "(could not read %s)\n", d->log);
	}
	return status;
}

int http(const char *method, const char *url, const char *token, const char *body,
	 char **resp)
{
	/* a fresh connection per call, as separate clients would make */
	antre_client_t *c = antre_client_create(url, token, 10000);
	int status = antre_client_request(c, method, "", body, resp);
	antre_client_destroy(c);
	return status;
}

int antred_call(const antred_t *d, const char *method, const char *path, const char *token,
		const char *body, json_t **out)
{
	char url[512], *resp = NULL;
	int status;

	snprintf(url, sizeof(url), "%s%s", d->url, path);
	status = http(method, url, token, body, &resp);
	if (out)
		*out = resp ? json_loads(resp, 0, NULL) : NULL;
	free(resp);
	return status;
}

int antred_counter(const antred_t *d, const char *counter, const char *action,
		   const char *body, json_t **out)
{
	char path[128], token[64];

	snprintf(path, sizeof(path), "/api/v1/counters/%s/%s", counter, action);
	snprintf(token, sizeof(token), "counter-%s-test-token", counter);
	return antred_call(d, "POST", path, token, body, out);
}

int64_t antred_seq(const antred_t *d)
{
	json_t *st = NULL;
	int64_t seq;

	antred_call(d, "GET", "/api/v1/state", NULL, NULL, &st);
	seq = json_integer_value(json_object_get(st, "seq"));
	json_decref(st);
	return seq;
}

const char *json_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}
