/* URI dispatch by the scheme table, and the pieces every backend shares. */
#include "printer_backend.h"

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

typedef struct {
	const char *prefix;
	int strip;                 /* open gets what follows the prefix, not the whole URI */
	antre_printer_t *(*open)(const char *spec, char *err, size_t errcap);
	const char *help;          /* NULL: accepted, not listed */
} scheme_t;

#define ANTRE_PRINTER_SCHEME_ROW_(prefix, strip, open, help) { prefix, strip, open, help },
static const scheme_t schemes[] = { ANTRE_PRINTER_SCHEMES(ANTRE_PRINTER_SCHEME_ROW_) };
#undef ANTRE_PRINTER_SCHEME_ROW_
#define N_SCHEMES (sizeof(schemes) / sizeof(schemes[0]))

void antre_printer_uri_help(char *buf, size_t cap)
{
	size_t last = 0, used = 0;

	for (size_t i = 0; i < N_SCHEMES; i++)
		if (schemes[i].help)
			last = i;
	buf[0] = '\0';
	for (size_t i = 0; i < N_SCHEMES && used < cap; i++) {
		if (schemes[i].help == NULL)
			continue;
		used += (size_t)snprintf(buf + used, cap - used, "%s%s",
					 used == 0 ? "" : i == last ? " or " : ", ", schemes[i].help);
	}
}

antre_printer_t *antre_printer_open(const char *uri, char *err, size_t errcap)
{
	antre_printer_t *p = NULL;
	char help[256];

	for (size_t i = 0; i < N_SCHEMES; i++) {
		size_t n = strlen(schemes[i].prefix);
		if (strncmp(uri, schemes[i].prefix, n) != 0)
			continue;
		p = schemes[i].open(schemes[i].strip ? uri + n : uri, err, errcap);
		if (p && p->timeout_ms == 0)
			p->timeout_ms = 15000;
		return p;
	}
	antre_printer_uri_help(help, sizeof(help));
	snprintf(err, errcap, "unknown printer '%s' (use %s)", uri, help);
	return NULL;
}

void *antre_printer_alloc(size_t size, const antre_printer_ops_t *ops)
{
	antre_printer_t *p = xcalloc(1, size);
	p->ops = ops;
	return p;
}

void antre_printer_free(antre_printer_t *p)
{
	free(p);
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
