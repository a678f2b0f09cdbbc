/* Queue engine rules against the fake clock: numbering, fair line, priority, journeys,
 * counter actions, day reset, estimates, and replay equivalence. */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "config.h"
#include "queue.h"
#include "report.h"
#include "test.h"
#include "xmalloc.h"

#define T0_UTC 1795741200000LL   /* 2026-11-27 08:00 WIB (01:00 UTC) */
#define WIB (7 * 3600)
#define MIN 60000LL
#define HOUR (60 * MIN)

/* The [office] header and its extra keys are added by make_queue. */
static const char small_office[] =
	"name = Test\nnumber_width = 3\n"
	"[service S1]\nprefix = A\nest_service_s = 100\n"
	"[service S2]\nprefix = B\nest_service_s = 200\n"
	"[service S3]\nprefix = C\n"
	"[service S4]\nprefix = D\n"
	"[journey J]\nprefix = P\nsteps = S1, S2, S3\n"
	"[counter 1]\nservices = S1\n"
	"[counter 2]\nservices = S1, S2\n"
	"[counter 3]\nservices = S2, S3, S4\n";

static antre_config_t cfg;
static antre_fake_clock_t fc;
static antre_events_t all;   /* every event emitted by the current test's queue */

static antre_queue_t *make_queue(const char *ini, const char *extra_office)
{
	char text[4096], err[512];
	snprintf(text, sizeof(text), "[office]\n%s%s",
		 extra_office ? extra_office : "priority_policy = 1in3\n", ini);
	if (antre_config_parse(text, strlen(text), "t.ini", "/tmp", &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "config: %s\n", err);
		abort();
	}
	antre_fake_clock_init(&fc, T0_UTC, WIB, 42);
	antre_events_clear(&all);
	return antre_queue_create(&cfg, &fc.base);
}

static antre_queue_t *make_ltsa(void)
{
	char err[512];
	if (antre_config_load(ANTRE_SOURCE_DIR "/config/ltsa.ini", &cfg, err, sizeof(err)) < 0)
		abort();
	antre_fake_clock_init(&fc, T0_UTC, WIB, 7);
	antre_events_clear(&all);
	return antre_queue_create(&cfg, &fc.base);
}

static void keep(antre_events_t *ev)
{
	for (size_t i = 0; i < ev->n; i++)
		antre_events_push(&all, &ev->v[i]);
	antre_events_clear(ev);
}

/* Issue a ticket for a service (or journey, when id names one); returns its number. */
static const char *issue(antre_queue_t *q, const char *id, int priority)
{
	static char number[ANTRE_NUMBER_MAX];
	antre_events_t ev;
	const antre_ticket_t *t = NULL;
	int s = antre_config_service_index(&cfg, id), j = antre_config_journey_index(&cfg, id);

	antre_events_init(&ev);
	antre_fake_clock_advance(&fc, 1000);
	if (antre_queue_issue(q, &(antre_issue_t){ s, j, priority, -1, NULL, NULL }, &ev, &t) < 0 || t == NULL) {
		keep(&ev);
		antre_events_free(&ev);
		return "(refused)";
	}
	antre_strlcpy(number, t->number, sizeof(number));
	keep(&ev);
	antre_events_free(&ev);
	return number;
}

/* Run a counter action; returns rc. *number gets the ticket the counter now holds. */
static int act(antre_queue_t *q, const char *counter, const char *action, const char *arg,
	       const char **number)
{
	static char held[ANTRE_NUMBER_MAX];
	antre_events_t ev;
	const antre_ticket_t *t = NULL;
	int rc;

	antre_events_init(&ev);
	antre_fake_clock_advance(&fc, 1000);
	rc = antre_queue_counter(q, antre_config_counter_index(&cfg, counter),
				 (antre_action_t)antre_action_parse(action), arg, &ev, &t);
	keep(&ev);
	antre_events_free(&ev);
	antre_strlcpy(held, t ? t->number : "-", sizeof(held));
	if (number)
		*number = held;
	return rc;
}

static const char *call_next(antre_queue_t *q, const char *counter)
{
	const char *n = "-";
	if (act(q, counter, "call-next", NULL, &n) < 0)
		return "(refused)";
	return n;
}

TEST(numbering_per_prefix)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	ASSERT_EQ_STR(issue(q, "S1", 0), "A001");
	ASSERT_EQ_STR(issue(q, "S1", 0), "A002");
	ASSERT_EQ_STR(issue(q, "S2", 0), "B001");
	ASSERT_EQ_STR(issue(q, "J", 0), "P001");
	ASSERT_EQ_STR(issue(q, "S1", 1), "A003");
	ASSERT_EQ_INT(antre_queue_waiting(q, 0), 4);   /* J starts at S1 */
	ASSERT_EQ_INT(strlen(antre_queue_ticket_at(q, 0)->id), 16);
	ASSERT_TRUE(strcmp(antre_queue_ticket_at(q, 0)->id, antre_queue_ticket_at(q, 1)->id) != 0);
	/* the very first command of an office opens its day */
	ASSERT_EQ_INT(all.v[0].type, ANTRE_EV_DAY_RESET);
	ASSERT_EQ_STR(antre_queue_day(q), "2026-11-27");
	for (size_t i = 0; i < all.n; i++)
		ASSERT_EQ_INT(all.v[i].seq, (int64_t)i + 1);
	antre_queue_destroy(q);
}

TEST(width_grows_past_999)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	const char *last = NULL;
	for (int i = 0; i < 999; i++)
		last = issue(q, "S1", 0);
	ASSERT_EQ_STR(last, "A999");
	ASSERT_EQ_STR(issue(q, "S1", 0), "A1000");
	ASSERT_EQ_STR(issue(q, "S1", 0), "A1001");
	ASSERT_TRUE(antre_queue_find_number(q, "A1000") != NULL);
	antre_queue_destroy(q);
}

TEST(overlapping_counters_share_one_fair_line)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	issue(q, "S2", 0);   /* B001 first in time */
	issue(q, "S1", 0);   /* A001 */
	issue(q, "S2", 0);   /* B002 */
	issue(q, "S1", 0);   /* A002 */
	/* counter 2 serves S1+S2: strictly by arrival across both */
	ASSERT_EQ_STR(call_next(q, "2"), "B001");
	/* counter 1 serves S1 only: the earliest S1 ticket */
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_EQ_STR(call_next(q, "2"), "B002");
	ASSERT_EQ_STR(call_next(q, "2"), "A002");
	ASSERT_EQ_STR(call_next(q, "2"), "-");      /* nobody waiting: 204 */
	ASSERT_EQ_INT(antre_queue_waiting(q, 0) + antre_queue_waiting(q, 1), 0);
	antre_queue_destroy(q);
}

TEST(ties_go_to_lower_seq)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	antre_events_t ev;
	const antre_ticket_t *t;
	antre_events_init(&ev);
	/* same millisecond: the earlier event wins */
	antre_queue_issue(q, &(antre_issue_t){ 1, -1, 0, -1, NULL, NULL }, &ev, &t);
	antre_queue_issue(q, &(antre_issue_t){ 0, -1, 0, -1, NULL, NULL }, &ev, &t);
	keep(&ev);
	ASSERT_EQ_STR(call_next(q, "2"), "B001");
	ASSERT_EQ_STR(call_next(q, "2"), "A001");
	antre_events_free(&ev);
	antre_queue_destroy(q);
}

TEST(priority_one_in_three)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	const char *want[] = { "A001", "A004", "A005", "A002", "A006", "A007", "A003",
			       "A008", "A009", "-" };
	for (int i = 0; i < 3; i++)
		issue(q, "S1", 1);        /* A001..A003 priority */
	for (int i = 0; i < 6; i++)
		issue(q, "S1", 0);        /* A004..A009 regular */
	for (int i = 0; i < 10; i++)
		ASSERT_EQ_STR(call_next(q, "1"), want[i]);
	antre_queue_destroy(q);
}

TEST(priority_one_in_three_without_regulars_calls_priority)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	issue(q, "S1", 0);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	issue(q, "S1", 1);
	issue(q, "S1", 1);
	/* nobody regular waits: priority tickets are called back to back */
	ASSERT_EQ_STR(call_next(q, "1"), "A002");
	ASSERT_EQ_STR(call_next(q, "1"), "A003");
	antre_queue_destroy(q);
}

TEST(priority_strict)
{
	antre_queue_t *q = make_queue(small_office, "priority_policy = strict\n");
	issue(q, "S1", 0);
	issue(q, "S1", 1);
	issue(q, "S1", 0);
	issue(q, "S1", 1);
	ASSERT_EQ_STR(call_next(q, "1"), "A002");
	ASSERT_EQ_STR(call_next(q, "1"), "A004");
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_EQ_STR(call_next(q, "1"), "A003");
	antre_queue_destroy(q);
}

TEST(cpmi_journey_walks_six_desks_with_one_number)
{
	antre_queue_t *q = make_ltsa();
	const char *desks[] = { "1", "4", "6", "7", "9", "10" };
	const char *services[] = { "DISNAKER", "KESEHATAN", "SKCK", "IMIGRASI", "BPJS", "PAP" };
	const antre_ticket_t *t;
	const char *n;

	ASSERT_EQ_STR(issue(q, "CPMI", 0), "P001");
	for (int k = 0; k < 6; k++) {
		t = antre_queue_find_number(q, "P001");
		ASSERT_EQ_STR(cfg.services[t->service].id, services[k]);
		ASSERT_EQ_INT(t->step, k);
		ASSERT_EQ_INT(t->state, ANTRE_TS_WAITING);
		ASSERT_EQ_STR(call_next(q, desks[k]), "P001");
		ASSERT_EQ_INT(act(q, desks[k], "start", NULL, &n), 0);
		antre_fake_clock_advance(&fc, 5 * MIN);
		ASSERT_EQ_INT(act(q, desks[k], "finish", NULL, &n), 0);
	}
	t = antre_queue_find_number(q, "P001");
	ASSERT_EQ_INT(t->state, ANTRE_TS_DONE);
	ASSERT_EQ_STR(t->number, "P001");
	for (int s = 0; s < cfg.n_services; s++)
		ASSERT_EQ_INT(antre_queue_waiting(q, s), 0);
	antre_queue_destroy(q);
}

TEST(no_show_then_reinstate_by_number)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	const char *n;
	issue(q, "S1", 0);
	issue(q, "S1", 0);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_EQ_INT(act(q, "1", "no-show", NULL, &n), 0);
	ASSERT_EQ_INT(antre_queue_find_number(q, "A001")->state, ANTRE_TS_NO_SHOW);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).ticket, -1);
	ASSERT_EQ_STR(call_next(q, "1"), "A002");   /* the no-show is not called again */
	/* the applicant comes back: the clerk calls the number; A002 is finished first */
	ASSERT_EQ_INT(act(q, "1", "call", "a001", &n), 0);
	ASSERT_EQ_STR(n, "A001");
	ASSERT_EQ_INT(antre_queue_find_number(q, "A002")->state, ANTRE_TS_DONE);
	ASSERT_EQ_INT(antre_queue_find_number(q, "A001")->state, ANTRE_TS_CALLED);
	/* a finished ticket cannot be called; an unknown number is not found */
	ASSERT_EQ_INT(act(q, "2", "call", "A002", &n), ANTRE_E_CONFLICT);
	ASSERT_CONTAINS(antre_queue_last_error(q), "A002 is done");
	ASSERT_EQ_INT(act(q, "2", "call", "A001", &n), ANTRE_E_CONFLICT);
	ASSERT_CONTAINS(antre_queue_last_error(q), "A001 is already called at Loket 1");
	ASSERT_EQ_INT(act(q, "2", "call", "A777", &n), ANTRE_E_NOTFOUND);
	antre_queue_destroy(q);
}

