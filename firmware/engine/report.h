/* Daily report: per service, counter and journey KPIs computed from one day's events
 * (or the events of several days in a row; pure, the store supplies the events). */
#ifndef ANTRE_REPORT_H
#define ANTRE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "event.h"

/* A figure that may not exist: a service that called nobody has no wait, not 0 s.
 * Every wait and mean below is valid only when its count (waits, served) is > 0. */
typedef struct {
	int issued;          /* tickets issued for this service at the kiosk (not journeys) */
	int arrived;         /* issued + journey steps that reached it + transfers into it */
	int served;          /* finished steps here, journey steps included; ≤ arrived */
	int no_show, cancelled;
	int waits;           /* first calls measured (ready → called) */
	int wait_p50_s, wait_p90_s, wait_max_s;
	int service_mean_s;  /* called (or started) → finished, over served */
} antre_report_service_t;

typedef struct {
	int served;
	int service_mean_s;  /* valid when served > 0 */
} antre_report_counter_t;

typedef struct {
	int issued;          /* journeys started (issued at the kiosk) */
	int completed;       /* finished their last step */
} antre_report_journey_t;

/* One local hour: tickets issued in it, and the waits of the tickets first called in
 * it (valid when calls > 0). */
/* Journeys across days (docs/journeys.md), the office's whole day. */
typedef struct {
	int started;          /* first visits of journey tickets issued today */
	int completed;        /* journeys whose last desk finished today (any visit) */
	int deferred;         /* visits ended today with a return date */
	int returned;         /* return visits issued today */
	double visits_per_completed;   /* mean visits of the journeys completed today */
	int days_p50, days_p90;        /* office days from start to completion (1: same day) */
} antre_report_visits_t;

typedef struct {
	int arrivals;
	int calls;
	int wait_p50_s, wait_p90_s;
} antre_report_hour_t;

typedef struct {
	char date[ANTRE_DAY_LEN + 1];   /* the first day */
	char to[ANTRE_DAY_LEN + 1];     /* the last day (= date for one day) */
	antre_report_service_t services[ANTRE_MAX_SERVICES];
	antre_report_counter_t counters[ANTRE_MAX_COUNTERS];
	antre_report_journey_t journeys[ANTRE_MAX_JOURNEYS];
	antre_report_hour_t hours[24];  /* local hour */
	int arrivals_per_hour[24];      /* = hours[h].arrivals (the old field) */
	antre_report_visits_t visits;
} antre_report_t;

/* Build the report for the days from..to from their events (seq order, the days one
 * after another; to may be NULL for one day). offset_s turns event times into local
 * hours. A ticket is counted from its ticket.issued in ev; events of tickets issued
 * before (carried over) count nowhere. */
void antre_report_build(const antre_config_t *cfg, const char *from, const char *to,
			const antre_event_t *ev, size_t n, int32_t offset_s, antre_report_t *out);

#endif
