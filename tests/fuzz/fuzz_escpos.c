/* Fuzz the printed ticket's text path (printer/): UTF-8 folding to printer-safe ASCII
 * (antre_print_ascii), word wrapping into the 58 and 80 mm layouts, and ESC/POS
 * encoding. Whatever a service or office name holds, the printer gets printable ASCII
 * lines that fit the paper, never a stray control byte that it would read as a command.
 * Input: NUL-free text lines (office, office_en, number, service, service_en, journey,
 * issued_at, status_url, footer, footer_en, then journey steps); the first byte also
 * picks the numbers (ahead, estimate, current step, priority). */
#include <stdlib.h>
#include <string.h>

#include "escpos.h"
#include "fuzz.h"
#include "ticket_layout.h"

/* Folding alone, at a buffer size the input picks. */
static void check_fold(const char *s, size_t cap)
{
	char out[80];
	size_t n = antre_print_ascii(s, out, cap);
	FUZZ_CHECK(n < cap);
	FUZZ_CHECK(strlen(out) == n);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(out[i] >= 0x20 && out[i] < 0x7F);
}

static char *field(antre_print_ticket_t *t, int k)
{
	static char scratch[ANTRE_PRINT_TEXT_MAX];
	char *const fields[] = { t->office, t->office_en, t->number, t->service, t->service_en,
				 t->journey, t->issued_at, t->status_url, t->footer,
				 t->footer_en };
	const int n_fields = (int)(sizeof(fields) / sizeof(fields[0]));
	if (k < n_fields)
		return fields[k];
	if (k - n_fields < ANTRE_PRINT_MAX_STEPS) {
		t->n_steps = k - n_fields + 1;
		return t->steps[k - n_fields];
	}
	return scratch;
}

static size_t field_cap(const antre_print_ticket_t *t, int k)
{
	if (k == 2)
		return sizeof(t->number);
	if (k == 6)
		return sizeof(t->issued_at);
	if (k == 7)
		return sizeof(t->status_url);
	return ANTRE_PRINT_TEXT_MAX;
}

static void fill(antre_print_ticket_t *t, const char *text)
{
	int k = 0;
	memset(t, 0, sizeof(*t));
	for (const char *p = text; k < 40; k++) {
		size_t len = strcspn(p, "\n");
		size_t cap = field_cap(t, k);
		char *dst = field(t, k);
		size_t take = len < cap - 1 ? len : cap - 1;
		memcpy(dst, p, take);
		dst[take] = '\0';
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
}

static void check_layout(const antre_print_ticket_t *t, int paper_mm)
{
	static antre_print_layout_t l;
	antre_bytes_t out = { NULL, 0, 0 };

	antre_print_layout(t, paper_mm, &l);
	FUZZ_CHECK(l.n > 0 && l.n <= ANTRE_PRINT_MAX_ITEMS);
	for (int i = 0; i < l.n; i++) {
		const antre_print_item_t *it = &l.items[i];
		if (it->kind != ANTRE_ITEM_TEXT && it->kind != ANTRE_ITEM_RASTER)
			continue;
		FUZZ_CHECK(it->width_mul >= 1 && it->width_mul <= 8);
		for (const char *c = it->text; *c; c++)
			FUZZ_CHECK(*c >= 0x20 && *c < 0x7F);
		if (it->kind == ANTRE_ITEM_TEXT)   /* a wrapped line fits the paper */
			FUZZ_CHECK((int)strlen(it->text) <= l.columns / it->width_mul);
	}
	antre_escpos_encode(&l, &out);
	FUZZ_CHECK(out.n > 0);
	antre_bytes_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static antre_print_ticket_t t;
	char *text = malloc(size + 1);
	uint8_t pick = size > 0 ? data[0] : 0;

	FUZZ_CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	check_fold(text, (size_t)(pick % 79) + 1);
	fill(&t, text);
	t.priority = pick & 1;
	t.ahead = (pick >> 1) & 7 ? (int)(pick * 37) : 0;
	t.est_wait_s = pick & 0x80 ? ANTRE_PRINT_NO_ESTIMATE : (int)pick * 61;
	t.step = t.n_steps > 0 ? (int)(pick % (unsigned)t.n_steps) : 0;
	check_layout(&t, 58);
	check_layout(&t, 80);
	free(text);
	return 0;
}
