/* The kiosk's pure parts: every screen transition of the model (double tap, faults,
 * unreachable controller with backoff), and the computed home layout at the three
 * screen sizes in both languages, and the waiting figures the home buttons show. */
#include "kiosk_layout.h"
#include "kiosk_model.h"
#include "test.h"

#include <stdio.h>
#include <string.h>

TEST(tap_issues_once_then_shows_the_ticket_then_home)
{
	kiosk_model_t m;
	antre_print_ticket_t t;
	kiosk_model_init(&m, 0);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "DISNAKER", 100), KIOSK_DO_ISSUE);
	ASSERT_EQ_INT(m.screen, KIOSK_ISSUING);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "DISNAKER", 150), KIOSK_DO_NOTHING);   /* double tap */
	antre_print_demo_ticket(&t);
	kiosk_model_issued(&m, &t, 200);
	ASSERT_EQ_INT(m.screen, KIOSK_TICKET);
	ASSERT_EQ_STR(m.number, "P017");
	ASSERT_EQ_STR(m.service, "Pemeriksaan Kesehatan");   /* the current desk */
	ASSERT_EQ_INT(kiosk_model_tap(&m, "DISNAKER", 250), KIOSK_DO_NOTHING);
	kiosk_model_tap_screen(&m, 300);            /* still printing: stays */
	ASSERT_EQ_INT(m.screen, KIOSK_TICKET);
	kiosk_model_printed(&m, 400);
	kiosk_model_tick(&m, 200 + KIOSK_TICKET_SHOW_MS - 1);
	ASSERT_EQ_INT(m.screen, KIOSK_TICKET);
	kiosk_model_tick(&m, 200 + KIOSK_TICKET_SHOW_MS);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	/* a tap on the ticket screen goes home early, but not the second tap of a double
	 * tap that lands just after the number appeared */
	ASSERT_EQ_INT(kiosk_model_tap(&m, "INFO", 20000), KIOSK_DO_ISSUE);
	kiosk_model_issued(&m, &t, 20030);
	kiosk_model_printed(&m, 20035);
	kiosk_model_tap_screen(&m, 20040);
	ASSERT_EQ_INT(m.screen, KIOSK_TICKET);
	kiosk_model_tap_screen(&m, 20030 + KIOSK_SCREEN_HOLD_MS - 1);
	ASSERT_EQ_INT(m.screen, KIOSK_TICKET);
	kiosk_model_tap_screen(&m, 20030 + KIOSK_SCREEN_HOLD_MS);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
}

TEST(language_toggles_on_home_only)
{
	kiosk_model_t m;
	kiosk_model_init(&m, 0);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "lang", 1), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(m.lang, KIOSK_LANG_EN);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "priority", 2), KIOSK_DO_NOTHING);   /* not on home */
	ASSERT_EQ_INT(m.priority, 0);
	kiosk_model_tap(&m, "INFO", 3);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "lang", 4), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(m.lang, KIOSK_LANG_EN);   /* ignored while issuing */
}

/* Issue 12: priority is a second step; a double tap on the service does not pick it */
TEST(priority_is_a_second_step_and_a_double_tap_does_not_choose)
{
	kiosk_model_t m;
	kiosk_model_init(&m, 0);
	m.offers_priority = 1;
	ASSERT_EQ_INT(kiosk_model_tap(&m, "DISNAKER", 100), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(m.screen, KIOSK_PRIORITY);
	ASSERT_EQ_STR(m.choice, "DISNAKER");
	ASSERT_EQ_INT(kiosk_model_tap(&m, "priority", 140), KIOSK_DO_NOTHING);   /* double tap */
	ASSERT_EQ_INT(m.screen, KIOSK_PRIORITY);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "back", 100 + KIOSK_STEP_HOLD_MS), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	kiosk_model_tap(&m, "INFO", 2000);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "priority", 2000 + KIOSK_STEP_HOLD_MS), KIOSK_DO_ISSUE);
	ASSERT_EQ_STR(m.choice, "INFO");
	ASSERT_EQ_INT(m.priority, 1);
	ASSERT_EQ_INT(m.screen, KIOSK_ISSUING);
}

