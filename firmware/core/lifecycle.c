/* When antred stops and with what status; the waits of a stop (see lifecycle.h). */
#include "lifecycle.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "log.h"
#include "xmalloc.h"

struct antre_lifecycle {
	pthread_mutex_t lock;
	pthread_cond_t changed;    /* state left RUNNING */
	antre_life_state_t state;
	int reload;                /* SIGHUP came, not yet taken */
	int watching;              /* the signal thread runs */
	pthread_t watcher;
};

antre_lifecycle_t *antre_lifecycle_create(void)
{
	antre_lifecycle_t *life = xcalloc(1, sizeof(*life));

	pthread_mutex_init(&life->lock, NULL);
	if (antre_cond_init_monotonic(&life->changed) != 0)
		abort();   /* only ENOMEM/EAGAIN: nothing antred could go on without */
	life->state = ANTRE_LIFE_RUNNING;
	return life;
}

void antre_lifecycle_destroy(antre_lifecycle_t *life)
{
	if (life == NULL)
		return;
	/* sigwait is a cancellation point, and the watcher holds no lock while in it */
	if (life->watching) {
		pthread_cancel(life->watcher);
		pthread_join(life->watcher, NULL);
	}
	pthread_cond_destroy(&life->changed);
	pthread_mutex_destroy(&life->lock);
	free(life);
}

/* Move to `to` from RUNNING, or to FAILED from a requested stop (a log that fails
 * while antred stops is still a failure); returns 1 if this call changed the state. */
static int leave_running(antre_lifecycle_t *life, antre_life_state_t to)
{
	int first;

	pthread_mutex_lock(&life->lock);
	first = life->state == ANTRE_LIFE_RUNNING ||
		(life->state == ANTRE_LIFE_STOP_REQUESTED && to == ANTRE_LIFE_FAILED);
	if (first) {
		life->state = to;
		pthread_cond_broadcast(&life->changed);
	}
	pthread_mutex_unlock(&life->lock);
	return first;
}

void antre_lifecycle_request_stop(antre_lifecycle_t *life)
{
	leave_running(life, ANTRE_LIFE_STOP_REQUESTED);
}

void antre_lifecycle_fail(antre_lifecycle_t *life, const char *why)
{
	if (leave_running(life, ANTRE_LIFE_FAILED) && why)
		antre_log(ANTRE_LOG_ERROR, "%s", why);
}

static void *watch_signals(void *arg)
{
	antre_lifecycle_t *life = arg;
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGTERM || sig == SIGINT) {
			antre_lifecycle_request_stop(life);
		} else if (sig == SIGHUP) {
			pthread_mutex_lock(&life->lock);
			life->reload = 1;
			pthread_cond_broadcast(&life->changed);
			pthread_mutex_unlock(&life->lock);
		}
	}
	return NULL;
}

int antre_lifecycle_watch_signals(antre_lifecycle_t *life)
{
	int rc;

	if (life->watching)
		return EBUSY;
	rc = pthread_create(&life->watcher, NULL, watch_signals, life);
	if (rc == 0)
		life->watching = 1;
	return rc;
}

antre_life_state_t antre_lifecycle_wait(antre_lifecycle_t *life, int64_t timeout_ms)
{
	struct timespec deadline;
	antre_life_state_t state;

	antre_deadline_in(&deadline, timeout_ms < 0 ? 0 : (long)timeout_ms);
	pthread_mutex_lock(&life->lock);
	while (life->state == ANTRE_LIFE_RUNNING && !life->reload &&
	       pthread_cond_timedwait(&life->changed, &life->lock, &deadline) == 0)
		;   /* woken early or spuriously: the loop looks at the state again */
	state = life->state;
	pthread_mutex_unlock(&life->lock);
	return state;
}

int antre_lifecycle_take_reload(antre_lifecycle_t *life)
{
	int reload;

	pthread_mutex_lock(&life->lock);
	reload = life->reload;
	life->reload = 0;
	pthread_mutex_unlock(&life->lock);
	return reload;
}

antre_life_state_t antre_lifecycle_state(antre_lifecycle_t *life)
{
	antre_life_state_t state;

	pthread_mutex_lock(&life->lock);
	state = life->state;
	pthread_mutex_unlock(&life->lock);
	return state;
}

int antre_lifecycle_exit_status(antre_lifecycle_t *life)
{
	return antre_lifecycle_state(life) == ANTRE_LIFE_FAILED ? 1 : 0;
}

void antre_drain_init(antre_drain_t *d)
{
	pthread_mutex_init(&d->lock, NULL);
	if (antre_cond_init_monotonic(&d->idle) != 0)
		abort();
	d->busy = 0;
}

void antre_drain_free(antre_drain_t *d)
{
	pthread_cond_destroy(&d->idle);
	pthread_mutex_destroy(&d->lock);
}

void antre_drain_enter(antre_drain_t *d)
{
	pthread_mutex_lock(&d->lock);
	d->busy++;
	pthread_mutex_unlock(&d->lock);
}

void antre_drain_leave(antre_drain_t *d)
{
	pthread_mutex_lock(&d->lock);
	if (--d->busy == 0)
		pthread_cond_broadcast(&d->idle);
	pthread_mutex_unlock(&d->lock);
}

int antre_drain_wait(antre_drain_t *d, int64_t timeout_ms)
{
	struct timespec deadline;
	int idle;

	antre_deadline_in(&deadline, timeout_ms < 0 ? 0 : (long)timeout_ms);
	pthread_mutex_lock(&d->lock);
	while (d->busy > 0 && pthread_cond_timedwait(&d->idle, &d->lock, &deadline) == 0)
		;
	idle = d->busy == 0;
	pthread_mutex_unlock(&d->lock);
	return idle ? 0 : -1;
}
