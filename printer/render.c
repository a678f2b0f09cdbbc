/* Layout → image, with SDL2_ttf glyphs placed on the printer's character grid and the
 * QR code from libqrencode; PNG out through firmware/png. Also the big number's raster
 * (a bold TTF face), which escpos.c sends as GS v 0 and the preview draws as is. */
#include "render.h"

#include <SDL_ttf.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "antre_png.h"
#include "xmalloc.h"

#define MARGIN 16       /* white paper around the printable width */

static const char *const regular_fonts[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
	"/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
};
static const char *const bold_fonts[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
	"/usr/share/fonts/truetype/noto/NotoSansMono-Bold.ttf",
};

/* The big number: a bold proportional face, narrow first (more height per width). */
static const char *const big_fonts[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	"/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
};

#define BIG_REF_PX 100    /* the size the big font is measured at */
#define RASTER_PAD 8      /* blank dots around the big number's ink */

static pthread_mutex_t font_lock = PTHREAD_MUTEX_INITIALIZER;
static TTF_Font *fonts[2];
static TTF_Font *big_font;

static TTF_Font *open_first(const char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		TTF_Font *f = TTF_OpenFont(paths[i], 20);   /* 20 px: a 12-dot advance */
		if (f)
			return f;
	}
	return NULL;
}

static int start_ttf(char *err, size_t errcap)
{
	if (!TTF_WasInit() && TTF_Init() < 0) {
		snprintf(err, errcap, "cannot start SDL_ttf: %s", TTF_GetError());
		return -1;
	}
	return 0;
}

static int load_fonts(char *err, size_t errcap)
{
	int rc = 0;
	pthread_mutex_lock(&font_lock);
	if (fonts[0] == NULL) {
		if (start_ttf(err, errcap) < 0) {
			rc = -1;
		} else {
			fonts[0] = open_first(regular_fonts, 2);
			fonts[1] = open_first(bold_fonts, 2);
			if (fonts[1] == NULL)
				fonts[1] = fonts[0];
			if (fonts[0] == NULL) {
				snprintf(err, errcap, "no monospace font found (install "
					 "fonts-dejavu-core)");
				rc = -1;
			}
		}
	}
	pthread_mutex_unlock(&font_lock);
	return rc;
}

/* Under font_lock: text drawn at px, as 8-bit grey (0 white … 255 black), or NULL. */
static SDL_Surface *big_surface(const char *text, int px)
{
	SDL_Color fg = { 0, 0, 0, 255 }, bg = { 255, 255, 255, 255 };
	if (TTF_SetFontSize(big_font, px) < 0)
		return NULL;
	return TTF_RenderUTF8_Shaded(big_font, text, fg, bg);
}

/* The rows and columns of s that have ink (grey index ≥ 128): -1 in *top when none. */
static void ink_box(SDL_Surface *s, int *top, int *bottom, int *left, int *right)
{
	*top = *bottom = *left = *right = -1;
	for (int y = 0; y < s->h; y++)
		for (int x = 0; x < s->w; x++)
			if (((uint8_t *)s->pixels)[y * s->pitch + x] >= 128) {
				if (*top < 0)
					*top = y, *left = x, *right = x;
				*bottom = y;
				*left = x < *left ? x : *left;
				*right = x > *right ? x : *right;
			}
}