/* Issue 12: the priority tick and the language of one applicant stayed on for the next */
TEST(each_applicant_starts_fresh_after_a_ticket)
{
	static const kiosk_defaults_t d = { KIOSK_LANG_ID, 0, 0 };
	kiosk_model_t m;
	antre_print_ticket_t t;
	kiosk_model_init(&m, 0);
	kiosk_model_set_defaults(&m, &d);
	m.offers_priority = 1;
	kiosk_model_tap(&m, "lang", 10);
	kiosk_model_tap(&m, "large_text", 20);
	kiosk_model_tap(&m, "DISNAKER", 30);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "priority", 30 + KIOSK_STEP_HOLD_MS), KIOSK_DO_ISSUE);
	ASSERT_EQ_INT(m.priority, 1);
	antre_print_demo_ticket(&t);
	kiosk_model_issued(&m, &t, 1000);
	kiosk_model_printed(&m, 1100);
	ASSERT_EQ_INT(m.lang, KIOSK_LANG_EN);   /* the ticket screen is still theirs */
	kiosk_model_tick(&m, 1000 + KIOSK_TICKET_SHOW_MS);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	ASSERT_EQ_INT(m.priority, 0);
	ASSERT_EQ_INT(m.lang, KIOSK_LANG_ID);
	ASSERT_EQ_INT(m.large_text, 0);
	/* the next one goes straight to regular: priority:false reaches the worker */
	kiosk_model_tap(&m, "DISNAKER", 20000);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "regular", 20000 + KIOSK_STEP_HOLD_MS), KIOSK_DO_ISSUE);
	ASSERT_EQ_INT(m.priority, 0);
	/* a fault screen going home resets too */
	kiosk_model_print_failed(&m, &m.printer, 0, 21000);
	m.lang = KIOSK_LANG_EN;
	kiosk_model_tick(&m, 21000 + KIOSK_FAULT_SHOW_MS);
	ASSERT_EQ_INT(m.lang, KIOSK_LANG_ID);
}

TEST(idle_time_returns_to_the_office_defaults)
{
	static const kiosk_defaults_t d = { KIOSK_LANG_EN, 1, 0 };
	kiosk_model_t m;
	kiosk_model_init(&m, 0);
	kiosk_model_set_defaults(&m, &d);
	ASSERT_EQ_INT(m.lang, KIOSK_LANG_EN);
	ASSERT_EQ_INT(m.large_text, 1);
	m.offers_priority = 1;
	kiosk_model_tap(&m, "lang", 1000);
	kiosk_model_tap(&m, "large_text", 2000);
	kiosk_model_tap(&m, "speech", 3000);
	kiosk_model_tap(&m, "DISNAKER", 4000);
	ASSERT_EQ_INT(m.screen, KIOSK_PRIORITY);
	kiosk_model_tick(&m, 4000 + KIOSK_IDLE_RESET_MS - 1);
	ASSERT_EQ_INT(m.screen, KIOSK_PRIORITY);
	ASSERT_EQ_INT(m.lang, KIOSK_LANG_ID);
	kiosk_model_tick(&m, 4000 + KIOSK_IDLE_RESET_MS);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	ASSERT_EQ_INT(m.lang, KIOSK_LANG_EN);
	ASSERT_EQ_INT(m.large_text, 1);
	ASSERT_EQ_INT(m.speech, 0);
	ASSERT_EQ_STR(m.choice, "");
}

TEST(printer_faults_issue_nothing_and_explain)
{
	kiosk_model_t m;
	antre_printer_status_t st;
	kiosk_model_init(&m, 0);
	kiosk_model_tap(&m, "INFO", 10);
	antre_printer_set(&st, ANTRE_PRINTER_PAPER_OUT, "cups:ticket is out of paper");
	kiosk_model_printer_fault(&m, &st, 20);
	ASSERT_EQ_INT(m.screen, KIOSK_PRINTER_FAULT);
	ASSERT_EQ_INT(m.printer.state, ANTRE_PRINTER_PAPER_OUT);
	ASSERT_EQ_INT(m.busy, 0);
	kiosk_model_tick(&m, 20 + KIOSK_FAULT_SHOW_MS);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	/* home says it too until the printer is ready again (the next heartbeat) */
	ASSERT_EQ_INT(kiosk_model_tap(&m, "INFO", 29000), KIOSK_DO_NOTHING);
	antre_printer_set(&st, ANTRE_PRINTER_READY, "ready");
	kiosk_model_printer_status(&m, &st, 29500);
	/* issued, then the print failed: the ticket was cancelled, say so */
	ASSERT_EQ_INT(kiosk_model_tap(&m, "INFO", 30000), KIOSK_DO_ISSUE);
	antre_printer_set(&st, ANTRE_PRINTER_OFFLINE, "USB printer auto stopped taking data");
	kiosk_model_print_failed(&m, &st, 0, 30100);
	ASSERT_EQ_INT(m.screen, KIOSK_PRINT_FAILED);
	kiosk_model_tap_screen(&m, 30200);   /* too soon: the sentence stays to be read */
	ASSERT_EQ_INT(m.screen, KIOSK_PRINT_FAILED);
	kiosk_model_tap_screen(&m, 30100 + KIOSK_SCREEN_HOLD_MS);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
}

