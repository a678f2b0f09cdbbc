/* The display layout model: every region on screen, nothing overlapping, and the
 * sizes a hall needs computed at the sizes the issue names: the now-calling number at
 * least 0.7° at 10 m, each counter's number at least 0.5° at 5 m (display_layout.h says
 * why), with 10 and 30 counters (paged, not shrunk). */
#include <stdio.h>

#include "display_layout.h"
#include "test.h"

static const int sizes[][2] = { { 1920, 1080 }, { 1080, 1920 }, { 1280, 720 }, { 800, 480 } };
/* tests/fixtures/hall30.ini: services A..H, a journey P, three digits */
#define HALL_PREFIXES "ABCDEFGHP"

static int inside(display_rect_t r, int w, int h)
{
	return r.x >= 0 && r.y >= 0 && r.w > 0 && r.h > 0 && r.x + r.w <= w && r.y + r.h <= h;
}

static int overlap(display_rect_t a, display_rect_t b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The wall's regions that must not touch one another. */
static int regions(const display_layout_t *l, display_rect_t *out)
{
	int n = 0;
	out[n++] = l->header;
	out[n++] = l->now;
	out[n++] = l->recent_title;
	for (int i = 0; i < l->n_recent; i++)
		out[n++] = l->recent[i];
	for (int i = 0; i < l->n_cells; i++)
		out[n++] = l->cells[i];
	for (int i = 0; i < l->n_waits; i++)
		out[n++] = l->waits[i];
	out[n++] = l->marquee;
	return n;
}

TEST(the_wall_fits_every_size_with_up_to_30_counters)
{
	static const int counts[] = { 1, 8, 18, 30 };
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
			int w = sizes[s][0], h = sizes[s][1];
			display_layout_t l;
			display_rect_t r[BOARD_MAX_COUNTERS + 64];
			int n;
			display_layout_wall(w, h, counts[k], 8, display_number_em(HALL_PREFIXES, 3), &l);
			/* every counter on one of the pages, the pages evenly filled */
			ASSERT_TRUE(l.n_pages >= 1);
			ASSERT_TRUE(l.n_cells * l.n_pages >= counts[k]);
			ASSERT_TRUE(l.n_cells * (l.n_pages - 1) < counts[k]);
			if (l.n_pages > 1)
				ASSERT_TRUE(inside(l.pager, w, h));
			ASSERT_EQ_INT(l.n_waits, 8);
			n = regions(&l, r);
			for (int i = 0; i < n; i++) {
				if (!inside(r[i], w, h))
					fprintf(stderr, "  %dx%d, %d counters: region %d off screen\n",
						w, h, counts[k], i);
				ASSERT_TRUE(inside(r[i], w, h));
				for (int j = i + 1; j < n; j++)
					ASSERT_TRUE(!overlap(r[i], r[j]));
			}
			/* the tile, the clock and the title are within the header or tile */
			ASSERT_TRUE(inside(l.title, w, l.header.h) && inside(l.clock, w, l.header.h));
			ASSERT_TRUE(!overlap(l.title, l.clock));
			ASSERT_TRUE(inside(l.offline, w, l.header.h) && !overlap(l.offline, l.title) &&
				    !overlap(l.offline, l.clock));
			ASSERT_TRUE(l.now_number.y + l.now_number.h <= l.now_counter.y);
		}
	}
}

/* The widest number fits its box at the layout's size (so the view never shrinks it). */
static int number_fits(display_rect_t box, int em, int number_em)
{
	int width = em * number_em / 1000 + 2, line = (em * 7 + 5) / 6 + 1;
	return width <= box.w && line <= box.h;
}

/* The issue's figures: 55" panel, 0.7° at 10 m for "now calling", 0.5° at 5 m for each
 * counter, at 1920×1080, 1280×720 and 1080×1920 with 10 and 30 counters. */
TEST(the_numbers_are_readable_from_the_back_of_the_hall)
{
	static const int at[][2] = { { 1920, 1080 }, { 1280, 720 }, { 1080, 1920 } };
	static const int counts[] = { 10, 30 };
	int number_em = display_number_em(HALL_PREFIXES, 3);
	ASSERT_EQ_INT(number_em, 837 + 3 * 696);   /* "H888" */
	for (size_t s = 0; s < sizeof(at) / sizeof(at[0]); s++) {
		for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
			int w = at[s][0], h = at[s][1];
			double mm_px = display_mm_per_px(w, h);
			display_layout_t l;
			int now_cap, cell_cap;
			double now_mm, cell_mm;
			display_layout_wall(w, h, counts[k], 8, number_em, &l);
			now_cap = display_cap_px(l.now_px);
			cell_cap = display_cap_px(l.cell_px);
			now_mm = now_cap * mm_px;
			cell_mm = cell_cap * mm_px;
			fprintf(stderr,
				"  %dx%d, %d counters: now calling %d px em, cap %d px = %.1f mm, "
				"%.3f deg at 10 m; counters %d per page x %d pages (%dx%d), %d px em, "
				"cap %d px = %.1f mm, %.3f deg at 5 m\n",
				w, h, counts[k], l.now_px, now_cap, now_mm,
				display_visual_deg(now_mm, DISPLAY_FAR_MM), l.n_cells, l.n_pages, l.cols,
				l.rows, l.cell_px, cell_cap, cell_mm,
				display_visual_deg(cell_mm, DISPLAY_NEAR_MM));
			ASSERT_TRUE(display_visual_deg(now_mm, DISPLAY_FAR_MM) >= DISPLAY_NOW_DEG);
			ASSERT_TRUE(now_mm >= 120.0);
			ASSERT_TRUE(display_visual_deg(cell_mm, DISPLAY_NEAR_MM) >= DISPLAY_CELL_DEG);
			ASSERT_TRUE(number_fits(l.now_number, l.now_px, number_em));
			for (int i = 0; i < l.n_cells; i++)
				ASSERT_TRUE(number_fits(display_cell_number(l.cells[i]), l.cell_px,
							number_em));
			/* 10 counters at once; 30 on few pages, never more than 4 */
			ASSERT_EQ_INT(l.n_pages, counts[k] == 10 ? 1 : l.n_pages);
			ASSERT_TRUE(l.n_pages <= 4);
			/* labels keep room: a counter's name, a service's line */
			ASSERT_TRUE(display_cell_name(l.cells[0]).h / 2 >= (w < h ? w : h) / 45);
			ASSERT_TRUE(l.waits[0].h * 36 / 100 >= (w < h ? w : h) / 45);
			/* the now-calling number is the biggest thing on the wall */
			ASSERT_TRUE(l.now_px > l.cell_px);
		}
	}
}

