/* Fill the printed-ticket model from the API's JSON (a ticket, and the office for names). */
#ifndef ANTRE_TICKET_JSON_H
#define ANTRE_TICKET_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "ticket_layout.h"

/* ticket: as POST /api/v1/tickets answers; office (may be NULL): GET /api/v1/office, for
 * the office name, the names of a journey's desks and the footer (ticket_footer[_en];
 * none without an office). est_wait_s null or open_counters 0 gives
 * ANTRE_PRINT_NO_ESTIMATE. Returns 0, or -1 with a sentence
 * in err when the ticket lacks its number. */
int antre_print_ticket_from_json(json_t *ticket, json_t *office, antre_print_ticket_t *t,
				 char *err, size_t errcap);

#endif
