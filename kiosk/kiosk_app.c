/* The kiosk's loop parts: input and worker results → the model, model → the view. */
#include "kiosk_app.h"

#include <SDL.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "clock.h"
#include "kiosk_speech.h"
#include "kiosk_view.h"
#include "protocol.h"
#include "xmalloc.h"

#define ANIMATION_MS 16   /* the "printing" bar moves at about 60 frames a second */

struct kiosk_app {
	ui_app_t *ui;
	const kiosk_office_t *office;
	kiosk_layout_t layout;
	kiosk_model_t model;
	kiosk_worker_t *worker;
	kiosk_screen_t logged;     /* the screen the log last named */
	int logged_down;           /* the log said the printer cannot print */
	int pinned;                /* --show: the screen stays, whatever antred or the printer say */
	int64_t drawn_minute;      /* the home clock's minute on the glass */
	kiosk_speech_t *speech;    /* NULL: no audio */
	char spoken[16];           /* the ticket number last said */
};

/* SDL user events from the other threads: a worker result, new waiting figures. */
static Uint32 result_event, counts_event;

typedef struct {
	int n;
	kiosk_count_t counts[KIOSK_MAX_COUNTS];
} counts_msg_t;

int kiosk_office_fetch(const char *server, const char *token, kiosk_office_t *office,
		       char **text)
{
	antre_client_t *client = antre_client_create(server, token, 5000);
	json_t *json = NULL;
	const char *tz;
	int rc = -1;

	*text = NULL;
	if (antre_client_request(client, "GET", "/api/v1/office", NULL, text) == 200)
		json = json_loads(*text, 0, NULL);
	if (json && kiosk_office_from_json(json, office) == 0)
		rc = 0;
	else
		rc = json ? -2 : -1;
	if (rc < 0)
		snprintf(office->name, sizeof(office->name), "antre");
	tz = json_string_value(json_object_get(json, "timezone"));
	if (tz)
		antre_clock_set_timezone(tz);
	json_decref(json);
	antre_client_destroy(client);
	return rc;
}

kiosk_app_t *kiosk_app_create(ui_app_t *ui, const kiosk_office_t *office,
			      const kiosk_defaults_t *defaults, int reachable)
{
	kiosk_app_t *k = xcalloc(1, sizeof(*k));
	k->ui = ui;
	k->office = office;
	if (result_event == 0) {
		result_event = SDL_RegisterEvents(2);
		counts_event = result_event + 1;
	}
	kiosk_model_init(&k->model, ui_app_now_ms());
	SDL_StartTextInput();   /* a barcode scanner's keys come as text */
	kiosk_model_set_defaults(&k->model, defaults);
	k->model.offers_priority = office->priority_button;
	k->drawn_minute = -1;
	if (!reachable)
		kiosk_model_unreachable(&k->model, ui_app_now_ms());
	return k;
}

void kiosk_app_destroy(kiosk_app_t *k)
{
	SDL_Event e;
	/* what the worker and the stream sent after the loop ended (they are stopped) */
	while (result_event && SDL_WasInit(SDL_INIT_EVENTS) &&
	       SDL_PeepEvents(&e, 1, SDL_GETEVENT, result_event, counts_event) == 1)
		free(e.user.data1);
	free(k);
}

void kiosk_app_set_worker(kiosk_app_t *k, kiosk_worker_t *w)
{
	k->worker = w;
}

void kiosk_app_set_speech(kiosk_app_t *k, kiosk_speech_t *s)
{
	k->speech = s;
}

static const char *office_first(const kiosk_app_t *k)
{
	for (int i = 0; i < k->office->n_choices; i++)
		if (!k->office->choices[i].journey)
			return k->office->choices[i].id;
	return k->office->n_choices ? k->office->choices[0].id : NULL;
}

const char *const kiosk_app_screens[] = { "home", "priority", "issuing", "ticket",
					   "ticket-no-counter", "home-paper-out", "paper-out",
					   "print-failed", "reprint-failed",
					   "unavailable", "keypad", "resume-early", "resume-unknown",
					   "resume-used", NULL };

