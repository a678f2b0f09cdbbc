/* Ticket layout for 58 mm (32 columns, 384 dots) and 80 mm (48 columns, 576 dots). */
#include <stdio.h>
#include <string.h>

#include "ticket_layout.h"

static antre_print_item_t *add(antre_print_layout_t *l, antre_item_kind_t kind)
{
	antre_print_item_t *it;
	if (l->n >= ANTRE_PRINT_MAX_ITEMS)
		return NULL;
	it = &l->items[l->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->align = ANTRE_ALIGN_LEFT;
	it->width_mul = it->height_mul = 1;
	return it;
}

static void line(antre_print_layout_t *l, const char *ascii, antre_align_t align, int mul,
		 int bold)
{
	antre_print_item_t *it = add(l, ANTRE_ITEM_TEXT);
	if (it == NULL)
		return;
	snprintf(it->text, sizeof(it->text), "%s", ascii);
	it->align = align;
	it->width_mul = it->height_mul = mul;
	it->bold = bold;
}

/* Word-wrap UTF-8 text to the columns left at character size mul; each piece becomes
 * a line. An indent is repeated on continuation lines. */
static void text(antre_print_layout_t *l, const char *utf8, antre_align_t align, int mul,
		 int bold, const char *indent)
{
	char ascii[ANTRE_PRINT_TEXT_MAX * 3];
	int width = l->columns / mul - (int)strlen(indent);
	const char *p = ascii;

	antre_print_ascii(utf8, ascii, sizeof(ascii));
	if (width < 4)
		width = 4;
	do {
		char piece[ANTRE_PRINT_TEXT_MAX + 4];
		int n = (int)strlen(p), cut = n;
		if (n > width) {
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;   /* one long word: break it */
		}
		snprintf(piece, sizeof(piece), "%s%.*s", p == ascii ? "" : indent, cut, p);
		line(l, piece, align, mul, bold);
		p += cut;
		while (*p == ' ')
			p++;
	} while (*p);
}

static void rule(antre_print_layout_t *l)
{
	add(l, ANTRE_ITEM_RULE);
}

static void feed(antre_print_layout_t *l, int lines)
{
	antre_print_item_t *it = add(l, ANTRE_ITEM_FEED);
	if (it)
		it->lines = lines;
}

/* "WIB", "WITA", "WIT" for Indonesia's zones, from the offset in an ISO time. */
static const char *zone_name(const char *iso)
{
	const char *off = strlen(iso) >= 25 ? iso + 19 : "";
	if (strncmp(off, "+07:00", 6) == 0)
		return " WIB";
	if (strncmp(off, "+08:00", 6) == 0)
		return " WITA";
	if (strncmp(off, "+09:00", 6) == 0)
		return " WIT";
	return "";
}

static void wait_lines(antre_print_layout_t *l, const antre_print_ticket_t *t)
{
	char buf[96];
	int minutes = (int)(((long long)t->est_wait_s + 59) / 60);   /* INT_MAX from a server */

	snprintf(buf, sizeof(buf), "Di depan Anda / Ahead: %d", t->ahead);
	if (l->columns < 40)
		snprintf(buf, sizeof(buf), "Di depan / Ahead: %d", t->ahead);
	text(l, buf, ANTRE_ALIGN_LEFT, 1, 0, "");
	if (t->est_wait_s == ANTRE_PRINT_NO_ESTIMATE) {
		/* nobody serves it yet: any time would be a guess */
		text(l, "Belum ada loket yang buka", ANTRE_ALIGN_LEFT, 1, 1, "");
		text(l, "No counter open yet", ANTRE_ALIGN_LEFT, 1, 0, "");
		return;
	}
	if (t->ahead == 0)
		snprintf(buf, sizeof(buf), "%s", l->columns < 40 ? "Tunggu / Wait: segera / soon"
								 : "Perkiraan tunggu / Est. wait: segera / soon");
	else
		snprintf(buf, sizeof(buf), "%s: +/- %d menit", l->columns < 40 ? "Tunggu / Wait"
					    : "Perkiraan tunggu / Est. wait", minutes);
	text(l, buf, ANTRE_ALIGN_LEFT, 1, 0, "");
}

void antre_print_layout(const antre_print_ticket_t *t, int paper_mm, antre_print_layout_t *l)
{
	char buf[ANTRE_PRINT_TEXT_MAX + 64];
	antre_print_item_t *qr, *big;
	int len, mul;

	memset(l, 0, sizeof(*l));
	l->paper_mm = paper_mm == 58 ? 58 : 80;
	l->dots = l->paper_mm == 58 ? 384 : 576;
	l->columns = l->dots / ANTRE_FONT_W;

	text(l, t->office, ANTRE_ALIGN_CENTER, 1, 1, "");
	if (t->office_en[0])
		text(l, t->office_en, ANTRE_ALIGN_CENTER, 1, 0, "");
	rule(l);
	text(l, "Nomor Antrian / Queue Number", ANTRE_ALIGN_CENTER, 1, 0, "");

	/* The number as large as the paper allows, drawn from a TTF font (a printer font
	 * scaled 8x prints in blocks); the fallback size is never wider than a line. */
	len = (int)strlen(t->number);
	mul = len > 0 ? l->dots / (ANTRE_FONT_W * len) : 1;
	mul = mul > 8 ? 8 : mul < 1 ? 1 : mul;
	if (len > 0 && (big = add(l, ANTRE_ITEM_RASTER)) != NULL) {
		antre_print_ascii(t->number, big->text, sizeof(big->text));
		big->align = ANTRE_ALIGN_CENTER;
		big->width_mul = big->height_mul = mul;
		big->bold = 1;
		big->raster_h = l->dots * 3 / 8;   /* 144 dots (18 mm) on 58, 216 on 80 */
	}
	if (t->priority)
		text(l, "PRIORITAS / PRIORITY", ANTRE_ALIGN_CENTER, 1, 1, "");
	feed(l, 1);

	text(l, t->service, ANTRE_ALIGN_CENTER, l->columns >= 40 ? 2 : 1, 1, "");
	if (t->service_en[0])
		text(l, t->service_en, ANTRE_ALIGN_CENTER, 1, 0, "");
	if (t->journey[0] && t->n_steps > 0) {
		feed(l, 1);
		text(l, t->journey, ANTRE_ALIGN_LEFT, 1, 1, "");
		for (int k = 0; k < t->n_steps; k++) {
			snprintf(buf, sizeof(buf), "%s%d. %s", k == t->step ? "> " : "  ", k + 1,
				 t->steps[k]);
			text(l, buf, ANTRE_ALIGN_LEFT, 1, k == t->step, "     ");
		}
		text(l, "> = sekarang / now", ANTRE_ALIGN_LEFT, 1, 0, "  ");
	}
	rule(l);
	wait_lines(l, t);
	if (strlen(t->issued_at) >= 16) {
		/* 2026-11-28T07:34:46+07:00 → 28-11-2026 07:34 WIB */
		char num[24];
		int n;
		snprintf(buf, sizeof(buf), "%.2s-%.2s-%.4s %.5s%s", t->issued_at + 8, t->issued_at + 5,
			 t->issued_at, t->issued_at + 11, zone_name(t->issued_at));
		/* the number again, small, at the right: text a reader of the bytes (and staff
		 * with a smudged raster) can find */
		antre_print_ascii(t->number, num, sizeof(num));
		n = (int)strlen(buf);
		if (num[0] && n + 2 + 4 + (int)strlen(num) <= l->columns)
			snprintf(buf + n, sizeof(buf) - (size_t)n, "%*sNo. %s",
				 l->columns - n - 4 - (int)strlen(num), "", num);
		text(l, buf, ANTRE_ALIGN_LEFT, 1, 0, "");
	}
	if (t->status_url[0]) {
		feed(l, 1);
		qr = add(l, ANTRE_ITEM_QR);
		if (qr) {
			snprintf(qr->text, sizeof(qr->text), "%s", t->status_url);
			qr->align = ANTRE_ALIGN_CENTER;
			qr->qr_module = l->paper_mm == 58 ? 5 : 6;
		}
		text(l, "Pindai untuk cek / Scan to check", ANTRE_ALIGN_CENTER, 1, 0, "");
	}
	if (t->code[0]) {   /* typed at the kiosk on a return visit (docs/journeys.md) */
		snprintf(buf, sizeof(buf), "Kode: %s", t->code);
		text(l, buf, ANTRE_ALIGN_CENTER, 1, 1, "");
	}
	rule(l);
	if (t->footer[0])
		text(l, t->footer, ANTRE_ALIGN_CENTER, 1, 1, "");
	if (t->footer_en[0])
		text(l, t->footer_en, ANTRE_ALIGN_CENTER, 1, 0, "");
	feed(l, 3);
	add(l, ANTRE_ITEM_CUT);
}

void antre_print_demo_ticket(antre_print_ticket_t *t)
{
	static const char *const steps[] = { "Dinas Tenaga Kerja", "Pemeriksaan Kesehatan",
					     "SKCK Kepolisian", "Imigrasi (Paspor)",
					     "BPJS Ketenagakerjaan",
					     "Pembekalan Akhir Pemberangkatan" };
	memset(t, 0, sizeof(*t));
	snprintf(t->office, sizeof(t->office), "LTSA P2MI Kabupaten Indramayu");
	snprintf(t->office_en, sizeof(t->office_en), "One-Stop Service for Migrant Workers");
	snprintf(t->number, sizeof(t->number), "P017");
	snprintf(t->service, sizeof(t->service), "Pemeriksaan Kesehatan");
	snprintf(t->service_en, sizeof(t->service_en), "Health Check");
	snprintf(t->journey, sizeof(t->journey), "Layanan Lengkap Calon PMI");
	for (int k = 0; k < 6; k++)
		snprintf(t->steps[k], sizeof(t->steps[k]), "%s", steps[k]);
	t->n_steps = 6;
	t->step = 1;
	t->ahead = 3;
	t->est_wait_s = 1260;
	snprintf(t->issued_at, sizeof(t->issued_at), "2026-11-27T08:01:12+07:00");
	snprintf(t->status_url, sizeof(t->status_url), "http://antre.local/t/9f3c5a7e1b2d4c6e");
	snprintf(t->code, sizeof(t->code), "K7QX-M2PA");
	snprintf(t->footer, sizeof(t->footer), "Layanan ini GRATIS. Waspada calo!");
	snprintf(t->footer_en, sizeof(t->footer_en), "This service is FREE.");
}
