/* Engine + store + lock: the one path by which an office's state changes. */
#include "core.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xmalloc.h"

/* A command waits this long for a log that another program holds locked before new
 * commands are refused (503) instead of piling up. */
#define BUSY_REFUSE_MS 1000

struct antre_core {
	const antre_config_t *cfg;
	antre_clock_t *clock;
	antre_queue_t *queue;      /* commands run here, ahead of the disk */
	antre_queue_t *view;       /* only what is committed; readers see this */
	antre_store_t *store;
	pthread_mutex_t lock;      /* queue, events, refusing */
	pthread_mutex_t view_lock;
	/* The borrowed config's texts and tokens: read-held by every request and every
	 * formatting of events off the writer thread, write-held by a reload (SIGHUP),
	 * which is taken before lock and view_lock: a request holds it while it runs
	 * commands, so the order is always cfg_lock, then lock, then view_lock. */
	pthread_rwlock_t cfg_lock;
	antre_events_t events;     /* scratch for the command under the lock */
	int refusing;              /* stopping: every command is refused */
	antre_store_commit_fn on_commit;
	void *on_commit_ctx;
	antre_replay_t replay;
	size_t set_aside;
};

/* Every commit, on the store's writer thread: the view catches up, then listeners. */
static void core_on_commit(void *ctx, const antre_event_t *ev, size_t n)
{
	antre_core_t *core = ctx;

	pthread_mutex_lock(&core->view_lock);
	for (size_t i = 0; i < n; i++)
		if (antre_queue_apply(core->view, &ev[i]) < 0)
			antre_log(ANTRE_LOG_ERROR, "the committed view refused event %lld (%s); "
				"restart antred to rebuild it from the log", (long long)ev[i].seq,
				antre_event_type_name(ev[i].type));
	/* Still under the view lock: a reader never sees the view ahead of the stream
	 * and the answers, and the listener cannot be swapped out mid-call. */
	if (core->on_commit)
		core->on_commit(core->on_commit_ctx, ev, n);
	pthread_mutex_unlock(&core->view_lock);
}

/* Set aside, explicitly and in the log, the open tickets replay could not fully
 * rebuild: held by a counter the config no longer has, or with an event that names
 * something it no longer has. A clerk can still call them by number today. */
static int set_aside_orphans(antre_core_t *core, char *err, size_t errcap)
{
	int n = antre_queue_ticket_count(core->queue);
	char (*ids)[ANTRE_TICKET_ID_LEN + 1] = xcalloc((size_t)n + 1, sizeof(*ids));
	const char **why = xcalloc((size_t)n + 1, sizeof(*why));
	size_t k = 0;
	int rc = 0;

	for (int i = 0; i < n; i++) {
		const antre_ticket_t *t = antre_queue_ticket_at(core->queue, i);
		int damaged = 0;
		if (t->state != ANTRE_TS_WAITING && t->state != ANTRE_TS_CALLED &&
		    t->state != ANTRE_TS_SERVING)
			continue;
		for (size_t d = 0; d < core->replay.n_damaged; d++)
			if (strcmp(core->replay.damaged[d], t->id) == 0)
				damaged = 1;
		if (t->counter != ANTRE_COUNTER_GONE && !damaged)
			continue;
		antre_strlcpy(ids[k], t->id, sizeof(ids[k]));
		why[k++] = damaged ? "config_changed" : "counter_removed";
		antre_log(ANTRE_LOG_WARN, "ticket %s %s; it is marked no-show (%s): call it by number "
			"to serve it", t->number,
			damaged ? "has events this config cannot apply"
				: "was held by a counter this config no longer has",
			why[k - 1]);
	}
	for (size_t i = 0; i < k; i++) {
		pthread_mutex_lock(&core->lock);
		antre_queue_set_aside(core->queue, ids[i], why[i], &core->events);
		if (antre_store_wait(core->store, antre_store_submit(core->store, core->events.v,
								     core->events.n)) < 0)
			rc = -1;
		antre_events_clear(&core->events);
		pthread_mutex_unlock(&core->lock);
	}
	core->set_aside = k;
	if (rc < 0)
		snprintf(err, errcap, "could not write to the event log while setting tickets aside");
	free(ids);
	free(why);
	return rc;
}

static void commit_and_unlock(antre_core_t *core, antre_result_t *res, int wait);