int kiosk_app_show(kiosk_app_t *k, const char *name)
{
	antre_printer_status_t st;
	antre_print_ticket_t t;
	kiosk_model_t *m = &k->model;
	int64_t now = ui_app_now_ms();
	if (strcmp(name, "priority") == 0 && m->offers_priority && office_first(k)) {
		kiosk_model_tap(m, office_first(k), now);
	} else if (strcmp(name, "issuing") == 0) {
		int offers = m->offers_priority;
		m->offers_priority = 0;
		kiosk_model_tap(m, "demo", now);
		m->offers_priority = offers;
	} else if (strcmp(name, "ticket") == 0 || strcmp(name, "ticket-no-counter") == 0) {
		int offers = m->offers_priority;
		antre_print_demo_ticket(&t);
		m->offers_priority = 0;
		kiosk_model_tap(m, "demo", now);
		m->offers_priority = offers;
		kiosk_model_issued_at(m, &t, strcmp(name, "ticket") != 0, now);
		kiosk_model_printed(m, now);
	} else if (strcmp(name, "paper-out") == 0) {
		antre_printer_set(&st, ANTRE_PRINTER_PAPER_OUT, "cups:ticket is out of paper "
				  "(media-empty-report)");
		kiosk_model_printer_fault(m, &st, now);
	} else if (strcmp(name, "home-paper-out") == 0) {
		antre_printer_set(&st, ANTRE_PRINTER_PAPER_OUT, "cups:ticket is out of paper "
				  "(media-empty-report)");
		kiosk_model_printer_status(m, &st, now);
	} else if (strcmp(name, "print-failed") == 0) {
		antre_printer_set(&st, ANTRE_PRINTER_OFFLINE, "USB printer auto stopped taking data");
		kiosk_model_print_failed(m, &st, 0, now);
	} else if (strcmp(name, "reprint-failed") == 0) {   /* a returning applicant's 2nd scan */
		int offers = m->offers_priority;
		antre_print_demo_ticket(&t);
		m->offers_priority = 0;
		kiosk_model_tap(m, "demo", now);
		m->offers_priority = offers;
		kiosk_model_issued_at(m, &t, 0, now);
		antre_printer_set(&st, ANTRE_PRINTER_OFFLINE, "USB printer auto stopped taking data");
		kiosk_model_print_failed(m, &st, 1, now);
	} else if (strcmp(name, "unavailable") == 0) {
		kiosk_model_unreachable(m, now);
	} else if (strcmp(name, "keypad") == 0) {   /* six of the eight typed */
		kiosk_model_tap(m, "resume", now);
		for (const char *c = "K7QXM2"; *c; c++)
			kiosk_entry_add(&m->entry, *c);
	} else if (strncmp(name, "resume-", 7) == 0) {
		snprintf(m->resume_key, sizeof(m->resume_key), "K7QX-M2PA");
		if (strcmp(name, "resume-early") == 0)
			kiosk_model_resume_early(m, "2026-12-07", "", now);
		else if (strcmp(name, "resume-unknown") == 0)
			kiosk_model_resume_unknown(m, now);
		else if (strcmp(name, "resume-used") == 0)
			kiosk_model_resume_refused(m, KIOSK_REFUSED_USED, "done", now);
		else
			return -1;
	} else if (strcmp(name, "home") != 0) {
		return -1;
	}
	k->pinned = strcmp(name, "home") != 0;
	return 0;
}

void kiosk_app_on_counts_json(kiosk_app_t *k, json_t *state)
{
	kiosk_count_t counts[KIOSK_MAX_COUNTS];
	int n = kiosk_counts_from_json(state, counts, KIOSK_MAX_COUNTS);
	kiosk_model_counts(&k->model, counts,
			   kiosk_counts_add_journeys(k->office, counts, n, KIOSK_MAX_COUNTS));
}

json_t *kiosk_app_layout_json(kiosk_app_t *k, int w, int h)
{
	/* drawn for real, off screen on SDL's software renderer: the sizes reported are the
	 * ones on the glass (ui_text shrinks what does not fit), not the ones asked for */
	SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
	SDL_Renderer *r = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
	char err[256] = "no software renderer";
	ui_t *ui = r ? ui_create(r, err, sizeof(err)) : NULL;
	kiosk_layout_screen(k->office, w, h, &k->model, &k->layout);
	if (ui)
		kiosk_view_draw(ui, &k->model, k->office, &k->layout, ui_app_wall_ms(),
				ui_app_now_ms());
	else
		fprintf(stderr, "antre-kiosk: the layout is not drawn (%s): its sizes are the "
			"nominal ones\n", r ? err : SDL_GetError());
	ui_destroy(ui);
	if (r)
		SDL_DestroyRenderer(r);
	SDL_FreeSurface(surface);
	return kiosk_layout_json(&k->layout);
}

static void push(Uint32 type, void *data)
{
	SDL_Event e;
	SDL_zero(e);
	e.type = type;
	e.user.data1 = data;
	if (SDL_PushEvent(&e) != 1)
		free(data);
}

void kiosk_app_on_result(void *unused, const kiosk_result_t *r)
{
	kiosk_result_t *copy = xmalloc(sizeof(*r));
	(void)unused;
	memcpy(copy, r, sizeof(*r));
	push(result_event, copy);
}

