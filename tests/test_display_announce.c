/* The display's announcement queue on its own (display/announce.h): order kept across
 * the ring's wrap and growth, nothing dropped, what a popped announcement carries,
 * which repeats are dropped (an old seq, a recall still waiting) and which are not. */
#include "announce.h"
#include "announce_sound.h"
#include "test.h"

#define TMPL "Nomor antrian, {number}, silakan menuju {counter}"
#define TMPL_EN "Number {number}, please go to {counter}"
/* what the player adds to each part: the device's last buffers and the rendering */
#define STEP_OVERHEAD_MS 150

typedef struct {
	int64_t at_ms;             /* the call is made */
	char number[16], counter[48];
	int64_t words_ms;          /* its words start; -1 before */
	int said, brief, english;
} sim_call_t;

/* The player's loop on a clock of its own: calls are queued when they are made, each
 * step is rendered by the real espeak-ng and takes as long as its sound (plus the
 * device's overhead). Fills words_ms etc.; returns the time the speaker fell silent. */
static int64_t simulate(sim_call_t *calls, int n, int english)
{
	announce_queue_t q;
	announce_step_t step;
	static int rate;   /* espeak-ng starts once a process: it hangs if started again */
	char err[128];
	int next = 0;
	int64_t now = 0;

	if (rate == 0)
		rate = voice_init(err, sizeof(err));
	ASSERT_TRUE(rate > 0);
	announce_init(&q);
	q.english = english;
	for (;;) {
		pcm_t sound = { NULL, 0, 0 };
		for (; next < n && calls[next].at_ms <= now; next++)
			announce_push(&q, calls[next].number, calls[next].counter, 0, next + 1,
				      calls[next].counter);
		if (announce_next(&q, &step) == ANNOUNCE_IDLE) {
			if (next == n)
				break;
			now = calls[next].at_ms;   /* asleep until the next call */
			continue;
		}
		ASSERT_EQ_INT(announce_render(&step, TMPL, TMPL_EN, rate, &sound), 0);
		if (step.kind == ANNOUNCE_SPEAK) {
			sim_call_t *c = &calls[step.a.seq - 1];
			c->said++;
			c->brief = step.brief;
			c->words_ms = now;
		} else if (step.kind == ANNOUNCE_SPEAK_EN) {
			calls[step.a.seq - 1].english = 1;
		}
		now += (int64_t)sound.n * 1000 / rate + STEP_OVERHEAD_MS;
		pcm_free(&sound);
	}
	announce_free(&q);
	return now;
}

static void make_calls(sim_call_t *calls, int n, int64_t gap_ms)
{
	for (int i = 0; i < n; i++) {
		memset(&calls[i], 0, sizeof(calls[i]));
		calls[i].at_ms = i * gap_ms;
		calls[i].words_ms = -1;
		snprintf(calls[i].number, sizeof(calls[i].number), "B%03d", 17 + i * 11);
		/* a long name like tests/fixtures/hall30.ini's (said whole only in full) */
		snprintf(calls[i].counter, sizeof(calls[i].counter), "Loket %d Pemeriksaan Kesehatan",
			 12 + i * 3);
	}
}

/* Lag = the call is made -> its words start. Sorted into lag[]; returns the max. */
static int64_t lags(const sim_call_t *calls, int n, int64_t *lag)
{
	for (int i = 0; i < n; i++) {
		int64_t v = calls[i].words_ms - calls[i].at_ms;
		int k = i;
		for (; k > 0 && lag[k - 1] > v; k--)
			lag[k] = lag[k - 1];
		lag[k] = v;
	}
	return lag[n - 1];
}

/* Six calls in ten seconds (the peak; today up to 68 s late): every one said
 * once, in order, none cut off (the loop plays each part to its end), and the newest
 * spoken within 20 s of being made. Also when the six come at once. */
