/* The kiosk state machine. */
#include "kiosk_model.h"

#include <stdio.h>
#include <string.h>

const char *kiosk_screen_name(kiosk_screen_t s)
{
	switch (s) {
	case KIOSK_HOME: return "home";
	case KIOSK_PRIORITY: return "priority";
	case KIOSK_ISSUING: return "issuing";
	case KIOSK_TICKET: return "ticket";
	case KIOSK_PRINTER_FAULT: return "printer-fault";
	case KIOSK_PRINT_FAILED: return "print-failed";
	case KIOSK_UNAVAILABLE: return "unavailable";
	case KIOSK_KEYPAD: return "keypad";
	case KIOSK_RESUME_UNKNOWN: return "resume-unknown";
	case KIOSK_RESUME_EARLY: return "resume-early";
	case KIOSK_RESUME_REFUSED: return "resume-refused";
	}
	return "unknown";
}

int kiosk_count_no_counter(const kiosk_count_t *c)
{
	return c->open_counters == 0 || c->est_wait_s < 0;
}

int kiosk_count_refuses(const kiosk_count_t *c)
{
	return c != NULL && (c->closed || c->sold_out);
}

void kiosk_model_reset(kiosk_model_t *m)
{
	m->lang = (kiosk_lang_t)m->defaults.lang;
	m->priority = 0;
	m->large_text = m->defaults.large_text;
	m->speech = m->defaults.speech;
	m->choice[0] = '\0';
	m->dirty = 1;
}

void kiosk_model_set_defaults(kiosk_model_t *m, const kiosk_defaults_t *d)
{
	m->defaults = *d;
	kiosk_model_reset(m);
}

static void go(kiosk_model_t *m, kiosk_screen_t s, int64_t now_ms)
{
	/* every way back home after an applicant was served starts the next one fresh */
	if (s == KIOSK_HOME && m->screen != KIOSK_HOME && m->screen != KIOSK_PRIORITY &&
	    m->screen != KIOSK_UNAVAILABLE && m->screen != KIOSK_KEYPAD)
		kiosk_model_reset(m);
	m->screen = s;
	m->screen_since_ms = now_ms;
	m->last_input_ms = now_ms;
	m->dirty = 1;
}

void kiosk_model_init(kiosk_model_t *m, int64_t now_ms)
{
	memset(m, 0, sizeof(*m));
	m->lang = KIOSK_LANG_ID;
	m->last_input_ms = now_ms;
	m->backoff_ms = KIOSK_BACKOFF_MIN_MS;
	antre_printer_set(&m->printer, ANTRE_PRINTER_READY, "ready");
	go(m, KIOSK_HOME, now_ms);
}

static int is_resume_answer(kiosk_screen_t s)
{
	return s == KIOSK_RESUME_UNKNOWN || s == KIOSK_RESUME_EARLY || s == KIOSK_RESUME_REFUSED;
}

static kiosk_job_t resume(kiosk_model_t *m, const char *key, int64_t now_ms)
{
	snprintf(m->resume_key, sizeof(m->resume_key), "%s", key);
	m->busy = 1;
	go(m, KIOSK_ISSUING, now_ms);
	return KIOSK_DO_RESUME;
}

/* The keypad's controls. */
static kiosk_job_t keypad_tap(kiosk_model_t *m, const char *id, int64_t now_ms)
{
	if (strncmp(id, "key_", 4) == 0 && id[4] && !id[5])
		kiosk_entry_add(&m->entry, id[4]);
	else if (strcmp(id, "backspace") == 0)
		kiosk_entry_backspace(&m->entry);
	else if (strcmp(id, "cancel") == 0)
		go(m, KIOSK_HOME, now_ms);
	else if (strcmp(id, "ok") == 0 && kiosk_entry_complete(&m->entry) &&
		 !kiosk_model_printer_down(m))
		return resume(m, m->entry.c, now_ms);
	m->dirty = 1;
	return KIOSK_DO_NOTHING;
}

