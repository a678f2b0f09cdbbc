/* Chime and words for the announcer. */
#include "announce_sound.h"

#include <stdio.h>
#include <string.h>

#include "speech.h"

void announce_number(const announcement_t *a, char *out, size_t cap)
{
	snprintf(out, cap, "%.*s", (int)strcspn(a->key, "@"), a->key);
}

int announce_render(const announce_step_t *s, const char *tmpl, const char *tmpl_en, int rate,
		    pcm_t *out)
{
	char text[ANNOUNCE_TEXT_MAX], number[32], counter[ANNOUNCE_TEXT_MAX];
	int rc = 0;

	announce_number(&s->a, number, sizeof(number));
	switch (s->kind) {
	case ANNOUNCE_CHIME:
		pcm_chime(out, rate);
		pcm_silence(out, rate, 200);
		break;
	case ANNOUNCE_SPEAK:
		/* the counter's name, to be spoken, is the announcement's text */
		if (s->brief)
			speech_counter_short(s->a.text, counter, sizeof(counter));
		else
			snprintf(counter, sizeof(counter), "%s", s->a.text);
		speech_announcement(s->brief ? ANNOUNCE_BRIEF : tmpl, number, counter, SPEECH_ID,
				    text, sizeof(text));
		rc = voice_say("id", text, out);
		pcm_silence(out, rate, s->brief ? 100 : 300);   /* espeak-ng ends with a pause */
		break;
	case ANNOUNCE_SPEAK_EN:
		pcm_silence(out, rate, 500);
		speech_announcement(tmpl_en, number, s->a.text, SPEECH_EN, text, sizeof(text));
		rc = voice_say("en", text, out);
		pcm_silence(out, rate, 300);
		break;
	case ANNOUNCE_IDLE:
		break;
	}
	return rc;
}

int announce_render_call(const char *tmpl, const char *tmpl_en, const char *number,
			 const char *counter_name, int rate, pcm_t *out)
{
	announce_queue_t q;
	announce_step_t step;
	int rc = 0;

	/* the very steps the display's player takes for a call heard alone */
	announce_init(&q);
	q.english = tmpl_en && tmpl_en[0] != '\0';
	announce_push(&q, number, "", 0, 0, counter_name);
	while (announce_next(&q, &step) != ANNOUNCE_IDLE)
		if (announce_render(&step, tmpl && tmpl[0] ? tmpl : SPEECH_DEFAULT_ANNOUNCE,
				    tmpl_en ? tmpl_en : "", rate, out) < 0)
			rc = -1;
	announce_free(&q);
	return rc;
}
