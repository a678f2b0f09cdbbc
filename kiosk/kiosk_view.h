/* Drawing the kiosk's screens with SDL2 + SDL2_ttf (Debian's DejaVu / Noto fonts). */
#ifndef ANTRE_KIOSK_VIEW_H
#define ANTRE_KIOSK_VIEW_H

#include <SDL.h>

#include "kiosk_layout.h"
#include "ui.h"
#include "kiosk_model.h"

/* Draw the model's screen (the home buttons with the model's waiting figures).
 * wall_ms is the clock shown; now_ms drives the "printing" animation. Each item's
 * drawn[] gets where its texts really went and at what size. */
void kiosk_view_draw(ui_t *ui, const kiosk_model_t *m, const kiosk_office_t *o,
		     kiosk_layout_t *l, int64_t wall_ms, int64_t now_ms);

#endif
