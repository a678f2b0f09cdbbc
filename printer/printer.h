/* Printers behind one small interface, chosen by URI scheme (the table is in
 * printer_backend.h; antre_printer_uri_help lists what people can write).
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

/* Opaque: each backend's struct lives in its printer_*.c. */
typedef struct antre_printer antre_printer_t;

/* Open the printer a URI names. Returns NULL with a sentence in err for a URI that is
 * not understood; a printer that is merely absent opens and reports offline. The
 * caller closes it with antre_printer_close (NULL is fine). */
antre_printer_t *antre_printer_open(const char *uri, char *err, size_t errcap);
void antre_printer_close(antre_printer_t *p);

/* The URIs people can write, for messages: "cups:QUEUE, ..., file:PATH or png:DIR". */
void antre_printer_uri_help(char *buf, size_t cap);

int antre_printer_status(antre_printer_t *p, antre_printer_status_t *st);
/* Lay out, encode and print one ticket on paper_mm paper. */
int antre_printer_print_ticket(antre_printer_t *p, const antre_print_ticket_t *t, int paper_mm,
			       antre_printer_status_t *st);

/* "ready", "paper_low", "paper_out", "offline", "error" */
const char *antre_printer_state_name(antre_printer_state_t s);
void antre_printer_set(antre_printer_status_t *st, antre_printer_state_t state,
		       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
