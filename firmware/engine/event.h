/* Queue events: every state change of an office is one of these, with a rising seq. */
#ifndef ANTRE_EVENT_H
#define ANTRE_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "protocol.h"


#define ANTRE_TICKET_ID_LEN 16   /* hex digits: 64 random bits */
#define ANTRE_NUMBER_MAX 12
#define ANTRE_DAY_LEN 10         /* "2026-11-27" */
#define ANTRE_IDEM_MAX 65        /* an idempotency key: up to 64 printable characters */
#define ANTRE_COUNTER_GONE (-2)  /* an event's counter that the config no longer has */
#define ANTRE_KIOSK_GONE (-2)    /* an issuing kiosk that the config no longer has */
#define ANTRE_REASON_MAX 128     /* bytes of an event's reason, NUL included */

/* One event. Indexes refer to the office config the engine was built with; the store
 * keeps ids (strings) on disk. Fields an event type does not use are -1 / "". */
typedef struct {
	int64_t seq;
	int64_t at_ms;
	antre_event_type_t type;
	char day[ANTRE_DAY_LEN + 1];       /* office day the event belongs to */
	char ticket[ANTRE_TICKET_ID_LEN + 1];
	char number[ANTRE_NUMBER_MAX];
	int service;    /* the service the ticket waits at after the event; -1 when done */
	int from_service; /* finished/transferred: the service it was at before */
	int journey;
	int step;
	int priority;
	int counter;
	int64_t aux;    /* issued: daily number; recalled: recalls so far; day.reset: carried;
			 * service.status: the antre_service_status_t */
	/* cancelled, no_show: why ("print_failed", "admin", "counter_removed");
	 * service.status: the sentence everyone is told (UTF-8, may be "") */
	char reason[ANTRE_REASON_MAX];
	int kiosk;      /* issued: the issuing kiosk's index, -1 for admin, ANTRE_KIOSK_GONE
			 * for a kiosk the config no longer has */
	char idem[ANTRE_IDEM_MAX]; /* issued: the request's idempotency key, "" for none */
	char lang[3];   /* issued: "id" or "en", the kiosk's language; "" (older logs): "id" */
	/* Journeys across days (docs/journeys.md). issued on a return visit: resumes names
	 * the deferred ticket it continues, origin the journey's first ticket, visit which
	 * visit this is (2, 3, ...) and since the office day the journey started; a first
	 * visit leaves them empty (origin: itself, visit 1, since: its day). deferred:
	 * origin, visit and since of the ticket, and return_on, the day it comes back. */
	char resumes[ANTRE_TICKET_ID_LEN + 1];
	char origin[ANTRE_TICKET_ID_LEN + 1];
	int visit;
	char since[ANTRE_DAY_LEN + 1];
	char return_on[ANTRE_DAY_LEN + 1];
} antre_event_t;

/* A growable list of events, owned by the caller (init / clear / free). */
typedef struct {
	antre_event_t *v;
	size_t n, cap;
} antre_events_t;

void antre_events_init(antre_events_t *ev);
void antre_events_clear(antre_events_t *ev);
void antre_events_free(antre_events_t *ev);
/* Append a copy; returns the stored element (valid until the next push). */
antre_event_t *antre_events_push(antre_events_t *ev, const antre_event_t *e);

/* "YYYY-MM-DD" as days since 1970-01-01, or -1 when it is no real date. */
int64_t antre_day_parse(const char *day);

/* An event with every optional field empty. */
void antre_event_blank(antre_event_t *e, antre_event_type_t type);

#endif
