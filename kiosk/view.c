/* The kiosk screens. Fonts are opened once per size; every text is drawn fitted to its
 * box (wrapped, then shrunk if still too big). */
#include "view.h"

#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"

#define N_SIZES 96

static const char *const regular_fonts[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
};
static const char *const bold_fonts[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	"/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
};

#define CACHE_SLOTS 256

/* A fitted, rendered text box: the same box with the same text is drawn from here. */
typedef struct {
	char *key;
	SDL_Texture *lines[4];
	SDL_Rect dst[4];           /* relative to the box */
	int n;
} text_cache_t;

struct kiosk_view {
	SDL_Renderer *r;
	TTF_Font *fonts[2][2][N_SIZES];   /* [family][bold][size / 4] */
	const char *paths[2][2];          /* DejaVu first, Noto for what it lacks */
	text_cache_t cache[CACHE_SLOTS];
	int cached;
};

static void cache_clear(kiosk_view_t *v)
{
	for (int i = 0; i < CACHE_SLOTS; i++) {
		for (int k = 0; k < v->cache[i].n; k++)
			SDL_DestroyTexture(v->cache[i].lines[k]);
		free(v->cache[i].key);
		memset(&v->cache[i], 0, sizeof(v->cache[i]));
	}
	v->cached = 0;
}

/* The slot for key: its entry, or the empty slot where it belongs (linear probing). */
static text_cache_t *cache_slot(kiosk_view_t *v, const char *key)
{
	uint32_t h = 2166136261u;
	for (const char *p = key; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		text_cache_t *c = &v->cache[(h + (uint32_t)i) % CACHE_SLOTS];
		if (c->key == NULL || strcmp(c->key, key) == 0)
			return c;
	}
	return NULL;
}

static const SDL_Color INK = { 0x1b, 0x24, 0x30, 255 }, WHITE = { 255, 255, 255, 255 },
		       MUTED = { 0x5b, 0x66, 0x75, 255 }, BLUE = { 0x0b, 0x53, 0x94, 255 },
		       GREEN = { 0x0a, 0x7d, 0x32, 255 }, RED = { 0xa6, 0x1b, 0x1b, 255 },
		       AMBER = { 0xff, 0xf4, 0xce, 255 }, PAPER = { 0xf4, 0xf6, 0xf8, 255 };

kiosk_view_t *kiosk_view_create(SDL_Renderer *r, char *err, size_t errcap)
{
	kiosk_view_t *v = xcalloc(1, sizeof(*v));
	v->r = r;
	if (!TTF_WasInit() && TTF_Init() < 0) {
		snprintf(err, errcap, "SDL_ttf: %s", TTF_GetError());
		free(v);
		return NULL;
	}
	for (int b = 0; b < 2; b++) {
		const char *const *list = b ? bold_fonts : regular_fonts;
		for (int i = 0; i < 2; i++) {
			TTF_Font *f = TTF_OpenFont(list[i], 12);
			if (f) {
				v->paths[i][b] = list[i];
				TTF_CloseFont(f);
			}
		}
		if (v->paths[0][b] == NULL) {   /* one family is enough to run */
			v->paths[0][b] = v->paths[1][b];
			v->paths[1][b] = NULL;
		}
	}
	if (v->paths[0][0] == NULL || v->paths[0][1] == NULL) {
		snprintf(err, errcap, "no DejaVu or Noto font found (install fonts-dejavu-core)");
		free(v);
		return NULL;
	}
	return v;
}

void kiosk_view_destroy(kiosk_view_t *v)
{
	if (v == NULL)
		return;
	cache_clear(v);
	for (int fam = 0; fam < 2; fam++)
		for (int b = 0; b < 2; b++)
			for (int i = 0; i < N_SIZES; i++)
				if (v->fonts[fam][b][i])
					TTF_CloseFont(v->fonts[fam][b][i]);
	free(v);
}

static TTF_Font *family_font(kiosk_view_t *v, int family, int px, int bold)
{
	int slot = px / 4;
	if (slot < 2)
		slot = 2;
	if (slot >= N_SIZES)
		slot = N_SIZES - 1;
	if (v->paths[family][bold] == NULL)
		return NULL;
	if (v->fonts[family][bold][slot] == NULL)
		v->fonts[family][bold][slot] = TTF_OpenFont(v->paths[family][bold], slot * 4);
	return v->fonts[family][bold][slot];
}

