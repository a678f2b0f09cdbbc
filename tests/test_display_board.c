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
	ASSERT_EQ_INT(b.n_calls, 2);   /* A001's recall replaced its call in the list */
	ASSERT_EQ_INT(feed(&b, "ticket.finished",
			   "{\"seq\":8,\"ticket\":{\"number\":\"A001\",\"state\":\"done\"},"
			   "\"counter\":{\"id\":\"4\"}}", &call), 0);
	ASSERT_EQ_STR(b.counters[1].number, "");
	ASSERT_EQ_INT(feed(&b, "counter.closed", "{\"seq\":9,\"ticket\":null,"
			   "\"counter\":{\"id\":\"1\",\"state\":\"closed\"}}", &call), 0);
	ASSERT_EQ_INT(b.counters[0].state, ANTRE_CS_CLOSED);
	ASSERT_EQ_STR(b.counters[0].number, "");
	ASSERT_TRUE(board_now(&b) == NULL);     /* A002's desk closed: no call is current */
	ASSERT_EQ_INT(b.flash_until_ms, 0);
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

#define LEFT(seq, type_state, number, counter)                                           \
	"{\"seq\":" #seq ",\"ticket\":{\"number\":\"" number "\",\"state\":\"" type_state "\"}," \
	"\"counter\":{\"id\":\"" counter "\"}}"

/* A recall of a ticket then marked no-show or finished must not stay "now calling",
 * and the earlier calls list each ticket once (its newest call). */
TEST(a_recall_that_was_then_closed_is_not_now_calling_and_tickets_are_listed_once)
{
	board_t b;
	board_call_t call;
	json_t *o = json_loads(office, 0, NULL);
	board_init(&b, o);
	json_decref(o);
	ASSERT_EQ_INT(feed(&b, "ticket.called", CALLED(5, "A001", "4"), &call), 1);
	ASSERT_EQ_INT(feed(&b, "ticket.called", CALLED(6, "A002", "1"), &call), 1);
	ASSERT_EQ_INT(feed(&b, "ticket.recalled", CALLED(7, "A002", "1"), &call), 1);
	ASSERT_EQ_INT(feed(&b, "ticket.recalled", CALLED(8, "A002", "1"), &call), 1);
	/* A002 once, its newest call (the recall) first; A001 once */
	ASSERT_EQ_INT(b.n_calls, 2);
	ASSERT_EQ_STR(b.calls[0].number, "A002");
	ASSERT_EQ_INT(b.calls[0].recall, 1);
	ASSERT_EQ_INT(b.calls[0].seq, 8);
	ASSERT_EQ_STR(b.calls[1].number, "A001");
	ASSERT_TRUE(board_now(&b) == &b.calls[0]);
	/* A002 did not come: the tile falls back to A001, still called to Loket 4 */
	ASSERT_EQ_INT(feed(&b, "ticket.no_show", LEFT(9, "no_show", "A002", "1"), &call), 0);
	ASSERT_TRUE(board_now(&b) != NULL);
	ASSERT_EQ_STR(board_now(&b)->number, "A001");
	ASSERT_EQ_INT(b.flash_until_ms, 0);   /* nothing new to flash for */
	{
		const board_call_t *earlier[4];
		ASSERT_EQ_INT(board_earlier(&b, earlier, 4), 1);
		ASSERT_EQ_STR(earlier[0]->number, "A002");
	}
	/* A001 recalled, then finished: nothing is being called now */
	ASSERT_EQ_INT(feed(&b, "ticket.recalled", CALLED(10, "A001", "4"), &call), 1);
	ASSERT_TRUE(board_now(&b) == &b.calls[0]);
	ASSERT_EQ_INT(feed(&b, "ticket.finished", LEFT(11, "done", "A001", "4"), &call), 0);
	ASSERT_TRUE(board_now(&b) == NULL);
	/* both stay in the day's list of calls, once each */
	ASSERT_EQ_INT(b.n_calls, 2);
	ASSERT_EQ_STR(b.calls[0].number, "A001");
	ASSERT_EQ_STR(b.calls[1].number, "A002");
	/* called again at another desk (a journey's next step): now calling again, once */
	ASSERT_EQ_INT(feed(&b, "ticket.called", CALLED(12, "A002", "4"), &call), 1);
	ASSERT_EQ_INT(b.n_calls, 2);
	ASSERT_TRUE(board_now(&b) == &b.calls[0]);
	ASSERT_EQ_STR(b.calls[0].number, "A002");
	ASSERT_EQ_STR(b.calls[0].counter_name, "Loket 4");
}

/* After a resume the state's recent calls may name a ticket twice and tickets no desk
 * holds any more: the board lists each once and calls only a held one "now". */
TEST(a_snapshot_lists_each_ticket_once_and_none_that_left)
{
	board_t b;
	json_t *o = json_loads(office, 0, NULL), *st;
	board_init(&b, o);
	json_decref(o);
	st = json_loads("{\"seq\":40,\"counters\":[{\"id\":\"4\",\"state\":\"open\","
			"\"ticket\":{\"number\":\"C007\",\"service\":\"KESEHATAN\"}},{\"id\":\"1\","
			"\"state\":\"open\",\"ticket\":null}],\"recent_calls\":["
			"{\"seq\":39,\"number\":\"A003\",\"counter\":\"1\",\"recall\":true},"
			"{\"seq\":38,\"number\":\"C007\",\"counter\":\"4\",\"recall\":false},"
			"{\"seq\":30,\"number\":\"A003\",\"counter\":\"1\",\"recall\":false}]}",
			0, NULL);
	board_snapshot(&b, st);
	json_decref(st);
	ASSERT_EQ_INT(b.n_calls, 2);
	ASSERT_EQ_STR(b.calls[0].number, "A003");
	ASSERT_EQ_INT(b.calls[0].seq, 39);
	ASSERT_EQ_STR(b.calls[1].number, "C007");
	/* A003's recall is the newest, but Loket 1 holds nobody: it left */
	ASSERT_TRUE(board_now(&b) == &b.calls[1]);
}

TEST(a_counter_is_named_short_up_to_its_number)
{
	char out[64];
	board_counter_short("Loket 2 Kependudukan dan Pencatatan Sipil", out, sizeof(out));
	ASSERT_EQ_STR(out, "Loket 2");
	board_counter_short("Loket 27", out, sizeof(out));
	ASSERT_EQ_STR(out, "Loket 27");
	board_counter_short("Informasi", out, sizeof(out));
	ASSERT_EQ_STR(out, "Informasi");
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(calls_recalls_and_finishes),
		TEST_CASE(snapshot_after_resume_rebuilds_the_board),
		TEST_CASE(a_recall_that_was_then_closed_is_not_now_calling_and_tickets_are_listed_once),
		TEST_CASE(a_snapshot_lists_each_ticket_once_and_none_that_left),
		TEST_CASE(a_counter_is_named_short_up_to_its_number),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
