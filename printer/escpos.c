/* ESC/POS: ESC @ (init), ESC t (code page), ESC a (align), ESC E (emphasis), GS !
 * (character size), GS ( k (QR code, model 2), GS v 0 (raster image: the big number),
 * ESC d (feed), GS V (feed and partial cut). Text is already ASCII (layout.c). */
#include "escpos.h"

#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define ESC 0x1B
#define GS 0x1D
#define DLE 0x10
#define EOT 0x04

const uint8_t antre_escpos_paper_status[3] = { DLE, EOT, 4 };

void antre_bytes_free(antre_bytes_t *b)
{
	free(b->v);
	b->v = NULL;
	b->n = b->cap = 0;
}

static void put(antre_bytes_t *b, const void *bytes, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 256;
		b->v = xrealloc(b->v, b->cap);
	}
	memcpy(b->v + b->n, bytes, n);
	b->n += n;
}

static void put3(antre_bytes_t *b, uint8_t a, uint8_t c, uint8_t d)
{
	uint8_t cmd[3] = { a, c, d };
	put(b, cmd, 3);
}

/* GS ( k: store the data, then print it; model 2, error correction M. */
static void qr(antre_bytes_t *b, const char *data, int module)
{
	size_t len = strlen(data) + 3;
	uint8_t model[] = { GS, '(', 'k', 4, 0, 49, 65, 50, 0 };
	uint8_t size[] = { GS, '(', 'k', 3, 0, 49, 67, (uint8_t)module };
	uint8_t ecc[] = { GS, '(', 'k', 3, 0, 49, 69, 49 };
	uint8_t store[] = { GS, '(', 'k', (uint8_t)(len & 0xFF), (uint8_t)(len >> 8), 49, 80, 48 };
	uint8_t print[] = { GS, '(', 'k', 3, 0, 49, 81, 48 };
	put(b, model, sizeof(model));
	put(b, size, sizeof(size));
	put(b, ecc, sizeof(ecc));
	put(b, store, sizeof(store));
	put(b, data, strlen(data));
	put(b, print, sizeof(print));
	put(b, "\n", 1);
}

/* GS v 0, normal density: the raster as is, the full printable width. */
static void raster(antre_bytes_t *b, const antre_raster_t *r)
{
	int wb = r->w / 8;
	uint8_t cmd[] = { GS, 'v', '0', 0, (uint8_t)(wb & 0xFF), (uint8_t)(wb >> 8),
			  (uint8_t)(r->h & 0xFF), (uint8_t)(r->h >> 8) };
	put(b, cmd, sizeof(cmd));
	put(b, r->bits, (size_t)wb * (size_t)r->h);
}

void antre_escpos_encode(const antre_print_layout_t *l, antre_bytes_t *out)
{
	int align = -1, bold = -1, size = -1;

	put(out, (const uint8_t[]){ ESC, '@' }, 2);
	put3(out, ESC, 't', 0);   /* PC437: our text is ASCII */
	for (int i = 0; i < l->n; i++) {
		const antre_print_item_t *it = &l->items[i];
		int a = it->align, s = ((it->width_mul - 1) << 4) | (it->height_mul - 1);
		antre_raster_t r = { 0 };
		char err[200] = "";
		int kind = it->kind;

		if (kind == ANTRE_ITEM_RASTER) {
			/* without a font, the printer's own letters at the fallback size */
			if (antre_print_raster(it->text, l->dots, it->raster_h, &r, err,
					       sizeof(err)) == 0) {
				raster(out, &r);
				antre_raster_free(&r);
				continue;
			}
			kind = ANTRE_ITEM_TEXT;
		}
		/* state changes only when needed: smaller jobs, the same print */
		if (kind == ANTRE_ITEM_TEXT || kind == ANTRE_ITEM_QR || kind == ANTRE_ITEM_RULE) {
			if (kind == ANTRE_ITEM_RULE)
				a = ANTRE_ALIGN_LEFT, s = 0;
			if (a != align)
				put3(out, ESC, 'a', (uint8_t)(align = a));
			if (s != size)
				put3(out, GS, '!', (uint8_t)(size = s));
			if (kind == ANTRE_ITEM_TEXT && it->bold != bold)
				put3(out, ESC, 'E', (uint8_t)(bold = it->bold));
		}
		switch ((antre_item_kind_t)kind) {
		case ANTRE_ITEM_RASTER:   /* sent above */
		case ANTRE_ITEM_TEXT:
			put(out, it->text, strlen(it->text));
			put(out, "\n", 1);
			break;
		case ANTRE_ITEM_RULE:
			for (int c = 0; c < l->columns; c++)
				put(out, "-", 1);
			put(out, "\n", 1);
			break;
		case ANTRE_ITEM_QR:
			qr(out, it->text, it->qr_module);
			break;
		case ANTRE_ITEM_FEED:
			put3(out, ESC, 'd', (uint8_t)it->lines);
			break;
		case ANTRE_ITEM_CUT:
			put(out, (const uint8_t[]){ GS, 'V', 66, 0 }, 4);   /* partial cut */
			break;
		}
	}
}

void antre_escpos_encode_ticket(const antre_print_ticket_t *t, int paper_mm, antre_bytes_t *out)
{
	antre_print_layout_t *l = xcalloc(1, sizeof(*l));   /* ~50 KB: not on the stack */
	antre_print_layout(t, paper_mm, l);
	antre_escpos_encode(l, out);
	free(l);
}
