/* The API's worker thread (firmware/api/worker.c): jobs run off the caller's thread, in
 * order, and every job gets an answer — a 503 for those still queued when antred stops,
 * so that no suspended connection is left without one. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "test.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int started, released, order[8], n_done, statuses[8], dropped;
static pthread_t caller;
static int ran_elsewhere = 1;

static void job(void *arg, api_resp_t *resp)
{
	int k = (int)(intptr_t)arg;

	pthread_mutex_lock(&lock);
	if (pthread_equal(pthread_self(), caller))
		ran_elsewhere = 0;
	started++;
	pthread_cond_broadcast(&changed);
	while (k == 0 && !released)   /* the first job holds the worker until released */
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	resp->status = 200 + k;
}

static void drop(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&dropped, 1, __ATOMIC_RELAXED);
}

static void done(void *ctx, api_resp_t *answer)
{
	pthread_mutex_lock(&lock);
	order[n_done] = (int)(intptr_t)ctx;
	statuses[n_done++] = answer->status;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	free(answer->body);
}

static void push(api_worker_t *w, int k)
{
	api_resp_t work = { 0 };
	work.later = job;
	work.later_arg = (void *)(intptr_t)k;
	work.later_drop = drop;
	api_worker_push(w, &work, done, (void *)(intptr_t)k);
}

static void *stopper(void *arg)
{
	api_worker_stop(arg);
	return NULL;
}

TEST(jobs_run_in_order_off_the_callers_thread_and_the_queued_get_503_at_stop)
{
	api_worker_t *w = api_worker_start();
	pthread_t stop_thread;

	caller = pthread_self();
	ASSERT_TRUE(w != NULL);
	push(w, 0);
	pthread_mutex_lock(&lock);
	while (started < 1)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	push(w, 1);   /* queued behind job 0: the caller is not held up meanwhile */
	push(w, 2);
	ASSERT_EQ_INT(n_done, 0);
	ASSERT_EQ_INT(pthread_create(&stop_thread, NULL, stopper, w), 0);
	/* the stop waits for the job that runs, then answers the queued ones */
	pthread_mutex_lock(&lock);
	released = 1;
	pthread_cond_broadcast(&changed);
	while (n_done < 3)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	pthread_join(stop_thread, NULL);
	api_worker_free(w);
	ASSERT_TRUE(ran_elsewhere);
	ASSERT_EQ_INT(order[0], 0);
	ASSERT_EQ_INT(statuses[0], 200);
	/* 1 and 2 either ran (the stop came after them) or were answered 503: never lost */
	for (int i = 1; i < 3; i++) {
		ASSERT_EQ_INT(order[i], i);
		ASSERT_TRUE(statuses[i] == 200 + i || statuses[i] == 503);
	}
	ASSERT_EQ_INT(dropped, 3);
}

TEST(a_job_pushed_after_the_stop_is_answered_503_at_once)
{
	api_worker_t *w = api_worker_start();

	ASSERT_TRUE(w != NULL);
	n_done = 0;
	dropped = 0;
	api_worker_stop(w);
	push(w, 5);   /* a request that came in while antred stops */
	ASSERT_EQ_INT(n_done, 1);
	ASSERT_EQ_INT(order[0], 5);
	ASSERT_EQ_INT(statuses[0], 503);
	ASSERT_EQ_INT(dropped, 1);
	api_worker_free(w);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(jobs_run_in_order_off_the_callers_thread_and_the_queued_get_503_at_stop),
		TEST_CASE(a_job_pushed_after_the_stop_is_answered_503_at_once),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
