/* Printing through real print servers: a private cupsd with a raw queue delivers
 * exactly the encoder's bytes; ippeveprinter runs out of paper and antre-print's
 * backend says so, fails fast, and prints again after a refill. */
#include <stdio.h>
#include <unistd.h>

#include "escpos.h"
#include "printer.h"
#include "printer_env.h"
#include "test.h"
#include "xmalloc.h"

static int skipped;

static antre_bytes_t demo_bytes(int mm)
{
	antre_print_ticket_t t;
	antre_bytes_t b = { 0 };
	antre_print_demo_ticket(&t);
	antre_escpos_encode_ticket(&t, mm, &b);
	return b;
}

static void cupsd_checks(cups_env_t *env)
{
	antre_printer_status_t st;
	antre_print_ticket_t t;
	antre_printer_t *p;
	antre_bytes_t want;
	char err[256];

	p = antre_printer_open("cups:ticket", err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	ASSERT_EQ_INT(antre_printer_status(p, &st), 0);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_READY);
	antre_print_demo_ticket(&t);
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 58, &st), 0);
	ASSERT_CONTAINS(st.message, "printed on cups:ticket");
	ASSERT_EQ_INT(cups_env_wait_jobs(env, 1, 10000), 0);
	want = demo_bytes(58);
	ASSERT_EQ_INT(env->got_n, want.n);
	ASSERT_TRUE(memcmp(env->got, want.v, want.n) == 0);
	antre_bytes_free(&want);
	antre_printer_close(p);

	/* a queue that does not exist */
	p = antre_printer_open("cups:nosuch", err, sizeof(err));
	ASSERT_EQ_INT(antre_printer_status(p, &st), -1);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_ERROR);
	ASSERT_CONTAINS(st.message, "cups:nosuch");
	antre_printer_close(p);
}

TEST(cupsd_raw_queue_delivers_exactly_the_bytes)
{
	cups_env_t env;
	int rc = cups_env_start(&env);
	if (rc == 77)
		skipped++;
	else if (rc == 0)
		cupsd_checks(&env);
	else
		TEST_FAIL_("could not set up cupsd");
	cups_env_stop(&env);
}

static void ipp_checks(ipp_env_t *e)
{
	ipp_env_t env = *e;
	antre_printer_status_t st;
	antre_print_ticket_t t;
	antre_printer_t *p;
	char err[256];
	int before;

	p = antre_printer_open(env.uri, err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	antre_print_demo_ticket(&t);
	ASSERT_EQ_INT(antre_printer_status(p, &st), 0);
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 80, &st), 0);
	for (int i = 0; i < 200 && ipp_env_outputs(&env) < 1; i++)
		usleep(10000);
	ASSERT_EQ_INT(ipp_env_outputs(&env), 1);

	ASSERT_EQ_INT(ipp_env_set_paper(&env, 0), 0);
	ASSERT_EQ_INT(antre_printer_status(p, &st), -1);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_PAPER_OUT);
	ASSERT_CONTAINS(st.message, "out of paper");
	before = ipp_env_outputs(&env);
	/* refused before a job is made (the status is asked first), so it returns without
	 * waiting on the printer; that no job was left behind is checked after the refill */
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 80, &st), -1);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_PAPER_OUT);
	ASSERT_EQ_INT(ipp_env_outputs(&env), before);

	ASSERT_EQ_INT(ipp_env_set_paper(&env, 250), 0);
	ASSERT_EQ_INT(antre_printer_status(p, &st), 0);
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 80, &st), 0);
	for (int i = 0; i < 200 && ipp_env_outputs(&env) < before + 1; i++)
		usleep(10000);
	/* exactly one more: the refused ticket never came out later */
	ASSERT_EQ_INT(ipp_env_outputs(&env), before + 1);
	antre_printer_close(p);
}

TEST(ippeveprinter_out_of_paper_fails_fast_and_recovers)
{
	ipp_env_t env;
	int rc = ipp_env_start(&env);
	if (rc == 77)
		skipped++;
	else if (rc == 0)
		ipp_checks(&env);
	else
		TEST_FAIL_("could not set up ippeveprinter");
	ipp_env_stop(&env);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(cupsd_raw_queue_delivers_exactly_the_bytes),
		TEST_CASE(ippeveprinter_out_of_paper_fails_fast_and_recovers),
		{ NULL, NULL },
	};
	int rc = test_main(argc, argv, cases);
	return rc == 0 && skipped == 2 ? 77 : rc;
}
