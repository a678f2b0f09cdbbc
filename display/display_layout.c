/* The display layout model: proportions of the screen and the sizes the hall needs
 * (display_layout.h), never hand-placed pixels. */
#include "display_layout.h"

#include <math.h>
#include <string.h>

#define CAP_PER_MILLE 727      /* DejaVu Sans Bold: cap and digit height per em */
#define DIGIT_PER_MILLE 696    /* DejaVu Sans Bold's (tabular) digits */
/* DejaVu Sans Bold's capitals' advances, A to Z, per mille of an em */
static const int letter_per_mille[26] = { 774, 762, 734, 830, 683, 683, 821, 837, 372,
	372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725 };
#define PI 3.14159265358979323846

static display_rect_t box(int x, int y, int w, int h)
{
	display_rect_t r = { x, y, w > 0 ? w : 0, h > 0 ? h : 0 };
	return r;
}

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

double display_mm_per_px(int w, int h)
{
	return DISPLAY_PANEL_MM / sqrt((double)w * w + (double)h * h);
}

int display_cap_px(int em_px)
{
	return em_px * CAP_PER_MILLE / 1000;
}

double display_visual_deg(double mm, double distance_mm)
{
	return 2.0 * atan(mm / (2.0 * distance_mm)) * 180.0 / PI;
}

/* The line box of a bold line at em px (SDL_ttf's line skip, 7/6 em, rounded up). */
static int line_px(int em)
{
	return (em * 7 + 5) / 6 + 1;
}

/* The largest em (a multiple of 4: the sizes ui.c opens) at which a number fits w×h. */
int display_number_em(const char *prefixes, int digits)
{
	int widest = 0;
	for (const char *p = prefixes; *p; p++) {
		int c = *p >= 'a' && *p <= 'z' ? *p - 'a' : *p - 'A';
		int adv = c >= 0 && c < 26 ? letter_per_mille[c] : 1000;   /* unknown: 1 em */
		widest = adv > widest ? adv : widest;
	}
	return widest + (digits > 0 ? digits : 3) * DIGIT_PER_MILLE;
}

/* The number's width at em px: its advances and a pixel of rounding. */
static int number_px(int em, int number_em)
{
	return em * number_em / 1000 + 2;
}

static int em_fitting(int w, int h, int number_em)
{
	int by_w = (w - 2) * 1000 / number_em, by_h = (h - 1) * 6 / 7;
	return max_int(min_int(by_w, by_h) / 4 * 4, 0);
}

/* The smallest em (a multiple of 4) whose cap height spans deg at distance_mm. */
static int em_for(int w, int h, double deg, double distance_mm)
{
	double cap_mm = 2.0 * distance_mm * tan(deg / 2.0 * PI / 180.0);
	double cap_px = cap_mm / display_mm_per_px(w, h);
	int em = (int)ceil(cap_px * 1000.0 / CAP_PER_MILLE);
	return (em + 3) / 4 * 4;
}

display_rect_t display_cell_name(display_rect_t c)
{
	int pad = max_int(c.h / 14, 2);
	return box(c.x + pad, c.y + pad / 2, c.w - 2 * pad, c.h * 30 / 100);
}

display_rect_t display_cell_number(display_rect_t c)
{
	int pad = max_int(c.w / 40, 2);
	return box(c.x + pad, c.y + c.h * 31 / 100, c.w - 2 * pad, c.h * 68 / 100);
}

display_rect_t display_banner_id(display_rect_t b)
{
	int pad = max_int(b.h / 14, 2), inner = b.h - 2 * pad;
	return box(b.x + 2 * pad, b.y + pad, b.w - 4 * pad, inner * 58 / 100);
}

display_rect_t display_banner_en(display_rect_t b)
{
	int pad = max_int(b.h / 14, 2), inner = b.h - 2 * pad;
	return box(b.x + 2 * pad, b.y + pad + inner * 58 / 100, b.w - 4 * pad, inner * 42 / 100);
}

