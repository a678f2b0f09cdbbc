/* Fuzz HTTP request decoding through antred's real route handlers over the real engine
 * and event log: the API server (libmicrohttpd) runs in this process on 127.0.0.1:0
 * over a core whose log lives in a temp folder, and each input is a few requests sent
 * over real sockets. After every input the log is replayed into a fresh engine, which
 * must equal, byte for byte (antre_queue_dump), both the committed view the API serves
 * and the engine the commands run on.
 *
 * Input: requests separated by a line "~". A request's first line is
 *   WHO METHOD PATH        WHO: - kiosk c1 c2 c3 admin bad
 * and the rest is its body (sent with Content-Length). METHOD RAW sends the rest
 * as the raw bytes of the connection instead. */
#define _GNU_SOURCE   /* memmem */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "api.h"
#include "clock.h"
#include "config.h"
#include "core.h"
#include "fuzz.h"

#define FUZZ_MAX_REQUESTS 16
#define FUZZ_RESPONSE_CAP ((size_t)256 * 1024)

static const char office_ini[] =
	"[office]\nname = Fuzz Office\ntimezone = Asia/Jakarta\nreset_at = 00:00\n"
	"number_width = 3\npriority_policy = 1in3\n"
	"[server]\nadmin_token = admin-fuzz-token-0000\n"
	"[service DISNAKER]\nprefix = A\nname = Dinas Tenaga Kerja\nest_service_s = 420\n"
	"[service KESEHATAN]\nprefix = C\nname = Pemeriksaan Kesehatan\nest_service_s = 900\n"
	"[service INFO]\nprefix = H\nname = Informasi\nest_service_s = 180\n"
	"[journey CPMI]\nprefix = P\nname = Layanan Lengkap\nsteps = DISNAKER, KESEHATAN\n"
	"[counter 1]\nname = Loket 1\nservices = DISNAKER, INFO\ntoken = counter-1-fuzz-token\n"
	"[counter 2]\nname = Loket 2\nservices = KESEHATAN\ntoken = counter-2-fuzz-token\n"
	"[counter 3]\nname = Loket 3\nservices = DISNAKER, KESEHATAN\n"
	"token = counter-3-fuzz-token\n"
	"[kiosk lobby]\ntoken = kiosk-fuzz-token-0000\nprinter = file:/dev/null\n";

static const struct {
	const char *who, *token;
} tokens[] = {
	{ "kiosk", "kiosk-fuzz-token-0000" }, { "c1", "counter-1-fuzz-token" },
	{ "c2", "counter-2-fuzz-token" },     { "c3", "counter-3-fuzz-token" },
	{ "admin", "admin-fuzz-token-0000" }, { "bad", "not-a-token-of-this-office" },
};

static struct {
	antre_config_t cfg;
	antre_fake_clock_t clock;
	antre_core_t *core;
	antre_api_t *api;
	antre_queue_t *replay;     /* the log applied event by event, since the start */
	int port;
	char dir[320];
} fz;

typedef struct {
	char *v;
	size_t n, cap;
} buf_t;

static void buf_put(buf_t *b, const void *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->v = realloc(b->v, b->cap);
		FUZZ_CHECK(b->v != NULL);
	}
	memcpy(b->v + b->n, s, n);
	b->n += n;
	b->v[b->n] = '\0';
}

static void buf_str(buf_t *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static void remove_dir(void)
{
	static const char *const files[] = { "fuzz.db", "fuzz.db-wal", "fuzz.db-shm",
					     "fuzz.db.lock", "fuzz.db-journal" };
	char path[400];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fz.dir, files[i]);
		unlink(path);
	}
	rmdir(fz.dir);
}

static void remove_stale(const char *tmp)
{
	DIR *d = opendir(tmp);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		int pid = 0;
		const char *p = e->d_name + strlen("antre-fuzz-http-");
		if (strncmp(e->d_name, "antre-fuzz-http-", 16) != 0)
			continue;
		for (; *p >= '0' && *p <= '9'; p++)
			pid = pid * 10 + (*p - '0');
		if (*p != '-' || pid <= 0 || kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(fz.dir, sizeof(fz.dir), "%s/%s", tmp, e->d_name);
		remove_dir();
	}
	if (d)
		closedir(d);
}

