/* Indexed binary min-heap of waiting tickets. */
#include "heap.h"

#include <stdlib.h>

#include "xmalloc.h"

void antre_heap_init(antre_heap_t *h)
{
	h->v = NULL;
	h->n = 0;
	h->cap = 0;
}

void antre_heap_free(antre_heap_t *h)
{
	free(h->v);
	antre_heap_init(h);
}

int antre_ticket_before(const antre_ticket_t *a, const antre_ticket_t *b)
{
	if (a->returning != b->returning)   /* return_priority: back on their day, first */
		return a->returning > b->returning;
	if (a->ready_at != b->ready_at)
		return a->ready_at < b->ready_at;
	return a->ready_seq < b->ready_seq;
}

static void place(antre_heap_t *h, antre_ticket_t *tickets, int pos, int t)
{
	h->v[pos] = t;
	tickets[t].heap_pos = pos;
}

static void sift_up(antre_heap_t *h, antre_ticket_t *tickets, int pos)
{
	int t = h->v[pos];
	while (pos > 0) {
		int parent = (pos - 1) / 2;
		if (!antre_ticket_before(&tickets[t], &tickets[h->v[parent]]))
			break;
		place(h, tickets, pos, h->v[parent]);
		pos = parent;
	}
	place(h, tickets, pos, t);
}

static void sift_down(antre_heap_t *h, antre_ticket_t *tickets, int pos)
{
	int t = h->v[pos];
	for (;;) {
		int child = 2 * pos + 1;
		if (child >= h->n)
			break;
		if (child + 1 < h->n &&
		    antre_ticket_before(&tickets[h->v[child + 1]], &tickets[h->v[child]]))
			child++;
		if (!antre_ticket_before(&tickets[h->v[child]], &tickets[t]))
			break;
		place(h, tickets, pos, h->v[child]);
		pos = child;
	}
	place(h, tickets, pos, t);
}

void antre_heap_push(antre_heap_t *h, antre_ticket_t *tickets, int t)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->v = xrealloc(h->v, (size_t)h->cap * sizeof(*h->v));
	}
	h->v[h->n++] = t;
	sift_up(h, tickets, h->n - 1);
}

void antre_heap_remove(antre_heap_t *h, antre_ticket_t *tickets, int t)
{
	int pos = tickets[t].heap_pos;
	int last;

	if (pos < 0 || pos >= h->n || h->v[pos] != t)
		return;
	tickets[t].heap_pos = -1;
	last = h->v[--h->n];
	if (pos == h->n)
		return;
	place(h, tickets, pos, last);
	sift_down(h, tickets, pos);
	sift_up(h, tickets, tickets[last].heap_pos);
}

int antre_heap_top(const antre_heap_t *h)
{
	return h->n > 0 ? h->v[0] : -1;
}