TEST(unreachable_controller_backs_off_and_recovers)
{
	kiosk_model_t m;
	kiosk_model_init(&m, 0);
	kiosk_model_tap(&m, "INFO", 0);
	kiosk_model_unreachable(&m, 100);
	ASSERT_EQ_INT(m.screen, KIOSK_UNAVAILABLE);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "INFO", 200), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(kiosk_model_tick(&m, 100 + KIOSK_BACKOFF_MIN_MS - 1), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(kiosk_model_tick(&m, 100 + KIOSK_BACKOFF_MIN_MS), KIOSK_DO_PROBE);
	ASSERT_EQ_INT(kiosk_model_tick(&m, 100 + KIOSK_BACKOFF_MIN_MS + 1), KIOSK_DO_NOTHING);
	kiosk_model_unreachable(&m, 1200);
	ASSERT_EQ_INT(m.backoff_ms, 2 * KIOSK_BACKOFF_MIN_MS);
	for (int i = 0; i < 10; i++)
		kiosk_model_unreachable(&m, 5000);
	ASSERT_EQ_INT(m.backoff_ms, KIOSK_BACKOFF_MAX_MS);
	kiosk_model_reachable(&m, 9000);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "INFO", 9100), KIOSK_DO_ISSUE);
}

static void office(kiosk_office_t *o)
{
	static const char *const ids[] = { "DISNAKER", "DUKCAPIL", "KESEHATAN", "SKCK", "IMIGRASI",
					   "BPJS", "PAP", "INFO" };
	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "LTSA P2MI Kabupaten Indramayu");
	o->priority_button = 1;
	snprintf(o->choices[0].id, 32, "CPMI");
	snprintf(o->choices[0].name, KIOSK_NAME_MAX, "Layanan Lengkap Calon PMI");
	snprintf(o->choices[0].name_en, KIOSK_NAME_MAX, "Full Service for Migrant Workers");
	o->choices[0].journey = 1;
	for (int i = 0; i < 8; i++) {
		snprintf(o->choices[i + 1].id, 32, "%s", ids[i]);
		snprintf(o->choices[i + 1].name, KIOSK_NAME_MAX, "Layanan %s", ids[i]);
		snprintf(o->choices[i + 1].name_en, KIOSK_NAME_MAX, "Service %s", ids[i]);
	}
	o->n_choices = 9;
}

TEST(waiting_counts_are_model_state_replaced_whole)
{
	kiosk_model_t m;
	kiosk_count_t c[KIOSK_MAX_COUNTS + 5];
	kiosk_model_init(&m, 0);
	ASSERT_TRUE(kiosk_model_count(&m, "DISNAKER") == NULL);   /* nothing heard yet */
	memset(c, 0, sizeof(c));
	snprintf(c[0].id, sizeof(c[0].id), "DISNAKER");
	c[0].waiting = 3;
	c[0].est_wait_s = 240;
	snprintf(c[1].id, sizeof(c[1].id), "INFO");
	m.dirty = 0;
	kiosk_model_counts(&m, c, 2);
	ASSERT_EQ_INT(m.dirty, 1);   /* the home buttons show them */
	ASSERT_EQ_INT(kiosk_model_count(&m, "DISNAKER")->waiting, 3);
	ASSERT_EQ_INT(kiosk_model_count(&m, "DISNAKER")->est_wait_s, 240);
	ASSERT_EQ_INT(kiosk_model_count(&m, "INFO")->waiting, 0);
	/* the next state replaces the list: a service gone from it has no figures */
	c[0] = c[1];
	c[0].waiting = 7;
	kiosk_model_counts(&m, c, 1);
	ASSERT_TRUE(kiosk_model_count(&m, "DISNAKER") == NULL);
	ASSERT_EQ_INT(kiosk_model_count(&m, "INFO")->waiting, 7);
	/* a longer list than the model holds is cut, not overrun */
	for (int i = 0; i < KIOSK_MAX_COUNTS + 5; i++)
		snprintf(c[i].id, sizeof(c[i].id), "S%d", i);
	kiosk_model_counts(&m, c, KIOSK_MAX_COUNTS + 5);
	ASSERT_EQ_INT(m.n_counts, KIOSK_MAX_COUNTS);
	ASSERT_TRUE(kiosk_model_count(&m, "S39") != NULL);
	ASSERT_TRUE(kiosk_model_count(&m, "S40") == NULL);
	kiosk_model_counts(&m, NULL, 0);
	ASSERT_EQ_INT(m.n_counts, 0);
}

