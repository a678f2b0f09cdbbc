/* The live event stream: GET /api/v1/events as Server-Sent Events.
 *
 * Committed events go, as they are, into a ring of recent events on the store's writer
 * thread, before the commit's requests are answered (so an answer never comes before
 * its event can be streamed). The hub's own thread then formats them, once, and wakes
 * the subscribers: the writer, which every request waits on, neither formats nor wakes
 * anyone. Each subscriber is a libmicrohttpd connection with a content-reader callback
 * that copies what that subscriber has not had yet; when it is up to date (or the next
 * event is not formatted yet) the connection is suspended, so an idle subscriber costs
 * no thread and no CPU. A subscriber too far behind for the ring reads from the store.
 * Nothing here ever waits on a subscriber's socket.
 *
 * Commits that come faster than SSE_PACE_MS apart are sent together: a commit within
 * SSE_PACE_MS of the last wake-up leaves the subscribers asleep, and the hub's thread
 * wakes them when SSE_PACE_MS have passed. An office's calls, seconds apart, go out at
 * once; a burst (a busy day driven flat out, a replay) costs each subscriber one write
 * per SSE_PACE_MS instead of one per event, on both ends of its socket.
 *
 * Invariant (hub->lock), except once the hub is closing: events committed but not
 * formatted (formatted < last_seq) mean paced is set, so the hub's thread will format
 * them and wake whoever waits for them. */
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_internal.h"
#include "clock.h"
#include "log.h"
#include "xmalloc.h"

#define SSE_RING 4096             /* recent events kept in memory */
#define SSE_FORMAT_BATCH 64       /* events formatted per release of the lock */
#define SSE_BATCH ((size_t)64 * 1024)  /* bytes gathered per reader call at most */
#define SSE_BLOCK ((size_t)8 * 1024)   /* MHD's write buffer per stream: a subscriber's memory */
#define SSE_HEARTBEAT_S 15
#define SSE_PACE_MS 5L            /* wake-ups of the subscribers at most this often */
#define SSE_TEARDOWN_MS 2000L    /* how long a stop waits for ended streams to go */

typedef struct sse_sub sse_sub_t;

struct sse_sub {
	sse_hub_t *hub;
	struct MHD_Connection *conn;
	int64_t next_seq;          /* first event this subscriber still needs */
	char *buf;                 /* bytes gathered, not yet handed to MHD */
	size_t len, off, cap;
	int suspended;
	int heartbeat_due;
	int device;                /* api_device_stream_begin's handle, or -1 */
	sse_sub_t *prev, *next;
};

typedef struct {
	int64_t seq;
	antre_event_t ev;          /* as committed */
	char *msg;                 /* its SSE message; NULL until the hub's thread formats it */
	size_t len;
} sse_msg_t;

struct sse_hub {
	antre_api_t *api;
	pthread_mutex_t lock;
	sse_msg_t ring[SSE_RING];
	int64_t last_seq;          /* newest committed event */
	int64_t formatted;         /* the ring's events up to this one have their messages */
	antre_event_t fmt_ev[SSE_FORMAT_BATCH];   /* the hub's thread's, while it formats */
	sse_sub_t *subs;
	int n_subs;
	int closing;
	int64_t woken_ms;          /* monotonic ms the subscribers were last woken for events */
	int paced;                 /* events wait for the hub's thread to wake them */
	pthread_t heartbeat;
	pthread_cond_t wake;       /* hub's thread: stop, or events paced */
	pthread_cond_t gone;       /* a subscriber was freed */
};

/* "id: N\nevent: TYPE\ndata: JSON\n\n" for one event. */
static char *format_event(const antre_config_t *cfg, antre_core_t *core, const antre_event_t *e,
			  size_t *len)
{
	json_t *data = api_json_event(cfg, e, antre_core_utc_offset_s(core, e->at_ms));
	char *json = json_dumps(data, JSON_COMPACT);
	size_t n = strlen(json) + 96;
	char *msg = xmalloc(n);

	*len = (size_t)snprintf(msg, n, "id: %lld\nevent: %s\ndata: %s\n\n", (long long)e->seq,
				antre_event_type_name(e->type), json);
	free(json);
	json_decref(data);
	return msg;
}

