/* The worker: one job at a time, off the render thread. Every tap's issue request
 * carries a fresh Idempotency-Key; a request that got no answer is kept, key and all,
 * and sent again at each probe until antred answers it or the kiosk gives up, so a
 * ticket committed just before antred died is the one printed (issue 9). */
#include "kiosk_worker.h"

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "clock.h"
#include "protocol.h"
#include "kiosk_model.h"
#include "ticket_json.h"
#include "xmalloc.h"

#define KEY_BYTES ((size_t)16)  /* 128 random bits, sent as 32 hex characters */
#define FAULT_BEAT_MS 2000      /* the heartbeat while the printer cannot print */

typedef enum { JOB_NONE, JOB_ISSUE, JOB_PROBE, JOB_RESUME, JOB_STOP } job_kind_t;

/* One applicant's request: what was asked, and the key that makes sending it again safe. */
typedef struct {
	char id[32], lang[4];
	int journey, priority;
	char key[2 * KEY_BYTES + 1];
	int64_t first_try_ms;   /* monotonic */
	int tries;
} issue_req_t;

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
	issue_req_t asked;      /* the latest tap (under lock) */
	char resume_key[KIOSK_SCAN_MAX + 1];   /* the latest resume (under lock) */
	char resume_lang[4];
	issue_req_t pending;    /* the request in flight or awaiting a retry (worker thread) */
	int has_pending;        /* pending awaits a retry (worker thread) */
	issue_req_t resume_again;   /* a resume that got no answer, and its code (worker) */
	char resume_again_code[KIOSK_SCAN_MAX + 1];
	int has_resume_again;
	int reported;           /* a status was sent (worker thread) */
	antre_printer_status_t last_sent;
	char cancel_id[64];     /* a print-failed ticket antred has not cancelled yet (worker) */
	int64_t next_beat_ms;   /* monotonic */
};

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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

/* A fresh key from getrandom(2) (through the base clock), as lower-case hex. */
static void new_key(char out[2 * KEY_BYTES + 1])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t bytes[KEY_BYTES];
	antre_clock_system()->random_bytes(antre_clock_system(), bytes, sizeof(bytes));
	for (size_t i = 0; i < KEY_BYTES; i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
	out[2 * KEY_BYTES] = '\0';
}

/* POST the request with its key; the HTTP status, *resp as antre_client_request. */
static int send_issue(kiosk_worker_t *w, const issue_req_t *r, char **resp)
{
	char hdr[sizeof("Idempotency-Key: ") + sizeof(r->key)];
	const char *const headers[] = { hdr, NULL };
	json_t *req;
	char *body;
	int status;

	snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", r->key);
	req = json_pack("{s:s, s:b, s:s}", r->journey ? "journey" : "service", r->id, "priority",
			r->priority, "lang", r->lang);
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	status = antre_client_request_with(w->client, "POST", "/api/v1/tickets", headers, body,
					   resp);
	free(body);
	return status;
}

/* Cancel the ticket whose print failed (w->cancel_id), if any. Without an answer (antred
 * gone, or 503: its log held, its disk full) the cancel is kept and sent again before
 * every job and heartbeat: a number nobody holds must not wait to be called. Returns 0
 * once none is pending. */
static int send_cancel(kiosk_worker_t *w)
{
	char path[96], *resp = NULL;
	int status;

	if (w->cancel_id[0] == '\0')
		return 0;
	snprintf(path, sizeof(path), "/api/v1/tickets/%s/cancel", w->cancel_id);
	status = antre_client_request(w->client, "POST", path, "{\"reason\":\"print_failed\"}",
				      &resp);
	/* the issue request's rule of what is no answer, sent again with the same effect */
	if (kiosk_issue_next(status, 0, 0) == KIOSK_ISSUE_RETRY) {
		fprintf(stderr, "antre-kiosk: no answer to the cancel of ticket %s (%d %s); "
			"sending it again\n", w->cancel_id, status, resp ? resp : "");
		free(resp);
		return -1;
	}
	if (status != 200)
		fprintf(stderr, "antre-kiosk: the cancel of ticket %s was refused (%d): %s\n",
			w->cancel_id, status, resp ? resp : "");
	else
		fprintf(stderr, "antre-kiosk: ticket %s cancelled (print_failed)\n", w->cancel_id);
	free(resp);
	w->cancel_id[0] = '\0';
	return 0;
}

/* The 201 answer: show the ticket, print it (cancelling it if printing fails). A
 * reprint (a returning applicant's second scan the same day: 200) is not cancelled when
 * it fails: the first paper is in the applicant's hand, and its number stays called. */
