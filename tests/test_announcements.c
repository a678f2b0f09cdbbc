/* GET /api/v1/announcements/{seq} against the real antred on 127.0.0.1:0: a call event
 * as a WAV a browser plays (RIFF/WAVE, PCM 16-bit mono, the chime and the words: more
 * than 2 s and not silence), the second fetch from the cache (the metric says so) and
 * 304 on its ETag, and a sentence with 404 for a seq that is no call or not in the log.
 * With --bench: the render time of 20 different calls (median), from Server-Timing. */
#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "number.h"
#include "test.h"
#include "xmalloc.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define KIOSK "kiosk-test-token-0000"

static antred_t d;
static char dir[64], db[128];

typedef struct {
	unsigned char *data;
	size_t len;
	char type[64], etag[40], timing[64];
} fetched_t;

static size_t on_body(char *p, size_t size, size_t n, void *cls)
{
	fetched_t *f = cls;
	f->data = xrealloc(f->data, f->len + size * n + 1);
	memcpy(f->data + f->len, p, size * n);
	f->len += size * n;
	f->data[f->len] = '\0';
	return size * n;
}

static void keep_header(char *dst, size_t cap, const char *line, const char *name)
{
	size_t n = strlen(name);
	if (strncasecmp(line, name, n) == 0) {
		snprintf(dst, cap, "%s", line + n);
		dst[strcspn(dst, "\r\n")] = '\0';
	}
}

static size_t on_header(char *p, size_t size, size_t n, void *cls)
{
	fetched_t *f = cls;
	char line[256];
	snprintf(line, sizeof(line), "%.*s", (int)(size * n), p);
	keep_header(f->type, sizeof(f->type), line, "Content-Type: ");
	keep_header(f->etag, sizeof(f->etag), line, "ETag: ");
	keep_header(f->timing, sizeof(f->timing), line, "Server-Timing: ");
	return size * n;
}

