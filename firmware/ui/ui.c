/* Text on SDL screens, shared by the kiosk and the displays: Debian's DejaVu with Noto
 * for what DejaVu lacks, every text fitted into its box (wrapped, then shrunk), and the
 * fitted result cached so a screen drawn again costs only the copies. */
#include "ui.h"

#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "antre_png.h"
#include "xmalloc.h"

#define N_SIZES 192         /* font sizes in steps of 4 px, up to 764 px */

static const char *const regular_fonts[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
};
static const char *const bold_fonts[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	"/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
};

#define CACHE_SLOTS 1024
#define CACHE_BYTES (16u << 20)   /* rendered text kept, at most */

/* A fitted, rendered text box: the same box with the same text is drawn from here. */
typedef struct {
	char *key;
	SDL_Texture *lines[4];
	SDL_Rect dst[4];           /* relative to the box */
	int n;
	int px;                    /* the size it was drawn at (after shrinking) */
} text_cache_t;

struct ui {
	SDL_Renderer *r;
	TTF_Font *fonts[2][2][N_SIZES];   /* [family][bold][size / 4] */
	const char *paths[2][2];          /* DejaVu first, Noto for what it lacks */
	text_cache_t cache[CACHE_SLOTS];
	int cached;
	size_t cached_bytes;              /* pixels held by the cache, 4 bytes each */
	SDL_Rect drawn;                   /* the last ui_text's ink box, for ui_text_drawn */
	int drawn_px;
};

/* The last ui_text's drawn box grows by d (box-relative at box). */
static void drawn_add(ui_t *v, SDL_Rect box, SDL_Rect d)
{
	d.x += box.x;
	d.y += box.y;
	if (v->drawn.w == 0)
		v->drawn = d;
	else
		SDL_UnionRect(&v->drawn, &d, &v->drawn);
}

int ui_text_drawn(const ui_t *v, SDL_Rect *drawn)
{
	*drawn = v->drawn;
	return v->drawn_px;
}

static void cache_clear(ui_t *v)
{
	for (int i = 0; i < CACHE_SLOTS; i++) {
		for (int k = 0; k < v->cache[i].n; k++)
			SDL_DestroyTexture(v->cache[i].lines[k]);
		free(v->cache[i].key);
		memset(&v->cache[i], 0, sizeof(v->cache[i]));
	}
	v->cached = 0;
	v->cached_bytes = 0;
}

/* The slot for key: its entry, or the empty slot where it belongs (linear probing). */
static text_cache_t *cache_slot(ui_t *v, const char *key)
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

ui_t *ui_create(SDL_Renderer *r, char *err, size_t errcap)
{
	ui_t *v = xcalloc(1, sizeof(*v));
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

void ui_destroy(ui_t *v)
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

static TTF_Font *family_font(ui_t *v, int family, int px, int bold)
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
static TTF_Font *font_for(ui_t *v, const char *text, int px, int bold)
{
	TTF_Font *f = family_font(v, 0, px, bold), *alt;
	if (f == NULL || covers(f, text))
		return f;
	alt = family_font(v, 1, px, bold);
	return alt && covers(alt, text) ? alt : f;
}

SDL_Renderer *ui_renderer(const ui_t *v)
{
	return v->r;
}

void ui_clear(ui_t *v, SDL_Color c)
{
	SDL_SetRenderDrawColor(v->r, c.r, c.g, c.b, c.a);
	SDL_RenderClear(v->r);
}

void ui_fill(ui_t *v, SDL_Rect r, SDL_Color c)
{
	SDL_SetRenderDrawColor(v->r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(v->r, &r);
}

void ui_frame(ui_t *v, SDL_Rect r, SDL_Color c, int t)
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
/* A cached text drawn again at box. */
static void replay(ui_t *v, const text_cache_t *slot, SDL_Rect box)
{
	for (int i = 0; i < slot->n; i++) {
		SDL_Rect d = slot->dst[i];
		drawn_add(v, box, d);
		d.x += box.x;
		d.y += box.y;
		SDL_RenderCopy(v->r, slot->lines[i], NULL, &d);
	}
	v->drawn_px = slot->n ? slot->px : 0;
}

void ui_text(ui_t *v, const char *text, SDL_Rect box, int px, int bold, SDL_Color c,
	     int align, int max_lines)
{
	char lines[4][256], key[600];
	int n = 0, line_h = 0, fits = 0, used = 0;
	TTF_Font *f = NULL;
	text_cache_t *slot;

	if (max_lines > 4)
		max_lines = 4;
	snprintf(key, sizeof(key), "%d|%d|%d|%d|%d|%d|%02x%02x%02x|%s", box.w, box.h, px, bold,
		 align, max_lines, c.r, c.g, c.b, text);
	/* a new set of screens, or a day of changing numbers: start over */
	if (v->cached >= CACHE_SLOTS / 2 || v->cached_bytes > CACHE_BYTES)
		cache_clear(v);
	slot = cache_slot(v, key);
	v->drawn = (SDL_Rect){ 0, 0, 0, 0 };
	v->drawn_px = 0;
	if (slot && slot->key) {
		replay(v, slot, box);
		return;
	}
	for (; px >= 10 && !fits; px -= px > 64 ? px / 16 : 2) {
		int widest = 0;
		f = font_for(v, text, px, bold);
		if (f == NULL)
			return;
		used = px;
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
		slot->px = used;
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
		dst.x = align == UI_CENTER ? (box.w - s->w) / 2 : align == UI_RIGHT ? box.w - s->w : 0;
		dst.y = (box.h - n * line_h) / 2 + i * line_h;
		SDL_FreeSurface(s);
		drawn_add(v, box, dst);
		v->drawn_px = used;
		if (slot) {
			v->cached_bytes += (size_t)dst.w * (size_t)dst.h * 4;
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

int ui_wrap(ui_t *v, const char *text, int px, int bold, int width, char lines[][256],
	    int max_lines)
{
	TTF_Font *f = font_for(v, text, px, bold);
	return f ? wrap(f, text, width, lines, max_lines) : 0;
}

int ui_snapshot(SDL_Renderer *r, int w, int h, const char *path, char *err, size_t errcap)
{
	uint8_t *px = xmalloc((size_t)w * (size_t)h * 3);
	int rc = SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_RGB24, px, w * 3);
	if (rc < 0)
		snprintf(err, errcap, "reading the screen: %s", SDL_GetError());
	else
		rc = antre_png_write_rgb(path, w, h, px, w * 3, err, errcap);
	free(px);
	return rc < 0 ? -1 : rc;
}
