/* The daily report builder on its own: a day run through the real engine on a fake
 * clock, whose events go into antre_report_build, and every figure checked against
 * what the script of the day says it must be (worked out by hand below). */
#include "config.h"
#include "queue.h"
#include "report.h"
#include "test.h"
#include "xmalloc.h"

#define T0_UTC 1795741200000LL   /* 2026-11-27 08:00 WIB (01:00 UTC) */
#define WIB (7 * 3600)

static const char office[] =
	"[office]\nname = Test\nnumber_width = 3\npriority_policy = strict\n"
	"[service S1]\nprefix = A\n"
	"[service S2]\nprefix = B\n"
	"[service S3]\nprefix = C\n"
	"[journey J]\nprefix = P\nsteps = S1, S2, S3\n"
	"[counter 1]\nservices = S1\n"
	"[counter 2]\nservices = S1, S2\n"
	"[counter 3]\nservices = S2, S3\n";

static antre_config_t cfg;
static antre_fake_clock_t fc;
static antre_queue_t *q;
static antre_events_t day;   /* every event of the day, in seq order */

static void open_office(void)
{
	char err[512];
	if (antre_config_parse(office, sizeof(office) - 1, "t.ini", "/tmp", &cfg, err,
			       sizeof(err)) < 0) {
		fprintf(stderr, "config: %s\n", err);
		abort();
	}
	antre_fake_clock_init(&fc, T0_UTC, WIB, 42);
	antre_events_init(&day);
	q = antre_queue_create(&cfg, &fc.base);
}

static void close_office(void)
{
	antre_queue_destroy(q);
	antre_events_free(&day);
}

/* The clock at s seconds after 08:00 WIB. */
static void at(int s)
{
	fc.now_ms = T0_UTC + (int64_t)s * 1000;
}

static void issue_at(int s, const char *id)
{
	const antre_ticket_t *t = NULL;
	at(s);
	if (antre_queue_issue(q, &(antre_issue_t){ antre_config_service_index(&cfg, id),
						  antre_config_journey_index(&cfg, id), 0, -1,
						  NULL, NULL },
			      &day, &t) < 0)
		abort();
}

/* A counter action at s; returns the number of the ticket it was about. */
static const char *act_at(int s, const char *counter, const char *action)
{
	static char held[ANTRE_NUMBER_MAX];
	const antre_ticket_t *t = NULL;
	at(s);
	if (antre_queue_counter(q, antre_config_counter_index(&cfg, counter),
				(antre_action_t)antre_action_parse(action), NULL, &day, &t) < 0)
		return "(refused)";
	antre_strlcpy(held, t ? t->number : "-", sizeof(held));
	return held;
}

static void cancel_at(int s, const char *number)
{
	const antre_ticket_t *t = antre_queue_find_number(q, number);
	at(s);
	if (t == NULL || antre_queue_cancel(q, t->id, "admin", -1, &day, &t) < 0)
		abort();
}

/* The day of the report (times in seconds after 08:00):
 *   A001 S1 issued 0, called 300 at counter 1, started 360, finished 660
 *   A002 S1 issued 60, called 400 at counter 2, finished 500 (never started)
 *   B001 S2 issued 120, called 600 at counter 3, no-show 700
 *   A003 S1 issued 5400 (09:30), cancelled 5500
 *   P001 journey J issued 6000 (09:40): S1 called 6100 at 1, finished 6200;
 *        S2 called 6500 at 3, finished 6600; S3 called 6700 at 3, finished 6800 */
static void run_the_day(void)
{
	issue_at(0, "S1");
	issue_at(60, "S1");
	issue_at(120, "S2");
	if (strcmp(act_at(300, "1", "call-next"), "A001") != 0 ||
	    strcmp(act_at(360, "1", "start"), "A001") != 0 ||
	    strcmp(act_at(400, "2", "call-next"), "A002") != 0 ||
	    strcmp(act_at(500, "2", "finish"), "A002") != 0 ||
	    strcmp(act_at(600, "3", "call-next"), "B001") != 0 ||
	    strcmp(act_at(660, "1", "finish"), "A001") != 0 ||
	    strcmp(act_at(700, "3", "no-show"), "B001") != 0)
		abort();
	issue_at(5400, "S1");
	cancel_at(5500, "A003");
	issue_at(6000, "J");
	if (strcmp(act_at(6100, "1", "call-next"), "P001") != 0 ||
	    strcmp(act_at(6200, "1", "finish"), "P001") != 0 ||
	    strcmp(act_at(6500, "3", "call-next"), "P001") != 0 ||
	    strcmp(act_at(6600, "3", "finish"), "P001") != 0 ||
	    strcmp(act_at(6700, "3", "call-next"), "P001") != 0 ||
	    strcmp(act_at(6800, "3", "finish"), "P001") != 0)
		abort();
}

