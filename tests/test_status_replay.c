/* A service's status outlives day resets and restarts (issue 13): replay starts at the
 * last day reset that carried nothing, so each service's latest service.status from
 * before it must be replayed first. The real store (SQLite) and core, a fake clock. */
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "core.h"
#include "test.h"

static const char office[] =
	"[office]\nname = Test\n"
	"[service S1]\nprefix = A\n[service S2]\nprefix = B\n[service S3]\nprefix = C\n"
	"[counter 1]\nservices = S1, S2, S3\n[kiosk k]\nprinter = file:/dev/null\n";

static antre_config_t cfg;
static antre_fake_clock_t fc;
static char dir[256], db[300];

static antre_core_t *open_core(void)
{
	antre_core_t *core = NULL;
	char err[512];
	ASSERT_EQ_INT(antre_core_open(&cfg, db, &fc.base, &core, err, sizeof(err)), 0);
	return core;
}

static void set(antre_core_t *core, int s, antre_service_status_t st, const char *reason)
{
	antre_result_t res;
	antre_core_set_status_async(core, s, st, reason, &res);
	ASSERT_EQ_INT(res.rc, 0);
}

static antre_service_status_t status_of(antre_core_t *core, int s, char *reason, size_t cap)
{
	const char *r;
	antre_service_status_t st = antre_queue_service_status(antre_core_read_begin(core), s, &r);
	snprintf(reason, cap, "%s", r);
	antre_core_read_end(core);
	return st;
}

TEST(status_outlives_day_resets_and_restarts)
{
	antre_core_t *core;
	antre_issue_t ask = { 2, -1, 0, 0, NULL, NULL };
	antre_result_t res;
	char err[512], reason[ANTRE_REASON_MAX], cmd[400];

	snprintf(dir, sizeof(dir), "/tmp/antre-status-XXXXXX");
	if (mkdtemp(dir) == NULL ||
	    antre_config_parse(office, strlen(office), "t.ini", dir, &cfg, err, sizeof(err)) < 0)
		abort();
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	antre_fake_clock_init(&fc, 1795741200000LL, 7 * 3600, 5);   /* 2026-11-27 08:00 WIB */
	core = open_core();
	set(core, 1, ANTRE_SS_CLOSED, "first");
	set(core, 1, ANTRE_SS_OPEN, "");
	set(core, 1, ANTRE_SS_CLOSED, "SIAK mati");   /* the latest of S2 wins */
	set(core, 0, ANTRE_SS_LIMITED, "pusat gangguan");
	antre_core_close(core);
	/* two days later: the start rolls the day (nothing open: it carries nothing), and a
	 * second start replays from that reset only */
	fc.now_ms += 2LL * 86400 * 1000;
	core = open_core();
	antre_core_close(core);
	fc.now_ms += 86400 * 1000LL;
	core = open_core();
	antre_core_issue(core, &ask, &res);   /* and a ticket of the day on top */
	ASSERT_EQ_INT(res.rc, 0);
	antre_core_close(core);
	core = open_core();
	ASSERT_EQ_INT(status_of(core, 1, reason, sizeof(reason)), ANTRE_SS_CLOSED);
	ASSERT_EQ_STR(reason, "SIAK mati");
	ASSERT_EQ_INT(status_of(core, 0, reason, sizeof(reason)), ANTRE_SS_LIMITED);
	ASSERT_EQ_STR(reason, "pusat gangguan");
	ASSERT_EQ_INT(status_of(core, 2, reason, sizeof(reason)), ANTRE_SS_OPEN);
	ASSERT_EQ_INT(antre_queue_issued_today(antre_core_read_begin(core), 2), 1);
	antre_core_read_end(core);
	ask.service = 1;
	antre_core_issue(core, &ask, &res);
	ASSERT_EQ_INT(res.rc, ANTRE_E_CLOSED);
	ASSERT_CONTAINS(res.message, "SIAK mati");
	antre_core_close(core);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(status_outlives_day_resets_and_restarts),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
