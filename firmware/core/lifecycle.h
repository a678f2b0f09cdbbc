/* antred's life and its end: when it stops (asked to, or because the event log failed),
 * who waits for whom while it stops, and its exit status. Mutex + condition variables:
 * no thread sleeps to poll, and no thread signals the process it runs in. */
#ifndef ANTRE_LIFECYCLE_H
#define ANTRE_LIFECYCLE_H

#include <pthread.h>
#include <stdint.h>

typedef enum {
	ANTRE_LIFE_RUNNING = 0,
	ANTRE_LIFE_STOP_REQUESTED, /* SIGTERM/SIGINT or a caller: a clean stop, exit 0 */
	ANTRE_LIFE_FAILED,         /* the event log failed: exit 1, a restart replays it */
} antre_life_state_t;

typedef struct antre_lifecycle antre_lifecycle_t;

/* A lifecycle in ANTRE_LIFE_RUNNING. Free with antre_lifecycle_destroy. */
antre_lifecycle_t *antre_lifecycle_create(void);
/* Stops the signal watcher (if started) and frees. NULL is ignored. */
void antre_lifecycle_destroy(antre_lifecycle_t *life);

/* Ask for a clean stop (exit status 0). From any thread; after a failure the exit
 * status stays 1. */
void antre_lifecycle_request_stop(antre_lifecycle_t *life);
/* The event log failed (from any thread, e.g. the store's writer): stop, exit status 1,
 * also when a stop was already requested (a disk fault during the stop is reported,
 * not hidden by the SIGTERM). why (may be NULL) is said on stderr once. The stop
 * giving up on what the log had not taken is not a failure: the API does not call
 * this then (it answered those requests 503). */
void antre_lifecycle_fail(antre_lifecycle_t *life, const char *why);

/* Take SIGTERM and SIGINT on a thread of the lifecycle's own (sigwait), each as
 * antre_lifecycle_request_stop, and SIGHUP as a reload request (it wakes
 * antre_lifecycle_wait; antre_lifecycle_take_reload says so). The caller must have
 * blocked all three in every thread (pthread_sigmask before starting any thread).
 * Returns 0, or an errno value. */
int antre_lifecycle_watch_signals(antre_lifecycle_t *life);

/* Wait until antred must stop or a reload is asked for, at most timeout_ms (>= 0; on
 * CLOCK_MONOTONIC). Returns the state: ANTRE_LIFE_RUNNING when the time ran out or a
 * reload is pending. */
antre_life_state_t antre_lifecycle_wait(antre_lifecycle_t *life, int64_t timeout_ms);
antre_life_state_t antre_lifecycle_state(antre_lifecycle_t *life);
/* 1 once per SIGHUP received since the last call (several in a row count once). */
int antre_lifecycle_take_reload(antre_lifecycle_t *life);
/* 0 while running or after a requested stop, 1 after a failure. */
int antre_lifecycle_exit_status(antre_lifecycle_t *life);

/* Work in progress that a stopper waits for: requests whose answer is not yet sent.
 * A value type: antre_drain_init / antre_drain_free. */
typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t idle;       /* signalled when busy drops to 0 */
	int busy;
} antre_drain_t;

void antre_drain_init(antre_drain_t *d);
void antre_drain_free(antre_drain_t *d);
void antre_drain_enter(antre_drain_t *d);
void antre_drain_leave(antre_drain_t *d);
/* Wait until nothing is in progress, at most timeout_ms. Returns 0 when idle, -1 when
 * the time ran out with work still in progress. */
int antre_drain_wait(antre_drain_t *d, int64_t timeout_ms);

#endif
