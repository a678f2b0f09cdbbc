/* The wall and counter screens: dark background, numbers in warm yellow, the newest
 * call in a tile that flashes; everything placed by display_layout.c and fitted by ui.c. */
#include "display_view.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui.h"

#define MARQUEE_LINES 16

static const SDL_Color BG = { 0x0b, 0x16, 0x26, 255 }, HEADER = { 0x0b, 0x53, 0x94, 255 },
		       TILE = { 0x16, 0x2a, 0x44, 255 }, WHITE = { 255, 255, 255, 255 },
		       MUTED = { 0xa9, 0xbc, 0xd0, 255 }, NUMBER = { 0xff, 0xd1, 0x66, 255 },
		       INK = { 0x0b, 0x16, 0x26, 255 }, OFFLINE = { 0xc0, 0x39, 0x2b, 255 },
		       MARQUEE = { 0x07, 0x3b, 0x6b, 255 }, PAUSED = { 0x24, 0x30, 0x40, 255 },
		       WARN = { 0xf5, 0xa6, 0x23, 255 }, BAD = { 0xb3, 0x26, 0x1e, 255 };

static SDL_Rect rect(display_rect_t r)
{
	return (SDL_Rect){ r.x, r.y, r.w, r.h };
}


int display_view_open_counters(const board_t *b)
{
	int n = 0;
	for (int i = 0; i < b->n_counters; i++)
		n += b->counters[i].state != ANTRE_CS_CLOSED;
	return n;
}

static const board_service_t *service_of(const board_t *b, const char *id)
{
	for (int i = 0; i < b->n_services; i++)
		if (strcmp(b->services[i].id, id) == 0)
			return &b->services[i];
	return NULL;
}

int display_view_banners(const board_t *b, int64_t wall_ms, board_banner_t *out, int max)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	int minute = -1;
	if (localtime_r(&t, &tm))
		minute = tm.tm_hour * 60 + tm.tm_min;
	return board_banners(b, minute, out, max);
}

/* A service that takes no ticket now is red (white type); a limited one amber. */
static SDL_Color banner_colour(board_banner_kind_t kind)
{
	return kind == BOARD_BANNER_LIMITED ? WARN : BAD;
}

static void banner(ui_t *ui, const board_banner_t *bn, display_rect_t at)
{
	SDL_Rect id = rect(display_banner_id(at)), en = rect(display_banner_en(at));
	SDL_Color ink = bn->kind == BOARD_BANNER_LIMITED ? INK : WHITE;
	SDL_Rect drawn;
	int id_px, en_px = en.h * 85 / 100;
	ui_fill(ui, rect(at), banner_colour(bn->kind));
	ui_text(ui, bn->id, id, id.h * 85 / 100, 1, ink, UI_LEFT, 2);
	/* English second: never larger than the Indonesian above it */
	id_px = ui_text_drawn(ui, &drawn);
	if (id_px > 0 && en_px > id_px * 85 / 100)
		en_px = id_px * 85 / 100;
	ui_text(ui, bn->en, en, en_px, 0, ink, UI_LEFT, 2);
}

/* This page's banners, and "2/3" under them when there are more pages. */
static void banners(ui_t *ui, const board_t *b, const display_layout_t *l, const display_frame_t *f)
{
	board_banner_t all[BOARD_MAX_SERVICES];
	int n = display_view_banners(b, f->wall_ms, all, BOARD_MAX_SERVICES), page, first;
	char text[96];
	SDL_Rect p = rect(l->banner_pager);
	if (l->banner_pages == 0 || n == 0)
		return;
	page = f->banner_page % l->banner_pages;
	first = page * l->n_banners;
	for (int i = 0; i < l->n_banners && first + i < n; i++)
		banner(ui, &all[first + i], l->banners[i]);
	if (l->banner_pages < 2)
		return;
	snprintf(text, sizeof(text), "Info layanan %d/%d - Service notices %d/%d", page + 1,
		 l->banner_pages, page + 1, l->banner_pages);
	ui_text(ui, text, p, p.h * 7 / 10, 0, MUTED, UI_RIGHT, 1);
}

static void offline_mark(ui_t *ui, const board_t *b, display_rect_t at)
{
	SDL_Rect r = rect(at);
	if (b->online)
		return;
	ui_fill(ui, r, OFFLINE);
	ui_text(ui, "Terputus - Offline", (SDL_Rect){ r.x + r.h / 4, r.y, r.w - r.h / 2, r.h },
		r.h * 6 / 10, 1, WHITE, UI_CENTER, 1);
}

