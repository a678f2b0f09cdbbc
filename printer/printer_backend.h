/* Private to printer/: the seam every printer backend implements, and the table of URI
 * schemes that picks a backend. Programs see only printer.h.
 *
 * A new backend is its own printer_NAME.c (a struct that starts with antre_printer_t,
 * an ops table, an open function), one row in ANTRE_PRINTER_SCHEMES below, and the
 * file in printer/CMakeLists.txt. */
#ifndef ANTRE_PRINTER_BACKEND_H
#define ANTRE_PRINTER_BACKEND_H

#include <stddef.h>

#include "printer.h"

typedef struct {
	/* Fill st; returns 0 when it can print (ready or paper_low), -1 otherwise. st comes
	 * in as "ready". */
	int (*status)(antre_printer_t *p, antre_printer_status_t *st);
	/* Print; returns 0 when the printer has it all, -1 with st saying why not. The
	 * backend sends bytes (ESC/POS) or draws l, whichever it prints. */
	int (*print)(antre_printer_t *p, const antre_print_layout_t *l, const antre_bytes_t *bytes,
		     antre_printer_status_t *st);
	/* Free p and all it holds. */
	void (*close)(antre_printer_t *p);
} antre_printer_ops_t;

/* The first member of every backend's printer struct. */
struct antre_printer {
	const antre_printer_ops_t *ops;
	int timeout_ms;            /* for a whole print; antre_printer_open sets 15 s if 0 */
};

/* The URI schemes, in the order a refusal lists them:
 *   X(prefix, open gets 1: what follows the prefix / 0: the whole URI, open, for people)
 *   cups:QUEUE, ipp[s]://HOST:PORT/PATH  libcups: a raw ESC/POS job, followed to the end
 *   usb:auto, usb:VID:PID              libusb: the printer-class interface, bulk OUT
 *   file:PATH                          ESC/POS bytes appended to a file
 *   png:DIR                            the rendered ticket as DIR/ticket-NUMBER.png
 * A row whose last column is NULL is accepted but not listed. */
#define ANTRE_PRINTER_SCHEMES(X)                                                      \
	X("cups:", 1, antre_printer_open_cups, "cups:QUEUE")                          \
	X("ipp://", 0, antre_printer_open_ipp, "ipp://...")                           \
	X("ipps://", 0, antre_printer_open_ipp, NULL)                                 \
	X("usb:", 1, antre_printer_open_usb, "usb:auto, usb:VID:PID")                 \
	X("file:", 1, antre_printer_open_file, "file:PATH")                           \
	X("png:", 1, antre_printer_open_png, "png:DIR")

/* Every backend's open: a printer for spec (see the table), or NULL with a sentence in
 * err for a spec it does not understand. A printer that is merely absent opens. */
#define ANTRE_PRINTER_OPEN_DECL_(prefix, strip, open, help)                           \
	antre_printer_t *open(const char *spec, char *err, size_t errcap);
ANTRE_PRINTER_SCHEMES(ANTRE_PRINTER_OPEN_DECL_)
#undef ANTRE_PRINTER_OPEN_DECL_

/* A zeroed backend struct of size bytes (at least sizeof(antre_printer_t)) with ops
 * set; never NULL (aborts when out of memory). Freed by its close. */
void *antre_printer_alloc(size_t size, const antre_printer_ops_t *ops);

/* The close of a backend that holds nothing but its struct. */
void antre_printer_free(antre_printer_t *p);

#endif
