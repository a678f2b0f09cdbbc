/* The growable event list. */
#include "event.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "xmalloc.h"

int64_t antre_day_parse(const char *s)
{
	int v[3] = { 0, 0, 0 }, len[3] = { 4, 2, 2 }, y, m, d;
	int64_t days;

	for (int f = 0, k = 0; f < 3; f++, k++) {
		for (int n = 0; n < len[f]; n++, k++) {
			if (s[k] < '0' || s[k] > '9')
				return -1;
			v[f] = v[f] * 10 + (s[k] - '0');
		}
		if (s[k] != (f < 2 ? '-' : '\0'))
			return -1;
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[0] < 1970)
		return -1;
	/* days from civil (H. Hinnant), checked by the way back */
	y = v[0] - (v[1] <= 2);
	{
		int era = y / 400, yoe = y - era * 400;
		int doy = (153 * (v[1] + (v[1] > 2 ? -3 : 9)) + 2) / 5 + v[2] - 1;
		int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		days = (int64_t)era * 146097 + doe - 719468;
	}
	antre_civil_from_days(days, &y, &m, &d);
	return y == v[0] && m == v[1] && d == v[2] ? days : -1;
}

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
