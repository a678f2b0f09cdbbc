/* The queue engine: the pure rules of an office day. Commands take the current
 * state and the injected clock and produce events; queue_apply() is the only place
 * state changes, so replaying the stored events rebuilds the state exactly.
 * No SQL, no sockets, no JSON, no time() in here. Not thread-safe: callers lock. */
#ifndef ANTRE_QUEUE_H
#define ANTRE_QUEUE_H

#include <stdint.h>

#include "clock.h"
#include "config.h"
#include "event.h"

/* Error codes of commands; antre_queue_strerror() for a name, and
 * antre_queue_last_error() for the sentence explaining the last refusal. */
enum {
	ANTRE_E_INVALID = -1,   /* bad argument: unknown service, malformed number */
	ANTRE_E_NOTFOUND = -2,  /* no such counter or ticket */
	ANTRE_E_CONFLICT = -3,  /* not allowed in the current state */
	ANTRE_E_FORBIDDEN = -5, /* allowed to somebody, not to the one asking */
	ANTRE_E_CLOSED = -7,    /* the service is closed: outside its hours, or set closed */
	ANTRE_E_QUOTA = -8,     /* the service's daily quota is used up */
	ANTRE_E_EARLY = -9,     /* a deferred journey resumed before its return date */
};

/* A ticket's code: 8 characters without 0/O, 1/I/L (31 symbols, ~40 bits). */
#define ANTRE_CODE_LEN 8
#define ANTRE_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

typedef struct {
	char id[ANTRE_TICKET_ID_LEN + 1];
	char number[ANTRE_NUMBER_MAX];
	int num;                /* daily sequence number behind `number` */
	int prefix;             /* 0..25 */
	int service;            /* current step's service, or the last one when closed */
	int journey;            /* -1: a single-service ticket */
	int step;
	int priority;
	int counter;            /* holding counter, -1 (ANTRE_COUNTER_GONE while replaying) */
	int kiosk;              /* the kiosk that issued it, -1 for admin */
	char lang[3];           /* "id" or "en": the language it was issued in */
	int ever_called;        /* called at any step today: a kiosk may no longer cancel */
	antre_ticket_state_t state;
	int recalls;
	int64_t issued_at, ready_at, called_at, started_at, finished_at;
	int64_t ready_seq;      /* seq of the event that put it in line (ties) */
	int heap_pos;           /* engine-internal: index in its service heap, -1 */
	/* Journeys across days: the code printed on the ticket (from its id), the
	 * journey's first ticket (itself on a first visit), which visit this is, the day
	 * the journey started; deferred: the day it comes back. returning: a return
	 * visit on its return day in a return_priority office, ahead in its first line. */
	char code[ANTRE_CODE_LEN + 1];
	char origin[ANTRE_TICKET_ID_LEN + 1];
	char resumes[ANTRE_TICKET_ID_LEN + 1];   /* the deferred ticket it resumes, "" */
	int visit;
	char since[ANTRE_DAY_LEN + 1];
	char return_on[ANTRE_DAY_LEN + 1];
	int returning;
} antre_ticket_t;

/* A journey whose applicant comes back another day: made by ticket.deferred, kept
 * across day resets, found by the code or id of its first or its deferred ticket.
 * Once resumed (resumed_id: today's ticket) it lasts until the day ends. */
typedef struct {
	char id[ANTRE_TICKET_ID_LEN + 1];       /* the deferred ticket */
	char code[ANTRE_CODE_LEN + 1];
	char origin[ANTRE_TICKET_ID_LEN + 1];
	char number[ANTRE_NUMBER_MAX];
	int journey, step, service, priority;
	int counter;            /* the desk that deferred it, -1 */
	int visit;              /* the visit that was deferred (1: the first day) */
	char lang[3];
	char since[ANTRE_DAY_LEN + 1], deferred_on[ANTRE_DAY_LEN + 1];
	char return_on[ANTRE_DAY_LEN + 1];
	int64_t deferred_at;
	char resumed_id[ANTRE_TICKET_ID_LEN + 1];   /* "" while it is still deferred */
	char resumed_number[ANTRE_NUMBER_MAX];
	int gone;               /* engine-internal: dropped, awaiting compaction */
} antre_deferral_t;

typedef struct {
	antre_counter_state_t state;
	int ticket;             /* index of the held ticket, -1 */
	int regular_since_priority;  /* for 1inN */
	int served;             /* finished tickets today */
	int64_t service_ms;     /* their service times summed (from start, else the call) */
	int64_t since_ms;       /* the counter's last event today (its idle time runs from
				 * there when it holds nobody), 0: none yet */
} antre_counter_status_t;

