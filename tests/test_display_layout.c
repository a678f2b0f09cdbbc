/* The display layout model: every region on screen, nothing overlapping, and 30
 * counters legible at every size the issue names. */
#include <stdio.h>

#include "display_layout.h"
#include "test.h"

static const int sizes[][2] = { { 1920, 1080 }, { 1080, 1920 }, { 1280, 720 }, { 800, 480 } };

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
			display_layout_wall(w, h, counts[k], 8, &l);
			ASSERT_EQ_INT(l.n_cells, counts[k]);
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

/* A number in a cell gets the lower 62 % of it; legible from a waiting-room chair means
 * at least ~1/25 of the screen's height even with 30 counters, and more for fewer. */
TEST(thirty_counters_stay_legible_and_fewer_get_bigger)
{
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		int w = sizes[s][0], h = sizes[s][1];
		display_layout_t l30, l8;
		int glyph30, glyph8;
		display_layout_wall(w, h, 30, 8, &l30);
		display_layout_wall(w, h, 8, 8, &l8);
		glyph30 = l30.cells[0].h * 62 / 100;
		if (l30.cells[0].w * 10 / 24 < glyph30)
			glyph30 = l30.cells[0].w * 10 / 24;
		glyph8 = l8.cells[0].h * 62 / 100;
		if (l8.cells[0].w * 10 / 24 < glyph8)
			glyph8 = l8.cells[0].w * 10 / 24;
		fprintf(stderr, "  %dx%d: 30 counters in %dx%d, number %d px; 8 counters %d px\n", w,
			h, l30.cols, l30.rows, glyph30, glyph8);
		ASSERT_TRUE(glyph30 * 25 >= h);
		ASSERT_TRUE(glyph8 > glyph30);
		/* the now-calling number is the biggest thing on the wall */
		ASSERT_TRUE(l30.now_number.h > l30.cells[0].h);
	}
}

TEST(the_grid_prefers_the_shape_that_gives_the_tallest_number)
{
	int cols, rows;
	display_layout_grid(30, 1200, 700, 10, &cols, &rows);
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
	display_layout_wall(1080, 1920, 30, 8, &l);
	ASSERT_TRUE(l.portrait);
	ASSERT_TRUE(l.now.w > 1000);                    /* across the top */
	ASSERT_TRUE(l.grid.y > l.now.y + l.now.h);       /* the grid below it */
	ASSERT_TRUE(l.waits[4].y > l.waits[0].y);        /* 8 services in two rows */
	display_layout_wall(1920, 1080, 30, 8, &l);
	ASSERT_TRUE(!l.portrait);
	ASSERT_EQ_INT(l.waits[7].y, l.waits[0].y);       /* one row on a wide wall */
	ASSERT_TRUE(l.grid.x > l.now.x + l.now.w);       /* the grid beside the tile */
}

TEST(the_counter_screen_gives_most_of_itself_to_the_number)
{
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		int w = sizes[s][0], h = sizes[s][1];
		display_layout_t l;
		display_layout_counter(w, h, &l);
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
		TEST_CASE(thirty_counters_stay_legible_and_fewer_get_bigger),
		TEST_CASE(the_grid_prefers_the_shape_that_gives_the_tallest_number),
		TEST_CASE(portrait_walls_stack_and_waiting_takes_two_rows),
		TEST_CASE(the_counter_screen_gives_most_of_itself_to_the_number),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