static int cell_em(int cw, int ch, int number_em)
{
	display_rect_t n = display_cell_number(box(0, 0, cw, ch));
	return em_fitting(n.w, n.h, number_em);
}

static void grid_for(int n, int gw, int gh, int gap, int number_em, int *cols, int *rows)
{
	int best = -1;
	*cols = *rows = 0;
	for (int c = 1; c <= n; c++) {
		int r = (n + c - 1) / c;
		int score = cell_em((gw - (c - 1) * gap) / c, (gh - (r - 1) * gap) / r, number_em);
		if (score > best) {
			best = score;
			*cols = c;
			*rows = r;
		}
	}
}

void display_layout_grid(int n, int gw, int gh, int gap, int *cols, int *rows)
{
	grid_for(n, gw, gh, gap, display_number_em("W", 3), cols, rows);
}

/* How many cells a page holds so that their numbers get min_em (at least one). */
static int per_page(int n, int gw, int gh, int gap, int min_em, int number_em)
{
	for (int k = n; k > 1; k--) {
		int c, r;
		grid_for(k, gw, gh, gap, number_em, &c, &r);
		if (c > 0 &&
		    cell_em((gw - (c - 1) * gap) / c, (gh - (r - 1) * gap) / r, number_em) >= min_em)
			return k;
	}
	return 1;
}

static void place_grid(display_layout_t *l, int n, int gap, int min_em, int number_em)
{
	display_rect_t g = l->grid;
	int cw, ch, k;
	n = min_int(n, BOARD_MAX_COUNTERS);
	l->n_pages = 1;
	if (n == 0)
		return;
	k = per_page(n, g.w, g.h, gap, min_em, number_em);
	if (k < n) {
		/* pages: a strip for "1/3" under the cells, the counters spread evenly */
		int strip = max_int(g.h * 6 / 100, 18);
		k = per_page(n, g.w, g.h - strip - gap, gap, min_em, number_em);
		l->n_pages = (n + k - 1) / k;
		k = (n + l->n_pages - 1) / l->n_pages;
		l->pager = box(g.x, g.y + g.h - strip, g.w, strip);
		g.h -= strip + gap;
	}
	l->n_cells = k;
	grid_for(k, g.w, g.h, gap, number_em, &l->cols, &l->rows);
	if (l->cols < 1 || l->rows < 1)
		return;   /* no room for a grid at all */
	cw = (g.w - (l->cols - 1) * gap) / l->cols;
	ch = (g.h - (l->rows - 1) * gap) / l->rows;
	/* a few counters get big cells, never one that outshouts "now calling" */
	if (cw > g.w / 3 && ch > g.h / 3) {
		cw = min_int(cw, g.w / 2);
		ch = min_int(ch, g.h / 3);
	}
	l->cell_px = cell_em(cw, ch, number_em);
	for (int i = 0; i < k; i++)
		l->cells[i] = box(g.x + (i % l->cols) * (cw + gap), g.y + (i / l->cols) * (ch + gap),
				  cw, ch);
}

/* Waiting per service: one row when each gets at least a sixth of the screen's longer
 * side (room for a long name in readable type), otherwise two. */
static void place_waits(display_layout_t *l, display_rect_t area, int n, int gap)
{
	int per_row, rows, cw, ch;
	n = min_int(n, BOARD_MAX_SERVICES);
	l->n_waits = n;
	if (n == 0)
		return;
	rows = area.w / n >= max_int(l->w, l->h) / 6 || n < 3 ? 1 : 2;
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
	l->title = box(pad * 2, pad / 2, w * 55 / 100 - pad * 2, hh - pad);
	l->offline = box(w * 56 / 100, hh / 4, w * 13 / 100, hh / 2);
	l->clock = box(w * 70 / 100, pad / 2, w * 30 / 100 - pad * 2, hh - pad);
}

/* The tile's parts in hundredths of the number's em: a margin, the label, the number's
 * line, "→ counter", the service, a margin. */
