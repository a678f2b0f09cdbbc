/* What a wall or counter display shows, as a pure model fed the event stream:
 * counters with their current numbers, the latest calls (the first is "now calling"),
 * waiting per service, and whether the stream is up. */
#ifndef ANTRE_BOARD_H
#define ANTRE_BOARD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol.h"

#define BOARD_MAX_COUNTERS 128
#define BOARD_MAX_SERVICES 26
#define BOARD_CALLS 10
#define BOARD_FLASH_MS 6000
#define BOARD_NAME_MAX 200
#define BOARD_HOURS 8               /* ranges of a service's hours */
#define BOARD_REASON_MAX 128        /* an event's reason (ANTRE_REASON_MAX) */
#define BOARD_BANNER_MAX 600
/* The sentence for a limited service whose status gives no reason. */
#define BOARD_LIMITED_ID "Sistem pusat gangguan \xe2\x80\x93 berkas diterima, diproses kemudian"
#define BOARD_LIMITED_EN "Central system down \xe2\x80\x93 papers accepted, processed later"

typedef struct {
	char id[32];
	char name[BOARD_NAME_MAX];
	antre_counter_state_t state;
	char number[16];          /* "" when it holds nobody */
	char service[32];
	uint32_t serves;          /* bit i: it serves services[i] (the office's list) */
} board_counter_t;

typedef struct {
	char number[16];
	char counter[32];
	char counter_name[BOARD_NAME_MAX];
	char service[32];
	int recall;
	long long seq;
} board_call_t;

typedef struct {
	char id[32];
	char name[BOARD_NAME_MAX];
	char name_en[BOARD_NAME_MAX];
	int waiting;
	int est_wait_s;
	/* issue 13: what the kiosk may still issue. The status comes from the service.status
	 * event at once and from each state; the hours and what is left of the quota from
	 * the state. */
	antre_service_status_t status;
	char reason[BOARD_REASON_MAX];
	long long status_seq;      /* the event that set status: an older state does not undo it */
	int n_hours;               /* 0: no hours, open all day */
	short from_min[BOARD_HOURS], to_min[BOARD_HOURS];   /* minutes of the office's day */
	int remaining;             /* tickets left of today's quota; -1: no quota */
} board_service_t;

/* Why a service's banner is up, most pressing first: one banner per service. */
typedef enum {
	BOARD_BANNER_CLOSED,       /* status closed: no new tickets */
	BOARD_BANNER_HOURS,        /* outside its hours: says when it opens */
	BOARD_BANNER_SOLD_OUT,     /* today's quota is used up */
	BOARD_BANNER_LIMITED,      /* the back-office system is down: still issued and served */
} board_banner_kind_t;

typedef struct {
	const board_service_t *service;
	board_banner_kind_t kind;
	char id[BOARD_BANNER_MAX];  /* Bahasa Indonesia: the name, then what it means */
	char en[BOARD_BANNER_MAX];  /* English */
} board_banner_t;

typedef struct {
	char office[BOARD_NAME_MAX], office_en[BOARD_NAME_MAX];
	char marquee[1024];
	char prefixes[64];                 /* the services' and journeys' number letters */
	int number_width;                  /* digits after the letter */
	board_counter_t counters[BOARD_MAX_COUNTERS];
	int n_counters;
	board_service_t services[BOARD_MAX_SERVICES];
	int n_services;
	board_call_t calls[BOARD_CALLS];   /* newest first */
	int n_calls;
	long long seq;
	char day[11];
	int64_t flash_until_ms;            /* the "now calling" tile flashes until then */
	int banner_counter;                /* a counter's own screen: only the banners of the
					    * services it serves (board_banners_for); -1: all */
	int online;
} board_t;

/* From GET /api/v1/office: names of the office, counters and services. */
void board_init(board_t *b, json_t *office);
/* A snapshot (GET /api/v1/state or the stream's snapshot event): everything at once. */
void board_snapshot(board_t *b, json_t *state);
/* The waiting counts per service, and each one's status, hours and quota left, from a
 * state fetched for them (a status set by an event newer than the state is kept). */
void board_waiting(board_t *b, json_t *state);
/* One stream event (type, data object). Returns 1 and fills *call when it is a call
 * or recall to announce; events at or below the board's seq are ignored. */
int board_event(board_t *b, const char *type, json_t *data, int64_t now_ms, board_call_t *call);
/* The call the "now calling" tile shows: the newest whose ticket is still called to
 * its desk; NULL when every listed ticket has left (finished, no-show, ...). */
const board_call_t *board_now(const board_t *b);
/* A counter's name up to its number, where a small box or a brief call has no room
 * for the rest: "Loket 2 Kependudukan dan Pencatatan Sipil" → "Loket 2" (a name
 * without a number is kept whole). */
/* The banners for the services that are not open as usual at minute (of the office's
 * day, 0..1439; -1: unknown, hours not judged), in the office's order: closed, outside
 * its hours, sold out or limited. Up to max into out (may be NULL with max 0); returns
 * how many there are. */
int board_banners(const board_t *b, int minute, board_banner_t *out, int max);
/* A counter's screen shows only the banners of the services that counter serves (an
 * applicant at Loket 4 need not read that Imigrasi is closed); NULL or an unknown id:
 * every service's, as on the wall. */
void board_banners_for(board_t *b, const char *counter_id);
/* "closed", "hours", "sold_out", "limited" (for logs). */
const char *board_banner_kind_name(board_banner_kind_t kind);
void board_counter_short(const char *name, char *out, size_t cap);
/* The earlier calls, newest first, without the one board_now gives: up to max into
 * out; returns how many. Each ticket once. */
int board_earlier(const board_t *b, const board_call_t **out, int max);

#endif
