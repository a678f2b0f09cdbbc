/* file:PATH (ESC/POS bytes appended) and png:DIR (the rendered ticket) printers. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "printer_backend.h"
#include "render.h"
#include "xmalloc.h"

typedef struct {
	antre_printer_t base;
	char path[1024];
} path_printer_t;

/* Ready when the folder it writes into is there and writable. */
static int folder_status(const char *folder, antre_printer_status_t *st)
{
	if (access(folder, W_OK) != 0) {
		antre_printer_set(st, ANTRE_PRINTER_OFFLINE, "cannot write to %s: %s", folder,
				  strerror(errno));
		return -1;
	}
	antre_printer_set(st, ANTRE_PRINTER_READY, "ready");
	return 0;
}

static int file_status(antre_printer_t *p, antre_printer_status_t *st)
{
	char dir[1024], *slash;
	snprintf(dir, sizeof(dir), "%s", ((path_printer_t *)p)->path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	return folder_status(dir, st);
}

static int file_print(antre_printer_t *p, const antre_print_layout_t *l, const antre_bytes_t *b,
		      antre_printer_status_t *st)
{
	const char *path = ((path_printer_t *)p)->path;
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	size_t done = 0;
	(void)l;

	if (fd < 0) {
		antre_printer_set(st, ANTRE_PRINTER_OFFLINE, "cannot open %s: %s", path,
				  strerror(errno));
		return -1;
	}
	while (done < b->n) {
		ssize_t n = write(fd, b->v + done, b->n - done);
		if (n < 0) {
			antre_printer_set(st, ANTRE_PRINTER_ERROR, "cannot write %s: %s", path,
					  strerror(errno));
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		antre_printer_set(st, ANTRE_PRINTER_ERROR, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int png_status(antre_printer_t *p, antre_printer_status_t *st)
{
	return folder_status(((path_printer_t *)p)->path, st);
}

static int png_print(antre_printer_t *p, const antre_print_layout_t *l, const antre_bytes_t *b,
		     antre_printer_status_t *st)
{
	antre_image_t img = { 0 };
	char path[1200], err[256], number[32] = "ticket";
	(void)b;

	/* name the file after the number (the first line printed at the largest size) */
	for (int i = 0, best = 0; i < l->n; i++)
		if ((l->items[i].kind == ANTRE_ITEM_TEXT || l->items[i].kind == ANTRE_ITEM_RASTER) &&
		    l->items[i].width_mul > best) {
			best = l->items[i].width_mul;
			snprintf(number, sizeof(number), "%.31s", l->items[i].text);
		}
	snprintf(path, sizeof(path), "%s/ticket-%s.png", ((path_printer_t *)p)->path, number);
	if (antre_print_render(l, &img, err, sizeof(err)) < 0 ||
	    antre_image_write_png(&img, path, err, sizeof(err)) < 0) {
		antre_image_free(&img);
		antre_printer_set(st, ANTRE_PRINTER_ERROR, "%s", err);
		return -1;
	}
	antre_image_free(&img);
	return 0;
}

static const antre_printer_ops_t file_ops = { file_status, file_print, antre_printer_free };
static const antre_printer_ops_t png_ops = { png_status, png_print, antre_printer_free };

static antre_printer_t *open_path(const antre_printer_ops_t *ops, const char *path, char *err,
				  size_t errcap)
{
	path_printer_t *p;
	if (path[0] == '\0' || strlen(path) >= sizeof(p->path)) {
		snprintf(err, errcap, "the printer URI needs a path");
		return NULL;
	}
	p = antre_printer_alloc(sizeof(*p), ops);
	snprintf(p->path, sizeof(p->path), "%s", path);
	return &p->base;
}

antre_printer_t *antre_printer_open_file(const char *path, char *err, size_t errcap)
{
	return open_path(&file_ops, path, err, errcap);
}

antre_printer_t *antre_printer_open_png(const char *dir, char *err, size_t errcap)
{
	return open_path(&png_ops, dir, err, errcap);
}