static void deliver(kiosk_worker_t *w, const issue_req_t *r, const char *resp, int reprint)
{
	antre_printer_status_t st;
	antre_print_ticket_t t;
	json_t *ticket = json_loads(resp, 0, NULL);
	char err[256];

	if (ticket == NULL || antre_print_ticket_from_json(ticket, w->office, &t, err,
							   sizeof(err)) < 0) {
		fprintf(stderr, "antre-kiosk: unreadable ticket from antred: %s\n", resp);
		json_decref(ticket);
		report(w, KIOSK_R_UNREACHABLE, NULL, NULL);
		return;
	}
	fprintf(stderr, "antre-kiosk: issued %s (ticket %s)\n", t.number,
		json_string_value(json_object_get(ticket, "id")));
	if (r->tries > 1 || json_is_true(json_object_get(ticket, "replayed")))
		fprintf(stderr, "antre-kiosk: issued %s after %d tries (key %s%s)\n", t.number,
			r->tries, r->key, json_is_true(json_object_get(ticket, "replayed"))
			? ", replayed: the ticket the first try made" : "");
	{
		kiosk_result_t r2;
		json_t *open = json_object_get(ticket, "open_counters");
		memset(&r2, 0, sizeof(r2));
		r2.kind = KIOSK_R_ISSUED;
		r2.ticket = t;
		/* an antred without open_counters: unknown, its estimate stands */
		r2.no_counter = (json_is_integer(open) && json_integer_value(open) == 0) ||
				json_is_null(json_object_get(ticket, "est_wait_s"));
		w->fn(w->ctx, &r2);
	}
	if (antre_printer_print_ticket(w->printer, &t, w->paper_mm, &st) == 0) {
		report(w, KIOSK_R_PRINTED, &t, &st);
	} else if (reprint) {
		kiosk_result_t r3;
		fprintf(stderr, "antre-kiosk: the reprint of %s failed; the ticket stands\n",
			t.number);
		memset(&r3, 0, sizeof(r3));
		r3.kind = KIOSK_R_PRINT_FAILED;
		r3.ticket = t;
		r3.status = st;
		r3.kept = 1;
		w->fn(w->ctx, &r3);
	} else {
		/* never call a number nobody holds */
		snprintf(w->cancel_id, sizeof(w->cancel_id), "%s",
			 json_string_value(json_object_get(ticket, "id")));
		send_cancel(w);
		report(w, KIOSK_R_PRINT_FAILED, &t, &st);
	}
	json_decref(ticket);
}

/* Send the pending request once and act on the answer. While it is kept for a retry
 * the screen says the service is unavailable; the model's probes drive the retries. */
static void attempt(kiosk_worker_t *w)
{
	issue_req_t *r = &w->pending;
	char *resp = NULL;
	int status = send_issue(w, r, &resp);

	r->tries++;
	switch (kiosk_issue_next(status, r->first_try_ms, mono_ms())) {
	case KIOSK_ISSUE_DONE:
		w->has_pending = 0;
		deliver(w, r, resp, 0);
		break;
	case KIOSK_ISSUE_RETRY:
		w->has_pending = 1;
		fprintf(stderr, "antre-kiosk: no answer to issue %s (try %d, key %s): %d %s; "
			"sending it again with the same key\n", r->id, r->tries, r->key, status, resp);
		report(w, KIOSK_R_UNREACHABLE, NULL, NULL);
		break;
	case KIOSK_ISSUE_GIVE_UP:
		w->has_pending = 0;
		fprintf(stderr, "antre-kiosk: gave up issuing %s after %d tries in %lld s (key %s "
			"dropped): %d %s\n", r->id, r->tries,
			(long long)((mono_ms() - r->first_try_ms) / 1000), r->key, status, resp);
		report(w, KIOSK_R_UNREACHABLE, NULL, NULL);
		break;
	case KIOSK_ISSUE_FINAL:
		w->has_pending = 0;
		fprintf(stderr, "antre-kiosk: issue refused (%d): %s\n", status, resp);
		report(w, KIOSK_R_UNREACHABLE, NULL, NULL);
		break;
	}
	free(resp);
}

/* Whether a new ticket may be asked for, else the kiosk is told why: none while antred
 * has not taken the last failed print's cancel, none the printer cannot print. */
static int may_issue(kiosk_worker_t *w)
{
	antre_printer_status_t st;

	if (send_cancel(w) < 0) {
		report(w, KIOSK_R_UNREACHABLE, NULL, NULL);
		return 0;
	}
	if (antre_printer_status(w->printer, &st) < 0) {
		report(w, KIOSK_R_PRINTER_FAULT, NULL, &st);
		return 0;
	}
	return 1;
}

