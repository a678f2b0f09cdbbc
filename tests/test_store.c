/* Event store: replay equals the live engine, group commit under concurrency, schema
 * guard, and a SIGKILL crash test of acknowledged appends. */
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "core.h"
#include "test.h"
#include "xmalloc.h"

static const char office[] =
	"[office]\nname = Test\npriority_policy = 1in3\n"
	"[service S1]\nprefix = A\n[service S2]\nprefix = B\n[service S3]\nprefix = C\n"
	"[journey J]\nprefix = P\nsteps = S1, S2, S3\n"
	"[counter 1]\nservices = S1\n[counter 2]\nservices = S1, S2\n"
	"[counter 3]\nservices = S2, S3\n";

static antre_config_t cfg;
static char dir[256];
static char db[300];

static void setup(void)
{
	char err[512];
	snprintf(dir, sizeof(dir), "/tmp/antre-store-XXXXXX");
	if (mkdtemp(dir) == NULL || antre_config_parse(office, strlen(office), "t.ini", dir, &cfg,
							err, sizeof(err)) < 0)
		abort();
	snprintf(db, sizeof(db), "%s/antre.db", dir);
}

static void teardown(void)
{
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static char *dump_core(antre_core_t *core)
{
	char *d = antre_queue_dump(antre_core_read_begin(core));
	antre_core_read_end(core);
	return d;
}

TEST(replay_matches_live_state)
{
	antre_fake_clock_t fc;
	antre_core_t *core = NULL;
	antre_result_t res;
	char err[512], *live, *replayed;
	uint32_t rng = 99;
	int64_t seq;

	setup();
	antre_fake_clock_init(&fc, 1795741200000LL, 7 * 3600, 5);
	ASSERT_EQ_INT(antre_core_open(&cfg, db, &fc.base, &core, err, sizeof(err)), 0);
	for (int i = 0; i < 3000; i++) {
		uint32_t x;
		rng = rng * 1103515245u + 12345u;
		x = rng >> 8;
		antre_fake_clock_advance(&fc, (int64_t)(x % 60) * 1000);
		if (x % 3 == 0)
			antre_core_issue(core, &(antre_issue_t){
						 x / 3 % 4 == 3 ? -1 : (int)(x / 3 % 4) % 3,
						 x / 3 % 4 == 3 ? 0 : -1, x % 11 == 0, -1, NULL, NULL },
					 &res);
		else
			antre_core_counter(core, (int)(x / 7 % 3),
					   (antre_action_t)(x / 5 % ANTRE_ACT__COUNT), "S2", &res);
		ASSERT_TRUE(res.rc != ANTRE_E_STORE);
		if (i == 1500)
			antre_fake_clock_advance(&fc, 24LL * 3600 * 1000);
	}
	live = dump_core(core);
	seq = res.seq;
	antre_core_close(core);

	ASSERT_EQ_INT(antre_core_open(&cfg, db, &fc.base, &core, err, sizeof(err)), 0);
	replayed = dump_core(core);
	if (strcmp(live, replayed) != 0) {
		FILE *f1 = fopen("/tmp/antre-live.txt", "w"), *f2 = fopen("/tmp/antre-replay.txt", "w");
		fputs(live, f1);
		fputs(replayed, f2);
		fclose(f1);
		fclose(f2);
		free(live);
		free(replayed);
		TEST_FAIL_("replayed state differs (see /tmp/antre-live.txt, /tmp/antre-replay.txt)");
	}
	/* numbering of events continues after the stored ones */
	antre_core_issue(core, &(antre_issue_t){ 0, -1, 0, -1, NULL, NULL }, &res);
	ASSERT_EQ_INT(res.seq, seq + 1);
	free(live);
	free(replayed);
	antre_core_close(core);
	teardown();
}

typedef struct {
	antre_core_t *core;
	int n;
	int failures;
	char (*numbers)[ANTRE_NUMBER_MAX];
} writer_arg_t;

static void *writer(void *p)
{
	writer_arg_t *w = p;
	antre_result_t res;
	for (int i = 0; i < w->n; i++) {
		antre_core_issue(w->core, &(antre_issue_t){ 0, -1, 0, -1, NULL, NULL }, &res);
		if (res.rc != 0 || !res.has_ticket)
			w->failures++;
		else
			antre_strlcpy(w->numbers[i], res.ticket.number, ANTRE_NUMBER_MAX);
	}
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int64_t query_int(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_open(path, &h) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

TEST(concurrent_writers_group_commit)
{
	enum { WRITERS = 8, EACH = 300 };
	antre_core_t *core = NULL;
	pthread_t th[WRITERS];
	writer_arg_t args[WRITERS];
	char(*all)[ANTRE_NUMBER_MAX] = xcalloc((size_t)WRITERS * EACH, ANTRE_NUMBER_MAX);
	antre_store_stats_t st;
	char err[512];

	setup();
	ASSERT_EQ_INT(antre_core_open(&cfg, db, antre_clock_system(), &core, err, sizeof(err)), 0);
	for (int i = 0; i < WRITERS; i++) {
		args[i] = (writer_arg_t){ core, EACH, 0, all + (size_t)i * EACH };
		pthread_create(&th[i], NULL, writer, &args[i]);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(th[i], NULL);
		ASSERT_EQ_INT(args[i].failures, 0);
	}
	qsort(all, (size_t)WRITERS * EACH, ANTRE_NUMBER_MAX, cmp_str);
	for (int i = 1; i < WRITERS * EACH; i++)
		if (strcmp(all[i - 1], all[i]) == 0)
			TEST_FAIL_("number %s handed out twice", all[i]);
	antre_store_stats(antre_core_store(core), &st);
	fprintf(stderr, "  %d issues in %llu commits\n", WRITERS * EACH,
		(unsigned long long)st.commits);
	ASSERT_TRUE(st.commits >= 1 && st.commits <= (uint64_t)WRITERS * EACH + 1);
	antre_core_close(core);
	/* on disk: every event, seq without gaps */
	ASSERT_EQ_INT(query_int(db, "SELECT count(*) FROM events WHERE type='ticket.issued'"),
		      WRITERS * EACH);
	ASSERT_EQ_INT(query_int(db, "SELECT max(seq) - count(*) FROM events"), 0);
	ASSERT_EQ_INT(query_int(db, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
	free(all);
	teardown();
}

TEST(newer_schema_is_refused)
{
	antre_core_t *core = NULL;
	char err[512] = "";
	sqlite3 *h = NULL;

	setup();
	ASSERT_EQ_INT(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_exec(h, "PRAGMA user_version=99", NULL, NULL, NULL);
	sqlite3_close(h);
	ASSERT_EQ_INT(antre_core_open(&cfg, db, antre_clock_system(), &core, err, sizeof(err)),
		      -1);
	ASSERT_CONTAINS(err, "written by a newer antre (schema 99");
	teardown();
}

TEST(read_after_seq)
{
	antre_core_t *core = NULL;
	antre_result_t res;
	antre_events_t ev;
	char err[512];

	setup();
	antre_events_init(&ev);
	ASSERT_EQ_INT(antre_core_open(&cfg, db, antre_clock_system(), &core, err, sizeof(err)), 0);
	for (int i = 0; i < 5; i++)
		antre_core_issue(core, &(antre_issue_t){ 1, -1, 0, -1, NULL, NULL }, &res);
	ASSERT_EQ_INT(antre_store_read(antre_core_store(core), 2, 0, &ev, NULL), 0);
	ASSERT_EQ_INT(ev.n, 4);   /* day.reset was 1, issues 2..6 */
	ASSERT_EQ_INT(ev.v[0].seq, 3);
	ASSERT_EQ_INT(ev.v[0].type, ANTRE_EV_TICKET_ISSUED);
	ASSERT_EQ_STR(ev.v[0].number, "B002");
	ASSERT_EQ_INT(ev.v[0].service, 1);
	antre_events_free(&ev);
	antre_core_close(core);
	teardown();
}

/* The crash child: 4 threads issue and report each number once it is durable. */
typedef struct {
	antre_core_t *core;
	int fd;
	int service;
} crash_arg_t;

static void *crash_writer(void *p)
{
	crash_arg_t *a = p;
	antre_result_t res;
	for (;;) {
		char line[32];
		int n;
		antre_core_issue(a->core, &(antre_issue_t){ a->service, -1, 0, -1, NULL, NULL }, &res);
		if (res.rc != 0)
			_exit(4);
		/* one write per line: atomic on a pipe */
		n = snprintf(line, sizeof(line), "%s\n", res.ticket.number);
		if (write(a->fd, line, (size_t)n) != n)
			_exit(5);
	}
	return NULL;
}

static void run_crash_child(int fd)
{
	antre_core_t *core = NULL;
	char err[512];
	pthread_t th[4];
	crash_arg_t args[4];

	if (antre_core_open(&cfg, db, antre_clock_system(), &core, err, sizeof(err)) < 0)
		_exit(3);
	for (int i = 0; i < 4; i++) {
		args[i] = (crash_arg_t){ core, fd, i % 3 };
		pthread_create(&th[i], NULL, crash_writer, &args[i]);
	}
	for (;;)
		pause();
}

TEST(sigkill_loses_nothing_acknowledged)
{
	enum { MAX_REPORTS = 200000 };
	char(*reported)[ANTRE_NUMBER_MAX] = xcalloc(MAX_REPORTS, ANTRE_NUMBER_MAX);
	int pipefd[2], n = 0, status, round;
	antre_core_t *core = NULL;
	antre_result_t res;
	char err[512];

	setup();
	for (round = 0; round < 3; round++) {
		FILE *in;
		char line[64];
		pid_t pid;
		int read_this_round = 0;

		ASSERT_EQ_INT(pipe(pipefd), 0);
		pid = fork();
		if (pid == 0) {
			close(pipefd[0]);
			run_crash_child(pipefd[1]);
		}
		close(pipefd[1]);
		in = fdopen(pipefd[0], "r");
		/* read a number of acknowledgements (more each round), then kill in the middle
		 * of the load: the four writers keep going until the kill */
		while (n < MAX_REPORTS && fgets(line, sizeof(line), in)) {
			line[strcspn(line, "\n")] = '\0';
			antre_strlcpy(reported[n++], line, ANTRE_NUMBER_MAX);
			if (++read_this_round >= 100 + 50 * round)
				break;
		}
		kill(pid, SIGKILL);
		/* drain what the child wrote before it died: those were acknowledged too */
		while (n < MAX_REPORTS && fgets(line, sizeof(line), in)) {
			line[strcspn(line, "\n")] = '\0';
			antre_strlcpy(reported[n++], line, ANTRE_NUMBER_MAX);
		}
		fclose(in);
		waitpid(pid, &status, 0);
		ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	}
	fprintf(stderr, "  %d acknowledged issues over 3 kills\n", n);
	ASSERT_TRUE(n >= 100 + 150 + 200);   /* every round read its share before its kill */

	ASSERT_EQ_INT(antre_core_open(&cfg, db, antre_clock_system(), &core, err, sizeof(err)), 0);
	{
		const antre_queue_t *q = antre_core_read_begin(core);
		int missing = 0;
		for (int i = 0; i < n; i++)
			if (antre_queue_find_number(q, reported[i]) == NULL)
				missing++;
		antre_core_read_end(core);
		ASSERT_EQ_INT(missing, 0);
	}
	/* the next number of each prefix is new */
	for (int s = 0; s < 3; s++) {
		antre_core_issue(core, &(antre_issue_t){ s, -1, 0, -1, NULL, NULL }, &res);
		ASSERT_EQ_INT(res.rc, 0);
		for (int i = 0; i < n; i++)
			if (strcmp(reported[i], res.ticket.number) == 0)
				TEST_FAIL_("number %s handed out again after restart",
					   res.ticket.number);
	}
	antre_core_close(core);
	ASSERT_EQ_INT(query_int(db, "SELECT count(*) FROM (SELECT number FROM events WHERE "
				    "type='ticket.issued' GROUP BY day, number HAVING count(*) > 1)"),
		      0);
	free(reported);
	teardown();
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(replay_matches_live_state),
		TEST_CASE(concurrent_writers_group_commit),
		TEST_CASE(newer_schema_is_refused),
		TEST_CASE(read_after_seq),
		TEST_CASE(sigkill_loses_nothing_acknowledged),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