TEST(waiting_counts_read_from_a_state)
{
	kiosk_count_t c[2];
	json_t *state = json_loads("{\"services\":[{\"id\":\"DISNAKER\",\"waiting\":3,"
				   "\"est_wait_s\":240},{\"id\":\"INFO\",\"waiting\":1},"
				   "{\"id\":\"SKCK\",\"waiting\":9}]}", 0, NULL);
	ASSERT_TRUE(state != NULL);
	ASSERT_EQ_INT(kiosk_counts_from_json(state, c, 2), 2);   /* cut at cap */
	ASSERT_EQ_STR(c[0].id, "DISNAKER");
	ASSERT_EQ_INT(c[0].waiting, 3);
	ASSERT_EQ_INT(c[0].est_wait_s, 240);
	ASSERT_EQ_STR(c[1].id, "INFO");
	ASSERT_EQ_INT(c[1].est_wait_s, 0);
	ASSERT_EQ_INT(c[1].open_counters, -1);   /* not said: unknown */
	json_decref(state);
}

/* Issue 12: with no counter open every button said "langsung dilayani" */
TEST(no_open_counter_says_so_on_buttons_and_ticket)
{
	kiosk_count_t c[3];
	kiosk_office_t o;
	kiosk_layout_t l;
	kiosk_model_t m;
	antre_print_ticket_t t;
	json_t *state = json_loads("{\"services\":[{\"id\":\"DISNAKER\",\"waiting\":0,"
				   "\"est_wait_s\":null,\"open_counters\":0},{\"id\":\"INFO\","
				   "\"waiting\":2,\"est_wait_s\":30,\"open_counters\":0},"
				   "{\"id\":\"SKCK\",\"waiting\":0,\"est_wait_s\":0,"
				   "\"open_counters\":1}]}", 0, NULL);
	ASSERT_EQ_INT(kiosk_counts_from_json(state, c, 3), 3);
	json_decref(state);
	ASSERT_EQ_INT(c[0].est_wait_s, -1);
	ASSERT_TRUE(kiosk_count_no_counter(&c[0]));
	ASSERT_TRUE(kiosk_count_no_counter(&c[1]));   /* a stale estimate with none open */
	ASSERT_TRUE(!kiosk_count_no_counter(&c[2]));
	office(&o);
	kiosk_model_init(&m, 0);
	kiosk_model_counts(&m, c, 3);
	kiosk_layout_screen(&o, 1920, 1080, &m, &l);
	for (int i = 0; i < l.n; i++) {
		if (strcmp(l.buttons[i].id, "DISNAKER") == 0 || strcmp(l.buttons[i].id, "INFO") == 0)
			ASSERT_EQ_STR(l.buttons[i].info, "Loket belum buka");
		if (strcmp(l.buttons[i].id, "SKCK") == 0)
			ASSERT_EQ_STR(l.buttons[i].info, "Tidak ada antrian");
	}
	antre_print_demo_ticket(&t);
	kiosk_model_tap(&m, "DISNAKER", 10);
	kiosk_model_issued_at(&m, &t, 1, 20);
	kiosk_layout_screen(&o, 1920, 1080, &m, &l);
	for (int i = 0; i < l.n; i++)
		if (strcmp(l.buttons[i].id, "wait") == 0)
			ASSERT_EQ_STR(l.buttons[i].label, "Belum ada loket yang buka - tunggu panggilan");
}