static void start_office(void)
{
	char err[512], db[400];
	struct stat st;
	const char *tmp = stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp";

	/* libFuzzer may leave without running atexit handlers (a crash, a time limit):
	 * the folder is named after this process's id, and a folder of a process that is
	 * gone is removed here first. */
	remove_stale(tmp);
	snprintf(fz.dir, sizeof(fz.dir), "%s/antre-fuzz-http-%d-XXXXXX", tmp, (int)getpid());
	FUZZ_CHECK(mkdtemp(fz.dir) != NULL);
	atexit(remove_dir);
	snprintf(db, sizeof(db), "%s/fuzz.db", fz.dir);
	FUZZ_CHECK(antre_config_parse(office_ini, sizeof(office_ini) - 1, "fuzz.ini", fz.dir,
				      &fz.cfg, err, sizeof(err)) == 0);
	/* 2026-12-02 08:00 WIB */
	antre_fake_clock_init(&fz.clock, 1796173200000LL, 7 * 3600, 15);
	if (antre_core_open(&fz.cfg, db, &fz.clock.base, &fz.core, err, sizeof(err)) < 0 ||
	    antre_api_start(fz.core, NULL, "127.0.0.1:0", &fz.api, &fz.port, err,
			    sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_http: %s\n", err);
		abort();
	}
	fz.replay = antre_queue_create(&fz.cfg, &fz.clock.base);
}

/* Whether the answer is all here: an event stream's head, or a head and as many body
 * bytes as its Content-Length says (a request whose fuzzed head asked to keep the
 * connection open would otherwise wait for the server's idle timeout). */
static int answer_complete(const buf_t *in)
{
	const char *end = strstr(in->v, "\r\n\r\n"), *len;
	int64_t want = 0;
	if (end == NULL)
		return 0;
	if (strstr(in->v, "text/event-stream"))
		return 1;
	len = strcasestr(in->v, "\r\nContent-Length: ");
	if (len == NULL || len > end)
		return 0;
	for (len += 18; *len >= '0' && *len <= '9' && want < (int64_t)FUZZ_RESPONSE_CAP; len++)
		want = want * 10 + (*len - '0');
	return (int64_t)in->n >= (end + 4 - in->v) + want;
}

/* A connection to the server. A connect that fails for the client's own reasons is
 * tried again on a new socket: libFuzzer's timeout alarm (SIGALRM, no SA_RESTART)
 * interrupts one that waits for a busy server's accept queue (EINTR; once in CI, at
 * 60 inputs a second), and loopback ports can run short for a moment. A refusal is the
 * server gone: that fails the run, with the reason. */
static int dial(void)
{
	struct sockaddr_in sa;
	struct timeval tv = { 5, 0 };
	int fd = -1, err = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)fz.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int tries = 0; tries < 100; tries++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		FUZZ_CHECK(fd >= 0);
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		err = errno;
		close(fd);
		if (err != EINTR && err != EAGAIN && err != EADDRNOTAVAIL && err != ETIMEDOUT)
			break;
		usleep(10000);
	}
	fprintf(stderr, "fuzz_http: cannot connect to the server on port %d: %s\n", fz.port,
		strerror(err));
	FUZZ_CHECK(!"a connection to the server");
	return -1;
}

/* Send bytes on a fresh connection and read the answer until the server closes (an
 * event stream: until its headers). Returns the bytes read (caller frees .v). */
static buf_t exchange(const char *bytes, size_t n, int half_close)
{
	buf_t in = { NULL, 0, 0 };
	char chunk[8192];
	int fd = dial();

	for (size_t sent = 0; sent < n;) {
		ssize_t w = send(fd, bytes + sent, n - sent, MSG_NOSIGNAL);
		if (w <= 0)
			break;   /* the server answered early (413) and closed */
		sent += (size_t)w;
	}
	/* Raw bytes may be an unfinished request: say that nothing more comes. (A request
	 * that is whole is not half-closed: libmicrohttpd takes that as the client gone
	 * and drops an answer still waiting for the disk.) */
	if (half_close)
		shutdown(fd, SHUT_WR);
	buf_put(&in, "", 0);
	for (;;) {
		ssize_t r = recv(fd, chunk, sizeof(chunk), 0);
		if (r <= 0)
			break;
		if (in.n < FUZZ_RESPONSE_CAP)
			buf_put(&in, chunk, (size_t)r);
		if (answer_complete(&in))
			break;
	}
	close(fd);
	return in;
}

/* An answer to a well-formed request: a status line, never a 500, and JSON that
 * parses when it says it is JSON. */
static void check_answer(const buf_t *in)
{
	const char *body;
	int status;

	/* libmicrohttpd may close a connection whose headers it cannot parse (a broken
	 * Content-Length) without an answer: nothing changed then, and the replay check
	 * that follows every input still holds. Anything else must be a status line. */
	if (in->n == 0)
		return;
	FUZZ_CHECK(in->n > 12 && strncmp(in->v, "HTTP/1.1 ", 9) == 0);
	status = (in->v[9] - '0') * 100 + (in->v[10] - '0') * 10 + (in->v[11] - '0');
	FUZZ_CHECK(status >= 200 && status < 600 && status != 500);
	body = strstr(in->v, "\r\n\r\n");
	FUZZ_CHECK(body != NULL);
	if (strstr(in->v, "Content-Type: application/json") && body[4] != '\0') {
		json_t *j = json_loads(body + 4, 0, NULL);
		FUZZ_CHECK(j != NULL);
		json_decref(j);
	}
}

