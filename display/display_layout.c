/* The display layout model: proportions of the screen, never hand-placed pixels. */
#include "display_layout.h"

#include <string.h>

static display_rect_t box(int x, int y, int w, int h)
{
	display_rect_t r = { x, y, w > 0 ? w : 0, h > 0 ? h : 0 };
	return r;
}

/* A number like "A017" is about 2.4 times as wide as it is tall; a cell gives the
 * lower 62 % of its height to it. The best grid makes that number tallest. */
static int number_height(int cw, int ch)
{
	int by_width = cw * 10 / 24, by_height = ch * 62 / 100;
	return by_width < by_height ? by_width : by_height;
}

void display_layout_grid(int n, int gw, int gh, int gap, int *cols, int *rows)
{
	int best = -1;
	*cols = *rows = 0;
	for (int c = 1; c <= n; c++) {
		int r = (n + c - 1) / c;
		int cw = (gw - (c - 1) * gap) / c, ch = (gh - (r - 1) * gap) / r;
		int score = number_height(cw, ch);
		if (score > best) {
			best = score;
			*cols = c;
			*rows = r;
		}
	}
}

static void place_grid(display_layout_t *l, int n, int gap)
{
	display_rect_t g = l->grid;
	int cw, ch;
	if (n > BOARD_MAX_COUNTERS)
		n = BOARD_MAX_COUNTERS;
	l->n_cells = n;
	if (n == 0)
		return;
	display_layout_grid(n, g.w, g.h, gap, &l->cols, &l->rows);
	if (l->cols < 1 || l->rows < 1)
		return;   /* no room for a grid at all */
	cw = (g.w - (l->cols - 1) * gap) / l->cols;
	ch = (g.h - (l->rows - 1) * gap) / l->rows;
	/* a few counters get big cells, never one that outshouts "now calling" */
	if (cw > g.w / 3 && ch > g.h / 3) {
		cw = cw < g.w / 2 ? cw : g.w / 2;
		ch = ch < g.h / 3 ? ch : g.h / 3;
	}
	for (int i = 0; i < n; i++)
		l->cells[i] = box(g.x + (i % l->cols) * (cw + gap), g.y + (i / l->cols) * (ch + gap),
				  cw, ch);
}

/* Waiting per service: one row when each gets at least a ninth of the screen's longer
 * side, otherwise two. */
static void place_waits(display_layout_t *l, display_rect_t area, int n, int gap)
{
	int per_row, rows, cw, ch;
	if (n > BOARD_MAX_SERVICES)
		n = BOARD_MAX_SERVICES;
	l->n_waits = n;
	if (n == 0)
		return;
	rows = area.w / n >= (l->w > l->h ? l->w : l->h) / 9 || n < 3 ? 1 : 2;
	per_row = (n + rows - 1) / rows;
	cw = (area.w - (per_row - 1) * gap) / per_row;
	ch = (area.h - (rows - 1) * gap) / rows;
	for (int i = 0; i < n; i++)
		l->waits[i] = box(area.x + (i % per_row) * (cw + gap),
				  area.y + (i / per_row) * (ch + gap), cw, ch);
}

static void place_header(display_layout_t *l, int hh, int pad)
{
	int w = l->w;
	l->header = box(0, 0, w, hh);
	l->title = box(pad * 2, pad, w * 59 / 100 - pad * 2, hh - 2 * pad);
	l->offline = box(w * 60 / 100, hh / 4, w * 14 / 100, hh / 2);
	l->clock = box(w * 75 / 100, pad, w * 25 / 100 - pad * 2, hh - 2 * pad);
}

/* The "now calling" tile: a label, the number, "-> counter", the service. */
static void place_now(display_layout_t *l, display_rect_t t)
{
	int pad = t.h / 20;
	l->now = t;
	l->now_label = box(t.x + pad, t.y + pad, t.w - 2 * pad, t.h * 14 / 100);
	l->now_number = box(t.x + pad, t.y + t.h * 19 / 100, t.w - 2 * pad, t.h * 42 / 100);
	l->now_counter = box(t.x + pad, t.y + t.h * 62 / 100, t.w - 2 * pad, t.h * 20 / 100);
	l->now_service = box(t.x + pad, t.y + t.h * 83 / 100, t.w - 2 * pad, t.h * 13 / 100);
}

void display_layout_wall(int w, int h, int n_counters, int n_services, display_layout_t *l)
{
	int pad = (w < h ? w : h) / 100 > 4 ? (w < h ? w : h) / 100 : 4;
	int hh, mh, wh, top, bottom;

	memset(l, 0, sizeof(*l));
	l->w = w;
	l->h = h;
	l->kind = DISPLAY_WALL;
	l->portrait = h > w;
	hh = h * (l->portrait ? 7 : 10) / 100;
	mh = h * (l->portrait ? 4 : 7) / 100;
	wh = h * (l->portrait ? 9 : 11) / 100;
	place_header(l, hh, pad);
	l->marquee = box(0, h - mh, w, mh);
	place_waits(l, box(pad, h - mh - wh - pad, w - 2 * pad, wh), n_services, pad);
	top = hh + pad;
	bottom = h - mh - wh - 2 * pad;
	l->n_recent = DISPLAY_RECENT;
	if (l->portrait) {
		/* now calling across the top, earlier calls in a row, the grid below */
		int nh = h * 21 / 100, rh = h * 6 / 100, cw;
		place_now(l, box(pad, top, w - 2 * pad, nh));
		l->recent_title = box(pad, top + nh + pad, w * 22 / 100, rh);
		cw = (w - 3 * pad - l->recent_title.w - (DISPLAY_RECENT - 1) * pad) / DISPLAY_RECENT;
		for (int i = 0; i < DISPLAY_RECENT; i++)
			l->recent[i] = box(l->recent_title.x + l->recent_title.w + pad + i * (cw + pad),
					   top + nh + pad, cw, rh);
		l->grid = box(pad, top + nh + rh + 3 * pad, w - 2 * pad,
			      bottom - (top + nh + rh + 3 * pad));
	} else {
		/* now calling and earlier calls on the left, the grid on the right */
		int lw = w * 36 / 100, mid = bottom - top, nh = mid * 64 / 100;
		int rows_y = top + nh + pad, rh = (bottom - rows_y) / (DISPLAY_RECENT + 1);
		place_now(l, box(pad, top, lw, nh));
		l->recent_title = box(pad, rows_y, lw, rh);
		for (int i = 0; i < DISPLAY_RECENT; i++)
			l->recent[i] = box(pad, rows_y + (i + 1) * rh, lw, rh);
		l->grid = box(lw + 3 * pad, top, w - lw - 4 * pad, mid);
	}
	place_grid(l, n_counters, pad);
}

void display_layout_counter(int w, int h, display_layout_t *l)
{
	int pad = (w < h ? w : h) / 40;
	memset(l, 0, sizeof(*l));
	l->w = w;
	l->h = h;
	l->kind = DISPLAY_COUNTER;
	l->portrait = h > w;
	l->now = box(0, 0, w, h);
	l->now_counter = box(pad, pad, w * 80 / 100 - pad, h * 18 / 100);
	l->offline = box(w * 82 / 100, pad, w * 18 / 100 - pad, h * 9 / 100);
	l->now_number = box(pad, h * 21 / 100, w - 2 * pad, h * 58 / 100);
	l->now_service = box(pad, h * 82 / 100, w - 2 * pad, h * 15 / 100);
}
