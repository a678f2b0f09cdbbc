/* A returning applicant at the kiosk (issue 13 item 5): a barcode scanner's keys told
 * from a person's by their timing (times are arguments), the keypad's entry and its
 * screens, the resume answers, and the return date in words. */
#include "kiosk_code.h"
#include "kiosk_layout.h"
#include "kiosk_model.h"
#include "test.h"

#include <stdio.h>
#include <string.h>

/* Type s with step_ms between keys from t; returns the time of the last key. */
static int64_t type(kiosk_model_t *m, const char *s, int64_t t, int step_ms)
{
	for (; *s; s++, t += step_ms)
		kiosk_model_char(m, *s, t);
	return t - step_ms;
}

TEST(scanner_keys_then_enter_are_a_scan)
{
	kiosk_scan_t s;
	char out[KIOSK_SCAN_MAX + 1], key = 0;
	kiosk_scan_init(&s);
	for (int i = 0; i < 8; i++)
		ASSERT_EQ_INT(kiosk_scan_char(&s, "k7qxm2pa"[i], 1000 + i * 15, &key), KIOSK_SCAN_NONE);
	ASSERT_TRUE(kiosk_scan_pending(&s));
	ASSERT_EQ_INT(kiosk_scan_tick(&s, 1105 + KIOSK_SCAN_GAP_MS - 1, &key), KIOSK_SCAN_NONE);
	ASSERT_EQ_INT(kiosk_scan_enter(&s, 1120, out, sizeof(out)), KIOSK_SCAN_CODE);
	ASSERT_EQ_STR(out, "k7qxm2pa");
	ASSERT_TRUE(!kiosk_scan_pending(&s));
	/* a status URL, as the QR code holds it */
	for (const char *c = "http://antre.local/t/abc123"; *c; c++)
		kiosk_scan_char(&s, *c, 5000, &key);
	ASSERT_EQ_INT(kiosk_scan_enter(&s, 5010, out, sizeof(out)), KIOSK_SCAN_CODE);
	ASSERT_EQ_STR(out, "http://antre.local/t/abc123");
	/* just under the gap between keys is still a scanner */
	kiosk_scan_char(&s, 'A', 9000, &key);
	kiosk_scan_char(&s, 'B', 9000 + KIOSK_SCAN_GAP_MS - 1, &key);
	ASSERT_EQ_INT(kiosk_scan_enter(&s, 9000 + 2 * KIOSK_SCAN_GAP_MS - 2, out, sizeof(out)),
		      KIOSK_SCAN_CODE);
	ASSERT_EQ_STR(out, "AB");
}