/* Run a command that must be refused, and check nothing changed: one statement, whose
 * comma operator takes the dump before the command runs. */
static char *refused_before_;

static void refused_check_(const char *file, int line, antre_queue_t *q, long long got,
			   long long code, const char *expr, const char *got_expr,
			   const char *code_expr)
{
	char *before = refused_before_, *after = antre_queue_dump(q);
	int same = strcmp(before, after) == 0;

	refused_before_ = NULL;
	free(before);
	free(after);
	test_eq_int_at(file, line, got, code, got_expr, code_expr);
	if (!same)
		test_fail_at(file, line, "state changed by refused %s", expr);
}

#define REFUSED_STR_(x) #x
#define REFUSED(q, expr, code)                                                        \
	(refused_before_ = antre_queue_dump(q),                                        \
	 refused_check_(__FILE__, __LINE__, (q), (expr), (code), #expr, "(" #expr ")",  \
			REFUSED_STR_((code))))

TEST(illegal_transitions_change_nothing)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	antre_events_t ev;
	const antre_ticket_t *t;
	const char *n;

	antre_events_init(&ev);
	issue(q, "S1", 0);
	REFUSED(q, act(q, "1", "recall", NULL, &n), ANTRE_E_CONFLICT);
	ASSERT_CONTAINS(antre_queue_last_error(q), "Loket 1 has no ticket to recall");
	REFUSED(q, act(q, "1", "finish", NULL, &n), ANTRE_E_CONFLICT);
	REFUSED(q, act(q, "1", "no-show", NULL, &n), ANTRE_E_CONFLICT);
	REFUSED(q, act(q, "1", "transfer", "S2", &n), ANTRE_E_CONFLICT);
	REFUSED(q, act(q, "9", "open", NULL, &n), ANTRE_E_NOTFOUND);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	REFUSED(q, act(q, "1", "transfer", "NOPE", &n), ANTRE_E_INVALID);
	REFUSED(q, act(q, "1", "pause", NULL, &n), ANTRE_E_CONFLICT);
	ASSERT_CONTAINS(antre_queue_last_error(q), "Loket 1 holds A001 (called)");
	REFUSED(q, act(q, "1", "close", NULL, &n), ANTRE_E_CONFLICT);
	ASSERT_EQ_INT(act(q, "1", "start", NULL, &n), 0);
	REFUSED(q, act(q, "1", "start", NULL, &n), ANTRE_E_CONFLICT);
	REFUSED(q, act(q, "1", "recall", NULL, &n), ANTRE_E_CONFLICT);
	REFUSED(q, act(q, "1", "no-show", NULL, &n), ANTRE_E_CONFLICT);
	ASSERT_CONTAINS(antre_queue_last_error(q), "A001 is already being served at Loket 1");
	REFUSED(q, act(q, "1", "call", "", &n), ANTRE_E_INVALID);
	ASSERT_EQ_INT(act(q, "1", "finish", NULL, &n), 0);
	REFUSED(q, antre_queue_cancel(q, antre_queue_find_number(q, "A001")->id, "x", -1, &ev, &t),
		ANTRE_E_CONFLICT);
	REFUSED(q, antre_queue_cancel(q, "0000000000000000", "x", -1, &ev, &t), ANTRE_E_NOTFOUND);
	REFUSED(q, antre_queue_issue(q, &(antre_issue_t){ 0, 0, 0, -1, NULL, NULL }, &ev, &t), ANTRE_E_INVALID);
	REFUSED(q, antre_queue_issue(q, &(antre_issue_t){ -1, -1, 0, -1, NULL, NULL }, &ev, &t), ANTRE_E_INVALID);
	REFUSED(q, antre_queue_issue(q, &(antre_issue_t){ 77, -1, 0, -1, NULL, NULL }, &ev, &t), ANTRE_E_INVALID);
	ASSERT_EQ_INT(ev.n, 0);
	antre_events_free(&ev);
	antre_queue_destroy(q);
}

TEST(counter_open_pause_close)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	const char *n;
	size_t before;
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).state, ANTRE_CS_CLOSED);
	ASSERT_EQ_INT(act(q, "1", "open", NULL, &n), 0);
	before = all.n;
	ASSERT_EQ_INT(act(q, "1", "open", NULL, &n), 0);     /* harmless, no event */
	ASSERT_EQ_INT(all.n, before);
	ASSERT_EQ_INT(act(q, "1", "pause", NULL, &n), 0);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).state, ANTRE_CS_PAUSED);
	ASSERT_EQ_INT(act(q, "1", "close", NULL, &n), 0);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).state, ANTRE_CS_CLOSED);
	/* call-next on a closed counter opens it, even with nobody waiting */
	ASSERT_EQ_STR(call_next(q, "1"), "-");
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).state, ANTRE_CS_OPEN);
	ASSERT_EQ_INT(all.v[all.n - 1].type, ANTRE_EV_COUNTER_OPENED);
	antre_queue_destroy(q);
}

TEST(call_next_finishes_the_held_ticket)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	issue(q, "J", 0);
	issue(q, "S1", 0);
	ASSERT_EQ_STR(call_next(q, "1"), "P001");
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	/* P001 finished at S1 and waits at S2, its next step */
	ASSERT_EQ_INT(antre_queue_find_number(q, "P001")->state, ANTRE_TS_WAITING);
	ASSERT_EQ_STR(cfg.services[antre_queue_find_number(q, "P001")->service].id, "S2");
	ASSERT_EQ_STR(call_next(q, "3"), "P001");
	ASSERT_EQ_STR(call_next(q, "1"), "-");
	ASSERT_EQ_INT(antre_queue_find_number(q, "A001")->state, ANTRE_TS_DONE);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).served, 2);
	antre_queue_destroy(q);
}

TEST(transfer_within_journey_and_detour)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	const antre_ticket_t *t;
	const char *n;
	issue(q, "J", 0);
	issue(q, "J", 0);
	ASSERT_EQ_STR(call_next(q, "1"), "P001");
	/* to a later step of the journey: it continues from there */
	ASSERT_EQ_INT(act(q, "1", "transfer", "S3", &n), 0);
	t = antre_queue_find_number(q, "P001");
	ASSERT_EQ_INT(t->step, 2);
	ASSERT_EQ_INT(t->state, ANTRE_TS_WAITING);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).ticket, -1);
	ASSERT_EQ_STR(call_next(q, "3"), "P001");
	ASSERT_EQ_INT(act(q, "3", "finish", NULL, &n), 0);
	ASSERT_EQ_INT(antre_queue_find_number(q, "P001")->state, ANTRE_TS_DONE);
	/* to a service outside the journey: a detour, then back to the same step */
	ASSERT_EQ_STR(call_next(q, "1"), "P002");
	ASSERT_EQ_INT(act(q, "1", "transfer", "S4", &n), 0);
	ASSERT_EQ_STR(call_next(q, "3"), "P002");
	ASSERT_EQ_INT(act(q, "3", "finish", NULL, &n), 0);
	t = antre_queue_find_number(q, "P002");
	ASSERT_EQ_STR(cfg.services[t->service].id, "S1");
	ASSERT_EQ_INT(t->step, 0);
	ASSERT_EQ_INT(t->state, ANTRE_TS_WAITING);
	antre_queue_destroy(q);
}

TEST(cancel_releases_line_and_counter)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	antre_events_t ev;
	const antre_ticket_t *t;
	char id1[32], id2[32];
	antre_events_init(&ev);
	issue(q, "S1", 0);
	issue(q, "S1", 0);
	antre_strlcpy(id1, antre_queue_find_number(q, "A001")->id, sizeof(id1));
	antre_strlcpy(id2, antre_queue_find_number(q, "A002")->id, sizeof(id2));
	ASSERT_EQ_INT(antre_queue_cancel(q, id2, "print_failed", -1, &ev, &t), 0);
	ASSERT_EQ_INT(t->state, ANTRE_TS_CANCELLED);
	ASSERT_EQ_STR(ev.v[ev.n - 1].reason, "print_failed");
	ASSERT_EQ_INT(antre_queue_waiting(q, 0), 1);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_EQ_INT(antre_queue_cancel(q, id1, NULL, -1, &ev, &t), 0);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).ticket, -1);
	ASSERT_EQ_STR(call_next(q, "1"), "-");
	antre_events_free(&ev);
	antre_queue_destroy(q);
}

TEST(day_reset_at_midnight_expires_open_tickets)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	antre_events_t ev;
	size_t first;
	antre_events_init(&ev);
	issue(q, "S1", 0);
	issue(q, "S1", 0);
	issue(q, "S2", 0);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	/* 23:59:58 local: same day */
	antre_fake_clock_advance(&fc, (16 * 60 - 1) * MIN - 60000);
	ASSERT_EQ_INT(antre_queue_tick(q, &ev), 0);
	ASSERT_EQ_INT(ev.n, 0);
	antre_fake_clock_advance(&fc, 3 * MIN);   /* past midnight */
	first = all.n;
	ASSERT_EQ_STR(issue(q, "S1", 0), "A001");   /* numbering restarts */
	ASSERT_EQ_STR(antre_queue_day(q), "2026-11-28");
	/* A001 (called), A002, B001 expired, then day.reset, then the new ticket */
	ASSERT_EQ_INT(all.n - first, 5);
	ASSERT_EQ_INT(all.v[first].type, ANTRE_EV_TICKET_EXPIRED);
	ASSERT_EQ_STR(all.v[first].day, "2026-11-27");
	ASSERT_EQ_INT(all.v[first + 3].type, ANTRE_EV_DAY_RESET);
	ASSERT_EQ_STR(all.v[first + 3].day, "2026-11-28");
	ASSERT_EQ_INT(all.v[first + 4].type, ANTRE_EV_TICKET_ISSUED);
	ASSERT_EQ_INT(antre_queue_ticket_count(q), 1);
	ASSERT_EQ_INT(antre_queue_waiting(q, 1), 0);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).state, ANTRE_CS_CLOSED);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).ticket, -1);
	ASSERT_TRUE(antre_queue_find_number(q, "B001") == NULL);
	antre_events_free(&ev);
	antre_queue_destroy(q);
}