static void sub_append(sse_sub_t *s, const char *bytes, size_t n)
{
	if (n == 0)
		return;
	if (s->len + n > s->cap) {
		s->cap = (s->len + n) * 2;
		s->buf = xrealloc(s->buf, s->cap);
	}
	memcpy(s->buf + s->len, bytes, n);
	s->len += n;
}

/* Resume every sleeping subscriber that has events to read (hub->lock held); the pace
 * counts from round_ms, when this round of formatting and waking began. */
static void wake_behind(sse_hub_t *hub, int64_t round_ms)
{
	for (sse_sub_t *s = hub->subs; s; s = s->next) {
		if (s->suspended && s->next_seq <= hub->last_seq) {
			s->suspended = 0;
			MHD_resume_connection(s->conn);
		}
	}
	hub->woken_ms = round_ms;
	hub->paced = 0;
}

void sse_hub_publish(sse_hub_t *hub, const antre_event_t *ev, size_t n)
{
	if (n == 0)
		return;
	pthread_mutex_lock(&hub->lock);
	for (size_t i = 0; i < n; i++) {
		sse_msg_t *slot = &hub->ring[ev[i].seq % SSE_RING];
		free(slot->msg);
		slot->msg = NULL;
		slot->seq = ev[i].seq;
		slot->ev = ev[i];
	}
	hub->last_seq = ev[n - 1].seq;
	if (!hub->paced) {   /* the hub's thread formats, then wakes, at once or when paced */
		hub->paced = 1;
		pthread_cond_signal(&hub->wake);
	}
	pthread_mutex_unlock(&hub->lock);
}

/* The hub's thread (hub->lock held, released while it formats): a message for every
 * event in the ring up to the newest committed now; what commits meanwhile waits for the
 * next round, so that a burst still wakes the subscribers every SSE_PACE_MS. Only this
 * thread fills the ring's messages. */
static void format_new(sse_hub_t *hub)
{
	char *msgs[SSE_FORMAT_BATCH];
	size_t lens[SSE_FORMAT_BATCH];
	int64_t upto = hub->last_seq;

	while (hub->formatted < upto && !hub->closing) {
		int64_t from = hub->formatted + 1, last;
		size_t n = 0;

		if (from <= hub->last_seq - SSE_RING)   /* overwritten meanwhile: the store has them */
			from = hub->last_seq - SSE_RING + 1;
		if (from > upto) {
			hub->formatted = from - 1;
			break;
		}
		last = upto - from < SSE_FORMAT_BATCH ? upto : from + SSE_FORMAT_BATCH - 1;
		for (int64_t seq = from; seq <= last; seq++)
			if (hub->ring[seq % SSE_RING].seq == seq)
				hub->fmt_ev[n++] = hub->ring[seq % SSE_RING].ev;
		pthread_mutex_unlock(&hub->lock);
		antre_core_config_read_begin(hub->api->core);   /* names in the events' JSON */
		for (size_t i = 0; i < n; i++)
			msgs[i] = format_event(hub->api->cfg, hub->api->core, &hub->fmt_ev[i],
					       &lens[i]);
		antre_core_config_read_end(hub->api->core);
		pthread_mutex_lock(&hub->lock);
		for (size_t i = 0; i < n; i++) {
			sse_msg_t *slot = &hub->ring[hub->fmt_ev[i].seq % SSE_RING];
			if (slot->seq == hub->fmt_ev[i].seq && slot->msg == NULL) {
				slot->msg = msgs[i];
				slot->len = lens[i];
			} else {   /* a newer event took the slot: a reader of this one uses the store */
				free(msgs[i]);
			}
		}
		hub->formatted = last;
	}
}