TEST(a_person_s_keys_are_no_scan)
{
	kiosk_scan_t s;
	char out[KIOSK_SCAN_MAX + 1] = "", key = 0;
	kiosk_scan_init(&s);
	/* a lone key with its quiet after it is a key of its own */
	ASSERT_EQ_INT(kiosk_scan_char(&s, 's', 1000, &key), KIOSK_SCAN_NONE);
	ASSERT_EQ_INT(kiosk_scan_tick(&s, 1000 + KIOSK_SCAN_GAP_MS - 1, &key), KIOSK_SCAN_NONE);
	ASSERT_EQ_INT(kiosk_scan_tick(&s, 1000 + KIOSK_SCAN_GAP_MS, &key), KIOSK_SCAN_KEY);
	ASSERT_EQ_INT(key, 's');
	ASSERT_EQ_INT(kiosk_scan_tick(&s, 5000, &key), KIOSK_SCAN_NONE);   /* once */
	/* slow keys: each is a lone key when the next comes (the tick had not run) */
	key = 0;
	kiosk_scan_char(&s, 'a', 6000, &key);
	ASSERT_EQ_INT(kiosk_scan_char(&s, 'b', 6000 + KIOSK_SCAN_GAP_MS, &key), KIOSK_SCAN_KEY);
	ASSERT_EQ_INT(key, 'a');
	/* and Enter after a quiet is no scan */
	ASSERT_EQ_INT(kiosk_scan_enter(&s, 6000 + 2 * KIOSK_SCAN_GAP_MS, out, sizeof(out)),
		      KIOSK_SCAN_NONE);
	/* fast keys, then a quiet, then Enter: dropped */
	kiosk_scan_char(&s, 'x', 8000, &key);
	kiosk_scan_char(&s, 'y', 8010, &key);
	ASSERT_EQ_INT(kiosk_scan_tick(&s, 8010 + KIOSK_SCAN_GAP_MS, &key), KIOSK_SCAN_NONE);
	ASSERT_EQ_INT(kiosk_scan_enter(&s, 8010 + KIOSK_SCAN_GAP_MS + 5, out, sizeof(out)),
		      KIOSK_SCAN_NONE);
	/* one key then Enter at once: no code, and no shortcut either */
	kiosk_scan_char(&s, 's', 9000, &key);
	ASSERT_EQ_INT(kiosk_scan_enter(&s, 9010, out, sizeof(out)), KIOSK_SCAN_NONE);
	ASSERT_EQ_INT(kiosk_scan_tick(&s, 10000, &key), KIOSK_SCAN_NONE);
	/* spaces and controls are not keys of a code; too long is no code */
	ASSERT_EQ_INT(kiosk_scan_char(&s, ' ', 11000, &key), KIOSK_SCAN_NONE);
	ASSERT_TRUE(!kiosk_scan_pending(&s));
	for (int i = 0; i < KIOSK_SCAN_MAX + 5; i++)
		kiosk_scan_char(&s, 'Z', 12000, &key);
	ASSERT_EQ_INT(kiosk_scan_enter(&s, 12001, out, sizeof(out)), KIOSK_SCAN_NONE);
}

TEST(the_model_resumes_a_scan_and_keeps_the_speech_key)
{
	kiosk_model_t m;
	antre_print_ticket_t t;
	int64_t last;
	kiosk_model_init(&m, 0);
	/* 's' alone: the speech mode, once the quiet after it has passed */
	kiosk_model_char(&m, 's', 1000);
	kiosk_model_tick(&m, 1100);
	ASSERT_EQ_INT(m.speech, 0);
	kiosk_model_tick(&m, 1000 + KIOSK_SCAN_GAP_MS);
	ASSERT_EQ_INT(m.speech, 1);
	/* a scan that starts with 's' toggles nothing: it is resumed */
	last = type(&m, "status-K7QXM2PA", 2000, 12);
	kiosk_model_tick(&m, last + 50);
	ASSERT_EQ_INT(kiosk_model_enter(&m, last + 60), KIOSK_DO_RESUME);
	ASSERT_EQ_INT(m.speech, 1);
	ASSERT_EQ_STR(m.resume_key, "status-K7QXM2PA");
	ASSERT_EQ_INT(m.screen, KIOSK_ISSUING);
	ASSERT_TRUE(m.busy);
	/* while it is in flight a second scan does nothing */
	last = type(&m, "K7QXM2PA", 3000, 12);
	ASSERT_EQ_INT(kiosk_model_enter(&m, last + 10), KIOSK_DO_NOTHING);
	/* 201: the ticket of today, as any issued ticket */
	antre_print_demo_ticket(&t);
	kiosk_model_issued_at(&m, &t, 0, 4000);
	kiosk_model_printed(&m, 4100);
	ASSERT_EQ_INT(m.screen, KIOSK_TICKET);
	/* the next applicant scans over the ticket screen */
	last = type(&m, "K7QXM2PA", 5000, 12);
	ASSERT_EQ_INT(kiosk_model_enter(&m, last + 10), KIOSK_DO_RESUME);
	kiosk_model_resume_early(&m, "2026-12-07", "P001 kembali pada 2026-12-07", 5200);
	ASSERT_EQ_INT(m.screen, KIOSK_RESUME_EARLY);
	ASSERT_EQ_STR(m.return_on, "2026-12-07");
	ASSERT_TRUE(!m.busy);
	kiosk_model_tap_screen(&m, 5300);   /* held: not dismissed at once */
	ASSERT_EQ_INT(m.screen, KIOSK_RESUME_EARLY);
	kiosk_model_tick(&m, 5200 + KIOSK_FAULT_SHOW_MS);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	/* no scan while the printer cannot print */
	antre_printer_set(&m.printer, ANTRE_PRINTER_PAPER_OUT, "out");
	last = type(&m, "K7QXM2PA", 40000, 12);
	ASSERT_EQ_INT(kiosk_model_enter(&m, last + 10), KIOSK_DO_NOTHING);
	/* nor on the priority step (an applicant mid-choice) */
	antre_printer_set(&m.printer, ANTRE_PRINTER_READY, "ready");
	m.offers_priority = 1;
	kiosk_model_tap(&m, "DISNAKER", 50000);
	ASSERT_EQ_INT(m.screen, KIOSK_PRIORITY);
	last = type(&m, "K7QXM2PA", 50100, 12);
	ASSERT_EQ_INT(kiosk_model_enter(&m, last + 10), KIOSK_DO_NOTHING);
}

