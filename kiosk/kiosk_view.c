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
		       AMBER = { 0xff, 0xf4, 0xce, 255 }, AMBER_EDGE = { 0x9a, 0x67, 0x00, 255 }, PAPER = { 0xf4, 0xf6, 0xf8, 255 },
		       DIMMED = { 0xe4, 0xe7, 0xeb, 255 };

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

/* Centred text of one part of an item (KIOSK_PART_*), noting what was really drawn:
 * ui_text shrinks a text until it fits, and --dump-layout reports the truth. */
static void text(ui_t *ui, kiosk_button_t *b, int part, const char *s, SDL_Rect box, int px,
		 int bold, SDL_Color c, int max_lines)
{
	SDL_Rect d;
	int used;
	if (b->fit[part] > 0 && b->fit[part] < px)
		px = b->fit[part];
	ui_text(ui, s, box, px, bold, c, UI_CENTER, max_lines);
	used = ui_text_drawn(ui, &d);
	b->drawn[part] = (kiosk_drawn_t){ { d.x, d.y, d.w, d.h }, used };
}

/* A second-language line's size: want, but never more than 3/4 of the label as it was
 * drawn (a long label shrunk below its other-language line read upside down). */
static int under(const kiosk_button_t *b, int want)
{
	int label = b->drawn[KIOSK_PART_LABEL].px * 3 / 4;
	return label > 0 && label < want ? label : want;
}

/* A returning applicant's items: home's button, the keypad's keys and entry. */
static void draw_keypad_item(ui_t *ui, kiosk_button_t *b, SDL_Rect r, SDL_Rect inner, int pad,
			     int px)
{
	switch (b->style) {
	case KIOSK_ST_RESUME:   /* as a tool, sized on its own (kind_of), two lines each */
		ui_fill(ui, r, b->control ? WHITE : DIMMED);
		ui_frame(ui, r, b->control ? BLUE : MUTED, 5);
		text(ui, b, 0, b->label, (SDL_Rect){ inner.x, r.y + pad / 2, inner.w,
						   r.h * 56 / 100 - pad / 2 }, px, 1,
		     b->control ? INK : MUTED, 2);
		text(ui, b, 1, b->sublabel, (SDL_Rect){ inner.x, r.y + r.h * 58 / 100, inner.w,
						      r.h * 42 / 100 - pad / 2 }, under(b, px * 3 / 4), 0,
		     MUTED, 2);
		break;
	case KIOSK_ST_KEY:
		ui_fill(ui, r, WHITE);
		ui_frame(ui, r, BLUE, 3);
		if (b->sublabel[0]) {   /* delete: both languages */
			text(ui, b, 0, b->label, (SDL_Rect){ inner.x, r.y + pad / 2, inner.w,
							   r.h * 58 / 100 - pad / 2 }, px, 1, INK, 1);
			text(ui, b, 1, b->sublabel, (SDL_Rect){ inner.x, r.y + r.h * 58 / 100, inner.w,
							      r.h * 42 / 100 - pad / 2 }, under(b, px * 3 / 4),
			     0, MUTED, 1);
		} else {
			text(ui, b, 0, b->label, inner, px, 1, INK, 1);
		}
		break;
	case KIOSK_ST_OK:
		ui_fill(ui, r, b->control ? GREEN : DIMMED);
		ui_frame(ui, r, b->control ? GREEN : MUTED, 3);
		text(ui, b, 0, b->label, (SDL_Rect){ inner.x, r.y + pad / 2, inner.w,
						   r.h * 60 / 100 - pad / 2 }, px, 1,
		     b->control ? WHITE : MUTED, 1);
		text(ui, b, 1, b->sublabel, (SDL_Rect){ inner.x, r.y + r.h * 60 / 100, inner.w,
						      r.h * 40 / 100 - pad / 2 }, under(b, px * 3 / 4), 0,
		     b->control ? WHITE : MUTED, 1);
		break;
	case KIOSK_ST_CODE: {
		/* two groups of four boxes, XXXX-XXXX as on the ticket; the next one to type
		 * framed thicker */
		int n = (int)strlen(b->label), box = r.h < r.w * 24 / 226 ? r.h : r.w * 24 / 226;
		int gap = box / 8, dash = box * 2 / 3, total = 8 * box + 6 * gap + dash;
		int x = r.x + (r.w - total) / 2, top = r.y + (r.h - box) / 2;
		char ch[2] = { 0, 0 };
		px = box * 6 / 10;
		for (int i = 0; i < 8; i++) {
			SDL_Rect cell = { x, top, box, box };
			ui_fill(ui, cell, WHITE);
			ui_frame(ui, cell, i == n ? BLUE : MUTED, i == n ? 6 : 2);
			if (i < n) {
				ch[0] = b->label[i];
				ui_text(ui, ch, cell, px, 1, INK, UI_CENTER, 1);
			}
			x += box + (i == 3 ? dash : gap);
			if (i == 3)
				ui_text(ui, "-", (SDL_Rect){ x - dash, top, dash, box }, px, 1, MUTED,
					UI_CENTER, 1);
		}
		b->drawn[0] = (kiosk_drawn_t){ b->r, px };
		break;
	}
	default:
		break;
	}
}

