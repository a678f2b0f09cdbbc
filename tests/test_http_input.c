/* Bad input is refused, never misread: malformed requests sent over raw TCP to the real
 * antred on 127.0.0.1:0 (NUL in the path, conflicting or oversized Content-Length,
 * invalid UTF-8, odd Last-Event-IDs, HEAD), each answered with a JSON error body or the
 * documented stream, and antred still serving and exiting cleanly afterwards. */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "test.h"
#include "xmalloc.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define KIOSK "kiosk-test-token-0000"
#define ADMIN "admin-test-token-0000"
#define WAIT_MS 5000              /* bound on every read; antred's own timeout is 120 s */
#define MESSAGE_MAX 512           /* api_reply_error's cap on a message, in bytes */

static antred_t d;
static char dir[64], db[128];

static int start(void)
{
	if (d.pid > 0)   /* a failed case returned early: do not leave its antred behind */
		antred_stop(&d, SIGKILL);
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	return antred_start(&d, dir, OFFICE, db, NULL);
}

/* Stop antred; 0 when it exited cleanly (no crash, no sanitizer report). */
static int stop(void)
{
	int status = antred_stop(&d, SIGTERM);
	test_rmdir(dir);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

typedef struct {
	int status;                /* from the status line; -1: no answer in time */
	char *raw;                 /* everything received, NUL-terminated */
	size_t len;
	const char *body;          /* into raw: what follows the blank line, or NULL */
	int closed;                /* the server closed the connection */
} raw_resp_t;

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Send req (len bytes) on a fresh connection, leaving it open for writing, and read until
 * the server closes it, `until` appears after the headers, or WAIT_MS pass. */
static void raw_http(const char *req, size_t len, const char *until, raw_resp_t *out)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int64_t deadline = mono_ms() + WAIT_MS;
	size_t cap = 4096;

	memset(out, 0, sizeof(*out));
	out->status = -1;
	out->raw = xmalloc(cap);
	out->raw[0] = '\0';
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)d.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    send(fd, req, len, MSG_NOSIGNAL) != (ssize_t)len) {
		if (fd >= 0)
			close(fd);
		return;
	}
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		int64_t left = deadline - mono_ms();
		ssize_t n;
		char *head_end;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		if (out->len + 4096 + 1 > cap) {
			cap *= 2;
			out->raw = xrealloc(out->raw, cap);
		}
		n = recv(fd, out->raw + out->len, cap - out->len - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			out->closed = 1;
			break;
		}
		out->len += (size_t)n;
		out->raw[out->len] = '\0';
		head_end = strstr(out->raw, "\r\n\r\n");
		if (until && head_end && strstr(head_end, until))
			break;
	}
	close(fd);
	if (out->len > 9 && strncmp(out->raw, "HTTP/1.", 7) == 0 && out->raw[8] == ' ')
		out->status = (int)strtol(out->raw + 9, NULL, 10);
	if (strstr(out->raw, "\r\n\r\n"))
		out->body = strstr(out->raw, "\r\n\r\n") + 4;
}

static void raw_get(const char *method, const char *target, const char *headers,
		    const char *until, raw_resp_t *out)
{
	char *req = xmalloc(strlen(target) + strlen(headers) + 128);
	int n = sprintf(req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n",
			method, target, headers);
	raw_http(req, (size_t)n, until, out);
	free(req);
}

/* The value of header name in r (case-insensitive), copied into buf; NULL if absent. */
static const char *header(const raw_resp_t *r, const char *name, char *buf, size_t cap)
{
	size_t nlen = strlen(name);
	for (const char *line = strstr(r->raw, "\r\n"); line && r->body && line + 2 < r->body;
	     line = strstr(line + 2, "\r\n")) {
		const char *h = line + 2;
		if (strncasecmp(h, name, nlen) == 0 && h[nlen] == ':') {
			size_t vlen = strcspn(h + nlen + 1, "\r");
			const char *v = h + nlen + 1;
			while (*v == ' ')
				v++, vlen--;
			snprintf(buf, cap, "%.*s", (int)vlen, v);
			return buf;
		}
	}
	return NULL;
}

/* The status is want and the body is a JSON object with string "error" and "message"
 * (jansson refuses invalid UTF-8, so this also checks the encoding). */
