/* The kiosk's buttons for closed, limited and sold-out services (issue 13): read from
 * the state, carried over to the journeys that need them, said plainly in the kiosk's
 * language, drawn off, and refused before anything is issued or printed. Pure. */
#include <jansson.h>

#include "kiosk_layout.h"
#include "kiosk_model.h"
#include "test.h"

static const char office_json[] =
	"{\"name\":\"LTSA\",\"name_en\":\"LTSA\",\"priority_button\":false,"
	"\"journeys\":[{\"id\":\"CPMI\",\"name\":\"Layanan Lengkap\",\"name_en\":\"Full service\","
	"\"steps\":[\"DISNAKER\",\"IMIGRASI\"]},"
	"{\"id\":\"PASPOR\",\"name\":\"Paspor\",\"name_en\":\"Passport\","
	"\"steps\":[\"IMIGRASI\",\"DISNAKER\"]}],"
	"\"services\":[{\"id\":\"DISNAKER\",\"name\":\"Disnaker\",\"name_en\":\"Manpower\"},"
	"{\"id\":\"IMIGRASI\",\"name\":\"Imigrasi\",\"name_en\":\"Immigration\"},"
	"{\"id\":\"DUKCAPIL\",\"name\":\"Dukcapil\",\"name_en\":\"Civil registry\"},"
	"{\"id\":\"SKCK\",\"name\":\"SKCK\",\"name_en\":\"Police clearance\"}]}";

/* DISNAKER limited, IMIGRASI sold out, DUKCAPIL closed by its status, SKCK by its hours */
static const char state_json[] =
	"{\"services\":["
	"{\"id\":\"DISNAKER\",\"waiting\":2,\"est_wait_s\":600,\"open_counters\":1,"
	"\"status\":\"limited\",\"reason\":\"Sistem pusat gangguan\",\"hours\":null,"
	"\"open_now\":true,\"quota\":null,\"issued_today\":4,\"remaining\":null},"
	"{\"id\":\"IMIGRASI\",\"waiting\":0,\"est_wait_s\":0,\"open_counters\":1,"
	"\"status\":\"open\",\"reason\":\"\",\"hours\":null,\"open_now\":true,\"quota\":2,"
	"\"issued_today\":2,\"remaining\":0},"
	"{\"id\":\"DUKCAPIL\",\"waiting\":0,\"est_wait_s\":0,\"open_counters\":1,"
	"\"status\":\"closed\",\"reason\":\"SIAK mati\",\"hours\":[\"08:00-15:00\"],"
	"\"open_now\":false,\"quota\":null,\"issued_today\":0,\"remaining\":null},"
	"{\"id\":\"SKCK\",\"waiting\":0,\"est_wait_s\":0,\"open_counters\":0,"
	"\"status\":\"open\",\"reason\":\"\",\"hours\":[\"08:00-12:00\",\"13:00-15:00\"],"
	"\"open_now\":false,\"quota\":null,\"issued_today\":0,\"remaining\":null}]}";

static kiosk_office_t office;
static kiosk_model_t model;

static void setup(void)
{
	json_t *o = json_loads(office_json, 0, NULL), *st = json_loads(state_json, 0, NULL);
	kiosk_count_t c[KIOSK_MAX_COUNTS];
	int n;
	ASSERT_TRUE(o != NULL && st != NULL);
	ASSERT_EQ_INT(kiosk_office_from_json(o, &office), 0);
	n = kiosk_counts_from_json(st, c, KIOSK_MAX_COUNTS);
	ASSERT_EQ_INT(n, 4);
	n = kiosk_counts_add_journeys(&office, c, n, KIOSK_MAX_COUNTS);
	ASSERT_EQ_INT(n, 6);
	kiosk_model_init(&model, 0);
	kiosk_model_counts(&model, c, n);
	json_decref(o);
	json_decref(st);
}

static const kiosk_button_t *button(const kiosk_layout_t *l, const char *id)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->buttons[i].id, id) == 0)
			return &l->buttons[i];
	TEST_FAIL_("no button %s", id);
}

TEST(status_quota_and_hours_come_from_the_state)
{
	const kiosk_count_t *c;
	setup();
	c = kiosk_model_count(&model, "DISNAKER");
	ASSERT_TRUE(c->limited && !c->closed && !c->sold_out && !kiosk_count_refuses(c));
	ASSERT_EQ_STR(c->reason, "Sistem pusat gangguan");
	c = kiosk_model_count(&model, "IMIGRASI");
	ASSERT_TRUE(c->sold_out && kiosk_count_refuses(c));
	c = kiosk_model_count(&model, "DUKCAPIL");
	ASSERT_TRUE(c->closed && kiosk_count_refuses(c));
	ASSERT_EQ_STR(c->hours, "");   /* closed by its status: the reason says why */
	c = kiosk_model_count(&model, "SKCK");
	ASSERT_TRUE(c->closed);
	ASSERT_EQ_STR(c->hours, "08:00-12:00, 13:00-15:00");
	/* journeys: CPMI starts at limited DISNAKER and needs sold-out IMIGRASI */
	c = kiosk_model_count(&model, "CPMI");
	ASSERT_TRUE(c->sold_out && c->limited && !c->closed);
	ASSERT_EQ_INT(c->waiting, 2);   /* its first desk's line */
	c = kiosk_model_count(&model, "PASPOR");
	ASSERT_TRUE(c->sold_out && kiosk_count_refuses(c));
}

