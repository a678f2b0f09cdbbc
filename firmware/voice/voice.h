/* The sound of an announcement as 16-bit mono PCM: a two-tone chime (pure) and
 * espeak-ng's speech (offline, Debian's espeak-ng-data). */
#ifndef ANTRE_VOICE_H
#define ANTRE_VOICE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	int16_t *samples;
	size_t n, cap;
} pcm_t;

void pcm_free(pcm_t *p);
void pcm_append(pcm_t *p, const int16_t *s, size_t n);
void pcm_silence(pcm_t *p, int rate, int ms);
/* The chime: a falling "ding-dong" (two decaying bell tones), about 1.2 s. */
void pcm_chime(pcm_t *p, int rate);
/* The loudest sample's magnitude (0 for silence). */
int pcm_peak(const pcm_t *p);

/* The samples as a WAV file (RIFF, PCM 16-bit mono at rate): malloc'd, *len bytes. */
unsigned char *pcm_wav(const pcm_t *p, int rate, size_t *len);

/* espeak-ng in synchronous mode: returns its sample rate, or -1 with err. Call once, from
 * the thread that will speak. */
int voice_init(char *err, size_t errcap);
/* Speak text (UTF-8) with the named voice ("id", "en") and append the samples. 0 or -1. */
int voice_say(const char *voice, const char *text, pcm_t *out);
void voice_term(void);

#endif