/* One item of the layout, by its style. */
static void draw_item(ui_t *ui, const kiosk_layout_t *l, kiosk_button_t *b)
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
		SDL_Color fill = j ? GREEN : WHITE, edge = j ? GREEN : BLUE, status = j ? WHITE : BLUE;
		/* issue 13: closed or sold out is grey with its reason in red; limited keeps
		 * its colours with the warning in amber. Not a control: the printer cannot
		 * print, dimmed and still readable (the figures are true) */
		if (b->off) {
			ink = sub = MUTED;
			fill = PAPER;
			edge = MUTED;
			status = RED;
		} else if (!b->control) {
			ink = sub = status = edge = MUTED;
			fill = DIMMED;
		} else if (b->warn) {
			status = j ? WHITE : AMBER_EDGE;
		}
		ui_fill(ui, r, fill);
		ui_frame(ui, r, edge, 3);
		if (!has_sub && !has_info) {   /* the name alone: the whole button */
			text(ui, b, 0, b->label, inner, px, 1, ink, 2);
			break;
		}
		if (!has_sub && has_info) {   /* large text: name and status share the button */
			text(ui, b, 0, b->label, (SDL_Rect){ inner.x, r.y + pad / 2, inner.w,
							   r.h * 50 / 100 - pad / 2 }, px, 1, ink, 2);
			text(ui, b, 2, b->info, (SDL_Rect){ inner.x, r.y + r.h * 50 / 100, inner.w,
							  r.h * 50 / 100 - pad / 2 }, px * 9 / 10, 1, status, 2);
			break;
		}
		text(ui, b, 0, b->label, (SDL_Rect){ inner.x, r.y + pad / 3, inner.w,
						   r.h * (has_info ? 50 : 58) / 100 - pad / 3 }, px, 1, ink, 2);
		text(ui, b, 1, b->sublabel, (SDL_Rect){ inner.x, r.y + r.h * (has_info ? 52 : 60) / 100,
						      inner.w, r.h * (has_info ? 18 : 30) / 100 }, sub_px, 0,
		     sub, 1);
		if (has_info)   /* one line: "12 / menit" broken over two reads badly */
			text(ui, b, 2, b->info, (SDL_Rect){ inner.x, r.y + r.h * 71 / 100, inner.w,
							  r.h * 27 / 100 }, px * 9 / 10, 1, status, 1);
		break;
	}
	case KIOSK_ST_TOOL:
	case KIOSK_ST_TOOL_ON:
		ui_fill(ui, r, b->style == KIOSK_ST_TOOL_ON ? BLUE : WHITE);
		ui_frame(ui, r, BLUE, 3);
		/* two lines where a narrow button needs them, rather than one tiny line */
		text(ui, b, 0, b->label, (SDL_Rect){ inner.x, r.y + pad / 2, inner.w,
						   r.h * 60 / 100 - pad / 2 }, px, 1,
		     b->style == KIOSK_ST_TOOL_ON ? WHITE : INK, 2);
		text(ui, b, 1, b->sublabel, (SDL_Rect){ inner.x, r.y + r.h * 60 / 100, inner.w,
						      r.h * 40 / 100 - pad / 2 }, under(b, px * 3 / 4), 0,
		     b->style == KIOSK_ST_TOOL_ON ? WHITE : MUTED, 1);
		break;
	case KIOSK_ST_PRIORITY:
	case KIOSK_ST_REGULAR: {
		int p = b->style == KIOSK_ST_PRIORITY;
		ui_fill(ui, r, p ? AMBER : WHITE);
		ui_frame(ui, r, p ? AMBER_EDGE : BLUE, 6);
		text(ui, b, 0, b->label, (SDL_Rect){ inner.x, r.y + r.h / 8, inner.w, r.h * 45 / 100 },
			 px * 3 / 2, 1, INK, 3);
		text(ui, b, 1, b->sublabel, (SDL_Rect){ inner.x, r.y + r.h * 60 / 100, inner.w,
						      r.h * 28 / 100 }, px, 0, MUTED, 2);
		break;
	}
	case KIOSK_ST_KEY:
	case KIOSK_ST_OK:
	case KIOSK_ST_CODE:
	case KIOSK_ST_RESUME:
		draw_keypad_item(ui, b, r, inner, pad, px);
		break;
	case KIOSK_ST_PROMPT:
		text(ui, b, 0, b->label, (SDL_Rect){ r.x, r.y, r.w, r.h * 58 / 100 }, px, 1, INK, 2);
		text(ui, b, 1, b->sublabel, (SDL_Rect){ r.x, r.y + r.h * 58 / 100, r.w, r.h * 42 / 100 },
			 under(b, px * 3 / 4), 0, MUTED, 1);
		break;
	case KIOSK_ST_TITLE:
		text(ui, b, 0, b->label, r, px, 1, accent, 2);
		break;
	case KIOSK_ST_BODY:
		if (b->sublabel[0]) {
			text(ui, b, 0, b->label, (SDL_Rect){ r.x, r.y, r.w, r.h * 60 / 100 }, px, 1, INK, 2);
			text(ui, b, 1, b->sublabel, (SDL_Rect){ r.x, r.y + r.h * 60 / 100, r.w, r.h * 40 / 100 },
				 under(b, px * 3 / 4), 0, MUTED, 1);
		} else {
			text(ui, b, 0, b->label, r, px, 1, INK, 3);
		}
		break;
	case KIOSK_ST_MUTED:
		text(ui, b, 0, b->label, r, px, 0, MUTED, 3);
		break;
	case KIOSK_ST_NUMBER:
		text(ui, b, 0, b->label, r, px, 1, BLUE, 1);
		break;
	case KIOSK_ST_BAND:
		ui_fill(ui, r, GREEN);
		text(ui, b, 0, b->label, (SDL_Rect){ r.x, r.y, r.w, r.h * 62 / 100 }, px, 1, WHITE, 1);
		text(ui, b, 1, b->sublabel, (SDL_Rect){ r.x, r.y + r.h * 58 / 100, r.w, r.h * 38 / 100 },
			 px / 2, 0, WHITE, 1);
		break;
	case KIOSK_ST_ALERT:   /* both languages, the screen's first */
		ui_fill(ui, r, RED);
		text(ui, b, 0, b->label, (SDL_Rect){ inner.x, r.y + pad / 2, inner.w,
						   r.h * 58 / 100 - pad / 2 }, px, 1, WHITE, 2);
		text(ui, b, 1, b->sublabel, (SDL_Rect){ inner.x, r.y + r.h * 58 / 100, inner.w,
						      r.h * 42 / 100 - pad / 2 }, px * 4 / 5, 0, WHITE, 2);
		break;
	}
}