static void header(ui_t *ui, const board_t *b, const display_layout_t *l, int64_t wall_ms)
{
	static const char *const days[] = { "Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat",
					    "Sabtu" };
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	char clock[64], date[64];
	SDL_Rect c = rect(l->clock);

	localtime_r(&t, &tm);
	snprintf(clock, sizeof(clock), "%02d:%02d", tm.tm_hour, tm.tm_min);
	snprintf(date, sizeof(date), "%s, %02d-%02d-%04d", days[tm.tm_wday], tm.tm_mday,
		 tm.tm_mon + 1, tm.tm_year + 1900);
	ui_fill(ui, rect(l->header), HEADER);
	ui_text(ui, b->office, rect(l->title), l->title.h * 45 / 100, 1, WHITE, UI_LEFT, 3);
	ui_text(ui, clock, (SDL_Rect){ c.x, c.y, c.w, c.h * 64 / 100 }, c.h * 60 / 100, 1, WHITE,
		UI_RIGHT, 1);
	ui_text(ui, date, (SDL_Rect){ c.x, c.y + c.h * 64 / 100, c.w, c.h * 36 / 100 },
		c.h * 30 / 100, 0, MUTED, UI_RIGHT, 1);
}

static void now_calling(ui_t *ui, const board_t *b, const display_layout_t *l, int flash_on)
{
	const board_call_t *c = board_now(b);
	const board_service_t *s = c ? service_of(b, c->service) : NULL;
	SDL_Color bg = c && flash_on ? NUMBER : TILE, fg = c && flash_on ? INK : WHITE;
	char to[BOARD_NAME_MAX + 8];

	ui_fill(ui, rect(l->now), bg);
	if (c == NULL) {
		ui_text(ui, "Selamat datang - Welcome", rect(l->now_label), l->now_label.h * 7 / 10,
			1, MUTED, UI_CENTER, 1);
		ui_text(ui, "Silakan ambil nomor antrian di kiosk",
			rect(l->now_number), l->now_number.h / 4, 1, WHITE, UI_CENTER, 3);
		ui_text(ui, "Please take a queue number at the kiosk", rect(l->now_counter),
			l->now_counter.h / 2, 0, MUTED, UI_CENTER, 2);
		return;
	}
	ui_text(ui, c->recall ? "Panggilan ulang - Recall" : "Nomor dipanggil - Now calling",
		rect(l->now_label), l->now_label.h * 7 / 10, 1, c && flash_on ? INK : MUTED,
		UI_CENTER, 1);
	ui_text(ui, c->number, rect(l->now_number), l->now_px, 1, flash_on ? INK : NUMBER,
		UI_CENTER, 1);
	snprintf(to, sizeof(to), "\xe2\x86\x92 %s", c->counter_name);   /* → */
	ui_text(ui, to, rect(l->now_counter), l->now_counter.h * 8 / 10, 1, fg, UI_CENTER, 1);
	if (s)
		ui_text(ui, s->name, rect(l->now_service), l->now_service.h * 7 / 10, 0, fg,
			UI_CENTER, 1);
}

static void recent_calls(ui_t *ui, const board_t *b, const display_layout_t *l)
{
	const board_call_t *earlier[DISPLAY_RECENT];
	SDL_Rect t = rect(l->recent_title);
	int n = board_earlier(b, earlier, l->n_recent < DISPLAY_RECENT ? l->n_recent : DISPLAY_RECENT);

	ui_text(ui, "Sebelumnya - Earlier", t, l->portrait ? t.h / 4 : t.h * 7 / 10, 1, MUTED,
		l->portrait ? UI_CENTER : UI_LEFT, 2);
	for (int i = 0; i < l->n_recent; i++) {
		SDL_Rect r = rect(l->recent[i]);
		/* a box each: the number above the counter's name */
		SDL_Rect num = { r.x + r.h / 12, r.y + r.h / 20, r.w - r.h / 6, r.h * 55 / 100 };
		SDL_Rect to = { r.x + r.h / 12, r.y + r.h * 60 / 100, r.w - r.h / 6, r.h * 36 / 100 };
		char where[BOARD_NAME_MAX];
		ui_fill(ui, r, TILE);
		if (i >= n)
			continue;
		board_counter_short(earlier[i]->counter_name, where, sizeof(where));
		ui_text(ui, earlier[i]->number, num, num.h * 8 / 10, 1, NUMBER, UI_CENTER, 1);
		ui_text(ui, where, to, to.h * 7 / 10, 0, WHITE, UI_CENTER, 1);
	}
}

/* A counter's name in its cell: "Loket 2" large, what follows it ("Kependudukan dan
 * Pencatatan Sipil") smaller under it, so the part people look for stays readable. */
