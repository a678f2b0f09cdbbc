/* Deferred journeys outlive day resets and restarts (issue 13 item 5): a replay starts
 * at the last day reset that carried nothing, so every ticket.deferred from before it
 * that was not resumed before it must be replayed first, in seq order with the service
 * statuses of that pre-pass. The real store (SQLite) and core, a fake clock. */
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "core.h"
#include "test.h"
#include "xmalloc.h"

static const char office[] =
	"[office]\nname = Test\nnumber_width = 3\n"
	"[service S1]\nprefix = A\n[service S2]\nprefix = B\n[service S3]\nprefix = C\n"
	"[journey J]\nprefix = P\nsteps = S1, S2, S3\n"
	"[counter 1]\nservices = S1\n[counter 2]\nservices = S2\n[counter 3]\nservices = S3\n"
	"[kiosk k]\nprinter = file:/dev/null\n";

#define DAY (86400 * 1000LL)

static antre_config_t cfg;
static antre_fake_clock_t fc;
static char dir[256], db[300];

/* An empty office log in a new folder, the clock at 2026-11-27 08:00 WIB. */
static void fresh_office(void)
{
	char err[512];

	snprintf(dir, sizeof(dir), "/tmp/antre-journeys-XXXXXX");
	if (mkdtemp(dir) == NULL ||
	    antre_config_parse(office, strlen(office), "t.ini", dir, &cfg, err, sizeof(err)) < 0)
		abort();
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	antre_fake_clock_init(&fc, 1795741200000LL, 7 * 3600, 5);
}

static void remove_office(void)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static antre_core_t *open_core(void)
{
	antre_core_t *core = NULL;
	char err[512];
	ASSERT_EQ_INT(antre_core_open(&cfg, db, &fc.base, &core, err, sizeof(err)), 0);
	return core;
}

/* The next office day, opened twice: the first start rolls the day; the second replays
 * from that day's reset only. */
static antre_core_t *next_day_opened_twice(void)
{
	fc.now_ms += DAY;
	antre_core_close(open_core());
	return open_core();
}

static void act(antre_core_t *core, int c, antre_action_t a, const char *arg)
{
	antre_result_t res;
	fc.now_ms += 1000;
	antre_core_counter(core, c, a, arg, &res);
	if (res.rc != 0)
		fprintf(stderr, "%s: %s\n", antre_action_name(a), res.message);
	ASSERT_EQ_INT(res.rc, 0);
}

static void status(antre_core_t *core, int s, antre_service_status_t st)
{
	antre_result_t res;
	antre_core_set_status_async(core, s, st, "x", &res);
	ASSERT_EQ_INT(res.rc, 0);
}

/* Copy of the deferral key names, or 0. */
static int deferral(antre_core_t *core, const char *key, antre_deferral_t *out)
{
	const antre_deferral_t *d = antre_queue_find_deferral(antre_core_read_begin(core), key);
	if (d)
		*out = *d;
	antre_core_read_end(core);
	return d != NULL;
}

static int resume(antre_core_t *core, const char *key, antre_result_t *res)
{
	antre_issue_t ask = { -1, -1, 0, 0, NULL, NULL };
	fc.now_ms += 1000;
	antre_core_resume_async(core, key, &ask, res);
	return res->rc < 0 ? res->rc : res->replayed;
}

