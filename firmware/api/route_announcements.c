/* GET /api/v1/announcements/{seq}: a call (or recall) of the event log as the sound a
 * wall display makes for it — the chime, the office's `announce` phrase and its
 * `announce_en` repeat — rendered here with espeak-ng as a WAV (16-bit PCM, mono), for
 * the browser's /display: Debian's Chromium has no speech voices and TV browsers lack
 * speechSynthesis. The words and their order are firmware/voice's, the same code the
 * SDL display speaks with (announce_render_call).
 *
 * The phrases are those of a [display] section: ?display=ID names one, else the first
 * wall, else the first section, else the default phrase. espeak-ng is neither
 * thread-safe nor safe to terminate and start again in one process: it is started once
 * and renders one announcement at a time, on the API's worker thread (worker.c), so that
 * no connection's thread waits for it. Rendered files are kept (LRU of ANNOUNCE_CACHE),
 * keyed by the seq and the words, with that key as the ETag. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "announce_sound.h"
#include "api_internal.h"
#include "number.h"
#include "speech.h"
#include "store.h"
#include "voice.h"
#include "xmalloc.h"

#define ANNOUNCE_CACHE 64

typedef struct {
	uint64_t key;              /* 0: empty */
	unsigned char *wav;
	size_t len;
	uint64_t used;             /* the tick of its last use */
} cached_t;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cached_t cache[ANNOUNCE_CACHE];
static uint64_t tick;
static int voice_rate;          /* 0: not started yet, -1: espeak-ng could not start */
static char voice_err[160];
static uint64_t rendered_total, cache_hits_total;

void api_announcements_metrics(uint64_t *rendered, uint64_t *hits);

void api_announcements_metrics(uint64_t *rendered, uint64_t *hits)
{
	*rendered = __atomic_load_n(&rendered_total, __ATOMIC_RELAXED);
	*hits = __atomic_load_n(&cache_hits_total, __ATOMIC_RELAXED);
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ 0xff) * 1099511628211ULL;   /* a separator: "ab","c" differs from "a","bc" */
}

/* A copy of the cached file under key, or NULL. */
static unsigned char *cache_get(uint64_t key, size_t *len)
{
	unsigned char *copy = NULL;
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < ANNOUNCE_CACHE; i++) {
		if (cache[i].key != key)
			continue;
		cache[i].used = ++tick;
		copy = xmalloc(cache[i].len);
		memcpy(copy, cache[i].wav, cache[i].len);
		*len = cache[i].len;
		break;
	}
	pthread_mutex_unlock(&cache_lock);
	return copy;
}

/* Keep a copy in place of the least recently used. */
static void cache_put(uint64_t key, const unsigned char *wav, size_t len)
{
	int victim = 0;
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < ANNOUNCE_CACHE; i++) {
		if (cache[i].key == key) {
			pthread_mutex_unlock(&cache_lock);
			return;   /* rendered twice at once: the first stays */
		}
		if (cache[i].used < cache[victim].used)
			victim = i;
	}
	free(cache[victim].wav);
	cache[victim].key = key;
	cache[victim].wav = xmalloc(len);
	memcpy(cache[victim].wav, wav, len);
	cache[victim].len = len;
	cache[victim].used = ++tick;
	pthread_mutex_unlock(&cache_lock);
}

/* The phrases of ?display=ID, the first wall, or the first section. NULL after a 404. */
static const antre_display_t *phrases(api_req_t *req, api_resp_t *resp, int *none)
{
	const antre_config_t *cfg = req->cfg;
	const char *id = api_query(req, "display");
	*none = 0;
	for (int d = 0; id && d < cfg->n_displays; d++)
		if (strcmp(cfg->displays[d].id, id) == 0)
			return &cfg->displays[d];
	if (id) {
		api_reply_error(resp, 404, "not_found", "the office has no [display %s]", id);
		return NULL;
	}
	for (int d = 0; d < cfg->n_displays; d++)
		if (strcmp(cfg->displays[d].layout, "wall") == 0)
			return &cfg->displays[d];
	if (cfg->n_displays > 0)
		return &cfg->displays[0];
	*none = 1;
	return NULL;
}

/* The call event seq from the log into e; 0, or -1 after a 404/503. */
static int call_event(api_req_t *req, api_resp_t *resp, int64_t seq, antre_event_t *e)
{
	antre_events_t ev;
	int rc;
	antre_events_init(&ev);
	rc = antre_store_read(antre_core_store(req->core), seq - 1, 1, &ev, NULL);
	if (rc == 0 && ev.n == 1 && ev.v[0].seq == seq)
		*e = ev.v[0];
	antre_events_free(&ev);
	if (rc != 0) {
		api_reply_error(resp, 503, "unavailable", "the event log cannot be read now");
		return -1;
	}
	if (e->seq != seq) {
		api_reply_error(resp, 404, "not_found", "event %lld is not in the log",
				(long long)seq);
		return -1;
	}
	if (!(antre_event_type_flags(e->type) & ANTRE_EVF_CALL) || e->counter < 0) {
		api_reply_error(resp, 404, "not_found",
				"event %lld is a %s, not a call: there is nothing to announce",
				(long long)seq, antre_event_type_name(e->type));
		return -1;
	}
	return 0;
}