TEST(reset_at_three_in_the_morning)
{
	antre_queue_t *q = make_queue(small_office, "reset_at = 03:00\n");
	antre_events_t ev;
	antre_events_init(&ev);
	issue(q, "S1", 0);
	ASSERT_EQ_STR(antre_queue_day(q), "2026-11-27");
	antre_fake_clock_advance(&fc, 17 * HOUR);   /* 01:00 local, next day */
	ASSERT_EQ_STR(issue(q, "S1", 0), "A002");
	ASSERT_EQ_STR(antre_queue_day(q), "2026-11-27");
	antre_fake_clock_advance(&fc, 2 * HOUR);    /* 03:00:01 */
	antre_queue_tick(q, &ev);
	ASSERT_EQ_INT(ev.n, 3);   /* two expired + reset */
	ASSERT_EQ_STR(antre_queue_day(q), "2026-11-28");
	ASSERT_EQ_STR(issue(q, "S1", 0), "A001");
	antre_events_free(&ev);
	antre_queue_destroy(q);
}

TEST(carry_over_keeps_open_tickets_and_their_numbers)
{
	antre_queue_t *q = make_queue(small_office, "carry_over = yes\n");
	issue(q, "S1", 0);
	issue(q, "S1", 0);
	issue(q, "S1", 0);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_EQ_INT(act(q, "1", "finish", NULL, NULL), 0);
	ASSERT_EQ_STR(call_next(q, "1"), "A002");     /* held over midnight */
	antre_fake_clock_advance(&fc, 17 * HOUR);
	ASSERT_EQ_STR(issue(q, "S1", 0), "A004");      /* continues after the carried */
	ASSERT_EQ_INT(antre_queue_ticket_count(q), 3);  /* A002, A003, A004 */
	ASSERT_EQ_INT(antre_queue_find_number(q, "A002")->state, ANTRE_TS_WAITING);
	ASSERT_EQ_STR(call_next(q, "1"), "A002");       /* back at its old place */
	antre_queue_destroy(q);
}

TEST(estimates_from_moving_average_and_open_counters)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	antre_events_t ev;
	const antre_ticket_t *t;
	antre_events_init(&ev);
	for (int i = 0; i < 4; i++)
		issue(q, "S1", 0);
	t = antre_queue_find_number(q, "A004");
	ASSERT_EQ_INT(antre_queue_ahead(q, t), 3);
	ASSERT_EQ_INT(antre_queue_ahead_newest(q, t), 3);
	/* no counter open yet: no estimate (server helper, issue 12) */
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 0, 3), ANTRE_EST_UNKNOWN);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_EQ_STR(call_next(q, "2"), "A002");
	/* two open counters serve S1 now */
	ASSERT_EQ_INT(antre_queue_ahead(q, antre_queue_find_number(q, "A004")), 1);
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 0, 2), 100);
	/* a 602 s service (call, +1 s, +600 s, +1 s) pulls the average: 0.8 × 100 + 0.2 × 602 */
	antre_fake_clock_advance(&fc, 600 * 1000LL);
	ASSERT_EQ_INT(act(q, "1", "finish", NULL, NULL), 0);
	ASSERT_TRUE(antre_queue_service_mean_s(q, 0) > 200.39 &&
		    antre_queue_service_mean_s(q, 0) < 200.41);
	/* a priority ticket has nobody regular ahead */
	antre_queue_issue(q, &(antre_issue_t){ 0, -1, 1, -1, NULL, NULL }, &ev, &t);
	ASSERT_EQ_INT(antre_queue_ahead(q, t), 0);
	ASSERT_EQ_INT(antre_queue_ahead_newest(q, t), 0);
	ASSERT_EQ_INT(antre_queue_ahead(q, antre_queue_find_number(q, "A004")), 2);
	antre_events_free(&ev);
	antre_queue_destroy(q);
}

TEST(clock_running_back_keeps_the_line_in_order)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	issue(q, "S1", 0);
	antre_fake_clock_advance(&fc, -10 * MIN);     /* NTP step backwards */
	issue(q, "S1", 0);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_TRUE(antre_queue_find_number(q, "A002")->ready_at >=
		    antre_queue_find_number(q, "A001")->ready_at);
	antre_queue_destroy(q);
}

/* A long seeded random day through every command; replaying its events into a fresh
 * engine must give the same state. */
TEST(replay_rebuilds_the_same_state)
{
	antre_queue_t *q = make_queue(small_office, NULL), *r;
	static const char *const actions[] = { "call-next", "call-next", "call-next", "finish",
					       "start", "recall", "no-show", "transfer", "pause",
					       "open", "close", "call", "defer" };
	static const char *const ids[] = { "S1", "S2", "S3", "S4", "J" };
	uint32_t rng = 12345;
	char *a, *b;

	for (int i = 0; i < 5000; i++) {
		uint32_t x;
		rng = rng * 1103515245u + 12345u;
		x = rng >> 8;
		if (x % 3 == 0) {
			issue(q, ids[x / 3 % 5], (int)(x / 17 % 4 == 0));
		} else {
			char counter[4], arg[16];
			const char *act_name = actions[x / 3 % 13];
			snprintf(counter, sizeof(counter), "%u", 1 + x / 41 % 3);
			if (strcmp(act_name, "call") == 0)
				snprintf(arg, sizeof(arg), "A%03u", 1 + x / 7 % 60);
			else if (strcmp(act_name, "defer") == 0)   /* issue 13 item 5 */
				snprintf(arg, sizeof(arg), "2026-12-%02u", 1 + x / 7 % 20);
			else
				snprintf(arg, sizeof(arg), "%s", ids[x / 5 % 4]);
			act(q, counter, act_name, arg, NULL);
		}
		if (i % 97 == 0 && antre_queue_ticket_count(q) > 0) {
			antre_events_t ev;
			const antre_ticket_t *t;
			char id[32];
			antre_events_init(&ev);
			antre_strlcpy(id, antre_queue_ticket_at(q, antre_queue_ticket_count(q) - 1)->id,
				      sizeof(id));
			antre_queue_cancel(q, id, "admin", -1, &ev, &t);
			keep(&ev);
			antre_events_free(&ev);
		}
		if (i % 500 == 250) {   /* a service closes, goes limited, opens (issue 13) */
			antre_events_t ev;
			antre_events_init(&ev);
			antre_queue_set_status(q, (int)(x % 4), (antre_service_status_t)(i / 500 % 3),
					       i / 500 % 2 ? "" : "down", &ev);
			keep(&ev);
			antre_events_free(&ev);
		}
		if (i == 2500)
			antre_fake_clock_advance(&fc, 20 * HOUR);   /* a day reset mid-way */
		antre_fake_clock_advance(&fc, (int64_t)(x % 90) * 1000);
	}
	{
		int seen[ANTRE_EV__COUNT] = { 0 };
		for (size_t i = 0; i < all.n; i++)
			seen[all.v[i].type]++;
		for (int k = 0; k < ANTRE_EV__COUNT; k++)
			if (seen[k] == 0)
				TEST_FAIL_("the workload never produced %s",
					   antre_event_type_name((antre_event_type_t)k));
	}
	r = antre_queue_create(&cfg, &fc.base);
	for (size_t i = 0; i < all.n; i++)
		ASSERT_EQ_INT(antre_queue_apply(r, &all.v[i]), 0);
	a = antre_queue_dump(q);
	b = antre_queue_dump(r);
	if (strcmp(a, b) != 0) {
		free(a);
		free(b);
		TEST_FAIL_("replayed state differs from live state");
	}
	ASSERT_TRUE(strlen(a) > 1000);
	free(a);
	free(b);
	/* and an event out of order is refused */
	ASSERT_EQ_INT(antre_queue_apply(r, &all.v[0]), ANTRE_E_INVALID);
	antre_queue_destroy(q);
	antre_queue_destroy(r);
}

static double ts_ms(const struct timespec *ts)
{
	return (double)ts->tv_sec * 1e3 + (double)ts->tv_nsec / 1e6;
}

/* ---- clocks that lie (docs/clock.md) ---- */

/* UTC ms of a local WIB time, for setting the fake clock to a date. */
static int64_t wib_ms(int y, int mo, int d, int h, int mi, int sec)
{
	/* Howard Hinnant's days_from_civil */
	int64_t yy = mo <= 2 ? y - 1 : y;
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	int64_t local_s = days * 86400 + (int64_t)h * 3600 + (int64_t)mi * 60 + sec;
	return (local_s - (int64_t)WIB) * 1000;
}

static int tick(antre_queue_t *q)
{
	antre_events_t ev;
	int n;
	antre_events_init(&ev);
	antre_queue_tick(q, &ev);
	n = (int)ev.n;
	keep(&ev);
	antre_events_free(&ev);
	return n;
}

/* No two ticket.issued events in `all` share a number under the same day label. */
static int numbers_unique_per_label(void)
{
	for (size_t i = 0; i < all.n; i++) {
		if (all.v[i].type != ANTRE_EV_TICKET_ISSUED)
			continue;
		for (size_t k = i + 1; k < all.n; k++)
			if (all.v[k].type == ANTRE_EV_TICKET_ISSUED &&
			    strcmp(all.v[i].number, all.v[k].number) == 0 &&
			    strcmp(all.v[i].day, all.v[k].day) == 0) {
				fprintf(stderr, "%s issued twice under %s (seq %" PRId64 ", %" PRId64
					")\n", all.v[i].number, all.v[i].day, all.v[i].seq,
					all.v[k].seq);
				return 0;
			}
	}
	return 1;
}

/* Replay `all` from where the store would start (the last day.reset with aux == 0)
 * into a fresh engine; 1 when its dump equals q's. */
static int replay_matches(const antre_queue_t *q, antre_queue_t **replayed)
{
	antre_queue_t *r = antre_queue_create(&cfg, &fc.base);
	size_t from = 0;
	char *a, *b;
	int same;

	for (size_t i = 0; i < all.n; i++)
		if (all.v[i].type == ANTRE_EV_DAY_RESET && all.v[i].aux == 0)
			from = i;
	for (size_t i = from; i < all.n; i++)
		if (antre_queue_apply(r, &all.v[i]) < 0)
			fprintf(stderr, "replay refused seq %" PRId64 "\n", all.v[i].seq);
	a = antre_queue_dump(q);
	b = antre_queue_dump(r);
	same = strcmp(a, b) == 0;
	if (!same)
		fprintf(stderr, "live:\n%s\nreplayed:\n%s\n", a, b);
	free(a);
	free(b);
	if (replayed)
		*replayed = r;
	else
		antre_queue_destroy(r);
	return same;
}

