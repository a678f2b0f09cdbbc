/* Render a ticket layout as the thermal printer would print it: a grey image on the
 * printer's dot grid (font A cells of 12 × 24 dots, the QR code in modules). */
#ifndef ANTRE_PRINT_RENDER_H
#define ANTRE_PRINT_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "ticket_layout.h"

typedef struct {
	int w, h;
	uint8_t *px;     /* w × h, 0 black … 255 white; caller frees with antre_image_free */
} antre_image_t;

/* A 1-bit image as ESC/POS GS v 0 takes it: rows of w / 8 bytes, the leftmost dot in
 * the high bit, 1 = black. */
typedef struct {
	int w, h;        /* w is a multiple of 8 */
	uint8_t *bits;   /* caller frees with antre_raster_free */
} antre_raster_t;

/* Draw ASCII text in a bold TTF font, centred on a raster width dots wide (a multiple
 * of 8): as large as fits the width (less 8 dots each side) with its ink at most max_h
 * dots tall, and 8 blank rows above and below. Thread-safe. Returns 0, or -1 with a
 * sentence in err (no font). The printer and the PNG preview both use it. */
int antre_print_raster(const char *text, int width, int max_h, antre_raster_t *out, char *err,
		       size_t errcap);
void antre_raster_free(antre_raster_t *r);

/* Returns 0, or -1 with a sentence in err (no font found). */
int antre_print_render(const antre_print_layout_t *l, antre_image_t *out, char *err,
		       size_t errcap);
void antre_image_free(antre_image_t *img);
/* Write an 8-bit grey PNG. Returns 0, or -1 with a sentence in err. */
int antre_image_write_png(const antre_image_t *img, const char *path, char *err, size_t errcap);

#endif
