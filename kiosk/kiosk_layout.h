/* The kiosk home screen, computed for any size from the office's services: header,
 * the full-journey button first, one button per service, the language switch and the
 * priority choice. Pure; the view draws it, taps are hit-tested against it, and
 * --dump-layout prints it. */
#ifndef ANTRE_KIOSK_LAYOUT_H
#define ANTRE_KIOSK_LAYOUT_H

#include <jansson.h>

#include "kiosk_model.h"

#define KIOSK_MAX_BUTTONS 40   /* + 8 texts; the keypad's 35 controls fit too */
#define KIOSK_NAME_MAX 200
/* 2 cm on a 1080p 21.5" panel (about 0.25 mm a pixel) */
#define KIOSK_MIN_TOUCH_PX 80

#define KIOSK_MAX_STEPS 16

typedef struct {
	char id[32];
	char name[KIOSK_NAME_MAX];
	char name_en[KIOSK_NAME_MAX];
	int journey;
	char steps[KIOSK_MAX_STEPS][32];   /* a journey's services, in order */
	int n_steps;
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

/* How an item looks; the view draws each by its style. */
typedef enum {
	KIOSK_ST_SERVICE, KIOSK_ST_JOURNEY, KIOSK_ST_TOOL, KIOSK_ST_TOOL_ON,
	KIOSK_ST_PRIORITY, KIOSK_ST_REGULAR,
	KIOSK_ST_KEY, KIOSK_ST_OK, KIOSK_ST_RESUME,           /* controls above, texts below */
	KIOSK_ST_CODE,   /* the keypad's entry: label the characters typed, in 8 boxes */
	KIOSK_ST_PROMPT, KIOSK_ST_TITLE, KIOSK_ST_BODY, KIOSK_ST_MUTED, KIOSK_ST_NUMBER,
	KIOSK_ST_BAND, KIOSK_ST_ALERT,
} kiosk_style_t;

/* One text of an item as drawn: where its pixels went, the font size it was shrunk to
 * (0: not drawn). */
typedef struct {
	kiosk_rect_t r;
	int px;
} kiosk_drawn_t;

enum { KIOSK_PART_LABEL, KIOSK_PART_SUBLABEL, KIOSK_PART_INFO, KIOSK_PARTS };

typedef struct {
	char id[32];                  /* a control: service or journey id, "lang", "priority",
				       * "regular", "back", "large_text", "speech"; a text:
				       * "prompt", "number", "service", "wait", "title", ... */
	char label[KIOSK_NAME_MAX];   /* in the screen's language */
	char sublabel[KIOSK_NAME_MAX];/* the other language, smaller */
	char info[KIOSK_NAME_MAX];    /* a service's status line (waiting, no counter open) */
	kiosk_rect_t r;
	int journey;
	int control;                  /* 1: a control taps hit; 0: text only */
	kiosk_style_t style;
	int px;                       /* the label's font size; sublabel and info smaller */
	kiosk_drawn_t drawn[KIOSK_PARTS];   /* what the view drew (zero before it drew) */
	int fit[KIOSK_PARTS];         /* the view's: one size for a kind of item (0: px's) */
	int off;                      /* closed or sold out: drawn grey, a tap issues nothing */
	int warn;                     /* limited: issued, and the status line is a warning */
} kiosk_button_t;

typedef struct {
	int w, h;
	kiosk_rect_t header;
	int red;                      /* a fault screen: red accents */
	kiosk_button_t buttons[KIOSK_MAX_BUTTONS + 8];
	int n;
} kiosk_layout_t;

/* Fill o from the office JSON; returns 0, or -1 when it lists no services. */
int kiosk_office_from_json(json_t *office, kiosk_office_t *o);

/* The waiting figures of a state JSON (GET /api/v1/state or the stream's snapshot):
 * its "services" list, at most cap of them, into out. Returns how many. */
int kiosk_counts_from_json(json_t *state, kiosk_count_t *out, int cap);

/* A figure for each journey of o from those of its services (counts[0..n), as read from
 * the state), appended up to cap: closed when its first desk is, sold out when any desk
 * is, limited when any is. Returns the new count. */
int kiosk_counts_add_journeys(const kiosk_office_t *o, kiosk_count_t *counts, int n, int cap);

/* The choice of id in o, or NULL. */
const kiosk_choice_t *kiosk_office_choice(const kiosk_office_t *o, const char *id);

/* The layout of the model's screen (every screen: controls and texts, in the model's
 * language and text size, with the waiting figures it holds). */
void kiosk_layout_screen(const kiosk_office_t *o, int w, int h, const kiosk_model_t *m,
			 kiosk_layout_t *out);
/* The control at (x, y), or NULL (texts are not hit). */
const kiosk_button_t *kiosk_layout_hit(const kiosk_layout_t *l, int x, int y);
/* [{"id","label","x","y","w","h","sublabel","info","control","px","nominal_px","drawn"}, …]:
 * px is the label's size as drawn once the view drew the layout (nominal_px the size
 * asked for), drawn the drawn texts (drawn_json in kiosk_layout.c). */
json_t *kiosk_layout_json(const kiosk_layout_t *l);

#endif
