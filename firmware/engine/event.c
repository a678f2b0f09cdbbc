/* The growable event list. */
#include "event.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

void antre_event_blank(antre_event_t *e, antre_event_type_t type)
{
	memset(e, 0, sizeof(*e));
	e->type = type;
	e->service = -1;
	e->from_service = -1;
	e->journey = -1;
	e->step = -1;
	e->counter = -1;
	e->kiosk = -1;
}

void antre_events_init(antre_events_t *ev)
{
	ev->v = NULL;
	ev->n = 0;
	ev->cap = 0;
}

void antre_events_clear(antre_events_t *ev)
{
	ev->n = 0;
}

void antre_events_free(antre_events_t *ev)
{
	free(ev->v);
	antre_events_init(ev);
}

antre_event_t *antre_events_push(antre_events_t *ev, const antre_event_t *e)
{
	if (ev->n == ev->cap) {
		ev->cap = ev->cap ? ev->cap * 2 : 8;
		ev->v = xrealloc(ev->v, ev->cap * sizeof(*ev->v));
	}
	ev->v[ev->n] = *e;
	return &ev->v[ev->n++];
}
