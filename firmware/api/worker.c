/* The API's one worker thread, for answers too slow to make on a connection's thread:
 * libmicrohttpd runs API_THREADS of those for every connection, so an announcement
 * rendered there (about 240 ms of espeak-ng) held up every request behind it, a
 * clerk's call among them. The handler sets resp->later; the server suspends the
 * connection and hands the job here; the worker makes the answer and gives it back
 * (the server resumes the connection with it). Jobs run one at a time, in order. */
#include <pthread.h>
#include <stdlib.h>

#include "api_internal.h"
#include "xmalloc.h"

typedef struct job {
	api_resp_t work;           /* later, later_arg, later_drop */
	api_worker_done_fn done;
	void *ctx;
	struct job *next;
} job_t;

struct api_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	job_t *head, *tail;
	int stop;
};

static void finish(job_t *j, api_resp_t *answer)
{
	if (j->work.later_drop)
		j->work.later_drop(j->work.later_arg);
	j->done(j->ctx, answer);
	free(j);
}

static void *worker_main(void *arg)
{
	api_worker_t *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		job_t *j;
		api_resp_t answer = { 0 };

		while (w->head == NULL && !w->stop)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->stop)
			break;
		j = w->head;
		w->head = j->next;
		if (w->head == NULL)
			w->tail = NULL;
		pthread_mutex_unlock(&w->lock);
		j->work.later(j->work.later_arg, &answer);
		finish(j, &answer);
		pthread_mutex_lock(&w->lock);
	}
	/* stopping: what did not run is answered, never left suspended */
	while (w->head) {
		job_t *j = w->head;
		api_resp_t answer = { 0 };

		w->head = j->next;
		api_reply_error(&answer, 503, "unavailable", "antred is stopping; try again in "
				"a moment");
		finish(j, &answer);
	}
	w->tail = NULL;
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

api_worker_t *api_worker_start(void)
{
	api_worker_t *w = xcalloc(1, sizeof(*w));

	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	return w;
}

void api_worker_push(api_worker_t *w, const api_resp_t *work, api_worker_done_fn done,
		     void *ctx)
{
	job_t *j = xcalloc(1, sizeof(*j));

	j->work = *work;
	j->done = done;
	j->ctx = ctx;
	pthread_mutex_lock(&w->lock);
	if (w->stop) {         /* too late: answered at once */
		api_resp_t answer = { 0 };
		pthread_mutex_unlock(&w->lock);
		api_reply_error(&answer, 503, "unavailable", "antred is stopping; try again in "
				"a moment");
		finish(j, &answer);
		return;
	}
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void api_worker_stop(api_worker_t *w)
{
	int joined;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	joined = w->stop;
	w->stop = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	if (!joined)
		pthread_join(w->thread, NULL);
}

void api_worker_free(api_worker_t *w)
{
	if (w == NULL)
		return;
	api_worker_stop(w);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
