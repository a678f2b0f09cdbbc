/* The kiosk screens, drawn with the shared screen text (firmware/ui). */
#include "kiosk_view.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui.h"

static const SDL_Color INK = { 0x1b, 0x24, 0x30, 255 }, WHITE = { 255, 255, 255, 255 },
		       MUTED = { 0x5b, 0x66, 0x75, 255 }, BLUE = { 0x0b, 0x53, 0x94, 255 },
		       GREEN = { 0x0a, 0x7d, 0x32, 255 }, RED = { 0xa6, 0x1b, 0x1b, 255 },
		       AMBER = { 0xff, 0xf4, 0xce, 255 }, AMBER_EDGE = { 0x9a, 0x67, 0x00, 255 }, PAPER = { 0xf4, 0xf6, 0xf8, 255 };

static SDL_Rect rect(kiosk_rect_t r)
{
	return (SDL_Rect){ r.x, r.y, r.w, r.h };
}

static void header(ui_t *ui, const kiosk_office_t *o, const kiosk_layout_t *l,
		   const kiosk_model_t *m, int64_t wall_ms)
{
	static const char *const days_id[] = { "Minggu", "Senin", "Selasa", "Rabu", "Kamis",
					       "Jumat", "Sabtu" };
	static const char *const days_en[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
					       "Thursday", "Friday", "Saturday" };
	SDL_Rect h = rect(l->header);
	int pad = h.h / 8;
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	char clock[96];

	localtime_r(&t, &tm);
	snprintf(clock, sizeof(clock), "%s, %02d-%02d-%04d  %02d:%02d",
		 m->lang == KIOSK_LANG_ID ? days_id[tm.tm_wday] : days_en[tm.tm_wday], tm.tm_mday,
		 tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	ui_fill(ui, h, BLUE);
	ui_text(ui, m->lang == KIOSK_LANG_ID ? o->name : o->name_en,
		 (SDL_Rect){ pad, pad, h.w * 3 / 4 - 2 * pad, h.h * 6 / 10 - pad }, h.h / 3, 1, WHITE,
		 0, 2);
	ui_text(ui, clock, (SDL_Rect){ pad, h.h * 6 / 10, h.w * 3 / 4 - 2 * pad, h.h * 4 / 10 - pad },
		 h.h / 5, 0, WHITE, 0, 1);
}

/* One item of the layout, by its style. */
static void draw_item(ui_t *ui, const kiosk_layout_t *l, const kiosk_button_t *b)
{
	SDL_Rect r = rect(b->r);
	int pad = r.h / 10 > 8 ? r.h / 10 : 8, px = b->px, sub_px = px * 3 / 4;
	SDL_Rect inner = { r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad };
	SDL_Color accent = l->red ? RED : BLUE;

	switch (b->style) {
	case KIOSK_ST_SERVICE:
	case KIOSK_ST_JOURNEY: {
		int j = b->style == KIOSK_ST_JOURNEY, has_info = b->info[0] != '\0';
		int has_sub = b->sublabel[0] != '\0';
		SDL_Color ink = j ? WHITE : INK, sub = j ? WHITE : MUTED;
		SDL_Color fill = j ? GREEN : WHITE, edge = j ? GREEN : BLUE, info = BLUE;
		/* issue 13: closed or sold out is grey with its reason in red; limited keeps
		 * its colours with the warning in amber */
		if (b->off) {
			ink = sub = MUTED;
			fill = PAPER;
			edge = MUTED;
			info = RED;
		} else if (b->warn) {
			info = j ? WHITE : AMBER_EDGE;
		}
		ui_fill(ui, r, fill);
		ui_frame(ui, r, edge, 3);
		if (!has_sub && has_info) {   /* large text: name and status share the button */
			ui_text(ui, b->label, (SDL_Rect){ inner.x, r.y + pad / 2, inner.w,
							   r.h * 52 / 100 }, px, 1, ink, 1, 2);
			ui_text(ui, b->info, (SDL_Rect){ inner.x, r.y + r.h * 56 / 100, inner.w,
							  r.h * 40 / 100 }, px * 9 / 10, 1, info, 1, 2);
			break;
		}
		ui_text(ui, b->label, (SDL_Rect){ inner.x, r.y + pad / 2, inner.w,
						   r.h * (has_info ? 48 : 58) / 100 }, px, 1, ink, 1, 2);
		ui_text(ui, b->sublabel, (SDL_Rect){ inner.x, r.y + r.h * (has_info ? 50 : 60) / 100,
						      inner.w, r.h * 20 / 100 }, sub_px, 0, sub, 1, 1);
		if (has_info)
			ui_text(ui, b->info, (SDL_Rect){ inner.x, r.y + r.h * 71 / 100, inner.w,
							  r.h * 27 / 100 }, px * 9 / 10, 1, info, 1, 2);
		break;
	}
	case KIOSK_ST_TOOL:
	case KIOSK_ST_TOOL_ON:
		ui_fill(ui, r, b->style == KIOSK_ST_TOOL_ON ? BLUE : WHITE);
		ui_frame(ui, r, BLUE, 3);
		ui_text(ui, b->label, (SDL_Rect){ inner.x, r.y, inner.w, r.h * 60 / 100 }, px, 1,
			 b->style == KIOSK_ST_TOOL_ON ? WHITE : INK, 1, 1);
		ui_text(ui, b->sublabel, (SDL_Rect){ inner.x, r.y + r.h * 55 / 100, inner.w,
						      r.h * 40 / 100 }, px * 3 / 4, 0,
			 b->style == KIOSK_ST_TOOL_ON ? WHITE : MUTED, 1, 1);
		break;
	case KIOSK_ST_PRIORITY:
	case KIOSK_ST_REGULAR: {
		int p = b->style == KIOSK_ST_PRIORITY;
		ui_fill(ui, r, p ? AMBER : WHITE);
		ui_frame(ui, r, p ? AMBER_EDGE : BLUE, 6);
		ui_text(ui, b->label, (SDL_Rect){ inner.x, r.y + r.h / 8, inner.w, r.h * 45 / 100 },
			 px * 3 / 2, 1, INK, 1, 3);
		ui_text(ui, b->sublabel, (SDL_Rect){ inner.x, r.y + r.h * 60 / 100, inner.w,
						      r.h * 28 / 100 }, px, 0, MUTED, 1, 2);
		break;
	}
	case KIOSK_ST_PROMPT:
		ui_text(ui, b->label, (SDL_Rect){ r.x, r.y, r.w, r.h * 58 / 100 }, px, 1, INK, 1, 2);
		ui_text(ui, b->sublabel, (SDL_Rect){ r.x, r.y + r.h * 58 / 100, r.w, r.h * 42 / 100 },
			 px * 3 / 4, 0, MUTED, 1, 1);
		break;
	case KIOSK_ST_TITLE:
		ui_text(ui, b->label, r, px, 1, accent, 1, 2);
		break;
	case KIOSK_ST_BODY:
		if (b->sublabel[0]) {
			ui_text(ui, b->label, (SDL_Rect){ r.x, r.y, r.w, r.h * 60 / 100 }, px, 1, INK, 1, 2);
			ui_text(ui, b->sublabel, (SDL_Rect){ r.x, r.y + r.h * 60 / 100, r.w, r.h * 40 / 100 },
				 px * 3 / 4, 0, MUTED, 1, 1);
		} else {
			ui_text(ui, b->label, r, px, 1, INK, 1, 3);
		}
		break;
	case KIOSK_ST_MUTED:
		ui_text(ui, b->label, r, px, 0, MUTED, 1, 3);
		break;
	case KIOSK_ST_NUMBER:
		ui_text(ui, b->label, r, px, 1, BLUE, 1, 1);
		break;
	case KIOSK_ST_BAND:
		ui_fill(ui, r, GREEN);
		ui_text(ui, b->label, (SDL_Rect){ r.x, r.y, r.w, r.h * 62 / 100 }, px, 1, WHITE, 1, 1);
		ui_text(ui, b->sublabel, (SDL_Rect){ r.x, r.y + r.h * 58 / 100, r.w, r.h * 38 / 100 },
			 px / 2, 0, WHITE, 1, 1);
		break;
	case KIOSK_ST_ALERT:
		ui_fill(ui, r, RED);
		ui_text(ui, b->label, inner, px, 1, WHITE, 1, 2);
		break;
	}
}

void kiosk_view_draw(ui_t *ui, const kiosk_model_t *m, const kiosk_office_t *o,
		     const kiosk_layout_t *l, int64_t wall_ms, int64_t now_ms)
{
	ui_clear(ui, PAPER);
	header(ui, o, l, m, wall_ms);
	if (m->screen != KIOSK_HOME && m->screen != KIOSK_PRIORITY && m->screen != KIOSK_TICKET)
		ui_fill(ui, (SDL_Rect){ 0, l->header.h, l->w, l->h / 40 > 8 ? l->h / 40 : 8 },
			l->red ? RED : BLUE);
	for (int i = 0; i < l->n; i++)
		draw_item(ui, l, &l->buttons[i]);
	if (m->screen == KIOSK_ISSUING) {
		/* a moving bar: the screen is alive while the request is in flight */
		int w = l->w / 3, x = (int)((now_ms / 4) % (l->w + w)) - w;
		ui_fill(ui, (SDL_Rect){ x, l->h - l->h / 20, w, l->h / 60 }, BLUE);
	}
}
