/* The office core: one engine, one event log and the lock between them. Every
 * command runs the engine under the lock, hands its events to the store, and returns
 * only once they are durable. Readers take the lock briefly to copy what they need. */
#ifndef ANTRE_CORE_H
#define ANTRE_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "config.h"
#include "queue.h"
#include "store.h"

enum {
	ANTRE_E_STORE = -4,        /* the log could not be written: nothing was acknowledged */
	ANTRE_E_UNAVAILABLE = -6,  /* not now (log busy, stopping): nothing was changed */
};

typedef struct antre_core antre_core_t;

/* The outcome of a command, copied out of the engine under the lock. */
typedef struct {
	int rc;                    /* 0 or ANTRE_E_* */
	char message[256];         /* why it was refused */
	int replayed;              /* an issue retried with its idempotency key: no new ticket;
				    * a resume: 1 an earlier resume's ticket, 2 this request's
				    * (sent again with its key) */
	int has_ticket;
	antre_ticket_t ticket;
	int ahead;                 /* for a waiting ticket */
	int est_wait_s;
	int has_counter;
	int counter;
	antre_counter_status_t counter_status;
	int64_t seq;               /* state seq after the command */
	char return_on[ANTRE_DAY_LEN + 1];   /* a resume refused as too early: the date */
} antre_result_t;

/* Open the store at db_path, replay it into a fresh engine, and set aside (explicitly,
 * as logged no-shows) the open tickets the log could not fully replay against this
 * config, e.g. one held by a counter that was removed. cfg and clock are borrowed.
 * Returns 0, or -1 with a sentence in err.
 *
 * The core keeps two engines: the one commands run on, and a committed view that
 * only ever holds events already durable in the log. Readers (state, the stream's
 * snapshot, ticket pages, reports, metrics) see the view, so nothing is shown that a
 * kill -9 could take back. */
int antre_core_open(const antre_config_t *cfg, const char *db_path, antre_clock_t *clock,
		    antre_core_t **out, char *err, size_t errcap);
void antre_core_close(antre_core_t *core);

/* Events of each commit, in seq order (see antre_store_on_commit). */
void antre_core_on_commit(antre_core_t *core, antre_store_commit_fn fn, void *ctx);

/* Commands. These block until the command's events are durable (res->rc is
 * ANTRE_E_STORE if they could not be written). */
void antre_core_issue(antre_core_t *core, const antre_issue_t *req, antre_result_t *res);
void antre_core_counter(antre_core_t *core, int counter, antre_action_t action,
			const char *arg, antre_result_t *res);
/* by_kiosk: see antre_queue_cancel. */
void antre_core_cancel(antre_core_t *core, const char *ticket_id, const char *reason,
		       int by_kiosk, antre_result_t *res);

/* The same, returning as soon as the events are handed to the log: the caller must not
 * acknowledge anything until events up to res->seq are committed (see the commit
 * callback). Servers use these so no thread sits waiting for the disk. */
void antre_core_issue_async(antre_core_t *core, const antre_issue_t *req, antre_result_t *res);
void antre_core_counter_async(antre_core_t *core, int counter, antre_action_t action,
			      const char *arg, antre_result_t *res);
void antre_core_cancel_async(antre_core_t *core, const char *ticket_id, const char *reason,
			     int by_kiosk, antre_result_t *res);
/* A return visit of a deferred journey (antre_queue_resume); res->replayed when
 * today's ticket of that journey was made by an earlier resume. */
void antre_core_resume_async(antre_core_t *core, const char *key, const antre_issue_t *req,
			     antre_result_t *res);
/* Set a service's status (antre_queue_set_status). */
void antre_core_set_status_async(antre_core_t *core, int service, antre_service_status_t status,
				 const char *reason, antre_result_t *res);
/* From now on every command is refused with ANTRE_E_UNAVAILABLE (antred is stopping). */
void antre_core_refuse_commands(antre_core_t *core);
/* Run fn(ctx) with no command, no commit and no config reader in progress (every lock
 * of the core held): for changing the borrowed config's texts and tokens on a reload. */
void antre_core_exclusive(antre_core_t *core, void (*fn)(void *ctx), void *ctx);
/* Hold the config still (shared with other readers) while reading its texts and
 * tokens outside the writer thread: a request from identification to its answer, an
 * event formatted from the log. Taken before any other lock of the core; may nest. */
void antre_core_config_read_begin(antre_core_t *core);
void antre_core_config_read_end(antre_core_t *core);
/* Roll the day over if due. Returns ms until the next reset is due (for a timer). */
int64_t antre_core_tick(antre_core_t *core);

/* Hold the view's lock to read the committed state; pair every begin with an end. */
const antre_queue_t *antre_core_read_begin(antre_core_t *core);
void antre_core_read_end(antre_core_t *core);

antre_store_t *antre_core_store(antre_core_t *core);
/* For tests (the HTTP fuzzer): antre_queue_dump of the engine commands run on, taken
 * under its lock, to compare with a replay of the log. Caller frees. */
char *antre_core_dump_live(antre_core_t *core);
int64_t antre_core_now_ms(antre_core_t *core);
int32_t antre_core_utc_offset_s(antre_core_t *core, int64_t utc_ms);
const antre_config_t *antre_core_config(const antre_core_t *core);
/* What the replay at open applied, skipped (and why), and how many open tickets it set
 * aside. Valid while the core is open. */
const antre_replay_t *antre_core_replay_report(const antre_core_t *core, size_t *set_aside);

#endif
