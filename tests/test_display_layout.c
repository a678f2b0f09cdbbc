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
			display_layout_wall(w, h, counts[k], 8, 0, display_number_em(HALL_PREFIXES, 3), &l);
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
			display_layout_wall(w, h, counts[k], 8, 0, number_em, &l);
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
	display_layout_wall(1080, 1920, 30, 8, 0, 0, &l);
	ASSERT_TRUE(l.portrait);
	ASSERT_TRUE(l.now.w > 1000);                    /* across the top */
	ASSERT_TRUE(l.grid.y > l.now.y + l.now.h);       /* the grid below it */
	ASSERT_TRUE(l.waits[4].y > l.waits[0].y);        /* 8 services in two rows */
	display_layout_wall(1920, 1080, 30, 8, 0, 0, &l);
	ASSERT_TRUE(!l.portrait);
	ASSERT_TRUE(l.waits[4].y > l.waits[0].y);        /* long names need two rows */
	display_layout_wall(1920, 1080, 30, 4, 0, 0, &l);
	ASSERT_EQ_INT(l.waits[3].y, l.waits[0].y);       /* four fit one row */
	ASSERT_TRUE(l.grid.x > l.now.x + l.now.w);       /* the grid beside the tile */
}

TEST(the_counter_screen_gives_most_of_itself_to_the_number)
{
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		int w = sizes[s][0], h = sizes[s][1];
		display_layout_t l;
		display_layout_counter(w, h, 0, display_number_em(HALL_PREFIXES, 3), &l);
		ASSERT_TRUE(inside(l.now_counter, w, h) && inside(l.now_number, w, h) &&
			    inside(l.now_service, w, h) && inside(l.offline, w, h));
		ASSERT_TRUE(l.now_number.h * 2 > h);
		ASSERT_TRUE(!overlap(l.now_counter, l.now_number));
		ASSERT_TRUE(!overlap(l.now_number, l.now_service));
		ASSERT_TRUE(!overlap(l.offline, l.now_number));
	}
}

/* A bold line's box at em px (SDL_ttf's line skip, 7/6 em, rounded up). */
static int line_of(int em)
{
	return (em * 7 + 5) / 6 + 1;
}

/* Every banner slot and its page strip: on screen, clear of each other and of the rest. */
static void assert_banners_placed(const display_layout_t *l, int n, const display_rect_t *rest,
				  int n_rest)
{
	int w = l->w, h = l->h, small = w < h ? w : h;
	display_rect_t mine[DISPLAY_BANNERS + 1];
	int m = 0;
	/* each banner on one of the pages, the pages evenly filled */
	ASSERT_TRUE(l->banner_pages >= 1 && l->n_banners >= 1 && l->n_banners <= DISPLAY_BANNERS);
	ASSERT_TRUE(l->n_banners * l->banner_pages >= n);
	ASSERT_TRUE(l->n_banners * (l->banner_pages - 1) < n);
	for (int i = 0; i < l->n_banners; i++)
		mine[m++] = l->banners[i];
	if (l->banner_pages > 1)
		mine[m++] = l->banner_pager;
	for (int i = 0; i < m; i++) {
		ASSERT_TRUE(inside(mine[i], w, h));
		for (int j = i + 1; j < m; j++)
			ASSERT_TRUE(!overlap(mine[i], mine[j]));
		for (int j = 0; j < n_rest; j++)
			ASSERT_TRUE(!overlap(mine[i], rest[j]));
	}
	/* two lines of Indonesian and two of English, each at a size read across the room
	 * (the counters' names' size): never cramped */
	for (int i = 0; i < l->n_banners; i++) {
		display_rect_t id = display_banner_id(l->banners[i]), en = display_banner_en(l->banners[i]);
		if (id.h < 2 * line_of(small / 40) || en.h < 2 * line_of(small / 60))
			fprintf(stderr, "  %dx%d: banner %d's lines %d and %d px tall\n", w, h, i,
				id.h, en.h);
		ASSERT_TRUE(id.h >= 2 * line_of(small / 40));
		ASSERT_TRUE(en.h >= 2 * line_of(small / 60));
		ASSERT_TRUE(id.w >= w * 50 / 100);
		ASSERT_TRUE(!overlap(id, en) && id.y + id.h <= en.y);
	}
}

/* Banners for 1, 3 and all 7 LTSA services, with 10 and 30 counters open, at the three
 * panels: they take room from the counters (paged more), never from "now calling",
 * whose number stays exactly as large as without them. */
