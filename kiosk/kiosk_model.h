/* The kiosk's screen state machine: pure, fed inputs (taps, results from the worker,
 * the clock) and producing what the worker should do next. No SDL, no network. */
#ifndef ANTRE_KIOSK_MODEL_H
#define ANTRE_KIOSK_MODEL_H

#include <stdint.h>

#include "kiosk_code.h"
#include "printer.h"

typedef enum {
	KIOSK_HOME,            /* choose a service or the full journey */
	KIOSK_PRIORITY,        /* second step where the office offers priority: which queue */
	KIOSK_ISSUING,         /* printer check, issue and print in flight */
	KIOSK_TICKET,          /* the number, very large; home after a while or a tap */
	KIOSK_PRINTER_FAULT,   /* out of paper / offline: no ticket issued, call staff */
	KIOSK_PRINT_FAILED,    /* issued, print failed, ticket cancelled: call staff */
	KIOSK_UNAVAILABLE,     /* the controller cannot be reached; retrying */
	/* a returning applicant (docs/journeys.md): the code by hand, and what antred said */
	KIOSK_KEYPAD,          /* the code's characters as keys */
	KIOSK_RESUME_UNKNOWN,  /* 404: no deferred journey has that code */
	KIOSK_RESUME_EARLY,    /* 409 too_early: come back on return_on */
	KIOSK_RESUME_REFUSED,  /* used up today, its desk closed, ...: refusal says which */
} kiosk_screen_t;

/* "home", "priority", "issuing", "ticket", "printer-fault", "print-failed", "unavailable",
 * "keypad", "resume-unknown", "resume-early", "resume-refused" (logs). */
const char *kiosk_screen_name(kiosk_screen_t s);

typedef enum { KIOSK_LANG_ID, KIOSK_LANG_EN } kiosk_lang_t;

#define KIOSK_MAX_COUNTS 40

/* Live figures of one choice (service or journey id), shown on its home button. */
typedef struct {
	char id[32];
	int waiting;
	int est_wait_s;      /* -1: antred sent null (no open counter serves it) */
	int open_counters;   /* -1: antred did not say (an older antred) */
	/* issue 13; all 0 from an older antred, which has none of this */
	int closed;          /* no tickets now: status closed, or outside its hours */
	int sold_out;        /* today's quota is used up */
	int limited;         /* status limited: issued and served, the back office is down */
	char reason[128];    /* the status's sentence, as the office wrote it */
	char hours[64];      /* "08:00-12:00, 13:00-15:00" when closed by its hours */
} kiosk_count_t;

/* No open counter serves this choice now: say so rather than any time estimate. */
int kiosk_count_no_counter(const kiosk_count_t *c);
/* The kiosk takes no ticket for it (closed or sold out): refused before printing. */
int kiosk_count_refuses(const kiosk_count_t *c);

/* What every applicant starts with (the office's --lang, --large-text, --speech). */
typedef struct {
	int lang;   /* kiosk_lang_t */
	int large_text, speech;
} kiosk_defaults_t;

/* What the worker is asked to do (one job at a time). */
typedef enum { KIOSK_DO_NOTHING, KIOSK_DO_ISSUE, KIOSK_DO_PROBE, KIOSK_DO_RESUME } kiosk_job_t;

/* Why a resume gave no ticket to print (KIOSK_RESUME_REFUSED). */
typedef enum {
	KIOSK_REFUSED_USED,     /* today's ticket of the journey is done or cancelled */
	KIOSK_REFUSED_CLOSED,   /* the desk it returns to takes no tickets now */
	KIOSK_REFUSED_OTHER,    /* anything else antred refused: its sentence */
} kiosk_refusal_t;

