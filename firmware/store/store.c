/* SQLite event log with a group-committing writer thread. */
#include "store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "xmalloc.h"

const double antre_store_latency_bounds_ms[ANTRE_STORE_LAT_BUCKETS] = {
	0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250
};

struct antre_store {
	const antre_config_t *cfg;
	sqlite3 *wdb;              /* the writer's connection */
	sqlite3 *rdb;              /* readers' connection (replay, catch-up reads) */
	sqlite3_stmt *insert;
	pthread_mutex_t rlock;

	pthread_t writer;
	pthread_mutex_t lock;
	pthread_cond_t work;       /* pending events or stop */
	pthread_cond_t done;       /* committed moved or failed */
	antre_events_t pending;
	uint64_t submitted;        /* submissions so far */
	uint64_t committed;        /* submissions durable so far */
	uint64_t group_target;     /* submitters expected back for the next group */
	int failed;
	int stop;
	antre_store_commit_fn on_commit;
	void *on_commit_ctx;
	antre_store_stats_t stats;
};

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS events ("
	" seq INTEGER PRIMARY KEY,"
	" day TEXT NOT NULL,"
	" at_ms INTEGER NOT NULL,"
	" type TEXT NOT NULL,"
	" ticket TEXT, number TEXT, service TEXT, from_service TEXT, journey TEXT,"
	" step INTEGER, priority INTEGER, counter TEXT,"
	" aux INTEGER NOT NULL DEFAULT 0, reason TEXT);"
	"CREATE INDEX IF NOT EXISTS events_day ON events(day, seq);"
	"CREATE INDEX IF NOT EXISTS events_ticket ON events(ticket) WHERE type = 'ticket.issued';"
	"CREATE INDEX IF NOT EXISTS events_reset ON events(seq) WHERE type = 'day.reset';";

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int exec(sqlite3 *db, const char *sql, char *err, size_t errcap)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errcap, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int open_conn(const char *path, sqlite3 **db, char *err, size_t errcap)
{
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errcap, "cannot open database %s: %s", path,
			 *db ? sqlite3_errmsg(*db) : "out of memory");
		return -1;
	}
	sqlite3_busy_timeout(*db, 5000);
	return exec(*db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", err, errcap);
}

/* Create the schema on a new file; refuse a file from a newer antre. */
static int migrate(sqlite3 *db, const char *path, char *err, size_t errcap)
{
	sqlite3_stmt *st = NULL;
	int version = 0;
	char sql[64];

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errcap, "%s: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > ANTRE_STORE_SCHEMA) {
		snprintf(err, errcap, "%s was written by a newer antre (schema %d; this one "
			 "knows %d)", path, version, ANTRE_STORE_SCHEMA);
		return -1;
	}
	if (version == ANTRE_STORE_SCHEMA)
		return 0;
	if (exec(db, "BEGIN IMMEDIATE", err, errcap) < 0 || exec(db, schema_sql, err, errcap) < 0)
		return -1;
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", ANTRE_STORE_SCHEMA);
	if (exec(db, sql, err, errcap) < 0 || exec(db, "COMMIT", err, errcap) < 0)
		return -1;
	return 0;
}