static int overlap(const kiosk_rect_t *a, const kiosk_rect_t *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

TEST(home_layout_fits_every_size_in_both_languages)
{
	static const int sizes[][2] = { { 1080, 1920 }, { 1920, 1080 }, { 1280, 800 } };
	kiosk_office_t o;
	kiosk_layout_t l;
	kiosk_model_t m;
	office(&o);
	kiosk_model_init(&m, 0);
	for (int s = 0; s < 3; s++) {
		for (int lang = 0; lang < 4; lang++) {
			int w = sizes[s][0], h = sizes[s][1];
			m.lang = (kiosk_lang_t)(lang & 1);
			m.large_text = lang >> 1;
			kiosk_layout_screen(&o, w, h, &m, &l);
			/* prompt, lang, large_text, speech, journey, 8 services, resume */
			ASSERT_EQ_INT(l.n, 1 + 3 + 9 + 1);
			ASSERT_EQ_STR(l.buttons[l.n - 1].id, "resume");
			ASSERT_EQ_STR(l.buttons[0].id, "prompt");
			ASSERT_EQ_STR(l.buttons[0].label, m.lang ? "Please choose a service"
								 : "Silakan pilih layanan");
			ASSERT_EQ_STR(l.buttons[4].id, "CPMI");
			ASSERT_EQ_STR(l.buttons[4].label, m.lang ? "Full Service for Migrant Workers"
								 : "Layanan Lengkap Calon PMI");
			for (int i = 5; i < l.n - 1; i++)   /* one font size for every service */
				ASSERT_EQ_INT(l.buttons[i].px, l.buttons[4].px);
			for (int i = 0; i < l.n; i++) {
				const kiosk_rect_t *r = &l.buttons[i].r;
				const kiosk_button_t *hit;
				ASSERT_TRUE(r->x >= 0 && r->y >= 0 && r->x + r->w <= w && r->y + r->h <= h);
				for (int j = i + 1; j < l.n; j++)
					ASSERT_TRUE(!overlap(r, &l.buttons[j].r));
				hit = kiosk_layout_hit(&l, r->x + r->w / 2, r->y + r->h / 2);
				ASSERT_TRUE(hit == (l.buttons[i].control ? &l.buttons[i] : NULL));
			}
			ASSERT_TRUE(l.buttons[4].r.y < l.buttons[5].r.y);   /* the journey comes first */
		}
	}
	ASSERT_TRUE(kiosk_layout_hit(&l, 0, 0) == NULL);
}

/* Every screen is described, with stable ids; controls are at least 2 cm (80 px) */
TEST(every_screen_has_a_layout_with_touchable_controls)
{
	static const struct { kiosk_screen_t s; const char *ids; } screens[] = {
		{ KIOSK_HOME, "prompt lang large_text speech CPMI DISNAKER INFO" },
		{ KIOSK_PRIORITY, "prompt priority regular back large_text speech" },
		{ KIOSK_ISSUING, "title text" },
		{ KIOSK_TICKET, "number service wait take speech" },
		{ KIOSK_PRINTER_FAULT, "title text title_other text_other" },
		{ KIOSK_PRINT_FAILED, "title text" },
		{ KIOSK_UNAVAILABLE, "title text" },
	};
	static const int sizes[][2] = { { 1080, 1920 }, { 1920, 1080 } };
	kiosk_office_t o;
	kiosk_layout_t l;
	kiosk_model_t m;
	office(&o);
	for (size_t k = 0; k < sizeof(screens) / sizeof(screens[0]); k++) {
		for (int s = 0; s < 2; s++) {
			char ids[256], *save = NULL;
			kiosk_model_init(&m, 0);
			m.screen = screens[k].s;
			snprintf(m.choice, sizeof(m.choice), "DISNAKER");
			kiosk_layout_screen(&o, sizes[s][0], sizes[s][1], &m, &l);
			snprintf(ids, sizeof(ids), "%s", screens[k].ids);
			for (char *id = strtok_r(ids, " ", &save); id; id = strtok_r(NULL, " ", &save)) {
				int found = 0;
				for (int i = 0; i < l.n; i++)
					found |= strcmp(l.buttons[i].id, id) == 0;
				if (!found)
					fprintf(stderr, "screen %s lacks %s\n", kiosk_screen_name(m.screen), id);
				ASSERT_TRUE(found);
			}
			for (int i = 0; i < l.n; i++)
				if (l.buttons[i].control)
					ASSERT_TRUE(l.buttons[i].r.h >= KIOSK_MIN_TOUCH_PX &&
						    l.buttons[i].r.w >= KIOSK_MIN_TOUCH_PX);
		}
	}
}

/* The reviewer of issue 12: a printer fault the kiosk already knows (its last status)
 * is on the home screen in both languages before anyone taps, and nothing can be
 * issued until the printer is ready again. */
static const kiosk_button_t *item_of(const kiosk_layout_t *l, const char *id)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->buttons[i].id, id) == 0)
			return &l->buttons[i];
	return NULL;
}

