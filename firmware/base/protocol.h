/* The protocol table: every event type, counter action, ticket state and counter
 * state of antre, defined once. The engine, the store, the API, the client, the CLI,
 * the kiosk and the displays all take their enums and wire names from here.
 *
 * Adding an event type or an action is one line in a table below (see
 * docs/extending.md); `-Wswitch-enum` then names every switch that must decide what
 * it means, and consumers that only need its meaning read the flags. */
#ifndef ANTRE_PROTOCOL_H
#define ANTRE_PROTOCOL_H

#define ANTRE_TICKET_STATE_TABLE(X)                                                   \
	X(WAITING, "waiting") X(CALLED, "called") X(SERVING, "serving") X(DONE, "done")   \
	X(NO_SHOW, "no_show") X(CANCELLED, "cancelled") X(EXPIRED, "expired")          \
	X(DEFERRED, "deferred")

/* The counts stand outside the enums so that a switch over one names real values only:
 * a second, anonymous enum of shadow names (ANTRE_TS_N_WAITING, ...) ends with the
 * count. */
#define ANTRE_TS_ENUM_(e, name) ANTRE_TS_##e,
#define ANTRE_TS_N_(e, name) ANTRE_TS_N_##e,
typedef enum { ANTRE_TICKET_STATE_TABLE(ANTRE_TS_ENUM_) } antre_ticket_state_t;
enum { ANTRE_TICKET_STATE_TABLE(ANTRE_TS_N_) ANTRE_TS__COUNT };
#undef ANTRE_TS_ENUM_
#undef ANTRE_TS_N_

#define ANTRE_COUNTER_STATE_TABLE(X) X(CLOSED, "closed") X(OPEN, "open") X(PAUSED, "paused")

#define ANTRE_CS_ENUM_(e, name) ANTRE_CS_##e,
#define ANTRE_CS_N_(e, name) ANTRE_CS_N_##e,
typedef enum { ANTRE_COUNTER_STATE_TABLE(ANTRE_CS_ENUM_) } antre_counter_state_t;
enum { ANTRE_COUNTER_STATE_TABLE(ANTRE_CS_N_) ANTRE_CS__COUNT };
#undef ANTRE_CS_ENUM_
#undef ANTRE_CS_N_

/* A service's status (POST /api/v1/services/{id}/status, event service.status): open;
 * limited (the back-office system is down: tickets are issued and served, and everyone
 * is told); closed (no new tickets). */
#define ANTRE_SERVICE_STATUS_TABLE(X) X(OPEN, "open") X(LIMITED, "limited") X(CLOSED, "closed")

#define ANTRE_SS_ENUM_(e, name) ANTRE_SS_##e,
#define ANTRE_SS_N_(e, name) ANTRE_SS_N_##e,
typedef enum { ANTRE_SERVICE_STATUS_TABLE(ANTRE_SS_ENUM_) } antre_service_status_t;
enum { ANTRE_SERVICE_STATUS_TABLE(ANTRE_SS_N_) ANTRE_SS__COUNT };
#undef ANTRE_SS_ENUM_
#undef ANTRE_SS_N_

/* What an event means to those who only watch the stream (displays, kiosk). */
enum {
	ANTRE_EVF_TICKET = 1 << 0,  /* about one ticket: "ticket" holds it */
	ANTRE_EVF_CALL = 1 << 1,    /* a number is called to a counter: announce it */
	ANTRE_EVF_LEAVES = 1 << 2,  /* the number leaves the desk that showed it */
	ANTRE_EVF_COUNTER = 1 << 3, /* a counter's state changed: "counter" holds it */
	ANTRE_EVF_DAY = 1 << 4,     /* a new office day: everything starts empty */
	ANTRE_EVF_WAITING = 1 << 5, /* waiting counts or wait estimates may have changed */
	ANTRE_EVF_SERVICE = 1 << 6, /* a service's status changed: "service" holds it */
};

/*  X(ENUM, "wire.name", flags, ticket state after it, counter state after it)
 * -1 where the event has no ticket or no counter. A ticket finished at one desk whose
 * journey goes on is waiting at the next one (antre_event_ticket_state). */
