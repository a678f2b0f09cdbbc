/* What is said aloud (firmware/voice/speech.c, pure): numbers as Indonesian/English
 * words and the announcement phrase. */
#include "speech.h"
#include "test.h"

TEST(numbers_in_indonesian_and_english)
{
	static const struct {
		int n;
		const char *id, *en;
	} cases[] = {
		{ 0, "nol", "zero" },
		{ 4, "empat", "four" },
		{ 10, "sepuluh", "ten" },
		{ 11, "sebelas", "eleven" },
		{ 12, "dua belas", "twelve" },
		{ 17, "tujuh belas", "seventeen" },
		{ 20, "dua puluh", "twenty" },
		{ 21, "dua puluh satu", "twenty one" },
		{ 100, "seratus", "one hundred" },
		{ 115, "seratus lima belas", "one hundred fifteen" },
		{ 999, "sembilan ratus sembilan puluh sembilan", "nine hundred ninety nine" },
		{ 1000, "seribu", "one thousand" },
		{ 2024, "dua ribu dua puluh empat", "two thousand twenty four" },
	};
	char out[128];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		speech_number_words(cases[i].n, SPEECH_ID, out, sizeof(out));
		ASSERT_EQ_STR(out, cases[i].id);
		speech_number_words(cases[i].n, SPEECH_EN, out, sizeof(out));
		ASSERT_EQ_STR(out, cases[i].en);
	}
}

TEST(ticket_numbers_are_read_digit_by_digit)
{
	char out[128];
	speech_ticket("A017", SPEECH_ID, out, sizeof(out));
	ASSERT_EQ_STR(out, "A nol satu tujuh");
	speech_ticket("P017", SPEECH_EN, out, sizeof(out));
	ASSERT_EQ_STR(out, "P zero one seven");
	speech_ticket("C1000", SPEECH_ID, out, sizeof(out));   /* past 999 */
	ASSERT_EQ_STR(out, "C satu nol nol nol");
}

TEST(announcement_phrase)
{
	char out[512];
	speech_announcement("Nomor antrian, {number}, silakan menuju {counter}", "P017", "Loket 4",
			    SPEECH_ID, out, sizeof(out));
	ASSERT_EQ_STR(out, "Nomor antrian, P nol satu tujuh, silakan menuju Loket empat");
	speech_announcement("Number {number}, please go to {counter}", "A101", "Loket 12",
			    SPEECH_EN, out, sizeof(out));
	ASSERT_EQ_STR(out, "Number A one zero one, please go to Loket twelve");
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(numbers_in_indonesian_and_english),
		TEST_CASE(ticket_numbers_are_read_digit_by_digit),
		TEST_CASE(announcement_phrase),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