enum { NOW_MARGIN = 6, NOW_LABEL = 30, NOW_COUNTER = 40, NOW_SERVICE = 26 };

static int now_height(int em)
{
	return em * (2 * NOW_MARGIN + NOW_LABEL + NOW_COUNTER + NOW_SERVICE) / 100 + line_px(em);
}

/* The tile's width for a number of em px. */
static int now_width(int em, int number_em)
{
	return number_px(em, number_em) + em * NOW_MARGIN / 100;
}

/* The largest em (≤ want) whose tile fits max_w × max_h. */
static int now_em(int want, int max_w, int max_h, int number_em)
{
	int em = want;
	while (em > 8 && (now_height(em) > max_h || now_width(em, number_em) > max_w))
		em -= 4;
	return em;
}

/* The "now calling" tile at x,y, w wide, for a number of em px: a label, the number,
 * "-> counter", the service. */
static void place_now(display_layout_t *l, int x, int y, int w, int em)
{
	int m = em * NOW_MARGIN / 100, at = y + m;
	l->now_px = em;
	l->now = box(x, y, w, now_height(em));
	l->now_label = box(x + m, at, w - 2 * m, em * NOW_LABEL / 100);
	at += l->now_label.h;
	l->now_number = box(x + m / 2, at, w - m, line_px(em));
	at += l->now_number.h;
	l->now_counter = box(x + m, at, w - 2 * m, em * NOW_COUNTER / 100);
	at += l->now_counter.h;
	l->now_service = box(x + m, at, w - 2 * m, em * NOW_SERVICE / 100);
}

/* Earlier calls: a title, then DISPLAY_RECENT boxes in a row (number above counter). */
static void place_recent(display_layout_t *l, display_rect_t area, int title_left, int pad)
{
	int bw, bx = area.x, by = area.y, bh = area.h;
	l->n_recent = DISPLAY_RECENT;
	if (title_left) {
		l->recent_title = box(area.x, area.y, area.w * 20 / 100, area.h);
		bx += l->recent_title.w + pad;
	} else {
		l->recent_title = box(area.x, area.y, area.w, min_int(area.h * 30 / 100, l->h / 20));
		by += l->recent_title.h + pad / 2;
		bh -= l->recent_title.h + pad / 2;
	}
	bw = (area.x + area.w - bx - (DISPLAY_RECENT - 1) * pad) / DISPLAY_RECENT;
	for (int i = 0; i < DISPLAY_RECENT; i++)
		l->recent[i] = box(bx + i * (bw + pad), by, bw, bh);
}

/* n banners bh tall at the top of *area, as many a page as fit in share % of it (at
 * least one, at most DISPLAY_BANNERS), the pages evenly filled, a strip for "1/3" under
 * them when there are several; *area keeps what is left. */
static void place_banners(display_layout_t *l, display_rect_t *area, int n, int bh, int share,
			  int gap)
{
	int k, y = area->y;
	if (n <= 0)
		return;
	k = (area->h * share / 100 + gap) / (bh + gap);
	k = max_int(min_int(min_int(k, DISPLAY_BANNERS), n), 1);
	l->banner_pages = (n + k - 1) / k;
	k = (n + l->banner_pages - 1) / l->banner_pages;
	l->n_banners = k;
	for (int i = 0; i < k; i++, y += bh + gap)
		l->banners[i] = box(area->x, y, area->w, bh);
	if (l->banner_pages > 1) {
		int strip = max_int(bh * 28 / 100, 16);
		l->banner_pager = box(area->x, y, area->w, strip);
		y += strip + gap;
	}
	area->h -= y - area->y;
	area->y = y;
}