static void counter_name(ui_t *ui, const char *full, SDL_Rect r)
{
	char head[BOARD_NAME_MAX];
	const char *rest;
	board_counter_short(full, head, sizeof(head));
	rest = full + strlen(head);
	rest += strspn(rest, " -:,");
	if (*rest == '\0') {
		ui_text(ui, head, r, r.h * 6 / 10, 1, WHITE, UI_CENTER, 1);
		return;
	}
	ui_text(ui, head, (SDL_Rect){ r.x, r.y, r.w, r.h * 56 / 100 }, r.h * 48 / 100, 1, WHITE,
		UI_CENTER, 1);
	ui_text(ui, rest, (SDL_Rect){ r.x, r.y + r.h * 56 / 100, r.w, r.h * 44 / 100 },
		r.h * 34 / 100, 0, MUTED, UI_CENTER, 1);
}

static void counter_cell(ui_t *ui, const board_counter_t *c, display_rect_t at, int px,
			 int latest, int flash_on)
{
	SDL_Rect r = rect(at), name = rect(display_cell_name(at)), num = rect(display_cell_number(at));
	int pad = r.h / 14 > 2 ? r.h / 14 : 2;
	int paused = c->state == ANTRE_CS_PAUSED;

	ui_fill(ui, r, paused ? PAUSED : TILE);
	if (latest)
		ui_frame(ui, r, NUMBER, flash_on ? (pad < 8 ? pad : 8) : (pad < 8 ? pad : 8) / 2 + 1);
	counter_name(ui, c->name, name);
	if (paused)
		ui_text(ui, "Istirahat - Paused", num, num.h / 4, 0, MUTED, UI_CENTER, 2);
	else
		ui_text(ui, c->number[0] ? c->number : "-", num, px, 1,
			c->number[0] ? NUMBER : MUTED, UI_CENTER, 1);
}

/* "Loket 1-10 dari 30 · 1/3": which counters this page shows. */
static void pager(ui_t *ui, const display_layout_t *l, int page, int first, int last, int n)
{
	char text[160];
	SDL_Rect p = rect(l->pager);
	if (l->n_pages < 2)
		return;
	snprintf(text, sizeof(text), "Loket %d-%d dari %d - Counters %d-%d of %d  (%d/%d)", first,
		 last, n, first, last, n, page + 1, l->n_pages);
	ui_text(ui, text, p, p.h * 7 / 10, 0, MUTED, UI_CENTER, 1);
}

static void waiting(ui_t *ui, const board_t *b, const display_layout_t *l, int64_t wall_ms)
{
	board_banner_t ban[BOARD_MAX_SERVICES];
	int n_ban = display_view_banners(b, wall_ms, ban, BOARD_MAX_SERVICES);
	for (int i = 0; i < l->n_waits && i < b->n_services; i++) {
		const board_service_t *s = &b->services[i];
		SDL_Rect r = rect(l->waits[i]);
		SDL_Rect name = { r.x + r.h / 6, r.y, r.w * 72 / 100 - r.h / 6, r.h };
		SDL_Rect count = { r.x + r.w * 74 / 100, r.y, r.w * 26 / 100 - r.h / 6, r.h };
		char n[32];
		ui_fill(ui, r, TILE);
		snprintf(n, sizeof(n), "%d", s->waiting);
		ui_text(ui, s->name, name, r.h * 36 / 100, 0, WHITE, UI_LEFT, 3);
		ui_text(ui, n, count, r.h * 6 / 10, 1, s->waiting ? NUMBER : MUTED, UI_RIGHT, 1);
		for (int k = 0; k < n_ban && k < BOARD_MAX_SERVICES; k++)   /* its banner's colour */
			if (ban[k].service == s)
				ui_frame(ui, r, banner_colour(ban[k].kind), r.h / 16 > 2 ? r.h / 16 : 2);
	}
}

static int marquee(ui_t *ui, const board_t *b, const display_layout_t *l, int page)
{
	char lines[MARQUEE_LINES][256];
	SDL_Rect m = rect(l->marquee);
	int px = m.h * 45 / 100, n;

	ui_fill(ui, m, MARQUEE);
	if (b->marquee[0] == '\0')
		return 1;
	/* Longer than the strip: shown a line at a time, turned by the caller. A page every
	 * few seconds keeps an idle wall at ~0 CPU, which scrolling would not. */
	n = ui_wrap(ui, b->marquee, px, 0, m.w - m.h, lines, MARQUEE_LINES);
	/* a text a little longer than the strip fits it a little smaller, rather than
	 * leave a page with a word or two on it */
	if (n == 2 && ui_wrap(ui, b->marquee, px * 85 / 100, 0, m.w - m.h, lines, MARQUEE_LINES) == 1) {
		px = px * 85 / 100;
		n = 1;
	} else {
		n = ui_wrap(ui, b->marquee, px, 0, m.w - m.h, lines, MARQUEE_LINES);
	}
	if (n == 0)
		return 1;
	ui_text(ui, lines[page % n], (SDL_Rect){ m.x + m.h / 2, m.y, m.w - m.h, m.h }, px, 0, WHITE,
		n == 1 ? UI_CENTER : UI_LEFT, 1);
	return n;
}

