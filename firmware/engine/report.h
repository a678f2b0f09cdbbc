/* Daily report: per service, counter and journey KPIs computed from one day's events
 * (pure; the store supplies the events). */
#ifndef ANTRE_REPORT_H
#define ANTRE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "event.h"

typedef struct {
	int issued;          /* tickets issued for this service at the kiosk (not journeys) */
	int served;          /* finished steps here, journey steps included */
	int no_show, cancelled;
	int wait_p50_s, wait_p90_s, wait_max_s;   /* ready → called */
	int service_mean_s;  /* called (or started) → finished */
} antre_report_service_t;

typedef struct {
	int served;
	int service_mean_s;
} antre_report_counter_t;

typedef struct {
	int issued, completed;
} antre_report_journey_t;

/* Journeys across days (docs/journeys.md), the office's whole day. */
typedef struct {
	int started;          /* first visits of journey tickets issued today */
	int completed;        /* journeys whose last desk finished today (any visit) */
	int deferred;         /* visits ended today with a return date */
	int returned;         /* return visits issued today */
	double visits_per_completed;   /* mean visits of the journeys completed today */
	int days_p50, days_p90;        /* office days from start to completion (0: same day) */
} antre_report_visits_t;

typedef struct {
	char date[ANTRE_DAY_LEN + 1];
	antre_report_service_t services[ANTRE_MAX_SERVICES];
	antre_report_counter_t counters[ANTRE_MAX_COUNTERS];
	antre_report_journey_t journeys[ANTRE_MAX_JOURNEYS];
	int arrivals_per_hour[24];   /* local hour of issue */
	antre_report_visits_t visits;
} antre_report_t;

/* Build the report for date from its events (seq order). offset_s turns event times
 * into local hours. */
void antre_report_build(const antre_config_t *cfg, const char *date, const antre_event_t *ev,
			size_t n, int32_t offset_s, antre_report_t *out);

#endif
