/* The printed ticket: what goes on it (a ticket model filled from the API's JSON) and
 * how it is laid out for 58 or 80 mm paper. The layout is a list of items that both
 * the ESC/POS encoder and the PNG renderer walk, so a preview shows what prints. */
#ifndef ANTRE_PRINT_LAYOUT_H
#define ANTRE_PRINT_LAYOUT_H

#include <stddef.h>

#define ANTRE_PRINT_TEXT_MAX 200
#define ANTRE_PRINT_MAX_STEPS 16
#define ANTRE_PRINT_MAX_ITEMS 96
#define ANTRE_PRINT_NO_ESTIMATE (-1)   /* est_wait_s when no counter serves it yet */

/* Everything a ticket shows. Strings are UTF-8; the layout makes them printable. */
typedef struct {
	char office[ANTRE_PRINT_TEXT_MAX];
	char office_en[ANTRE_PRINT_TEXT_MAX];
	char number[16];
	char service[ANTRE_PRINT_TEXT_MAX];      /* Indonesian name of the (first) desk */
	char service_en[ANTRE_PRINT_TEXT_MAX];
	char journey[ANTRE_PRINT_TEXT_MAX];      /* "" for a single service */
	char steps[ANTRE_PRINT_MAX_STEPS][ANTRE_PRINT_TEXT_MAX];
	int n_steps;
	int step;                                /* the current desk */
	int priority;
	int ahead;
	int est_wait_s;                          /* ANTRE_PRINT_NO_ESTIMATE: no counter open */
	char issued_at[40];                      /* ISO 8601 with offset */
	char status_url[512];                    /* the QR code */
	char code[16];                           /* "XXXX-XXXX": typed at the kiosk to come back */
	char footer[ANTRE_PRINT_TEXT_MAX];
	char footer_en[ANTRE_PRINT_TEXT_MAX];
} antre_print_ticket_t;

typedef enum { ANTRE_ALIGN_LEFT, ANTRE_ALIGN_CENTER, ANTRE_ALIGN_RIGHT } antre_align_t;
/* ANTRE_ITEM_RASTER: text drawn from a TTF font as one image (antre_print_raster) at most
 * raster_h dots tall across the printable width, sent as GS v 0; the ESC/POS fallback
 * without a font is the text at width_mul × height_mul. */
typedef enum { ANTRE_ITEM_TEXT, ANTRE_ITEM_RULE, ANTRE_ITEM_QR, ANTRE_ITEM_FEED,
	       ANTRE_ITEM_CUT, ANTRE_ITEM_RASTER } antre_item_kind_t;

typedef struct {
	antre_item_kind_t kind;
	char text[520];                       /* one printable line (ASCII), or the QR data */
	antre_align_t align;
	int width_mul, height_mul;            /* character size, 1..8 */
	int bold;
	int qr_module;                        /* dots per QR module */
	int lines;                            /* ANTRE_ITEM_FEED */
	int raster_h;                         /* ANTRE_ITEM_RASTER: the tallest it may be */
} antre_print_item_t;

typedef struct {
	int paper_mm;          /* 58 or 80 */
	int dots;              /* printable width: 384 or 576 */
	int columns;           /* font A (12 × 24 dots): 32 or 48 */
	antre_print_item_t items[ANTRE_PRINT_MAX_ITEMS];
	int n;
} antre_print_layout_t;

#define ANTRE_FONT_W 12
#define ANTRE_FONT_H 24

/* Lay out ticket t for paper_mm (58 or 80; anything else is taken as 80). */
void antre_print_layout(const antre_print_ticket_t *t, int paper_mm, antre_print_layout_t *out);

/* A sample ticket (a CPMI journey ticket at its second desk) for --demo and tests. */
void antre_print_demo_ticket(antre_print_ticket_t *t);

/* Make UTF-8 text safe for the printer's code page: ASCII, with accented letters
 * reduced to their base letter, typographic punctuation to its ASCII cousin and
 * anything else to '?'. Writes at most cap-1 bytes plus NUL; returns the length. */
size_t antre_print_ascii(const char *utf8, char *out, size_t cap);

#endif
