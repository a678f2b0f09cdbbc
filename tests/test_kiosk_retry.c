/* The kiosk's retry of an unanswered issue request (issue 9), pure parts: which answers
 * are sent again with the same Idempotency-Key, when the kiosk gives up, and that the
 * model's probes (which drive the retries) keep coming, with no new tap, until then. */
#include "kiosk_model.h"
#include "test.h"

TEST(only_no_answer_is_sent_again)
{
	ASSERT_EQ_INT(kiosk_issue_next(201, 0, 10), KIOSK_ISSUE_DONE);
	ASSERT_EQ_INT(kiosk_issue_next(-1, 0, 10), KIOSK_ISSUE_RETRY);    /* refused, reset, timeout */
	ASSERT_EQ_INT(kiosk_issue_next(503, 0, 10), KIOSK_ISSUE_RETRY);   /* stopping, log busy */
	ASSERT_EQ_INT(kiosk_issue_next(502, 0, 10), KIOSK_ISSUE_RETRY);
	ASSERT_EQ_INT(kiosk_issue_next(504, 0, 10), KIOSK_ISSUE_RETRY);
	ASSERT_EQ_INT(kiosk_issue_next(400, 0, 10), KIOSK_ISSUE_FINAL);   /* 4xx: final */
	ASSERT_EQ_INT(kiosk_issue_next(401, 0, 10), KIOSK_ISSUE_FINAL);
	ASSERT_EQ_INT(kiosk_issue_next(409, 0, 10), KIOSK_ISSUE_FINAL);
	ASSERT_EQ_INT(kiosk_issue_next(500, 0, 10), KIOSK_ISSUE_FINAL);
	ASSERT_EQ_INT(kiosk_issue_next(200, 0, 10), KIOSK_ISSUE_FINAL);   /* not what was asked */
}

TEST(gives_up_after_the_bound_not_before)
{
	ASSERT_EQ_INT(kiosk_issue_next(-1, 1000, 1000 + KIOSK_ISSUE_GIVE_UP_MS - 1),
		      KIOSK_ISSUE_RETRY);
	ASSERT_EQ_INT(kiosk_issue_next(-1, 1000, 1000 + KIOSK_ISSUE_GIVE_UP_MS),
		      KIOSK_ISSUE_GIVE_UP);
	ASSERT_EQ_INT(kiosk_issue_next(503, 1000, 1000 + KIOSK_ISSUE_GIVE_UP_MS),
		      KIOSK_ISSUE_GIVE_UP);
	/* an answer is taken however late it comes */
	ASSERT_EQ_INT(kiosk_issue_next(201, 1000, 1000 + 10 * KIOSK_ISSUE_GIVE_UP_MS),
		      KIOSK_ISSUE_DONE);
	ASSERT_EQ_INT(kiosk_issue_next(409, 1000, 1000 + 10 * KIOSK_ISSUE_GIVE_UP_MS),
		      KIOSK_ISSUE_FINAL);
}

/* The worker sends the pending request again at each probe the model asks for: an
 * outage that never ends is tried a bounded number of times, then given up, and no tap
 * in between issues anything. */
TEST(probes_retry_with_backoff_until_the_bound)
{
	kiosk_model_t m;
	int64_t now = 0, first = 0, prev = 0;
	int tries = 1, gave_up = 0;

	kiosk_model_init(&m, now);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "DISNAKER", now), KIOSK_DO_ISSUE);
	kiosk_model_unreachable(&m, now);   /* the first try got no answer */
	while (!gave_up && now < 10LL * KIOSK_ISSUE_GIVE_UP_MS) {
		now += 100;
		ASSERT_EQ_INT(kiosk_model_tap(&m, "DISNAKER", now), KIOSK_DO_NOTHING);
		if (kiosk_model_tick(&m, now) != KIOSK_DO_PROBE)
			continue;
		ASSERT_TRUE(now - prev <= KIOSK_BACKOFF_MAX_MS + 100);
		prev = now;
		tries++;
		gave_up = kiosk_issue_next(-1, first, now) == KIOSK_ISSUE_GIVE_UP;
		kiosk_model_unreachable(&m, now);
		ASSERT_EQ_INT(m.screen, KIOSK_UNAVAILABLE);
	}
	ASSERT_TRUE(gave_up);
	ASSERT_TRUE(now >= KIOSK_ISSUE_GIVE_UP_MS);
	ASSERT_TRUE(now < KIOSK_ISSUE_GIVE_UP_MS + KIOSK_BACKOFF_MAX_MS + 100);
	ASSERT_TRUE(tries >= 5 && tries <= 12);
}

TEST(a_late_answer_shows_the_ticket)
{
	kiosk_model_t m;
	antre_print_ticket_t t;

	kiosk_model_init(&m, 0);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "DISNAKER", 0), KIOSK_DO_ISSUE);
	kiosk_model_unreachable(&m, 10);
	ASSERT_EQ_INT(kiosk_model_tick(&m, 10 + KIOSK_BACKOFF_MIN_MS), KIOSK_DO_PROBE);
	antre_print_demo_ticket(&t);
	kiosk_model_issued(&m, &t, 1500);   /* the retry's answer */
	ASSERT_EQ_INT(m.screen, KIOSK_TICKET);
	ASSERT_EQ_STR(m.number, "P017");
	kiosk_model_printed(&m, 1600);
	ASSERT_EQ_INT(m.busy, 0);
	kiosk_model_tick(&m, 1500 + KIOSK_TICKET_SHOW_MS);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(only_no_answer_is_sent_again),
		TEST_CASE(gives_up_after_the_bound_not_before),
		TEST_CASE(probes_retry_with_backoff_until_the_bound),
		TEST_CASE(a_late_answer_shows_the_ticket),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
