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

static const char office7[] =
	"{\"name\":\"LTSA\",\"counters\":[{\"id\":\"1\",\"name\":\"Loket 1\"}],\"services\":["
	"{\"id\":\"DISNAKER\",\"name\":\"Dinas Tenaga Kerja\",\"name_en\":\"Manpower Office\"},"
	"{\"id\":\"DUKCAPIL\",\"name\":\"Dukcapil\",\"name_en\":\"Civil Registry\"},"
	"{\"id\":\"KESEHATAN\",\"name\":\"Kesehatan\",\"name_en\":\"Health Check\"},"
	"{\"id\":\"SKCK\",\"name\":\"SKCK\",\"name_en\":\"\"},"
	"{\"id\":\"IMIGRASI\",\"name\":\"Imigrasi\",\"name_en\":\"Immigration\"},"
	"{\"id\":\"BPJS\",\"name\":\"BPJS\",\"name_en\":\"Social Insurance\"},"
	"{\"id\":\"INFO\",\"name\":\"Informasi\",\"name_en\":\"Information\"}]}";

static void load(board_t *b, const char *office_json, const char *state_json)
{
	json_t *o = json_loads(office_json, 0, NULL), *st;
	board_init(b, o);
	json_decref(o);
	if (state_json == NULL)
		return;
	st = json_loads(state_json, 0, NULL);
	ASSERT_TRUE(st != NULL);
	board_snapshot(b, st);
	json_decref(st);
}

#define SVC(id, status, reason, hours, remaining)                                          \
	"{\"id\":\"" id "\",\"waiting\":1,\"status\":\"" status "\",\"reason\":\"" reason      \
	"\",\"hours\":" hours ",\"open_now\":true,\"remaining\":" remaining "}"

/* Which services get a banner, and what each says, from a state: one per service that
 * is closed, outside its hours, sold out or limited; none for an open one. */