/* A tap: a new request with a new key, unless one is still pending, which counts. */
static void do_issue(kiosk_worker_t *w, const issue_req_t *asked)
{
	if (w->has_pending) {
		fprintf(stderr, "antre-kiosk: a tap while issue %s (key %s) is pending: sending "
			"that one again\n", w->pending.id, w->pending.key);
		attempt(w);
		return;
	}
	if (!may_issue(w))
		return;
	w->pending = *asked;
	new_key(w->pending.key);
	w->pending.first_try_ms = mono_ms();
	w->pending.tries = 0;
	attempt(w);
}

static void report_refused(kiosk_worker_t *w, kiosk_result_kind_t kind, int why,
			   const char *message, const char *return_on)
{
	kiosk_result_t r;
	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.refusal = why;
	snprintf(r.message, sizeof(r.message), "%s", message ? message : "");
	snprintf(r.return_on, sizeof(r.return_on), "%s", return_on ? return_on : "");
	w->fn(w->ctx, &r);
}

/* A returning applicant: the journey's ticket of today, printed like any other. */
static void do_resume(kiosk_worker_t *w, const char *key, const char *lang)
{
	char hdr[sizeof("Idempotency-Key: ") + 2 * KEY_BYTES + 1], *body, *resp = NULL;
	const char *const headers[] = { hdr, NULL };
	issue_req_t r;
	json_t *req, *ans;
	int status;

	if (!may_issue(w))
		return;
	memset(&r, 0, sizeof(r));
	if (w->has_resume_again && strcmp(w->resume_again_code, key) == 0 &&
	    mono_ms() - w->resume_again.first_try_ms < KIOSK_ISSUE_GIVE_UP_MS) {
		/* the same paper again after no answer: the same request, by its key, so
		 * that antred's ticket from it (if it made one) is this applicant's first
		 * print (201), not a reprint of paper they hold (200) */
		r = w->resume_again;
		r.tries++;
		fprintf(stderr, "antre-kiosk: resume %s sent again with its key %s (try %d)\n",
			key, r.key, r.tries);
	} else {
		snprintf(r.id, sizeof(r.id), "resume");
		new_key(r.key);
		r.first_try_ms = mono_ms();
		r.tries = 1;
	}
	w->has_resume_again = 0;
	snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", r.key);
	req = json_pack("{s:s, s:s}", "resume", key, "lang", lang);
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	status = antre_client_request_with(w->client, "POST", "/api/v1/tickets", headers, body,
					   &resp);
	free(body);
	ans = resp ? json_loads(resp, 0, NULL) : NULL;
	fprintf(stderr, "antre-kiosk: resume %s: %d %s\n", key, status, resp ? resp : "");
	if (status == 201 || status == 200) {
		const char *state = json_string_value(json_object_get(ans, "state"));
		if (state && (strcmp(state, "waiting") == 0 || strcmp(state, "called") == 0 ||
			      strcmp(state, "serving") == 0))
			deliver(w, &r, resp, status == 200);   /* 200: reprinted */
		else
			report_refused(w, KIOSK_R_RESUME_REFUSED, KIOSK_REFUSED_USED, state, NULL);
	} else if (status == 404 || status == 400) {
		report_refused(w, KIOSK_R_RESUME_UNKNOWN, 0, NULL, NULL);
	} else if (status == 409) {
		const char *err = json_string_value(json_object_get(ans, "error"));
		const char *msg = json_string_value(json_object_get(ans, "message"));
		if (err && strcmp(err, "too_early") == 0)
			report_refused(w, KIOSK_R_RESUME_EARLY, 0, msg,
				       json_string_value(json_object_get(ans, "return_on")));
		else
			report_refused(w, KIOSK_R_RESUME_REFUSED,
				       err && strcmp(err, "service_closed") == 0 ? KIOSK_REFUSED_CLOSED
				       : err && strcmp(err, "conflict") == 0 ? KIOSK_REFUSED_USED
				       : KIOSK_REFUSED_OTHER, msg, NULL);
	} else if (kiosk_issue_next(status, 0, 0) == KIOSK_ISSUE_RETRY) {
		w->resume_again = r;   /* no answer: antred may have made the ticket */
		snprintf(w->resume_again_code, sizeof(w->resume_again_code), "%s", key);
		w->has_resume_again = 1;
		report(w, KIOSK_R_UNREACHABLE, NULL, NULL);
	} else {
		report_refused(w, KIOSK_R_RESUME_REFUSED, KIOSK_REFUSED_OTHER,
			       json_string_value(json_object_get(ans, "message")), NULL);
	}
	json_decref(ans);
	free(resp);
}

/* A probe retries the pending request, if any; else it asks whether antred answers. */
static void do_probe(kiosk_worker_t *w)
{
	int ok;
	if (w->has_pending) {
		attempt(w);
		return;
	}
	/* antred is back for this kiosk once it takes a pending cancel too */
	ok = send_cancel(w) == 0 &&
	     antre_client_request(w->client, "GET", "/healthz", NULL, NULL) == 200;
	report(w, ok ? KIOSK_R_REACHABLE : KIOSK_R_UNREACHABLE, NULL, NULL);
}

