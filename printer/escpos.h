/* ESC/POS encoder: a layout in, the printer's bytes out (pure). */
#ifndef ANTRE_ESCPOS_H
#define ANTRE_ESCPOS_H

#include <stddef.h>
#include <stdint.h>

#include "ticket_layout.h"

typedef struct {
	uint8_t *v;
	size_t n, cap;
} antre_bytes_t;

void antre_bytes_free(antre_bytes_t *b);

/* Encode l into out (appended; out starts zeroed or from a previous call). */
void antre_escpos_encode(const antre_print_layout_t *l, antre_bytes_t *out);

/* Lay out ticket t for paper_mm and encode it: the bytes a printer receives for it. */
void antre_escpos_encode_ticket(const antre_print_ticket_t *t, int paper_mm, antre_bytes_t *out);

/* DLE EOT 4: ask for the paper sensor status (the answer is one byte). */
extern const uint8_t antre_escpos_paper_status[3];

#endif