int antre_print_raster(const char *text, int width, int max_h, antre_raster_t *out, char *err,
		       size_t errcap)
{
	SDL_Surface *s = NULL;
	int tw = 0, th = 0, px, avail = width - 2 * RASTER_PAD, top, bottom, left, right;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (errcap > 0)
		err[0] = '\0';
	pthread_mutex_lock(&font_lock);
	if (big_font == NULL && start_ttf(err, errcap) == 0) {
		for (size_t i = 0; i < sizeof(big_fonts) / sizeof(big_fonts[0]) && !big_font; i++)
			big_font = TTF_OpenFont(big_fonts[i], BIG_REF_PX);
		if (big_font == NULL)
			snprintf(err, errcap, "no bold font for the ticket number found (install "
				 "fonts-dejavu-core)");
	}
	if (big_font == NULL || text[0] == '\0' || TTF_SetFontSize(big_font, BIG_REF_PX) < 0 ||
	    TTF_SizeUTF8(big_font, text, &tw, &th) < 0 || tw <= 0) {
		if (big_font && err[0] == '\0')
			snprintf(err, errcap, "cannot draw '%s' in the number font", text);
		goto out;
	}
	/* Measured at the reference size, scaled to the width; then the ink decides: shrink
	 * until it fits the width and max_h (a few steps at most). */
	px = BIG_REF_PX * avail / tw;
	for (int tries = 0; tries < 8 && px > 4; tries++) {
		int ink_w, ink_h;
		SDL_FreeSurface(s);
		s = big_surface(text, px);
		if (s == NULL)
			break;
		ink_box(s, &top, &bottom, &left, &right);
		if (top < 0)
			break;
		ink_w = right - left + 1;
		ink_h = bottom - top + 1;
		if (ink_w <= avail && ink_h <= max_h) {
			rc = 0;
			break;
		}
		px = ink_h > max_h ? px * max_h / ink_h : px * avail / ink_w;
		px = px - 1;
	}
	if (rc == 0) {
		int ink_w = right - left + 1, x0 = (width - ink_w) / 2;
		out->w = width;
		out->h = bottom - top + 1 + 2 * RASTER_PAD;
		out->bits = xcalloc((size_t)(out->w / 8) * (size_t)out->h, 1);
		for (int y = top; y <= bottom; y++)
			for (int x = left; x <= right; x++)
				if (((uint8_t *)s->pixels)[y * s->pitch + x] >= 128) {
					int ox = x0 + x - left, oy = RASTER_PAD + y - top;
					out->bits[oy * (out->w / 8) + ox / 8] |= (uint8_t)(0x80 >> (ox % 8));
				}
	} else if (err[0] == '\0') {
		snprintf(err, errcap, "cannot draw '%s' in the number font: %s", text,
			 TTF_GetError());
	}
out:
	SDL_FreeSurface(s);
	pthread_mutex_unlock(&font_lock);
	return rc;
}

void antre_raster_free(antre_raster_t *r)
{
	free(r->bits);
	r->bits = NULL;
}

static int item_height(const antre_print_item_t *it, const antre_raster_t *raster, QRcode **qr)
{
	switch (it->kind) {
	case ANTRE_ITEM_RASTER:
		return raster->h;
	case ANTRE_ITEM_TEXT:
		return ANTRE_FONT_H * it->height_mul;
	case ANTRE_ITEM_RULE:
		return ANTRE_FONT_H;
	case ANTRE_ITEM_QR:
		*qr = QRcode_encodeString(it->text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		return *qr ? (*qr)->width * it->qr_module + ANTRE_FONT_H : 0;
	case ANTRE_ITEM_FEED:
		return ANTRE_FONT_H * it->lines;
	case ANTRE_ITEM_CUT:
		return 8;
	}
	return 0;
}

/* One glyph into its cell, scaled (nearest) to mul_w × mul_h cells. */
static void draw_glyph(antre_image_t *img, TTF_Font *font, char ch, int x, int y, int mul_w,
		       int mul_h)
{
	SDL_Color fg = { 0, 0, 0, 255 }, bg = { 255, 255, 255, 255 };
	SDL_Surface *s = TTF_RenderGlyph_Shaded(font, (Uint16)(unsigned char)ch, fg, bg);
	int cw = ANTRE_FONT_W * mul_w, ch_h = ANTRE_FONT_H * mul_h;

	if (s == NULL)
		return;
	SDL_LockSurface(s);
	for (int dy = 0; dy < ch_h; dy++) {
		int sy = dy * ANTRE_FONT_H / ch_h * s->h / ANTRE_FONT_H;
		if (sy >= s->h || y + dy >= img->h)
			continue;
		for (int dx = 0; dx < cw; dx++) {
			int sx = dx * s->w / cw;
			uint8_t idx = ((uint8_t *)s->pixels)[sy * s->pitch + sx];
			uint8_t *dst = &img->px[(y + dy) * img->w + x + dx];
			uint8_t grey = (uint8_t)(255 - idx);   /* shaded palette: 0 = bg … 255 = fg */
			if (x + dx < img->w && grey < *dst)
				*dst = grey;
		}
	}
	SDL_UnlockSurface(s);
	SDL_FreeSurface(s);
}

static int align_x(const antre_print_layout_t *l, antre_align_t a, int width)
{
	int free_dots = l->dots - width;
	if (free_dots < 0)
		free_dots = 0;
	return MARGIN + (a == ANTRE_ALIGN_CENTER ? free_dots / 2 : a == ANTRE_ALIGN_RIGHT ? free_dots : 0);
}

/* The raster items' images (before font_lock: antre_print_raster takes it); 0 or -1. */
static int make_rasters(const antre_print_layout_t *l, antre_raster_t *rasters, char *err,
			size_t errcap)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].kind == ANTRE_ITEM_RASTER &&
		    antre_print_raster(l->items[i].text, l->dots, l->items[i].raster_h, &rasters[i],
				       err, errcap) < 0) {
			for (int k = 0; k < i; k++)
				antre_raster_free(&rasters[k]);
			return -1;
		}
	return 0;
}

