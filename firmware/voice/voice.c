/* Chime and espeak-ng speech into PCM buffers the player queues to SDL audio. */
#include "voice.h"

#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define MAX_SAMPLES ((size_t)60 * 48000)   /* a minute of sound is far more than any call */

void pcm_free(pcm_t *p)
{
	free(p->samples);
	memset(p, 0, sizeof(*p));
}

void pcm_append(pcm_t *p, const int16_t *s, size_t n)
{
	if (p->n + n > MAX_SAMPLES)
		n = MAX_SAMPLES - p->n;
	if (p->n + n > p->cap) {
		p->cap = (p->n + n) * 2;
		p->samples = xrealloc(p->samples, p->cap * sizeof(*p->samples));
	}
	if (n)
		memcpy(p->samples + p->n, s, n * sizeof(*s));
	p->n += n;
}

void pcm_silence(pcm_t *p, int rate, int ms)
{
	int16_t zero[256] = { 0 };
	size_t left = (size_t)rate * (size_t)ms / 1000;
	while (left > 0) {
		size_t k = left < 256 ? left : 256;
		pcm_append(p, zero, k);
		left -= k;
	}
}

/* One bell tone: a fundamental with a soft octave, struck and decaying. */
static void bell(pcm_t *p, int rate, double hz, double seconds)
{
	size_t n = (size_t)(rate * seconds);
	int16_t buf[512];
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		for (; k < 512 && i < n; k++, i++) {
			double t = (double)i / rate;
			double attack = t < 0.01 ? t / 0.01 : 1.0;
			double env = attack * exp(-3.2 * t);
			double s = 0.75 * sin(2 * M_PI * hz * t) + 0.25 * sin(4 * M_PI * hz * t);
			buf[k] = (int16_t)(s * env * 14000.0);
		}
		pcm_append(p, buf, k);
	}
}

void pcm_chime(pcm_t *p, int rate)
{
	bell(p, rate, 880.0, 0.55);   /* A5 */
	bell(p, rate, 698.5, 0.75);   /* F5 */
}

int pcm_peak(const pcm_t *p)
{
	int peak = 0;
	for (size_t i = 0; i < p->n; i++) {
		int a = abs(p->samples[i]);
		peak = a > peak ? a : peak;
	}
	return peak;
}

static void le(unsigned char *at, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		at[i] = (unsigned char)(v >> (8 * i));
}

static void tag(unsigned char *at, const char *four)
{
	for (int i = 0; i < 4; i++)
		at[i] = (unsigned char)four[i];
}

unsigned char *pcm_wav(const pcm_t *p, int rate, size_t *len)
{
	size_t data = p->n * 2;
	unsigned char *w = xmalloc(44 + data);
	tag(w, "RIFF");
	le(w + 4, (uint32_t)(36 + data), 4);
	tag(w + 8, "WAVE");
	tag(w + 12, "fmt ");
	le(w + 16, 16, 4);                   /* fmt chunk size */
	le(w + 20, 1, 2);                    /* PCM */
	le(w + 22, 1, 2);                    /* mono */
	le(w + 24, (uint32_t)rate, 4);
	le(w + 28, (uint32_t)rate * 2, 4);   /* bytes per second */
	le(w + 32, 2, 2);                    /* block align */
	le(w + 34, 16, 2);                   /* bits per sample */
	tag(w + 36, "data");
	le(w + 40, (uint32_t)data, 4);
	for (size_t i = 0; i < p->n; i++)
		le(w + 44 + 2 * i, (uint16_t)p->samples[i], 2);
	*len = 44 + data;
	return w;
}

static int on_synth(short *wav, int numsamples, espeak_EVENT *events)
{
	pcm_t *out = events ? events->user_data : NULL;
	if (out && wav && numsamples > 0)
		pcm_append(out, wav, (size_t)numsamples);
	return 0;
}

int voice_init(char *err, size_t errcap)
{
	int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL,
				     espeakINITIALIZE_DONT_EXIT);
	if (rate <= 0) {
		snprintf(err, errcap, "espeak-ng could not start (is espeak-ng-data installed?)");
		return -1;
	}
	espeak_SetSynthCallback(on_synth);
	espeak_SetParameter(espeakRATE, 140, 0);   /* a little slower: a hall echoes */
	return rate;
}

int voice_say(const char *voice, const char *text, pcm_t *out)
{
	if (espeak_SetVoiceByName(voice) != EE_OK)
		return -1;
	if (espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL,
			 out) != EE_OK)
		return -1;
	return espeak_Synchronize() == EE_OK ? 0 : -1;
}

void voice_term(void)
{
	espeak_Terminate();
}
