/* The speech thread: one pending sentence, chime + espeak-ng → SDL audio. */
#include "kiosk_speech.h"

#include <SDL.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "speech.h"
#include "voice.h"
#include "xmalloc.h"

#define BUFFER_SAMPLES 1024

struct kiosk_speech {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stopping, pending;
	char number[32], desk[256], lang[4];
	int rate;
};

int kiosk_speech_text(const char *number, const char *desk, int en, char *out, int cap)
{
	char spelled[128], place[512];
	speech_ticket(number, en ? SPEECH_EN : SPEECH_ID, spelled, sizeof(spelled));
	speech_numbers_as_words(desk, en ? SPEECH_EN : SPEECH_ID, place, sizeof(place));
	return snprintf(out, (size_t)cap, en ? "Your queue number is %s. Please go to %s."
					     : "Nomor antrian Anda, %s. Silakan menuju %s.",
			spelled, place);
}

static void play(kiosk_speech_t *s, const pcm_t *sound)
{
	SDL_AudioSpec want, have;
	SDL_AudioDeviceID dev;
	SDL_zero(want);
	want.freq = s->rate;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = BUFFER_SAMPLES;
	dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (dev == 0) {
		fprintf(stderr, "antre-kiosk: cannot open the audio device: %s\n", SDL_GetError());
		return;
	}
	SDL_PauseAudioDevice(dev, 0);
	SDL_QueueAudio(dev, sound->samples, (Uint32)(sound->n * sizeof(int16_t)));
	while (SDL_GetQueuedAudioSize(dev) > 0)
		SDL_Delay(10);
	SDL_Delay(2 * BUFFER_SAMPLES * 1000 / s->rate);   /* the last buffer still sounds */
	SDL_CloseAudioDevice(dev);
}

static void *run(void *arg)
{
	kiosk_speech_t *s = arg;
	char err[128], number[32], desk[256], lang[4], text[768];

	s->rate = voice_init(err, sizeof(err));
	if (s->rate < 0) {
		fprintf(stderr, "antre-kiosk: %s; speech mode is silent\n", err);
		s->rate = 22050;
	}
	pthread_mutex_lock(&s->lock);
	for (;;) {
		pcm_t sound = { NULL, 0, 0 };
		while (!s->stopping && !s->pending)
			pthread_cond_wait(&s->wake, &s->lock);
		if (s->stopping)
			break;
		s->pending = 0;
		memcpy(number, s->number, sizeof(number));
		memcpy(desk, s->desk, sizeof(desk));
		memcpy(lang, s->lang, sizeof(lang));
		pthread_mutex_unlock(&s->lock);

		kiosk_speech_text(number, desk, strcmp(lang, "en") == 0, text, (int)sizeof(text));
		pcm_chime(&sound, s->rate);
		pcm_silence(&sound, s->rate, 200);
		if (voice_say(lang, text, &sound) < 0)
			fprintf(stderr, "antre-kiosk: espeak-ng has no \"%s\" voice\n", lang);
		pcm_silence(&sound, s->rate, 300);
		play(s, &sound);
		fprintf(stderr, "antre-kiosk: said %s (%s, %.1f s): %s\n", number, lang,
			(double)sound.n / s->rate, text);
		pcm_free(&sound);
		pthread_mutex_lock(&s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	voice_term();
	return NULL;
}

kiosk_speech_t *kiosk_speech_start(void)
{
	kiosk_speech_t *s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	if (pthread_create(&s->thread, NULL, run, s) != 0) {
		pthread_mutex_destroy(&s->lock);
		pthread_cond_destroy(&s->wake);
		free(s);
		return NULL;
	}
	return s;
}

void kiosk_speech_say(kiosk_speech_t *s, const char *number, const char *desk, const char *lang)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	snprintf(s->number, sizeof(s->number), "%s", number);
	snprintf(s->desk, sizeof(s->desk), "%s", desk);
	snprintf(s->lang, sizeof(s->lang), "%s", lang);
	s->pending = 1;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

void kiosk_speech_stop(kiosk_speech_t *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	free(s);
}