TEST(a_known_printer_fault_is_on_home_and_stops_issuing)
{
	kiosk_office_t o;
	kiosk_layout_t l;
	kiosk_model_t m;
	antre_printer_status_t st;
	const kiosk_button_t *b;
	office(&o);
	kiosk_model_init(&m, 0);
	m.offers_priority = 1;
	antre_printer_set(&st, ANTRE_PRINTER_PAPER_OUT, "cups:ticket is out of paper");
	kiosk_model_printer_status(&m, &st, 10);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	ASSERT_TRUE(kiosk_model_printer_down(&m));
	kiosk_layout_screen(&o, 1920, 1080, &m, &l);
	b = item_of(&l, "printer");
	ASSERT_TRUE(b != NULL);
	ASSERT_CONTAINS(b->label, "Kertas tiket habis");
	ASSERT_CONTAINS(b->sublabel, "Out of ticket paper");
	b = item_of(&l, "DISNAKER");
	ASSERT_TRUE(b != NULL && !b->control);
	ASSERT_TRUE(kiosk_layout_hit(&l, b->r.x + b->r.w / 2, b->r.y + b->r.h / 2) == NULL);
	ASSERT_TRUE(!item_of(&l, "CPMI")->control);
	ASSERT_TRUE(item_of(&l, "lang")->control);   /* the tools still work */
	ASSERT_EQ_INT(kiosk_model_tap(&m, "DISNAKER", 20), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	kiosk_model_tap(&m, "lang", 30);
	kiosk_layout_screen(&o, 1080, 1920, &m, &l);
	ASSERT_CONTAINS(item_of(&l, "printer")->label, "Out of ticket paper");
	ASSERT_CONTAINS(item_of(&l, "printer")->sublabel, "Kertas tiket habis");
	/* offline says the printer, not the paper */
	antre_printer_set(&st, ANTRE_PRINTER_OFFLINE, "USB printer not found");
	kiosk_model_printer_status(&m, &st, 40);
	kiosk_layout_screen(&o, 1920, 1080, &m, &l);
	ASSERT_CONTAINS(item_of(&l, "printer")->label, "printer");
	/* paper low still prints */
	antre_printer_set(&st, ANTRE_PRINTER_PAPER_LOW, "paper low");
	kiosk_model_printer_status(&m, &st, 50);
	ASSERT_TRUE(!kiosk_model_printer_down(&m));
	kiosk_layout_screen(&o, 1920, 1080, &m, &l);
	ASSERT_TRUE(item_of(&l, "printer") == NULL);
	ASSERT_TRUE(item_of(&l, "DISNAKER")->control);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "INFO", 60), KIOSK_DO_NOTHING);   /* the priority step */
	ASSERT_EQ_INT(m.screen, KIOSK_PRIORITY);
	/* out while on the priority step: back home, nothing issued */
	antre_printer_set(&st, ANTRE_PRINTER_ERROR, "cover open");
	kiosk_model_printer_status(&m, &st, 70);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "priority", 70 + KIOSK_STEP_HOLD_MS), KIOSK_DO_NOTHING);
	/* ready again: issuing is back */
	antre_printer_set(&st, ANTRE_PRINTER_READY, "ready");
	kiosk_model_printer_status(&m, &st, 80);
	m.offers_priority = 0;
	ASSERT_EQ_INT(kiosk_model_tap(&m, "INFO", 90), KIOSK_DO_ISSUE);
}

/* The reviewer of issue 12: the journey button had no status line; it tells the truth
 * about its first desk, as the service buttons do about theirs. */