static int is_error(const raw_resp_t *r, int want, const char *code, const char *what)
{
	json_error_t jerr;
	json_t *o = r->body ? json_loads(r->body, 0, &jerr) : NULL;
	const char *e = json_string_value(json_object_get(o, "error"));
	const char *m = json_string_value(json_object_get(o, "message"));
	int ok = r->status == want && e && m && m[0] && (code == NULL || strcmp(e, code) == 0);

	if (!ok)
		fprintf(stderr, "%s: status %d (want %d), body %.300s%s\n", what, r->status, want,
			r->body ? r->body : "(none)",
			o ? "" : r->body ? " (not valid JSON/UTF-8)" : "");
	json_decref(o);
	return ok;
}

static void raw_free(raw_resp_t *r)
{
	free(r->raw);
	memset(r, 0, sizeof(*r));
}

static int healthy(void)
{
	raw_resp_t r;
	int ok;
	raw_get("GET", "/healthz", "", NULL, &r);
	ok = r.status == 200;
	raw_free(&r);
	return ok;
}

TEST(nul_in_the_path_is_400_not_the_part_before_it)
{
	static const char *const targets[] = {
		"/api/v1/state%00", "/api/v1/state%00xyz", "/healthz%00.json", "/%00",
		"/api/v1/tickets/%00abc",
	};
	raw_resp_t r;

	ASSERT_EQ_INT(start(), 0);
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		raw_get("GET", targets[i], "", NULL, &r);
		if (!is_error(&r, 400, "bad_path", targets[i]))
			test_failures++;
		raw_free(&r);
	}
	/* a NUL in a query value makes it empty: refused, not read as the part before it */
	raw_get("GET", "/api/v1/reports/daily?date=2026-01-05%00junk",
		"Authorization: Bearer " ADMIN "\r\n", NULL, &r);
	if (!is_error(&r, 400, "bad_date", "NUL in the date"))
		test_failures++;
	raw_free(&r);
	ASSERT_TRUE(healthy());
	ASSERT_EQ_INT(stop(), 0);
}

TEST(conflicting_content_lengths_are_400)
{
	static const char conflict[] =
		"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
		"Authorization: Bearer " KIOSK "\r\nContent-Type: application/json\r\n"
		"Content-Length: 18\r\nContent-Length: 20\r\n\r\n{\"service\":\"INFO\"}  ";
	static const char with_chunked[] =
		"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
		"Authorization: Bearer " KIOSK "\r\nContent-Length: 18\r\n"
		"Transfer-Encoding: chunked\r\n\r\n12\r\n{\"service\":\"INFO\"}\r\n0\r\n\r\n";
	static const char same_twice[] =
		"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
		"Authorization: Bearer " KIOSK "\r\nContent-Length: 18\r\ncontent-length: 18\r\n"
		"\r\n{\"service\":\"INFO\"}";
	raw_resp_t r;

	ASSERT_EQ_INT(start(), 0);
	raw_http(conflict, sizeof(conflict) - 1, NULL, &r);
	if (!is_error(&r, 400, "bad_length", "two different Content-Length"))
		test_failures++;
	raw_free(&r);
	raw_http(with_chunked, sizeof(with_chunked) - 1, NULL, &r);
	if (!is_error(&r, 400, "bad_length", "Content-Length with chunked"))
		test_failures++;
	raw_free(&r);
	/* the same length twice is one length */
	raw_http(same_twice, sizeof(same_twice) - 1, NULL, &r);
	ASSERT_EQ_INT(r.status, 201);
	raw_free(&r);
	ASSERT_TRUE(healthy());
	ASSERT_EQ_INT(stop(), 0);
}

TEST(an_announced_body_over_4k_is_413_before_it_is_sent)
{
	static const char big[] =
		"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
		"Authorization: Bearer " KIOSK "\r\nContent-Type: application/json\r\n"
		"Content-Length: 100000\r\n\r\n";
	static const char huge[] =
		"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
		"Content-Length: 4097\r\n\r\n";
	raw_resp_t r;

	ASSERT_EQ_INT(start(), 0);
	/* no body follows: the answer can only come from the headers */
	raw_http(big, sizeof(big) - 1, NULL, &r);
	if (!is_error(&r, 413, "too_large", "Content-Length: 100000, nothing sent"))
		test_failures++;
	raw_free(&r);
	raw_http(huge, sizeof(huge) - 1, NULL, &r);
	if (!is_error(&r, 413, "too_large", "Content-Length: 4097, nothing sent"))
		test_failures++;
	raw_free(&r);
	ASSERT_TRUE(healthy());
	ASSERT_EQ_INT(stop(), 0);
}

