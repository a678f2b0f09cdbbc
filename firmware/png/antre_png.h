/* PNG files out through libpng: the ticket preview (grey) and screen snapshots (RGB).
 * Below both printer/ and firmware/ui, so neither reaches into the other for it. */
#ifndef ANTRE_PNG_H
#define ANTRE_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Write h rows of w 8-bit grey pixels, stride bytes apart, to path.
 * Returns 0, or -1 with a sentence in err. */
int antre_png_write_gray(const char *path, int w, int h, const uint8_t *px, int stride,
			 char *err, size_t errcap);
/* The same for 8-bit RGB rows (3 bytes a pixel); for screen snapshots. */
int antre_png_write_rgb(const char *path, int w, int h, const uint8_t *rgb, int stride,
			char *err, size_t errcap);

#endif
