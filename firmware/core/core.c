/* Engine + store + lock: the one path by which an office's state changes. */
#include "core.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

struct antre_core {
	const antre_config_t *cfg;
	antre_clock_t *clock;
	antre_queue_t *queue;
	antre_store_t *store;
	pthread_mutex_t lock;
	antre_events_t events;     /* scratch for the command under the lock */
	size_t replayed, skipped;
};

int antre_core_open(const antre_config_t *cfg, const char *db_path, antre_clock_t *clock,
		    antre_core_t **out, char *err, size_t errcap)
{
	antre_core_t *core = xcalloc(1, sizeof(*core));

	*out = NULL;
	core->cfg = cfg;
	core->clock = clock;
	core->queue = antre_queue_create(cfg, clock);
	pthread_mutex_init(&core->lock, NULL);
	antre_events_init(&core->events);
	if (antre_store_open(db_path, cfg, &core->store, err, errcap) < 0 ||
	    antre_store_replay(core->store, core->queue, &core->replayed, &core->skipped, err,
			       errcap) < 0) {
		antre_core_close(core);
		return -1;
	}
	*out = core;
	return 0;
}

void antre_core_close(antre_core_t *core)
{
	if (core == NULL)
		return;
	antre_store_close(core->store);
	antre_queue_destroy(core->queue);
	antre_events_free(&core->events);
	pthread_mutex_destroy(&core->lock);
	free(core);
}

void antre_core_on_commit(antre_core_t *core, antre_store_commit_fn fn, void *ctx)
{
	antre_store_on_commit(core->store, fn, ctx);
}

/* Copy what the caller needs while the engine's pointers are still valid. */
static void fill_result(antre_core_t *core, int rc, const antre_ticket_t *t, int newest,
			int counter, antre_result_t *res)
{
	const antre_queue_t *q = core->queue;

	res->rc = rc;
	antre_strlcpy(res->message, rc < 0 ? antre_queue_last_error(q) : "", sizeof(res->message));
	res->has_ticket = t != NULL;
	if (t) {
		res->ticket = *t;
		res->ahead = newest ? antre_queue_ahead_newest(q, t) : antre_queue_ahead(q, t);
		res->est_wait_s = t->state == ANTRE_TS_WAITING
					  ? antre_queue_est_wait_s(q, t->service, res->ahead)
					  : 0;
	}
	res->has_counter = counter >= 0;
	res->counter = counter;
	if (counter >= 0)
		res->counter_status = antre_queue_counter_status(q, counter);
	res->seq = antre_queue_seq(q);
}

/* Hand the command's events to the log and let go of the lock; then, when asked to,
 * wait for the disk. */
static void commit_and_unlock(antre_core_t *core, antre_result_t *res, int wait)
{
	uint64_t token = antre_store_submit(core->store, core->events.v, core->events.n);
	antre_events_clear(&core->events);
	pthread_mutex_unlock(&core->lock);
	if (wait && antre_store_wait(core->store, token) < 0) {
		res->rc = ANTRE_E_STORE;
		antre_strlcpy(res->message, "the event log could not be written; nothing was "
			      "changed", sizeof(res->message));
		res->has_ticket = 0;
	}
}

static void issue(antre_core_t *core, int service, int journey, int priority,
		  antre_result_t *res, int wait)
{
	const antre_ticket_t *t = NULL;
	int rc;

	pthread_mutex_lock(&core->lock);
	rc = antre_queue_issue(core->queue, service, journey, priority, &core->events, &t);
	fill_result(core, rc, t, 1, -1, res);
	commit_and_unlock(core, res, wait);
}

static void counter_action(antre_core_t *core, int counter, antre_action_t action,
			   const char *arg, antre_result_t *res, int wait)
{
	const antre_ticket_t *t = NULL;
	int rc;

	pthread_mutex_lock(&core->lock);
	rc = antre_queue_counter(core->queue, counter, action, arg, &core->events, &t);
	fill_result(core, rc, t, 0, rc == ANTRE_E_NOTFOUND ? -1 : counter, res);
	commit_and_unlock(core, res, wait);
}

static void cancel(antre_core_t *core, const char *ticket_id, const char *reason,
		   antre_result_t *res, int wait)
{
	const antre_ticket_t *t = NULL;
	int rc;

	pthread_mutex_lock(&core->lock);
	rc = antre_queue_cancel(core->queue, ticket_id, reason, &core->events, &t);
	fill_result(core, rc, t, 0, -1, res);
	commit_and_unlock(core, res, wait);
}

void antre_core_issue(antre_core_t *core, int service, int journey, int priority,
		      antre_result_t *res)
{
	issue(core, service, journey, priority, res, 1);
}

void antre_core_issue_async(antre_core_t *core, int service, int journey, int priority,
			    antre_result_t *res)
{
	issue(core, service, journey, priority, res, 0);
}

void antre_core_counter(antre_core_t *core, int counter, antre_action_t action,
			const char *arg, antre_result_t *res)
{
	counter_action(core, counter, action, arg, res, 1);
}

void antre_core_counter_async(antre_core_t *core, int counter, antre_action_t action,
			      const char *arg, antre_result_t *res)
{
	counter_action(core, counter, action, arg, res, 0);
}

void antre_core_cancel(antre_core_t *core, const char *ticket_id, const char *reason,
		       antre_result_t *res)
{
	cancel(core, ticket_id, reason, res, 1);
}

void antre_core_cancel_async(antre_core_t *core, const char *ticket_id, const char *reason,
			     antre_result_t *res)
{
	cancel(core, ticket_id, reason, res, 0);
}

int64_t antre_core_tick(antre_core_t *core)
{
	antre_result_t res;
	int64_t now, local_ms, into_day;

	pthread_mutex_lock(&core->lock);
	antre_queue_tick(core->queue, &core->events);
	commit_and_unlock(core, &res, 1);

	now = core->clock->now_ms(core->clock);
	local_ms = now + (int64_t)core->clock->utc_offset_s(core->clock, now) * 1000 -
		   (int64_t)core->cfg->reset_at_min * 60000;
	into_day = ((local_ms % 86400000) + 86400000) % 86400000;
	return 86400000 - into_day;
}

const antre_queue_t *antre_core_read_begin(antre_core_t *core)
{
	pthread_mutex_lock(&core->lock);
	return core->queue;
}

void antre_core_read_end(antre_core_t *core)
{
	pthread_mutex_unlock(&core->lock);
}

antre_store_t *antre_core_store(antre_core_t *core)
{
	return core->store;
}

int64_t antre_core_now_ms(antre_core_t *core)
{
	return core->clock->now_ms(core->clock);
}

int32_t antre_core_utc_offset_s(antre_core_t *core, int64_t utc_ms)
{
	return core->clock->utc_offset_s(core->clock, utc_ms);
}

const antre_config_t *antre_core_config(const antre_core_t *core)
{
	return core->cfg;
}

void antre_core_replay_counts(const antre_core_t *core, size_t *applied, size_t *skipped)
{
	*applied = core->replayed;
	*skipped = core->skipped;
}
