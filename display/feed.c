/* The display's link to antred: an SSE subscription and a state fetcher, both on their
 * own threads, delivering messages to one queue the render thread waits on. */
#include "feed.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "clock.h"
#include "protocol.h"
#include "xmalloc.h"

#define STATE_EVERY_MS 500

struct feed {
	pthread_mutex_t lock;
	pthread_cond_t ready;      /* messages arrived */
	pthread_cond_t stale;      /* the waiting counts changed */
	feed_msg_t *head, *tail;
	int state_stale, stopping;
	antre_sse_t *sse;
	antre_client_t *client;
	pthread_t fetcher;
};

static void post(feed_t *f, feed_msg_t *m)
{
	pthread_mutex_lock(&f->lock);
	if (f->tail)
		f->tail->next = m;
	else
		f->head = m;
	f->tail = m;
	pthread_cond_signal(&f->ready);
	pthread_mutex_unlock(&f->lock);
}

static void on_event(void *ctx, int64_t id, const char *event, const char *data)
{
	feed_t *f = ctx;
	feed_msg_t *m = xcalloc(1, sizeof(*m));
	(void)id;
	m->kind = FEED_EVENT;
	snprintf(m->type, sizeof(m->type), "%s", event);
	m->data = xstrdup(data);
	post(f, m);
	if (strcmp(event, ANTRE_STREAM_SNAPSHOT) == 0 ||
	    (antre_event_type_flags(antre_event_type_parse(event)) & ANTRE_EVF_WAITING)) {
		pthread_mutex_lock(&f->lock);
		f->state_stale = 1;
		pthread_cond_signal(&f->stale);
		pthread_mutex_unlock(&f->lock);
	}
}

static void on_link(void *ctx, int connected)
{
	feed_msg_t *m = xcalloc(1, sizeof(*m));
	m->kind = FEED_LINK;
	m->connected = connected;
	post(ctx, m);
}

/* Waiting counts are not in the events: fetch the state when they may have changed,
 * no more often than STATE_EVERY_MS however busy the kiosks are. */
static void *fetch_states(void *arg)
{
	feed_t *f = arg;
	pthread_mutex_lock(&f->lock);
	while (!f->stopping) {
		char *body = NULL;
		int status;
		struct timespec ts;
		if (!f->state_stale) {
			pthread_cond_wait(&f->stale, &f->lock);
			continue;
		}
		f->state_stale = 0;
		pthread_mutex_unlock(&f->lock);
		status = antre_client_request(f->client, "GET", "/api/v1/state", NULL, &body);
		if (status == 200) {
			feed_msg_t *m = xcalloc(1, sizeof(*m));
			m->kind = FEED_STATE;
			m->data = body;
			body = NULL;
			post(f, m);
		}
		free(body);
		pthread_mutex_lock(&f->lock);
		if (status != 200)
			f->state_stale = 1;   /* try again after the pause */
		antre_deadline_in(&ts, STATE_EVERY_MS);
		while (!f->stopping &&
		       pthread_cond_timedwait(&f->stale, &f->lock, &ts) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

feed_t *feed_start(const char *base_url, const char *device)
{
	feed_t *f = xcalloc(1, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	antre_cond_init_monotonic(&f->ready);
	antre_cond_init_monotonic(&f->stale);
	f->client = antre_client_create(base_url, NULL, 3000);
	pthread_create(&f->fetcher, NULL, fetch_states, f);
	f->sse = antre_sse_start_as(base_url, device, -1, on_event, on_link, f);
	return f;
}

feed_msg_t *feed_wait(feed_t *f, int timeout_ms)
{
	feed_msg_t *m;
	struct timespec ts;
	antre_deadline_in(&ts, timeout_ms > 0 ? timeout_ms : 0);
	pthread_mutex_lock(&f->lock);
	while (f->head == NULL && timeout_ms > 0 &&
	       pthread_cond_timedwait(&f->ready, &f->lock, &ts) != ETIMEDOUT)
		;
	m = f->head;
	f->head = f->tail = NULL;
	pthread_mutex_unlock(&f->lock);
	return m;
}

void feed_msg_free(feed_msg_t *m)
{
	while (m) {
		feed_msg_t *next = m->next;
		free(m->data);
		free(m);
		m = next;
	}
}

void feed_stop(feed_t *f)
{
	if (f == NULL)
		return;
	antre_sse_stop(f->sse);   /* no more callbacks after this */
	pthread_mutex_lock(&f->lock);
	f->stopping = 1;
	pthread_cond_signal(&f->stale);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->fetcher, NULL);
	antre_client_destroy(f->client);
	feed_msg_free(f->head);
	pthread_mutex_destroy(&f->lock);
	pthread_cond_destroy(&f->ready);
	pthread_cond_destroy(&f->stale);
	free(f);
}
