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

/* Returns 0, or -1 with a sentence in err (no font found). */
int antre_print_render(const antre_print_layout_t *l, antre_image_t *out, char *err,
		       size_t errcap);
void antre_image_free(antre_image_t *img);
/* Write an 8-bit grey PNG. Returns 0, or -1 with a sentence in err. */
int antre_image_write_png(const antre_image_t *img, const char *path, char *err, size_t errcap);

#endif