/* One request record: "WHO METHOD PATH\nBODY" or "WHO RAW\nBYTES". */
static void send_record(const char *rec, size_t len)
{
	const char *nl = memchr(rec, '\n', len);
	size_t head = nl ? (size_t)(nl - rec) : len;
	const char *body = nl ? nl + 1 : rec + len;
	size_t body_len = (size_t)(rec + len - body);
	const char *sp1 = memchr(rec, ' ', head), *sp2;
	const char *token = NULL;
	buf_t out = { NULL, 0, 0 }, in;
	char num[32];

	if (sp1 == NULL)
		return;
	for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++)
		if ((size_t)(sp1 - rec) == strlen(tokens[i].who) &&
		    memcmp(rec, tokens[i].who, strlen(tokens[i].who)) == 0)
			token = tokens[i].token;
	sp1++;
	if ((size_t)(rec + head - sp1) >= 3 && memcmp(sp1, "RAW", 3) == 0) {
		in = exchange(body, body_len, 1);   /* anything may come back, or nothing */
		free(in.v);
		return;
	}
	sp2 = memchr(sp1, ' ', (size_t)(rec + head - sp1));
	if (sp2 == NULL)
		return;
	buf_put(&out, sp1, (size_t)(sp2 - sp1));
	buf_str(&out, " ");
	buf_put(&out, sp2 + 1, (size_t)(rec + head - sp2 - 1));
	buf_str(&out, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n");
	if (token) {
		buf_str(&out, "Authorization: Bearer ");
		buf_str(&out, token);
		buf_str(&out, "\r\n");
	}
	snprintf(num, sizeof(num), "%zu", body_len);
	buf_str(&out, "Content-Type: application/json\r\nContent-Length: ");
	buf_str(&out, num);
	buf_str(&out, "\r\n\r\n");
	buf_put(&out, body, body_len);
	in = exchange(out.v, out.n, 0);
	if (getenv("ANTRE_FUZZ_VERBOSE"))   /* what was sent and the status line */
		fprintf(stderr, "%.*s -> %.12s\n", (int)head, rec, in.v);
	/* A method or path with bytes HTTP does not allow may be refused by the server's
	 * HTTP parser without an answer; a clean request line always gets one. */
	if (memchr(out.v, '\0', out.n) == NULL && memchr(sp1, '\r', head - (size_t)(sp1 - rec)) == NULL)
		check_answer(&in);
	free(in.v);
	free(out.v);
}

/* The log, replayed, equals the state the API serves and the engine's. */
static void check_replay(void)
{
	antre_events_t ev;
	int64_t scanned = 0;
	char *live, *view, *replayed;

	FUZZ_CHECK(antre_store_flush(antre_core_store(fz.core), 5000) == 0);
	antre_events_init(&ev);
	FUZZ_CHECK(antre_store_read(antre_core_store(fz.core), antre_queue_seq(fz.replay), 0,
				    &ev, &scanned) == 0);
	for (size_t i = 0; i < ev.n; i++)
		FUZZ_CHECK(antre_queue_apply(fz.replay, &ev.v[i]) == 0);
	antre_events_free(&ev);
	replayed = antre_queue_dump(fz.replay);
	view = antre_queue_dump(antre_core_read_begin(fz.core));
	antre_core_read_end(fz.core);
	live = antre_core_dump_live(fz.core);
	if (strcmp(replayed, view) != 0 || strcmp(replayed, live) != 0) {
		fprintf(stderr, "--- replayed log:\n%s--- committed view:\n%s--- live engine:\n%s",
			replayed, view, live);
		FUZZ_CHECK(!"the replayed log differs from the live state");
	}
	free(replayed);
	free(view);
	free(live);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	int n = 0;

	if (fz.core == NULL)
		start_office();
	/* Half a minute of office time per input: the days roll over now and then. */
	antre_fake_clock_advance(&fz.clock, 30000);
	while (p < end && n++ < FUZZ_MAX_REQUESTS) {
		const char *sep = memmem(p, (size_t)(end - p), "\n~\n", 3);
		size_t len = sep ? (size_t)(sep - p) : (size_t)(end - p);
		send_record(p, len);
		p += len + (sep ? 3 : 0);
	}
	antre_core_tick(fz.core);
	check_replay();
	return 0;
}