TEST(the_keypad_types_a_code_and_resumes_it)
{
	kiosk_model_t m;
	kiosk_model_init(&m, 0);
	ASSERT_EQ_INT(kiosk_model_tap(&m, "resume", 100), KIOSK_DO_NOTHING);
	ASSERT_EQ_INT(m.screen, KIOSK_KEYPAD);
	ASSERT_EQ_INT(m.entry.n, 0);
	kiosk_model_tap(&m, "key_K", 200);
	kiosk_model_tap(&m, "key_7", 300);
	kiosk_model_tap(&m, "key_O", 350);   /* not of the alphabet: no key of it */
	kiosk_model_tap(&m, "key_Q", 400);
	kiosk_model_tap(&m, "key_X", 500);
	kiosk_model_tap(&m, "key_M", 600);
	ASSERT_EQ_STR(m.entry.c, "K7QXM");
	ASSERT_EQ_INT(kiosk_model_tap(&m, "ok", 650), KIOSK_DO_NOTHING);   /* not whole yet */
	kiosk_model_tap(&m, "backspace", 700);
	ASSERT_EQ_STR(m.entry.c, "K7QX");
	for (const char *c = "M2PAZ"; *c; c++) {   /* the ninth is one too many */
		char id[8];
		snprintf(id, sizeof(id), "key_%c", *c);
		kiosk_model_tap(&m, id, 800);
	}
	ASSERT_EQ_STR(m.entry.c, "K7QXM2PA");
	ASSERT_EQ_INT(kiosk_model_tap(&m, "ok", 900), KIOSK_DO_RESUME);
	ASSERT_EQ_STR(m.resume_key, "K7QXM2PA");
	ASSERT_EQ_INT(m.screen, KIOSK_ISSUING);
	kiosk_model_resume_unknown(&m, 1000);
	ASSERT_EQ_INT(m.screen, KIOSK_RESUME_UNKNOWN);
	kiosk_model_tap_screen(&m, 1000 + KIOSK_SCREEN_HOLD_MS);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	/* opened afresh; cancel goes home; the language chosen stays for that applicant */
	kiosk_model_tap(&m, "lang", 3000);
	kiosk_model_tap(&m, "resume", 3100);
	ASSERT_EQ_INT(m.entry.n, 0);
	kiosk_model_tap(&m, "key_2", 3200);
	kiosk_model_tap(&m, "cancel", 3300);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	ASSERT_EQ_INT(m.lang, KIOSK_LANG_EN);
	/* a person at a keyboard on the keypad: lone keys type; one who walks away */
	kiosk_model_tap(&m, "resume", 4000);
	kiosk_model_char(&m, 'k', 4100);
	kiosk_model_tick(&m, 4100 + KIOSK_SCAN_GAP_MS);
	ASSERT_EQ_STR(m.entry.c, "K");
	kiosk_model_tick(&m, 4100 + KIOSK_SCAN_GAP_MS + KIOSK_IDLE_RESET_MS);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
	ASSERT_EQ_INT(m.lang, KIOSK_LANG_ID);   /* the next one starts fresh */
	/* the keypad does not open while the printer cannot print */
	antre_printer_set(&m.printer, ANTRE_PRINTER_OFFLINE, "off");
	kiosk_model_tap(&m, "resume", 60000);
	ASSERT_EQ_INT(m.screen, KIOSK_HOME);
}