void kiosk_app_on_stream(void *client, int64_t id, const char *event, const char *data)
{
	json_t *state = NULL;
	char *body = NULL;
	int type = antre_event_type_parse(event);
	(void)id;
	if (strcmp(event, ANTRE_STREAM_SNAPSHOT) == 0) {
		state = json_loads(data, 0, NULL);
	} else if (type >= 0 &&
		   (antre_event_type_flags((antre_event_type_t)type) & ANTRE_EVF_WAITING)) {
		if (antre_client_request(client, "GET", "/api/v1/state", NULL, &body) == 200)
			state = json_loads(body, 0, NULL);
		free(body);
	}
	if (state) {
		counts_msg_t *msg = xmalloc(sizeof(*msg));
		msg->n = kiosk_counts_from_json(state, msg->counts, KIOSK_MAX_COUNTS);
		push(counts_event, msg);
		json_decref(state);
	}
}

static void apply_result(kiosk_model_t *m, const kiosk_result_t *r, int64_t now)
{
	switch (r->kind) {
	case KIOSK_R_ISSUED: kiosk_model_issued_at(m, &r->ticket, r->no_counter, now); break;
	case KIOSK_R_PRINTED:
		kiosk_model_printed(m, now);
		kiosk_model_printer_status(m, &r->status, now);
		break;
	case KIOSK_R_PRINTER_FAULT: kiosk_model_printer_fault(m, &r->status, now); break;
	case KIOSK_R_PRINT_FAILED: kiosk_model_print_failed(m, &r->status, r->kept, now); break;
	case KIOSK_R_UNREACHABLE: kiosk_model_unreachable(m, now); break;
	case KIOSK_R_REACHABLE: kiosk_model_reachable(m, now); break;
	case KIOSK_R_RESUME_UNKNOWN: kiosk_model_resume_unknown(m, now); break;
	case KIOSK_R_RESUME_EARLY: kiosk_model_resume_early(m, r->return_on, r->message, now); break;
	case KIOSK_R_RESUME_REFUSED:
		kiosk_model_resume_refused(m, (kiosk_refusal_t)r->refusal, r->message, now);
		break;
	case KIOSK_R_HEARTBEAT_OK:
	case KIOSK_R_HEARTBEAT_FAILED:
		/* the printer as the heartbeat read it: a fault is on home before anyone taps */
		kiosk_model_printer_status(m, &r->status, now);
		kiosk_model_heartbeat(m, r->kind == KIOSK_R_HEARTBEAT_OK, now);
		break;
	}
}

/* What the model asked for: a ticket, or a returning applicant's journey. */
static void start_job(kiosk_app_t *k, kiosk_job_t job)
{
	kiosk_model_t *m = &k->model;
	const char *lang = m->lang == KIOSK_LANG_ID ? "id" : "en";
	if (job == KIOSK_DO_ISSUE && k->worker) {
		const kiosk_choice_t *c = kiosk_office_choice(k->office, m->choice);
		kiosk_worker_issue(k->worker, m->choice, c && c->journey, m->priority, lang);
	} else if (job == KIOSK_DO_RESUME && k->worker) {
		kiosk_worker_resume(k->worker, m->resume_key, lang);
	} else if (job == KIOSK_DO_RESUME) {   /* --show: no worker, nothing to send it to */
		kiosk_model_resume_unknown(m, ui_app_now_ms());
	}
}

/* A finger or a click at (x, y): a home button, or the screen. */
static void tap(kiosk_app_t *k, int x, int y, int64_t now)
{
	kiosk_model_t *m = &k->model;
	const kiosk_button_t *b;
	int w, h;
	ui_app_size(k->ui, &w, &h);
	kiosk_layout_screen(k->office, w, h, m, &k->layout);
	b = kiosk_layout_hit(&k->layout, x, y);
	if (b == NULL)
		kiosk_model_tap_screen(m, now);
	else
		start_job(k, kiosk_model_tap(m, b->id, now));
}

