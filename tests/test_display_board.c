/* The display's board model: events in, what the wall shows out (calls, recalls,
 * finishes, a counter closing, the day reset, a snapshot after resuming, repeats). */
#include "board.h"
#include "test.h"

static const char office[] =
	"{\"name\":\"LTSA\",\"marquee\":\"GRATIS\",\"counters\":[{\"id\":\"1\",\"name\":\"Loket 1\"},"
	"{\"id\":\"4\",\"name\":\"Loket 4\"}],\"services\":[{\"id\":\"DISNAKER\",\"name\":\"Dinas\"},"
	"{\"id\":\"KESEHATAN\",\"name\":\"Kesehatan\"}]}";

static int feed(board_t *b, const char *type, const char *data, board_call_t *call)
{
	json_t *d = json_loads(data, 0, NULL);
	int rc = board_event(b, type, d, 1000, call);
	json_decref(d);
	return rc;
}

#define CALLED(seq, number, counter)                                                     \
	"{\"seq\":" #seq ",\"ticket\":{\"number\":\"" number "\",\"service\":\"DISNAKER\"},"  \
	"\"counter\":{\"id\":\"" counter "\",\"state\":\"open\"}}"

TEST(calls_recalls_and_finishes)
{
	board_t b;
	board_call_t call;
	json_t *o = json_loads(office, 0, NULL);
	board_init(&b, o);
	json_decref(o);
	ASSERT_EQ_INT(b.n_counters, 2);
	ASSERT_EQ_INT(b.counters[1].state, ANTRE_CS_CLOSED);
	ASSERT_EQ_INT(feed(&b, "ticket.called", CALLED(5, "A001", "4"), &call), 1);
	ASSERT_EQ_STR(call.number, "A001");
	ASSERT_EQ_STR(call.counter_name, "Loket 4");
	ASSERT_EQ_INT(call.recall, 0);
	ASSERT_EQ_STR(b.counters[1].number, "A001");
	ASSERT_EQ_STR(b.calls[0].number, "A001");
	ASSERT_TRUE(b.flash_until_ms > 1000);
	ASSERT_EQ_INT(feed(&b, "ticket.recalled", CALLED(6, "A001", "4"), &call), 1);
	ASSERT_EQ_INT(call.recall, 1);
	ASSERT_EQ_INT(feed(&b, "ticket.called", CALLED(7, "A002", "1"), &call), 1);
	ASSERT_EQ_STR(b.calls[0].number, "A002");   /* newest first */
	ASSERT_EQ_STR(b.calls[1].number, "A001");
	/* a repeat of an event already applied changes nothing and is not announced */
	ASSERT_EQ_INT(feed(&b, "ticket.called", CALLED(7, "A002", "1"), &call), 0);
	ASSERT_EQ_INT(b.n_calls, 3);
	ASSERT_EQ_INT(feed(&b, "ticket.finished",
			   "{\"seq\":8,\"ticket\":{\"number\":\"A001\",\"state\":\"done\"},"
			   "\"counter\":{\"id\":\"4\"}}", &call), 0);
	ASSERT_EQ_STR(b.counters[1].number, "");
	ASSERT_EQ_INT(feed(&b, "counter.closed", "{\"seq\":9,\"ticket\":null,"
			   "\"counter\":{\"id\":\"1\",\"state\":\"closed\"}}", &call), 0);
	ASSERT_EQ_INT(b.counters[0].state, ANTRE_CS_CLOSED);
	ASSERT_EQ_STR(b.counters[0].number, "");
	ASSERT_EQ_INT(feed(&b, "day.reset", "{\"seq\":10,\"day\":\"2026-11-28\",\"ticket\":null,"
			   "\"counter\":null}", &call), 0);
	ASSERT_EQ_INT(b.n_calls, 0);
	ASSERT_EQ_STR(b.day, "2026-11-28");
}

TEST(snapshot_after_resume_rebuilds_the_board)
{
	board_t b;
	json_t *o = json_loads(office, 0, NULL), *st;
	board_init(&b, o);
	json_decref(o);
	st = json_loads("{\"seq\":40,\"day\":\"2026-11-27\",\"services\":[{\"id\":\"KESEHATAN\","
			"\"waiting\":5,\"est_wait_s\":600}],\"counters\":[{\"id\":\"4\",\"state\":"
			"\"open\",\"ticket\":{\"number\":\"C007\",\"service\":\"KESEHATAN\"}},"
			"{\"id\":\"1\",\"state\":\"paused\",\"ticket\":null}],\"recent_calls\":["
			"{\"seq\":39,\"number\":\"C007\",\"counter\":\"4\",\"recall\":false},"
			"{\"seq\":30,\"number\":\"A003\",\"counter\":\"1\",\"recall\":false}]}",
			0, NULL);
	board_snapshot(&b, st);
	json_decref(st);
	ASSERT_EQ_INT(b.seq, 40);
	ASSERT_EQ_STR(b.counters[1].number, "C007");
	ASSERT_EQ_INT(b.counters[0].state, ANTRE_CS_PAUSED);
	ASSERT_EQ_INT(b.services[1].waiting, 5);
	ASSERT_EQ_INT(b.n_calls, 2);
	ASSERT_EQ_STR(b.calls[0].number, "C007");
	ASSERT_EQ_STR(b.calls[0].counter_name, "Loket 4");
	ASSERT_EQ_STR(b.calls[1].number, "A003");
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(calls_recalls_and_finishes),
		TEST_CASE(snapshot_after_resume_rebuilds_the_board),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