TEST(clock_set_back_keeps_the_day_until_the_next_reset_at)
{
	antre_queue_t *q = make_queue(small_office, NULL), *r = NULL;

	ASSERT_EQ_STR(issue(q, "S1", 0), "A001");          /* 2026-11-27, a normal day */
	/* the PC boots with its clock five months ahead */
	fc.now_ms = wib_ms(2027, 5, 1, 10, 0, 0);
	ASSERT_EQ_STR(issue(q, "S1", 0), "A001");          /* a new label: numbers restart */
	ASSERT_EQ_STR(issue(q, "S1", 0), "A002");
	ASSERT_EQ_STR(issue(q, "S2", 0), "B001");
	ASSERT_EQ_STR(issue(q, "J", 0), "P001");
	ASSERT_EQ_STR(antre_queue_day(q), "2027-05-01");

	/* NTP corrects it: no roll back, numbers go on */
	fc.now_ms = wib_ms(2026, 12, 1, 10, 0, 0);
	ASSERT_EQ_INT(tick(q), 0);
	ASSERT_EQ_STR(antre_queue_day(q), "2027-05-01");
	ASSERT_EQ_STR(issue(q, "S1", 0), "A003");
	ASSERT_EQ_STR(issue(q, "S2", 0), "B002");
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	fc.now_ms = wib_ms(2026, 12, 1, 23, 59, 30);
	ASSERT_EQ_INT(tick(q), 0);
	ASSERT_EQ_STR(antre_queue_day(q), "2027-05-01");

	/* the next reset_at (00:00) it crosses rolls the day, into an earlier label */
	fc.now_ms = wib_ms(2026, 12, 2, 0, 0, 30);
	ASSERT_TRUE(tick(q) > 0);
	ASSERT_EQ_STR(antre_queue_day(q), "2026-12-02");
	ASSERT_EQ_INT(antre_queue_ticket_count(q), 0);     /* the open ones expired */
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).state, ANTRE_CS_CLOSED);
	ASSERT_TRUE(all.v[all.n - 1].aux != 0);            /* the store cannot start here */
	ASSERT_EQ_STR(issue(q, "S1", 0), "A004");          /* the numbers carry on */
	/* and times are true again: stamped now, not at the far-ahead clock's last event */
	ASSERT_TRUE(antre_queue_find_number(q, "A004")->issued_at < wib_ms(2026, 12, 2, 0, 5, 0));
	ASSERT_EQ_STR(issue(q, "S2", 0), "B003");
	ASSERT_EQ_STR(issue(q, "J", 0), "P002");
	ASSERT_EQ_STR(issue(q, "S3", 0), "C001");

	/* a small step back across midnight rolls nothing back */
	fc.now_ms = wib_ms(2026, 12, 2, 0, 2, 0);
	ASSERT_EQ_INT(tick(q), 0);
	fc.now_ms = wib_ms(2026, 12, 1, 23, 57, 0);
	ASSERT_EQ_INT(tick(q), 0);
	ASSERT_EQ_STR(antre_queue_day(q), "2026-12-02");
	ASSERT_EQ_STR(issue(q, "S1", 0), "A005");
	fc.now_ms = wib_ms(2026, 12, 2, 0, 1, 0);          /* and forward over it again */
	ASSERT_EQ_INT(tick(q), 0);
	ASSERT_EQ_STR(antre_queue_day(q), "2026-12-02");
	ASSERT_EQ_STR(issue(q, "S1", 0), "A006");

	/* a step forward past reset_at rolls at the next tick */
	fc.now_ms = wib_ms(2026, 12, 3, 9, 0, 0);
	ASSERT_TRUE(tick(q) > 0);
	ASSERT_EQ_STR(antre_queue_day(q), "2026-12-03");
	ASSERT_EQ_STR(issue(q, "S1", 0), "A007");          /* still under 2027-05-01's run */
	ASSERT_TRUE(numbers_unique_per_label());

	/* the events replay, from where the store would start, into the same state */
	ASSERT_TRUE(replay_matches(q, &r));
	fc.now_ms = wib_ms(2026, 12, 3, 9, 5, 0);
	ASSERT_EQ_STR(issue(r, "S1", 0), "A008");
	antre_queue_destroy(r);

	/* once the clock passes the latest label used, a new day starts at 1 again */
	fc.now_ms = wib_ms(2027, 5, 2, 8, 0, 0);
	ASSERT_TRUE(tick(q) > 0);
	ASSERT_EQ_STR(antre_queue_day(q), "2027-05-02");
	ASSERT_TRUE(all.v[all.n - 1].aux == 0);
	ASSERT_EQ_STR(issue(q, "S1", 0), "A001");
	ASSERT_TRUE(replay_matches(q, NULL));
	antre_queue_destroy(q);
}

/* The label the clock comes back to may have been used before (the clock ran ahead by
 * one day only): its numbers still never repeat. */
TEST(clock_ahead_one_day_then_back_never_repeats_a_number)
{
	antre_queue_t *q = make_queue(small_office, NULL);

	fc.now_ms = wib_ms(2026, 12, 1, 9, 0, 0);
	ASSERT_EQ_STR(issue(q, "S1", 0), "A001");
	fc.now_ms = wib_ms(2026, 12, 3, 9, 0, 0);          /* two days ahead */
	ASSERT_EQ_STR(issue(q, "S1", 0), "A001");
	ASSERT_EQ_STR(issue(q, "S1", 0), "A002");
	fc.now_ms = wib_ms(2026, 12, 1, 9, 5, 0);          /* corrected */
	ASSERT_EQ_STR(issue(q, "S1", 0), "A003");
	ASSERT_EQ_STR(antre_queue_day(q), "2026-12-03");
	fc.now_ms = wib_ms(2026, 12, 2, 8, 0, 0);          /* the night passes */
	ASSERT_EQ_STR(issue(q, "S1", 0), "A004");
	ASSERT_EQ_STR(antre_queue_day(q), "2026-12-02");
	fc.now_ms = wib_ms(2026, 12, 3, 8, 0, 0);          /* 2026-12-03 again */
	ASSERT_EQ_STR(issue(q, "S1", 0), "A005");
	ASSERT_EQ_STR(antre_queue_day(q), "2026-12-03");
	fc.now_ms = wib_ms(2026, 12, 4, 8, 0, 0);          /* a new label at last */
	ASSERT_EQ_STR(issue(q, "S1", 0), "A001");
	ASSERT_TRUE(numbers_unique_per_label());
	ASSERT_TRUE(replay_matches(q, NULL));
	antre_queue_destroy(q);
}

/* antred restarted while its clock is behind the office day: the replayed engine
 * starts from the newest event's time and still rolls at the next reset_at. */
TEST(restart_while_the_clock_is_behind)
{
	antre_queue_t *q = make_queue(small_office, NULL), *r = NULL;

	fc.now_ms = wib_ms(2027, 5, 1, 10, 0, 0);
	issue(q, "S1", 0);
	fc.now_ms = wib_ms(2026, 12, 1, 10, 0, 0);
	ASSERT_EQ_STR(issue(q, "S1", 0), "A002");
	ASSERT_TRUE(replay_matches(q, &r));
	antre_queue_destroy(q);

	fc.now_ms = wib_ms(2026, 12, 1, 10, 5, 0);
	ASSERT_EQ_INT(tick(r), 0);
	ASSERT_EQ_STR(antre_queue_day(r), "2027-05-01");
	fc.now_ms = wib_ms(2026, 12, 2, 0, 0, 1);
	ASSERT_TRUE(tick(r) > 0);
	ASSERT_EQ_STR(antre_queue_day(r), "2026-12-02");
	ASSERT_EQ_STR(issue(r, "S1", 0), "A003");
	ASSERT_TRUE(numbers_unique_per_label());
	antre_queue_destroy(r);
}

/* Deadlines are on CLOCK_MONOTONIC, and a cond from antre_cond_init_monotonic waits
 * on that clock: a step of the wall clock can neither stretch nor cut a wait. */
TEST(deadlines_wait_on_the_monotonic_clock)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cond;
	struct timespec before, deadline, after;
	int rc;

	ASSERT_EQ_INT(antre_cond_init_monotonic(&cond), 0);
	clock_gettime(CLOCK_MONOTONIC, &before);
	antre_deadline_in(&deadline, 50);
	clock_gettime(CLOCK_MONOTONIC, &after);
	/* the deadline is 50 ms after a CLOCK_MONOTONIC reading taken inside the call */
	ASSERT_TRUE(ts_ms(&deadline) >= ts_ms(&before) + 50);
	ASSERT_TRUE(ts_ms(&deadline) <= ts_ms(&after) + 50);
	ASSERT_TRUE(deadline.tv_nsec >= 0 && deadline.tv_nsec < 1000000000);

	pthread_mutex_lock(&lock);
	do
		rc = pthread_cond_timedwait(&cond, &lock, &deadline);
	while (rc == 0);   /* spurious wake-ups */
	pthread_mutex_unlock(&lock);
	ASSERT_EQ_INT(rc, ETIMEDOUT);
	/* It timed out against CLOCK_MONOTONIC: that clock has passed the deadline. (On a
	 * CLOCK_REALTIME cond this deadline lies in 1970 and the wait returns at once.) */
	clock_gettime(CLOCK_MONOTONIC, &after);
	ASSERT_TRUE(ts_ms(&after) >= ts_ms(&deadline));
	pthread_cond_destroy(&cond);
}

/* ---- The counter flow (issue 12 item 11) ---- */

/* A number for a service the counter does not serve is refused with a sentence that
 * names both, and nothing changes: not the ticket, not the ticket the counter holds. */
TEST(call_of_a_service_not_served_is_refused)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	const char *n;

	issue(q, "S1", 0);
	issue(q, "S2", 0);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	REFUSED(q, act(q, "1", "call", "B001", &n), ANTRE_E_CONFLICT);
	ASSERT_CONTAINS(antre_queue_last_error(q), "B001 menunggu S2; Loket 1 tidak melayani S2");
	ASSERT_CONTAINS(antre_queue_last_error(q), "B001 waits for S2, which Loket 1 does not serve");
	ASSERT_EQ_INT(antre_queue_find_number(q, "A001")->state, ANTRE_TS_CALLED);
	ASSERT_EQ_INT(antre_queue_find_number(q, "B001")->state, ANTRE_TS_WAITING);
	/* a counter that serves it calls it, and finishing marks S2's step, not S1's */
	ASSERT_EQ_INT(act(q, "3", "call", "B001", &n), 0);
	ASSERT_EQ_STR(n, "B001");
	antre_queue_destroy(q);
}

/* A finished ticket keeps the times of its last call, and a replay keeps them too. */
TEST(finish_keeps_called_at_and_started_at)
{
	antre_queue_t *q = make_queue(small_office, NULL), *r;
	const antre_ticket_t *t;
	int64_t called, started;
	char *a, *b;
	const char *n;

	issue(q, "S1", 0);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	called = antre_queue_find_number(q, "A001")->called_at;
	ASSERT_EQ_INT(act(q, "1", "start", NULL, &n), 0);
	started = antre_queue_find_number(q, "A001")->started_at;
	ASSERT_EQ_INT(act(q, "1", "finish", NULL, &n), 0);
	t = antre_queue_find_number(q, "A001");
	ASSERT_EQ_INT(t->state, ANTRE_TS_DONE);
	ASSERT_TRUE(called > 0 && started > called);
	ASSERT_EQ_INT(t->called_at, called);
	ASSERT_EQ_INT(t->started_at, started);
	ASSERT_TRUE(t->finished_at > started);
	r = antre_queue_create(&cfg, &fc.base);
	for (size_t i = 0; i < all.n; i++)
		ASSERT_EQ_INT(antre_queue_apply(r, &all.v[i]), 0);
	a = antre_queue_dump(q);
	b = antre_queue_dump(r);
	ASSERT_EQ_STR(a, b);
	free(a);
	free(b);
	antre_queue_destroy(r);
	antre_queue_destroy(q);
}

/* Numbers are read without case and without their zero padding: the letter, then the
 * daily number's value, written out at the office's width ("b3" and "B0003" are B003).
 * What is not a letter and digits is looked up as typed, and is not found. */