void display_layout_wall(int w, int h, int n_counters, int n_services, int n_banners,
			 int number_em, display_layout_t *l)
{
	int pad = max_int(min_int(w, h) / 100, 4);
	int hh, mh, wh, top, bottom, em;
	int want = em_for(w, h, DISPLAY_NOW_DEG, DISPLAY_FAR_MM);

	memset(l, 0, sizeof(*l));
	if (number_em <= 0)
		number_em = display_number_em("W", 3);
	l->w = w;
	l->h = h;
	l->kind = DISPLAY_WALL;
	l->portrait = h > w;
	hh = h * (l->portrait ? 6 : 7) / 100;
	mh = h * (l->portrait ? 4 : 5) / 100;
	wh = h * (l->portrait ? 9 : 14) / 100;
	place_header(l, hh, pad);
	l->marquee = box(0, h - mh, w, mh);
	place_waits(l, box(pad, h - mh - wh - pad, w - 2 * pad, wh), n_services, pad);
	top = hh + pad;
	bottom = h - mh - wh - 2 * pad;
	if (l->portrait) {
		/* now calling across the top, earlier calls in a row, the grid below */
		int rh = h * 6 / 100, y;
		em = now_em(want, w - 2 * pad, (bottom - top) * 45 / 100, number_em);
		place_now(l, pad, top, w - 2 * pad, em);
		y = l->now.y + l->now.h + pad;
		place_recent(l, box(pad, y, w - 2 * pad, rh), 1, pad);
		l->grid = box(pad, y + rh + 2 * pad, w - 2 * pad, bottom - (y + rh + 2 * pad));
		place_banners(l, &l->grid, n_banners, h * 75 / 1000, 45, pad);
	} else {
		/* now calling with the earlier calls under it on the left, the grid right */
		int mid = bottom - top, lw, y;
		em = now_em(want, w / 2, mid * 80 / 100, number_em);
		lw = max_int(w * 36 / 100, now_width(em, number_em));
		place_now(l, pad, top, lw, em);
		y = l->now.y + l->now.h + pad;
		place_recent(l, box(pad, y, lw, bottom - y), 0, pad);
		l->grid = box(lw + 3 * pad, top, w - lw - 4 * pad, mid);
		place_banners(l, &l->grid, n_banners, max_int(h * 13 / 100, 40), 45, pad);
	}
	place_grid(l, n_counters, pad, em_for(w, h, DISPLAY_CELL_DEG, DISPLAY_NEAR_MM), number_em);
}

void display_layout_counter(int w, int h, int n_banners, int number_em, display_layout_t *l)
{
	int pad = (w < h ? w : h) / 40;
	int banner = n_banners > 0;
	memset(l, 0, sizeof(*l));
	l->w = w;
	l->h = h;
	l->kind = DISPLAY_COUNTER;
	l->portrait = h > w;
	l->now = box(0, 0, w, h);
	l->now_counter = box(pad, pad, w * 80 / 100 - pad, h * 18 / 100);
	l->offline = box(w * 82 / 100, pad, w * 18 / 100 - pad, h * 9 / 100);
	/* with a banner: the number 51 % of the height instead of 58, the service's line
	 * thinner, the banner (and its page strip) along the bottom */
	l->now_number = box(pad, h * (banner ? 20 : 21) / 100, w - 2 * pad, h * (banner ? 51 : 58) / 100);
	l->now_px = em_fitting(l->now_number.w, l->now_number.h,
			       number_em > 0 ? number_em : display_number_em("W", 3));
	l->now_service = banner ? box(pad, h * 71 / 100, w - 2 * pad, h * 9 / 100)
				: box(pad, h * 82 / 100, w - 2 * pad, h * 15 / 100);
	if (banner) {
		display_rect_t area = box(0, h * 81 / 100, w, h * 19 / 100);
		place_banners(l, &area, n_banners, n_banners > 1 ? h * 14 / 100 : h * 18 / 100, 100,
			      0);
		l->banners[0].x += pad;
		l->banners[0].w -= 2 * pad;
		l->banner_pager.x += l->banner_pages > 1 ? pad : 0;
		l->banner_pager.w -= l->banner_pages > 1 ? 2 * pad : 0;
	}
}
