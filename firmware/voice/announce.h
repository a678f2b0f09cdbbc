/* The announcement queue: calls are spoken in the order they came, one after another
 * (the player takes the next only when the current has finished, so nothing is cut
 * off), none is dropped, and a recall already waiting to be spoken is not queued twice.
 * It also decides how each is said so that the voice keeps up at peak (announce_next):
 * in full (chime, the office's phrase, the English repeat) when nobody waits; while
 * others wait, one chime for the whole run, the number and counter only, and no English
 * repeat. Pure; the player and its locking are the caller's. */
#ifndef ANTRE_ANNOUNCE_H
#define ANTRE_ANNOUNCE_H

#define ANNOUNCE_TEXT_MAX 512

typedef struct {
	char key[64];              /* number@counter */
	char text[ANNOUNCE_TEXT_MAX];
	long long seq;             /* event seq: a resumed stream never repeats a call */
} announcement_t;

/* One part of an announcement, played to its end before announce_next is asked again. */
typedef enum {
	ANNOUNCE_IDLE,             /* nothing to say */
	ANNOUNCE_CHIME,            /* the chime that opens a run of announcements */
	ANNOUNCE_SPEAK,            /* a call in Indonesian */
	ANNOUNCE_SPEAK_EN,         /* its English repeat */
} announce_kind_t;

typedef struct {
	announce_kind_t kind;
	announcement_t a;          /* the call (CHIME: the one it opens) */
	int brief;                 /* SPEAK: others wait: the number and counter only */
} announce_step_t;

typedef struct {
	announcement_t *v;
	int head, n, cap;
	long long last_seq;        /* newest seq queued */
	/* announce_next's state */
	int english;               /* the office has an English phrase */
	int quiet;                 /* the speaker is silent (the last step was IDLE, or none) */
	int phase;                 /* what was played of `current` */
	announcement_t current;
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
/* The next part to play, when the last has ended: the chime only after a silence, the
 * current call's English repeat only when no other call waits, else the next call
 * (brief when others wait behind it). Returns step->kind. english: see the struct. */
announce_kind_t announce_next(announce_queue_t *q, announce_step_t *step);

#endif