TEST(services_count_issues_serves_no_shows_cancels_waits_and_service_times)
{
	antre_report_t r;
	const antre_report_service_t *s1, *s2, *s3;

	open_office();
	run_the_day();
	antre_report_build(&cfg, "2026-11-27", NULL, day.v, day.n, WIB, &r);
	ASSERT_EQ_STR(r.date, "2026-11-27");
	s1 = &r.services[0];
	s2 = &r.services[1];
	s3 = &r.services[2];
	/* issued at the kiosk for the service itself; P001 counts for its journey */
	ASSERT_EQ_INT(s1->issued, 3);
	ASSERT_EQ_INT(s2->issued, 1);
	ASSERT_EQ_INT(s3->issued, 0);
	/* served: finished steps, the journey's included */
	ASSERT_EQ_INT(s1->served, 3);
	ASSERT_EQ_INT(s2->served, 1);
	ASSERT_EQ_INT(s3->served, 1);
	ASSERT_EQ_INT(s1->no_show, 0);
	ASSERT_EQ_INT(s2->no_show, 1);
	ASSERT_EQ_INT(s1->cancelled, 1);
	ASSERT_EQ_INT(s2->cancelled, 0);
	/* S1 waits 300, 340, 100 s: nearest rank p50 = 2nd = 300, p90 = 3rd = 340 */
	ASSERT_EQ_INT(s1->wait_p50_s, 300);
	ASSERT_EQ_INT(s1->wait_p90_s, 340);
	ASSERT_EQ_INT(s1->wait_max_s, 340);
	/* S2 waits 480 (B001) and 300 (P001, ready when its S1 step finished at 6200) */
	ASSERT_EQ_INT(s2->wait_p50_s, 300);
	ASSERT_EQ_INT(s2->wait_p90_s, 480);
	ASSERT_EQ_INT(s2->wait_max_s, 480);
	ASSERT_EQ_INT(s3->wait_p50_s, 100);
	ASSERT_EQ_INT(s3->wait_max_s, 100);
	/* from start (A001: 300 s) or else from the call (A002: 100 s, P001: 100 s) */
	ASSERT_EQ_INT(s1->service_mean_s, 500 / 3);
	ASSERT_EQ_INT(s2->service_mean_s, 100);
	ASSERT_EQ_INT(s3->service_mean_s, 100);
	close_office();
}

TEST(counters_journeys_and_arrivals_per_local_hour)
{
	antre_report_t r;
	int total = 0;

	open_office();
	run_the_day();
	antre_report_build(&cfg, "2026-11-27", NULL, day.v, day.n, WIB, &r);
	/* counter 1: A001 (300 s) and P001's S1 (100 s); 2: A002; 3: P001's S2 and S3 (the
	 * no-show it called is not a serve) */
	ASSERT_EQ_INT(r.counters[0].served, 2);
	ASSERT_EQ_INT(r.counters[0].service_mean_s, 200);
	ASSERT_EQ_INT(r.counters[1].served, 1);
	ASSERT_EQ_INT(r.counters[1].service_mean_s, 100);
	ASSERT_EQ_INT(r.counters[2].served, 2);
	ASSERT_EQ_INT(r.counters[2].service_mean_s, 100);
	ASSERT_EQ_INT(r.journeys[0].issued, 1);
	ASSERT_EQ_INT(r.journeys[0].completed, 1);
	/* office hours, not UTC: three at 08, two at 09 (A003 and P001) */
	ASSERT_EQ_INT(r.arrivals_per_hour[8], 3);
	ASSERT_EQ_INT(r.arrivals_per_hour[9], 2);
	ASSERT_EQ_INT(r.arrivals_per_hour[1], 0);   /* 01:00 UTC is 08:00 WIB */
	for (int h = 0; h < 24; h++)
		total += r.arrivals_per_hour[h];
	ASSERT_EQ_INT(total, 5);
	close_office();
}