/* The device-status report (CONTRACTS.md): the printer as it is now, plus a heartbeat.
 * Blocks only this thread. */
static void heartbeat(kiosk_worker_t *w)
{
	antre_printer_status_t st;
	json_t *req;
	char *body;
	int status;

	send_cancel(w);
	antre_printer_status(w->printer, &st);
	req = json_pack("{s:s, s:s%}", "printer", antre_printer_state_name(st.state), "message",
			st.message, strnlen(st.message, 200));
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	status = antre_client_request(w->client, "POST", "/api/v1/devices/status", body, NULL);
	free(body);
	if (!w->reported || st.state != w->last_sent.state)
		fprintf(stderr, "antre-kiosk: printer %s reported (%d)\n",
			antre_printer_state_name(st.state), status);
	w->reported = 1;
	w->last_sent = st;
	/* a printer that cannot print is looked at more often: home issues again as soon
	 * as the paper is in (a report to antred every 2 s while it lasts) */
	w->next_beat_ms = mono_ms() + (w->cancel_id[0] || st.state == ANTRE_PRINTER_PAPER_OUT ||
				       st.state == ANTRE_PRINTER_OFFLINE ||
				       st.state == ANTRE_PRINTER_ERROR
				       ? FAULT_BEAT_MS : (int64_t)ANTRE_DEVICE_HEARTBEAT_S * 1000);
	report(w, status < 0 || status == 502 || status == 503 || status == 504
		  ? KIOSK_R_HEARTBEAT_FAILED : KIOSK_R_HEARTBEAT_OK, NULL, &st);
}

static void wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, int64_t mono_deadline)
{
	struct timespec now, at;
	int64_t left = mono_deadline - mono_ms();
	clock_gettime(CLOCK_REALTIME, &now);   /* the condition's clock */
	if (left <= 0)
		return;
	at.tv_sec = now.tv_sec + (time_t)(left / 1000);
	at.tv_nsec = now.tv_nsec + (long)(left % 1000) * 1000000L;
	if (at.tv_nsec >= 1000000000L) {
		at.tv_sec++;
		at.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(cond, lock, &at);
}

static void *worker_main(void *arg)
{
	kiosk_worker_t *w = arg;
	issue_req_t asked;
	char resume_key[KIOSK_SCAN_MAX + 1], resume_lang[4];
	pthread_mutex_lock(&w->lock);
	for (;;) {
		job_kind_t job;
		while (w->job == JOB_NONE && mono_ms() < w->next_beat_ms)
			wait_until(&w->cond, &w->lock, w->next_beat_ms);
		job = w->job;
		if (job == JOB_STOP)
			break;
		if (job == JOB_NONE) {   /* the heartbeat is due */
			pthread_mutex_unlock(&w->lock);
			heartbeat(w);
			pthread_mutex_lock(&w->lock);
			continue;
		}
		asked = w->asked;
		memcpy(resume_key, w->resume_key, sizeof(resume_key));
		memcpy(resume_lang, w->resume_lang, sizeof(resume_lang));
		pthread_mutex_unlock(&w->lock);
		if (job == JOB_ISSUE)
			do_issue(w, &asked);
		else if (job == JOB_RESUME)
			do_resume(w, resume_key, resume_lang);
		else
			do_probe(w);
		{
			/* a printer that changed with the job is reported at once */
			antre_printer_status_t st;
			antre_printer_status(w->printer, &st);
			if (st.state != w->last_sent.state)
				w->next_beat_ms = 0;
		}
		pthread_mutex_lock(&w->lock);
		if (w->job == job)
			w->job = JOB_NONE;
	}
	pthread_mutex_unlock(&w->lock);
	if (w->has_pending)
		fprintf(stderr, "antre-kiosk: stopped with issue %s (key %s) unanswered\n",
			w->pending.id, w->pending.key);
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
	memset(&w->asked, 0, sizeof(w->asked));
	snprintf(w->asked.id, sizeof(w->asked.id), "%s", id);
	snprintf(w->asked.lang, sizeof(w->asked.lang), "%s", lang);
	w->asked.journey = journey;
	w->asked.priority = priority;
	pthread_mutex_unlock(&w->lock);
	post(w, JOB_ISSUE);
}

void kiosk_worker_resume(kiosk_worker_t *w, const char *key, const char *lang)
{
	pthread_mutex_lock(&w->lock);
	snprintf(w->resume_key, sizeof(w->resume_key), "%s", key);
	snprintf(w->resume_lang, sizeof(w->resume_lang), "%s", lang);
	pthread_mutex_unlock(&w->lock);
	post(w, JOB_RESUME);
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