TEST(six_calls_in_ten_seconds_are_all_said_and_the_newest_within_20_s)
{
	static const int64_t gaps[] = { 2000, 0 };
	for (size_t g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		sim_call_t calls[6];
		int64_t lag[6], end;
		make_calls(calls, 6, gaps[g]);
		end = simulate(calls, 6, 1);
		lags(calls, 6, lag);
		fprintf(stderr, "  6 calls %lld ms apart: newest said after %.1f s, lag p50 %.1f s, "
			"max %.1f s; quiet after %.1f s\n", (long long)gaps[g],
			(double)(calls[5].words_ms - calls[5].at_ms) / 1000, (double)lag[3] / 1000,
			(double)lag[5] / 1000, (double)end / 1000);
		for (int i = 0; i < 6; i++) {
			ASSERT_EQ_INT(calls[i].said, 1);
			if (i > 0)
				ASSERT_TRUE(calls[i].words_ms > calls[i - 1].words_ms);
		}
		ASSERT_TRUE(calls[5].words_ms - calls[5].at_ms <= 20000);
		/* the last, with nobody behind it, is said in full with the English repeat */
		ASSERT_EQ_INT(calls[5].brief, 0);
		ASSERT_EQ_INT(calls[5].english, 1);
	}
}

/* A steady four calls a minute never backs up: each said in full, chime first. */
TEST(a_steady_four_calls_a_minute_are_said_in_full)
{
	sim_call_t calls[8];
	int64_t lag[8];
	make_calls(calls, 8, 15000);
	simulate(calls, 8, 1);
	lags(calls, 8, lag);
	fprintf(stderr, "  4 calls/min: lag p50 %.1f s, max %.1f s\n", (double)lag[4] / 1000,
		(double)lag[7] / 1000);
	for (int i = 0; i < 8; i++) {
		ASSERT_EQ_INT(calls[i].said, 1);
		ASSERT_EQ_INT(calls[i].brief, 0);
		ASSERT_EQ_INT(calls[i].english, 1);
	}
	ASSERT_TRUE(lag[7] < 3000);   /* the chime's length, not a queue */
}

/* The steps themselves: one chime per run, brief words while others wait, the English
 * repeat only when nobody does (and only when the office has one). */
TEST(the_steps_of_a_run)
{
	announce_queue_t q;
	announce_step_t s;

	announce_init(&q);
	q.english = 1;
	ASSERT_EQ_INT(announce_next(&q, &s), ANNOUNCE_IDLE);
	announce_push(&q, "A001", "1", 0, 1, "Loket 1");
	ASSERT_EQ_INT(announce_next(&q, &s), ANNOUNCE_CHIME);
	ASSERT_EQ_STR(s.a.key, "A001@1");
	announce_push(&q, "A002", "2", 0, 2, "Loket 2");   /* came during the chime */
	announce_push(&q, "A003", "3", 0, 3, "Loket 3");
	ASSERT_EQ_INT(announce_next(&q, &s), ANNOUNCE_SPEAK);
	ASSERT_EQ_STR(s.a.key, "A001@1");
	ASSERT_EQ_INT(s.brief, 1);
	ASSERT_EQ_INT(announce_next(&q, &s), ANNOUNCE_SPEAK);   /* no repeat, no chime */
	ASSERT_EQ_STR(s.a.key, "A002@2");
	ASSERT_EQ_INT(s.brief, 1);
	ASSERT_EQ_INT(announce_next(&q, &s), ANNOUNCE_SPEAK);
	ASSERT_EQ_STR(s.a.key, "A003@3");
	ASSERT_EQ_INT(s.brief, 0);                               /* the last of the run */
	ASSERT_EQ_INT(announce_next(&q, &s), ANNOUNCE_SPEAK_EN);
	ASSERT_EQ_STR(s.a.key, "A003@3");
	ASSERT_EQ_INT(announce_next(&q, &s), ANNOUNCE_IDLE);
	/* after a silence the chime opens the next run; no English phrase: no repeat */
	q.english = 0;
	announce_push(&q, "A004", "1", 0, 4, "Loket 1");
	ASSERT_EQ_INT(announce_next(&q, &s), ANNOUNCE_CHIME);
	ASSERT_EQ_INT(announce_next(&q, &s), ANNOUNCE_SPEAK);
	ASSERT_EQ_INT(s.brief, 0);
	ASSERT_EQ_INT(announce_next(&q, &s), ANNOUNCE_IDLE);
	announce_free(&q);
}

/* Push "call N" for seq N at desk 4, number A00N. */
static int push_call(announce_queue_t *q, int n)
{
	char number[16], text[32];
	snprintf(number, sizeof(number), "A%03d", n);
	snprintf(text, sizeof(text), "call %d", n);
	return announce_push(q, number, "4", 0, n, text);
}

