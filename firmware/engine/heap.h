/* An indexed binary min-heap of ticket indexes, ordered by (ready_at, ready_seq).
 * Each ticket remembers its position, so removal from the middle is O(log n). */
#ifndef ANTRE_HEAP_H
#define ANTRE_HEAP_H

#include "queue.h"

typedef struct {
	int *v;
	int n, cap;
} antre_heap_t;

void antre_heap_init(antre_heap_t *h);
void antre_heap_free(antre_heap_t *h);
void antre_heap_push(antre_heap_t *h, antre_ticket_t *tickets, int t);
void antre_heap_remove(antre_heap_t *h, antre_ticket_t *tickets, int t);
/* Index of the first ticket in line, or -1 when empty. */
int antre_heap_top(const antre_heap_t *h);
/* Does ticket a come before ticket b? */
int antre_ticket_before(const antre_ticket_t *a, const antre_ticket_t *b);

#endif