TEST(buttons_say_it_in_the_kiosk_language)
{
	kiosk_layout_t l;
	setup();
	kiosk_layout_screen(&office, 1920, 1080, &model, &l);
	ASSERT_EQ_STR(button(&l, "DISNAKER")->info, "Sistem pusat gangguan");
	ASSERT_EQ_STR(button(&l, "DISNAKER")->sublabel, "");   /* its room goes to the line */
	ASSERT_TRUE(button(&l, "DISNAKER")->warn && !button(&l, "DISNAKER")->off);
	ASSERT_EQ_STR(button(&l, "IMIGRASI")->info, "Kuota hari ini sudah habis");
	ASSERT_TRUE(button(&l, "IMIGRASI")->off);
	ASSERT_EQ_STR(button(&l, "DUKCAPIL")->info, "Ditutup: SIAK mati");
	ASSERT_EQ_STR(button(&l, "SKCK")->info, "Tutup - jam layanan 08:00-12:00, 13:00-15:00");
	ASSERT_TRUE(button(&l, "CPMI")->off);
	ASSERT_EQ_STR(button(&l, "CPMI")->info, "Kuota hari ini sudah habis");
	kiosk_model_tap(&model, "lang", 10);
	kiosk_layout_screen(&office, 1080, 1920, &model, &l);
	ASSERT_EQ_STR(button(&l, "DISNAKER")->info, "Sistem pusat gangguan");   /* as written */
	ASSERT_EQ_STR(button(&l, "IMIGRASI")->info, "Sold out - today's quota is used up");
	ASSERT_EQ_STR(button(&l, "DUKCAPIL")->info, "Closed: SIAK mati");
	ASSERT_EQ_STR(button(&l, "SKCK")->info, "Closed - service hours 08:00-12:00, 13:00-15:00");
	ASSERT_EQ_STR(button(&l, "SKCK")->sublabel, "");
	{   /* limited without a sentence: the journey's first desk, so the journey too */
		kiosk_count_t c[2];
		memset(c, 0, sizeof(c));
		snprintf(c[0].id, sizeof(c[0].id), "DISNAKER");
		snprintf(c[1].id, sizeof(c[1].id), "CPMI");
		c[0].limited = c[1].limited = 1;
		kiosk_model_counts(&model, c, 2);
		kiosk_layout_screen(&office, 1080, 1920, &model, &l);
		ASSERT_EQ_STR(button(&l, "DISNAKER")->info,
			      "Central system down - papers accepted, processed later");
		/* the journey says the warning once, and its first desk's figures */
		ASSERT_EQ_STR(button(&l, "CPMI")->sublabel,
			      "Central system down - papers accepted, processed later");
		ASSERT_EQ_STR(button(&l, "CPMI")->info, "First desk Manpower: No counter open yet");
		ASSERT_EQ_STR(button(&l, "DUKCAPIL")->sublabel, "Dukcapil");   /* no figures: as ever */
	}
}

TEST(closed_and_sold_out_are_refused_before_printing)
{
	setup();
	ASSERT_EQ_INT(kiosk_model_tap(&model, "DUKCAPIL", 10), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(kiosk_model_tap(&model, "SKCK", 20), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(kiosk_model_tap(&model, "IMIGRASI", 30), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(kiosk_model_tap(&model, "CPMI", 40), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(model.screen, KIOSK_HOME);
	ASSERT_EQ_INT(model.busy, 0);
	/* limited still issues */
	ASSERT_EQ_INT(kiosk_model_tap(&model, "DISNAKER", 50), KIOSK_DO_ISSUE);
	ASSERT_EQ_INT(model.screen, KIOSK_ISSUING);
}

TEST(a_service_that_closes_on_the_priority_step_goes_home)
{
	kiosk_count_t c[1];
	setup();
	model.offers_priority = 1;
	ASSERT_EQ_INT(kiosk_model_tap(&model, "DISNAKER", 10), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(model.screen, KIOSK_PRIORITY);
	memset(c, 0, sizeof(c));
	snprintf(c[0].id, sizeof(c[0].id), "DISNAKER");
	c[0].closed = 1;
	kiosk_model_counts(&model, c, 1);
	ASSERT_EQ_INT(kiosk_model_tap(&model, "regular", 10 + KIOSK_STEP_HOLD_MS), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(model.screen, KIOSK_HOME);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(status_quota_and_hours_come_from_the_state),
		TEST_CASE(buttons_say_it_in_the_kiosk_language),
		TEST_CASE(closed_and_sold_out_are_refused_before_printing),
		TEST_CASE(a_service_that_closes_on_the_priority_step_goes_home),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