TEST(call_number_is_normalised)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	const char *n;

	issue(q, "S2", 0);
	issue(q, "S2", 0);
	issue(q, "S2", 0);
	ASSERT_EQ_INT(act(q, "3", "call", "b3", &n), 0);
	ASSERT_EQ_STR(n, "B003");
	ASSERT_EQ_INT(act(q, "3", "call", "B0002", &n), 0);
	ASSERT_EQ_STR(n, "B002");
	ASSERT_EQ_INT(act(q, "3", "call", "b001", &n), 0);
	ASSERT_EQ_STR(n, "B001");
	REFUSED(q, act(q, "3", "call", "b", &n), ANTRE_E_NOTFOUND);
	REFUSED(q, act(q, "3", "call", "b3x", &n), ANTRE_E_NOTFOUND);
	REFUSED(q, act(q, "3", "call", "b-3", &n), ANTRE_E_NOTFOUND);
	REFUSED(q, act(q, "3", "call", "b999999999", &n), ANTRE_E_NOTFOUND);
	antre_queue_destroy(q);
}

/* A service id names its service in any case, in a transfer as in the config. */
TEST(transfer_service_in_any_case)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	const char *n;

	issue(q, "S1", 0);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_EQ_INT(act(q, "1", "transfer", "s3", &n), 0);
	ASSERT_EQ_INT(antre_queue_find_number(q, "A001")->service, antre_config_service_index(&cfg, "S3"));
	ASSERT_EQ_INT(antre_config_journey_index(&cfg, "j"), antre_config_journey_index(&cfg, "J"));
	antre_queue_destroy(q);
}

/* --- issue 12 (server): estimates say "unknown" when no counter is open --- */

TEST(estimate_counts_only_open_counters_and_is_unknown_without_one)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	issue(q, "S1", 0);
	issue(q, "S1", 0);
	ASSERT_EQ_INT(antre_queue_open_counters(q, 0), 0);
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 0, 1), ANTRE_EST_UNKNOWN);
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 0, 0), ANTRE_EST_UNKNOWN);
	ASSERT_EQ_INT(act(q, "1", "open", NULL, NULL), 0);
	ASSERT_EQ_INT(antre_queue_open_counters(q, 0), 1);
	ASSERT_EQ_INT(antre_queue_open_counters(q, 1), 0);     /* counter 1 serves only S1 */
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 0, 0), 0);     /* open, nobody ahead */
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 0, 1), 100);
	ASSERT_EQ_INT(act(q, "2", "open", NULL, NULL), 0);
	ASSERT_EQ_INT(antre_queue_open_counters(q, 0), 2);
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 0, 2), 100);   /* 2 × 100 s over 2 counters */
	ASSERT_EQ_INT(act(q, "3", "open", NULL, NULL), 0);
	ASSERT_EQ_INT(antre_queue_open_counters(q, 0), 2);     /* counter 3 does not serve S1 */
	ASSERT_EQ_INT(act(q, "1", "pause", NULL, NULL), 0);
	ASSERT_EQ_INT(act(q, "2", "close", NULL, NULL), 0);
	ASSERT_EQ_INT(antre_queue_open_counters(q, 0), 0);     /* paused and closed do not count */
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 0, 2), ANTRE_EST_UNKNOWN);
	ASSERT_EQ_INT(antre_queue_open_counters(q, 1), 1);     /* S2: counter 3 */
	antre_queue_destroy(q);
}

/* --- end issue 12 (server) --- */

TEST(counter_since_is_its_last_event_of_the_day)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	antre_events_t ev;
	int64_t opened, called;
	antre_events_init(&ev);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).since_ms, 0);   /* nothing yet */
	issue(q, "S1", 0);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).since_ms, 0);   /* an issue is no counter's */
	antre_fake_clock_advance(&fc, MIN);
	ASSERT_EQ_INT(act(q, "1", "open", NULL, NULL), 0);
	opened = antre_queue_counter_status(q, 0).since_ms;
	ASSERT_TRUE(opened > 0);
	antre_fake_clock_advance(&fc, 2 * MIN);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	called = antre_queue_counter_status(q, 0).since_ms;
	ASSERT_EQ_INT(called - opened, 2 * MIN + 1000);   /* (each action takes a second) */
	antre_fake_clock_advance(&fc, 5 * MIN);
	ASSERT_EQ_INT(act(q, "1", "finish", NULL, NULL), 0);
	/* idle from the finish on; the other counters saw nothing */
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).since_ms - called, 5 * MIN + 1000);
	/* its one ticket took those 5 minutes and a second, from the call */
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).served, 1);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).service_ms, 5 * MIN + 1000);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 1).since_ms, 0);
	/* a new day starts with none */
	antre_fake_clock_advance(&fc, (int64_t)24 * 60 * MIN);
	antre_queue_tick(q, &ev);
	keep(&ev);
	ASSERT_EQ_INT(antre_queue_counter_status(q, 0).since_ms, 0);
	antre_events_free(&ev);
	antre_queue_destroy(q);
}

TEST(oldest_ready_and_priority_waiting_per_service)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	int64_t first;
	ASSERT_EQ_INT(antre_queue_oldest_ready_ms(q, 0), 0);   /* nobody waits */
	issue(q, "S1", 0);
	first = antre_queue_find_number(q, "A001")->ready_at;
	antre_fake_clock_advance(&fc, MIN);
	issue(q, "S1", 1);   /* priority, later: it is called first, but waited less */
	ASSERT_EQ_INT(antre_queue_waiting(q, 0), 2);
	ASSERT_EQ_INT(antre_queue_waiting_priority(q, 0), 1);
	ASSERT_EQ_INT(antre_queue_oldest_ready_ms(q, 0), first);
	ASSERT_EQ_STR(call_next(q, "1"), "A002");
	ASSERT_EQ_INT(antre_queue_oldest_ready_ms(q, 0), first);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_EQ_INT(antre_queue_oldest_ready_ms(q, 0), 0);
	ASSERT_EQ_INT(antre_queue_waiting_priority(q, 0), 0);
	antre_queue_destroy(q);
}

/* --- issue 13: service hours, daily quotas, service status --- */

static const char hours_office[] =
	"name = Test\nnumber_width = 3\n"
	"[service S1]\nprefix = A\nname = Imigrasi\nname_en = Immigration\n"
	"hours = 08:00-12:00, 13:00-15:00\nquota = 3\n"
	"[service S2]\nprefix = B\nname = Dukcapil\nquota = 2\n"
	"[service S3]\nprefix = C\nhours = 10:00-11:00\n"
	"[journey J]\nprefix = P\nsteps = S1, S2, S3, S2\n"
	"[journey K]\nprefix = Q\nsteps = S3, S1\n"
	"[counter 1]\nservices = S1, S2, S3\n";

/* Issue for service or journey id as kiosk (>= 0) or admin (-1), at the fake clock's
 * time; the engine's sentence goes to msg (when not NULL). Returns rc. */
static int issue_as(antre_queue_t *q, const char *id, int kiosk, const char *idem,
		    const char **msg)
{
	static char number[ANTRE_NUMBER_MAX];
	antre_events_t ev;
	const antre_ticket_t *t = NULL;
	int s = antre_config_service_index(&cfg, id), j = antre_config_journey_index(&cfg, id);
	int rc;

	antre_events_init(&ev);
	rc = antre_queue_issue(q, &(antre_issue_t){ s, j, 0, kiosk, idem, NULL }, &ev, &t);
	keep(&ev);
	antre_events_free(&ev);
	antre_strlcpy(number, t ? t->number : "-", sizeof(number));
	if (msg)
		*msg = rc < 0 ? antre_queue_last_error(q) : number;
	return rc;
}

static int set_status(antre_queue_t *q, const char *service, antre_service_status_t st,
		      const char *reason)
{
	antre_events_t ev;
	int rc, n;
	antre_events_init(&ev);
	rc = antre_queue_set_status(q, antre_config_service_index(&cfg, service), st, reason, &ev);
	n = (int)ev.n;
	keep(&ev);
	antre_events_free(&ev);
	return rc < 0 ? rc : n;
}

#define AT(h, m, s) (fc.now_ms = wib_ms(2026, 11, 27, h, m, s))

TEST(hours_open_and_close_at_the_minute)
{
	antre_queue_t *q = make_queue(hours_office, NULL);
	const char *msg;

	AT(7, 59, 59);
	ASSERT_EQ_INT(issue_as(q, "S1", 0, NULL, &msg), ANTRE_E_CLOSED);
	ASSERT_CONTAINS(msg, "Layanan Imigrasi buka pukul 08:00");
	ASSERT_CONTAINS(msg, "Immigration opens at 08:00");
	ASSERT_EQ_INT(antre_queue_open_now(q, 0, fc.now_ms), 0);
	AT(8, 0, 0);
	ASSERT_EQ_INT(antre_queue_open_now(q, 0, fc.now_ms), 1);
	ASSERT_EQ_INT(issue_as(q, "S1", -1, NULL, &msg), 0);
	ASSERT_EQ_STR(msg, "A001");
	AT(11, 59, 59);
	ASSERT_EQ_INT(issue_as(q, "S1", -1, NULL, NULL), 0);
	AT(12, 0, 0);   /* the second range opens at 13:00 */
	ASSERT_EQ_INT(issue_as(q, "S1", -1, NULL, &msg), ANTRE_E_CLOSED);
	ASSERT_CONTAINS(msg, "buka pukul 13:00 / Immigration opens at 13:00");
	AT(13, 0, 0);
	ASSERT_EQ_INT(issue_as(q, "S1", -1, NULL, NULL), 0);
	AT(14, 59, 59);
	ASSERT_EQ_INT(issue_as(q, "S1", -1, NULL, NULL), 0);
	AT(15, 0, 0);
	ASSERT_EQ_INT(issue_as(q, "S1", -1, NULL, &msg), ANTRE_E_CLOSED);
	ASSERT_CONTAINS(msg, "buka besok pukul 08:00 / Immigration opens tomorrow at 08:00");
	ASSERT_EQ_INT(issue_as(q, "S2", 0, NULL, NULL), 0);   /* no hours: open all day */
	/* waiting tickets are still served after closing time */
	AT(15, 30, 0);
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_EQ_STR(call_next(q, "1"), "A002");
	ASSERT_EQ_INT(antre_queue_ticket_count(q), 5);
	antre_queue_destroy(q);
}

TEST(journey_needs_its_first_desk_open)
{
	antre_queue_t *q = make_queue(hours_office, NULL);
	const char *msg;

	AT(8, 30, 0);   /* S1 open, S3 (a later desk of J) not yet */
	ASSERT_EQ_INT(issue_as(q, "J", 0, NULL, &msg), 0);
	ASSERT_EQ_STR(msg, "P001");
	ASSERT_EQ_INT(issue_as(q, "K", 0, NULL, &msg), ANTRE_E_CLOSED);   /* K starts at S3 */
	ASSERT_CONTAINS(msg, "buka pukul 10:00");
	AT(10, 0, 0);
	ASSERT_EQ_INT(issue_as(q, "K", 0, NULL, NULL), 0);
	AT(12, 30, 0);  /* S1 closed: J's first desk */
	ASSERT_EQ_INT(issue_as(q, "J", 0, NULL, &msg), ANTRE_E_CLOSED);
	ASSERT_CONTAINS(msg, "Imigrasi");
	antre_queue_destroy(q);
}