TEST(a_ticket_from_another_day_and_an_empty_day_count_nothing)
{
	antre_report_t r;
	antre_event_t e;
	size_t from;

	open_office();
	run_the_day();
	/* events of a ticket whose issue is not in this list (carried over from the day
	 * before): called and finished at counter 2, but nothing of it is counted */
	from = day.n;
	antre_event_blank(&e, ANTRE_EV_TICKET_CALLED);
	antre_strlcpy(e.ticket, "00000000000000aa", sizeof(e.ticket));
	e.service = 0;
	e.counter = 1;
	e.at_ms = T0_UTC + 7000 * 1000LL;
	antre_events_push(&day, &e);
	e.type = ANTRE_EV_TICKET_FINISHED;
	e.service = -1;
	e.from_service = 0;
	e.at_ms = T0_UTC + 7100 * 1000LL;
	antre_events_push(&day, &e);
	ASSERT_EQ_INT(day.n, from + 2);
	antre_report_build(&cfg, "2026-11-27", NULL, day.v, day.n, WIB, &r);
	ASSERT_EQ_INT(r.services[0].served, 3);
	ASSERT_EQ_INT(r.counters[1].served, 1);
	ASSERT_EQ_INT(r.services[0].wait_max_s, 340);

	/* no events: all zero, the date still set */
	antre_report_build(&cfg, "2026-11-28", NULL, NULL, 0, WIB, &r);
	ASSERT_EQ_STR(r.date, "2026-11-28");
	for (int s = 0; s < cfg.n_services; s++) {
		ASSERT_EQ_INT(r.services[s].issued + r.services[s].served, 0);
		ASSERT_EQ_INT(r.services[s].wait_p90_s + r.services[s].service_mean_s, 0);
	}
	ASSERT_EQ_INT(r.journeys[0].issued, 0);
	close_office();
}

/* The day above, and then B002 (S2) issued at 7000, called at counter 3 at 7100 and
 * transferred to S1 at 7200, where counter 2 calls it at 7300 and finishes it at 7400.
 * arrived = issued at the kiosk + journey steps that reached the service + transfers in:
 *   S1: A001 A002 A003 + P001 + B002 = 5; S2: B001 B002 + P001 = 3; S3: P001 = 1.
 * No service serves more than arrived there; one that called nobody has no wait. */
TEST(arrived_counts_journey_steps_and_transfers_and_bounds_served)
{
	antre_report_t r;

	open_office();
	run_the_day();
	issue_at(7000, "S2");
	if (strcmp(act_at(7100, "3", "call-next"), "B002") != 0)
		abort();
	at(7200);
	if (antre_queue_counter(q, 2, ANTRE_ACT_TRANSFER, "S1", &day, NULL) < 0)
		abort();
	if (strcmp(act_at(7300, "2", "call-next"), "B002") != 0 ||
	    strcmp(act_at(7400, "2", "finish"), "B002") != 0)
		abort();
	antre_report_build(&cfg, "2026-11-27", NULL, day.v, day.n, WIB, &r);
	ASSERT_EQ_INT(r.services[0].arrived, 5);
	ASSERT_EQ_INT(r.services[1].arrived, 3);
	ASSERT_EQ_INT(r.services[2].arrived, 1);
	ASSERT_EQ_INT(r.services[0].served, 4);    /* B002 served at S1, not at S2 */
	ASSERT_EQ_INT(r.services[1].served, 1);
	ASSERT_EQ_INT(r.services[1].issued, 2);
	for (int s = 0; s < cfg.n_services; s++)
		ASSERT_TRUE(r.services[s].served <= r.services[s].arrived);
	/* B002 waited 100 s at S2 and 100 s at S1 (ready again at the transfer) */
	ASSERT_EQ_INT(r.services[1].waits, 3);
	ASSERT_EQ_INT(r.services[0].waits, 4);
	/* per hour of the call: 08 has A001 300, A002 340, B001 480; 09 has P001's three
	 * (100, 300, 100) and B002's first (7100: 100); 10 its second (7300 is 10:01:40) */
	ASSERT_EQ_INT(r.hours[8].calls, 3);
	ASSERT_EQ_INT(r.hours[8].wait_p50_s, 340);
	ASSERT_EQ_INT(r.hours[8].wait_p90_s, 480);
	ASSERT_EQ_INT(r.hours[9].calls, 4);
	ASSERT_EQ_INT(r.hours[9].wait_p50_s, 100);
	ASSERT_EQ_INT(r.hours[9].wait_p90_s, 300);
	ASSERT_EQ_INT(r.hours[10].calls, 1);
	ASSERT_EQ_INT(r.hours[10].wait_p50_s, 100);
	ASSERT_EQ_INT(r.hours[11].calls, 0);
	close_office();
}

