/* Fuzz the ticket JSON the printer reads (printer/ticket_json.c): a ticket as
 * POST /api/v1/tickets answers and the office as GET /api/v1/office gives, from a
 * server that may be wrong or hostile, become a ticket model or a sentence, and the
 * model lays out and encodes for both paper sizes. Input: the ticket's JSON, then
 * optionally a NUL byte and the office's JSON. */
#include <jansson.h>
#include <string.h>

#include "escpos.h"
#include "fuzz.h"
#include "ticket_json.h"
#include "ticket_layout.h"

static void print_both(const antre_print_ticket_t *t)
{
	static antre_print_layout_t l;
	for (int paper = 58; paper <= 80; paper += 22) {
		antre_bytes_t out = { NULL, 0, 0 };
		antre_print_layout(t, paper, &l);
		FUZZ_CHECK(l.n > 0 && l.n <= ANTRE_PRINT_MAX_ITEMS);
		for (int i = 0; i < l.n; i++)
			for (const char *c = l.items[i].text;
			     l.items[i].kind == ANTRE_ITEM_TEXT && *c; c++)
				FUZZ_CHECK(*c >= 0x20 && *c < 0x7F);
		antre_escpos_encode(&l, &out);
		FUZZ_CHECK(out.n > 0);
		antre_bytes_free(&out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static antre_print_ticket_t t;
	const uint8_t *nul = memchr(data, '\0', size);
	size_t ticket_len = nul ? (size_t)(nul - data) : size;
	json_t *ticket = json_loadb((const char *)data, ticket_len, JSON_DECODE_ANY, NULL);
	json_t *office = nul ? json_loadb((const char *)nul + 1, size - ticket_len - 1,
					  JSON_DECODE_ANY, NULL)
			     : NULL;
	char err[256] = "";

	if (ticket != NULL) {
		if (antre_print_ticket_from_json(ticket, office, &t, err, sizeof(err)) == 0) {
			FUZZ_CHECK(t.number[0] != '\0');
			FUZZ_CHECK(t.n_steps >= 0 && t.n_steps <= ANTRE_PRINT_MAX_STEPS);
			print_both(&t);
		} else {
			FUZZ_CHECK(err[0] != '\0');
		}
	}
	json_decref(ticket);
	json_decref(office);
	return 0;
}
