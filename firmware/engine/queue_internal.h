/* Engine internals shared by queue.c (state, apply, reads) and commands.c. */
#ifndef ANTRE_QUEUE_INTERNAL_H
#define ANTRE_QUEUE_INTERNAL_H

#include "heap.h"
#include "idmap.h"
#include "queue.h"

#define ANTRE_MEAN_ALPHA 0.2   /* weight of the newest service time in the average */

struct antre_queue {
	const antre_config_t *cfg;
	antre_clock_t *clock;
	int64_t seq;
	int64_t last_at;             /* newest event time: the engine's clock never runs back */
	int64_t now;                 /* time of the command being run */
	char day[ANTRE_DAY_LEN + 1];
	int64_t day_seq;             /* seq of the day.reset that opened the day */
	/* The clock rules of docs/clock.md. wall_seen is what the injected clock said at
	 * the last command or tick, unclamped (it may run back); set from last_at on the
	 * first command after a replay. day_high is the latest day label any replayed or
	 * emitted day.reset opened: a label after it is new, and starts numbers at 1. */
	int64_t wall_seen;
	int wall_seen_set;
	char day_high[ANTRE_DAY_LEN + 1];

	antre_ticket_t *t;           /* the day's tickets, in issue order */
	int n, cap;
	antre_idmap_t by_id, by_number;
	antre_idmap_t by_idem;       /* "kiosk:key" of the day's issue requests → ticket */
	antre_heap_t heap[ANTRE_MAX_SERVICES][2];   /* [service][priority] */
	antre_counter_status_t counters[ANTRE_MAX_COUNTERS];
	int next_num[26];            /* last daily number issued per prefix letter */
	double mean_ms[ANTRE_MAX_SERVICES];
	/* Per service: its status (service.status; kept across day resets) and the kiosk
	 * tickets of the day that count against its quota. */
	antre_service_status_t status[ANTRE_MAX_SERVICES];
	char status_reason[ANTRE_MAX_SERVICES][ANTRE_REASON_MAX];
	int issued_today[ANTRE_MAX_SERVICES];
	/* Journeys deferred to another day (kept across day resets), and the keys that
	 * find them: the code and id of each one's first and deferred ticket. A key of a
	 * record that moved on maps to -1. by_code: today's tickets' codes. */
	antre_deferral_t *dv;
	int nd, capd, nd_gone;
	antre_idmap_t by_key, by_code;
	antre_call_t recent[ANTRE_RECENT_CALLS];   /* newest first */
	int n_recent;
	char err[256];
};

/* day.reset aux: the number of open tickets carried over, plus this flag when the
 * daily numbers carry on too (the day rolled into a label that is not new, after the
 * clock was set back). A day.reset with aux != 0 depends on the day before it, so the
 * store never starts a replay there. */
#define ANTRE_RESET_KEEPS_NUMBERS ((int64_t)1 << 32)

int queue_refuse(antre_queue_t *q, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void queue_reset_day_state(antre_queue_t *q);
int queue_is_open(const antre_ticket_t *t);
/* The deferral a resumed issue continues (e->resumes), or -1. */
int queue_deferral_index(const antre_queue_t *q, const char *id);
/* A key (code, id, status URL) as the engine files it: a lower-case id or an upper-case
 * code without the dash; "" when it can be neither. */
void queue_normalise_key(const char *typed, char out[ANTRE_TICKET_ID_LEN + 1]);
/* The by_idem key of an issue request: "KIOSK:KEY". */
void queue_idem_key(char *buf, size_t cap, int kiosk, const char *idem);

#endif
