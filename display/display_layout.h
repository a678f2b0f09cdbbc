/* Where things go on a wall or counter display, computed from the screen size and how
 * many counters and services there are: one model for every size (1920×1080, 1080×1920,
 * 1280×720, 800×480 and anything between). Pure. */
#ifndef ANTRE_DISPLAY_LAYOUT_H
#define ANTRE_DISPLAY_LAYOUT_H

#include "board.h"

#define DISPLAY_RECENT 4   /* earlier calls listed under "now calling" */

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
	display_rect_t recent_title, recent[DISPLAY_RECENT];
	int n_recent;
	/* the open counters, row by row */
	display_rect_t grid, cells[BOARD_MAX_COUNTERS];
	int n_cells, cols, rows;
	/* waiting per service */
	display_rect_t waits[BOARD_MAX_SERVICES];
	int n_waits;
	display_rect_t marquee;
} display_layout_t;

/* The wall: header (office, clock, offline mark), the "now calling" tile with the
 * latest calls, a grid of n_counters open counters, waiting per service, a marquee. */
void display_layout_wall(int w, int h, int n_counters, int n_services, display_layout_t *l);
/* The small screen above a desk: the counter's name, its number as large as the screen
 * allows, the service; the offline mark in a corner. */
void display_layout_counter(int w, int h, display_layout_t *l);
/* Columns and rows for n cells in gw×gh that give the tallest legible number. */
void display_layout_grid(int n, int gw, int gh, int gap, int *cols, int *rows);

#endif
