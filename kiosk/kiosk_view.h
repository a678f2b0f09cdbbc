/* Drawing the kiosk's screens with SDL2 + SDL2_ttf (Debian's DejaVu / Noto fonts). */
#ifndef ANTRE_KIOSK_VIEW_H
#define ANTRE_KIOSK_VIEW_H

#include <SDL.h>

#include "kiosk_layout.h"
#include "kiosk_model.h"

typedef struct kiosk_view kiosk_view_t;

/* Live figures per choice id, shown on the home buttons. */
typedef struct {
	char id[32];
	int waiting;
	int est_wait_s;
} kiosk_count_t;

kiosk_view_t *kiosk_view_create(SDL_Renderer *r, char *err, size_t errcap);
void kiosk_view_destroy(kiosk_view_t *v);
/* Draw the model's screen. now_ms drives the clock and the "printing" animation. */
void kiosk_view_draw(kiosk_view_t *v, const kiosk_model_t *m, const kiosk_office_t *o,
		     const kiosk_layout_t *l, const kiosk_count_t *counts, int n_counts,
		     int64_t wall_ms, int64_t now_ms);

#endif