/* Items that must look alike: 1 the services, 2 the tools; 0 the others. */
static int kind_of(const kiosk_button_t *b)
{
	if (b->style == KIOSK_ST_SERVICE)
		return 1;
	return b->style == KIOSK_ST_TOOL || b->style == KIOSK_ST_TOOL_ON ? 2 : 0;
}

/* After a pass: each text of a kind that had to shrink sets the size of that text on
 * every item of its kind (one name size on all service buttons, not a smaller one on
 * the longest name). Returns 1 when an item drew larger than that and is drawn again. */
static int one_size_per_kind(kiosk_layout_t *l)
{
	int least[3][KIOSK_PARTS] = { { 0 } }, again = 0;
	for (int i = 0; i < l->n; i++)
		for (int p = 0; p < KIOSK_PARTS; p++) {
			int k = kind_of(&l->buttons[i]), d = l->buttons[i].drawn[p].px;
			if (k && d > 0 && (least[k][p] == 0 || d < least[k][p]))
				least[k][p] = d;
		}
	for (int i = 0; i < l->n; i++)
		for (int p = 0; p < KIOSK_PARTS; p++) {
			kiosk_button_t *b = &l->buttons[i];
			int k = kind_of(b);
			if (k && b->drawn[p].px > least[k][p]) {
				b->fit[p] = least[k][p];
				again = 1;
			}
		}
	return again;
}

static void draw_pass(ui_t *ui, const kiosk_model_t *m, const kiosk_office_t *o,
		      kiosk_layout_t *l, int64_t wall_ms, int64_t now_ms)
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

void kiosk_view_draw(ui_t *ui, const kiosk_model_t *m, const kiosk_office_t *o,
		     kiosk_layout_t *l, int64_t wall_ms, int64_t now_ms)
{
	/* drawn again (at most twice more) until every kind of item has one size */
	for (int pass = 0; pass < 3; pass++) {
		draw_pass(ui, m, o, l, wall_ms, now_ms);
		if (!one_size_per_kind(l))
			break;
	}
}