/* GET path (binary-safe); if_none_match may be NULL. Returns the status. */
static long fetch(const char *path, const char *if_none_match, fetched_t *f)
{
	char url[256], inm[80];
	struct curl_slist *h = NULL;
	CURL *c = curl_easy_init();
	long status = -1;

	memset(f, 0, sizeof(*f));
	snprintf(url, sizeof(url), "%s%s", d.url, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, f);
	if (if_none_match) {
		snprintf(inm, sizeof(inm), "If-None-Match: %s", if_none_match);
		h = curl_slist_append(h, inm);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	}
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

static uint32_t le(const unsigned char *p, int bytes)
{
	uint32_t v = 0;
	for (int i = bytes - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Check the WAV's header; *seconds and *rms from its samples. */
static void check_wav(const fetched_t *f, double *seconds, double *rms)
{
	const unsigned char *w = f->data;
	uint32_t rate, n;
	double sum = 0;

	ASSERT_TRUE(f->len > 44);
	ASSERT_TRUE(memcmp(w, "RIFF", 4) == 0 && memcmp(w + 8, "WAVEfmt ", 8) == 0);
	ASSERT_EQ_INT(le(w + 4, 4), f->len - 8);
	ASSERT_EQ_INT(le(w + 20, 2), 1);    /* PCM */
	ASSERT_EQ_INT(le(w + 22, 2), 1);    /* mono */
	ASSERT_EQ_INT(le(w + 34, 2), 16);   /* bits */
	ASSERT_TRUE(memcmp(w + 36, "data", 4) == 0);
	ASSERT_EQ_INT(le(w + 40, 4), f->len - 44);
	rate = le(w + 24, 4);
	ASSERT_TRUE(rate >= 8000);
	n = (uint32_t)(f->len - 44) / 2;
	for (uint32_t i = 0; i < n; i++) {
		double s = (int16_t)le(w + 44 + 2 * (size_t)i, 2);
		sum += s * s;
	}
	*seconds = (double)n / rate;
	*rms = sqrt(sum / n);
}

static long long metric(const char *name)
{
	fetched_t f;
	const char *at;
	char line[64];
	int64_t v = -1;
	ASSERT_EQ_INT(fetch("/metrics", NULL, &f), 200);
	snprintf(line, sizeof(line), "\n%s ", name);
	at = strstr((const char *)f.data, line);
	ASSERT_TRUE(at != NULL);
	at += strlen(line);
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(at, "\n"), at);
	ASSERT_EQ_INT(antre_parse_i64(line, 0, INT64_MAX, &v), 0);
	free(f.data);
	return v;
}

static json_t *post(const char *path, const char *token, const char *body, int want)
{
	char url[256], *resp = NULL;
	json_t *o;
	int status;
	snprintf(url, sizeof(url), "%s%s", d.url, path);
	status = http("POST", url, token, body, &resp);
	if (want > 0)
		ASSERT_EQ_INT(status, want);
	o = json_loads(resp ? resp : "", 0, NULL);
	free(resp);
	ASSERT_TRUE(o != NULL);
	return o;
}

static long long state_seq(void)
{
	char url[256], *resp = NULL;
	json_t *o;
	long long seq;
	snprintf(url, sizeof(url), "%s/api/v1/state", d.url);
	ASSERT_EQ_INT(http("GET", url, NULL, NULL, &resp), 200);
	o = json_loads(resp ? resp : "", 0, NULL);
	seq = json_integer_value(json_object_get(o, "seq"));
	json_decref(o);
	free(resp);
	return seq;
}

/* Issue a DISNAKER ticket and call it at counter 1; the call event's seq. */
static long long issue_and_call(void)
{
	json_decref(post("/api/v1/tickets", KIOSK, "{\"service\":\"DISNAKER\"}", 201));
	json_decref(post("/api/v1/counters/1/call-next", "counter-1-test-token", "{}", 200));
	return state_seq();
}

static void stop(void);

static void start(void)
{
	stop();
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
}

static void stop(void)
{
	if (d.pid <= 0)
		return;
	antred_stop(&d, SIGTERM);
	d.pid = 0;
	test_rmdir(dir);
}

TEST(a_call_is_a_wav_with_chime_and_words_cached_after_the_first)
{
	fetched_t f, again, same;
	char path[64];
	double seconds, rms;
	long long seq, issued_seq;

	start();
	json_decref(post("/api/v1/tickets", KIOSK, "{\"service\":\"DISNAKER\"}", 201));
	issued_seq = state_seq();
	json_decref(post("/api/v1/counters/1/call-next", "counter-1-test-token", "{}", 200));
	seq = state_seq();
	ASSERT_TRUE(seq > issued_seq);

	snprintf(path, sizeof(path), "/api/v1/announcements/%lld", seq);
	ASSERT_EQ_INT(fetch(path, NULL, &f), 200);
	ASSERT_EQ_STR(f.type, "audio/wav");
	check_wav(&f, &seconds, &rms);
	printf("announcement %lld: %zu bytes, %.2f s, RMS %.0f, %s\n", seq, f.len, seconds, rms,
	       f.timing);
	ASSERT_TRUE(seconds > 2.0);
	ASSERT_TRUE(rms > 300.0);   /* silence is 0; the chime alone is ~3000 */
	ASSERT_EQ_INT(metric("antre_announcements_rendered_total"), 1);
	ASSERT_EQ_INT(metric("antre_announcements_cache_hits_total"), 0);

	ASSERT_EQ_INT(fetch(path, NULL, &again), 200);
	ASSERT_TRUE(again.len == f.len && memcmp(again.data, f.data, f.len) == 0);
	ASSERT_EQ_STR(again.etag, f.etag);
	ASSERT_EQ_INT(metric("antre_announcements_rendered_total"), 1);
	ASSERT_EQ_INT(metric("antre_announcements_cache_hits_total"), 1);
	ASSERT_EQ_INT(fetch(path, f.etag, &same), 304);
	ASSERT_EQ_INT(same.len, 0);

	free(f.data);
	free(again.data);
	free(same.data);
	stop();
}

TEST(no_call_or_no_event_is_404_with_a_sentence)
{
	fetched_t f;
	char path[64];
	long long issued;

	start();
	json_decref(post("/api/v1/tickets", KIOSK, "{\"service\":\"DISNAKER\"}", 201));
	issued = state_seq();
	snprintf(path, sizeof(path), "/api/v1/announcements/%lld", issued);
	ASSERT_EQ_INT(fetch(path, NULL, &f), 404);
	ASSERT_CONTAINS((const char *)f.data, "not a call");
	free(f.data);
	snprintf(path, sizeof(path), "/api/v1/announcements/%lld", issued + 1000);
	ASSERT_EQ_INT(fetch(path, NULL, &f), 404);
	ASSERT_CONTAINS((const char *)f.data, "not in the log");
	free(f.data);
	ASSERT_EQ_INT(fetch("/api/v1/announcements/abc", NULL, &f), 400);
	free(f.data);
	ASSERT_EQ_INT(fetch("/api/v1/announcements/1?display=nope", NULL, &f), 404);
	ASSERT_CONTAINS((const char *)f.data, "no [display nope]");
	free(f.data);
	stop();
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The render time of 20 calls (each a different number, so none from the cache). */
TEST(bench_render_time)
{
	double ms[20];
	start();
	for (int i = 0; i < 20; i++) {
		fetched_t f;
		char path[64];
		const char *dur;
		snprintf(path, sizeof(path), "/api/v1/announcements/%lld", issue_and_call());
		ASSERT_EQ_INT(fetch(path, NULL, &f), 200);
		dur = strstr(f.timing, "dur=");
		ASSERT_TRUE(dur != NULL);
		ms[i] = strtod(dur + 4, NULL);
		free(f.data);
		json_decref(post("/api/v1/counters/1/no-show", "counter-1-test-token", "{}", 0));
	}
	qsort(ms, 20, sizeof(ms[0]), cmp_double);
	printf("announcement render time over 20 calls: median %.1f ms, min %.1f, max %.1f\n",
	       (ms[9] + ms[10]) / 2, ms[0], ms[19]);
	stop();
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(a_call_is_a_wav_with_chime_and_words_cached_after_the_first),
		TEST_CASE(no_call_or_no_event_is_404_with_a_sentence),
		TEST_CASE(bench_render_time),
		{ NULL, NULL },
	};
	int rc;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = test_main(argc, argv, cases);
	stop();   /* a failed case left its antred */
	return rc;
}
