/* A growable ring of announcements. */
#include "announce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

enum { PHASE_NONE, PHASE_CHIMED, PHASE_SPOKEN };

void announce_init(announce_queue_t *q)
{
	memset(q, 0, sizeof(*q));
	q->quiet = 1;
}

void announce_free(announce_queue_t *q)
{
	int english = q->english;
	free(q->v);
	announce_init(q);
	q->english = english;
}

static announcement_t *at(const announce_queue_t *q, int i)
{
	return &q->v[(q->head + i) % q->cap];
}

int announce_push(announce_queue_t *q, const char *number, const char *counter, int recall,
		  long long seq, const char *text)
{
	char key[64];
	announcement_t *a;

	if (seq > 0 && seq <= q->last_seq)
		return 0;   /* already heard (a stream resumed from an older id) */
	snprintf(key, sizeof(key), "%s@%s", number, counter);
	if (recall) {
		for (int i = 0; i < q->n; i++) {
			if (strcmp(at(q, i)->key, key) == 0) {
				/* it will be said anyway, and so counts as heard */
				if (seq > q->last_seq)
					q->last_seq = seq;
				return 0;
			}
		}
	}
	if (q->n == q->cap) {
		announcement_t *grown = xcalloc((size_t)(q->cap ? q->cap * 2 : 16), sizeof(*grown));
		for (int i = 0; i < q->n; i++)
			grown[i] = *at(q, i);
		free(q->v);
		q->v = grown;
		q->cap = q->cap ? q->cap * 2 : 16;
		q->head = 0;
	}
	a = at(q, q->n++);
	snprintf(a->key, sizeof(a->key), "%s", key);
	snprintf(a->text, sizeof(a->text), "%s", text);
	a->seq = seq;
	if (seq > q->last_seq)
		q->last_seq = seq;
	return 1;
}

int announce_pop(announce_queue_t *q, announcement_t *out)
{
	if (q->n == 0)
		return 0;
	*out = *at(q, 0);
	q->head = (q->head + 1) % q->cap;
	q->n--;
	return 1;
}

int announce_pending(const announce_queue_t *q)
{
	return q->n;
}

/* Per call: [CHIME] SPEAK [SPEAK_EN]. The form of the words is decided when they start,
 * after the chime, so a burst that arrived during the chime already shortens them. */
announce_kind_t announce_next(announce_queue_t *q, announce_step_t *step)
{
	memset(step, 0, sizeof(*step));
	if (q->phase == PHASE_CHIMED) {
		step->kind = ANNOUNCE_SPEAK;
		step->brief = q->n > 0;
		q->phase = PHASE_SPOKEN;
	} else if (q->phase == PHASE_SPOKEN && q->english && q->n == 0) {
		step->kind = ANNOUNCE_SPEAK_EN;   /* nobody waits: the repeat costs nobody */
		q->phase = PHASE_NONE;
	} else if (announce_pop(q, &q->current)) {
		/* a run of calls back to back shares the chime that opened it */
		step->kind = q->quiet ? ANNOUNCE_CHIME : ANNOUNCE_SPEAK;
		step->brief = step->kind == ANNOUNCE_SPEAK && q->n > 0;
		q->phase = q->quiet ? PHASE_CHIMED : PHASE_SPOKEN;
	} else {
		q->phase = PHASE_NONE;
	}
	q->quiet = step->kind == ANNOUNCE_IDLE;
	step->a = q->current;
	return step->kind;
}