/* Does f have a glyph for every character of the UTF-8 text? */
static int covers(TTF_Font *f, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	while (*s) {
		Uint32 cp = *s;
		int n = 1;
		if (*s >= 0xF0 && s[1] && s[2] && s[3]) {
			cp = ((Uint32)(s[0] & 7) << 18) | ((Uint32)(s[1] & 63) << 12) |
			     ((Uint32)(s[2] & 63) << 6) | (s[3] & 63);
			n = 4;
		} else if (*s >= 0xE0 && s[1] && s[2]) {
			cp = ((Uint32)(s[0] & 15) << 12) | ((Uint32)(s[1] & 63) << 6) | (s[2] & 63);
			n = 3;
		} else if (*s >= 0xC0 && s[1]) {
			cp = ((Uint32)(s[0] & 31) << 6) | (s[1] & 63);
			n = 2;
		}
		if (cp > ' ' && !TTF_GlyphIsProvided32(f, cp))
			return 0;
		s += n;
	}
	return 1;
}

/* The font for text at px: DejaVu, or Noto when DejaVu lacks one of its glyphs. */
static TTF_Font *font_for(kiosk_view_t *v, const char *text, int px, int bold)
{
	TTF_Font *f = family_font(v, 0, px, bold), *alt;
	if (f == NULL || covers(f, text))
		return f;
	alt = family_font(v, 1, px, bold);
	return alt && covers(alt, text) ? alt : f;
}