TEST(quota_counts_kiosk_tickets_and_every_desk_of_a_journey)
{
	antre_queue_t *q = make_queue(hours_office, NULL);
	const char *msg;

	AT(10, 0, 0);
	ASSERT_EQ_INT(antre_queue_remaining(q, 1), 2);
	ASSERT_EQ_INT(antre_queue_remaining(q, 2), -1);        /* S3 has no quota */
	ASSERT_EQ_INT(issue_as(q, "S2", 0, "k1", NULL), 0);
	ASSERT_EQ_INT(antre_queue_issued_today(q, 1), 1);
	/* J takes one unit of S1, S2 and S3 (S2 twice in its steps: one unit) */
	ASSERT_EQ_INT(issue_as(q, "J", 0, NULL, NULL), 0);
	ASSERT_EQ_INT(antre_queue_issued_today(q, 0), 1);
	ASSERT_EQ_INT(antre_queue_issued_today(q, 1), 2);
	ASSERT_EQ_INT(antre_queue_issued_today(q, 2), 1);
	ASSERT_EQ_INT(antre_queue_remaining(q, 1), 0);
	ASSERT_EQ_INT(issue_as(q, "S2", 0, NULL, &msg), ANTRE_E_QUOTA);
	ASSERT_CONTAINS(msg, "Kuota Dukcapil hari ini sudah habis");
	ASSERT_EQ_INT(issue_as(q, "J", 0, NULL, &msg), ANTRE_E_QUOTA);   /* S2 is used up */
	ASSERT_CONTAINS(msg, "Dukcapil");
	ASSERT_EQ_INT(antre_queue_issued_today(q, 0), 1);                 /* refused: took none */
	/* a kiosk's retry still gets the ticket its first request made */
	ASSERT_EQ_INT(issue_as(q, "S2", 0, "k1", &msg), 1);
	/* an administrator issues past the quota, and it does not count */
	ASSERT_EQ_INT(issue_as(q, "S2", -1, NULL, NULL), 0);
	ASSERT_EQ_INT(antre_queue_issued_today(q, 1), 2);
	ASSERT_EQ_INT(issue_as(q, "S1", 0, NULL, NULL), 0);
	ASSERT_EQ_INT(issue_as(q, "S1", 0, NULL, NULL), 0);
	ASSERT_EQ_INT(issue_as(q, "S1", 0, NULL, NULL), ANTRE_E_QUOTA);  /* 3 of 3 */
	ASSERT_TRUE(replay_matches(q, NULL));
	/* the next office day starts with the whole quota */
	fc.now_ms = wib_ms(2026, 11, 28, 10, 0, 0);
	ASSERT_EQ_INT(issue_as(q, "S2", 0, NULL, &msg), 0);
	ASSERT_EQ_STR(msg, "B001");
	ASSERT_EQ_INT(antre_queue_issued_today(q, 0), 0);
	ASSERT_EQ_INT(antre_queue_issued_today(q, 1), 1);
	ASSERT_EQ_INT(antre_queue_remaining(q, 0), 3);
	antre_queue_destroy(q);
}

/* Replay as the store does: each service's latest service.status from before the day
 * reset it starts at (the last that carried nothing), then everything from there. */
static antre_queue_t *replay_like_the_store(void)
{
	antre_queue_t *r = antre_queue_create(&cfg, &fc.base);
	size_t from = 0;
	for (size_t i = 0; i < all.n; i++)
		if (all.v[i].type == ANTRE_EV_DAY_RESET && all.v[i].aux == 0)
			from = i;
	for (size_t i = 0; i < from; i++) {
		int latest = all.v[i].type == ANTRE_EV_SERVICE_STATUS;
		for (size_t k = i + 1; latest && k < from; k++)
			if (all.v[k].type == ANTRE_EV_SERVICE_STATUS &&
			    all.v[k].service == all.v[i].service)
				latest = 0;
		if (latest)
			ASSERT_EQ_INT(antre_queue_apply(r, &all.v[i]), 0);
	}
	for (size_t i = from; i < all.n; i++)
		ASSERT_EQ_INT(antre_queue_apply(r, &all.v[i]), 0);
	return r;
}

TEST(status_closed_refuses_limited_issues_and_both_outlive_the_day)
{
	antre_queue_t *q = make_queue(hours_office, NULL), *r;
	const char *msg, *reason;
	char *a, *b;

	AT(10, 0, 0);
	ASSERT_EQ_INT(set_status(q, "S1", ANTRE_SS_CLOSED, "Sistem SIMKIM mati"), 2);  /* + day */
	ASSERT_EQ_INT(all.v[all.n - 1].type, ANTRE_EV_SERVICE_STATUS);
	ASSERT_EQ_INT(set_status(q, "S1", ANTRE_SS_CLOSED, "Sistem SIMKIM mati"), 0);  /* again */
	ASSERT_EQ_INT(issue_as(q, "S1", 0, NULL, &msg), ANTRE_E_CLOSED);
	ASSERT_CONTAINS(msg, "Layanan Imigrasi ditutup: Sistem SIMKIM mati / Immigration is "
			"closed: Sistem SIMKIM mati");
	ASSERT_EQ_INT(issue_as(q, "S1", -1, NULL, NULL), ANTRE_E_CLOSED);   /* admin too */
	ASSERT_EQ_INT(issue_as(q, "J", 0, NULL, NULL), ANTRE_E_CLOSED);     /* its first desk */
	ASSERT_EQ_INT(antre_queue_open_now(q, 0, fc.now_ms), 0);
	ASSERT_EQ_INT(set_status(q, "S2", ANTRE_SS_LIMITED,
				 "Sistem pusat gangguan \xe2\x80\x93 berkas diterima, diproses kemudian"), 1);
	ASSERT_EQ_INT(issue_as(q, "S2", 0, NULL, NULL), 0);                 /* limited issues */
	ASSERT_EQ_INT(antre_queue_service_status(q, 1, &reason), ANTRE_SS_LIMITED);
	ASSERT_CONTAINS(reason, "diproses kemudian");
	ASSERT_EQ_INT(set_status(q, "S3", (antre_service_status_t)7, NULL), ANTRE_E_INVALID);
	/* two office days later, and after a restart that replays only the last day */
	fc.now_ms = wib_ms(2026, 11, 28, 10, 0, 0);
	ASSERT_EQ_INT(tick(q), 2);   /* the open S2 ticket expires; the day resets */
	fc.now_ms = wib_ms(2026, 11, 29, 10, 0, 0);
	ASSERT_EQ_INT(issue_as(q, "S1", 0, NULL, NULL), ANTRE_E_CLOSED);
	ASSERT_EQ_INT(antre_queue_service_status(q, 1, NULL), ANTRE_SS_LIMITED);
	r = replay_like_the_store();
	a = antre_queue_dump(q);
	b = antre_queue_dump(r);
	ASSERT_EQ_STR(b, a);
	ASSERT_CONTAINS(a, "service 0 closed 'Sistem SIMKIM mati'");
	free(a);
	free(b);
	ASSERT_EQ_INT(set_status(q, "S1", ANTRE_SS_OPEN, NULL), 1);
	ASSERT_EQ_INT(issue_as(q, "S1", 0, NULL, NULL), 0);
	antre_queue_destroy(r);
	antre_queue_destroy(q);
}

/* --- issue 13 items 5 and 6: journeys across days --- */

/* Replay as the store does with deferred journeys: before the day reset it starts at,
 * each service's latest status and every ticket.deferred that no return visit before
 * that reset resumed, in seq order; then everything from there. */
/* Whether ticket id was cancelled "print_failed" (it never printed) before `before`. */
static int unprinted(const char *id, size_t before)
{
	for (size_t i = 0; i < before; i++) {
		const antre_event_t *e = &all.v[i];
		if (e->type == ANTRE_EV_TICKET_CANCELLED && strcmp(e->ticket, id) == 0 &&
		    strcmp(e->reason, "print_failed") == 0)
			return 1;
	}
	return 0;
}

static antre_queue_t *replay_with_journeys(void)
{
	antre_queue_t *r = antre_queue_create(&cfg, &fc.base);
	size_t from = 0;
	for (size_t i = 0; i < all.n; i++)
		if (all.v[i].type == ANTRE_EV_DAY_RESET && all.v[i].aux == 0)
			from = i;
	for (size_t i = 0; i < from; i++) {
		const antre_event_t *e = &all.v[i];
		int take = e->type == ANTRE_EV_SERVICE_STATUS || e->type == ANTRE_EV_TICKET_DEFERRED;
		for (size_t k = i + 1; take && k < from; k++) {
			if (e->type == ANTRE_EV_SERVICE_STATUS && all.v[k].type == e->type &&
			    all.v[k].service == e->service)
				take = 0;
			if (e->type == ANTRE_EV_TICKET_DEFERRED &&
			    strcmp(all.v[k].resumes, e->ticket) == 0 && !unprinted(all.v[k].ticket, from))
				take = 0;
		}
		if (take)
			ASSERT_EQ_INT(antre_queue_apply(r, e), 0);
	}
	for (size_t i = from; i < all.n; i++)
		ASSERT_EQ_INT(antre_queue_apply(r, &all.v[i]), 0);
	return r;
}

static void replay_agrees(const antre_queue_t *q)
{
	antre_queue_t *r = replay_with_journeys();
	char *a = antre_queue_dump(q), *b = antre_queue_dump(r);
	ASSERT_EQ_STR(b, a);
	free(a);
	free(b);
	antre_queue_destroy(r);
}

/* Resume by key as a kiosk (index 0) would, its request carrying idempotency key idem
 * (NULL: none): rc; *t the ticket, *msg the refusal. */
static int resume_keyed(antre_queue_t *q, const char *key, const char *idem,
			const antre_ticket_t **t, const char **msg)
{
	antre_events_t ev;
	const antre_ticket_t *got = NULL;
	int rc;

	antre_events_init(&ev);
	antre_fake_clock_advance(&fc, 1000);
	rc = antre_queue_resume(q, key, &(antre_issue_t){ -1, -1, 0, 0, idem, NULL }, &ev, &got);
	keep(&ev);
	antre_events_free(&ev);
	if (t)
		*t = got;
	if (msg)
		*msg = antre_queue_last_error(q);
	return rc;
}

static int resume_as(antre_queue_t *q, const char *key, const antre_ticket_t **t,
		     const char **msg)
{
	return resume_keyed(q, key, NULL, t, msg);
}

static const char journey_office[] =
	"name = Test\nnumber_width = 3\n"
	"[service S1]\nprefix = A\n[service S2]\nprefix = B\n[service S3]\nprefix = C\n"
	"[journey J]\nprefix = P\nsteps = S1, S2, S3\n"
	"[counter 1]\nservices = S1\n[counter 2]\nservices = S2\n[counter 3]\nservices = S3\n";

#define ON(d, h) (fc.now_ms = wib_ms(2026, 11, d, h, 0, 0))