TEST(deferred_journeys_outlive_day_resets_and_restarts)
{
	antre_core_t *core;
	antre_issue_t ask = { -1, 0, 0, 0, NULL, NULL };
	antre_result_t res;
	antre_deferral_t d;
	char first[ANTRE_TICKET_ID_LEN + 1], code[ANTRE_CODE_LEN + 1];
	char today[ANTRE_TICKET_ID_LEN + 1];

	fresh_office();
	core = open_core();
	status(core, 2, ANTRE_SS_LIMITED);             /* a status before the deferral ... */
	antre_core_issue(core, &ask, &res);
	ASSERT_EQ_INT(res.rc, 0);
	antre_strlcpy(first, res.ticket.id, sizeof(first));
	antre_strlcpy(code, res.ticket.code, sizeof(code));
	act(core, 0, ANTRE_ACT_CALL_NEXT, NULL);
	act(core, 0, ANTRE_ACT_FINISH, NULL);
	act(core, 1, ANTRE_ACT_CALL_NEXT, NULL);
	act(core, 1, ANTRE_ACT_DEFER, "2026-11-29 same");
	status(core, 0, ANTRE_SS_LIMITED);             /* ... and one after it */
	antre_core_close(core);
	/* the 28th: the start rolls the day, carrying nothing */
	core = next_day_opened_twice();
	ASSERT_TRUE(deferral(core, code, &d));
	ASSERT_EQ_STR(d.id, first);
	ASSERT_EQ_STR(d.return_on, "2026-11-29");
	ASSERT_EQ_INT(d.service, 1);
	ASSERT_EQ_INT(d.counter, 1);
	ASSERT_EQ_INT(antre_queue_service_status(antre_core_read_begin(core), 2, NULL),
		      ANTRE_SS_LIMITED);
	antre_core_read_end(core);
	ASSERT_EQ_INT(resume(core, code, &res), ANTRE_E_EARLY);
	antre_core_close(core);
	/* the 29th: back by code; again after a restart, the same ticket */
	fc.now_ms += DAY;
	core = open_core();
	ASSERT_EQ_INT(resume(core, code, &res), 0);
	ASSERT_EQ_STR(res.ticket.number, "P001");
	ASSERT_EQ_INT(res.ticket.visit, 2);
	antre_strlcpy(today, res.ticket.id, sizeof(today));
	antre_core_close(core);
	core = open_core();
	ASSERT_EQ_INT(resume(core, first, &res), 1);
	ASSERT_EQ_STR(res.ticket.id, today);
	ASSERT_EQ_STR(res.ticket.origin, first);
	ASSERT_EQ_INT(res.ticket.step, 1);
	act(core, 1, ANTRE_ACT_CALL_NEXT, NULL);
	act(core, 1, ANTRE_ACT_FINISH, NULL);
	act(core, 2, ANTRE_ACT_CALL_NEXT, NULL);
	act(core, 2, ANTRE_ACT_FINISH, NULL);
	antre_core_close(core);
	/* the 30th: complete, and no longer found */
	fc.now_ms += DAY;
	core = open_core();
	antre_core_close(core);
	core = open_core();
	ASSERT_TRUE(!deferral(core, code, &d));
	ASSERT_EQ_INT(resume(core, code, &res), ANTRE_E_NOTFOUND);
	antre_core_close(core);
	remove_office();
}

/* A return visit whose print failed is cancelled by the kiosk; the journey is deferred
 * again, in the engine and in what a later replay takes from before its day reset. */
TEST(a_return_visit_whose_print_failed_stays_deferred_across_restarts)
{
	antre_core_t *core;
	antre_issue_t ask = { -1, 0, 0, 0, NULL, NULL };
	antre_result_t res;
	antre_deferral_t d;
	char first[ANTRE_TICKET_ID_LEN + 1], code[ANTRE_CODE_LEN + 1];

	fresh_office();
	core = open_core();
	antre_core_issue(core, &ask, &res);
	ASSERT_EQ_INT(res.rc, 0);
	antre_strlcpy(first, res.ticket.id, sizeof(first));
	antre_strlcpy(code, res.ticket.code, sizeof(code));
	act(core, 0, ANTRE_ACT_CALL_NEXT, NULL);
	act(core, 0, ANTRE_ACT_FINISH, NULL);
	act(core, 1, ANTRE_ACT_CALL_NEXT, NULL);
	act(core, 1, ANTRE_ACT_DEFER, "2026-11-28 same");
	antre_core_close(core);
	/* the 28th: back, and the paper jams: the kiosk cancels the ticket */
	fc.now_ms += DAY;
	core = open_core();
	ASSERT_EQ_INT(resume(core, code, &res), 0);
	ASSERT_EQ_STR(res.ticket.number, "P001");
	antre_core_cancel_async(core, res.ticket.id, "print_failed", 0, &res);
	ASSERT_EQ_INT(res.rc, 0);
	antre_core_close(core);
	/* the 29th */
	core = next_day_opened_twice();
	ASSERT_TRUE(deferral(core, code, &d));
	ASSERT_EQ_STR(d.id, first);
	ASSERT_EQ_STR(d.resumed_id, "");
	ASSERT_EQ_INT(resume(core, code, &res), 0);
	ASSERT_EQ_STR(res.ticket.number, "P001");
	ASSERT_EQ_INT(res.ticket.visit, 2);
	ASSERT_EQ_STR(res.ticket.origin, first);
	antre_core_close(core);
	remove_office();
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(deferred_journeys_outlive_day_resets_and_restarts),
		TEST_CASE(a_return_visit_whose_print_failed_stays_deferred_across_restarts),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
