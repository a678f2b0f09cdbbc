/* The PNG writer (libpng), shared by the ticket preview and the screen snapshots. */
#include "antre_png.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <string.h>

static int write_png(const char *path, int w, int h, int color, const uint8_t *px, int stride,
		     char *err, size_t errcap)
{
	FILE *f = fopen(path, "wb");
	png_structp png = NULL;
	png_infop info = NULL;

	if (f == NULL) {
		snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (info == NULL || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		fclose(f);
		snprintf(err, errcap, "cannot encode PNG %s", path);
		return -1;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, color, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < h; y++)
		png_write_row(png, px + (size_t)y * (size_t)stride);
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	if (fclose(f) != 0) {
		snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int antre_png_write_gray(const char *path, int w, int h, const uint8_t *px, int stride,
			 char *err, size_t errcap)
{
	return write_png(path, w, h, PNG_COLOR_TYPE_GRAY, px, stride, err, errcap);
}

int antre_png_write_rgb(const char *path, int w, int h, const uint8_t *rgb, int stride,
			char *err, size_t errcap)
{
	return write_png(path, w, h, PNG_COLOR_TYPE_RGB, rgb, stride, err, errcap);
}
