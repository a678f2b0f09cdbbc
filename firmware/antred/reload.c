/* What a SIGHUP may change (see reload.h). */
#include "reload.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xmalloc.h"

#define COPY(dst, src) antre_strlcpy((dst), (src), sizeof(dst))

__attribute__((format(printf, 3, 4)))
static int refuse(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, cap, fmt, ap);
	va_end(ap);
	return -1;
}

static int check_office(const antre_config_t *r, const antre_config_t *f, char *why,
			size_t cap)
{
	if (strcmp(r->timezone, f->timezone) != 0)
		return refuse(why, cap, "the timezone changed (%s to %s)", r->timezone,
			      f->timezone);
	if (r->reset_at_min != f->reset_at_min || r->number_width != f->number_width ||
	    r->priority_policy != f->priority_policy || r->priority_n != f->priority_n ||
	    r->priority_button != f->priority_button || r->carry_over != f->carry_over)
		return refuse(why, cap, "the [office] numbering or day rules changed (reset_at, "
			      "number_width, priority, carry_over)");
	if (strcmp(r->listen, f->listen) != 0 || strcmp(r->db, f->db) != 0)
		return refuse(why, cap, "the [server] listen or db changed");
	if ((r->export_line == 0) != (f->export_line == 0) ||
	    strcmp(r->export_postgres, f->export_postgres) != 0 ||
	    strcmp(r->export_password_file, f->export_password_file) != 0 ||
	    strcmp(r->export_office_id, f->export_office_id) != 0)
		return refuse(why, cap, "the [export] section changed");
	return 0;
}

static int check_queues(const antre_config_t *r, const antre_config_t *f, char *why,
			size_t cap)
{
	for (int i = 0; i < r->n_services; i++)
		if (i >= f->n_services || strcmp(r->services[i].id, f->services[i].id) != 0)
			return refuse(why, cap, "service %s was removed or moved", r->services[i].id);
	if (f->n_services != r->n_services)
		return refuse(why, cap, "service %s was added", f->services[r->n_services].id);
	for (int i = 0; i < r->n_services; i++)
		if (strcmp(r->services[i].prefix, f->services[i].prefix) != 0)
			return refuse(why, cap, "the prefix of service %s changed (%s to %s)",
				      r->services[i].id, r->services[i].prefix,
				      f->services[i].prefix);
	if (f->n_journeys != r->n_journeys)
		return refuse(why, cap, "a journey was added or removed");
	for (int i = 0; i < r->n_journeys; i++) {
		const antre_journey_t *a = &r->journeys[i], *b = &f->journeys[i];
		if (strcmp(a->id, b->id) != 0 || strcmp(a->prefix, b->prefix) != 0 ||
		    a->n_steps != b->n_steps ||
		    memcmp(a->steps, b->steps, sizeof(a->steps[0]) * (size_t)a->n_steps) != 0)
			return refuse(why, cap, "journey %s changed its id, prefix or steps", a->id);
	}
	return 0;
}

static int check_devices(const antre_config_t *r, const antre_config_t *f, char *why,
			 size_t cap)
{
	if (f->n_counters != r->n_counters)
		return refuse(why, cap, "a counter was added or removed");
	for (int i = 0; i < r->n_counters; i++) {
		const antre_counter_t *a = &r->counters[i], *b = &f->counters[i];
		if (strcmp(a->id, b->id) != 0 || a->n_services != b->n_services ||
		    memcmp(a->services, b->services,
			   sizeof(a->services[0]) * (size_t)a->n_services) != 0)
			return refuse(why, cap, "counter %s changed its id or services", a->id);
	}
	if (f->n_kiosks != r->n_kiosks)
		return refuse(why, cap, "a kiosk was added or removed");
	for (int i = 0; i < r->n_kiosks; i++)
		if (strcmp(r->kiosks[i].id, f->kiosks[i].id) != 0)
			return refuse(why, cap, "kiosk %s was renamed", r->kiosks[i].id);
	if (f->n_displays != r->n_displays)
		return refuse(why, cap, "a display was added or removed");
	for (int i = 0; i < r->n_displays; i++)
		if (strcmp(r->displays[i].id, f->displays[i].id) != 0 ||
		    strcmp(r->displays[i].layout, f->displays[i].layout) != 0)
			return refuse(why, cap, "display %s changed its id or layout",
				      r->displays[i].id);
	return 0;
}

int antre_reload_check(const antre_config_t *run, const antre_config_t *fresh, char *why,
		       size_t cap)
{
	if (check_office(run, fresh, why, cap) < 0 || check_queues(run, fresh, why, cap) < 0 ||
	    check_devices(run, fresh, why, cap) < 0)
		return -1;
	return 0;
}

void antre_reload_apply(antre_config_t *run, const antre_config_t *fresh)
{
	COPY(run->name, fresh->name);
	COPY(run->name_en, fresh->name_en);
	COPY(run->marquee, fresh->marquee);
	COPY(run->public_url, fresh->public_url);
	COPY(run->admin_token, fresh->admin_token);
	COPY(run->admin_token_file, fresh->admin_token_file);
	for (int i = 0; i < run->n_services; i++) {
		COPY(run->services[i].name, fresh->services[i].name);
		COPY(run->services[i].name_en, fresh->services[i].name_en);
		run->services[i].est_service_s = fresh->services[i].est_service_s;
		/* hours and quota only decide new tickets: taken at once (issue 13) */
		memcpy(run->services[i].hours, fresh->services[i].hours,
		       sizeof(run->services[i].hours));
		run->services[i].n_hours = fresh->services[i].n_hours;
		run->services[i].quota = fresh->services[i].quota;
	}
	for (int i = 0; i < run->n_journeys; i++) {
		COPY(run->journeys[i].name, fresh->journeys[i].name);
		COPY(run->journeys[i].name_en, fresh->journeys[i].name_en);
	}
	for (int i = 0; i < run->n_counters; i++) {
		antre_counter_t *c = &run->counters[i];
		COPY(c->name, fresh->counters[i].name);
		COPY(c->token, fresh->counters[i].token);
		COPY(c->token_file, fresh->counters[i].token_file);
		COPY(c->address, fresh->counters[i].address);
	}
	for (int i = 0; i < run->n_kiosks; i++) {
		antre_kiosk_t *k = &run->kiosks[i];
		COPY(k->token, fresh->kiosks[i].token);
		COPY(k->token_file, fresh->kiosks[i].token_file);
		COPY(k->printer, fresh->kiosks[i].printer);
		k->paper_mm = fresh->kiosks[i].paper_mm;
		COPY(k->address, fresh->kiosks[i].address);
	}
	for (int i = 0; i < run->n_displays; i++) {
		antre_display_t *d = &run->displays[i];
		COPY(d->announce, fresh->displays[i].announce);
		COPY(d->announce_en, fresh->displays[i].announce_en);
		d->audio = fresh->displays[i].audio;
		COPY(d->address, fresh->displays[i].address);
	}
}