int antre_core_open(const antre_config_t *cfg, const char *db_path, antre_clock_t *clock,
		    antre_core_t **out, char *err, size_t errcap)
{
	antre_core_t *core = xcalloc(1, sizeof(*core));

	*out = NULL;
	core->cfg = cfg;
	core->clock = clock;
	core->queue = antre_queue_create(cfg, clock);
	core->view = antre_queue_create(cfg, clock);
	pthread_mutex_init(&core->lock, NULL);
	pthread_mutex_init(&core->view_lock, NULL);
	pthread_rwlock_init(&core->cfg_lock, NULL);
	antre_events_init(&core->events);
	if (antre_store_open(db_path, cfg, &core->store, err, errcap) < 0)
		goto fail;
	antre_store_on_commit(core->store, core_on_commit, core);
	{
		antre_queue_t *both[2] = { core->queue, core->view };
		antre_result_t res = { 0 };
		if (antre_store_replay(core->store, both, 2, &core->replay, err, errcap) < 0 ||
		    set_aside_orphans(core, err, errcap) < 0)
			goto fail;
		/* A day that fell due while antred was down rolls over before anybody can
		 * look, and is durable by then (later ticks do not wait). */
		pthread_mutex_lock(&core->lock);
		antre_queue_tick(core->queue, &core->events);
		commit_and_unlock(core, &res, 1);
		if (res.rc == ANTRE_E_STORE) {
			snprintf(err, errcap, "could not write the day's rollover to the event log");
			goto fail;
		}
	}
	*out = core;
	return 0;
fail:
	antre_core_close(core);
	return -1;
}

void antre_core_close(antre_core_t *core)
{
	if (core == NULL)
		return;
	antre_store_close(core->store);
	antre_queue_destroy(core->queue);
	antre_queue_destroy(core->view);
	antre_events_free(&core->events);
	antre_replay_free(&core->replay);
	pthread_mutex_destroy(&core->lock);
	pthread_mutex_destroy(&core->view_lock);
	pthread_rwlock_destroy(&core->cfg_lock);
	free(core);
}

void antre_core_on_commit(antre_core_t *core, antre_store_commit_fn fn, void *ctx)
{
	/* Between commits: core_on_commit calls the listener under the view lock. */
	pthread_mutex_lock(&core->view_lock);
	core->on_commit = fn;
	core->on_commit_ctx = ctx;
	pthread_mutex_unlock(&core->view_lock);
}

void antre_core_exclusive(antre_core_t *core, void (*fn)(void *ctx), void *ctx)
{
	pthread_rwlock_wrlock(&core->cfg_lock);
	pthread_mutex_lock(&core->lock);
	pthread_mutex_lock(&core->view_lock);
	fn(ctx);
	pthread_mutex_unlock(&core->view_lock);
	pthread_mutex_unlock(&core->lock);
	pthread_rwlock_unlock(&core->cfg_lock);
}

void antre_core_config_read_begin(antre_core_t *core)
{
	pthread_rwlock_rdlock(&core->cfg_lock);
}

void antre_core_config_read_end(antre_core_t *core)
{
	pthread_rwlock_unlock(&core->cfg_lock);
}

void antre_core_refuse_commands(antre_core_t *core)
{
	pthread_mutex_lock(&core->lock);
	core->refusing = 1;
	pthread_mutex_unlock(&core->lock);
}

/* Under the lock, before a command: refuse it (0 = go on) when it could not be made
 * durable soon: antred is stopping, or another program has held the log locked. */