TEST(the_journey_button_tells_about_its_first_desk)
{
	kiosk_count_t c[1];
	kiosk_office_t o;
	kiosk_layout_t l;
	kiosk_model_t m;
	json_t *j = json_loads("{\"name\":\"x\",\"journeys\":[{\"id\":\"CPMI\",\"name\":\"Lengkap\","
			       "\"steps\":[\"DISNAKER\",\"KESEHATAN\"]}],\"services\":[{\"id\":"
			       "\"DISNAKER\",\"name\":\"Dinas Tenaga Kerja\",\"name_en\":"
			       "\"Manpower Office\"},{\"id\":\"KESEHATAN\",\"name\":\"Kesehatan\"}]}",
			       0, NULL);
	ASSERT_EQ_INT(kiosk_office_from_json(j, &o), 0);
	json_decref(j);
	ASSERT_EQ_STR(kiosk_office_choice(&o, "CPMI")->steps[0], "DISNAKER");
	kiosk_model_init(&m, 0);
	memset(c, 0, sizeof(c));
	snprintf(c[0].id, sizeof(c[0].id), "DISNAKER");
	c[0].est_wait_s = -1;
	kiosk_model_counts(&m, c, 1);
	kiosk_layout_screen(&o, 1920, 1080, &m, &l);
	ASSERT_CONTAINS(item_of(&l, "CPMI")->info, "Dinas Tenaga Kerja");
	ASSERT_CONTAINS(item_of(&l, "CPMI")->info, "Loket belum buka");
	c[0].waiting = 3;
	c[0].est_wait_s = 600;
	c[0].open_counters = 1;
	kiosk_model_counts(&m, c, 1);
	kiosk_model_tap(&m, "lang", 5);
	kiosk_layout_screen(&o, 1080, 1920, &m, &l);
	ASSERT_CONTAINS(item_of(&l, "CPMI")->info, "Manpower Office");
	ASSERT_CONTAINS(item_of(&l, "CPMI")->info, "3 waiting, about 10 min");
}

/* Seen on the snapshots (issue 12 review): large text on a 1280x800 kiosk made the
 * service buttons 66 px high, under the touch minimum. */
TEST(large_text_keeps_every_control_touchable)
{
	static const int sizes[][2] = { { 1080, 1920 }, { 1920, 1080 }, { 1280, 800 }, { 1280, 720 } };
	kiosk_office_t o;
	kiosk_layout_t l;
	kiosk_model_t m;
	office(&o);
	for (int s = 0; s < 4; s++) {
		kiosk_model_init(&m, 0);
		m.large_text = 1;
		kiosk_layout_screen(&o, sizes[s][0], sizes[s][1], &m, &l);
		for (int i = 0; i < l.n; i++)
			if (l.buttons[i].control && (l.buttons[i].r.h < KIOSK_MIN_TOUCH_PX ||
						      l.buttons[i].r.w < KIOSK_MIN_TOUCH_PX))
				TEST_FAIL_("%dx%d large text: %s is %dx%d", sizes[s][0], sizes[s][1],
					   l.buttons[i].id, l.buttons[i].r.w, l.buttons[i].r.h);
	}
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(tap_issues_once_then_shows_the_ticket_then_home),
		TEST_CASE(language_toggles_on_home_only),
		TEST_CASE(priority_is_a_second_step_and_a_double_tap_does_not_choose),
		TEST_CASE(each_applicant_starts_fresh_after_a_ticket),
		TEST_CASE(idle_time_returns_to_the_office_defaults),
		TEST_CASE(no_open_counter_says_so_on_buttons_and_ticket),
		TEST_CASE(every_screen_has_a_layout_with_touchable_controls),
		TEST_CASE(printer_faults_issue_nothing_and_explain),
		TEST_CASE(unreachable_controller_backs_off_and_recovers),
		TEST_CASE(home_layout_fits_every_size_in_both_languages),
		TEST_CASE(waiting_counts_are_model_state_replaced_whole),
		TEST_CASE(waiting_counts_read_from_a_state),
		TEST_CASE(a_known_printer_fault_is_on_home_and_stops_issuing),
		TEST_CASE(the_journey_button_tells_about_its_first_desk),
		TEST_CASE(large_text_keeps_every_control_touchable),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
