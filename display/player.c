/* The announcement thread: queue → chime + espeak-ng → SDL audio, one at a time. */
#include "player.h"

#include <SDL.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "announce_sound.h"
#include "clock.h"
#include "xmalloc.h"

#define BUFFER_SAMPLES 1024

struct player {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	announce_queue_t queue;
	int stopping;
	int rate;
	char tmpl[ANNOUNCE_TEXT_MAX], tmpl_en[ANNOUNCE_TEXT_MAX];
	SDL_AudioDeviceID dev;
};

static int open_device(player_t *p)
{
	SDL_AudioSpec want, have;
	SDL_zero(want);
	want.freq = p->rate;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = BUFFER_SAMPLES;
	p->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (p->dev == 0) {
		fprintf(stderr, "antre-display: cannot open the audio device: %s\n", SDL_GetError());
		return -1;
	}
	SDL_PauseAudioDevice(p->dev, 0);
	return 0;
}

/* Queue the sound and wait until the device has played all of it. */
static void play(player_t *p, const pcm_t *sound)
{
	if (p->dev == 0 && open_device(p) < 0)
		return;
	SDL_QueueAudio(p->dev, sound->samples, (Uint32)(sound->n * sizeof(int16_t)));
	while (SDL_GetQueuedAudioSize(p->dev) > 0)
		SDL_Delay(10);
	/* the last buffer the device took from the queue is still sounding */
	SDL_Delay(2 * BUFFER_SAMPLES * 1000 / p->rate);
}

/* One step (announce.h) rendered and played to its end, the lock released meanwhile.
 * The words' start is logged with CLOCK_MONOTONIC for the benchmark's lag. */
static void play_step(player_t *p, const announce_step_t *step)
{
	pcm_t sound = { NULL, 0, 0 };
	char number[32];

	announce_number(&step->a, number, sizeof(number));
	if (announce_render(step, p->tmpl, p->tmpl_en, p->rate, &sound) < 0)
		fprintf(stderr, "antre-display: espeak-ng has no %s voice\n",
			step->kind == ANNOUNCE_SPEAK_EN ? "English" : "Indonesian");
	if (step->kind == ANNOUNCE_SPEAK)
		fprintf(stderr, "antre-display: speaking %s at %s (seq %lld%s) at %lld ms\n", number,
			step->a.text, step->a.seq, step->brief ? ", brief" : "",
			(long long)antre_monotonic_ms());
	play(p, &sound);
	if (step->kind == ANNOUNCE_SPEAK)
		fprintf(stderr, "antre-display: announced %s at %s (seq %lld, %.1f s)\n", number,
			step->a.text, step->a.seq, (double)sound.n / p->rate);
	pcm_free(&sound);
}

static void *run(void *arg)
{
	player_t *p = arg;
	char err[128];

	p->rate = voice_init(err, sizeof(err));
	if (p->rate < 0) {
		fprintf(stderr, "antre-display: %s; announcements are silent\n", err);
		p->rate = 22050;
	}
	pthread_mutex_lock(&p->lock);
	for (;;) {
		announce_step_t step;
		while (!p->stopping && announce_next(&p->queue, &step) == ANNOUNCE_IDLE) {
			if (p->dev) {
				SDL_CloseAudioDevice(p->dev);   /* idle: no audio thread running */
				p->dev = 0;
			}
			pthread_cond_wait(&p->wake, &p->lock);
		}
		if (p->stopping)
			break;
		pthread_mutex_unlock(&p->lock);
		play_step(p, &step);
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	if (p->dev)
		SDL_CloseAudioDevice(p->dev);
	voice_term();
	return NULL;
}

player_t *player_start(const char *tmpl, const char *tmpl_en, char *err, size_t errcap)
{
	player_t *p = xcalloc(1, sizeof(*p));
	snprintf(p->tmpl, sizeof(p->tmpl), "%s", tmpl);
	snprintf(p->tmpl_en, sizeof(p->tmpl_en), "%s", tmpl_en ? tmpl_en : "");
	announce_init(&p->queue);
	p->queue.english = p->tmpl_en[0] != '\0';
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	if (pthread_create(&p->thread, NULL, run, p) != 0) {
		snprintf(err, errcap, "cannot start the announcement thread");
		announce_free(&p->queue);
		free(p);
		return NULL;
	}
	return p;
}

void player_call(player_t *p, const board_call_t *call)
{
	if (p == NULL)
		return;
	/* the queue keys number@counter; the counter's name, to be spoken, is the text */
	pthread_mutex_lock(&p->lock);
	if (announce_push(&p->queue, call->number, call->counter, call->recall, call->seq,
			  call->counter_name))
		pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
}

void player_stop(player_t *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = 1;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	announce_free(&p->queue);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p);
}
