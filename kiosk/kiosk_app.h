/* The kiosk as an app of the shared SDL shell (firmware/ui/ui_app.h): taps and worker
 * results go to the model, the model's screen is drawn when it changed. Everything
 * here runs on the UI thread except the two callbacks marked as thread-safe. */
#ifndef ANTRE_KIOSK_APP_H
#define ANTRE_KIOSK_APP_H

#include <jansson.h>
#include <stdint.h>

#include "kiosk_layout.h"
#include "kiosk_model.h"
#include "kiosk_speech.h"
#include "kiosk_worker.h"
#include "ui_app.h"

typedef struct kiosk_app kiosk_app_t;

/* GET /api/v1/office into office (its timezone becomes the clock's). Returns 0; -1 when
 * antred did not answer (office is named "antre", no choices); -2 when it lists no
 * services. *text gets the answer's text (the worker prints names from it), or NULL;
 * the caller frees it. */
int kiosk_office_fetch(const char *server, const char *token, kiosk_office_t *office,
		       char **text);

/* The app on ui's window, showing office (which must outlive it) in lang; the model
 * starts on the unavailable screen unless reachable. */
kiosk_app_t *kiosk_app_create(ui_app_t *ui, const kiosk_office_t *office,
			      const kiosk_defaults_t *defaults, int reachable);
/* After the worker and the stream have stopped, before ui_app_destroy. */
void kiosk_app_destroy(kiosk_app_t *k);
/* Taps issue through w (NULL: taps change screens, nothing is issued). */
void kiosk_app_set_worker(kiosk_app_t *k, kiosk_worker_t *w);
/* The speech mode speaks through s (NULL: silent). */
void kiosk_app_set_speech(kiosk_app_t *k, kiosk_speech_t *s);
/* --show NAME: put the model on that screen with demo content (for snapshots); -1 for
 * a name not in kiosk_app_screens. Any screen but home stays put whatever the worker
 * reports (antred answering, the printer ready) and never times out: the picture is
 * the same with antred up or down. "home-paper-out" is home with the printer's paper
 * out. */
int kiosk_app_show(kiosk_app_t *k, const char *name);
extern const char *const kiosk_app_screens[];   /* NULL-terminated */
/* The waiting figures of a state JSON into the model (UI thread). */
void kiosk_app_on_counts_json(kiosk_app_t *k, json_t *state);
/* The current screen's layout at w×h (--dump-layout). */
json_t *kiosk_app_layout_json(kiosk_app_t *k, int w, int h);
/* The parts for ui_app_run (ctx: the kiosk_app_t). */
extern const ui_app_parts_t kiosk_app_parts;

/* Thread-safe, for kiosk_worker_start: a worker result, handed to the UI thread. */
void kiosk_app_on_result(void *unused, const kiosk_result_t *r);
/* Thread-safe, for antre_sse_start with an antre_client_t as ctx: the stream says when
 * the counts changed, the state fetched through ctx says what to. */
void kiosk_app_on_stream(void *client, int64_t id, const char *event, const char *data);

#endif