static int pop_is(announce_queue_t *q, int n)
{
	announcement_t a;
	char text[32];
	snprintf(text, sizeof(text), "call %d", n);
	return announce_pop(q, &a) == 1 && strcmp(a.text, text) == 0 && a.seq == n;
}

TEST(order_survives_the_ring_wrapping_and_growing_while_wrapped)
{
	announce_queue_t q;
	int next_in = 1, next_out = 1;

	announce_init(&q);
	/* the player takes calls while new ones come: the ring's head moves round */
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 11; i++)
			ASSERT_EQ_INT(push_call(&q, next_in++), 1);
		for (int i = 0; i < 9; i++)
			ASSERT_TRUE(pop_is(&q, next_out++));
	}
	/* a burst now grows the ring while its head is not at 0 */
	for (int i = 0; i < 70; i++)
		ASSERT_EQ_INT(push_call(&q, next_in++), 1);
	ASSERT_EQ_INT(announce_pending(&q), next_in - next_out);
	while (next_out < next_in)
		ASSERT_TRUE(pop_is(&q, next_out++));
	ASSERT_EQ_INT(announce_pending(&q), 0);
	announce_free(&q);
}

TEST(a_popped_announcement_carries_its_key_text_and_seq)
{
	announce_queue_t q;
	announcement_t a;
	char long_text[ANNOUNCE_TEXT_MAX * 2];

	announce_init(&q);
	ASSERT_EQ_INT(announce_pop(&q, &a), 0);   /* empty: nothing */
	ASSERT_EQ_INT(announce_push(&q, "B017", "Loket 12", 0, 7, "Nomor B017"), 1);
	ASSERT_EQ_INT(announce_pop(&q, &a), 1);
	ASSERT_EQ_STR(a.key, "B017@Loket 12");
	ASSERT_EQ_STR(a.text, "Nomor B017");
	ASSERT_EQ_INT(a.seq, 7);
	/* a text longer than the cap is cut, never overflows */
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	ASSERT_EQ_INT(announce_push(&q, "B018", "1", 0, 8, long_text), 1);
	ASSERT_EQ_INT(announce_pop(&q, &a), 1);
	ASSERT_EQ_INT(strlen(a.text), ANNOUNCE_TEXT_MAX - 1);
	ASSERT_EQ_INT(announce_pop(&q, &a), 0);
	announce_free(&q);
}

TEST(an_old_seq_is_dropped_even_if_it_was_never_queued)
{
	announce_queue_t q;

	announce_init(&q);
	ASSERT_EQ_INT(push_call(&q, 10), 1);
	/* a stream resumed from an older id brings 5..10 again: none is said */
	for (int n = 5; n <= 10; n++)
		ASSERT_EQ_INT(push_call(&q, n), 0);
	ASSERT_EQ_INT(push_call(&q, 11), 1);
	ASSERT_EQ_INT(announce_pending(&q), 2);
	/* ... also once the player has taken them */
	ASSERT_TRUE(pop_is(&q, 10));
	ASSERT_TRUE(pop_is(&q, 11));
	ASSERT_EQ_INT(push_call(&q, 11), 0);
	/* seq 0 (no event id) is never taken for a repeat */
	ASSERT_EQ_INT(announce_push(&q, "C001", "2", 0, 0, "no id"), 1);
	ASSERT_EQ_INT(announce_push(&q, "C001", "2", 0, 0, "no id"), 1);
	ASSERT_EQ_INT(announce_pending(&q), 2);
	announce_free(&q);
}