static void fill(kiosk_view_t *v, SDL_Rect r, SDL_Color c)
{
	SDL_SetRenderDrawColor(v->r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(v->r, &r);
}

static void frame(kiosk_view_t *v, SDL_Rect r, SDL_Color c, int t)
{
	for (int i = 0; i < t; i++) {
		SDL_Rect e = { r.x + i, r.y + i, r.w - 2 * i, r.h - 2 * i };
		SDL_SetRenderDrawColor(v->r, c.r, c.g, c.b, c.a);
		SDL_RenderDrawRect(v->r, &e);
	}
}

/* Split text into lines that fit width at this font; returns the number of lines. */
static int wrap(TTF_Font *f, const char *text, int width, char lines[][256], int max_lines)
{
	char word_line[256];
	const char *p = text;
	int n = 0;

	word_line[0] = '\0';
	while (*p && n < max_lines) {
		char cand[600];
		const char *sp = strchr(p, ' ');
		size_t wl = sp ? (size_t)(sp - p) : strlen(p);
		int tw = 0;
		snprintf(cand, sizeof(cand), "%s%s%.*s", word_line, word_line[0] ? " " : "",
			 (int)(wl < 255 ? wl : 255), p);
		TTF_SizeUTF8(f, cand, &tw, NULL);
		if (tw > width && word_line[0]) {
			snprintf(lines[n++], 256, "%s", word_line);
			word_line[0] = '\0';
			continue;   /* the same word starts the next line */
		}
		snprintf(word_line, sizeof(word_line), "%.255s", cand);
		p += wl;
		while (*p == ' ')
			p++;
	}
	if (word_line[0] && n < max_lines)
		snprintf(lines[n++], 256, "%s", word_line);
	return n;
}

static size_t letters_of(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s != ' ';
	return n;
}

static size_t letters(char lines[][256], int n)
{
	size_t total = 0;
	for (int i = 0; i < n; i++)
		total += letters_of(lines[i]);
	return total;
}

/* Text fitted into box: wrapped to at most max_lines, shrunk until it fits. The result
 * is kept, so a screen drawn again costs only the copies. */
static void text_box(kiosk_view_t *v, const char *text, SDL_Rect box, int px, int bold,
		     SDL_Color c, int center, int max_lines)
{
	char lines[4][256], key[600];
	int n = 0, line_h = 0, fits = 0;
	TTF_Font *f = NULL;
	text_cache_t *slot;

	if (max_lines > 4)
		max_lines = 4;
	snprintf(key, sizeof(key), "%d|%d|%d|%d|%d|%d|%02x%02x%02x|%s", box.w, box.h, px, bold,
		 center, max_lines, c.r, c.g, c.b, text);
	if (v->cached >= CACHE_SLOTS / 2)
		cache_clear(v);   /* a new set of screens: start over */
	slot = cache_slot(v, key);
	if (slot && slot->key) {
		for (int i = 0; i < slot->n; i++) {
			SDL_Rect d = slot->dst[i];
			d.x += box.x;
			d.y += box.y;
			SDL_RenderCopy(v->r, slot->lines[i], NULL, &d);
		}
		return;
	}
	for (; px >= 10 && !fits; px -= 2) {
		int widest = 0;
		f = font_for(v, text, px, bold);
		if (f == NULL)
			return;
		n = wrap(f, text, box.w, lines, max_lines);
		line_h = TTF_FontLineSkip(f);
		for (int i = 0; i < n; i++) {
			int tw;
			TTF_SizeUTF8(f, lines[i], &tw, NULL);
			widest = tw > widest ? tw : widest;
		}
		/* fits: not too tall, not too wide, and no word left out by max_lines */
		fits = n * line_h <= box.h && widest <= box.w && strlen(text) > 0 &&
		       letters(lines, n) == letters_of(text);
	}
	if (slot) {
		slot->key = xstrdup(key);
		slot->n = 0;
		v->cached++;
	}
	for (int i = 0; i < n; i++) {
		SDL_Surface *s = TTF_RenderUTF8_Blended(f, lines[i], c);
		SDL_Texture *t;
		SDL_Rect dst;
		if (s == NULL)
			continue;
		t = SDL_CreateTextureFromSurface(v->r, s);
		dst.w = s->w;
		dst.h = s->h;
		dst.x = center ? (box.w - s->w) / 2 : 0;
		dst.y = (box.h - n * line_h) / 2 + i * line_h;
		SDL_FreeSurface(s);
		if (slot) {
			slot->lines[slot->n] = t;
			slot->dst[slot->n++] = dst;
		}
		dst.x += box.x;
		dst.y += box.y;
		SDL_RenderCopy(v->r, t, NULL, &dst);
		if (slot == NULL)
			SDL_DestroyTexture(t);
	}
}

static SDL_Rect rect(kiosk_rect_t r)
{
	return (SDL_Rect){ r.x, r.y, r.w, r.h };
}

static void header(kiosk_view_t *v, const kiosk_office_t *o, const kiosk_layout_t *l,
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
	fill(v, h, BLUE);
	text_box(v, m->lang == KIOSK_LANG_ID ? o->name : o->name_en,
		 (SDL_Rect){ pad, pad, h.w * 3 / 4 - 2 * pad, h.h * 6 / 10 - pad }, h.h / 3, 1, WHITE,
		 0, 2);
	text_box(v, clock, (SDL_Rect){ pad, h.h * 6 / 10, h.w * 3 / 4 - 2 * pad, h.h * 4 / 10 - pad },
		 h.h / 5, 0, WHITE, 0, 1);
}

static const kiosk_count_t *count_of(const kiosk_count_t *c, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(c[i].id, id) == 0)
			return &c[i];
	return NULL;
}

