/* The typed event decoder. */
#include "wire.h"

#include <limits.h>
#include <string.h>

/* Copy a string member, cut at a UTF-8 character boundary when it does not fit. */
static void copy(char *dst, size_t cap, json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	size_t n = s ? strlen(s) : 0;

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

/* An integer member in int's range, else fallback (a value out of range is not cut). */
static int integer(json_t *obj, const char *key, int fallback)
{
	json_t *v = json_object_get(obj, key);
	json_int_t n = json_is_integer(v) ? json_integer_value(v) : fallback;
	return n >= INT_MIN && n <= INT_MAX ? (int)n : fallback;
}

static void decode_ticket(json_t *t, antre_wire_ticket_t *out)
{
	if (!json_is_object(t))
		return;
	out->present = 1;
	copy(out->id, sizeof(out->id), t, "id");
	copy(out->number, sizeof(out->number), t, "number");
	copy(out->service, sizeof(out->service), t, "service");
	copy(out->from_service, sizeof(out->from_service), t, "from_service");
	copy(out->journey, sizeof(out->journey), t, "journey");
	copy(out->counter, sizeof(out->counter), t, "counter");
	out->state = antre_ticket_state_parse(json_string_value(json_object_get(t, "state")));
	out->step = integer(t, "step", -1);
	out->priority = json_is_true(json_object_get(t, "priority"));
	out->recalls = integer(t, "recalls", 0);
}

static void decode_counter(json_t *c, antre_wire_counter_t *out)
{
	if (!json_is_object(c))
		return;
	out->present = 1;
	copy(out->id, sizeof(out->id), c, "id");
	copy(out->name, sizeof(out->name), c, "name");
	out->state = antre_counter_state_parse(json_string_value(json_object_get(c, "state")));
}

int antre_wire_event_decode(const char *type, json_t *data, antre_wire_event_t *out)
{
	int t = antre_event_type_parse(type);
	json_t *seq = json_object_get(data, "seq");

	memset(out, 0, sizeof(*out));
	out->ticket.state = out->counter.state = -1;
	if (t < 0 || !json_is_object(data) || !json_is_integer(seq))
		return -1;
	out->type = (antre_event_type_t)t;
	out->flags = antre_event_type_flags(out->type);
	out->seq = json_integer_value(seq);
	copy(out->day, sizeof(out->day), data, "day");
	copy(out->reason, sizeof(out->reason), data, "reason");
	decode_ticket(json_object_get(data, "ticket"), &out->ticket);
	decode_counter(json_object_get(data, "counter"), &out->counter);
	return 0;
}

int antre_wire_event_parse(const char *type, const char *json, antre_wire_event_t *out)
{
	json_t *data = json ? json_loads(json, 0, NULL) : NULL;
	int rc = antre_wire_event_decode(type, data, out);
	json_decref(data);
	return rc;
}