/* Day 27: P001 done at S1, deferred at S2 until the 29th. */
static antre_queue_t *deferred_journey(const char *office_extra, char id[ANTRE_TICKET_ID_LEN + 1],
				       char code[ANTRE_CODE_LEN + 1])
{
	antre_queue_t *q = make_queue(journey_office, office_extra);
	const antre_ticket_t *t;

	ON(27, 9);
	ASSERT_EQ_STR(issue(q, "J", 0), "P001");
	ASSERT_EQ_STR(call_next(q, "1"), "P001");
	ASSERT_EQ_INT(act(q, "1", "finish", NULL, NULL), 0);
	ASSERT_EQ_STR(call_next(q, "2"), "P001");
	ASSERT_EQ_INT(act(q, "2", "defer", "2026-11-29 same", NULL), 0);
	t = antre_queue_find_number(q, "P001");
	ASSERT_EQ_STR(antre_ticket_state_name(t->state), "deferred");
	ASSERT_EQ_STR(t->return_on, "2026-11-29");
	ASSERT_EQ_INT(antre_queue_counter_status(q, 1).ticket, -1);
	ASSERT_EQ_INT(all.v[all.n - 1].type, ANTRE_EV_TICKET_DEFERRED);
	antre_strlcpy(id, t->id, ANTRE_TICKET_ID_LEN + 1);
	antre_strlcpy(code, t->code, ANTRE_CODE_LEN + 1);
	ASSERT_EQ_INT(strlen(code), 8);
	ASSERT_TRUE(strpbrk(code, "01OIL") == NULL);
	return q;
}

TEST(defer_and_resume_across_two_and_more_day_resets)
{
	char id[ANTRE_TICKET_ID_LEN + 1], code[ANTRE_CODE_LEN + 1], typed[32], url[96];
	antre_queue_t *q = deferred_journey(NULL, id, code);
	const antre_ticket_t *t, *again;
	char today_id[ANTRE_TICKET_ID_LEN + 1];
	const char *msg;

	ASSERT_EQ_INT(resume_as(q, code, NULL, &msg), ANTRE_E_EARLY);
	ASSERT_CONTAINS(msg, "2026-11-29");
	ON(28, 9);
	ASSERT_EQ_INT(tick(q), 1);   /* the day resets; the deferred journey does not expire */
	replay_agrees(q);
	ASSERT_EQ_INT(resume_as(q, id, NULL, &msg), ANTRE_E_EARLY);
	ASSERT_EQ_INT(resume_as(q, "ZZZZ-ZZZZ", NULL, &msg), ANTRE_E_NOTFOUND);
	ASSERT_EQ_INT(resume_as(q, "nonsense", NULL, NULL), ANTRE_E_NOTFOUND);
	ON(29, 9);
	ASSERT_EQ_STR(issue(q, "J", 0), "P001");   /* a new day's numbers */
	/* the code in lower case with its dash, as a person types it */
	snprintf(typed, sizeof(typed), "%.4s-%.4s", code, code + 4);
	for (char *p = typed; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	ASSERT_EQ_INT(resume_as(q, typed, &t, NULL), 0);
	ASSERT_EQ_STR(t->number, "P002");
	ASSERT_EQ_INT(t->visit, 2);
	ASSERT_EQ_STR(t->origin, id);
	ASSERT_EQ_STR(t->since, "2026-11-27");
	ASSERT_EQ_INT(t->step, 1);
	ASSERT_EQ_INT(t->service, 1);
	ASSERT_TRUE(strcmp(t->id, id) != 0);
	antre_strlcpy(today_id, t->id, sizeof(today_id));
	/* twice the same day, by its status URL: the same ticket, not a second one */
	snprintf(url, sizeof(url), "https://antre.example/t/%s", id);
	ASSERT_EQ_INT(resume_as(q, url, &again, NULL), 1);
	ASSERT_EQ_STR(again->id, today_id);
	replay_agrees(q);
	/* served at S2, deferred again (same desk is S3 now: next), back on the 30th */
	ASSERT_EQ_STR(call_next(q, "2"), "P002");
	ASSERT_EQ_INT(act(q, "2", "defer", "2026-11-30 next", NULL), 0);
	t = antre_queue_find(q, today_id);
	ASSERT_EQ_INT(t->service, 2);
	ON(30, 9);
	ASSERT_EQ_INT(tick(q), 2);   /* the other P001 of the 29th expires; the reset */
	replay_agrees(q);
	/* the first day's paper still works */
	ASSERT_EQ_INT(resume_as(q, code, &t, NULL), 0);
	ASSERT_EQ_INT(t->visit, 3);
	ASSERT_EQ_INT(t->service, 2);
	ASSERT_EQ_STR(t->origin, id);
	ASSERT_EQ_STR(call_next(q, "3"), "P001");
	ASSERT_EQ_INT(act(q, "3", "defer", "2026-12-01 next", &msg), ANTRE_E_CONFLICT);
	ASSERT_CONTAINS(antre_queue_last_error(q), "last desk");
	ASSERT_EQ_INT(act(q, "3", "finish", NULL, NULL), 0);
	ASSERT_EQ_STR(antre_ticket_state_name(antre_queue_find_number(q, "P001")->state), "done");
	replay_agrees(q);
	fc.now_ms = wib_ms(2026, 12, 1, 9, 0, 0);
	ASSERT_EQ_INT(tick(q), 1);
	ASSERT_EQ_INT(resume_as(q, code, NULL, NULL), ANTRE_E_NOTFOUND);   /* complete */
	replay_agrees(q);
	antre_queue_destroy(q);
}

/* Cancel as the kiosk that issued it (index 0) would, with a reason. */
static int cancel_as_kiosk(antre_queue_t *q, const char *id, const char *reason)
{
	antre_events_t ev;
	int rc;

	antre_events_init(&ev);
	antre_fake_clock_advance(&fc, 1000);
	rc = antre_queue_cancel(q, id, reason, 0, &ev, NULL);
	keep(&ev);
	antre_events_free(&ev);
	return rc;
}

/* A return visit whose paper did not print never reached the applicant: the kiosk
 * cancels it, and the same code, scanned again, prints a new ticket (before, it said
 * "already used" and the applicant had to find a clerk). A ticket cancelled for any
 * other reason keeps the code used for the day. */
/* A resume whose answer was lost (antred killed after its commit, the network) is sent
 * again by the kiosk with the same idempotency key: that is the same request (2, the
 * answer it had: the applicant holds no paper yet), not a second scan of the day (1, a
 * reprint of a ticket the applicant holds), and it makes no second ticket. */
TEST(a_resume_sent_again_with_its_key_is_the_same_request)
{
	char id[ANTRE_TICKET_ID_LEN + 1], code[ANTRE_CODE_LEN + 1], made[ANTRE_TICKET_ID_LEN + 1];
	antre_queue_t *q = deferred_journey(NULL, id, code);
	const antre_ticket_t *t;
	size_t n;

	ON(29, 9);
	ASSERT_EQ_INT(tick(q), 1);
	ASSERT_EQ_INT(resume_keyed(q, code, "key-1", &t, NULL), 0);
	antre_strlcpy(made, t->id, sizeof(made));
	n = all.n;
	ASSERT_EQ_INT(resume_keyed(q, code, "key-1", &t, NULL), 2);
	ASSERT_EQ_STR(t->id, made);
	ASSERT_EQ_INT(all.n, n);   /* nothing new */
	ASSERT_EQ_INT(resume_keyed(q, code, "key-2", &t, NULL), 1);   /* a second scan */
	ASSERT_EQ_STR(t->id, made);
	ASSERT_EQ_INT(resume_keyed(q, code, NULL, &t, NULL), 1);
	replay_agrees(q);
	antre_queue_destroy(q);
}

TEST(a_resume_whose_print_failed_can_be_resumed_again)
{
	char id[ANTRE_TICKET_ID_LEN + 1], code[ANTRE_CODE_LEN + 1];
	char first[ANTRE_TICKET_ID_LEN + 1], second[ANTRE_TICKET_ID_LEN + 1];
	antre_queue_t *q = deferred_journey(NULL, id, code);
	const antre_ticket_t *t;

	ON(29, 9);
	ASSERT_EQ_INT(tick(q), 1);
	ASSERT_EQ_INT(resume_as(q, code, &t, NULL), 0);
	ASSERT_EQ_STR(t->number, "P001");
	antre_strlcpy(first, t->id, sizeof(first));
	ASSERT_EQ_INT(cancel_as_kiosk(q, first, "print_failed"), 0);
	ASSERT_EQ_INT(resume_as(q, code, &t, NULL), 0);   /* a new ticket, not the cancelled */
	ASSERT_EQ_STR(t->number, "P002");
	ASSERT_EQ_INT(t->visit, 2);
	ASSERT_EQ_STR(t->origin, id);
	ASSERT_EQ_INT(t->service, 1);
	antre_strlcpy(second, t->id, sizeof(second));
	ASSERT_TRUE(strcmp(first, second) != 0);
	replay_agrees(q);
	ASSERT_EQ_INT(resume_as(q, code, &t, NULL), 1);   /* and that one is today's ticket */
	ASSERT_EQ_STR(t->id, second);
	/* cancelled otherwise: the code stays used today */
	ASSERT_EQ_INT(cancel_as_kiosk(q, second, "admin"), 0);
	ASSERT_EQ_INT(resume_as(q, code, &t, NULL), 1);
	ASSERT_EQ_STR(t->id, second);
	ASSERT_EQ_STR(antre_ticket_state_name(t->state), "cancelled");
	replay_agrees(q);
	antre_queue_destroy(q);

	/* a print that failed and an applicant who went home: the code works the next day */
	q = deferred_journey(NULL, id, code);
	ON(29, 9);
	ASSERT_EQ_INT(tick(q), 1);
	ASSERT_EQ_INT(resume_as(q, code, &t, NULL), 0);
	ASSERT_EQ_INT(cancel_as_kiosk(q, t->id, "print_failed"), 0);
	ON(30, 9);
	ASSERT_EQ_INT(tick(q), 1);
	replay_agrees(q);
	ASSERT_EQ_INT(resume_as(q, code, &t, NULL), 0);
	ASSERT_EQ_STR(t->number, "P001");
	ASSERT_EQ_INT(t->visit, 2);
	replay_agrees(q);
	/* a called ticket was printed: not even an administrator says otherwise */
	ASSERT_EQ_STR(call_next(q, "2"), "P001");
	{
		antre_events_t ev;
		antre_events_init(&ev);
		REFUSED(q, antre_queue_cancel(q, t->id, "print_failed", -1, &ev, NULL),
			ANTRE_E_CONFLICT);
		antre_events_free(&ev);
	}
	ASSERT_CONTAINS(antre_queue_last_error(q), "already been called");
	antre_queue_destroy(q);
}

TEST(defer_refuses_what_it_cannot_do)
{
	char id[ANTRE_TICKET_ID_LEN + 1], code[ANTRE_CODE_LEN + 1];
	antre_queue_t *q = deferred_journey(NULL, id, code);

	ASSERT_EQ_INT(act(q, "1", "defer", "2026-11-29", NULL), ANTRE_E_CONFLICT);  /* holds none */
	ASSERT_EQ_STR(issue(q, "S1", 0), "A001");
	ASSERT_EQ_STR(call_next(q, "1"), "A001");
	ASSERT_EQ_INT(act(q, "1", "defer", "2026-11-29", NULL), ANTRE_E_CONFLICT);  /* no journey */
	ASSERT_CONTAINS(antre_queue_last_error(q), "no journey ticket");
	ASSERT_EQ_INT(act(q, "1", "finish", NULL, NULL), 0);
	ASSERT_EQ_STR(issue(q, "J", 0), "P002");
	ASSERT_EQ_STR(call_next(q, "1"), "P002");
	ASSERT_EQ_INT(act(q, "1", "defer", "2026-11-27", NULL), ANTRE_E_INVALID);   /* today */
	ASSERT_EQ_INT(act(q, "1", "defer", "2027-03-01", NULL), ANTRE_E_INVALID);   /* > 90 d */
	ASSERT_EQ_INT(act(q, "1", "defer", "2026-11-31", NULL), ANTRE_E_INVALID);   /* no date */
	ASSERT_EQ_INT(act(q, "1", "defer", "2026-12-01 later", NULL), ANTRE_E_INVALID);
	ASSERT_EQ_INT(act(q, "1", "defer", NULL, NULL), ANTRE_E_INVALID);
	ASSERT_EQ_STR(antre_ticket_state_name(antre_queue_find_number(q, "P002")->state), "called");
	ASSERT_EQ_INT(act(q, "1", "defer", "2027-02-25", NULL), 0);   /* day 90 */
	antre_queue_destroy(q);
}

TEST(deferred_journeys_outlive_resets_with_carry_over_on_and_off)
{
	for (int carry = 0; carry < 2; carry++) {
		char id[ANTRE_TICKET_ID_LEN + 1], code[ANTRE_CODE_LEN + 1];
		antre_queue_t *q = deferred_journey(carry ? "carry_over = yes\n" : NULL, id, code);
		const antre_ticket_t *t;

		ASSERT_EQ_STR(issue(q, "S1", 0), "A001");   /* open at the reset */
		ON(28, 9);
		ASSERT_EQ_INT(tick(q), carry ? 1 : 2);   /* without carry-over A001 expires */
		ASSERT_EQ_INT(all.v[all.n - 1].aux & 0xffff, carry ? 1 : 0);
		ASSERT_TRUE(antre_queue_find(q, id) == NULL);       /* not a ticket of today */
		ASSERT_TRUE(antre_queue_find_deferral(q, id) != NULL);
		ON(29, 9);
		ASSERT_EQ_INT(tick(q), 1);
		replay_agrees(q);
		ASSERT_EQ_INT(resume_as(q, code, &t, NULL), 0);
		ASSERT_EQ_INT(t->visit, 2);
		replay_agrees(q);
		antre_queue_destroy(q);
	}
}

TEST(return_priority_puts_returns_on_their_day_first)
{
	for (int on = 0; on < 2; on++) {
		char id[ANTRE_TICKET_ID_LEN + 1], code[ANTRE_CODE_LEN + 1];
		antre_queue_t *q = deferred_journey(on ? "return_priority = yes\n" : NULL, id, code);
		const antre_ticket_t *t;

		ON(29, 9);
		ASSERT_EQ_STR(issue(q, "S2", 0), "B001");
		ASSERT_EQ_STR(issue(q, "S2", 0), "B002");
		ASSERT_EQ_INT(resume_as(q, code, &t, NULL), 0);
		ASSERT_EQ_INT(t->returning, on);
		ASSERT_EQ_INT(antre_queue_ahead(q, t), on ? 0 : 2);
		replay_agrees(q);
		ASSERT_EQ_STR(call_next(q, "2"), on ? "P001" : "B001");
		antre_queue_destroy(q);
	}
}

/* The report of a day counts journeys across days from that day's events alone. */
static antre_report_t report_of(const char *date)
{
	antre_events_t ev;
	antre_report_t r;
	antre_events_init(&ev);
	for (size_t i = 0; i < all.n; i++)
		if (strcmp(all.v[i].day, date) == 0)
			antre_events_push(&ev, &all.v[i]);
	antre_report_build(&cfg, date, NULL, ev.v, ev.n, WIB, &r);
	antre_events_free(&ev);
	return r;
}

TEST(report_counts_journeys_across_days)
{
	char id[ANTRE_TICKET_ID_LEN + 1], code[ANTRE_CODE_LEN + 1];
	antre_queue_t *q = deferred_journey(NULL, id, code);
	antre_report_t r;

	ASSERT_EQ_STR(issue(q, "J", 0), "P002");   /* a journey done the same day */
	ASSERT_EQ_STR(call_next(q, "1"), "P002");
	ASSERT_EQ_INT(act(q, "1", "finish", NULL, NULL), 0);
	ASSERT_EQ_STR(call_next(q, "2"), "P002");
	ASSERT_EQ_INT(act(q, "2", "finish", NULL, NULL), 0);
	ASSERT_EQ_STR(call_next(q, "3"), "P002");
	ASSERT_EQ_INT(act(q, "3", "finish", NULL, NULL), 0);
	ON(29, 9);
	ASSERT_EQ_INT(resume_as(q, code, NULL, NULL), 0);
	ASSERT_EQ_STR(call_next(q, "2"), "P001");
	ASSERT_EQ_INT(act(q, "2", "finish", NULL, NULL), 0);
	ASSERT_EQ_STR(call_next(q, "3"), "P001");
	ASSERT_EQ_INT(act(q, "3", "finish", NULL, NULL), 0);
	r = report_of("2026-11-27");
	ASSERT_EQ_INT(r.visits.started, 2);
	ASSERT_EQ_INT(r.visits.deferred, 1);
	ASSERT_EQ_INT(r.visits.completed, 1);
	ASSERT_EQ_INT(r.visits.returned, 0);
	ASSERT_EQ_INT(r.visits.days_p90, 1);   /* office days, both counted (issue 16) */
	r = report_of("2026-11-29");
	ASSERT_EQ_INT(r.visits.started, 0);
	ASSERT_EQ_INT(r.visits.returned, 1);
	ASSERT_EQ_INT(r.visits.completed, 1);
	ASSERT_TRUE(r.visits.visits_per_completed > 1.99 && r.visits.visits_per_completed < 2.01);
	ASSERT_EQ_INT(r.visits.days_p50, 3);   /* the 27th to the 29th */
	ASSERT_EQ_INT(r.visits.days_p90, 3);
	ASSERT_EQ_INT(r.journeys[0].completed, 1);
	antre_queue_destroy(q);
}

/* --- end issue 13 --- */
/* --- issue 12 (kiosk review): a counter shared by several services is not counted
 * whole by each of them. Its share for a service is that service's part of the people
 * waiting at the services it serves (one fair line: it calls them in that proportion). */

TEST(shared_counter_counts_by_its_share_of_the_waiting)
{
	antre_queue_t *q = make_queue(small_office, NULL);
	issue(q, "S1", 0);
	issue(q, "S1", 0);
	ASSERT_EQ_INT(act(q, "1", "open", NULL, NULL), 0);
	ASSERT_EQ_INT(act(q, "2", "open", NULL, NULL), 0);
	/* nobody waits for S2: counter 2 works for S1 alone, 2 × 100 s over 2 counters */
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 0, 2), 100);
	issue(q, "S2", 0);
	issue(q, "S2", 0);
	/* 2 wait for S1 and 2 for S2: counter 2 is half S1's: 2 × 100 s over 1.5 */
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 0, 2), 134);
	/* S2 has half of counter 2 only (counter 3 closed): 2 × 200 s over 0.5 */
	ASSERT_EQ_INT(antre_queue_est_wait_s(q, 1, 2), 800);
	/* the whole counter still counts as open (the "no counter open" line) */
	ASSERT_EQ_INT(antre_queue_open_counters(q, 1), 1);
	antre_queue_destroy(q);
}