#define ANTRE_EVF_TICKET_LEAVES_ (ANTRE_EVF_TICKET | ANTRE_EVF_LEAVES | ANTRE_EVF_WAITING)
#define ANTRE_EVF_COUNTER_ (ANTRE_EVF_COUNTER | ANTRE_EVF_WAITING)
#define ANTRE_EVENT_TABLE(X)                                                              \
	X(TICKET_ISSUED, "ticket.issued", ANTRE_EVF_TICKET | ANTRE_EVF_WAITING,             \
	  ANTRE_TS_WAITING, -1)                                                           \
	X(TICKET_CALLED, "ticket.called", ANTRE_EVF_TICKET | ANTRE_EVF_CALL | ANTRE_EVF_WAITING, \
	  ANTRE_TS_CALLED, ANTRE_CS_OPEN)                                                 \
	X(TICKET_RECALLED, "ticket.recalled", ANTRE_EVF_TICKET | ANTRE_EVF_CALL,            \
	  ANTRE_TS_CALLED, ANTRE_CS_OPEN)                                                 \
	X(TICKET_STARTED, "ticket.started", ANTRE_EVF_TICKET, ANTRE_TS_SERVING, ANTRE_CS_OPEN) \
	X(TICKET_FINISHED, "ticket.finished", ANTRE_EVF_TICKET_LEAVES_, ANTRE_TS_DONE,       \
	  ANTRE_CS_OPEN)                                                                  \
	X(TICKET_TRANSFERRED, "ticket.transferred", ANTRE_EVF_TICKET_LEAVES_,               \
	  ANTRE_TS_WAITING, ANTRE_CS_OPEN)                                                \
	X(TICKET_NO_SHOW, "ticket.no_show", ANTRE_EVF_TICKET_LEAVES_, ANTRE_TS_NO_SHOW,      \
	  ANTRE_CS_OPEN)                                                                  \
	X(TICKET_CANCELLED, "ticket.cancelled", ANTRE_EVF_TICKET_LEAVES_, ANTRE_TS_CANCELLED, \
	  ANTRE_CS_OPEN)                                                                  \
	X(TICKET_EXPIRED, "ticket.expired", ANTRE_EVF_TICKET_LEAVES_, ANTRE_TS_EXPIRED,      \
	  ANTRE_CS_OPEN)                                                                  \
	X(TICKET_DEFERRED, "ticket.deferred", ANTRE_EVF_TICKET_LEAVES_, ANTRE_TS_DEFERRED,   \
	  ANTRE_CS_OPEN)                                                                  \
	X(COUNTER_OPENED, "counter.opened", ANTRE_EVF_COUNTER_, -1, ANTRE_CS_OPEN)            \
	X(COUNTER_PAUSED, "counter.paused", ANTRE_EVF_COUNTER_, -1, ANTRE_CS_PAUSED)          \
	X(COUNTER_CLOSED, "counter.closed", ANTRE_EVF_COUNTER_, -1, ANTRE_CS_CLOSED)          \
	X(DAY_RESET, "day.reset", ANTRE_EVF_DAY | ANTRE_EVF_WAITING, -1, -1)                  \
	X(SERVICE_STATUS, "service.status", ANTRE_EVF_SERVICE | ANTRE_EVF_WAITING, -1, -1)

/* Counted by a shadow enum, as the states above. */
#define ANTRE_EV_ENUM_(e, name, flags, ts, cs) ANTRE_EV_##e,
#define ANTRE_EV_N_(e, name, flags, ts, cs) ANTRE_EV_N_##e,
typedef enum { ANTRE_EVENT_TABLE(ANTRE_EV_ENUM_) } antre_event_type_t;
enum { ANTRE_EVENT_TABLE(ANTRE_EV_N_) ANTRE_EV__COUNT };
#undef ANTRE_EV_ENUM_
#undef ANTRE_EV_N_

/* The stream's first message is not a log event: a whole state at once. */
#define ANTRE_STREAM_SNAPSHOT "snapshot"

/* Device status (POST /api/v1/devices/status): a kiosk reports at start, on every
 * printer change and every ANTRE_DEVICE_HEARTBEAT_S; it is gone (alive:false) once its
 * last contact is older than ANTRE_DEVICE_GONE_S (3 heartbeats). */