static void bind_id(sqlite3_stmt *st, int col, const char *id)
{
	if (id)
		sqlite3_bind_text(st, col, id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

static void bind_text(sqlite3_stmt *st, int col, const char *s)
{
	bind_id(st, col, s[0] ? s : NULL);
}

static int insert_event(antre_store_t *s, const antre_event_t *e)
{
	const antre_config_t *cfg = s->cfg;
	sqlite3_stmt *st = s->insert;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, e->seq);
	sqlite3_bind_text(st, 2, e->day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, e->at_ms);
	sqlite3_bind_text(st, 4, antre_event_type_name(e->type), -1, SQLITE_STATIC);
	bind_text(st, 5, e->ticket);
	bind_text(st, 6, e->number);
	bind_id(st, 7, e->service >= 0 ? cfg->services[e->service].id : NULL);
	bind_id(st, 8, e->journey >= 0 ? cfg->journeys[e->journey].id : NULL);
	sqlite3_bind_int(st, 9, e->step);
	sqlite3_bind_int(st, 10, e->priority);
	bind_id(st, 11, e->counter >= 0 ? cfg->counters[e->counter].id : NULL);
	sqlite3_bind_int64(st, 12, e->aux);
	bind_text(st, 13, e->reason);
	bind_id(st, 14, e->from_service >= 0 ? cfg->services[e->from_service].id : NULL);
	rc = sqlite3_step(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Write one batch in one transaction. */
static int commit_batch(antre_store_t *s, const antre_events_t *batch)
{
	char err[256];
	if (exec(s->wdb, "BEGIN IMMEDIATE", err, sizeof(err)) < 0)
		goto fail;
	for (size_t i = 0; i < batch->n; i++)
		if (insert_event(s, &batch->v[i]) < 0) {
			char ignored[64];
			snprintf(err, sizeof(err), "%s", sqlite3_errmsg(s->wdb));
			exec(s->wdb, "ROLLBACK", ignored, sizeof(ignored));
			goto fail;
		}
	if (exec(s->wdb, "COMMIT", err, sizeof(err)) < 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "antre: event log write failed: %s\n", err);
	return -1;
}

/* Group commit delay (like PostgreSQL's commit_delay, but bounded by who is coming
 * back): the last commit released some submitters while others were already queued;
 * give the released ones up to GROUP_WAIT_US to submit again, so that one fsync covers
 * everybody. A lone writer never waits. */
#define GROUP_WAIT_US 200
static void gather_group(antre_store_t *s)
{
	struct timespec deadline;
	antre_deadline_in(&deadline, 0);
	deadline.tv_nsec += GROUP_WAIT_US * 1000;   /* < 1 s: one carry at most */
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	while (!s->stop && s->submitted - s->committed < s->group_target &&
	       pthread_cond_timedwait(&s->work, &s->lock, &deadline) == 0)
		;
}

static void *writer_main(void *arg)
{
	antre_store_t *s = arg;
	antre_events_t batch;

	antre_events_init(&batch);
	pthread_mutex_lock(&s->lock);
	for (;;) {
		uint64_t upto;
		struct timespec t0;
		double ms;
		int rc;

		while (s->pending.n == 0 && !s->stop)
			pthread_cond_wait(&s->work, &s->lock);
		if (s->pending.n == 0 && s->stop)
			break;
		gather_group(s);
		/* Take everything submitted so far: that is the group. */
		antre_events_t tmp = batch;
		batch = s->pending;
		s->pending = tmp;
		antre_events_clear(&s->pending);
		upto = s->submitted;
		pthread_mutex_unlock(&s->lock);

		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = s->failed ? -1 : commit_batch(s, &batch);
		ms = ms_since(&t0);

		/* Tell listeners in commit order, before waiters are released, so a client
		 * never sees its answer before the event stream has the event. */
		if (s->on_commit)
			s->on_commit(s->on_commit_ctx, rc == 0 ? batch.v : NULL,
				     rc == 0 ? batch.n : 0);

		pthread_mutex_lock(&s->lock);
		if (rc == 0) {
			int b = 0;
			s->group_target = s->submitted - s->committed;
			s->committed = upto;
			s->stats.commits++;
			s->stats.events += batch.n;
			while (b < ANTRE_STORE_LAT_BUCKETS && ms > antre_store_latency_bounds_ms[b])
				b++;
			s->stats.latency_count[b]++;
			s->stats.latency_sum_ms += ms;
		} else {
			s->failed = 1;
		}
		antre_events_clear(&batch);
		pthread_cond_broadcast(&s->done);
	}
	pthread_mutex_unlock(&s->lock);
	antre_events_free(&batch);
	return NULL;
}

int antre_store_open(const char *path, const antre_config_t *cfg, antre_store_t **out,
		     char *err, size_t errcap)
{
	antre_store_t *s = xcalloc(1, sizeof(*s));
	static const char insert_sql[] =
		"INSERT INTO events(seq, day, at_ms, type, ticket, number, service, journey,"
		" step, priority, counter, aux, reason, from_service)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

	*out = NULL;
	s->cfg = cfg;
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->rlock, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->done, NULL);
	antre_events_init(&s->pending);
	if (open_conn(path, &s->wdb, err, errcap) < 0 || migrate(s->wdb, path, err, errcap) < 0 ||
	    open_conn(path, &s->rdb, err, errcap) < 0)
		goto fail;
	if (sqlite3_prepare_v2(s->wdb, insert_sql, -1, &s->insert, NULL) != SQLITE_OK) {
		snprintf(err, errcap, "%s: %s", path, sqlite3_errmsg(s->wdb));
		goto fail;
	}
	if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
		snprintf(err, errcap, "cannot start the log writer thread");
		goto fail;
	}
	*out = s;
	return 0;
fail:
	sqlite3_finalize(s->insert);
	sqlite3_close(s->wdb);
	sqlite3_close(s->rdb);
	free(s);
	return -1;
}

void antre_store_close(antre_store_t *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = 1;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->writer, NULL);
	sqlite3_finalize(s->insert);
	sqlite3_close(s->wdb);
	sqlite3_close(s->rdb);
	antre_events_free(&s->pending);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->rlock);
	pthread_cond_destroy(&s->work);
	pthread_cond_destroy(&s->done);
	free(s);
}

