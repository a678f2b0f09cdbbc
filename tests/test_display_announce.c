/* The display's announcement queue on its own (display/announce.h): order kept across
 * the ring's wrap and growth, nothing dropped, what a popped announcement carries,
 * which repeats are dropped (an old seq, a recall still waiting) and which are not. */
#include "announce.h"
#include "test.h"

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
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