/* --- end issue 12 (kiosk review) --- */

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(numbering_per_prefix),
		TEST_CASE(width_grows_past_999),
		TEST_CASE(overlapping_counters_share_one_fair_line),
		TEST_CASE(ties_go_to_lower_seq),
		TEST_CASE(priority_one_in_three),
		TEST_CASE(priority_one_in_three_without_regulars_calls_priority),
		TEST_CASE(priority_strict),
		TEST_CASE(cpmi_journey_walks_six_desks_with_one_number),
		TEST_CASE(no_show_then_reinstate_by_number),
		TEST_CASE(illegal_transitions_change_nothing),
		TEST_CASE(counter_open_pause_close),
		TEST_CASE(call_next_finishes_the_held_ticket),
		TEST_CASE(transfer_within_journey_and_detour),
		TEST_CASE(cancel_releases_line_and_counter),
		TEST_CASE(day_reset_at_midnight_expires_open_tickets),
		TEST_CASE(reset_at_three_in_the_morning),
		TEST_CASE(carry_over_keeps_open_tickets_and_their_numbers),
		TEST_CASE(estimates_from_moving_average_and_open_counters),
		TEST_CASE(clock_running_back_keeps_the_line_in_order),
		TEST_CASE(replay_rebuilds_the_same_state),
		TEST_CASE(clock_set_back_keeps_the_day_until_the_next_reset_at),
		TEST_CASE(clock_ahead_one_day_then_back_never_repeats_a_number),
		TEST_CASE(restart_while_the_clock_is_behind),
		TEST_CASE(deadlines_wait_on_the_monotonic_clock),
		TEST_CASE(call_of_a_service_not_served_is_refused),
		TEST_CASE(counter_since_is_its_last_event_of_the_day),
		TEST_CASE(oldest_ready_and_priority_waiting_per_service),
		TEST_CASE(finish_keeps_called_at_and_started_at),
		TEST_CASE(call_number_is_normalised),
		TEST_CASE(transfer_service_in_any_case),
		/* issue 12 (server) */
		TEST_CASE(estimate_counts_only_open_counters_and_is_unknown_without_one),
		/* issue 13 */
		TEST_CASE(hours_open_and_close_at_the_minute),
		TEST_CASE(journey_needs_its_first_desk_open),
		TEST_CASE(quota_counts_kiosk_tickets_and_every_desk_of_a_journey),
		TEST_CASE(status_closed_refuses_limited_issues_and_both_outlive_the_day),
		/* issue 12 (kiosk review) */
		TEST_CASE(shared_counter_counts_by_its_share_of_the_waiting),
		TEST_CASE(defer_and_resume_across_two_and_more_day_resets),
		TEST_CASE(a_resume_whose_print_failed_can_be_resumed_again),
		TEST_CASE(a_resume_sent_again_with_its_key_is_the_same_request),
		TEST_CASE(defer_refuses_what_it_cannot_do),
		TEST_CASE(deferred_journeys_outlive_resets_with_carry_over_on_and_off),
		TEST_CASE(return_priority_puts_returns_on_their_day_first),
		TEST_CASE(report_counts_journeys_across_days),
		{ NULL, NULL },
	};
	int rc;
	antre_events_init(&all);
	rc = test_main(argc, argv, cases);
	antre_events_free(&all);
	return rc;
}
