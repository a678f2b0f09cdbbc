/* The kiosk home screen, computed for any size from the office's services: header,
 * the full-journey button first, one button per service, the language switch and the
 * priority choice. Pure; the view draws it, taps are hit-tested against it, and
 * --dump-layout prints it. */
#ifndef ANTRE_KIOSK_LAYOUT_H
#define ANTRE_KIOSK_LAYOUT_H

#include <jansson.h>

#include "kiosk_model.h"

#define KIOSK_MAX_BUTTONS 40
#define KIOSK_NAME_MAX 200

typedef struct {
	char id[32];
	char name[KIOSK_NAME_MAX];
	char name_en[KIOSK_NAME_MAX];
	int journey;
} kiosk_choice_t;

/* What the kiosk offers, from GET /api/v1/office. */
typedef struct {
	char name[KIOSK_NAME_MAX];
	char name_en[KIOSK_NAME_MAX];
	kiosk_choice_t choices[KIOSK_MAX_BUTTONS - 2];   /* journeys first, then services */
	int n_choices;
	int priority_button;
} kiosk_office_t;

typedef struct {
	int x, y, w, h;
} kiosk_rect_t;

typedef struct {
	char id[32];                  /* service or journey id, "lang" or "priority" */
	char label[KIOSK_NAME_MAX];   /* in the screen's language */
	char sublabel[KIOSK_NAME_MAX];/* the other language, smaller */
	kiosk_rect_t r;
	int journey;
} kiosk_button_t;

typedef struct {
	int w, h;
	kiosk_rect_t header;
	kiosk_button_t buttons[KIOSK_MAX_BUTTONS];
	int n;
} kiosk_layout_t;

/* Fill o from the office JSON; returns 0, or -1 when it lists no services. */
int kiosk_office_from_json(json_t *office, kiosk_office_t *o);

/* The waiting figures of a state JSON (GET /api/v1/state or the stream's snapshot):
 * its "services" list, at most cap of them, into out. Returns how many. */
int kiosk_counts_from_json(json_t *state, kiosk_count_t *out, int cap);

void kiosk_layout_home(const kiosk_office_t *o, int w, int h, kiosk_lang_t lang, int priority_on,
		       kiosk_layout_t *out);
/* The button at (x, y), or NULL. */
const kiosk_button_t *kiosk_layout_hit(const kiosk_layout_t *l, int x, int y);
/* [{"id","label","x","y","w","h"}, …] */
json_t *kiosk_layout_json(const kiosk_layout_t *l);

#endif