kiosk_job_t kiosk_model_tap(kiosk_model_t *m, const char *id, int64_t now_ms)
{
	m->last_input_ms = now_ms;
	if (m->screen == KIOSK_KEYPAD && !m->busy)
		return keypad_tap(m, id, now_ms);
	if (strcmp(id, "resume") == 0) {   /* home's "returning? enter your code" */
		if (m->screen == KIOSK_HOME && !m->busy && !kiosk_model_printer_down(m)) {
			kiosk_entry_clear(&m->entry);
			go(m, KIOSK_KEYPAD, now_ms);
		}
		return KIOSK_DO_NOTHING;
	}
	if ((strcmp(id, "speech") == 0 || strcmp(id, "large_text") == 0) &&
	    (m->screen == KIOSK_HOME || m->screen == KIOSK_PRIORITY || m->screen == KIOSK_TICKET)) {
		int *on = id[0] == 's' ? &m->speech : &m->large_text;
		if (m->screen == KIOSK_TICKET && on == &m->speech)
			m->speech = m->say = 1;   /* the ticket's button reads the number aloud */
		else
			*on = !*on;
		m->dirty = 1;
		return KIOSK_DO_NOTHING;
	}
	if ((m->screen != KIOSK_HOME && m->screen != KIOSK_PRIORITY) || m->busy)
		return KIOSK_DO_NOTHING;   /* one ticket per tap, however fast the second */
	if (kiosk_model_printer_down(m) && strcmp(id, "lang") != 0 && strcmp(id, "back") != 0)
		return KIOSK_DO_NOTHING;   /* home says the printer cannot print */
	if (m->screen == KIOSK_PRIORITY) {
		if (strcmp(id, "back") == 0) {
			m->priority = 0;
			go(m, KIOSK_HOME, now_ms);
			return KIOSK_DO_NOTHING;
		}
		if ((strcmp(id, "priority") != 0 && strcmp(id, "regular") != 0) ||
		    now_ms - m->screen_since_ms < KIOSK_STEP_HOLD_MS)
			return KIOSK_DO_NOTHING;   /* the second tap of a double tap on the service */
		if (kiosk_count_refuses(kiosk_model_count(m, m->choice))) {
			go(m, KIOSK_HOME, now_ms);   /* it closed meanwhile: home says so */
			return KIOSK_DO_NOTHING;
		}
		m->priority = strcmp(id, "priority") == 0;
	} else if (strcmp(id, "lang") == 0) {
		m->lang = m->lang == KIOSK_LANG_ID ? KIOSK_LANG_EN : KIOSK_LANG_ID;
		m->dirty = 1;
		return KIOSK_DO_NOTHING;
	} else if (strcmp(id, "priority") == 0 || strcmp(id, "regular") == 0 ||
		   strcmp(id, "back") == 0) {
		return KIOSK_DO_NOTHING;   /* the priority step's controls, not on home */
	} else if (kiosk_count_refuses(kiosk_model_count(m, id))) {
		m->dirty = 1;   /* its button says why; no ticket, nothing printed */
		return KIOSK_DO_NOTHING;
	} else {
		snprintf(m->choice, sizeof(m->choice), "%s", id);
		m->priority = 0;
		if (m->offers_priority) {
			go(m, KIOSK_PRIORITY, now_ms);
			return KIOSK_DO_NOTHING;
		}
	}
	m->busy = 1;
	go(m, KIOSK_ISSUING, now_ms);
	return KIOSK_DO_ISSUE;
}

void kiosk_model_tap_screen(kiosk_model_t *m, int64_t now_ms)
{
	m->last_input_ms = now_ms;
	if (m->screen == KIOSK_TICKET || m->screen == KIOSK_PRINT_FAILED ||
	    m->screen == KIOSK_PRINTER_FAULT || is_resume_answer(m->screen)) {
		if (!m->busy && now_ms - m->screen_since_ms >= KIOSK_SCREEN_HOLD_MS)
			go(m, KIOSK_HOME, now_ms);
	}
}

int kiosk_model_takes_scan(const kiosk_model_t *m)
{
	return !m->busy && !kiosk_model_printer_down(m) &&
	       (m->screen == KIOSK_HOME || m->screen == KIOSK_KEYPAD || m->screen == KIOSK_TICKET ||
		is_resume_answer(m->screen));
}

kiosk_job_t kiosk_model_char(kiosk_model_t *m, char c, int64_t now_ms)
{
	char key;
	/* a lone key before a quiet the tick has not seen yet is still a key of its own */
	if (kiosk_scan_char(&m->scan, c, now_ms, &key) == KIOSK_SCAN_KEY)
		kiosk_model_lone_key(m, key, now_ms);
	return KIOSK_DO_NOTHING;
}