void antre_store_on_commit(antre_store_t *s, antre_store_commit_fn fn, void *ctx)
{
	pthread_mutex_lock(&s->lock);
	s->on_commit = fn;
	s->on_commit_ctx = ctx;
	pthread_mutex_unlock(&s->lock);
}

uint64_t antre_store_submit(antre_store_t *s, const antre_event_t *ev, size_t n)
{
	uint64_t token;
	pthread_mutex_lock(&s->lock);
	if (n > 0) {
		int was_idle = s->pending.n == 0;
		for (size_t i = 0; i < n; i++)
			antre_events_push(&s->pending, &ev[i]);
		s->submitted++;
		/* Wake the writer only when it has something new to decide: the first
		 * submission of a group, or the one that completes it. */
		if (was_idle || s->submitted - s->committed >= s->group_target)
			pthread_cond_signal(&s->work);
	}
	token = s->submitted;
	pthread_mutex_unlock(&s->lock);
	return token;
}

int antre_store_wait(antre_store_t *s, uint64_t token)
{
	int rc;
	pthread_mutex_lock(&s->lock);
	while (s->committed < token && !s->failed)
		pthread_cond_wait(&s->done, &s->lock);
	rc = s->committed >= token ? 0 : -1;
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static const char *col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

/* Row → event. Returns -1 when an id is no longer in the config. */
static int row_to_event(const antre_config_t *cfg, sqlite3_stmt *st, antre_event_t *e)
{
	int type = antre_event_type_parse(col_text(st, 3));
	const char *svc = col_text(st, 6), *jr = col_text(st, 7), *ctr = col_text(st, 10);
	const char *from = col_text(st, 13);

	antre_event_blank(e, type < 0 ? ANTRE_EV_DAY_RESET : (antre_event_type_t)type);
	e->seq = sqlite3_column_int64(st, 0);
	antre_strlcpy(e->day, col_text(st, 1), sizeof(e->day));
	e->at_ms = sqlite3_column_int64(st, 2);
	antre_strlcpy(e->ticket, col_text(st, 4), sizeof(e->ticket));
	antre_strlcpy(e->number, col_text(st, 5), sizeof(e->number));
	e->service = svc[0] ? antre_config_service_index(cfg, svc) : -1;
	e->from_service = from[0] ? antre_config_service_index(cfg, from) : -1;
	e->journey = jr[0] ? antre_config_journey_index(cfg, jr) : -1;
	e->step = sqlite3_column_int(st, 8);
	e->priority = sqlite3_column_int(st, 9);
	e->counter = ctr[0] ? antre_config_counter_index(cfg, ctr) : -1;
	e->aux = sqlite3_column_int64(st, 11);
	antre_strlcpy(e->reason, col_text(st, 12), sizeof(e->reason));
	if (type < 0 || (svc[0] && e->service < 0) || (jr[0] && e->journey < 0) ||
	    (from[0] && e->from_service < 0) ||
	    (ctr[0] && e->counter < 0))
		return -1;
	return 0;
}

static const char select_cols[] =
	"SELECT seq, day, at_ms, type, ticket, number, service, journey, step, priority,"
	" counter, aux, reason, from_service FROM events";

int antre_store_replay(antre_store_t *s, antre_queue_t *q, size_t *applied, size_t *skipped,
		       char *err, size_t errcap)
{
	sqlite3_stmt *st = NULL;
	int64_t from = 0, max_seq = 0;
	size_t n_ok = 0, n_bad = 0;
	char sql[512];
	int rc = -1, step;

	pthread_mutex_lock(&s->rlock);
	if (sqlite3_prepare_v2(s->rdb, "SELECT coalesce(max(seq), 0) FROM events", -1, &st,
			       NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto sqlerr;
	max_seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(s->rdb, "SELECT coalesce(max(seq), 0) FROM events"
			       " WHERE type = 'day.reset' AND aux = 0", -1, &st,
			       NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto sqlerr;
	from = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);

	snprintf(sql, sizeof(sql), "%s WHERE seq >= ?1 ORDER BY seq", select_cols);
	if (sqlite3_prepare_v2(s->rdb, sql, -1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_int64(st, 1, from);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		antre_event_t e;
		if (row_to_event(s->cfg, st, &e) < 0 || antre_queue_apply(q, &e) < 0)
			n_bad++;
		else
			n_ok++;
	}
	if (step != SQLITE_DONE)
		goto sqlerr;
	antre_queue_set_seq(q, max_seq);
	if (applied)
		*applied = n_ok;
	if (skipped)
		*skipped = n_bad;
	rc = 0;
	goto out;
sqlerr:
	snprintf(err, errcap, "reading the event log: %s", sqlite3_errmsg(s->rdb));
out:
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->rlock);
	return rc;
}

/* SELECT events with one bound value (the text b, or else the number a) into out. */
static int read_events(antre_store_t *s, const char *where, int64_t a, const char *b,
		       antre_events_t *out)
{
	sqlite3_stmt *st = NULL;
	char sql[512];
	int rc = -1, step;

	snprintf(sql, sizeof(sql), "%s %s", select_cols, where);
	pthread_mutex_lock(&s->rlock);
	if (sqlite3_prepare_v2(s->rdb, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	if (b)
		sqlite3_bind_text(st, 1, b, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, a);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		antre_event_t e;
		if (row_to_event(s->cfg, st, &e) == 0)
			antre_events_push(out, &e);
	}
	rc = step == SQLITE_DONE ? 0 : -1;
out:
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->rlock);
	return rc;
}

int antre_store_read(antre_store_t *s, int64_t after_seq, size_t max, antre_events_t *out)
{
	char where[96];
	snprintf(where, sizeof(where), "WHERE seq > ?1 ORDER BY seq LIMIT %lld",
		 max ? (long long)max : -1LL);
	return read_events(s, where, after_seq, NULL, out);
}

int antre_store_read_day(antre_store_t *s, const char *day, antre_events_t *out)
{
	return read_events(s, "WHERE day = ?1 ORDER BY seq", 0, day, out);
}

void antre_store_stats(antre_store_t *s, antre_store_stats_t *out)
{
	pthread_mutex_lock(&s->lock);
	*out = s->stats;
	pthread_mutex_unlock(&s->lock);
}