/* Error messages that quote the URL or the body stay valid UTF-8 and within the cap. */
TEST(error_bodies_are_valid_utf8_whatever_the_url_holds)
{
	enum { PATH_CAP = 8 * 1024 };
	char *path = xmalloc(PATH_CAP), body[3000];
	raw_resp_t r;
	json_t *o;
	char *resp = NULL, url[128];
	size_t k, at;

	ASSERT_EQ_INT(start(), 0);
	raw_get("GET", "/api/v1/%FF%FE", "", NULL, &r);
	if (!is_error(&r, 404, "not_found", "invalid UTF-8 in the path"))
		test_failures++;
	raw_free(&r);
	raw_get("GET", "/api/v1/tickets/%C0%AF%ED%A0%80", "", NULL, &r);   /* overlong, surrogate */
	if (!is_error(&r, 404, "not_found", "invalid UTF-8 in a ticket id"))
		test_failures++;
	raw_free(&r);
	raw_get("POST", "/api/v1/%F4%90%80%80", "", NULL, &r);   /* beyond U+10FFFF */
	if (!is_error(&r, 404, "not_found", "code point beyond Unicode"))
		test_failures++;
	raw_free(&r);

	/* 2-byte characters, long enough that the cap falls inside one of them */
	at = (size_t)snprintf(path, PATH_CAP, "/api/v1/");
	for (k = 0; k < 1200; k++)
		at += (size_t)snprintf(path + at, PATH_CAP - at, "%s", k % 2 ? "%A9" : "%C3");
	raw_get("GET", path, "", NULL, &r);
	if (!is_error(&r, 404, "not_found", "a long path of é"))
		test_failures++;
	o = r.body ? json_loads(r.body, 0, NULL) : NULL;
	ASSERT_TRUE(json_string_length(json_object_get(o, "message")) > 0);
	ASSERT_TRUE(json_string_length(json_object_get(o, "message")) < MESSAGE_MAX);
	json_decref(o);
	raw_free(&r);
	memset(path, 'a', 7000);
	path[0] = '/';
	path[7000] = '\0';
	raw_get("GET", path, "", NULL, &r);
	if (!is_error(&r, 404, "not_found", "a 7000-byte path"))
		test_failures++;
	raw_free(&r);
	free(path);

	/* a service name quoted from the body, cut at the cap */
	/* odd length before the é: the cut splits one */
	at = (size_t)snprintf(body, sizeof(body), "{\"service\":\"x");
	for (k = 0; k < 900; k++)
		at += (size_t)snprintf(body + at, sizeof(body) - at, "\xC3\xA9");
	snprintf(body + at, sizeof(body) - at, "\"}");
	snprintf(url, sizeof(url), "%s/api/v1/tickets", d.url);
	ASSERT_EQ_INT(http("POST", url, KIOSK, body, &resp), 400);
	o = resp ? json_loads(resp, 0, NULL) : NULL;
	ASSERT_EQ_STR(json_string_value(json_object_get(o, "error")), "unknown_service");
	ASSERT_CONTAINS(json_string_value(json_object_get(o, "message")), "there is no service");
	json_decref(o);
	free(resp);
	ASSERT_TRUE(healthy());
	ASSERT_EQ_INT(stop(), 0);
}

/* A stream opened with id, as a header or as ?last_event_id=. Returns the status and
 * whether the stream began with a snapshot. */
static int stream_with(const char *id, int as_query, int *snapshot)
{
	char hdr[1200], target[1200];
	raw_resp_t r;
	int status;

	if (as_query) {
		snprintf(target, sizeof(target), "/api/v1/events?last_event_id=%s", id);
		hdr[0] = '\0';
	} else {
		snprintf(target, sizeof(target), "/api/v1/events");
		snprintf(hdr, sizeof(hdr), "Last-Event-ID: %s\r\n", id);
	}
	raw_get("GET", target, hdr, "\n\n", &r);
	status = r.status;
	*snapshot = r.body && strstr(r.body, "event: snapshot\n") != NULL;
	if (status == 400 && !is_error(&r, 400, "bad_last_event_id", id))
		status = -2;
	raw_free(&r);
	return status;
}

