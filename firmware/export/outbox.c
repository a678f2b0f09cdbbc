/* The office side of the export: committed events read from the SQLite log on a
 * read-only connection, and the confirmed seq kept in a file of its own, so the
 * exporter never takes the lock the store's writer needs. */
#include "outbox.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "xmalloc.h"

struct outbox {
	sqlite3 *log;        /* the event log, read-only */
	sqlite3 *progress;   /* PATH.export */
	sqlite3_stmt *read, *newest, *next_at, *one, *get, *put;
	char office_id[ANTRE_ID_MAX];
	char path[ANTRE_PATH_MAX + 8];
};

static int fail_sql(sqlite3 *db, const char *doing, const char *path, char *err, size_t errcap)
{
	snprintf(err, errcap, "%s %s: %s", doing, path, db ? sqlite3_errmsg(db) : "out of memory");
	return -1;
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, const char *path, char *err,
		   size_t errcap)
{
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return fail_sql(db, "cannot read", path, err, errcap);
	return 0;
}

static int open_progress(outbox_t *o, const char *db_path, char *err, size_t errcap)
{
	char *msg = NULL;

	snprintf(o->path, sizeof(o->path), "%s.export", db_path);
	if (sqlite3_open_v2(o->path, &o->progress, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		return fail_sql(o->progress, "cannot open", o->path, err, errcap);
	sqlite3_busy_timeout(o->progress, 5000);   /* an --export-once beside antred */
	if (sqlite3_exec(o->progress, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE IF NOT EXISTS export_progress (office_id TEXT PRIMARY KEY,"
			 " seq INTEGER NOT NULL, at_ms INTEGER NOT NULL)", NULL, NULL,
			 &msg) != SQLITE_OK) {
		snprintf(err, errcap, "cannot set up %s: %s", o->path, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return prepare(o->progress, "SELECT seq FROM export_progress WHERE office_id = ?1",
		       &o->get, o->path, err, errcap) < 0 ||
			       prepare(o->progress, "INSERT OR REPLACE INTO export_progress"
				       " VALUES (?1, ?2, ?3)", &o->put, o->path, err, errcap) < 0
		       ? -1
		       : 0;
}

outbox_t *outbox_open(const char *db_path, const char *office_id, char *err, size_t errcap)
{
	outbox_t *o = xcalloc(1, sizeof(*o));

	antre_strlcpy(o->office_id, office_id, sizeof(o->office_id));
	if (sqlite3_open_v2(db_path, &o->log, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fail_sql(o->log, "cannot open the event log", db_path, err, errcap);
		goto fail;
	}
	sqlite3_busy_timeout(o->log, 1000);
	if (prepare(o->log, "SELECT * FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
		    &o->read, db_path, err, errcap) < 0 ||
	    prepare(o->log, "SELECT coalesce(max(seq), 0) FROM events", &o->newest, db_path, err,
		    errcap) < 0 ||
	    prepare(o->log, "SELECT at_ms FROM events WHERE seq > ?1 ORDER BY seq LIMIT 1",
		    &o->next_at, db_path, err, errcap) < 0 ||
	    prepare(o->log, "SELECT at_ms, type FROM events WHERE seq = ?1", &o->one, db_path,
		    err, errcap) < 0 ||
	    open_progress(o, db_path, err, errcap) < 0)
		goto fail;
	return o;
fail:
	outbox_close(o);
	return NULL;
}

void outbox_close(outbox_t *o)
{
	if (o == NULL)
		return;
	sqlite3_finalize(o->read);
	sqlite3_finalize(o->newest);
	sqlite3_finalize(o->next_at);
	sqlite3_finalize(o->one);
	sqlite3_finalize(o->get);
	sqlite3_finalize(o->put);
	sqlite3_close(o->log);
	sqlite3_close(o->progress);
	free(o);
}

void outbox_batch_free(outbox_batch_t *b)
{
	free(b->json);
	free(b->days);
	memset(b, 0, sizeof(*b));
}

/* Column i of the current row as JSON (NULL for an SQL NULL or a blob). */
static json_t *column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_integer((json_int_t)sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	case SQLITE_TEXT:
		return json_stringn((const char *)sqlite3_column_text(st, i),
				    (size_t)sqlite3_column_bytes(st, i));
	default:
		return NULL;
	}
}

/* The current row as {"seq","day","at_ms","type","data":{every other column}}. */
static json_t *row_json(sqlite3_stmt *st, char *day, size_t daycap, char *err, size_t errcap)
{
	json_t *ev = json_object(), *data = json_object();
	int64_t seq = sqlite3_column_int64(st, 0);

	for (int i = 0; i < sqlite3_column_count(st); i++) {
		const char *name = sqlite3_column_name(st, i);
		int top = strcmp(name, "seq") == 0 || strcmp(name, "day") == 0 ||
			  strcmp(name, "at_ms") == 0 || strcmp(name, "type") == 0;
		json_t *v;

		if (sqlite3_column_type(st, i) == SQLITE_NULL)
			continue;
		v = column_json(st, i);
		if (v == NULL) {
			snprintf(err, errcap, "event %lld: column %s is not text the centre can take "
				 "(not UTF-8?)", (long long)seq, name);
			json_decref(ev);
			json_decref(data);
			return NULL;
		}
		if (strcmp(name, "day") == 0)
			antre_strlcpy(day, json_string_value(v), daycap);
		json_object_set_new(top ? ev : data, name, v);
	}
	json_object_set_new(ev, "data", data);
	return ev;
}

int outbox_read(outbox_t *o, int64_t after, size_t max, outbox_batch_t *b, char *err,
		size_t errcap)
{
	json_t *arr = json_array();
	int step, rc = -1;

	memset(b, 0, sizeof(*b));
	b->days = xcalloc(max ? max : 1, sizeof(*b->days));
	sqlite3_bind_int64(o->read, 1, after);
	sqlite3_bind_int64(o->read, 2, (sqlite3_int64)max);
	while ((step = sqlite3_step(o->read)) == SQLITE_ROW) {
		json_t *ev = row_json(o->read, b->days[b->n], sizeof(b->days[0]), err, errcap);
		if (ev == NULL)
			goto out;
		b->last_seq = sqlite3_column_int64(o->read, 0);
		if (b->n == 0)
			b->first_seq = b->last_seq;
		json_array_append_new(arr, ev);
		b->n++;
	}
	if (step != SQLITE_DONE) {
		fail_sql(sqlite3_db_handle(o->read), "cannot read the event log", "", err, errcap);
		goto out;
	}
	b->json = json_dumps(arr, JSON_COMPACT);
	rc = 0;
out:
	sqlite3_reset(o->read);   /* ends the read transaction: checkpoints may go on */
	json_decref(arr);
	if (rc < 0)
		outbox_batch_free(b);
	return rc;
}

/* One integer from st (reset after): 0 when there is no row. */
static int one_int(sqlite3_stmt *st, int64_t *v)
{
	int step = sqlite3_step(st);

	*v = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : -1;
}

int outbox_position(outbox_t *o, int64_t after, int64_t *newest, int64_t *next_at_ms,
		    char *err, size_t errcap)
{
	sqlite3_bind_int64(o->next_at, 1, after);
	if (one_int(o->newest, newest) < 0 || one_int(o->next_at, next_at_ms) < 0)
		return fail_sql(o->log, "cannot read the event log", "", err, errcap);
	return 0;
}

int outbox_event(outbox_t *o, int64_t seq, int64_t *at_ms, char *type, size_t typecap,
		 char *err, size_t errcap)
{
	int step;

	*at_ms = -1;
	type[0] = '\0';
	sqlite3_bind_int64(o->one, 1, seq);
	step = sqlite3_step(o->one);
	if (step == SQLITE_ROW) {
		*at_ms = sqlite3_column_int64(o->one, 0);
		antre_strlcpy(type, (const char *)sqlite3_column_text(o->one, 1), typecap);
	}
	sqlite3_reset(o->one);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return fail_sql(o->log, "cannot read the event log", "", err, errcap);
	return 0;
}

int outbox_confirmed(outbox_t *o, int64_t *seq, char *err, size_t errcap)
{
	sqlite3_bind_text(o->get, 1, o->office_id, -1, SQLITE_STATIC);
	if (one_int(o->get, seq) < 0)
		return fail_sql(o->progress, "cannot read", o->path, err, errcap);
	return 0;
}

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int outbox_confirm(outbox_t *o, int64_t seq, char *err, size_t errcap)
{
	int step;

	sqlite3_bind_text(o->put, 1, o->office_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(o->put, 2, seq);
	sqlite3_bind_int64(o->put, 3, wall_ms());
	step = sqlite3_step(o->put);
	sqlite3_reset(o->put);
	if (step != SQLITE_DONE)
		return fail_sql(o->progress, "cannot write", o->path, err, errcap);
	return 0;
}