/* A bigger panel's pixel is bigger: the same 55" at 720p needs fewer pixels. */
TEST(the_panel_model)
{
	ASSERT_TRUE(display_mm_per_px(1920, 1080) > 0.634 && display_mm_per_px(1920, 1080) < 0.635);
	ASSERT_TRUE(display_mm_per_px(1280, 720) > 0.951 && display_mm_per_px(1280, 720) < 0.952);
	ASSERT_TRUE(display_visual_deg(122.2, 10000) > 0.699 && display_visual_deg(122.2, 10000) < 0.701);
	ASSERT_EQ_INT(display_cap_px(268), 194);
	ASSERT_EQ_INT(display_number_em("A", 3), 774 + 3 * 696);
	ASSERT_EQ_INT(display_number_em("W", 3), 1103 + 3 * 696);
}

TEST(the_grid_prefers_the_shape_that_gives_the_tallest_number)
{
	int cols, rows;
	display_layout_grid(30, 2400, 500, 10, &cols, &rows);
	ASSERT_TRUE(cols * rows >= 30 && (cols - 1) * rows < 30);
	ASSERT_TRUE(cols > rows);          /* wide area: more columns */
	display_layout_grid(30, 1000, 1000, 10, &cols, &rows);
	ASSERT_TRUE(cols * rows >= 30);
	display_layout_grid(1, 600, 400, 10, &cols, &rows);
	ASSERT_EQ_INT(cols, 1);
	ASSERT_EQ_INT(rows, 1);
	display_layout_grid(0, 600, 400, 10, &cols, &rows);
	ASSERT_EQ_INT(cols * rows, 0);
}

TEST(portrait_walls_stack_and_waiting_takes_two_rows)
{
	display_layout_t l;
	display_layout_wall(1080, 1920, 30, 8, 0, &l);
	ASSERT_TRUE(l.portrait);
	ASSERT_TRUE(l.now.w > 1000);                    /* across the top */
	ASSERT_TRUE(l.grid.y > l.now.y + l.now.h);       /* the grid below it */
	ASSERT_TRUE(l.waits[4].y > l.waits[0].y);        /* 8 services in two rows */
	display_layout_wall(1920, 1080, 30, 8, 0, &l);
	ASSERT_TRUE(!l.portrait);
	ASSERT_TRUE(l.waits[4].y > l.waits[0].y);        /* long names need two rows */
	display_layout_wall(1920, 1080, 30, 4, 0, &l);
	ASSERT_EQ_INT(l.waits[3].y, l.waits[0].y);       /* four fit one row */
	ASSERT_TRUE(l.grid.x > l.now.x + l.now.w);       /* the grid beside the tile */
}

TEST(the_counter_screen_gives_most_of_itself_to_the_number)
{
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		int w = sizes[s][0], h = sizes[s][1];
		display_layout_t l;
		display_layout_counter(w, h, display_number_em(HALL_PREFIXES, 3), &l);
		ASSERT_TRUE(inside(l.now_counter, w, h) && inside(l.now_number, w, h) &&
			    inside(l.now_service, w, h) && inside(l.offline, w, h));
		ASSERT_TRUE(l.now_number.h * 2 > h);
		ASSERT_TRUE(!overlap(l.now_counter, l.now_number));
		ASSERT_TRUE(!overlap(l.now_number, l.now_service));
		ASSERT_TRUE(!overlap(l.offline, l.now_number));
	}
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(the_wall_fits_every_size_with_up_to_30_counters),
		TEST_CASE(the_numbers_are_readable_from_the_back_of_the_hall),
		TEST_CASE(the_panel_model),
		TEST_CASE(the_grid_prefers_the_shape_that_gives_the_tallest_number),
		TEST_CASE(portrait_walls_stack_and_waiting_takes_two_rows),
		TEST_CASE(the_counter_screen_gives_most_of_itself_to_the_number),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
