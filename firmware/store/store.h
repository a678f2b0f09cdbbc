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

#define ANTRE_STORE_SCHEMA 4

typedef struct antre_store antre_store_t;

/* Open (creating if needed) the database at path. cfg (borrowed, must outlive the
 * store) maps the engine's indexes to the ids kept on disk. Takes PATH.lock so a
 * second antred on the same log refuses to start, and proves the log can be written
 * (a real, fsync'd write) before returning. On error returns -1 with a sentence in
 * err that names the file and the likely cause. */
int antre_store_open(const char *path, const antre_config_t *cfg, antre_store_t **out,
		     char *err, size_t errcap);
/* Stop the writer after it has committed everything submitted, and close. */
void antre_store_close(antre_store_t *s);

/* What a replay could not apply, and why; owned by the caller (antre_replay_free). */
#define ANTRE_REPLAY_REASONS 8
typedef struct {
	size_t applied, skipped;
	struct {
		char why[120];       /* "name service IMIGRASI, which the config no longer has" */
		size_t count;
	} reasons[ANTRE_REPLAY_REASONS];
	int n_reasons;
	char (*damaged)[ANTRE_TICKET_ID_LEN + 1];   /* tickets with an event not applied */
	size_t n_damaged;
} antre_replay_t;
void antre_replay_free(antre_replay_t *r);

/* Rebuild each of the nq queues (fresh) from the log: every event since the last day
 * reset that carried nothing over, in seq order; their seq continues after the newest
 * stored event. An event that cannot be applied is counted in *report with its reason
 * (never silently dropped), and a number it handed out is still reserved, so the
 * next number of its prefix comes after it. Returns 0 or -1 (read error, message in
 * err). Call before submitting. */
int antre_store_replay(antre_store_t *s, antre_queue_t *const *qs, int nq,
		       antre_replay_t *report, char *err, size_t errcap);

/* Queue n events (in seq order; callers serialise submit calls, normally under the
 * engine lock) for the writer. Returns a token for antre_store_wait. Never blocks on
 * the disk. The events are copied. */
uint64_t antre_store_submit(antre_store_t *s, const antre_event_t *ev, size_t n);
/* Block until everything up to token is durable. 0, or -1 if the disk write failed
 * (the store then refuses everything: restart to recover from the log). A log that
 * another program has locked (a backup, a sqlite3 shell) is retried, not failed. */
int antre_store_wait(antre_store_t *s, uint64_t token);

/* How long (ms) the writer has been waiting for a lock another program holds on the
 * log; 0 when it is not. Callers refuse new commands while this is large. */
int64_t antre_store_busy_ms(antre_store_t *s);

/* For a clean stop: wait up to ms for everything submitted to be durable. If it is
 * not by then, nothing more is ever written (what is pending is dropped, its waiters
 * get -1) and -1 is returned. */
int antre_store_flush(antre_store_t *s, long ms);

/* Called on the writer thread after each commit with the committed events, in seq
 * order, before the waiters of that commit are released; called with (NULL, 0) when a
 * commit failed (the store then refuses everything). Must not call back into the
 * store's submit/wait. */
typedef void (*antre_store_commit_fn)(void *ctx, const antre_event_t *ev, size_t n);
void antre_store_on_commit(antre_store_t *s, antre_store_commit_fn fn, void *ctx);

/* Read stored events with seq > after_seq, oldest first, up to max rows (0: no limit),
 * into out (appended). Rows the config can no longer name are left out (they were
 * reported at start); *scanned_to (may be NULL) gets the last seq looked at, so a
 * reader can move past them without skipping anything else. 0, or -1 on a read
 * error (nothing is skipped then). Own connection: never waits for the writer. */
int antre_store_read(antre_store_t *s, int64_t after_seq, size_t max, antre_events_t *out,
		     int64_t *scanned_to);

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
