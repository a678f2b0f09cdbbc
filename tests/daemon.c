/* Start/stop the real antred and make HTTP requests for integration tests. */
#include "daemon.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
			d->port = atoi(at + strlen("listening on http://127.0.0.1:"));
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
	return status;
}

typedef struct {
	char *buf;
	size_t len;
} sink_t;

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	sink_t *s = userdata;
	size_t n = size * nmemb;
	s->buf = xrealloc(s->buf, s->len + n + 1);
	memcpy(s->buf + s->len, ptr, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return n;
}

int http(const char *method, const char *url, const char *token, const char *body,
	 char **resp)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	sink_t sink = { xstrdup(""), 0 };
	long status = -1;
	char auth[300];

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
	if (token) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		hdrs = curl_slist_append(hdrs, auth);
	}
	if (body) {
		hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	if (resp)
		*resp = sink.buf;
	else
		free(sink.buf);
	return (int)status;
}