typedef struct {
	kiosk_screen_t screen;
	kiosk_lang_t lang;
	int priority;                   /* the applicant chose the priority queue */
	int large_text, speech;         /* the applicant's accessibility choices */
	kiosk_defaults_t defaults;      /* what the next applicant starts with */
	int offers_priority;            /* the office has the priority step */
	char choice[32];                /* the service or journey id being issued */
	int64_t screen_since_ms;
	int64_t last_input_ms;          /* the last tap, for the idle reset */
	int no_counter;                 /* the ticket's service has no open counter */
	int say;                        /* "speech" tapped on the ticket: say it (again) */
	int busy;                       /* a job is with the worker */

	/* the ticket on screen */
	char number[16];
	char service[ANTRE_PRINT_TEXT_MAX];
	char service_en[ANTRE_PRINT_TEXT_MAX];
	int ahead, est_wait_s;

	antre_printer_status_t printer; /* the last status seen */
	int print_kept;                 /* KIOSK_PRINT_FAILED of a reprint: the number stands */
	int64_t retry_at_ms;            /* KIOSK_UNAVAILABLE: next probe */
	int backoff_ms;
	int dirty;                      /* the screen must be drawn again */

	/* a returning applicant: the scanner's keys, the keypad's entry, what is resumed */
	kiosk_scan_t scan;
	kiosk_entry_t entry;
	char resume_key[KIOSK_SCAN_MAX + 1];   /* sent as {"resume": ...} */
	char return_on[16];                    /* KIOSK_RESUME_EARLY: YYYY-MM-DD */
	kiosk_refusal_t refusal;
	char refusal_text[256];                /* KIOSK_REFUSED_OTHER: antred's sentence */

	/* the waiting figures antred last sent, per choice id */
	kiosk_count_t counts[KIOSK_MAX_COUNTS];
	int n_counts;
} kiosk_model_t;

#define KIOSK_TICKET_SHOW_MS 10000
/* A tap this soon after the ticket or a fault screen appeared does not dismiss it: the
 * second tap of a double tap, or an impatient one, must not hide the number before the
 * applicant could read it. */
#define KIOSK_SCREEN_HOLD_MS 1500
/* The priority step ignores taps this soon after it appeared: a double tap on a
 * service must not pick whatever lies under the finger on the next step. */
#define KIOSK_STEP_HOLD_MS 500
#define KIOSK_FAULT_SHOW_MS 20000
/* This long without a touch on home or the priority step, the next applicant starts
 * with the office's defaults (language, priority off, text size, speech). */
#define KIOSK_IDLE_RESET_MS 30000
#define KIOSK_BACKOFF_MIN_MS 1000
#define KIOSK_BACKOFF_MAX_MS 15000

void kiosk_model_init(kiosk_model_t *m, int64_t now_ms);
/* Set the defaults and start from them (the model is on home). */
void kiosk_model_set_defaults(kiosk_model_t *m, const kiosk_defaults_t *d);
/* Back to the defaults: language, priority off, text size, speech (for the next one). */
void kiosk_model_reset(kiosk_model_t *m);

/* A tap on a control: on home a service or journey id, "lang", "large_text" or
 * "speech"; on the priority step "priority", "regular" or "back"; "speech" and
 * "large_text" also on the ticket screen. Returns KIOSK_DO_ISSUE when a ticket should
 * be issued for m->choice with m->priority; a second tap while busy does nothing (the
 * double-tap guard). With offers_priority a service tap goes to the priority step. A
 * choice that is closed or sold out (kiosk_count_refuses) is not issued: nothing. */
kiosk_job_t kiosk_model_tap(kiosk_model_t *m, const char *id, int64_t now_ms);
/* A tap anywhere on a non-home screen (go home early where that is allowed: not while
 * printing, not within KIOSK_SCREEN_HOLD_MS of the screen appearing). */
void kiosk_model_tap_screen(kiosk_model_t *m, int64_t now_ms);

/* A returning applicant (docs/journeys.md). On home, "resume" opens the keypad, whose
 * controls are "key_X" (X a character of KIOSK_CODE_ALPHABET), "backspace", "cancel"
 * (home) and "ok" (KIOSK_DO_RESUME once the code is whole) — all through
 * kiosk_model_tap. A barcode scanner types like a keyboard: every typed character goes
 * to kiosk_model_char and Enter to kiosk_model_enter, which returns KIOSK_DO_RESUME for
 * a scan (kiosk_scan_enter) on a screen that takes one: home, the keypad, the ticket
 * and the resume answers, with nothing in flight and a printer that prints. A lone key
 * (KIOSK_SCAN_GAP_MS of quiet after it) is a key of its own, acted on by
 * kiosk_model_tick: 's' the speech mode; on the keypad a code character is typed.
 * m->resume_key is what to send. */
