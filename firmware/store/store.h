/* The durable event log in SQLite (WAL, synchronous=FULL). Appends from many threads
 * are group-committed by one writer thread: a submitted batch is on disk when
 * antre_store_wait() returns 0, and batches reach the disk in submission order. */
#ifndef ANTRE_STORE_H
#define ANTRE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "event.h"
#include "queue.h"

#define ANTRE_STORE_SCHEMA 1

typedef struct antre_store antre_store_t;

/* Open (creating if needed) the database at path. cfg (borrowed, must outlive the
 * store) maps the engine's indexes to the ids kept on disk. On error returns -1 with
 * a sentence in err. */
int antre_store_open(const char *path, const antre_config_t *cfg, antre_store_t **out,
		     char *err, size_t errcap);
/* Stop the writer after it has committed everything submitted, and close. */
void antre_store_close(antre_store_t *s);

/* Rebuild q (fresh) from the log: every event since the last day reset that carried
 * nothing over, in seq order; q's seq continues after the newest stored event.
 * *applied / *skipped (may be NULL) count events applied and events that no longer
 * fit the config. Returns 0 or -1 (read error, message in err). Call before submitting. */
int antre_store_replay(antre_store_t *s, antre_queue_t *q, size_t *applied, size_t *skipped,
		       char *err, size_t errcap);

/* Queue n events (in seq order; callers serialise submit calls, normally under the
 * engine lock) for the writer. Returns a token for antre_store_wait. Never blocks on
 * the disk. The events are copied. */
uint64_t antre_store_submit(antre_store_t *s, const antre_event_t *ev, size_t n);
/* Block until everything up to token is durable. 0, or -1 if the disk write failed
 * (the store then refuses everything: restart to recover from the log). */
int antre_store_wait(antre_store_t *s, uint64_t token);

/* Called on the writer thread after each commit with the committed events, in seq
 * order, before the waiters of that commit are released; called with (NULL, 0) when a
 * commit failed (the store then refuses everything). Must not call back into the
 * store's submit/wait. */
typedef void (*antre_store_commit_fn)(void *ctx, const antre_event_t *ev, size_t n);
void antre_store_on_commit(antre_store_t *s, antre_store_commit_fn fn, void *ctx);

/* Read stored events with seq > after_seq, oldest first, up to max (0: no limit), into
 * out (appended). Uses its own connection, so it never waits for the writer. */
int antre_store_read(antre_store_t *s, int64_t after_seq, size_t max, antre_events_t *out);

/* Read every stored event of one office day ("YYYY-MM-DD"), oldest first. */
int antre_store_read_day(antre_store_t *s, const char *day, antre_events_t *out);

/* Commit statistics: number of transactions and events written, and a histogram of
 * commit latency (bucket upper bounds in antre_store_latency_bounds_ms). */
#define ANTRE_STORE_LAT_BUCKETS 10
extern const double antre_store_latency_bounds_ms[ANTRE_STORE_LAT_BUCKETS];
typedef struct {
	uint64_t commits;
	uint64_t events;
	uint64_t latency_count[ANTRE_STORE_LAT_BUCKETS + 1];   /* last: above every bound */
	double latency_sum_ms;
} antre_store_stats_t;
void antre_store_stats(antre_store_t *s, antre_store_stats_t *out);

#endif