typedef struct {
	int64_t seq;
	int64_t at_ms;
	char number[ANTRE_NUMBER_MAX];
	int counter;
	int recall;
} antre_call_t;

#define ANTRE_RECENT_CALLS 10

typedef struct antre_queue antre_queue_t;

/* Build an empty engine for cfg (borrowed: must outlive the queue) and clock. */
antre_queue_t *antre_queue_create(const antre_config_t *cfg, antre_clock_t *clock);
void antre_queue_destroy(antre_queue_t *q);

/* Apply one event (from a command or from the store, in seq order). Returns 0, or
 * ANTRE_E_INVALID when the event does not fit the state (a corrupt log). */
int antre_queue_apply(antre_queue_t *q, const antre_event_t *e);

/* What a kiosk (or admin) asks for. idem, when not NULL or "", is the request's
 * idempotency key: asking again with the same key (from the same kiosk, the same day)
 * gets the ticket the first request made instead of a second one. */
typedef struct {
	int service;            /* one of service / journey, the other -1 */
	int journey;
	int priority;
	int kiosk;              /* the asking kiosk's index, -1 for admin */
	const char *idem;
	const char *lang;       /* "en", or "id" (also for NULL and anything else) */
} antre_issue_t;

/* Commands. Each appends the events it caused to *out (already applied, with seqs
 * assigned) and returns 0 or a negative ANTRE_E_*. A refused command changes nothing
 * of its own, but *out may still hold a day rollover that fell due: the caller must
 * store whatever *out holds, whatever the return value. *ticket, when not NULL, gets
 * the ticket concerned (or NULL); it stays valid until the next command or apply.
 * antre_queue_issue returns 1 (and emits no ticket) when req->idem was seen already. */
int antre_queue_issue(antre_queue_t *q, const antre_issue_t *req, antre_events_t *out,
		      const antre_ticket_t **ticket);
/* A return visit of the deferred journey that key names (its code in any case, with
 * or without the dash, a ticket id, or the status URL): a new ticket of today at the
 * deferred step (req gives kiosk, idem and lang; its service, journey and priority are
 * not used). 0; 1 when a resume made today's ticket already (*ticket: that one); 2
 * when that resume was this same request (its idempotency key, sent again because the
 * answer was lost); ANTRE_E_NOTFOUND; ANTRE_E_EARLY before the return date;
 * ANTRE_E_CLOSED. */
int antre_queue_resume(antre_queue_t *q, const char *key, const antre_issue_t *req,
		       antre_events_t *out, const antre_ticket_t **ticket);
int antre_queue_counter(antre_queue_t *q, int counter, antre_action_t action,
			const char *arg, antre_events_t *out, const antre_ticket_t **ticket);
/* by_kiosk >= 0: a kiosk asks, and may cancel only a ticket it issued that is waiting
 * and was never called (a failed print); -1: admin, any open or no-show ticket. */
int antre_queue_cancel(antre_queue_t *q, const char *ticket_id, const char *reason,
		       int by_kiosk, antre_events_t *out, const antre_ticket_t **ticket);
/* Take an open ticket out of every line and off its counter, explicitly, as a no-show
 * with this reason (a clerk can still call it by number today). Used at start for
 * tickets the log could not fully replay against the current config. 0, or
 * ANTRE_E_NOTFOUND when it is not open. */
int antre_queue_set_aside(antre_queue_t *q, const char *ticket_id, const char *reason,
			  antre_events_t *out);
/* Set a service's status (service.status): open, limited or closed, with the sentence
 * everyone is told (reason, up to ANTRE_REASON_MAX - 1 bytes; NULL or "" for none).
 * It stays until changed, across day resets. Setting what is already set emits
 * nothing. 0 or ANTRE_E_INVALID. */
int antre_queue_set_status(antre_queue_t *q, int service, antre_service_status_t status,
			   const char *reason, antre_events_t *out);
/* The deferred journey that key (a code in any case, with or without its dash, a
 * ticket id, or a status URL ending in /t/ID) names, or NULL. */
const antre_deferral_t *antre_queue_find_deferral(const antre_queue_t *q, const char *key);
int antre_queue_deferral_count(const antre_queue_t *q);
const antre_deferral_t *antre_queue_deferral_at(const antre_queue_t *q, int i);  /* NULL: gone */
/* The 8-character code of a ticket id (ANTRE_CODE_ALPHABET), and its printed form
 * "XXXX-XXXX". */
void antre_ticket_code(const char *id, char code[ANTRE_CODE_LEN + 1]);
void antre_code_format(const char *code, char out[ANTRE_CODE_LEN + 2]);

