/* antred's stop policy on its own: who wakes the main thread, with what exit status,
 * and the stopper's wait for answers in progress. No sleeps: each wait is woken by
 * the event it waits for, and a long timeout is only the bound on a broken one. */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "lifecycle.h"
#include "test.h"

/* Longer than ctest's TIMEOUT: a wait that is never woken fails the test by hanging. */
#define NEVER_MS (24LL * 3600 * 1000)

TEST(a_new_lifecycle_runs_and_a_wait_times_out_running)
{
	antre_lifecycle_t *life = antre_lifecycle_create();
	ASSERT_EQ_INT(antre_lifecycle_state(life), ANTRE_LIFE_RUNNING);
	ASSERT_EQ_INT(antre_lifecycle_wait(life, 0), ANTRE_LIFE_RUNNING);
	ASSERT_EQ_INT(antre_lifecycle_wait(life, 20), ANTRE_LIFE_RUNNING);
	ASSERT_EQ_INT(antre_lifecycle_exit_status(life), 0);
	antre_lifecycle_destroy(life);
}

typedef struct {
	antre_lifecycle_t *life;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int waiting;               /* the waiter is about to wait */
	antre_life_state_t got;
} waiter_t;

static void *waiter_main(void *arg)
{
	waiter_t *w = arg;
	pthread_mutex_lock(&w->lock);
	w->waiting = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	w->got = antre_lifecycle_wait(w->life, NEVER_MS);
	return NULL;
}

/* A waiter blocked in antre_lifecycle_wait (as antred's main is) while `stop` runs
 * on this thread, standing for the store's writer or a signal. */
static antre_life_state_t wake_a_waiter(antre_lifecycle_t *life, int fail)
{
	waiter_t w = { life, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0,
		       ANTRE_LIFE_RUNNING };
	pthread_t th;

	pthread_create(&th, NULL, waiter_main, &w);
	pthread_mutex_lock(&w.lock);
	while (!w.waiting)
		pthread_cond_wait(&w.cond, &w.lock);
	pthread_mutex_unlock(&w.lock);
	if (fail)
		antre_lifecycle_fail(life, NULL);
	else
		antre_lifecycle_request_stop(life);
	pthread_join(th, NULL);
	return w.got;
}

TEST(a_requested_stop_wakes_the_main_thread_and_exits_0)
{
	antre_lifecycle_t *life = antre_lifecycle_create();
	ASSERT_EQ_INT(wake_a_waiter(life, 0), ANTRE_LIFE_STOP_REQUESTED);
	ASSERT_EQ_INT(antre_lifecycle_exit_status(life), 0);
	/* every later wait returns at once */
	ASSERT_EQ_INT(antre_lifecycle_wait(life, NEVER_MS), ANTRE_LIFE_STOP_REQUESTED);
	/* the log failing while antred stops is still a failure: exit 1, not hidden */
	antre_lifecycle_fail(life, NULL);
	ASSERT_EQ_INT(antre_lifecycle_state(life), ANTRE_LIFE_FAILED);
	ASSERT_EQ_INT(antre_lifecycle_exit_status(life), 1);
	antre_lifecycle_destroy(life);
}

TEST(a_failed_log_wakes_the_main_thread_and_exits_1)
{
	antre_lifecycle_t *life = antre_lifecycle_create();
	ASSERT_EQ_INT(wake_a_waiter(life, 1), ANTRE_LIFE_FAILED);
	ASSERT_EQ_INT(antre_lifecycle_exit_status(life), 1);
	/* SIGTERM after the failure: still a failure */
	antre_lifecycle_request_stop(life);
	ASSERT_EQ_INT(antre_lifecycle_state(life), ANTRE_LIFE_FAILED);
	ASSERT_EQ_INT(antre_lifecycle_exit_status(life), 1);
	antre_lifecycle_destroy(life);
}

TEST(sigterm_and_sigint_are_taken_by_the_watcher_as_a_stop)
{
	static const int sigs[] = { SIGTERM, SIGINT };
	sigset_t set;

	/* as antred's main does before any thread starts */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		antre_lifecycle_t *life = antre_lifecycle_create();
		ASSERT_EQ_INT(antre_lifecycle_watch_signals(life), 0);
		ASSERT_EQ_INT(antre_lifecycle_state(life), ANTRE_LIFE_RUNNING);
		kill(getpid(), sigs[i]);   /* the test is the outside world here */
		ASSERT_EQ_INT(antre_lifecycle_wait(life, NEVER_MS), ANTRE_LIFE_STOP_REQUESTED);
		ASSERT_EQ_INT(antre_lifecycle_exit_status(life), 0);
		antre_lifecycle_destroy(life);   /* ends the watcher (joins it) */
	}
}

typedef struct {
	antre_drain_t *drain;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int go;
} leaver_t;

static void *leaver_main(void *arg)
{
	leaver_t *l = arg;
	pthread_mutex_lock(&l->lock);
	while (!l->go)
		pthread_cond_wait(&l->cond, &l->lock);
	pthread_mutex_unlock(&l->lock);
	antre_drain_leave(l->drain);
	antre_drain_leave(l->drain);
	return NULL;
}

TEST(the_stopper_waits_until_the_last_answer_is_sent)
{
	antre_drain_t drain;
	leaver_t l = { &drain, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };
	pthread_t th;

	antre_drain_init(&drain);
	ASSERT_EQ_INT(antre_drain_wait(&drain, 0), 0);   /* nothing in progress */
	antre_drain_enter(&drain);
	antre_drain_enter(&drain);
	ASSERT_EQ_INT(antre_drain_wait(&drain, 0), -1);  /* bounded: it gives up */
	ASSERT_EQ_INT(antre_drain_wait(&drain, 20), -1);
	antre_drain_leave(&drain);
	ASSERT_EQ_INT(antre_drain_wait(&drain, 0), -1);  /* one is still going */
	antre_drain_enter(&drain);
	/* the answers finish on another thread while the stopper waits */
	pthread_create(&th, NULL, leaver_main, &l);
	pthread_mutex_lock(&l.lock);
	l.go = 1;
	pthread_cond_signal(&l.cond);
	pthread_mutex_unlock(&l.lock);
	ASSERT_EQ_INT(antre_drain_wait(&drain, NEVER_MS), 0);
	pthread_join(th, NULL);
	ASSERT_EQ_INT(drain.busy, 0);
	antre_drain_free(&drain);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(a_new_lifecycle_runs_and_a_wait_times_out_running),
		TEST_CASE(a_requested_stop_wakes_the_main_thread_and_exits_0),
		TEST_CASE(a_failed_log_wakes_the_main_thread_and_exits_1),
		TEST_CASE(sigterm_and_sigint_are_taken_by_the_watcher_as_a_stop),
		TEST_CASE(the_stopper_waits_until_the_last_answer_is_sent),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
