/* Typed decoders for what antred sends: one event of the stream (or of GET
 * /api/v1/events) turned from its JSON into a struct with enums from the protocol
 * table, so that consumers switch on antre_event_type_t, not on strings. */
#ifndef ANTRE_WIRE_H
#define ANTRE_WIRE_H

#include <jansson.h>
#include <stdint.h>

#include "protocol.h"

#define ANTRE_WIRE_ID_MAX 32
#define ANTRE_WIRE_NAME_MAX 200

typedef struct {
	int present;                        /* the event carries a ticket */
	char id[ANTRE_WIRE_ID_MAX];
	char number[16];
	char service[ANTRE_WIRE_ID_MAX];    /* "" when the ticket is done */
	char from_service[ANTRE_WIRE_ID_MAX];
	char journey[ANTRE_WIRE_ID_MAX];
	char counter[ANTRE_WIRE_ID_MAX];    /* the desk it is called to or served at */
	int state;                          /* antre_ticket_state_t, -1 when unknown */
	int step;
	int priority;
	int recalls;
} antre_wire_ticket_t;

typedef struct {
	int present;                        /* the event concerns a counter */
	char id[ANTRE_WIRE_ID_MAX];
	char name[ANTRE_WIRE_NAME_MAX];
	int state;                          /* antre_counter_state_t, -1 when unknown */
} antre_wire_counter_t;

typedef struct {
	int64_t seq;
	antre_event_type_t type;
	int flags;                          /* antre_event_type_flags(type) */
	char day[11];
	char reason[32];
	antre_wire_ticket_t ticket;
	antre_wire_counter_t counter;
} antre_wire_event_t;

/* 0 and *out filled when type is an event type of the protocol table and data is an
 * event object; -1 otherwise (a "snapshot", a type this build does not know, or data
 * that is not an object), with *out zeroed. Strings too long for a field are cut at a
 * character boundary, never left unterminated. */
int antre_wire_event_decode(const char *type, json_t *data, antre_wire_event_t *out);
/* The same from the JSON text of an SSE data field. */
int antre_wire_event_parse(const char *type, const char *json, antre_wire_event_t *out);

#endif
