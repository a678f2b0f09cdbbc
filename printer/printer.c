/* URI dispatch and the pieces every backend shares. */
#include "printer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static const char *const state_names[] = { "ready", "paper_low", "paper_out", "offline", "error" };

const char *antre_printer_state_name(antre_printer_state_t s)
{
	return state_names[s];
}

void antre_printer_set(antre_printer_status_t *st, antre_printer_state_t state, const char *fmt,
		       ...)
{
	va_list ap;
	st->state = state;
	va_start(ap, fmt);
	vsnprintf(st->message, sizeof(st->message), fmt, ap);
	va_end(ap);
}

antre_printer_t *antre_printer_open(const char *uri, char *err, size_t errcap)
{
	antre_printer_t *p = NULL;

	if (strncmp(uri, "file:", 5) == 0)
		p = antre_printer_open_file(uri + 5, err, errcap);
	else if (strncmp(uri, "png:", 4) == 0)
		p = antre_printer_open_png(uri + 4, err, errcap);
	else if (strncmp(uri, "cups:", 5) == 0 || strncmp(uri, "ipp://", 6) == 0 ||
		 strncmp(uri, "ipps://", 7) == 0)
		p = antre_printer_open_cups(uri, err, errcap);
	else if (strncmp(uri, "usb:", 4) == 0)
		p = antre_printer_open_usb(uri + 4, err, errcap);
	else
		snprintf(err, errcap, "unknown printer '%s' (use cups:QUEUE, ipp://..., usb:auto, "
			 "usb:VID:PID, file:PATH or png:DIR)", uri);
	if (p && p->timeout_ms == 0)
		p->timeout_ms = 15000;
	return p;
}

void antre_printer_close(antre_printer_t *p)
{
	if (p)
		p->ops->close(p);
}

int antre_printer_status(antre_printer_t *p, antre_printer_status_t *st)
{
	antre_printer_set(st, ANTRE_PRINTER_READY, "ready");
	return p->ops->status(p, st);
}

int antre_printer_print_ticket(antre_printer_t *p, const antre_print_ticket_t *t, int paper_mm,
			       antre_printer_status_t *st)
{
	antre_print_layout_t *l = xcalloc(1, sizeof(*l));   /* ~30 KB: not on the stack */
	antre_bytes_t bytes = { 0 };
	int rc;

	antre_print_layout(t, paper_mm, l);
	antre_escpos_encode(l, &bytes);
	antre_printer_set(st, ANTRE_PRINTER_READY, "printed");
	rc = p->ops->print(p, l, &bytes, st);
	antre_bytes_free(&bytes);
	free(l);
	return rc;
}
