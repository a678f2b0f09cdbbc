/* The typed event decoder against what antred really sends: every event type of the
 * protocol table is formatted by the API's own event formatter and decoded back. */
#include "api_internal.h"
#include "config.h"
#include "test.h"
#include "number.h"
#include "wire.h"

static const char office[] =
	"[office]\nname = Test\n"
	"[service S1]\nprefix = A\n"
	"[service S2]\nprefix = B\n"
	"[journey J]\nprefix = P\nsteps = S1, S2\n"
	"[counter 1]\nname = Loket Satu\nservices = S1, S2\n";

static antre_config_t cfg;

static void load(void)
{
	char err[256];
	if (antre_config_parse(office, strlen(office), "t.ini", "/tmp", &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "config: %s\n", err);
		abort();
	}
}

/* An event of type t as the engine would emit it: ticket events carry a ticket at the
 * first desk of journey J (issued ones have no counter yet), counter events a counter. */
static antre_event_t event_of(antre_event_type_t t)
{
	antre_event_t e;
	antre_event_blank(&e, t);
	e.seq = 40 + t;
	e.at_ms = 1795741200000LL;
	snprintf(e.day, sizeof(e.day), "2026-11-27");
	if (antre_event_ticket_state(t, 0) >= 0) {
		snprintf(e.ticket, sizeof(e.ticket), "00112233aabbccdd");
		snprintf(e.number, sizeof(e.number), "P007");
		e.journey = 0;
		e.step = 0;
		e.service = 0;
		e.priority = 1;
		e.counter = t == ANTRE_EV_TICKET_ISSUED ? -1 : 0;
	}
	if (antre_event_type_flags(t) & ANTRE_EVF_COUNTER)
		e.counter = 0;
	return e;
}

/* Format e as antred does, decode it into *w: 0 when it decoded. */
static int round_trip(const antre_event_t *e, antre_wire_event_t *w)
{
	json_t *data = api_json_event(&cfg, e, 7 * 3600);
	char *text = json_dumps(data, 0);
	int rc = antre_wire_event_parse(antre_event_type_name(e->type), text, w);
	free(text);
	json_decref(data);
	return rc;
}

TEST(every_event_type_decodes_to_what_was_sent)
{
	load();
	for (int t = 0; t < ANTRE_EV__COUNT; t++) {
		antre_event_t e = event_of((antre_event_type_t)t);
		antre_wire_event_t w;
		ASSERT_EQ_INT(round_trip(&e, &w), 0);
		ASSERT_EQ_INT(w.type, t);
		ASSERT_EQ_INT(w.seq, e.seq);
		ASSERT_EQ_INT(w.flags, antre_event_type_flags(e.type));
		ASSERT_EQ_STR(w.day, "2026-11-27");
		ASSERT_EQ_INT(w.ticket.present, antre_event_ticket_state(e.type, 0) >= 0);
		ASSERT_EQ_INT(w.counter.present, e.counter >= 0);
		if (w.ticket.present) {
			ASSERT_EQ_STR(w.ticket.number, "P007");
			ASSERT_EQ_STR(w.ticket.id, "00112233aabbccdd");
			ASSERT_EQ_STR(w.ticket.service, "S1");
			ASSERT_EQ_STR(w.ticket.journey, "J");
			ASSERT_EQ_INT(w.ticket.priority, 1);
			ASSERT_EQ_INT(w.ticket.state, antre_event_ticket_state(e.type, 1));
		}
		if (w.counter.present) {
			ASSERT_EQ_STR(w.counter.id, "1");
			ASSERT_EQ_STR(w.counter.name, "Loket Satu");
			ASSERT_TRUE(w.counter.state >= 0);
		}
		if (antre_event_counter_state(e.type) >= 0 && w.counter.present)
			ASSERT_EQ_INT(w.counter.state, antre_event_counter_state(e.type));
	}
}

TEST(a_called_ticket_is_at_its_counter_and_a_finished_journey_is_done)
{
	antre_event_t e;
	antre_wire_event_t w;

	load();
	e = event_of(ANTRE_EV_TICKET_CALLED);
	ASSERT_EQ_INT(round_trip(&e, &w), 0);
	ASSERT_EQ_STR(w.ticket.counter, "1");
	ASSERT_EQ_INT(w.flags & ANTRE_EVF_CALL, ANTRE_EVF_CALL);

	e = event_of(ANTRE_EV_TICKET_FINISHED);   /* step 1 of 2 done: waits at S2 */
	e.from_service = 0;
	e.service = 1;
	ASSERT_EQ_INT(round_trip(&e, &w), 0);
	ASSERT_EQ_INT(w.ticket.state, ANTRE_TS_WAITING);
	ASSERT_EQ_STR(w.ticket.service, "S2");
	ASSERT_EQ_STR(w.ticket.from_service, "S1");
	ASSERT_EQ_STR(w.ticket.counter, "");

	e.service = -1;                           /* the last desk: done */
	ASSERT_EQ_INT(round_trip(&e, &w), 0);
	ASSERT_EQ_INT(w.ticket.state, ANTRE_TS_DONE);

	e = event_of(ANTRE_EV_TICKET_RECALLED);
	e.aux = 2;
	ASSERT_EQ_INT(round_trip(&e, &w), 0);
	ASSERT_EQ_INT(w.ticket.recalls, 2);
}

