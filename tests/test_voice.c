/* The sound of an announcement: the chime and espeak-ng's Indonesian voice give real,
 * non-silent samples of a sensible length. */
#include <stdio.h>

#include "speech.h"
#include "test.h"
#include "voice.h"

TEST(the_chime_is_two_tones_about_a_second_long)
{
	pcm_t p = { NULL, 0, 0 };
	pcm_chime(&p, 22050);
	ASSERT_TRUE(p.n > 22050 && p.n < (size_t)22050 * 2);
	ASSERT_TRUE(pcm_peak(&p) > 8000);
	/* it fades: the last 20 ms are much quieter than the strike */
	{
		pcm_t tail = { p.samples + p.n - 441, 441, 441 };
		ASSERT_TRUE(pcm_peak(&tail) * 4 < pcm_peak(&p));
	}
	pcm_free(&p);
	pcm_silence(&p, 22050, 100);
	ASSERT_EQ_INT((int)p.n, 2205);
	ASSERT_EQ_INT(pcm_peak(&p), 0);
	pcm_free(&p);
}

TEST(espeak_speaks_the_announcement_in_indonesian)
{
	char err[128], text[256];
	pcm_t p = { NULL, 0, 0 };
	int rate = voice_init(err, sizeof(err));
	if (rate < 0) {
		fprintf(stderr, "  %s\n", err);
		ASSERT_TRUE(rate > 0);
	}
	speech_announcement("Nomor antrian, {number}, silakan menuju {counter}", "P017", "Loket 4",
			    SPEECH_ID, text, sizeof(text));
	ASSERT_EQ_INT(voice_say("id", text, &p), 0);
	fprintf(stderr, "  \"%s\": %.1f s at %d Hz\n", text, (double)p.n / rate, rate);
	/* a dozen words: seconds of speech, not a click and not a minute */
	ASSERT_TRUE(p.n > (size_t)rate * 2 && p.n < (size_t)rate * 15);
	ASSERT_TRUE(pcm_peak(&p) > 3000);
	ASSERT_EQ_INT(voice_say("no-such-voice-xx", text, &p) < 0, 1);
	voice_term();
	pcm_free(&p);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(the_chime_is_two_tones_about_a_second_long),
		TEST_CASE(espeak_speaks_the_announcement_in_indonesian),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