/* Fill s->buf from the ring's formatted events; returns 0 when the ring no longer holds
 * next_seq. */
static int gather_from_ring(sse_hub_t *hub, sse_sub_t *s)
{
	while (s->next_seq <= hub->formatted && s->len < SSE_BATCH) {
		sse_msg_t *m = &hub->ring[s->next_seq % SSE_RING];
		if (m->seq != s->next_seq || m->msg == NULL)
			return 0;
		sub_append(s, m->msg, m->len);
		s->next_seq++;
	}
	return 1;
}

/* A subscriber behind the ring: read the next events from the store (lock released).
 * Returns -1 when the store could not be read: the stream then ends, and the client
 * resumes with its Last-Event-ID; nothing is ever skipped for it. */
static int gather_from_store(sse_hub_t *hub, sse_sub_t *s)
{
	antre_events_t ev;
	int64_t from = s->next_seq, upto = hub->last_seq, scanned = 0;
	char *text = NULL;
	size_t text_len = 0;
	int rc;

	pthread_mutex_unlock(&hub->lock);
	antre_events_init(&ev);
	rc = antre_store_read(antre_core_store(hub->api->core), from - 1, 512, &ev, &scanned);
	antre_core_config_read_begin(hub->api->core);   /* names in the events' JSON */
	for (size_t i = 0; rc == 0 && i < ev.n && ev.v[i].seq <= upto; i++) {
		size_t len;
		char *msg = format_event(hub->api->cfg, hub->api->core, &ev.v[i], &len);
		text = xrealloc(text, text_len + len);
		memcpy(text + text_len, msg, len);
		text_len += len;
		free(msg);
	}
	antre_core_config_read_end(hub->api->core);
	antre_events_free(&ev);
	pthread_mutex_lock(&hub->lock);
	if (rc == 0 && scanned < from) {
		/* committed events are in the log before they are published: not reached */
		antre_log(ANTRE_LOG_WARN, "events %lld to %lld are not in the log; a subscriber "
			"moves past them", (long long)from, (long long)upto);
		s->next_seq = upto + 1;
	} else if (rc == 0) {
		sub_append(s, text, text_len);
		/* past what was read, including rows the config can no longer name */
		s->next_seq = (scanned < upto ? scanned : upto) + 1;
	}
	free(text);
	return rc;
}

