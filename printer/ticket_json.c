/* API JSON → antre_print_ticket_t. */
#include "ticket_json.h"

#include <stdio.h>
#include <string.h>

static void copy(char *dst, size_t cap, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	snprintf(dst, cap, "%s", s ? s : "");
}

/* The member of array `list` whose "id" is id, or NULL. */
static json_t *by_id(json_t *list, const char *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		const char *vid = json_string_value(json_object_get(v, "id"));
		if (vid && id && strcmp(vid, id) == 0)
			return v;
	}
	return NULL;
}

int antre_print_ticket_from_json(json_t *ticket, json_t *office, antre_print_ticket_t *t,
				 char *err, size_t errcap)
{
	json_t *steps = json_object_get(ticket, "steps"), *services = json_object_get(office, "services");
	const char *journey = json_string_value(json_object_get(ticket, "journey"));
	size_t i;
	json_t *v, *est, *opened;

	memset(t, 0, sizeof(*t));
	copy(t->number, sizeof(t->number), ticket, "number");
	if (t->number[0] == '\0') {
		snprintf(err, errcap, "the ticket has no \"number\"");
		return -1;
	}
	copy(t->office, sizeof(t->office), office, "name");
	copy(t->office_en, sizeof(t->office_en), office, "name_en");
	copy(t->service, sizeof(t->service), ticket, "service_name");
	copy(t->service_en, sizeof(t->service_en), ticket, "service_name_en");
	if (t->service[0] == '\0') {
		/* a ticket without names: the office's, else the id */
		json_t *svc = by_id(services, json_string_value(json_object_get(ticket, "service")));
		copy(t->service, sizeof(t->service), svc, "name");
		copy(t->service_en, sizeof(t->service_en), svc, "name_en");
		if (t->service[0] == '\0')
			copy(t->service, sizeof(t->service), ticket, "service");
	}
	if (journey) {
		json_t *j = by_id(json_object_get(office, "journeys"), journey);
		copy(t->journey, sizeof(t->journey), j, "name");
		if (t->journey[0] == '\0')
			snprintf(t->journey, sizeof(t->journey), "%s", journey);
		json_array_foreach(steps, i, v) {
			json_t *svc = by_id(services, json_string_value(v));
			if (i >= ANTRE_PRINT_MAX_STEPS)
				break;
			copy(t->steps[i], sizeof(t->steps[i]), svc ? svc : NULL, "name");
			if (t->steps[i][0] == '\0')
				snprintf(t->steps[i], sizeof(t->steps[i]), "%s", json_string_value(v));
			t->n_steps = (int)i + 1;
		}
		t->step = (int)json_integer_value(json_object_get(ticket, "step"));
	}
	t->priority = json_is_true(json_object_get(ticket, "priority"));
	t->ahead = (int)json_integer_value(json_object_get(ticket, "ahead"));
	/* null, or no counter open for the service: no estimate (CONTRACTS: open_counters) */
	est = json_object_get(ticket, "est_wait_s");
	opened = json_object_get(ticket, "open_counters");
	t->est_wait_s = json_is_integer(est) && !(json_is_integer(opened) &&
						  json_integer_value(opened) == 0)
				? (int)json_integer_value(est)
				: ANTRE_PRINT_NO_ESTIMATE;
	copy(t->issued_at, sizeof(t->issued_at), ticket, "issued_at");
	copy(t->status_url, sizeof(t->status_url), ticket, "status_url");
	copy(t->code, sizeof(t->code), ticket, "code");
	copy(t->footer, sizeof(t->footer), office, "ticket_footer");
	copy(t->footer_en, sizeof(t->footer_en), office, "ticket_footer_en");
	return 0;
}