kiosk_job_t kiosk_model_char(kiosk_model_t *m, char c, int64_t now_ms);
kiosk_job_t kiosk_model_enter(kiosk_model_t *m, int64_t now_ms);
/* A lone key (called by kiosk_model_char and kiosk_model_tick; for tests). */
void kiosk_model_lone_key(kiosk_model_t *m, char key, int64_t now_ms);
/* Scans are taken on this screen now. */
int kiosk_model_takes_scan(const kiosk_model_t *m);
/* The answers to a resume that print nothing (201/200 is kiosk_model_issued_at). */
void kiosk_model_resume_unknown(kiosk_model_t *m, int64_t now_ms);
/* return_on "YYYY-MM-DD" (or "" from an antred without it: text, its sentence, says). */
void kiosk_model_resume_early(kiosk_model_t *m, const char *return_on, const char *text,
			      int64_t now_ms);
void kiosk_model_resume_refused(kiosk_model_t *m, kiosk_refusal_t why, const char *text,
				int64_t now_ms);

/* Results from the worker. */
void kiosk_model_issued(kiosk_model_t *m, const antre_print_ticket_t *t, int64_t now_ms);
/* The same, with whether the ticket's service has no open counter (open_counters 0 or
 * est_wait_s null in the answer). */
void kiosk_model_issued_at(kiosk_model_t *m, const antre_print_ticket_t *t, int no_counter,
			   int64_t now_ms);
void kiosk_model_printed(kiosk_model_t *m, int64_t now_ms);
void kiosk_model_printer_fault(kiosk_model_t *m, const antre_printer_status_t *st,
			       int64_t now_ms);
/* kept: it was a reprint of today's ticket (a second scan), not cancelled. */
void kiosk_model_print_failed(kiosk_model_t *m, const antre_printer_status_t *st, int kept,
			      int64_t now_ms);
void kiosk_model_unreachable(kiosk_model_t *m, int64_t now_ms);
void kiosk_model_reachable(kiosk_model_t *m, int64_t now_ms);
/* The device-status heartbeat got an answer (ok) or none: with none, an idle home
 * screen says the service is unavailable before anyone taps; an applicant's ticket or
 * a job in flight is left alone. An answer takes an idle unavailable screen home. */
void kiosk_model_heartbeat(kiosk_model_t *m, int ok, int64_t now_ms);

/* The printer's status as the worker last read it (the heartbeat's, a job's). A fault
 * (paper out, offline, error) is on the home screen before anyone taps and no ticket
 * can be asked for until the printer is ready again; the priority step goes home. */
void kiosk_model_printer_status(kiosk_model_t *m, const antre_printer_status_t *st,
				int64_t now_ms);
/* The last status seen says the printer cannot print (paper low still prints). */
int kiosk_model_printer_down(const kiosk_model_t *m);

/* New waiting figures (the whole list, as antred's state has them): they replace the
 * ones held; at most KIOSK_MAX_COUNTS are kept. The screen is drawn again. */
void kiosk_model_counts(kiosk_model_t *m, const kiosk_count_t *counts, int n);
/* The figures held for a choice id, or NULL when antred sent none for it. The pointer
 * stays valid until the next kiosk_model_counts. */
const kiosk_count_t *kiosk_model_count(const kiosk_model_t *m, const char *id);

/* Time passes: screens time out, probes fall due. Returns KIOSK_DO_PROBE when the
 * controller should be probed again. */
kiosk_job_t kiosk_model_tick(kiosk_model_t *m, int64_t now_ms);

/* What the worker does with the answer to an issue request (pure). A request that got
 * no answer (http_status < 0: refused, reset, timed out) or a 502/503/504 may have been
 * committed or not; it is sent again with the same Idempotency-Key, so antred answers
 * with the ticket it already made, until KIOSK_ISSUE_GIVE_UP_MS after the first try.
 * Any other answer is final: 201 is the ticket, a 4xx or 500 will not change. */
typedef enum {
	KIOSK_ISSUE_DONE,      /* 201: print it */
	KIOSK_ISSUE_FINAL,     /* refused; do not send it again */
	KIOSK_ISSUE_RETRY,     /* keep the key and the request; send again at the next probe */
	KIOSK_ISSUE_GIVE_UP,   /* no answer for too long; drop the key */
} kiosk_issue_next_t;

#define KIOSK_ISSUE_GIVE_UP_MS 60000

kiosk_issue_next_t kiosk_issue_next(int http_status, int64_t first_try_ms, int64_t now_ms);

#endif
