/* Test helper: events from a real subscription into an array, with a bounded wait. */
#include "sse_collect.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "xmalloc.h"

static void on_event(void *ctx, int64_t id, const char *event, const char *data)
{
	collector_t *c = ctx;
	pthread_mutex_lock(&c->lock);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xrealloc(c->v, (size_t)c->cap * sizeof(*c->v));
	}
	c->v[c->n].id = id;
	antre_strlcpy(c->v[c->n].event, event, sizeof(c->v[c->n].event));
	c->v[c->n].data = json_loads(data, 0, NULL);
	c->n++;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

static void on_link(void *ctx, int connected)
{
	collector_t *c = ctx;
	pthread_mutex_lock(&c->lock);
	if (connected)
		c->links++;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

void collector_start(collector_t *c, const char *url, int64_t last_id)
{
	collector_start_as(c, url, NULL, last_id);
}

void collector_start_as(collector_t *c, const char *url, const char *device, int64_t last_id)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	antre_cond_init_monotonic(&c->cond);
	c->sub = antre_sse_start_as(url, device, last_id, on_event, on_link, c);
}

void collector_stop(collector_t *c)
{
	antre_sse_stop(c->sub);
	c->sub = NULL;
}

void collector_free(collector_t *c)
{
	if (c->sub)
		collector_stop(c);
	for (int i = 0; i < c->n; i++)
		json_decref(c->v[i].data);
	free(c->v);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
}

int collector_wait_seq(collector_t *c, int64_t seq, int timeout_ms)
{
	struct timespec deadline;
	int ok = 0;

	antre_deadline_in(&deadline, timeout_ms);
	pthread_mutex_lock(&c->lock);
	for (;;) {
		if (c->n > 0 && c->v[c->n - 1].id >= seq) {
			ok = 1;
			break;
		}
		if (pthread_cond_timedwait(&c->cond, &c->lock, &deadline) != 0)
			break;
	}
	pthread_mutex_unlock(&c->lock);
	return ok ? 0 : -1;
}