kiosk_job_t kiosk_model_enter(kiosk_model_t *m, int64_t now_ms)
{
	char code[KIOSK_SCAN_MAX + 1];
	if (kiosk_scan_enter(&m->scan, now_ms, code, sizeof(code)) != KIOSK_SCAN_CODE ||
	    !kiosk_model_takes_scan(m))
		return KIOSK_DO_NOTHING;
	m->last_input_ms = now_ms;
	kiosk_entry_clear(&m->entry);
	return resume(m, code, now_ms);
}

void kiosk_model_lone_key(kiosk_model_t *m, char key, int64_t now_ms)
{
	if (m->screen == KIOSK_KEYPAD && !m->busy) {   /* a person at a keyboard */
		m->last_input_ms = now_ms;
		if (kiosk_entry_add(&m->entry, key) == 0)
			m->dirty = 1;
	} else if (key == 's' || key == 'S') {
		kiosk_model_tap(m, "speech", now_ms);   /* the speech mode without looking */
	}
}

void kiosk_model_resume_unknown(kiosk_model_t *m, int64_t now_ms)
{
	m->busy = 0;
	go(m, KIOSK_RESUME_UNKNOWN, now_ms);
}

void kiosk_model_resume_early(kiosk_model_t *m, const char *return_on, const char *text,
			      int64_t now_ms)
{
	m->busy = 0;
	snprintf(m->refusal_text, sizeof(m->refusal_text), "%s", text ? text : "");
	snprintf(m->return_on, sizeof(m->return_on), "%s", return_on ? return_on : "");
	go(m, KIOSK_RESUME_EARLY, now_ms);
}

void kiosk_model_resume_refused(kiosk_model_t *m, kiosk_refusal_t why, const char *text,
				int64_t now_ms)
{
	m->busy = 0;
	m->refusal = why;
	snprintf(m->refusal_text, sizeof(m->refusal_text), "%s", text ? text : "");
	go(m, KIOSK_RESUME_REFUSED, now_ms);
}

void kiosk_model_issued(kiosk_model_t *m, const antre_print_ticket_t *t, int64_t now_ms)
{
	kiosk_model_issued_at(m, t, 0, now_ms);
}

void kiosk_model_issued_at(kiosk_model_t *m, const antre_print_ticket_t *t, int no_counter,
			   int64_t now_ms)
{
	m->no_counter = no_counter;
	snprintf(m->number, sizeof(m->number), "%s", t->number);
	snprintf(m->service, sizeof(m->service), "%s", t->journey[0] && t->n_steps
		 ? t->steps[t->step] : t->service);
	snprintf(m->service_en, sizeof(m->service_en), "%s", t->service_en);
	m->ahead = t->ahead;
	m->est_wait_s = t->est_wait_s;
	go(m, KIOSK_TICKET, now_ms);   /* the number shows while it prints */
}

void kiosk_model_printed(kiosk_model_t *m, int64_t now_ms)
{
	(void)now_ms;
	m->busy = 0;
	m->dirty = 1;
}

void kiosk_model_printer_fault(kiosk_model_t *m, const antre_printer_status_t *st,
			       int64_t now_ms)
{
	m->printer = *st;
	m->busy = 0;
	go(m, KIOSK_PRINTER_FAULT, now_ms);
}

void kiosk_model_print_failed(kiosk_model_t *m, const antre_printer_status_t *st, int kept,
			      int64_t now_ms)
{
	m->printer = *st;
	m->print_kept = kept;
	m->busy = 0;
	go(m, KIOSK_PRINT_FAILED, now_ms);
}

void kiosk_model_unreachable(kiosk_model_t *m, int64_t now_ms)
{
	m->busy = 0;
	if (m->screen != KIOSK_UNAVAILABLE) {
		m->backoff_ms = KIOSK_BACKOFF_MIN_MS;
		go(m, KIOSK_UNAVAILABLE, now_ms);
	} else if (m->backoff_ms < KIOSK_BACKOFF_MAX_MS) {
		m->backoff_ms = m->backoff_ms * 2 > KIOSK_BACKOFF_MAX_MS ? KIOSK_BACKOFF_MAX_MS
									 : m->backoff_ms * 2;
	}
	m->retry_at_ms = now_ms + m->backoff_ms;
}