static ssize_t sse_read(void *cls, uint64_t pos, char *out, size_t max)
{
	sse_sub_t *s = cls;
	sse_hub_t *hub = s->hub;
	(void)pos;

	pthread_mutex_lock(&hub->lock);
	for (;;) {
		if (s->off < s->len) {
			size_t n = s->len - s->off < max ? s->len - s->off : max;
			memcpy(out, s->buf + s->off, n);
			s->off += n;
			if (s->off == s->len)
				s->off = s->len = 0;
			pthread_mutex_unlock(&hub->lock);
			return (ssize_t)n;
		}
		if (hub->closing) {
			pthread_mutex_unlock(&hub->lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		/* behind the formatted ones: the ring or the store; past them, the hub's
		 * thread wakes us when it has formatted the next (the invariant above) */
		if (s->next_seq <= hub->formatted) {
			if (!gather_from_ring(hub, s) && gather_from_store(hub, s) < 0) {
				pthread_mutex_unlock(&hub->lock);
				return MHD_CONTENT_READER_END_WITH_ERROR;
			}
			continue;
		}
		if (s->heartbeat_due) {
			static const char beat[] = ": heartbeat\n\n";
			s->heartbeat_due = 0;
			sub_append(s, beat, sizeof(beat) - 1);
			continue;
		}
		/* Up to date: sleep until the hub's thread or the heartbeat resumes us. */
		s->suspended = 1;
		MHD_suspend_connection(s->conn);
		pthread_mutex_unlock(&hub->lock);
		return 0;
	}
}

static void sse_free(void *cls)
{
	sse_sub_t *s = cls;
	sse_hub_t *hub = s->hub;

	pthread_mutex_lock(&hub->lock);
	if (s->prev)
		s->prev->next = s->next;
	else
		hub->subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	hub->n_subs--;
	pthread_cond_broadcast(&hub->gone);
	pthread_mutex_unlock(&hub->lock);
	api_device_stream_end(hub->api, s->device, antre_core_now_ms(hub->api->core));
	free(s->buf);
	free(s);
}

/* The hub's thread: formats what was committed and wakes the subscribers waiting for it
 * (at once, or SSE_PACE_MS after the last wake-up), and every SSE_HEARTBEAT_S the idle
 * ones. */
static void *heartbeat_main(void *arg)
{
	sse_hub_t *hub = arg;
	int64_t beat_at = antre_monotonic_ms() + SSE_HEARTBEAT_S * 1000L;

	pthread_mutex_lock(&hub->lock);
	while (!hub->closing) {
		struct timespec deadline;
		int64_t now = antre_monotonic_ms(), until = beat_at;
		if (hub->paced && hub->woken_ms + SSE_PACE_MS < until)
			until = hub->woken_ms + SSE_PACE_MS;
		antre_deadline_in(&deadline, until > now ? (long)(until - now) : 0);
		pthread_cond_timedwait(&hub->wake, &hub->lock, &deadline);
		if (hub->closing)
			break;
		now = antre_monotonic_ms();
		if (hub->paced && now - hub->woken_ms >= SSE_PACE_MS) {
			format_new(hub);
			wake_behind(hub, now);
			if (hub->formatted < hub->last_seq)   /* committed while it formatted */
				hub->paced = 1;
		}
		if (now < beat_at)
			continue;
		beat_at = now + SSE_HEARTBEAT_S * 1000L;
		/* A comment line keeps proxies from timing out and finds vanished clients. */
		for (sse_sub_t *s = hub->subs; s; s = s->next) {
			if (!s->suspended)
				continue;
			s->heartbeat_due = 1;
			s->suspended = 0;
			MHD_resume_connection(s->conn);
		}
	}
	pthread_mutex_unlock(&hub->lock);
	return NULL;
}

sse_hub_t *sse_hub_create(antre_api_t *api)
{
	sse_hub_t *hub = xcalloc(1, sizeof(*hub));
	const antre_queue_t *q;

	hub->api = api;
	pthread_mutex_init(&hub->lock, NULL);
	antre_cond_init_monotonic(&hub->wake);
	antre_cond_init_monotonic(&hub->gone);
	q = antre_core_read_begin(api->core);
	hub->last_seq = antre_queue_seq(q);   /* everything replayed is committed */
	hub->formatted = hub->last_seq;       /* none of it is in the ring: the store has it */
	antre_core_read_end(api->core);
	pthread_create(&hub->heartbeat, NULL, heartbeat_main, hub);
	return hub;
}

void sse_hub_close(sse_hub_t *hub)
{
	struct timespec deadline;

	pthread_mutex_lock(&hub->lock);
	hub->closing = 1;
	pthread_cond_signal(&hub->wake);
	for (sse_sub_t *s = hub->subs; s; s = s->next) {
		if (s->suspended) {
			s->suspended = 0;
			MHD_resume_connection(s->conn);
		}
	}
	pthread_mutex_unlock(&hub->lock);
	pthread_join(hub->heartbeat, NULL);
	/* Let the ended streams be torn down before the daemon stops (bounded). */
	antre_deadline_in(&deadline, SSE_TEARDOWN_MS);
	pthread_mutex_lock(&hub->lock);
	while (hub->n_subs > 0 &&
	       pthread_cond_timedwait(&hub->gone, &hub->lock, &deadline) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&hub->lock);
}

void sse_hub_destroy(sse_hub_t *hub)
{
	if (hub == NULL)
		return;
	for (int i = 0; i < SSE_RING; i++)
		free(hub->ring[i].msg);
	pthread_mutex_destroy(&hub->lock);
	pthread_cond_destroy(&hub->wake);
	pthread_cond_destroy(&hub->gone);
	free(hub);
}

int sse_hub_subscribers(sse_hub_t *hub)
{
	int n;
	pthread_mutex_lock(&hub->lock);
	n = hub->n_subs;
	pthread_mutex_unlock(&hub->lock);
	return n;
}

/* GET /api/v1/events. Last-Event-ID (header, or ?last_event_id=) picks up where a
 * client left off; 0 replays the whole office day; anything older than the day, or
 * nothing at all, starts with a snapshot of the state. */
static void get_events(api_req_t *req, api_resp_t *resp)
{
	sse_hub_t *hub = req->api->hub;
	const char *last = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
						       "Last-Event-ID");
	sse_sub_t *s = xcalloc(1, sizeof(*s));
	int64_t last_id = -1, now = antre_core_now_ms(req->core);
	const antre_queue_t *q;

	if (strcmp(req->method, "HEAD") == 0) {   /* the headers of a stream, no stream */
		free(s);
		api_reply_text(resp, 200, "text/event-stream", "");
		return;
	}
	if (last == NULL)
		last = api_query(req, "last_event_id");
	/* Digits only, any number of them, then optional blanks (HTTP whitespace, which
	 * libmicrohttpd leaves at the end); "" is no id at all, as EventSource means it. A
	 * number past INT64_MAX stays there: beyond every seq, so it gets the snapshot. */
	if (last) {
		size_t len = strlen(last);
		while (len > 0 && (last[len - 1] == ' ' || last[len - 1] == '\t'))
			len--;
		if (len > 0)
			last_id = 0;
		for (size_t k = 0; k < len; k++) {
			int digit = last[k] - '0';
			if (digit < 0 || digit > 9) {
				free(s);
				api_reply_error(resp, 400, "bad_last_event_id", "Last-Event-ID "
						"must be an event id (a whole number)");
				return;
			}
			last_id = last_id > (INT64_MAX - digit) / 10 ? INT64_MAX
								   : last_id * 10 + digit;
		}
	}
	s->hub = hub;
	s->conn = req->conn;
	/* a display or a counter's console names itself: the supervisor sees it there */
	s->device = api_device_stream_begin(req->api, api_query(req, "device"), now);
	q = antre_core_read_begin(req->core);
	if (last_id == 0) {
		s->next_seq = antre_queue_day_seq(q) > 0 ? antre_queue_day_seq(q) : 1;
	} else if (last_id > 0 && last_id >= antre_queue_day_seq(q) - 1 &&
		   last_id <= antre_queue_seq(q)) {
		s->next_seq = last_id + 1;
	} else {
		json_t *state = api_json_state(q, req->cfg, now);
		char *json = json_dumps(state, JSON_COMPACT);
		char head[96];
		int n = snprintf(head, sizeof(head), "retry: 2000\nid: %lld\nevent: snapshot\ndata: ",
				 (long long)antre_queue_seq(q));
		sub_append(s, head, (size_t)n);
		sub_append(s, json, strlen(json));
		sub_append(s, "\n\n", 2);
		s->next_seq = antre_queue_seq(q) + 1;
		free(json);
		json_decref(state);
	}
	antre_core_read_end(req->core);
	if (s->len == 0)
		sub_append(s, "retry: 2000\n\n", 13);

	pthread_mutex_lock(&hub->lock);
	s->next = hub->subs;
	if (hub->subs)
		hub->subs->prev = s;
	hub->subs = s;
	hub->n_subs++;
	pthread_mutex_unlock(&hub->lock);

	resp->custom = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK, sse_read, s,
							 sse_free);
	MHD_add_response_header(resp->custom, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
	MHD_add_response_header(resp->custom, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp->custom, "X-Accel-Buffering", "no");
	resp->status = 200;
}

const api_route_t api_routes_events[] = {
	{ "GET", "/api/v1/events", get_events },
	{ NULL, NULL, NULL },
};