int display_view_wall(ui_t *ui, const board_t *b, const display_layout_t *l,
		      const display_frame_t *f)
{
	const board_call_t *now = board_now(b);
	int page = l->n_pages > 1 ? f->counter_page % l->n_pages : 0;
	int open = 0, first = page * l->n_cells, cell = 0;

	ui_clear(ui, BG);
	header(ui, b, l, f->wall_ms);
	now_calling(ui, b, l, f->flash_on);
	recent_calls(ui, b, l);
	/* this page's share of the open counters, in the office's order */
	for (int i = 0; i < b->n_counters; i++) {
		const board_counter_t *c = &b->counters[i];
		if (c->state == ANTRE_CS_CLOSED)
			continue;
		if (open++ < first || cell >= l->n_cells)
			continue;
		counter_cell(ui, c, l->cells[cell++], l->cell_px,
			     now && strcmp(now->counter, c->id) == 0, f->flash_on);
	}
	pager(ui, l, page, first + 1, first + cell, open);
	if (l->n_cells == 0)
		ui_text(ui, "Belum ada loket yang buka - No counter is open yet", rect(l->grid),
			l->grid.h / 12, 0, MUTED, UI_CENTER, 2);
	banners(ui, b, l, f);
	waiting(ui, b, l, f->wall_ms);
	offline_mark(ui, b, l->offline);   /* last: over the tile's corner */
	return marquee(ui, b, l, f->marquee_page);
}

/* A state word in Indonesian, large, with the English below it. */
static void two_languages(ui_t *ui, const char *id, const char *en, display_rect_t at)
{
	SDL_Rect r = rect(at);
	int h = r.h < r.w ? r.h : r.w;
	ui_text(ui, id, (SDL_Rect){ r.x, r.y + r.h / 2 - h * 36 / 100, r.w, h * 40 / 100 },
		h * 40 / 100, 1, MUTED, UI_CENTER, 1);
	ui_text(ui, en, (SDL_Rect){ r.x, r.y + r.h / 2 + h * 8 / 100, r.w, h * 20 / 100 },
		h * 20 / 100, 0, MUTED, UI_CENTER, 1);
}

void display_view_counter(ui_t *ui, const board_t *b, const display_layout_t *l,
			  const char *counter_id, const display_frame_t *f)
{
	const board_counter_t *c = NULL;
	const board_service_t *s;
	int flash;

	for (int i = 0; i < b->n_counters; i++)
		if (strcmp(b->counters[i].id, counter_id) == 0)
			c = &b->counters[i];
	if (c == NULL)
		return;
	flash = f->flash_on && board_now(b) && strcmp(board_now(b)->counter, c->id) == 0;
	s = service_of(b, c->service);
	ui_fill(ui, rect(l->now), flash ? NUMBER : BG);
	ui_text(ui, c->name, rect(l->now_counter), l->now_counter.h * 8 / 10, 1,
		flash ? INK : WHITE, UI_LEFT, 2);
	offline_mark(ui, b, l->offline);
	if (c->state == ANTRE_CS_CLOSED) {
		two_languages(ui, "Tutup", "Closed", l->now_number);
	} else if (c->state == ANTRE_CS_PAUSED) {
		two_languages(ui, "Istirahat", "Paused", l->now_number);
	} else if (c->number[0]) {
		ui_text(ui, c->number, rect(l->now_number), l->now_px, 1, flash ? INK : NUMBER,
			UI_CENTER, 1);
		if (s)
			ui_text(ui, s->name, rect(l->now_service), l->now_service.h * 6 / 10, 0,
				flash ? INK : MUTED, UI_CENTER, 1);
	} else {
		ui_text(ui, "-", rect(l->now_number), l->now_number.h * 8 / 10, 1, MUTED,
			UI_CENTER, 1);
		ui_text(ui, "Menunggu panggilan berikutnya - Next call soon", rect(l->now_service),
			l->now_service.h / 2, 0, MUTED, UI_CENTER, 1);
	}
	banners(ui, b, l, f);
}
