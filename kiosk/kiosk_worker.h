/* The kiosk's worker thread: everything that may block (HTTP to antred, printing)
 * happens here, so the screen never waits. Results come back through a callback on the
 * worker's thread (the caller forwards them to the UI thread). */
#ifndef ANTRE_KIOSK_WORKER_H
#define ANTRE_KIOSK_WORKER_H

#include "printer.h"

typedef enum {
	KIOSK_R_ISSUED, KIOSK_R_PRINTED, KIOSK_R_PRINTER_FAULT, KIOSK_R_PRINT_FAILED,
	KIOSK_R_UNREACHABLE, KIOSK_R_REACHABLE,
	KIOSK_R_HEARTBEAT_OK, KIOSK_R_HEARTBEAT_FAILED,  /* the device-status report */
	/* a resume that prints nothing (201/200 is ISSUED, then PRINTED or PRINT_FAILED) */
	KIOSK_R_RESUME_UNKNOWN, KIOSK_R_RESUME_EARLY, KIOSK_R_RESUME_REFUSED
} kiosk_result_kind_t;

typedef struct {
	kiosk_result_kind_t kind;
	antre_print_ticket_t ticket;
	antre_printer_status_t status;
	int no_counter;   /* ISSUED: open_counters 0 or est_wait_s null in the answer */
	char return_on[16];     /* RESUME_EARLY: the 409's return_on */
	int refusal;            /* RESUME_REFUSED: kiosk_refusal_t */
	char message[256];      /* RESUME_REFUSED: antred's sentence */
	int kept;               /* PRINT_FAILED: a reprint, its ticket not cancelled */
} kiosk_result_t;

typedef void (*kiosk_result_fn)(void *ctx, const kiosk_result_t *r);
typedef struct kiosk_worker kiosk_worker_t;

/* office_json: GET /api/v1/office as text (names for the printed ticket). The worker
 * also reports the printer status to POST /api/v1/devices/status at start, when it
 * changes and every ANTRE_DEVICE_HEARTBEAT_S between jobs; a report that gets no answer
 * is KIOSK_R_HEARTBEAT_FAILED (antred is gone), any answer KIOSK_R_HEARTBEAT_OK (a 404
 * from an antred without the route is an answer). */
kiosk_worker_t *kiosk_worker_start(const char *server, const char *token, antre_printer_t *printer,
				   int paper_mm, const char *office_json, kiosk_result_fn fn,
				   void *ctx);
/* Check the printer, issue a ticket for id with a fresh Idempotency-Key, print it
 * (cancelling it if printing fails). When the request gets no answer (see
 * kiosk_issue_next) the result is KIOSK_R_UNREACHABLE and the worker keeps the request
 * and its key: each later probe sends it again, and a later issue call sends the pending
 * one again instead of its own, until it is answered (KIOSK_R_ISSUED, then PRINTED or
 * PRINT_FAILED) or KIOSK_ISSUE_GIVE_UP_MS have passed (the key is dropped). Strings are
 * copied. */
void kiosk_worker_issue(kiosk_worker_t *w, const char *id, int journey, int priority,
			const char *lang);
/* A returning applicant's code, ticket id or status URL (scanned or typed):
 * POST /api/v1/tickets {"resume"} after the printer check. 201 or 200 with a ticket to
 * serve (waiting, called, serving) is printed as any issue (200: a reprint of today's);
 * 200 with one done or cancelled, and 409 other than too_early, is RESUME_REFUSED;
 * 404 or 400 RESUME_UNKNOWN; 409 too_early RESUME_EARLY; no answer UNREACHABLE, and
 * the request and its key are kept: the same code resumed again (within
 * KIOSK_ISSUE_GIVE_UP_MS) is sent with that key, so that a ticket antred made for it is
 * answered 201, a first print (cancelled if it fails), not 200, a reprint of paper the
 * applicant would hold. */
void kiosk_worker_resume(kiosk_worker_t *w, const char *key, const char *lang);
/* Send the pending issue request again, if there is one; else ask whether antred
 * answers again (KIOSK_R_REACHABLE or KIOSK_R_UNREACHABLE). */
void kiosk_worker_probe(kiosk_worker_t *w);
void kiosk_worker_stop(kiosk_worker_t *w);

#endif