/* Roll the day over if reset_at has passed. */
int antre_queue_tick(antre_queue_t *q, antre_events_t *out);

/* Reads. Pointers stay valid until the next command or apply. */
const char *antre_queue_day(const antre_queue_t *q);      /* "" before the first event */
int64_t antre_queue_seq(const antre_queue_t *q);          /* last event's seq, 0 if none */
int64_t antre_queue_day_seq(const antre_queue_t *q);      /* seq of the day's day.reset */
void antre_queue_set_seq(antre_queue_t *q, int64_t seq);  /* continue numbering after a store */
/* A number handed out today that replay could not apply (its service is gone from the
 * config): the next number of its prefix still comes after it. */
void antre_queue_reserve_number(antre_queue_t *q, const char *number);
/* Replay only: a ticket one of whose events could not be applied leaves every line and
 * its counter at once (its state stays), so the events of other tickets still apply
 * and nobody calls it again. It is then set aside explicitly (antre_queue_set_aside). */
void antre_queue_detach(antre_queue_t *q, const char *ticket_id);
int antre_queue_ticket_count(const antre_queue_t *q);
const antre_ticket_t *antre_queue_ticket_at(const antre_queue_t *q, int i);
const antre_ticket_t *antre_queue_find(const antre_queue_t *q, const char *id);
const antre_ticket_t *antre_queue_find_number(const antre_queue_t *q, const char *number);
/* The ticket a clerk's typed number names today, as `call` finds it: without case and
 * unpadded ("b3" is B003). NULL when there is none. */
const antre_ticket_t *antre_queue_find_typed(const antre_queue_t *q, const char *typed);
antre_counter_status_t antre_queue_counter_status(const antre_queue_t *q, int counter);
int antre_queue_waiting(const antre_queue_t *q, int service);
/* Of them, how many are priority tickets. */
int antre_queue_waiting_priority(const antre_queue_t *q, int service);
/* When the one waiting longest at service became ready there (O(1): the tops of its
 * two lines), or 0 when nobody waits. */
int64_t antre_queue_oldest_ready_ms(const antre_queue_t *q, int service);
/* People who will be called before this waiting ticket at its service, and the wait. */
int antre_queue_ahead(const antre_queue_t *q, const antre_ticket_t *t);
/* The same for a ticket just issued (last in its line): O(1). */
int antre_queue_ahead_newest(const antre_queue_t *q, const antre_ticket_t *t);
/* Open counters (not paused, not closed) that serve this service right now. */
int antre_queue_open_counters(const antre_queue_t *q, int service);
/* The wait for `ahead` people at this service, in seconds (0 with nobody ahead), or
 * ANTRE_EST_UNKNOWN when no open counter serves it: nobody can say how long then. An
 * open counter shared with other services counts by its share of the people waiting
 * at the services it serves (it calls them from one fair line). */
#define ANTRE_EST_UNKNOWN (-1)
int antre_queue_est_wait_s(const antre_queue_t *q, int service, int ahead);
/* Mean service time per service (moving average), in seconds. */
double antre_queue_service_mean_s(const antre_queue_t *q, int service);
/* A service's status now, its sentence, and today's kiosk tickets against its quota. */
antre_service_status_t antre_queue_service_status(const antre_queue_t *q, int service,
						  const char **reason);
int antre_queue_issued_today(const antre_queue_t *q, int service);
/* What is left of its quota today, or -1 when it has none. */
int antre_queue_remaining(const antre_queue_t *q, int service);
/* Within its hours at utc_ms (office time; a service without hours always is). */
int antre_queue_in_hours(const antre_queue_t *q, int service, int64_t utc_ms);
/* A kiosk could be given a ticket for it at utc_ms: within its hours, not closed. */
int antre_queue_open_now(const antre_queue_t *q, int service, int64_t utc_ms);

/* Recent calls, newest first; returns how many (≤ ANTRE_RECENT_CALLS). */
int antre_queue_recent_calls(const antre_queue_t *q, antre_call_t *out);

/* Office day of utc_ms ("YYYY-MM-DD", reset_at applied). */
void antre_queue_day_of(const antre_queue_t *q, int64_t utc_ms, char day[ANTRE_DAY_LEN + 1]);
int32_t antre_queue_utc_offset_s(const antre_queue_t *q, int64_t utc_ms);

const char *antre_queue_strerror(int rc);
const char *antre_queue_last_error(const antre_queue_t *q);

/* A canonical text dump of the whole state, for tests comparing a replay with the
 * live engine. Caller frees. */
char *antre_queue_dump(const antre_queue_t *q);

#endif