/* QR code q in m-dot modules with its corner at (x, y). */
static void draw_qr(antre_image_t *img, const QRcode *q, int m, int x, int y)
{
	for (int qy = 0; qy < q->width; qy++)
		for (int qx = 0; qx < q->width; qx++)
			if (q->data[qy * q->width + qx] & 1)
				for (int py = 0; py < m; py++)
					memset(&img->px[(y + qy * m + py) * img->w + x + qx * m], 0,
					       (size_t)m);
}

/* The very bits the printer gets, dot for dot, at row y. */
static void draw_raster(antre_image_t *img, const antre_raster_t *r, int y)
{
	for (int ry = 0; ry < r->h; ry++)
		for (int rx = 0; rx < r->w; rx++)
			if (r->bits[ry * (r->w / 8) + rx / 8] & (0x80 >> (rx % 8)))
				img->px[(y + ry) * img->w + MARGIN + rx] = 0;
}

int antre_print_render(const antre_print_layout_t *l, antre_image_t *out, char *err,
		       size_t errcap)
{
	QRcode *qrs[ANTRE_PRINT_MAX_ITEMS] = { 0 };
	antre_raster_t rasters[ANTRE_PRINT_MAX_ITEMS] = { 0 };
	int y = MARGIN, h = 2 * MARGIN;

	if (load_fonts(err, errcap) < 0 || make_rasters(l, rasters, err, errcap) < 0)
		return -1;
	for (int i = 0; i < l->n; i++)
		h += item_height(&l->items[i], &rasters[i], &qrs[i]);
	out->w = l->dots + 2 * MARGIN;
	out->h = h;
	out->px = xmalloc((size_t)out->w * (size_t)out->h);
	memset(out->px, 255, (size_t)out->w * (size_t)out->h);

	pthread_mutex_lock(&font_lock);   /* SDL_ttf fonts are not thread-safe */
	for (int i = 0; i < l->n; i++) {
		const antre_print_item_t *it = &l->items[i];
		int x;
		switch (it->kind) {
		case ANTRE_ITEM_TEXT: {
			int len = (int)strlen(it->text);
			x = align_x(l, it->align, len * ANTRE_FONT_W * it->width_mul);
			for (int c = 0; c < len; c++)
				draw_glyph(out, fonts[it->bold ? 1 : 0], it->text[c],
					   x + c * ANTRE_FONT_W * it->width_mul, y, it->width_mul,
					   it->height_mul);
			y += ANTRE_FONT_H * it->height_mul;
			break;
		}
		case ANTRE_ITEM_RULE:
			for (int c = 0; c < l->columns; c++)
				draw_glyph(out, fonts[0], '-', MARGIN + c * ANTRE_FONT_W, y, 1, 1);
			y += ANTRE_FONT_H;
			break;
		case ANTRE_ITEM_QR:
			if (qrs[i] == NULL)
				break;
			draw_qr(out, qrs[i], it->qr_module,
				align_x(l, it->align, qrs[i]->width * it->qr_module), y);
			y += qrs[i]->width * it->qr_module + ANTRE_FONT_H;
			break;
		case ANTRE_ITEM_RASTER:
			draw_raster(out, &rasters[i], y);
			y += rasters[i].h;
			break;
		case ANTRE_ITEM_FEED:
			y += ANTRE_FONT_H * it->lines;
			break;
		case ANTRE_ITEM_CUT:
			/* where the cutter goes: a dotted line on the preview */
			for (int px = 0; px < out->w; px += 6)
				memset(&out->px[(y + 4) * out->w + px], 160, 3);
			y += 8;
			break;
		}
	}
	pthread_mutex_unlock(&font_lock);
	for (int i = 0; i < l->n; i++) {
		QRcode_free(qrs[i]);
		antre_raster_free(&rasters[i]);
	}
	return 0;
}

void antre_image_free(antre_image_t *img)
{
	free(img->px);
	img->px = NULL;
}

int antre_image_write_png(const antre_image_t *img, const char *path, char *err, size_t errcap)
{
	return antre_png_write_gray(path, img->w, img->h, img->px, img->w, err, errcap);
}