#define ANTRE_DEVICE_HEARTBEAT_S 10
#define ANTRE_DEVICE_GONE_S (3 * ANTRE_DEVICE_HEARTBEAT_S)
#define ANTRE_DEVICE_MESSAGE_MAX 200   /* bytes of a status message, UTF-8 */
/*  X(ENUM, "wire-name"): what a kiosk's printer may report */
#define ANTRE_PRINTER_STATUS_TABLE(X)                                                 \
	X(READY, "ready") X(PAPER_LOW, "paper_low") X(PAPER_OUT, "paper_out")          \
	X(OFFLINE, "offline") X(ERROR, "error")
#define ANTRE_PS_ENUM_(e, name) ANTRE_DEV_PRINTER_##e,
typedef enum { ANTRE_PRINTER_STATUS_TABLE(ANTRE_PS_ENUM_) ANTRE_DEV_PRINTER__COUNT } antre_dev_printer_t;
#undef ANTRE_PS_ENUM_

/* What an action takes after its name: nothing, a service id, a ticket number, or a
 * return date ("YYYY-MM-DD", then optionally " next": resume at the next desk). */
enum { ANTRE_ARG_NONE, ANTRE_ARG_SERVICE, ANTRE_ARG_NUMBER, ANTRE_ARG_DATE };

/* A deferred journey comes back at most this many days after the day it was deferred. */
#define ANTRE_DEFER_MAX_DAYS 90

/*  X(ENUM, "wire-name", argument, what it does) */
#define ANTRE_ACTION_TABLE(X)                                                         \
	X(OPEN, "open", ANTRE_ARG_NONE, "open the counter")                               \
	X(PAUSE, "pause", ANTRE_ARG_NONE, "pause the counter (a break)")                  \
	X(CLOSE, "close", ANTRE_ARG_NONE, "close the counter")                            \
	X(CALL_NEXT, "call-next", ANTRE_ARG_NONE, "call the next waiting applicant")      \
	X(RECALL, "recall", ANTRE_ARG_NONE, "call the current applicant again")           \
	X(START, "start", ANTRE_ARG_NONE, "the called applicant has arrived")             \
	X(FINISH, "finish", ANTRE_ARG_NONE, "done here: on to the next desk")             \
	X(NO_SHOW, "no-show", ANTRE_ARG_NONE, "the called applicant did not come")        \
	X(TRANSFER, "transfer", ANTRE_ARG_SERVICE, "send the applicant to SERVICE")       \
	X(CALL, "call", ANTRE_ARG_NUMBER, "call NUMBER out of turn")                      \
	X(DEFER, "defer", ANTRE_ARG_DATE, "end today's visit: back on DATE (YYYY-MM-DD)")

#define ANTRE_ACT_ENUM_(e, name, arg, help) ANTRE_ACT_##e,
#define ANTRE_ACT_N_(e, name, arg, help) ANTRE_ACT_N_##e,
typedef enum { ANTRE_ACTION_TABLE(ANTRE_ACT_ENUM_) } antre_action_t;
enum { ANTRE_ACTION_TABLE(ANTRE_ACT_N_) ANTRE_ACT__COUNT };
#undef ANTRE_ACT_ENUM_
#undef ANTRE_ACT_N_

/* Wire names; "unknown" for a value out of range. parse returns -1 for an unknown name. */
const char *antre_event_type_name(antre_event_type_t t);
int antre_event_type_parse(const char *name);
int antre_event_type_flags(antre_event_type_t t);
/* The ticket's state right after an event of type t, -1 for events without a ticket;
 * has_next: the ticket has a service still ahead (a finished step of a journey). */
int antre_event_ticket_state(antre_event_type_t t, int has_next);
/* The state of the event's counter right after it, -1 for events without one. */
int antre_event_counter_state(antre_event_type_t t);

const char *antre_action_name(antre_action_t a);
int antre_action_parse(const char *name);
int antre_action_arg(antre_action_t a);
const char *antre_action_help(antre_action_t a);

const char *antre_ticket_state_name(antre_ticket_state_t s);
int antre_ticket_state_parse(const char *name);
const char *antre_counter_state_name(antre_counter_state_t s);
int antre_counter_state_parse(const char *name);
const char *antre_service_status_name(antre_service_status_t s);
int antre_service_status_parse(const char *name);

#endif
