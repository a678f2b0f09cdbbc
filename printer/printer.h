/* Printers behind one small interface, chosen by URI:
 *   cups:QUEUE, ipp://HOST:PORT/PATH   libcups: a raw ESC/POS job, followed to the end
 *   usb:auto, usb:VID:PID              libusb: the printer-class interface, bulk OUT
 *   file:PATH                          ESC/POS bytes appended to a file
 *   png:DIR                            the rendered ticket as DIR/ticket-NUMBER.png
 * A print either completes or fails with a status that says why; a job is never left
 * queued to come out later. */
#ifndef ANTRE_PRINTER_H
#define ANTRE_PRINTER_H

#include <stddef.h>

#include "escpos.h"
#include "ticket_layout.h"

typedef enum {
	ANTRE_PRINTER_READY,
	ANTRE_PRINTER_PAPER_LOW,   /* still prints */
	ANTRE_PRINTER_PAPER_OUT,
	ANTRE_PRINTER_OFFLINE,
	ANTRE_PRINTER_ERROR,
} antre_printer_state_t;

typedef struct {
	antre_printer_state_t state;
	char message[256];         /* for people: what is wrong and where */
} antre_printer_status_t;

typedef struct antre_printer antre_printer_t;

typedef struct {
	/* Fill st; returns 0 when it can print (ready or paper_low), -1 otherwise. */
	int (*status)(antre_printer_t *p, antre_printer_status_t *st);
	/* Print; returns 0 when the printer has it all, -1 with st saying why not. */
	int (*print)(antre_printer_t *p, const antre_print_layout_t *l, const antre_bytes_t *bytes,
		     antre_printer_status_t *st);
	void (*close)(antre_printer_t *p);
} antre_printer_ops_t;

struct antre_printer {
	const antre_printer_ops_t *ops;
	int timeout_ms;            /* for a whole print */
};

/* Open the printer a URI names. Returns NULL with a sentence in err for a URI that is
 * not understood; a printer that is merely absent opens and reports offline. */
antre_printer_t *antre_printer_open(const char *uri, char *err, size_t errcap);
void antre_printer_close(antre_printer_t *p);

int antre_printer_status(antre_printer_t *p, antre_printer_status_t *st);
/* Lay out, encode and print one ticket on paper_mm paper. */
int antre_printer_print_ticket(antre_printer_t *p, const antre_print_ticket_t *t, int paper_mm,
			       antre_printer_status_t *st);

/* "ready", "paper_low", "paper_out", "offline", "error" */
const char *antre_printer_state_name(antre_printer_state_t s);
void antre_printer_set(antre_printer_status_t *st, antre_printer_state_t state,
		       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Backends (printer_*.c). */
antre_printer_t *antre_printer_open_file(const char *path, char *err, size_t errcap);
antre_printer_t *antre_printer_open_png(const char *dir, char *err, size_t errcap);
antre_printer_t *antre_printer_open_cups(const char *uri, char *err, size_t errcap);
antre_printer_t *antre_printer_open_usb(const char *spec, char *err, size_t errcap);

#endif
