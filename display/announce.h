/* The announcement queue: calls are spoken in the order they came, one after another
 * (the player takes the next only when the current has finished, so nothing is cut
 * off), none is dropped, and a recall already waiting to be spoken is not queued twice.
 * Pure; the player and its locking are the caller's. */
#ifndef ANTRE_ANNOUNCE_H
#define ANTRE_ANNOUNCE_H

#define ANNOUNCE_TEXT_MAX 512

typedef struct {
	char key[64];              /* number@counter */
	char text[ANNOUNCE_TEXT_MAX];
	long long seq;             /* event seq: a resumed stream never repeats a call */
} announcement_t;

typedef struct {
	announcement_t *v;
	int head, n, cap;
	long long last_seq;        /* newest seq queued */
} announce_queue_t;

void announce_init(announce_queue_t *q);
void announce_free(announce_queue_t *q);
/* Queue a call (recall: 1 for a recall). Returns 1 if queued, 0 if it was a duplicate:
 * an event seq already queued, or a recall of number@counter still waiting. */
int announce_push(announce_queue_t *q, const char *number, const char *counter, int recall,
		  long long seq, const char *text);
/* Take the next announcement; 0 when there is none. */
int announce_pop(announce_queue_t *q, announcement_t *out);
int announce_pending(const announce_queue_t *q);

#endif
