/* The worker: one job at a time, off the render thread. */
#include "worker.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "ticket_json.h"
#include "xmalloc.h"

typedef enum { JOB_NONE, JOB_ISSUE, JOB_PROBE, JOB_STOP } job_kind_t;

struct kiosk_worker {
	antre_client_t *client;
	antre_printer_t *printer;
	int paper_mm;
	json_t *office;
	kiosk_result_fn fn;
	void *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	job_kind_t job;
	char id[32], lang[4];
	int journey, priority;
};

static void report(kiosk_worker_t *w, kiosk_result_kind_t kind, const antre_print_ticket_t *t,
		   const antre_printer_status_t *st)
{
	kiosk_result_t r;
	memset(&r, 0, sizeof(r));
	r.kind = kind;
	if (t)
		r.ticket = *t;
	if (st)
		r.status = *st;
	w->fn(w->ctx, &r);
}

static void do_issue(kiosk_worker_t *w)
{
	antre_printer_status_t st;
	antre_print_ticket_t t;
	json_t *req, *ticket;
	char *body, *resp = NULL, path[96], err[256];
	int status;

	/* no ticket the printer cannot print */
	if (antre_printer_status(w->printer, &st) < 0) {
		report(w, KIOSK_R_PRINTER_FAULT, NULL, &st);
		return;
	}
	req = json_pack("{s:s, s:b, s:s}", w->journey ? "journey" : "service", w->id, "priority",
			w->priority, "lang", w->lang);
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	status = antre_client_request(w->client, "POST", "/api/v1/tickets", body, &resp);
	free(body);
	if (status != 201) {
		fprintf(stderr, "antre-kiosk: issue refused (%d): %s\n", status, resp);
		free(resp);
		report(w, KIOSK_R_UNREACHABLE, NULL, NULL);
		return;
	}
	ticket = json_loads(resp, 0, NULL);
	free(resp);
	if (ticket == NULL || antre_print_ticket_from_json(ticket, w->office, &t, err,
							   sizeof(err)) < 0) {
		json_decref(ticket);
		report(w, KIOSK_R_UNREACHABLE, NULL, NULL);
		return;
	}
	report(w, KIOSK_R_ISSUED, &t, NULL);
	if (antre_printer_print_ticket(w->printer, &t, w->paper_mm, &st) == 0) {
		report(w, KIOSK_R_PRINTED, &t, &st);
	} else {
		/* never call a number nobody holds */
		snprintf(path, sizeof(path), "/api/v1/tickets/%s/cancel",
			 json_string_value(json_object_get(ticket, "id")));
		antre_client_request(w->client, "POST", path, "{\"reason\":\"print_failed\"}", NULL);
		report(w, KIOSK_R_PRINT_FAILED, &t, &st);
	}
	json_decref(ticket);
}

static void *worker_main(void *arg)
{
	kiosk_worker_t *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		job_kind_t job;
		while (w->job == JOB_NONE)
			pthread_cond_wait(&w->cond, &w->lock);
		job = w->job;
		if (job == JOB_STOP)
			break;
		pthread_mutex_unlock(&w->lock);
		if (job == JOB_ISSUE) {
			do_issue(w);
		} else {
			int ok = antre_client_request(w->client, "GET", "/healthz", NULL, NULL) == 200;
			report(w, ok ? KIOSK_R_REACHABLE : KIOSK_R_UNREACHABLE, NULL, NULL);
		}
		pthread_mutex_lock(&w->lock);
		if (w->job == job)
			w->job = JOB_NONE;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

kiosk_worker_t *kiosk_worker_start(const char *server, const char *token, antre_printer_t *printer,
				   int paper_mm, const char *office_json, kiosk_result_fn fn,
				   void *ctx)
{
	kiosk_worker_t *w = xcalloc(1, sizeof(*w));
	w->client = antre_client_create(server, token, 5000);
	w->printer = printer;
	w->paper_mm = paper_mm;
	w->office = json_loads(office_json ? office_json : "{}", 0, NULL);
	w->fn = fn;
	w->ctx = ctx;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	pthread_create(&w->thread, NULL, worker_main, w);
	return w;
}

static void post(kiosk_worker_t *w, job_kind_t job)
{
	pthread_mutex_lock(&w->lock);
	if (w->job != JOB_STOP)
		w->job = job;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void kiosk_worker_issue(kiosk_worker_t *w, const char *id, int journey, int priority,
			const char *lang)
{
	pthread_mutex_lock(&w->lock);
	snprintf(w->id, sizeof(w->id), "%s", id);
	snprintf(w->lang, sizeof(w->lang), "%s", lang);
	w->journey = journey;
	w->priority = priority;
	pthread_mutex_unlock(&w->lock);
	post(w, JOB_ISSUE);
}

void kiosk_worker_probe(kiosk_worker_t *w)
{
	post(w, JOB_PROBE);
}

void kiosk_worker_stop(kiosk_worker_t *w)
{
	if (w == NULL)
		return;
	post(w, JOB_STOP);
	pthread_join(w->thread, NULL);
	antre_client_destroy(w->client);
	json_decref(w->office);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}