TEST(snapshots_unknown_types_and_broken_data_are_refused)
{
	antre_wire_event_t w;
	ASSERT_EQ_INT(antre_wire_event_parse(ANTRE_STREAM_SNAPSHOT, "{\"seq\":3}", &w), -1);
	ASSERT_EQ_INT(antre_wire_event_parse("ticket.teleported", "{\"seq\":3}", &w), -1);
	ASSERT_EQ_INT(antre_wire_event_parse("ticket.called", "[1,2]", &w), -1);
	ASSERT_EQ_INT(antre_wire_event_parse("ticket.called", "{\"seq\":\"3\"}", &w), -1);
	ASSERT_EQ_INT(antre_wire_event_parse("ticket.called", "{not json", &w), -1);
	ASSERT_EQ_INT(antre_wire_event_parse("ticket.called", NULL, &w), -1);
	ASSERT_EQ_INT(w.ticket.present, 0);
	ASSERT_EQ_INT(w.seq, 0);
}

TEST(long_strings_are_cut_on_a_character_boundary)
{
	antre_wire_event_t w;
	/* 15 bytes fit in number[16]: "AAAAAAAAAAAAAA" (14) then a 2-byte é would end at 16 */
	ASSERT_EQ_INT(antre_wire_event_parse("ticket.issued",
					     "{\"seq\":1,\"ticket\":{\"number\":\"AAAAAAAAAAAAAA\\u00e9\"}}",
					     &w),
		      0);
	ASSERT_EQ_STR(w.ticket.number, "AAAAAAAAAAAAAA");
	ASSERT_EQ_INT(w.ticket.state, -1);
	/* a number too big for the field is not cut into a plausible one */
	ASSERT_EQ_INT(antre_wire_event_parse("ticket.recalled",
					     "{\"seq\":2,\"ticket\":{\"recalls\":4294967298,\"step\":1}}", &w),
		      0);
	ASSERT_EQ_INT(w.ticket.recalls, 0);
	ASSERT_EQ_INT(w.ticket.step, 1);
}

TEST(the_tables_agree_with_their_names)
{
	for (int t = 0; t < ANTRE_EV__COUNT; t++)
		ASSERT_EQ_INT(antre_event_type_parse(antre_event_type_name((antre_event_type_t)t)), t);
	for (int a = 0; a < ANTRE_ACT__COUNT; a++)
		ASSERT_EQ_INT(antre_action_parse(antre_action_name((antre_action_t)a)), a);
	for (int s = 0; s < ANTRE_TS__COUNT; s++)
		ASSERT_EQ_INT(antre_ticket_state_parse(antre_ticket_state_name((antre_ticket_state_t)s)), s);
	for (int s = 0; s < ANTRE_CS__COUNT; s++)
		ASSERT_EQ_INT(antre_counter_state_parse(antre_counter_state_name((antre_counter_state_t)s)),
			      s);
	ASSERT_EQ_STR(antre_event_type_name((antre_event_type_t)ANTRE_EV__COUNT), "unknown");
	ASSERT_EQ_INT(antre_action_parse("call-next "), -1);
	ASSERT_EQ_INT(antre_action_arg(ANTRE_ACT_TRANSFER), ANTRE_ARG_SERVICE);
	ASSERT_EQ_INT(antre_action_arg(ANTRE_ACT_CALL), ANTRE_ARG_NUMBER);
}

TEST(numbers_are_whole_and_in_range)
{
	int v = 7;
	int64_t w = 0;
	static const int papers[] = { 58, 80 };
	ASSERT_EQ_INT(antre_parse_int("58", 1, 100, &v), 0);
	ASSERT_EQ_INT(v, 58);
	ASSERT_EQ_INT(antre_parse_int("-3", -5, 5, &v), 0);
	ASSERT_EQ_INT(v, -3);
	ASSERT_EQ_INT(antre_parse_int("101", 1, 100, &v), -1);
	ASSERT_EQ_INT(antre_parse_int("80x", 1, 100, &v), -1);
	ASSERT_EQ_INT(antre_parse_int(" 80", 1, 100, &v), -1);
	ASSERT_EQ_INT(antre_parse_int("+80", 1, 100, &v), -1);
	ASSERT_EQ_INT(antre_parse_int("", 1, 100, &v), -1);
	ASSERT_EQ_INT(antre_parse_int(NULL, 1, 100, &v), -1);
	ASSERT_EQ_INT(antre_parse_int("99999999999999999999", 1, 100, &v), -1);
	ASSERT_EQ_INT(v, -3);   /* untouched by every refusal */
	ASSERT_EQ_INT(antre_parse_int_of("57", papers, 2, &v), -1);
	ASSERT_EQ_INT(antre_parse_int_of("80", papers, 2, &v), 0);
	ASSERT_EQ_INT(v, 80);
	ASSERT_EQ_INT(antre_parse_i64("9007199254740993", 0, INT64_MAX, &w), 0);
	ASSERT_EQ_INT(w, 9007199254740993LL);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(every_event_type_decodes_to_what_was_sent),
		TEST_CASE(a_called_ticket_is_at_its_counter_and_a_finished_journey_is_done),
		TEST_CASE(snapshots_unknown_types_and_broken_data_are_refused),
		TEST_CASE(long_strings_are_cut_on_a_character_boundary),
		TEST_CASE(the_tables_agree_with_their_names),
		TEST_CASE(numbers_are_whole_and_in_range),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