TEST(banners_fit_the_wall_and_leave_now_calling_as_it_was)
{
	static const int at[][2] = { { 1920, 1080 }, { 1280, 720 }, { 1080, 1920 } };
	static const int counts[] = { 10, 30 }, banners[] = { 1, 3, 7 };
	int number_em = display_number_em(HALL_PREFIXES, 3);
	for (size_t s = 0; s < sizeof(at) / sizeof(at[0]); s++) {
		for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
			for (size_t b = 0; b < sizeof(banners) / sizeof(banners[0]); b++) {
				int w = at[s][0], h = at[s][1];
				display_layout_t plain, l;
				display_rect_t r[BOARD_MAX_COUNTERS + 64];
				int n;
				double mm_px = display_mm_per_px(w, h);
				display_layout_wall(w, h, counts[k], 7, 0, number_em, &plain);
				display_layout_wall(w, h, counts[k], 7, banners[b], number_em, &l);
				fprintf(stderr, "  %dx%d, %d counters, %d banners: %d a page x %d pages "
					"(%d px); counters %d a page x %d pages, %d px em\n", w, h,
					counts[k], banners[b], l.n_banners, l.banner_pages,
					l.banners[0].h, l.n_cells, l.n_pages, l.cell_px);
				ASSERT_EQ_INT(plain.banner_pages, 0);
				/* now calling: the same tile, the same number */
				ASSERT_EQ_INT(l.now_px, plain.now_px);
				ASSERT_TRUE(l.now.x == plain.now.x && l.now.y == plain.now.y &&
					    l.now.w == plain.now.w && l.now.h == plain.now.h);
				ASSERT_TRUE(display_visual_deg(display_cap_px(l.now_px) * mm_px,
							       DISPLAY_FAR_MM) >= DISPLAY_NOW_DEG);
				ASSERT_TRUE(number_fits(l.now_number, l.now_px, number_em));
				/* the counters keep their legible size: more pages, not smaller */
				ASSERT_TRUE(display_visual_deg(display_cap_px(l.cell_px) * mm_px,
							       DISPLAY_NEAR_MM) >= DISPLAY_CELL_DEG);
				ASSERT_TRUE(l.n_cells * l.n_pages >= counts[k]);
				ASSERT_TRUE(l.n_pages <= 8);
				for (int i = 0; i < l.n_cells; i++)
					ASSERT_TRUE(number_fits(display_cell_number(l.cells[i]),
								l.cell_px, number_em));
				n = regions(&l, r);
				if (l.n_pages > 1)
					r[n++] = l.pager;
				for (int i = 0; i < n; i++)
					ASSERT_TRUE(inside(r[i], w, h));
				assert_banners_placed(&l, banners[b], r, n);
				/* a few banners at once, not one at a time on a big wall */
				if (banners[b] >= 3)
					ASSERT_TRUE(l.n_banners >= 2);
			}
		}
	}
}

/* The screen above a desk: one banner at a time along the bottom; the number keeps
 * most of its size and half the screen. */
TEST(the_counter_screen_shows_banners_below_its_number)
{
	static const int banners[] = { 1, 3, 7 };
	int number_em = display_number_em(HALL_PREFIXES, 3);
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]) - 1; s++) {
		for (size_t b = 0; b < sizeof(banners) / sizeof(banners[0]); b++) {
			int w = sizes[s][0], h = sizes[s][1];
			display_layout_t plain, l;
			display_rect_t rest[4];
			display_layout_counter(w, h, 0, number_em, &plain);
			display_layout_counter(w, h, banners[b], number_em, &l);
			ASSERT_EQ_INT(plain.banner_pages, 0);
			ASSERT_TRUE(l.now_number.h * 2 > h);
			ASSERT_TRUE(l.now_px * 100 >= plain.now_px * 85);
			ASSERT_TRUE(number_fits(l.now_number, l.now_px, number_em));
			ASSERT_EQ_INT(l.n_banners, 1);
			ASSERT_EQ_INT(l.banner_pages, banners[b]);
			rest[0] = l.now_counter;
			rest[1] = l.now_number;
			rest[2] = l.now_service;
			rest[3] = l.offline;
			for (int i = 0; i < 4; i++)
				ASSERT_TRUE(inside(rest[i], w, h));
			assert_banners_placed(&l, banners[b], rest, 4);
		}
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
		TEST_CASE(banners_fit_the_wall_and_leave_now_calling_as_it_was),
		TEST_CASE(the_counter_screen_shows_banners_below_its_number),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