TEST(a_banner_for_each_service_that_is_not_open_as_usual)
{
	board_t b;
	board_banner_t ban[BOARD_MAX_SERVICES];
	load(&b, office7, "{\"seq\":9,\"services\":["
	     SVC("DISNAKER", "open", "", "null", "null") ","
	     SVC("DUKCAPIL", "limited", "", "null", "null") ","
	     SVC("KESEHATAN", "closed", "Dokter cuti", "null", "40") ","
	     SVC("SKCK", "closed", "", "null", "null") ","
	     SVC("IMIGRASI", "open", "", "null", "0") ","
	     SVC("BPJS", "limited", "Server BPJS lambat", "[\"08:00-12:00\",\"13:00-15:00\"]", "3") ","
	     SVC("INFO", "open", "", "[\"08:00-15:00\"]", "null") "]}");
	/* 10:30: every service is within its hours */
	ASSERT_EQ_INT(board_banners(&b, 10 * 60 + 30, ban, BOARD_MAX_SERVICES), 5);
	ASSERT_EQ_STR(ban[0].service->id, "DUKCAPIL");
	ASSERT_EQ_INT(ban[0].kind, BOARD_BANNER_LIMITED);
	ASSERT_EQ_STR(ban[0].id, "Dukcapil: Sistem pusat gangguan \xe2\x80\x93 berkas diterima, "
		      "diproses kemudian");
	ASSERT_EQ_STR(ban[0].en, "Civil Registry: Central system down \xe2\x80\x93 papers "
		      "accepted, processed later");
	ASSERT_EQ_INT(ban[1].kind, BOARD_BANNER_CLOSED);
	ASSERT_EQ_STR(ban[1].id, "Kesehatan ditutup \xe2\x80\x93 Dokter cuti");
	ASSERT_EQ_STR(ban[1].en, "Health Check is closed \xe2\x80\x93 Dokter cuti");
	ASSERT_EQ_STR(ban[2].id, "SKCK ditutup \xe2\x80\x93 tidak menerima nomor baru");
	ASSERT_EQ_STR(ban[2].en, "SKCK is closed \xe2\x80\x93 no new tickets");   /* no name_en */
	ASSERT_EQ_INT(ban[3].kind, BOARD_BANNER_SOLD_OUT);
	ASSERT_EQ_STR(ban[3].id, "Kuota Imigrasi hari ini sudah habis");
	ASSERT_EQ_STR(ban[3].en, "Today's quota for Immigration is used up");
	ASSERT_EQ_INT(ban[4].kind, BOARD_BANNER_LIMITED);
	ASSERT_EQ_STR(ban[4].id, "BPJS terbatas: Server BPJS lambat");
	ASSERT_EQ_STR(ban[4].en, "Social Insurance limited: Server BPJS lambat");
	/* the count without the texts */
	ASSERT_EQ_INT(board_banners(&b, 10 * 60 + 30, NULL, 0), 5);
	/* 12:30: BPJS is between its ranges, which says more than "limited" */
	ASSERT_EQ_INT(board_banners(&b, 12 * 60 + 30, ban, BOARD_MAX_SERVICES), 5);
	ASSERT_EQ_INT(ban[4].kind, BOARD_BANNER_HOURS);
	ASSERT_EQ_STR(ban[4].id, "BPJS: di luar jam layanan \xe2\x80\x93 buka pukul 13:00");
	ASSERT_EQ_STR(ban[4].en, "Social Insurance: outside service hours \xe2\x80\x93 opens at 13:00");
	/* 07:00: BPJS and INFO open later today; 15:00: tomorrow (the range's end is out) */
	ASSERT_EQ_INT(board_banners(&b, 7 * 60, ban, BOARD_MAX_SERVICES), 6);
	ASSERT_EQ_STR(ban[4].id, "BPJS: di luar jam layanan \xe2\x80\x93 buka pukul 08:00");
	ASSERT_EQ_STR(ban[5].service->id, "INFO");
	ASSERT_EQ_STR(ban[5].en, "Information: outside service hours \xe2\x80\x93 opens at 08:00");
	ASSERT_EQ_INT(board_banners(&b, 15 * 60, ban, BOARD_MAX_SERVICES), 6);
	ASSERT_EQ_STR(ban[5].id, "Informasi: di luar jam layanan \xe2\x80\x93 buka besok pukul 08:00");
	ASSERT_EQ_STR(ban[5].en, "Information: outside service hours \xe2\x80\x93 opens tomorrow at 08:00");
	/* the time unknown: hours are not judged */
	ASSERT_EQ_INT(board_banners(&b, -1, ban, BOARD_MAX_SERVICES), 5);
	/* fewer slots than banners: the first ones, and the whole count */
	ASSERT_EQ_INT(board_banners(&b, 10 * 60, ban, 2), 5);
	ASSERT_EQ_STR(ban[1].service->id, "KESEHATAN");
}

static void status_event(board_t *b, int seq, const char *id, const char *status,
			 const char *reason)
{
	char data[512];
	board_call_t call;
	snprintf(data, sizeof(data), "{\"seq\":%d,\"ticket\":null,\"counter\":null,\"service\":"
		 "{\"id\":\"%s\",\"name\":\"x\",\"status\":\"%s\",\"reason\":\"%s\"},"
		 "\"reason\":\"%s\"}", seq, id, status, reason, reason);
	ASSERT_EQ_INT(feed(b, "service.status", data, &call), 0);
}

/* service.status puts the banner up at once and takes it down; a state read before the
 * event (the fetch of an earlier event, arriving late) does not undo it. */
