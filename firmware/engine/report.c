/* Daily KPIs from a day's events. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "xmalloc.h"

typedef struct {
	int64_t ready_at, called_at, started_at;
	int service;
	int waiting;
} track_t;

typedef struct {
	int *v;
	int n, cap;
} ints_t;

static void ints_push(ints_t *a, int x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xrealloc(a->v, (size_t)a->cap * sizeof(int));
	}
	a->v[a->n++] = x;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static int percentile(const ints_t *a, int pct)
{
	int rank;
	if (a->n == 0)
		return 0;
	rank = (pct * a->n + 99) / 100;
	return a->v[rank > 0 ? rank - 1 : 0];
}

void antre_report_build(const antre_config_t *cfg, const char *date, const antre_event_t *ev,
			size_t n, int32_t offset_s, antre_report_t *out)
{
	ints_t waits[ANTRE_MAX_SERVICES] = { { 0 } };
	int64_t svc_ms[ANTRE_MAX_SERVICES] = { 0 }, ctr_ms[ANTRE_MAX_COUNTERS] = { 0 };
	antre_idmap_t ids;
	track_t *tr = NULL;
	int n_tr = 0;

	memset(out, 0, sizeof(*out));
	antre_strlcpy(out->date, date, sizeof(out->date));
	antre_idmap_init(&ids);
	for (size_t i = 0; i < n; i++) {
		const antre_event_t *e = &ev[i];
		int k = e->ticket[0] ? antre_idmap_get(&ids, e->ticket) : -1;
		track_t *t;

		if (e->type == ANTRE_EV_TICKET_ISSUED && k < 0 && e->service >= 0) {
			int64_t local_s = e->at_ms / 1000 + offset_s;
			tr = xrealloc(tr, (size_t)(n_tr + 1) * sizeof(*tr));
			tr[n_tr] = (track_t){ e->at_ms, 0, 0, e->service, 1 };
			antre_idmap_put(&ids, e->ticket, n_tr++);
			if (e->journey >= 0)
				out->journeys[e->journey].issued++;
			else
				out->services[e->service].issued++;
			out->arrivals_per_hour[(int)(((local_s % 86400) + 86400) % 86400 / 3600)]++;
			continue;
		}
		if (k < 0)
			continue; /* a ticket from another day (carried over) or no ticket */
		t = &tr[k];
		switch (e->type) {
		case ANTRE_EV_TICKET_CALLED:
			if (t->waiting)
				ints_push(&waits[t->service], (int)((e->at_ms - t->ready_at) / 1000));
			t->waiting = 0;
			t->called_at = e->at_ms;
			t->started_at = 0;
			break;
		case ANTRE_EV_TICKET_STARTED:
			t->started_at = e->at_ms;
			break;
		case ANTRE_EV_TICKET_FINISHED: {
			int64_t from = t->started_at ? t->started_at : t->called_at;
			int64_t took = from ? e->at_ms - from : 0;
			out->services[t->service].served++;
			svc_ms[t->service] += took;
			if (e->counter >= 0) {
				out->counters[e->counter].served++;
				ctr_ms[e->counter] += took;
			}
			if (e->service >= 0) {
				*t = (track_t){ e->at_ms, 0, 0, e->service, 1 };
			} else if (e->journey >= 0) {
				out->journeys[e->journey].completed++;
			}
			break;
		}
		case ANTRE_EV_TICKET_TRANSFERRED:
			*t = (track_t){ e->at_ms, 0, 0, e->service, 1 };
			break;
		case ANTRE_EV_TICKET_NO_SHOW:
			out->services[t->service].no_show++;
			break;
		case ANTRE_EV_TICKET_CANCELLED:
			out->services[t->service].cancelled++;
			t->waiting = 0;
			break;
		default:
			break;
		}
	}
	for (int s = 0; s < cfg->n_services; s++) {
		antre_report_service_t *r = &out->services[s];
		if (waits[s].n > 0)
			qsort(waits[s].v, (size_t)waits[s].n, sizeof(int), cmp_int);
		r->wait_p50_s = percentile(&waits[s], 50);
		r->wait_p90_s = percentile(&waits[s], 90);
		r->wait_max_s = waits[s].n ? waits[s].v[waits[s].n - 1] : 0;
		r->service_mean_s = r->served ? (int)(svc_ms[s] / r->served / 1000) : 0;
		free(waits[s].v);
	}
	for (int c = 0; c < cfg->n_counters; c++)
		if (out->counters[c].served)
			out->counters[c].service_mean_s =
				(int)(ctr_ms[c] / out->counters[c].served / 1000);
	antre_idmap_free(&ids);
	free(tr);
}
