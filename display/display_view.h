/* Drawing a board on a wall or counter layout (SDL2 + the shared screen text). */
#ifndef ANTRE_DISPLAY_VIEW_H
#define ANTRE_DISPLAY_VIEW_H

#include <SDL.h>
#include <stdint.h>

#include "board.h"
#include "display_layout.h"
#include "ui.h"


/* What changes a frame besides the board: the time, the flash phase, the marquee page. */
typedef struct {
	int64_t wall_ms;
	int flash_on;          /* the "now calling" tile is in its bright phase */
	int marquee_page;      /* which page of a marquee longer than one line */
	int counter_page;      /* which page of counters (display_layout_t's n_pages) */
	int banner_page;       /* which page of banners (display_layout_t's banner_pages) */
} display_frame_t;

/* How many open or paused counters the wall's grid shows. */
int display_view_open_counters(const board_t *b);
/* The board's banners at wall_ms (its minute in the office's zone, the process's TZ):
 * how many; up to max into out (NULL with max 0 for the count). */
int display_view_banners(const board_t *b, int64_t wall_ms, board_banner_t *out, int max);
/* The wall; returns the number of marquee pages (≥ 1) so the caller can turn them. */
int display_view_wall(ui_t *ui, const board_t *b, const display_layout_t *l,
		      const display_frame_t *f);
/* One counter's screen (counter_id must be one of the board's counters). */
void display_view_counter(ui_t *ui, const board_t *b, const display_layout_t *l,
			  const char *counter_id, const display_frame_t *f);

#endif
