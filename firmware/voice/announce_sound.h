/* The sound of one part of an announcement (announce.h's steps) as PCM: the chime, or
 * the words with their pauses, rendered by espeak-ng. The player plays exactly this;
 * the tests and the benchmark measure how long it takes. */
#ifndef ANTRE_ANNOUNCE_SOUND_H
#define ANTRE_ANNOUNCE_SOUND_H

#include "announce.h"
#include "voice.h"

/* What a brief announcement says (others wait): the number and the counter, named up
 * to its number ("Loket 2 Kependudukan dan Pencatatan Sipil" → "Loket 2"). */
#define ANNOUNCE_BRIEF "{number}, {counter}"

/* Append the step's sound to out. tmpl / tmpl_en: the office's phrases with {number}
 * and {counter}; rate: voice_init's. 0, or -1 when espeak-ng could not speak it (the
 * pauses are still there, so the timing holds). */
int announce_render(const announce_step_t *s, const char *tmpl, const char *tmpl_en, int rate,
		    pcm_t *out);
/* One call said in full, as a display with nobody else waiting says it: the chime, tmpl
 * (empty or NULL: SPEECH_DEFAULT_ANNOUNCE) and tmpl_en's repeat when there is one. The
 * counter's name is spoken for {counter}. 0, or -1 when espeak-ng failed on a part. */
int announce_render_call(const char *tmpl, const char *tmpl_en, const char *number,
			 const char *counter_name, int rate, pcm_t *out);
/* The number a step's announcement calls (its key is number@counter). */
void announce_number(const announcement_t *a, char *out, size_t cap);

#endif