TEST(only_a_recall_of_the_same_number_at_the_same_desk_is_merged)
{
	announce_queue_t q;

	announce_init(&q);
	ASSERT_EQ_INT(announce_push(&q, "A001", "4", 0, 1, "call"), 1);
	/* another desk, another number: their own announcements */
	ASSERT_EQ_INT(announce_push(&q, "A001", "5", 1, 2, "recall at 5"), 1);
	ASSERT_EQ_INT(announce_push(&q, "A002", "4", 1, 3, "recall A002"), 1);
	/* a new call (not a recall) for the same key is said again */
	ASSERT_EQ_INT(announce_push(&q, "A001", "4", 0, 4, "called again"), 1);
	/* a recall of a key already waiting is merged */
	ASSERT_EQ_INT(announce_push(&q, "A001", "4", 1, 5, "recall"), 0);
	ASSERT_EQ_INT(announce_push(&q, "A002", "4", 1, 6, "recall A002"), 0);
	ASSERT_EQ_INT(announce_pending(&q), 4);
	/* in the order they came */
	{
		static const char *const said[] = { "call", "recall at 5", "recall A002",
						    "called again" };
		announcement_t a;
		for (int i = 0; i < 4; i++) {
			ASSERT_EQ_INT(announce_pop(&q, &a), 1);
			ASSERT_EQ_STR(a.text, said[i]);
		}
	}
	announce_free(&q);
	/* freed: empty and usable again */
	ASSERT_EQ_INT(announce_pending(&q), 0);
	ASSERT_EQ_INT(push_call(&q, 1), 1);
	announce_free(&q);
}

/* A recall merged into the call still waiting was heard with it: a stream that replays
 * the recall after the call was said (a resume from an older id) must not say it again. */
TEST(a_merged_recall_is_not_said_again_when_the_stream_replays_it)
{
	announce_queue_t q;
	announcement_t a;

	announce_init(&q);
	ASSERT_EQ_INT(announce_push(&q, "A001", "4", 0, 10, "call"), 1);
	ASSERT_EQ_INT(announce_push(&q, "A001", "4", 1, 11, "recall"), 0);   /* merged */
	ASSERT_EQ_INT(announce_pop(&q, &a), 1);                              /* said */
	ASSERT_EQ_INT(announce_push(&q, "A001", "4", 1, 11, "recall"), 0);   /* replayed */
	ASSERT_EQ_INT(announce_pending(&q), 0);
	announce_free(&q);
}

TEST(queue_keeps_order_drops_nothing_and_dedups_recalls)
{
	announce_queue_t q;
	announcement_t a;
	char text[32];
	announce_init(&q);
	for (int i = 1; i <= 40; i++) {   /* more than the first allocation */
		snprintf(text, sizeof(text), "call %d", i);
		ASSERT_EQ_INT(announce_push(&q, "A001", "4", 0, i, text), 1);
	}
	ASSERT_EQ_INT(announce_pending(&q), 40);
	for (int i = 1; i <= 40; i++) {
		snprintf(text, sizeof(text), "call %d", i);
		ASSERT_EQ_INT(announce_pop(&q, &a), 1);
		ASSERT_EQ_STR(a.text, text);
	}
	ASSERT_EQ_INT(announce_pop(&q, &a), 0);
	/* a recall while its call still waits is said once; after it was said, again */
	ASSERT_EQ_INT(announce_push(&q, "B002", "5", 0, 50, "call"), 1);
	ASSERT_EQ_INT(announce_push(&q, "B002", "5", 1, 51, "recall"), 0);
	ASSERT_EQ_INT(announce_push(&q, "B002", "5", 1, 52, "recall"), 0);
	ASSERT_EQ_INT(announce_pop(&q, &a), 1);
	ASSERT_EQ_INT(announce_push(&q, "B002", "5", 1, 53, "recall"), 1);
	/* an event replayed after a reconnect is not said twice */
	ASSERT_EQ_INT(announce_push(&q, "B002", "5", 0, 50, "call"), 0);
	ASSERT_EQ_INT(announce_pending(&q), 1);
	announce_free(&q);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(queue_keeps_order_drops_nothing_and_dedups_recalls),
		TEST_CASE(order_survives_the_ring_wrapping_and_growing_while_wrapped),
		TEST_CASE(a_popped_announcement_carries_its_key_text_and_seq),
		TEST_CASE(an_old_seq_is_dropped_even_if_it_was_never_queued),
		TEST_CASE(only_a_recall_of_the_same_number_at_the_same_desk_is_merged),
		TEST_CASE(a_merged_recall_is_not_said_again_when_the_stream_replays_it),
		TEST_CASE(the_steps_of_a_run),
		TEST_CASE(six_calls_in_ten_seconds_are_all_said_and_the_newest_within_20_s),
		TEST_CASE(a_steady_four_calls_a_minute_are_said_in_full),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
