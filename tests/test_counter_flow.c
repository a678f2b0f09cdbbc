/* The counter flow over HTTP against the real antred on 127.0.0.1:0 (issue 12 item
 * 11): a desk cannot call a number waiting for a service it does not serve (409 and a
 * sentence, nothing changed); ids and numbers are read without case or padding; a
 * finished ticket keeps the times of its last call, also after a restart. */
#include <jansson.h>
#include <signal.h>

#include "daemon.h"
#include "test.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define KIOSK "kiosk-test-token-0000"

static antred_t d;
static char dir[64], db[128];

/* A failed assertion leaves the test early: the next start, or the end, stops its
 * antred, so none outlives the run (and holds the output pipe open). */
static void stop_leftover(void)
{
	if (d.pid > 0)
		antred_stop(&d, SIGKILL);
	d.pid = 0;
}

static int start(void)
{
	stop_leftover();
	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	return antred_start(&d, dir, OFFICE, db, NULL);
}

static void stop(void)
{
	antred_stop(&d, SIGTERM);
	d.pid = 0;
	test_rmdir(dir);
}

/* The ticket member of a counter answer, kept after o is freed (copied). */
static json_t *ticket_of(json_t *o)
{
	json_t *t = json_deep_copy(json_object_get(o, "ticket"));
	json_decref(o);
	return t;
}

TEST(call_of_a_service_the_desk_does_not_serve_is_refused)
{
	json_t *o = NULL, *t;
	int64_t seq;

	ASSERT_EQ_INT(start(), 0);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
			"{\"service\":\"IMIGRASI\"}", &o), 201);
	ASSERT_EQ_STR(json_str(o, "number"), "E001");
	json_decref(o);
	/* Loket 4 serves KESEHATAN only: calling E001 there would finish it there */
	seq = antred_seq(&d);
	ASSERT_EQ_INT(antred_counter(&d, "4", "call", "{\"number\":\"E001\"}", &o), 409);
	ASSERT_CONTAINS(json_str(o, "message"), "E001 menunggu Imigrasi (Paspor); Loket 4 tidak "
			"melayani Imigrasi (Paspor) / E001 waits for Immigration (Passport), which "
			"Loket 4 does not serve");
	json_decref(o);
	ASSERT_EQ_INT(antred_seq(&d), seq);   /* nothing changed: no counter.opened either */
	/* the desk that serves it calls it, by the number as a clerk types it */
	ASSERT_EQ_INT(antred_counter(&d, "7", "call", "{\"number\":\"e1\"}", &o), 200);
	t = ticket_of(o);
	ASSERT_EQ_STR(json_str(t, "number"), "E001");
	ASSERT_EQ_STR(json_str(t, "state"), "called");
	json_decref(t);
	stop();
}

TEST(ids_and_numbers_without_case_or_padding)
{
	json_t *o = NULL, *t;

	ASSERT_EQ_INT(start(), 0);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
			"{\"service\":\"dukcapil\"}", &o), 201);
	ASSERT_EQ_STR(json_str(o, "number"), "B001");
	ASSERT_EQ_STR(json_str(o, "service"), "DUKCAPIL");
	json_decref(o);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
			"{\"service\":\"Dukcapil\"}", &o), 201);
	json_decref(o);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK,
			"{\"service\":\"dukcapil\"}", &o), 201);
	ASSERT_EQ_STR(json_str(o, "number"), "B003");
	json_decref(o);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"journey\":\"cpmi\"}",
			&o), 201);
	ASSERT_EQ_STR(json_str(o, "number"), "P001");
	ASSERT_EQ_STR(json_str(o, "journey"), "CPMI");
	json_decref(o);
	ASSERT_EQ_INT(antred_counter(&d, "3", "call", "{\"number\":\"b3\"}", &o), 200);
	t = ticket_of(o);
	ASSERT_EQ_STR(json_str(t, "number"), "B003");
	json_decref(t);
	ASSERT_EQ_INT(antred_counter(&d, "3", "transfer", "{\"service\":\"skck\"}", &o), 200);
	t = ticket_of(o);
	ASSERT_EQ_STR(json_str(t, "service"), "SKCK");
	ASSERT_EQ_STR(json_str(t, "state"), "waiting");
	json_decref(t);
	ASSERT_EQ_INT(antred_counter(&d, "3", "call", "{\"number\":\"B0002\"}", &o), 200);
	t = ticket_of(o);
	ASSERT_EQ_STR(json_str(t, "number"), "B002");
	json_decref(t);
	stop();
}

TEST(finished_ticket_keeps_its_call_times_across_a_restart)
{
	json_t *o = NULL, *t;
	char called[64], started[64], path[128];

	ASSERT_EQ_INT(start(), 0);
	ASSERT_EQ_INT(antred_call(&d, "POST", "/api/v1/tickets", KIOSK, "{\"service\":\"SKCK\"}",
			&o), 201);
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", json_str(o, "id"));
	json_decref(o);
	ASSERT_EQ_INT(antred_counter(&d, "6", "call-next", NULL, &o), 200);
	json_decref(o);
	ASSERT_EQ_INT(antred_counter(&d, "6", "start", NULL, &o), 200);
	t = ticket_of(o);
	snprintf(called, sizeof(called), "%s", json_str(t, "called_at"));
	snprintf(started, sizeof(started), "%s", json_str(t, "started_at"));
	json_decref(t);
	ASSERT_TRUE(called[0] != '\0' && started[0] != '\0');
	ASSERT_EQ_INT(antred_counter(&d, "6", "finish", NULL, &o), 200);
	t = ticket_of(o);
	ASSERT_EQ_STR(json_str(t, "state"), "done");
	ASSERT_EQ_STR(json_str(t, "called_at"), called);
	ASSERT_EQ_STR(json_str(t, "started_at"), started);
	json_decref(t);
	/* replayed from the store, the ticket has the same record */
	ASSERT_EQ_INT(antred_stop(&d, SIGTERM), 0);
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	ASSERT_EQ_INT(antred_call(&d, "GET", path, NULL, NULL, &o), 200);
	ASSERT_EQ_STR(json_str(o, "state"), "done");
	ASSERT_EQ_STR(json_str(o, "called_at"), called);
	ASSERT_EQ_STR(json_str(o, "started_at"), started);
	json_decref(o);
	stop();
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(call_of_a_service_the_desk_does_not_serve_is_refused),
		TEST_CASE(ids_and_numbers_without_case_or_padding),
		TEST_CASE(finished_ticket_keeps_its_call_times_across_a_restart),
		{ NULL, NULL },
	};
	int rc = test_main(argc, argv, cases);
	stop_leftover();
	return rc;
}