static void home(kiosk_view_t *v, const kiosk_model_t *m, const kiosk_layout_t *l,
		 const kiosk_count_t *counts, int n_counts)
{
	for (int i = 0; i < l->n; i++) {
		const kiosk_button_t *b = &l->buttons[i];
		SDL_Rect r = rect(b->r);
		int pad = r.h / 10 > 8 ? r.h / 10 : 8;
		SDL_Rect label = { r.x + pad, r.y + pad, r.w - 2 * pad, r.h * 45 / 100 };
		SDL_Rect sub = { r.x + pad, r.y + r.h * 55 / 100, r.w - 2 * pad, r.h * 18 / 100 };
		SDL_Rect info = { r.x + pad, r.y + r.h * 74 / 100, r.w - 2 * pad, r.h * 20 / 100 };
		const kiosk_count_t *c = count_of(counts, n_counts, b->id);
		char line[128];

		if (strcmp(b->id, "lang") == 0) {
			frame(v, r, WHITE, 3);
			text_box(v, b->label, (SDL_Rect){ r.x + 8, r.y + 4, r.w - 16, r.h - 8 }, r.h / 3,
				 1, WHITE, 1, 1);
			continue;
		}
		if (strcmp(b->id, "priority") == 0) {
			fill(v, r, AMBER);
			frame(v, r, m->priority ? GREEN : MUTED, m->priority ? 6 : 2);
			text_box(v, b->label, (SDL_Rect){ r.x + pad, r.y + 4, r.w - 2 * pad, r.h - 8 },
				 r.h / 3, 1, INK, 1, 1);
			continue;
		}
		fill(v, r, b->journey ? GREEN : WHITE);
		frame(v, r, b->journey ? GREEN : BLUE, 3);
		if (b->journey) {
			label.h = r.h * 50 / 100;
			sub = (SDL_Rect){ r.x + pad, r.y + r.h * 60 / 100, r.w - 2 * pad, r.h * 30 / 100 };
		}
		text_box(v, b->label, label, r.h / 4, 1, b->journey ? WHITE : INK, 1, 2);
		text_box(v, b->sublabel, sub, r.h / 7, 0, b->journey ? WHITE : MUTED, 1, 1);
		if (c && !b->journey) {
			if (c->waiting == 0)
				snprintf(line, sizeof(line), "%s", m->lang == KIOSK_LANG_ID
					 ? "Tidak ada antrian - langsung dilayani" : "Nobody waiting");
			else if (m->lang == KIOSK_LANG_ID)
				snprintf(line, sizeof(line), "%d menunggu - sekitar %d menit", c->waiting,
					 (c->est_wait_s + 59) / 60);
			else
				snprintf(line, sizeof(line), "%d waiting - about %d min", c->waiting,
					 (c->est_wait_s + 59) / 60);
			text_box(v, line, info, r.h / 7, 0, BLUE, 1, 1);
		}
	}
}

/* A full-screen message in both languages, the screen's language first. */
static void message(kiosk_view_t *v, const kiosk_model_t *m, const kiosk_layout_t *l,
		    SDL_Color accent, const char *id_title, const char *en_title, const char *id_text,
		    const char *en_text, const char *detail)
{
	int top = l->header.h, w = l->w, h = l->h - top, pad = w / 20;
	SDL_Rect band = { 0, top, w, h / 40 > 8 ? h / 40 : 8 };
	int first_en = m->lang == KIOSK_LANG_EN;

	fill(v, band, accent);
	text_box(v, first_en ? en_title : id_title, (SDL_Rect){ pad, top + h / 10, w - 2 * pad, h / 6 },
		 h / 10, 1, accent, 1, 2);
	text_box(v, first_en ? en_text : id_text, (SDL_Rect){ pad, top + h * 30 / 100, w - 2 * pad, h / 7 },
		 h / 18, 0, INK, 1, 3);
	text_box(v, first_en ? id_title : en_title, (SDL_Rect){ pad, top + h * 50 / 100, w - 2 * pad,
								h / 10 }, h / 16, 1, MUTED, 1, 2);
	text_box(v, first_en ? id_text : en_text, (SDL_Rect){ pad, top + h * 62 / 100, w - 2 * pad,
							      h / 8 }, h / 24, 0, MUTED, 1, 3);
	if (detail && detail[0])
		text_box(v, detail, (SDL_Rect){ pad, top + h * 84 / 100, w - 2 * pad, h / 12 }, h / 40, 0,
			 MUTED, 1, 2);
}

