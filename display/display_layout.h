/* Where things go on a wall or counter display, computed from the screen size and how
 * many counters and services there are: one model for every size (1920×1080, 1080×1920,
 * 1280×720, 800×480 and anything between). Pure.
 *
 * Readable from the back of the hall, computed, not guessed. The assumption: whatever
 * the resolution, the picture fills a 55" 16:9 panel (1218 × 685 mm; rotated for a
 * portrait wall), the TV the hall's back row is 10 m from. So a pixel is
 * 1397 mm / (the picture's diagonal in pixels): 0.634 mm at 1920×1080 and 1080×1920,
 * 0.951 mm at 1280×720. The numbers are DejaVu Sans Bold (firmware/ui), whose cap
 * height (and digit height) is 0.727 em, line box 7/6 em; a number's width is its
 * letter's advance plus 0.696 em a digit ("A017" 2.86 em, "H888" 2.93, "W888" 3.19). The
 * layout gets the widest number the office can give (its prefixes, number_width) and
 * gives each number an em size it fits in; the view draws it at exactly that size.
 * - "Now calling": cap height ≥ 0.7° of visual angle at 10 m (122 mm, 193 px at 1080p).
 * - A counter's number: cap height ≥ 0.5° at 5 m (44 mm: about six times the letter a
 *   20/20 eye resolves, so still legible with 20/60 sight; the signage rule of thumb of
 *   an inch per ten feet is 0.48°). When the counters do not fit at that size they are
 *   shown a page at a time (fewer, larger tiles) rather than shrunk.
 * A screen too small for these (800×480) gets the largest that fits. */
#ifndef ANTRE_DISPLAY_LAYOUT_H
#define ANTRE_DISPLAY_LAYOUT_H

#include "board.h"

#define DISPLAY_RECENT 4            /* earlier calls listed under "now calling" */
#define DISPLAY_PANEL_MM 1397.0     /* the panel's diagonal: 55 in */
#define DISPLAY_FAR_MM 10000.0      /* the back of the hall */
#define DISPLAY_NEAR_MM 5000.0      /* the counters' tiles, read from the middle */
#define DISPLAY_NOW_DEG 0.7
#define DISPLAY_CELL_DEG 0.5
#define DISPLAY_PAGE_MS 8000        /* a page of counters (or of banners) stays this long */
#define DISPLAY_BANNERS 3           /* banners on a page at most */

typedef struct {
	int x, y, w, h;
} display_rect_t;

typedef enum { DISPLAY_WALL, DISPLAY_COUNTER } display_kind_t;

typedef struct {
	int w, h;
	display_kind_t kind;
	int portrait;
	display_rect_t header, title, clock, offline;
	/* "now calling" (wall) or the counter's own number (counter) */
	display_rect_t now, now_label, now_number, now_counter, now_service;
	int now_px;                 /* the number's font size (em, px) */
	display_rect_t recent_title, recent[DISPLAY_RECENT];
	int n_recent;
	/* the open counters, row by row, one page of them: cells[0..n_cells) */
	display_rect_t grid, cells[BOARD_MAX_COUNTERS];
	int n_cells, cols, rows;
	int n_pages;                /* pages of counters (1: all at once) */
	display_rect_t pager;       /* "1/3" when n_pages > 1 */
	int cell_px;                /* the counters' numbers' font size (em, px) */
	/* waiting per service */
	display_rect_t waits[BOARD_MAX_SERVICES];
	int n_waits;
	display_rect_t marquee;
	/* the banners of services not open as usual (board_banners): a page of them at a
	 * time, banners[0..n_banners), taken from the counters' grid (which pages more),
	 * never from "now calling" */
	display_rect_t banners[DISPLAY_BANNERS];
	int n_banners;              /* slots on a page */
	int banner_pages;           /* 0: no banners */
	display_rect_t banner_pager;   /* "1/3" when banner_pages > 1 */
} display_layout_t;

/* The wall: header (office, clock, offline mark), the "now calling" tile with the
 * latest calls, n_banners banners (paged) above a grid of n_counters open counters
 * (paged), waiting per service, a marquee. */
void display_layout_wall(int w, int h, int n_counters, int n_services, int n_banners,
			 int number_em, display_layout_t *l);
/* The widest number of these prefix letters and digits, in thousandths of an em (what
 * display_layout_wall's number_em takes; ≤ 0 there means "W" and three digits). */
int display_number_em(const char *prefixes, int digits);
/* The small screen above a desk: the counter's name, its number as large as the screen
 * allows (number_em as for the wall), the service; the offline mark in a corner; with
 * n_banners, one banner at a time along the bottom (the number keeps most of its size). */
void display_layout_counter(int w, int h, int n_banners, int number_em, display_layout_t *l);
/* Columns and rows for n cells in gw×gh that give the tallest legible number. */
void display_layout_grid(int n, int gw, int gh, int gap, int *cols, int *rows);
/* Inside a counter's cell: its name and its number. */
display_rect_t display_cell_name(display_rect_t cell);
display_rect_t display_cell_number(display_rect_t cell);
/* Inside a banner: the Indonesian line(s) above, the English under them. */
display_rect_t display_banner_id(display_rect_t banner);
display_rect_t display_banner_en(display_rect_t banner);

/* The figures: mm of the panel per pixel, the cap height in px of a number at em px,
 * and the visual angle in degrees of mm seen from distance_mm. */
double display_mm_per_px(int w, int h);
int display_cap_px(int em_px);
double display_visual_deg(double mm, double distance_mm);

#endif