void kiosk_model_reachable(kiosk_model_t *m, int64_t now_ms)
{
	m->busy = 0;
	m->backoff_ms = KIOSK_BACKOFF_MIN_MS;
	if (m->screen == KIOSK_UNAVAILABLE)
		go(m, KIOSK_HOME, now_ms);
}

void kiosk_model_heartbeat(kiosk_model_t *m, int ok, int64_t now_ms)
{
	if (m->busy)
		return;
	if (!ok && (m->screen == KIOSK_HOME || m->screen == KIOSK_PRIORITY))
		kiosk_model_unreachable(m, now_ms);
	else if (ok && m->screen == KIOSK_UNAVAILABLE)
		kiosk_model_reachable(m, now_ms);
}

void kiosk_model_printer_status(kiosk_model_t *m, const antre_printer_status_t *st,
				int64_t now_ms)
{
	int was = kiosk_model_printer_down(m);
	if (m->printer.state != st->state || strcmp(m->printer.message, st->message) != 0)
		m->dirty = 1;
	m->printer = *st;
	/* the applicant on the priority step cannot get a ticket now: home says why */
	if (kiosk_model_printer_down(m) && !was && m->screen == KIOSK_PRIORITY && !m->busy)
		go(m, KIOSK_HOME, now_ms);
}

int kiosk_model_printer_down(const kiosk_model_t *m)
{
	return m->printer.state == ANTRE_PRINTER_PAPER_OUT ||
	       m->printer.state == ANTRE_PRINTER_OFFLINE || m->printer.state == ANTRE_PRINTER_ERROR;
}

void kiosk_model_counts(kiosk_model_t *m, const kiosk_count_t *counts, int n)
{
	m->n_counts = n < KIOSK_MAX_COUNTS ? n : KIOSK_MAX_COUNTS;
	if (m->n_counts > 0)
		memcpy(m->counts, counts, (size_t)m->n_counts * sizeof(*counts));
	m->dirty = 1;
}

const kiosk_count_t *kiosk_model_count(const kiosk_model_t *m, const char *id)
{
	for (int i = 0; i < m->n_counts; i++)
		if (strcmp(m->counts[i].id, id) == 0)
			return &m->counts[i];
	return NULL;
}

kiosk_job_t kiosk_model_tick(kiosk_model_t *m, int64_t now_ms)
{
	int64_t shown = now_ms - m->screen_since_ms;
	char key;

	if (kiosk_scan_tick(&m->scan, now_ms, &key) == KIOSK_SCAN_KEY)
		kiosk_model_lone_key(m, key, now_ms);

	/* a fault goes home too: the next tap checks the printer again */
	if ((m->screen == KIOSK_TICKET && !m->busy && shown >= KIOSK_TICKET_SHOW_MS) ||
	    ((m->screen == KIOSK_PRINTER_FAULT || m->screen == KIOSK_PRINT_FAILED ||
	      is_resume_answer(m->screen)) && shown >= KIOSK_FAULT_SHOW_MS))
		go(m, KIOSK_HOME, now_ms);
	else if (m->screen == KIOSK_UNAVAILABLE && !m->busy && now_ms >= m->retry_at_ms) {
		m->busy = 1;
		return KIOSK_DO_PROBE;
	} else if ((m->screen == KIOSK_HOME || m->screen == KIOSK_PRIORITY ||
		    m->screen == KIOSK_KEYPAD) && !m->busy &&
		   now_ms - m->last_input_ms >= KIOSK_IDLE_RESET_MS) {
		/* an applicant who walked away: the next one starts fresh */
		m->last_input_ms = now_ms;
		if (m->screen != KIOSK_HOME)
			go(m, KIOSK_HOME, now_ms);
		kiosk_model_reset(m);
	}
	return KIOSK_DO_NOTHING;
}

kiosk_issue_next_t kiosk_issue_next(int http_status, int64_t first_try_ms, int64_t now_ms)
{
	int no_answer = http_status < 0 || http_status == 502 || http_status == 503 ||
			http_status == 504;

	if (http_status == 201)
		return KIOSK_ISSUE_DONE;
	if (!no_answer)
		return KIOSK_ISSUE_FINAL;
	return now_ms - first_try_ms < KIOSK_ISSUE_GIVE_UP_MS ? KIOSK_ISSUE_RETRY
							       : KIOSK_ISSUE_GIVE_UP;
}
