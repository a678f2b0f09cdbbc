/* The announcer: a thread that plays the announcement queue's steps (announce.h) one
 * at a time through SDL audio, each to its end before the next, so no announcement cuts
 * off another and none is dropped; the queue shortens them while calls wait. */
#ifndef ANTRE_DISPLAY_PLAYER_H
#define ANTRE_DISPLAY_PLAYER_H

#include "announce.h"
#include "board.h"

typedef struct player player_t;

/* tmpl / tmpl_en: the office's phrases with {number} and {counter} (tmpl_en may be ""
 * for no English repeat). SDL audio must be initialised. NULL with err on failure. */
player_t *player_start(const char *tmpl, const char *tmpl_en, char *err, size_t errcap);
/* Queue a call to be announced (a recall still waiting is not queued twice). */
void player_call(player_t *p, const board_call_t *call);
/* Stop after the announcement being played; the rest of the queue is dropped. */
void player_stop(player_t *p);

#endif