/* An empty day: nothing arrived, so no wait and no service time (waits = 0 says the
 * p50/p90/max fields mean nothing; the API shows them as null). */
TEST(a_service_that_called_nobody_has_no_wait)
{
	antre_report_t r;

	open_office();
	issue_at(0, "S1");
	antre_report_build(&cfg, "2026-11-27", NULL, day.v, day.n, WIB, &r);
	ASSERT_EQ_INT(r.services[0].arrived, 1);
	ASSERT_EQ_INT(r.services[0].waits, 0);
	ASSERT_EQ_INT(r.services[0].served, 0);
	ASSERT_EQ_INT(r.hours[8].arrivals, 1);
	ASSERT_EQ_INT(r.hours[8].calls, 0);
	ASSERT_EQ_STR(r.to, "2026-11-27");
	close_office();
}

/* A counter action at s with an argument (defer's return date). */
static void act_arg_at(int s, const char *counter, const char *action, const char *arg)
{
	const antre_ticket_t *t = NULL;
	at(s);
	if (antre_queue_counter(q, antre_config_counter_index(&cfg, counter),
				(antre_action_t)antre_action_parse(action), arg, &day, &t) < 0)
		abort();
}

static void resume_at(int s, const char *key)
{
	const antre_ticket_t *t = NULL;
	at(s);
	antre_queue_tick(q, &day);
	if (antre_queue_resume(q, key, &(antre_issue_t){ -1, -1, 0, 0, NULL, NULL }, &day, &t) < 0)
		abort();
}

/* The report of one office day of `day` (its events only, as the store reads a day). */
static void report_of(const char *date, antre_report_t *r)
{
	antre_events_t one;
	antre_events_init(&one);
	for (size_t i = 0; i < day.n; i++)
		if (strcmp(day.v[i].day, date) == 0)
			antre_events_push(&one, &day.v[i]);
	antre_report_build(&cfg, date, NULL, one.v, one.n, WIB, r);
	antre_events_free(&one);
}

#define DAY_S (24 * 3600)

/* Issue 16: a journey is counted from its origin's day, inclusively. P001 starts on the
 * 27th, is deferred at S2, resumed on the 28th, deferred to S3, resumed and finished on
 * the 29th: 3 days. P002 goes through all three desks on the 27th: 1 day. */
TEST(days_to_complete_counts_office_days_from_the_first_visit)
{
	antre_report_t r;
	char first[ANTRE_TICKET_ID_LEN + 1];

	open_office();
	issue_at(0, "J");
	antre_strlcpy(first, antre_queue_find_number(q, "P001")->id, sizeof(first));
	act_arg_at(60, "1", "call-next", NULL);
	act_arg_at(120, "1", "finish", NULL);
	act_arg_at(180, "3", "call-next", NULL);
	act_arg_at(240, "3", "defer", "2026-11-28 same");
	issue_at(300, "J");
	act_arg_at(360, "1", "call-next", NULL);
	act_arg_at(420, "1", "finish", NULL);
	act_arg_at(480, "3", "call-next", NULL);
	act_arg_at(540, "3", "finish", NULL);
	act_arg_at(600, "3", "call-next", NULL);
	act_arg_at(660, "3", "finish", NULL);
	resume_at(DAY_S, first);
	act_arg_at(DAY_S + 60, "3", "call-next", NULL);
	act_arg_at(DAY_S + 120, "3", "defer", "2026-11-29 next");
	resume_at(2 * DAY_S, first);
	act_arg_at(2 * DAY_S + 60, "3", "call-next", NULL);
	act_arg_at(2 * DAY_S + 120, "3", "finish", NULL);

	report_of("2026-11-27", &r);
	ASSERT_EQ_INT(r.visits.started, 2);
	ASSERT_EQ_INT(r.visits.completed, 1);
	ASSERT_EQ_INT(r.visits.deferred, 1);
	ASSERT_EQ_INT(r.visits.days_p50, 1);
	ASSERT_EQ_INT(r.visits.days_p90, 1);
	report_of("2026-11-28", &r);
	ASSERT_EQ_INT(r.visits.started + r.visits.completed, 0);
	ASSERT_EQ_INT(r.visits.returned, 1);
	ASSERT_EQ_INT(r.visits.deferred, 1);
	report_of("2026-11-29", &r);
	ASSERT_EQ_INT(r.visits.completed, 1);
	ASSERT_EQ_INT(r.visits.returned, 1);
	ASSERT_EQ_INT(r.visits.days_p50, 3);
	ASSERT_EQ_INT(r.visits.days_p90, 3);
	ASSERT_TRUE(r.visits.visits_per_completed > 2.99 && r.visits.visits_per_completed < 3.01);
	/* the three days at once: both journeys, started and completed once each */
	antre_report_build(&cfg, "2026-11-27", "2026-11-29", day.v, day.n, WIB, &r);
	ASSERT_EQ_INT(r.visits.started, 2);
	ASSERT_EQ_INT(r.visits.completed, 2);
	ASSERT_EQ_INT(r.visits.days_p50, 1);
	ASSERT_EQ_INT(r.visits.days_p90, 3);
	close_office();
}