static void on_event(void *ctx, const SDL_Event *e, int64_t now)
{
	kiosk_app_t *k = ctx;
	int w, h;
	ui_app_size(k->ui, &w, &h);
	if (e->type == result_event) {
		/* a --show screen is a picture of that screen: a heartbeat that got an answer
		 * must not take "unavailable" home, nor a ready printer the paper fault */
		if (!k->pinned)
			apply_result(&k->model, e->user.data1, now);
		free(e->user.data1);
	} else if (e->type == counts_event) {
		counts_msg_t *msg = e->user.data1;
		/* journeys from their services' figures (closed, sold out), issue 13 */
		msg->n = kiosk_counts_add_journeys(k->office, msg->counts, msg->n, KIOSK_MAX_COUNTS);
		kiosk_model_counts(&k->model, msg->counts, msg->n);
		free(e->user.data1);
	} else if (e->type == SDL_KEYDOWN && e->key.keysym.sym == SDLK_F1) {
		kiosk_model_tap(&k->model, "speech", now);   /* the speech mode without looking */
	} else if (e->type == SDL_TEXTINPUT) {
		/* a barcode scanner types like a keyboard (kiosk_code.h): its keys, or a lone
		 * 's' (the speech mode) once nothing follows it */
		for (const char *c = e->text.text; *c; c++)
			kiosk_model_char(&k->model, *c, now);
	} else if (e->type == SDL_KEYDOWN && (e->key.keysym.sym == SDLK_RETURN ||
					      e->key.keysym.sym == SDLK_KP_ENTER ||
					      e->key.keysym.sym == SDLK_TAB)) {
		kiosk_job_t job = kiosk_model_enter(&k->model, now);
		if (job == KIOSK_DO_RESUME)
			fprintf(stderr, "antre-kiosk: scanned %s\n", k->model.resume_key);
		start_job(k, job);
	} else if (e->type == SDL_FINGERUP) {
		tap(k, (int)(e->tfinger.x * (float)w), (int)(e->tfinger.y * (float)h), now);
	} else if (e->type == SDL_MOUSEBUTTONUP && e->button.which != SDL_TOUCH_MOUSEID) {
		tap(k, e->button.x, e->button.y, now);   /* a finger's copy is handled above */
	}
}

static int on_frame(void *ctx, int64_t now, int *wait_ms)
{
	kiosk_app_t *k = ctx;
	kiosk_model_t *m = &k->model;
	int animating;
	if (!k->pinned && kiosk_model_tick(m, now) == KIOSK_DO_PROBE && k->worker)
		kiosk_worker_probe(k->worker);
	if (kiosk_model_printer_down(m) != k->logged_down) {   /* and per printer fault */
		k->logged_down = kiosk_model_printer_down(m);
		fprintf(stderr, "antre-kiosk: printer %s: home %s\n",
			antre_printer_state_name(m->printer.state),
			k->logged_down ? "shows the fault, issuing off" : "issues again");
	}
	if (m->screen != k->logged) {   /* one line per screen change, for the log */
		k->logged = m->screen;
		const char *what = m->screen == KIOSK_TICKET ? m->number
				   : m->screen == KIOSK_RESUME_EARLY ? m->return_on : "";
		fprintf(stderr, "antre-kiosk: screen %s%s%s\n", kiosk_screen_name(m->screen),
			what[0] ? " " : "", what);
	}
	/* speech mode: the number and the first desk, once per ticket or when asked */
	if (m->screen != KIOSK_TICKET) {
		k->spoken[0] = '\0';
	} else if (m->speech && (m->say || strcmp(k->spoken, m->number) != 0)) {
		int en = m->lang == KIOSK_LANG_EN;
		kiosk_speech_say(k->speech, m->number,
				 en && m->service_en[0] ? m->service_en : m->service, en ? "en" : "id");
		if (k->speech == NULL)
			fprintf(stderr, "antre-kiosk: speech mode has no audio\n");
		snprintf(k->spoken, sizeof(k->spoken), "%s", m->number);
		m->say = 0;
	}
	animating = m->screen == KIOSK_ISSUING;
	if (animating)
		*wait_ms = ANIMATION_MS;
	else if (kiosk_scan_pending(&m->scan) && *wait_ms > KIOSK_SCAN_GAP_MS / 4)
		*wait_ms = KIOSK_SCAN_GAP_MS / 4;   /* a lone key's quiet is seen in time */
	/* draw only on change, animation, or when the clock's minute turns */
	return m->dirty || animating ||
	       (m->screen == KIOSK_HOME && ui_app_wall_ms() / 60000 != k->drawn_minute);
}

static void on_draw(void *ctx, int64_t now)
{
	kiosk_app_t *k = ctx;
	int64_t wall = ui_app_wall_ms();
	int w, h;
	ui_app_size(k->ui, &w, &h);
	kiosk_layout_screen(k->office, w, h, &k->model, &k->layout);
	kiosk_view_draw(ui_app_ui(k->ui), &k->model, k->office, &k->layout, wall, now);
	k->drawn_minute = wall / 60000;
	k->model.dirty = 0;
}

/* The trace label: the screen, the number on it, "busy" while the worker has a job. */
static void on_presented(void *ctx, double at_ms, char *label, size_t cap)
{
	const kiosk_model_t *m = &((kiosk_app_t *)ctx)->model;
	(void)at_ms;
	snprintf(label, cap, "%s%s%s%s", kiosk_screen_name(m->screen),
		 m->screen == KIOSK_TICKET ? " " : "", m->screen == KIOSK_TICKET ? m->number : "",
		 m->busy ? " busy" : "");
}

const ui_app_parts_t kiosk_app_parts = {
	.event = on_event,
	.frame = on_frame,
	.draw = on_draw,
	.presented = on_presented,
	.wait = NULL,
};