TEST(the_entry_reads_as_the_ticket_prints_it)
{
	kiosk_entry_t e;
	char out[16];
	kiosk_entry_clear(&e);
	kiosk_entry_format(&e, out, sizeof(out));
	ASSERT_EQ_STR(out, "");
	ASSERT_EQ_INT(kiosk_entry_add(&e, 'k'), 0);   /* lower case taken as upper */
	ASSERT_EQ_INT(kiosk_entry_add(&e, '0'), -1);  /* 0, O, 1, I, L are not in codes */
	ASSERT_EQ_INT(kiosk_entry_add(&e, 'I'), -1);
	ASSERT_EQ_INT(kiosk_entry_add(&e, 'l'), -1);
	for (const char *c = "7QXM"; *c; c++)
		kiosk_entry_add(&e, *c);
	kiosk_entry_format(&e, out, sizeof(out));
	ASSERT_EQ_STR(out, "K7QX-M");
	for (const char *c = "2PA"; *c; c++)
		kiosk_entry_add(&e, *c);
	ASSERT_TRUE(kiosk_entry_complete(&e));
	kiosk_entry_format(&e, out, sizeof(out));
	ASSERT_EQ_STR(out, "K7QX-M2PA");
	ASSERT_EQ_INT((int)strlen(KIOSK_CODE_ALPHABET), 31);
}

TEST(the_return_date_in_words)
{
	char out[64];
	ASSERT_EQ_INT(kiosk_date_words("2026-12-07", 0, out, sizeof(out)), 0);
	ASSERT_EQ_STR(out, "Senin, 7 Desember 2026");
	ASSERT_EQ_INT(kiosk_date_words("2026-12-07", 1, out, sizeof(out)), 0);
	ASSERT_EQ_STR(out, "Monday, 7 December 2026");
	kiosk_date_words("2026-12-03", 0, out, sizeof(out));
	ASSERT_EQ_STR(out, "Kamis, 3 Desember 2026");
	kiosk_date_words("2028-02-29", 1, out, sizeof(out));
	ASSERT_EQ_STR(out, "Tuesday, 29 February 2028");
	kiosk_date_words("2027-01-01", 0, out, sizeof(out));
	ASSERT_EQ_STR(out, "Jumat, 1 Januari 2027");
	ASSERT_EQ_INT(kiosk_date_words("2027-02-29", 0, out, sizeof(out)), -1);
	ASSERT_EQ_STR(out, "2027-02-29");
	ASSERT_EQ_INT(kiosk_date_words("2026-13-01", 0, out, sizeof(out)), -1);
	ASSERT_EQ_INT(kiosk_date_words("tomorrow", 0, out, sizeof(out)), -1);
	ASSERT_EQ_INT(kiosk_date_words("", 0, out, sizeof(out)), -1);
}

/* The keypad and the answers at every supported size: controls at least 80 px, inside
 * the screen, none over another, the answers in both languages. */