static void ticket(kiosk_view_t *v, const kiosk_model_t *m, const kiosk_layout_t *l)
{
	int top = l->header.h, w = l->w, h = l->h - top, pad = w / 20;
	char line[256];
	int id = m->lang == KIOSK_LANG_ID;

	text_box(v, id ? "Nomor antrian Anda" : "Your queue number",
		 (SDL_Rect){ pad, top + h / 30, w - 2 * pad, h / 12 }, h / 16, 0, MUTED, 1, 1);
	text_box(v, m->number, (SDL_Rect){ pad, top + h / 9, w - 2 * pad, h * 36 / 100 }, h / 3, 1,
		 BLUE, 1, 1);
	text_box(v, id ? m->service : (m->service_en[0] ? m->service_en : m->service),
		 (SDL_Rect){ pad, top + h * 48 / 100, w - 2 * pad, h / 10 }, h / 14, 1, INK, 1, 2);
	if (m->ahead == 0)
		snprintf(line, sizeof(line), "%s", id ? "Anda berikutnya - tunggu panggilan"
						      : "You are next - wait for your call");
	else if (id)
		snprintf(line, sizeof(line), "%d orang di depan Anda  -  +/- %d menit", m->ahead,
			 (m->est_wait_s + 59) / 60);
	else
		snprintf(line, sizeof(line), "%d people ahead of you  -  about %d min", m->ahead,
			 (m->est_wait_s + 59) / 60);
	text_box(v, line, (SDL_Rect){ pad, top + h * 60 / 100, w - 2 * pad, h / 12 }, h / 20, 0, INK,
		 1, 2);
	fill(v, (SDL_Rect){ pad, top + h * 74 / 100, w - 2 * pad, h / 6 }, GREEN);
	text_box(v, id ? "Silakan ambil tiket Anda" : "Please take your ticket",
		 (SDL_Rect){ pad * 2, top + h * 75 / 100, w - 4 * pad, h / 10 }, h / 14, 1, WHITE, 1, 1);
	text_box(v, id ? "Please take your ticket" : "Silakan ambil tiket Anda",
		 (SDL_Rect){ pad * 2, top + h * 84 / 100, w - 4 * pad, h / 20 }, h / 28, 0, WHITE, 1, 1);
}

void kiosk_view_draw(kiosk_view_t *v, const kiosk_model_t *m, const kiosk_office_t *o,
		     const kiosk_layout_t *l, const kiosk_count_t *counts, int n_counts,
		     int64_t wall_ms, int64_t now_ms)
{
	SDL_SetRenderDrawColor(v->r, PAPER.r, PAPER.g, PAPER.b, 255);
	SDL_RenderClear(v->r);
	header(v, o, l, m, wall_ms);
	switch (m->screen) {
	case KIOSK_HOME:
		home(v, m, l, counts, n_counts);
		break;
	case KIOSK_ISSUING: {
		/* a moving bar: the screen is alive while the request is in flight */
		int w = l->w / 3, x = (int)((now_ms / 4) % (l->w + w)) - w;
		message(v, m, l, BLUE, "Mohon tunggu...", "Please wait...", "Tiket Anda sedang dibuat",
			"Your ticket is being made", "");
		fill(v, (SDL_Rect){ x, l->h - l->h / 20, w, l->h / 60 }, BLUE);
		break;
	}
	case KIOSK_TICKET:
		ticket(v, m, l);
		break;
	case KIOSK_PRINTER_FAULT:
		message(v, m, l, RED,
			m->printer.state == ANTRE_PRINTER_PAPER_OUT ? "Kertas tiket habis"
								    : "Printer tidak siap",
			m->printer.state == ANTRE_PRINTER_PAPER_OUT ? "Out of ticket paper"
								    : "Printer not ready",
			"Tidak ada tiket yang dibuat. Silakan hubungi petugas.",
			"No ticket was issued. Please ask a staff member for help.",
			m->printer.message);
		break;
	case KIOSK_PRINT_FAILED:
		message(v, m, l, RED, "Tiket gagal dicetak", "The ticket could not be printed",
			"Nomor ini dibatalkan dan tidak akan dipanggil. Silakan hubungi petugas.",
			"That number was cancelled and will not be called. Please ask a staff member.",
			m->printer.message);
		break;
	case KIOSK_UNAVAILABLE:
		message(v, m, l, RED, "Layanan sementara tidak tersedia",
			"Service temporarily unavailable",
			"Mohon tunggu, kami mencoba menyambung kembali. Silakan hubungi petugas.",
			"Please wait, we are reconnecting. Please ask a staff member.", "");
		break;
	}
}