TEST(the_status_event_shows_and_hides_the_banner_at_once)
{
	board_t b;
	board_banner_t ban[BOARD_MAX_SERVICES];
	json_t *old;
	load(&b, office7, "{\"seq\":20,\"services\":[" SVC("IMIGRASI", "open", "", "null", "null") "]}");
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 0);
	status_event(&b, 21, "IMIGRASI", "limited", "");
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 1);
	ASSERT_EQ_INT(ban[0].kind, BOARD_BANNER_LIMITED);
	ASSERT_EQ_STR(ban[0].id, "Imigrasi: " BOARD_LIMITED_ID);
	/* a state of seq 20 comes in late: the banner stays */
	old = json_loads("{\"seq\":20,\"services\":[" SVC("IMIGRASI", "open", "", "null", "null") "]}",
			 0, NULL);
	board_waiting(&b, old);
	json_decref(old);
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 1);
	status_event(&b, 22, "IMIGRASI", "closed", "Sistem SIMKIM mati");
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 1);
	ASSERT_EQ_INT(ban[0].kind, BOARD_BANNER_CLOSED);
	ASSERT_EQ_STR(ban[0].id, "Imigrasi ditutup \xe2\x80\x93 Sistem SIMKIM mati");
	status_event(&b, 23, "IMIGRASI", "open", "");
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 0);
	/* a repeat of an applied event changes nothing; a newer state rules */
	status_event(&b, 22, "IMIGRASI", "closed", "again");
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 0);
	old = json_loads("{\"seq\":30,\"services\":[" SVC("IMIGRASI", "limited", "", "null", "null")
			 "]}", 0, NULL);
	board_waiting(&b, old);
	json_decref(old);
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 1);
	/* a status this build does not know reads as open; an unknown service changes nothing */
	status_event(&b, 31, "NOPE", "closed", "");
	status_event(&b, 32, "IMIGRASI", "sideways", "");
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 0);
}

/* Loket 4 serves KESEHATAN only: its own screen tells of KESEHATAN, not of the others;
 * the wall (and an unknown id) tells of all. */
TEST(a_counter_screen_shows_only_the_banners_of_its_own_services)
{
	static const char two[] =
		"{\"name\":\"LTSA\",\"counters\":[{\"id\":\"1\",\"name\":\"Loket 1\","
		"\"services\":[\"DISNAKER\",\"IMIGRASI\"]},{\"id\":\"4\",\"name\":\"Loket 4\","
		"\"services\":[\"KESEHATAN\"]}],\"services\":["
		"{\"id\":\"DISNAKER\",\"name\":\"Dinas\"},{\"id\":\"KESEHATAN\",\"name\":\"Kesehatan\"},"
		"{\"id\":\"IMIGRASI\",\"name\":\"Imigrasi\"}]}";
	board_t b;
	board_banner_t ban[BOARD_MAX_SERVICES];
	load(&b, two, "{\"seq\":3,\"services\":["
	     SVC("DISNAKER", "open", "", "null", "null") ","
	     SVC("KESEHATAN", "limited", "", "null", "null") ","
	     SVC("IMIGRASI", "closed", "SIMKIM mati", "null", "null") "]}");
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 2);   /* the wall */
	board_banners_for(&b, "4");
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 1);
	ASSERT_EQ_STR(ban[0].service->id, "KESEHATAN");
	board_banners_for(&b, "1");
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 1);
	ASSERT_EQ_STR(ban[0].service->id, "IMIGRASI");
	board_banners_for(&b, "99");
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 2);
	board_banners_for(&b, NULL);
	ASSERT_EQ_INT(board_banners(&b, 600, ban, BOARD_MAX_SERVICES), 2);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(calls_recalls_and_finishes),
		TEST_CASE(snapshot_after_resume_rebuilds_the_board),
		TEST_CASE(a_recall_that_was_then_closed_is_not_now_calling_and_tickets_are_listed_once),
		TEST_CASE(a_snapshot_lists_each_ticket_once_and_none_that_left),
		TEST_CASE(a_counter_is_named_short_up_to_its_number),
		TEST_CASE(a_banner_for_each_service_that_is_not_open_as_usual),
		TEST_CASE(the_status_event_shows_and_hides_the_banner_at_once),
		TEST_CASE(a_counter_screen_shows_only_the_banners_of_its_own_services),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