/* A visit whose ticket never printed (the kiosk cancelled it "print_failed") did not
 * happen: the applicant took the next ticket, and the journey counts once. P001 fails to
 * print, P002 starts the journey and is deferred after S2; on the 28th the first return
 * ticket fails to print too, and the second is the return, finished at S3. */
TEST(a_visit_whose_ticket_never_printed_is_not_counted)
{
	antre_report_t r;
	char held[ANTRE_TICKET_ID_LEN + 1];
	const antre_ticket_t *t;

	open_office();
	issue_at(0, "J");
	t = antre_queue_find_number(q, "P001");
	if (antre_queue_cancel(q, t->id, "print_failed", -1, &day, &t) < 0)
		abort();
	issue_at(30, "J");
	antre_strlcpy(held, antre_queue_find_number(q, "P002")->id, sizeof(held));
	act_arg_at(60, "1", "call-next", NULL);
	act_arg_at(120, "1", "finish", NULL);
	act_arg_at(180, "3", "call-next", NULL);
	act_arg_at(240, "3", "defer", "2026-11-28 next");
	resume_at(DAY_S, held);
	t = antre_queue_find_number(q, "P001");
	ASSERT_TRUE(t != NULL);
	if (antre_queue_cancel(q, t->id, "print_failed", -1, &day, &t) < 0)
		abort();
	resume_at(DAY_S + 30, held);
	act_arg_at(DAY_S + 60, "3", "call-next", NULL);
	act_arg_at(DAY_S + 120, "3", "finish", NULL);

	report_of("2026-11-27", &r);
	ASSERT_EQ_INT(r.visits.started, 1);
	ASSERT_EQ_INT(r.visits.deferred, 1);
	ASSERT_EQ_INT(r.services[0].cancelled, 1);   /* P001's cancel still counts at S1 */
	report_of("2026-11-28", &r);
	ASSERT_EQ_INT(r.visits.returned, 1);
	ASSERT_EQ_INT(r.visits.completed, 1);
	ASSERT_TRUE(r.visits.visits_per_completed > 1.99 && r.visits.visits_per_completed < 2.01);
	antre_report_build(&cfg, "2026-11-27", "2026-11-28", day.v, day.n, WIB, &r);
	ASSERT_EQ_INT(r.visits.started, 1);
	ASSERT_EQ_INT(r.visits.returned, 1);
	ASSERT_EQ_INT(r.visits.completed, 1);
	close_office();
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(services_count_issues_serves_no_shows_cancels_waits_and_service_times),
		TEST_CASE(counters_journeys_and_arrivals_per_local_hour),
		TEST_CASE(a_ticket_from_another_day_and_an_empty_day_count_nothing),
		TEST_CASE(arrived_counts_journey_steps_and_transfers_and_bounds_served),
		TEST_CASE(a_service_that_called_nobody_has_no_wait),
		TEST_CASE(days_to_complete_counts_office_days_from_the_first_visit),
		TEST_CASE(a_visit_whose_ticket_never_printed_is_not_counted),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