static int refuse_now(antre_core_t *core, antre_result_t *res)
{
	const char *why = NULL;
	if (core->refusing)
		why = "antred is stopping; nothing was changed: try again in a moment";
	else if (antre_store_busy_ms(core->store) > BUSY_REFUSE_MS)
		why = "the event log is locked by another program (a backup or a sqlite3 "
		      "shell?); nothing was changed: try again in a moment";
	if (why == NULL)
		return 0;
	memset(res, 0, sizeof(*res));
	res->rc = ANTRE_E_UNAVAILABLE;
	antre_strlcpy(res->message, why, sizeof(res->message));
	res->seq = 0;   /* nothing to wait for: the refusal goes out at once */
	pthread_mutex_unlock(&core->lock);
	return 1;
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

static void issue(antre_core_t *core, const antre_issue_t *req, antre_result_t *res, int wait)
{
	const antre_ticket_t *t = NULL;
	int rc;

	pthread_mutex_lock(&core->lock);
	if (refuse_now(core, res))
		return;
	rc = antre_queue_issue(core->queue, req, &core->events, &t);
	fill_result(core, rc < 0 ? rc : 0, t, rc == 0, -1, res);
	res->replayed = rc == 1;
	commit_and_unlock(core, res, wait);
}

void antre_core_resume_async(antre_core_t *core, const char *key, const antre_issue_t *req,
			     antre_result_t *res)
{
	const antre_ticket_t *t = NULL;
	int rc;

	pthread_mutex_lock(&core->lock);
	if (refuse_now(core, res))
		return;
	rc = antre_queue_resume(core->queue, key, req, &core->events, &t);
	fill_result(core, rc < 0 ? rc : 0, t, rc == 0, -1, res);
	res->replayed = rc > 0 ? rc : 0;   /* 1: an earlier resume's; 2: this one, again */
	res->return_on[0] = '\0';
	if (rc == ANTRE_E_EARLY) {   /* the date itself, for a kiosk to say in its words */
		const antre_deferral_t *r = antre_queue_find_deferral(core->queue, key);
		if (r)
			antre_strlcpy(res->return_on, r->return_on, sizeof(res->return_on));
	}
	commit_and_unlock(core, res, 0);
}

static void counter_action(antre_core_t *core, int counter, antre_action_t action,
			   const char *arg, antre_result_t *res, int wait)
{
	const antre_ticket_t *t = NULL;
	int rc;

	pthread_mutex_lock(&core->lock);
	if (refuse_now(core, res))
		return;
	rc = antre_queue_counter(core->queue, counter, action, arg, &core->events, &t);
	fill_result(core, rc, t, 0, rc == ANTRE_E_NOTFOUND ? -1 : counter, res);
	commit_and_unlock(core, res, wait);
}

static void cancel(antre_core_t *core, const char *ticket_id, const char *reason, int by_kiosk,
		   antre_result_t *res, int wait)
{
	const antre_ticket_t *t = NULL;
	int rc;

	pthread_mutex_lock(&core->lock);
	if (refuse_now(core, res))
		return;
	rc = antre_queue_cancel(core->queue, ticket_id, reason, by_kiosk, &core->events, &t);
	fill_result(core, rc, t, 0, -1, res);
	commit_and_unlock(core, res, wait);
}

void antre_core_set_status_async(antre_core_t *core, int service, antre_service_status_t status,
				 const char *reason, antre_result_t *res)
{
	int rc;

	pthread_mutex_lock(&core->lock);
	if (refuse_now(core, res))
		return;
	rc = antre_queue_set_status(core->queue, service, status, reason, &core->events);
	fill_result(core, rc, NULL, 0, -1, res);
	commit_and_unlock(core, res, 0);
}

void antre_core_issue(antre_core_t *core, const antre_issue_t *req, antre_result_t *res)
{
	issue(core, req, res, 1);
}

void antre_core_issue_async(antre_core_t *core, const antre_issue_t *req, antre_result_t *res)
{
	issue(core, req, res, 0);
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
		       int by_kiosk, antre_result_t *res)
{
	cancel(core, ticket_id, reason, by_kiosk, res, 1);
}

void antre_core_cancel_async(antre_core_t *core, const char *ticket_id, const char *reason,
			     int by_kiosk, antre_result_t *res)
{
	cancel(core, ticket_id, reason, by_kiosk, res, 0);
}

int64_t antre_core_tick(antre_core_t *core)
{
	antre_result_t res;
	int64_t now, local_ms, into_day;

	pthread_mutex_lock(&core->lock);
	antre_queue_tick(core->queue, &core->events);
	commit_and_unlock(core, &res, 0);   /* nobody waits for a rollover's answer; the
					     * main thread must stay free for SIGTERM */

	now = core->clock->now_ms(core->clock);
	local_ms = now + (int64_t)core->clock->utc_offset_s(core->clock, now) * 1000 -
		   (int64_t)core->cfg->reset_at_min * 60000;
	into_day = ((local_ms % 86400000) + 86400000) % 86400000;
	return 86400000 - into_day;
}

const antre_queue_t *antre_core_read_begin(antre_core_t *core)
{
	pthread_mutex_lock(&core->view_lock);
	return core->view;
}

void antre_core_read_end(antre_core_t *core)
{
	pthread_mutex_unlock(&core->view_lock);
}

char *antre_core_dump_live(antre_core_t *core)
{
	char *dump;
	pthread_mutex_lock(&core->lock);
	dump = antre_queue_dump(core->queue);
	pthread_mutex_unlock(&core->lock);
	return dump;
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

const antre_replay_t *antre_core_replay_report(const antre_core_t *core, size_t *set_aside)
{
	*set_aside = core->set_aside;
	return &core->replay;
}