static double since_ms(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* What a render needs, copied out of the config and the log for the worker. */
typedef struct {
	uint64_t key;
	char *tmpl, *tmpl_en, *counter;
	char number[ANTRE_NUMBER_MAX];
} render_job_t;

/* Render with the one espeak-ng (only the worker thread calls this); NULL after a 503. */
static unsigned char *render(api_resp_t *resp, const render_job_t *j, size_t *len, double *ms)
{
	pcm_t pcm = { 0 };
	unsigned char *wav = NULL;
	struct timespec t0;
	int rc;

	if (voice_rate == 0)   /* once: espeak-ng hangs when started again after a stop */
		voice_rate = voice_init(voice_err, sizeof(voice_err));
	if (voice_rate < 0) {
		api_reply_error(resp, 503, "unavailable", "%s: announcements cannot be rendered",
				voice_err);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = announce_render_call(j->tmpl, j->tmpl_en, j->number, j->counter, voice_rate, &pcm);
	*ms = since_ms(&t0);
	if (rc == 0)
		wav = pcm_wav(&pcm, voice_rate, len);
	pcm_free(&pcm);
	if (wav == NULL)
		api_reply_error(resp, 503, "unavailable",
				"espeak-ng could not speak the announcement of %s", j->number);
	return wav;
}

static void etag_of(uint64_t key, char etag[24])
{
	snprintf(etag, 24, "\"%016llx\"", (unsigned long long)key);
}

/* The WAV (taken), or a 304 when same (the client has it: wav may be NULL). */
static void reply_wav(api_resp_t *resp, uint64_t key, unsigned char *wav, size_t len,
		      double render_ms, int same)
{
	char etag[24], timing[40];
	struct MHD_Response *r;

	etag_of(key, etag);
	if (same)
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(len, wav, MHD_RESPMEM_MUST_FREE);
	if (same)
		free(wav);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "audio/wav");
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	if (render_ms >= 0) {
		snprintf(timing, sizeof(timing), "render;dur=%.1f", render_ms);
		MHD_add_response_header(r, "Server-Timing", timing);
	}
	resp->custom = r;
	resp->status = same ? 304 : 200;
}

/* On the worker: from the cache if a job before this one made it, else rendered. */
static void render_later(void *arg, api_resp_t *resp)
{
	const render_job_t *j = arg;
	unsigned char *wav;
	size_t len = 0;
	double ms = -1;

	wav = cache_get(j->key, &len);
	if (wav == NULL) {
		wav = render(resp, j, &len, &ms);
		if (wav == NULL)
			return;
		__atomic_fetch_add(&rendered_total, 1, __ATOMIC_RELAXED);
		cache_put(j->key, wav, len);
	} else {
		__atomic_fetch_add(&cache_hits_total, 1, __ATOMIC_RELAXED);
	}
	reply_wav(resp, j->key, wav, len, ms, 0);
}

static void render_job_free(void *arg)
{
	render_job_t *j = arg;
	free(j->tmpl);
	free(j->tmpl_en);
	free(j->counter);
	free(j);
}

/* Whether the request's If-None-Match names key's ETag. */
static int client_has(api_req_t *req, uint64_t key)
{
	char etag[24];
	const char *inm = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
						      MHD_HTTP_HEADER_IF_NONE_MATCH);
	etag_of(key, etag);
	return inm && strstr(inm, etag) != NULL;
}

static void get_announcement(api_req_t *req, api_resp_t *resp)
{
	const antre_display_t *d;
	const char *tmpl = SPEECH_DEFAULT_ANNOUNCE, *tmpl_en = "", *counter;
	antre_event_t e = { .seq = -1 };
	render_job_t *j;
	int64_t seq;
	uint64_t key;
	unsigned char *wav;
	size_t len = 0;
	int none;

	if (antre_parse_i64(req->params[0], 1, INT64_MAX, &seq) != 0) {
		api_reply_error(resp, 400, "bad_request",
				"'%s' is no event seq (a positive whole number)", req->params[0]);
		return;
	}
	d = phrases(req, resp, &none);
	if (d == NULL && !none)
		return;
	if (d && d->announce[0])
		tmpl = d->announce;
	if (d)
		tmpl_en = d->announce_en;
	if (call_event(req, resp, seq, &e) < 0)
		return;
	counter = req->cfg->counters[e.counter].name;
	key = fnv(fnv(fnv(fnv(1469598103934665603ULL ^ (uint64_t)seq, tmpl), tmpl_en), e.number),
		  counter);
	key = key ? key : 1;
	if (client_has(req, key)) {   /* the key is the words: nothing to render */
		reply_wav(resp, key, NULL, 0, -1, 1);
		return;
	}
	wav = cache_get(key, &len);
	if (wav) {
		__atomic_fetch_add(&cache_hits_total, 1, __ATOMIC_RELAXED);
		reply_wav(resp, key, wav, len, -1, 0);
		return;
	}
	j = xcalloc(1, sizeof(*j));
	j->key = key;
	j->tmpl = xstrdup(tmpl);
	j->tmpl_en = xstrdup(tmpl_en);
	j->counter = xstrdup(counter);
	snprintf(j->number, sizeof(j->number), "%s", e.number);
	resp->later = render_later;
	resp->later_arg = j;
	resp->later_drop = render_job_free;
}

const api_route_t api_routes_announcements[] = {
	{ "GET", "/api/v1/announcements/{}", get_announcement },
	{ NULL, NULL, NULL },
};