TEST(last_event_id_of_any_size_or_form_never_overflows)
{
	static const struct {
		const char *id;
		int status, snapshot;
	} cases[] = {
		{ "9223372036854775807", 200, 1 },    /* INT64_MAX: beyond the newest */
		{ "9223372036854775806", 200, 1 },
		{ "9223372036854775808", 200, 1 },    /* one past INT64_MAX */
		{ "99999999999999999999999", 200, 1 },
		{ "000000000000000000000000000000000000000000000000000000001", 200, 0 },
		{ "1000", 200, 1 },
		{ "0", 200, 0 },                      /* the whole day */
		{ "-1", 400, 0 },
		{ "+1", 400, 0 },
		{ "abc", 400, 0 },
		{ "12abc", 400, 0 },
		{ "0x10", 400, 0 },
		{ "1.5", 400, 0 },
	};
	char big[1100];
	int snap;

	ASSERT_EQ_INT(start(), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int q = 0; q < 2; q++) {
			int status = stream_with(cases[i].id, q, &snap);
			if (status != cases[i].status || snap != cases[i].snapshot) {
				fprintf(stderr, "Last-Event-ID %s%s: status %d snapshot %d "
					"(want %d %d)\n", cases[i].id, q ? " (query)" : "", status,
					snap, cases[i].status, cases[i].snapshot);
				test_failures++;
			}
		}
	}
	/* empty: as if none was sent (EventSource's "no id yet") */
	ASSERT_EQ_INT(stream_with("", 0, &snap), 200);
	ASSERT_EQ_INT(snap, 1);
	ASSERT_EQ_INT(stream_with("", 1, &snap), 200);
	ASSERT_EQ_INT(snap, 1);
	/* blanks after the number are HTTP whitespace; before it they are not a number */
	ASSERT_EQ_INT(stream_with("1  \t ", 0, &snap), 200);   /* the newest: no snapshot */
	ASSERT_EQ_INT(snap, 0);
	ASSERT_EQ_INT(stream_with("1%20", 1, &snap), 200);
	ASSERT_EQ_INT(snap, 0);
	ASSERT_EQ_INT(stream_with("%201", 1, &snap), 400);
	/* a thousand digits */
	memset(big, '9', 1000);
	big[1000] = '\0';
	ASSERT_EQ_INT(stream_with(big, 0, &snap), 200);
	ASSERT_EQ_INT(snap, 1);
	ASSERT_TRUE(healthy());
	ASSERT_EQ_INT(stop(), 0);
}

TEST(head_works_wherever_get_does)
{
	static const char *const targets[] = { "/healthz", "/api/v1/state", "/api/v1/office" };
	raw_resp_t r, g;
	char len[32], glen[32];

	ASSERT_EQ_INT(start(), 0);
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		raw_get("HEAD", targets[i], "", NULL, &r);
		raw_get("GET", targets[i], "", NULL, &g);
		if (r.status != 200 || !r.closed || r.body == NULL || r.body[0] != '\0' ||
		    !header(&r, "Content-Length", len, sizeof(len)) ||
		    !header(&g, "Content-Length", glen, sizeof(glen)) || strcmp(len, glen) != 0) {
			const char *hl = header(&r, "Content-Length", len, sizeof(len));
			const char *gl = header(&g, "Content-Length", glen, sizeof(glen));
			fprintf(stderr, "HEAD %s: status %d, closed %d, %zu bytes after the "
				"headers, Content-Length %s (GET: %s)\n", targets[i], r.status,
				r.closed, r.body ? strlen(r.body) : 0, hl ? hl : "-",
				gl ? gl : "-");
			test_failures++;
		}
		raw_free(&r);
		raw_free(&g);
	}
	/* the stream too: its headers, and it ends (libmicrohttpd 0.9.75 still writes the
	 * chunked terminator "0\r\n\r\n" after them, so the bytes are not checked here) */
	raw_get("HEAD", "/api/v1/events", "", NULL, &r);
	ASSERT_EQ_INT(r.status, 200);
	ASSERT_TRUE(r.closed);
	ASSERT_EQ_STR(header(&r, "Content-Type", len, sizeof(len)), "text/event-stream");
	raw_free(&r);
	/* HEAD where only POST exists is still 405 */
	raw_get("HEAD", "/api/v1/tickets/0123456789abcdef/cancel", "", NULL, &r);
	ASSERT_EQ_INT(r.status, 405);
	raw_free(&r);
	ASSERT_TRUE(healthy());
	ASSERT_EQ_INT(stop(), 0);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(nul_in_the_path_is_400_not_the_part_before_it),
		TEST_CASE(conflicting_content_lengths_are_400),
		TEST_CASE(an_announced_body_over_4k_is_413_before_it_is_sent),
		TEST_CASE(error_bodies_are_valid_utf8_whatever_the_url_holds),
		TEST_CASE(last_event_id_of_any_size_or_form_never_overflows),
		TEST_CASE(head_works_wherever_get_does),
		{ NULL, NULL },
	};
	int rc = test_main(argc, argv, cases);
	if (d.pid > 0)
		antred_stop(&d, SIGKILL);
	return rc;
}