TEST(the_keypad_and_the_answers_fit_every_size)
{
	static const int sizes[][2] = { { 1920, 1080 }, { 1080, 1920 }, { 1280, 800 }, { 1280, 720 } };
	kiosk_office_t o;
	kiosk_layout_t l;
	kiosk_model_t m;
	memset(&o, 0, sizeof(o));
	o.n_choices = 1;
	snprintf(o.choices[0].id, sizeof(o.choices[0].id), "CPMI");
	o.choices[0].journey = 1;
	for (int s = 0; s < 4; s++)
		for (int big = 0; big < 2; big++) {
			int w = sizes[s][0], h = sizes[s][1], keys = 0, ok = 0;
			kiosk_model_init(&m, 0);
			m.large_text = big;
			kiosk_model_tap(&m, "resume", 10);
			kiosk_layout_screen(&o, w, h, &m, &l);
			for (int i = 0; i < l.n; i++) {
				const kiosk_rect_t *r = &l.buttons[i].r;
				keys += strncmp(l.buttons[i].id, "key_", 4) == 0;
				if (strcmp(l.buttons[i].id, "ok") == 0)
					ok = 1 + l.buttons[i].control;
				if (!(r->x >= 0 && r->y >= 0 && r->x + r->w <= w && r->y + r->h <= h))
					TEST_FAIL_("%dx%d%s: %s at %d,%d %dx%d is off the screen", w, h,
						   big ? " large text" : "", l.buttons[i].id, r->x, r->y,
						   r->w, r->h);
				if (strncmp(l.buttons[i].id, "key_", 4) == 0 ||
				    strcmp(l.buttons[i].id, "ok") == 0 || strcmp(l.buttons[i].id, "cancel") == 0 ||
				    strcmp(l.buttons[i].id, "backspace") == 0)
					if (r->w < KIOSK_MIN_TOUCH_PX || r->h < KIOSK_MIN_TOUCH_PX)
						TEST_FAIL_("%dx%d: %s is %dx%d", w, h, l.buttons[i].id, r->w, r->h);
				for (int j = i + 1; j < l.n; j++) {
					const kiosk_rect_t *q = &l.buttons[j].r;
					ASSERT_TRUE(!(r->x < q->x + q->w && q->x < r->x + r->w &&
						      r->y < q->y + q->h && q->y < r->y + r->h));
				}
			}
			ASSERT_EQ_INT(keys, 31);
			ASSERT_EQ_INT(ok, 1);   /* there, and greyed until the code is whole */
		}
	/* the too-early answer says the date in words, both languages */
	kiosk_model_init(&m, 0);
	kiosk_model_resume_early(&m, "2026-12-07", "", 10);
	kiosk_layout_screen(&o, 1920, 1080, &m, &l);
	ASSERT_EQ_STR(l.buttons[0].label, "Kembali pada Senin, 7 Desember 2026");
	ASSERT_EQ_STR(l.buttons[2].label, "Come back on Monday, 7 December 2026");
	kiosk_model_resume_unknown(&m, 20);
	kiosk_layout_screen(&o, 1920, 1080, &m, &l);
	ASSERT_EQ_STR(l.buttons[0].label, "Kode tidak dikenal");
	ASSERT_EQ_STR(l.buttons[2].label, "Code not recognised");
	kiosk_model_resume_refused(&m, KIOSK_REFUSED_USED, "done", 30);
	kiosk_layout_screen(&o, 1920, 1080, &m, &l);
	ASSERT_EQ_STR(l.buttons[0].label, "Kode ini sudah dipakai hari ini");
	ASSERT_EQ_STR(kiosk_screen_name(KIOSK_RESUME_EARLY), "resume-early");
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(scanner_keys_then_enter_are_a_scan),
		TEST_CASE(a_person_s_keys_are_no_scan),
		TEST_CASE(the_model_resumes_a_scan_and_keeps_the_speech_key),
		TEST_CASE(the_keypad_types_a_code_and_resumes_it),
		TEST_CASE(the_entry_reads_as_the_ticket_prints_it),
		TEST_CASE(the_return_date_in_words),
		TEST_CASE(the_keypad_and_the_answers_fit_every_size),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
