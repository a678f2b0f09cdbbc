/* The injected clock: every part that needs the time or randomness gets it here,
 * so queue rules run against a fake clock in tests. */
#ifndef ANTRE_CLOCK_H
#define ANTRE_CLOCK_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct antre_clock antre_clock_t;
struct antre_clock {
	/* Wall-clock time, milliseconds since the Unix epoch (UTC). */
	int64_t (*now_ms)(antre_clock_t *clock);
	/* Offset of office local time from UTC at utc_ms, in seconds (+25200 for WIB). */
	int32_t (*utc_offset_s)(antre_clock_t *clock, int64_t utc_ms);
	/* Fill buf with len unpredictable bytes (ticket ids). */
	void (*random_bytes)(antre_clock_t *clock, uint8_t *buf, size_t len);
};

/* The real clock: CLOCK_REALTIME, the process's TZ (see antre_clock_set_timezone)
 * and getrandom(2). Static storage; never freed. */
antre_clock_t *antre_clock_system(void);

/* A clock for load tests (antred's ANTRE_TEST_CLOCK, used by tests/busy_day.c): the
 * wall clock is the int64 held in the first 8 bytes of the file at path (ms since the
 * epoch, native byte order), read from a shared mapping with no system call, so that
 * a test can step it thousands of times a second; time zone and randomness are the
 * system's. Static storage; one per process. NULL with a sentence in err if the file
 * cannot be mapped. */
antre_clock_t *antre_clock_mapped(const char *path, char *err, size_t errcap);

/* Make the process's local time the office timezone (an IANA name such as
 * "Asia/Jakarta"). Call once at start, before threads. Returns 0 or -1. */
int antre_clock_set_timezone(const char *tz);

/* A deterministic clock for tests: time moves only by antre_fake_clock_advance,
 * the UTC offset is fixed, random bytes come from a seeded xorshift. */
typedef struct {
	antre_clock_t base;
	int64_t now_ms;
	int32_t offset_s;
	uint64_t rng;
} antre_fake_clock_t;

void antre_fake_clock_init(antre_fake_clock_t *fc, int64_t start_ms, int32_t offset_s,
			   uint64_t seed);
void antre_fake_clock_advance(antre_fake_clock_t *fc, int64_t ms);

/* Time that only moves forward at the rate of real seconds (CLOCK_MONOTONIC), in ms
 * since some unspecified start: for measuring intervals and noticing wall clock steps,
 * never for dates. */
int64_t antre_monotonic_ms(void);

/* Timed waits must not stretch or shrink when the wall clock is stepped (an office PC
 * that boots a year off and is corrected by NTP; see docs/clock.md), so every deadline
 * is on CLOCK_MONOTONIC. antre_deadline_in fills *deadline = now on CLOCK_MONOTONIC + ms
 * (ms >= 0), for pthread_cond_timedwait on a cond made by antre_cond_init_monotonic:
 * waiting with it on a cond made by plain pthread_cond_init (CLOCK_REALTIME) returns at
 * once, so the two always go together. */
void antre_deadline_in(struct timespec *deadline, long ms);

/* pthread_cond_init with a CLOCK_MONOTONIC clock attribute. Returns 0 or the errno
 * value pthread_cond_init gives; destroy with pthread_cond_destroy as usual. */
int antre_cond_init_monotonic(pthread_cond_t *cond);

/* Format utc_ms as ISO 8601 local time with offset, e.g. 2026-11-27T08:01:12+07:00.
 * buf needs at least 26 bytes. */
void antre_format_time(char *buf, size_t cap, int64_t utc_ms, int32_t offset_s);

/* Days since 1970-01-01 to civil date (proleptic Gregorian). */
void antre_civil_from_days(int64_t days, int *year, int *month, int *day);

#endif
