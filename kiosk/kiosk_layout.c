/* Home-screen geometry: proportional to the screen, so 1080×1920 portrait, 1920×1080
 * landscape and 1280×800 come from the same rules. */
#include "kiosk_layout.h"

#include <stdio.h>
#include <string.h>

#include "kiosk_code.h"

static void copy(char *dst, size_t cap, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	snprintf(dst, cap, "%s", s ? s : "");
}

int kiosk_office_from_json(json_t *office, kiosk_office_t *o)
{
	const char *const lists[] = { "journeys", "services" };
	memset(o, 0, sizeof(*o));
	copy(o->name, sizeof(o->name), office, "name");
	copy(o->name_en, sizeof(o->name_en), office, "name_en");
	o->priority_button = json_is_true(json_object_get(office, "priority_button"));
	for (int l = 0; l < 2; l++) {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(office, lists[l]), i, v) {
			kiosk_choice_t *c;
			if (o->n_choices >= KIOSK_MAX_BUTTONS - 2)
				break;
			c = &o->choices[o->n_choices++];
			copy(c->id, sizeof(c->id), v, "id");
			copy(c->name, sizeof(c->name), v, "name");
			copy(c->name_en, sizeof(c->name_en), v, "name_en");
			if (c->name_en[0] == '\0')
				memcpy(c->name_en, c->name, sizeof(c->name_en));
			c->journey = l == 0;
			if (c->journey) {
				size_t k;
				json_t *step;
				json_array_foreach(json_object_get(v, "steps"), k, step)
					if (c->n_steps < KIOSK_MAX_STEPS && json_is_string(step))
						snprintf(c->steps[c->n_steps++], sizeof(c->steps[0]), "%s",
							 json_string_value(step));
			}
		}
	}
	return o->n_choices > 0 ? 0 : -1;
}

const kiosk_choice_t *kiosk_office_choice(const kiosk_office_t *o, const char *id)
{
	for (int i = 0; i < o->n_choices; i++)
		if (strcmp(o->choices[i].id, id) == 0)
			return &o->choices[i];
	return NULL;
}

/* A service's status, hours and quota as the state has them (issue 13). */
static void status_from_json(json_t *s, kiosk_count_t *c)
{
	const char *status = json_string_value(json_object_get(s, "status"));
	json_t *open = json_object_get(s, "open_now"), *rem = json_object_get(s, "remaining");
	json_t *hours = json_object_get(s, "hours"), *h;
	size_t k, used = 0;

	c->closed = (status && strcmp(status, "closed") == 0) || json_is_false(open);
	c->limited = status && strcmp(status, "limited") == 0;
	c->sold_out = json_is_integer(rem) && json_integer_value(rem) <= 0;
	copy(c->reason, sizeof(c->reason), s, "reason");
	c->hours[0] = '\0';
	if (!json_is_false(open) || (status && strcmp(status, "closed") == 0))
		return;   /* closed by its status, which says why, or not closed at all */
	json_array_foreach(hours, k, h) {
		int w = snprintf(c->hours + used, sizeof(c->hours) - used, "%s%s", k ? ", " : "",
				 json_string_value(h) ? json_string_value(h) : "");
		if (w < 0 || (size_t)w >= sizeof(c->hours) - used)
			break;
		used += (size_t)w;
	}
}

/* est_wait_s null (no open counter) is -1; open_counters missing (an antred before
 * issue 12) is -1, unknown, and the estimate is then trusted as it is. */
int kiosk_counts_from_json(json_t *state, kiosk_count_t *out, int cap)
{
	size_t i;
	json_t *s;
	int n = 0;
	json_array_foreach(json_object_get(state, "services"), i, s) {
		json_t *est = json_object_get(s, "est_wait_s"), *open = json_object_get(s, "open_counters");
		if (n >= cap)
			break;
		copy(out[n].id, sizeof(out[n].id), s, "id");
		out[n].waiting = (int)json_integer_value(json_object_get(s, "waiting"));
		out[n].est_wait_s = json_is_null(est) ? -1 : (int)json_integer_value(est);
		out[n].open_counters = json_is_integer(open) ? (int)json_integer_value(open) : -1;
		status_from_json(s, &out[n]);
		n++;
	}
	return n;
}

int kiosk_counts_add_journeys(const kiosk_office_t *o, kiosk_count_t *counts, int n, int cap)
{
	int services = n;

	if (o == NULL)
		return n;
	for (int i = 0; i < o->n_choices && n < cap; i++) {
		const kiosk_choice_t *c = &o->choices[i];
		kiosk_count_t *j = &counts[n];
		if (!c->journey || c->n_steps == 0)
			continue;
		memset(j, 0, sizeof(*j));
		snprintf(j->id, sizeof(j->id), "%s", c->id);
		j->open_counters = -1;
		for (int k = 0; k < c->n_steps; k++) {
			const kiosk_count_t *s = NULL;
			for (int x = 0; x < services && s == NULL; x++)
				if (strcmp(counts[x].id, c->steps[k]) == 0)
					s = &counts[x];
			if (s == NULL)
				continue;
			if (k == 0) {   /* the applicant starts there: its line and its hours */
				j->waiting = s->waiting;
				j->est_wait_s = s->est_wait_s;
				j->open_counters = s->open_counters;
				j->closed = s->closed;
				memcpy(j->hours, s->hours, sizeof(j->hours));
			}
			j->sold_out |= s->sold_out;
			if (s->limited && !j->limited) {
				j->limited = 1;
				memcpy(j->reason, s->reason, sizeof(j->reason));
			}
			if (k == 0 && s->closed && s->reason[0])
				memcpy(j->reason, s->reason, sizeof(j->reason));
		}
		n++;
	}
	return n;
}

static kiosk_button_t *item(kiosk_layout_t *l, const char *id, kiosk_style_t style,
			    const char *label, const char *sublabel, kiosk_rect_t r, int px)
{
	kiosk_button_t *b = &l->buttons[l->n++];
	memset(b, 0, sizeof(*b));
	snprintf(b->id, sizeof(b->id), "%s", id);
	snprintf(b->label, sizeof(b->label), "%s", label);
	snprintf(b->sublabel, sizeof(b->sublabel), "%s", sublabel ? sublabel : "");
	b->r = r;
	b->style = style;
	b->control = style <= KIOSK_ST_RESUME;
	b->px = px;
	return b;
}

#define T(id_text, en_text) (en ? (en_text) : (id_text)), (en ? (id_text) : (en_text))

/* Why a choice takes no ticket now (or is limited), in the screen's language; 0 when it
 * is open as usual. */
static int status_line(char *out, size_t cap, const kiosk_count_t *c, int en)
{
	const char *sep;

	if (c == NULL)   /* nothing known yet: open as usual */
		return 0;
	sep = c->reason[0] ? ": " : "";

	if (c->closed && c->hours[0])
		snprintf(out, cap, "%s %s", en ? "Closed - service hours" : "Tutup - jam layanan",
			 c->hours);
	else if (c->closed)
		snprintf(out, cap, "%s%s%s", en ? "Closed" : "Ditutup", sep, c->reason);
	else if (c->sold_out)
		snprintf(out, cap, "%s", en ? "Sold out - today's quota is used up"
					    : "Kuota hari ini sudah habis");
	else if (c->limited && c->reason[0])   /* the office's own sentence says it all */
		snprintf(out, cap, "%s", c->reason);
	else if (c->limited)   /* the sentence every screen says (issue 13) */
		snprintf(out, cap, "%s", en ? "Central system down - papers accepted, processed later"
					    : "Sistem pusat gangguan - berkas diterima, diproses kemudian");
	else
		return 0;
	return 1;
}

/* A service's figures in the screen's language: no estimate without a counter. */
static void figures_line(char *out, size_t cap, const kiosk_count_t *c, int en)
{
	if (c == NULL)
		out[0] = '\0';
	else if (kiosk_count_no_counter(c))
		/* in the kiosk's language, like the other status lines: both languages did
		 * not fit a button's status row and were shrunk below readable */
		snprintf(out, cap, "%s", en ? "No counter open yet" : "Loket belum buka");
	/* short, so that one line of them fits a half-width button at a size read from
	 * arm's length ("sekitar 12 / menit" broke over two lines) */
	else if (c->waiting == 0)
		snprintf(out, cap, "%s", en ? "Nobody waiting" : "Tidak ada antrian");
	else if (en)
		snprintf(out, cap, "%d waiting, about %d min", c->waiting, (c->est_wait_s + 59) / 60);
	else
		snprintf(out, cap, "%d menunggu, \xc2\xb1%d menit", c->waiting, (c->est_wait_s + 59) / 60);
}

/* A service's status line: why it takes no ticket or is limited, else its figures. */
static void info_line(char *out, size_t cap, const kiosk_count_t *c, int en)
{
	if (c == NULL || !status_line(out, cap, c, en))
		figures_line(out, cap, c, en);
}

/* The toolbar at the bottom: language (home only), large text, speech; back on the
 * priority step. Every control at least KIOSK_MIN_TOUCH_PX high. Returns its top. */
static int toolbar(kiosk_layout_t *l, const kiosk_model_t *m, int home, int px)
{
	int en = m->lang == KIOSK_LANG_EN, w = l->w, h = l->h, mg = (w < h ? w : h) / 40;
	int th = h / 11 > KIOSK_MIN_TOUCH_PX ? h / 11 : KIOSK_MIN_TOUCH_PX, n = 3, k = 0;
	int y = h - mg - th, bw = (w - 2 * mg - (n - 1) * mg) / n;
	kiosk_rect_t r = { mg, y, bw, th };
	if (home)
		item(l, "lang", KIOSK_ST_TOOL, en ? "Bahasa Indonesia" : "English",
		     en ? "Ganti bahasa" : "Change language", r, px);
	else
		item(l, "back", KIOSK_ST_TOOL, T("Kembali", "Back"), r, px);
	k++;
	r.x = mg + k * (bw + mg);
	item(l, "large_text", m->large_text ? KIOSK_ST_TOOL_ON : KIOSK_ST_TOOL,
	     T(m->large_text ? "Huruf besar: nyala" : "Huruf besar",
	       m->large_text ? "Large text: on" : "Large text"), r, px);
	k++;
	r.x = mg + k * (bw + mg);
	item(l, "speech", m->speech ? KIOSK_ST_TOOL_ON : KIOSK_ST_TOOL,
	     T(m->speech ? "Suara: nyala" : "Bacakan dengan suara",
	       m->speech ? "Speech: on" : "Read aloud"), r, px);
	return y;
}

/* A journey's status line: its first desk's name and that desk's status, the truth
 * about where the applicant waits first; only its figures when the button already
 * says the warning (the same sentence twice shrank the line below readable). */
static void journey_line(char *out, size_t cap, const kiosk_office_t *o,
			 const kiosk_choice_t *c, const kiosk_model_t *m, int en, int warned)
{
	const char *desk = c->n_steps > 0 ? c->steps[0] : "";
	const kiosk_choice_t *first = kiosk_office_choice(o, desk);
	char status[KIOSK_NAME_MAX];
	if (warned)
		figures_line(status, sizeof(status), kiosk_model_count(m, desk), en);
	else
		info_line(status, sizeof(status), kiosk_model_count(m, desk), en);
	if (first == NULL || status[0] == '\0')
		snprintf(out, cap, "%s", status);
	else if (snprintf(out, cap, "%s %s: %s", en ? "First desk" : "Loket pertama",
			  en ? first->name_en : first->name, status) < 0)
		out[0] = '\0';
}

/* The printer cannot print: a band in both languages where the prompt was. */
static void printer_band(kiosk_layout_t *l, const kiosk_model_t *m, kiosk_rect_t r, int px)
{
	int en = m->lang == KIOSK_LANG_EN, paper = m->printer.state == ANTRE_PRINTER_PAPER_OUT;
	item(l, "printer", KIOSK_ST_ALERT,
	     T(paper ? "Kertas tiket habis - tiket tidak bisa diambil. Silakan hubungi petugas."
		     : "Printer tiket tidak siap - tiket tidak bisa diambil. Silakan hubungi petugas.",
	       paper ? "Out of ticket paper - no tickets now. Please ask a staff member."
		     : "The ticket printer is not ready - no tickets now. Please ask a staff member."),
	     r, px);
}

/* The journey's button: closed or sold out says why; else its first desk's figures,
 * under the warning of a limited one (where the other language's name was). */
static void journey_button(kiosk_layout_t *l, const kiosk_office_t *o, const kiosk_choice_t *c,
			   const kiosk_model_t *m, kiosk_rect_t r, int px)
{
	int en = m->lang == KIOSK_LANG_EN, big = m->large_text;
	const kiosk_count_t *jc = kiosk_model_count(m, c->id);
	kiosk_button_t *b = item(l, c->id, KIOSK_ST_JOURNEY, T(c->name, c->name_en), r, px);

	b->journey = 1;
	b->control = !kiosk_model_printer_down(m);
	b->off = kiosk_count_refuses(jc);
	b->warn = jc && jc->limited;
	if (b->warn && !b->off)
		status_line(b->sublabel, sizeof(b->sublabel), jc, en);
	if (!b->off || !status_line(b->info, sizeof(b->info), jc, en))
		journey_line(b->info, sizeof(b->info), o, c, m, en, b->warn && !b->off);
	else
		b->sublabel[0] = '\0';
	if (big && b->warn && !b->off)   /* no room for both: the warning */
		status_line(b->info, sizeof(b->info), jc, en);
	if (big)
		b->sublabel[0] = '\0';
}

/* The code by hand: its characters as keys (8 a row, at least KIOSK_MIN_TOUCH_PX),
 * what is typed in two groups of four boxes, delete, cancel and OK. */
static void keypad(kiosk_layout_t *l, const kiosk_model_t *m)
{
	static const char alphabet[] = KIOSK_CODE_ALPHABET;
	int w = l->w, h = l->h, landscape = w > h, mg = (w < h ? w : h) / 40, en = m->lang == KIOSK_LANG_EN;
	int base = landscape ? h / 28 : w / 24, px = m->large_text ? base * 5 / 4 : base;
	int y = l->header.h + l->h / 40 + mg, cols = 8, n = (int)sizeof(alphabet) - 1, kg = mg / 2;
	int rows = (n + 1 + cols - 1) / cols + 1, kw = (w - 2 * mg - (cols - 1) * kg) / cols, kh;
	int code_h = landscape ? h / 9 : h / 12, bottom = h - mg;
	char id[8], label[2] = { 0, 0 };
	kiosk_button_t *b;

	item(l, "prompt", KIOSK_ST_PROMPT,
	     T("Ketik kode di bawah kode QR pada tiket Anda",
	       "Type the code under the QR code on your ticket"),
	     (kiosk_rect_t){ mg, y, w - 2 * mg, px * 2 }, px);
	y += px * 2 + mg / 2;
	/* the keys come first: on a low screen the boxes give up what they need */
	if (code_h > bottom - y - mg - rows * KIOSK_MIN_TOUCH_PX - (rows - 1) * kg)
		code_h = bottom - y - mg - rows * KIOSK_MIN_TOUCH_PX - (rows - 1) * kg;
	if (code_h < px * 2)
		code_h = px * 2;
	item(l, "code", KIOSK_ST_CODE, m->entry.c, "",
	     (kiosk_rect_t){ mg, y, w - 2 * mg, code_h }, code_h * 6 / 10);
	y += code_h + mg;
	kh = (bottom - y - (rows - 1) * kg) / rows;
	if (kh > (landscape ? kw : kw * 3 / 2))
		kh = landscape ? kw : kw * 3 / 2;   /* not taller than that: the rest stays below */
	if (kh > h / 9)
		kh = h / 9;
	if (kh < KIOSK_MIN_TOUCH_PX)
		kh = KIOSK_MIN_TOUCH_PX;
	for (int i = 0; i <= n; i++) {
		kiosk_rect_t r = { mg + (i % cols) * (kw + kg), y + (i / cols) * (kh + kg), kw, kh };
		if (i == n) {
			item(l, "backspace", KIOSK_ST_KEY, T("Hapus", "Delete"), r, (kh < kw ? kh : kw) * 3 / 10);
			break;
		}
		snprintf(id, sizeof(id), "key_%c", alphabet[i]);
		label[0] = alphabet[i];
		/* one size for all: what the widest glyph (M, W) fits at */
		item(l, id, KIOSK_ST_KEY, label, "", r, (kh < kw ? kh : kw) * 50 / 100);
	}
	y += (rows - 1) * (kh + kg);
	item(l, "cancel", KIOSK_ST_TOOL, T("Batal", "Cancel"),
	     (kiosk_rect_t){ mg, y, 3 * kw + 2 * kg, kh }, px);
	b = item(l, "ok", KIOSK_ST_OK, T("OK - cetak tiket", "OK - print my ticket"),
		 (kiosk_rect_t){ mg + 3 * (kw + kg), y, 5 * kw + 4 * kg, kh }, px * 5 / 4);
	/* until the code is whole it is greyed and taps pass it by */
	b->control = kiosk_entry_complete(&m->entry) && !kiosk_model_printer_down(m);
}

static void home(const kiosk_office_t *o, kiosk_layout_t *l, const kiosk_model_t *m)
{
	int w = l->w, h = l->h, landscape = w > h, mg = (w < h ? w : h) / 40, gap = mg;
	int en = m->lang == KIOSK_LANG_EN, big = m->large_text;
	int journey_h = h / (landscape ? 7 : 9), n_services = 0, k = 0, cols, rows, cell_w, cell_h;
	int base = landscape ? h / 32 : w / 28, px = big ? base * 3 / 2 : base;
	int y = l->header.h + mg, bottom, prompt_h = px * 2, down = kiosk_model_printer_down(m);
	kiosk_rect_t resume = { 0, 0, 0, 0 };
	kiosk_button_t *b;

	/* large text on a landscape screen keeps two wide columns (one line per name, at
	 * the large size): the room comes from a lower journey button and narrower gaps */
	if (big && landscape) {
		journey_h = h / 9 > KIOSK_MIN_TOUCH_PX ? h / 9 : KIOSK_MIN_TOUCH_PX;
		gap = mg / 2;
	} else if (big) {
		journey_h = h / 8;   /* its name and its first desk's line, both large */
		gap = mg / 2;        /* and the returning applicants' row under it */
	}
	if (down) {
		prompt_h = px * 4;   /* both languages, two lines each if need be */
		printer_band(l, m, (kiosk_rect_t){ mg, y, w - 2 * mg, prompt_h }, px);
	} else {
		item(l, "prompt", KIOSK_ST_PROMPT, T("Silakan pilih layanan", "Please choose a service"),
		     (kiosk_rect_t){ mg, y, w - 2 * mg, prompt_h }, px * 5 / 4);
	}
	y += prompt_h + gap;
	bottom = toolbar(l, m, 1, px) - gap;
	for (int i = 0; i < o->n_choices; i++) {
		const kiosk_choice_t *c = &o->choices[i];
		int jw = w - 2 * mg;
		if (!c->journey) {
			n_services++;
			continue;
		}
		/* a returning applicant's way in: beside the first journey on a wide screen;
		 * on a portrait one, where two thirds of the width shrank the journey's line
		 * and this button's to 18 px, a row of its own under the journey */
		if (resume.w == 0 && landscape) {
			jw = (w - 2 * mg - gap) * 64 / 100;
			resume = (kiosk_rect_t){ mg + jw + gap, y, w - 2 * mg - gap - jw, journey_h };
		}
		journey_button(l, o, c, m, (kiosk_rect_t){ mg, y, jw, journey_h }, px);
		y += journey_h + gap;
		if (resume.w == 0) {
			int rh = journey_h / 2 > KIOSK_MIN_TOUCH_PX ? journey_h / 2
								    : KIOSK_MIN_TOUCH_PX;
			resume = (kiosk_rect_t){ mg, y, w - 2 * mg, rh };
			y += rh + gap;
		}
	}
	/* services fill what is left, one font size for all of them */
	cols = (landscape ? 3 : 2) - (big ? 1 : 0);
	for (;;) {   /* a column more when the rows would be lower than a finger needs */
		rows = (n_services + cols - 1) / cols;
		if (rows < 1)
			rows = 1;
		cell_w = (w - 2 * mg - (cols - 1) * gap) / cols;
		cell_h = (bottom - y - (rows - 1) * gap) / rows;
		if (cell_h >= KIOSK_MIN_TOUCH_PX || cols >= (landscape ? 3 : 2))
			break;
		cols++;
	}
	if (cell_h > h / 5)
		cell_h = h / 5;
	for (int i = 0; i < o->n_choices; i++) {
		const kiosk_choice_t *c = &o->choices[i];
		if (c->journey)
			continue;
		b = item(l, c->id, KIOSK_ST_SERVICE, T(c->name, c->name_en),
			 (kiosk_rect_t){ mg + (k % cols) * (cell_w + gap), y + (k / cols) * (cell_h + gap),
					 cell_w, cell_h }, px);
		b->control = !down;   /* nothing to print on: drawn dimmed, taps do nothing */
		info_line(b->info, sizeof(b->info), kiosk_model_count(m, c->id), en);
		b->off = kiosk_count_refuses(kiosk_model_count(m, c->id));
		b->warn = kiosk_model_count(m, c->id) && kiosk_model_count(m, c->id)->limited;
		/* large text: the applicant has chosen a language; the other one's name gives
		 * its room to the name and the status line, which would shrink otherwise; so
		 * does a closed, sold-out or limited one's, whose line says why (issue 13) */
		if (big || b->off || b->warn)
			b->sublabel[0] = '\0';
		k++;
	}
	if (resume.w > 0) {   /* last: the items before keep their places in the list */
		b = item(l, "resume", KIOSK_ST_RESUME,
			 T("Kembali untuk lanjut? Masukkan kode", "Returning? Enter your code"),
			 resume, px);
		b->control = !down;
	}
}

static void priority_step(const kiosk_office_t *o, kiosk_layout_t *l, const kiosk_model_t *m)
{
	int w = l->w, h = l->h, landscape = w > h, mg = (w < h ? w : h) / 40, en = m->lang == KIOSK_LANG_EN;
	int base = (landscape ? h : w) / 22, px = m->large_text ? base * 4 / 3 : base;
	int y = l->header.h + mg, bottom = toolbar(l, m, 0, (landscape ? h : w) / 26) - 2 * mg, bw, bh;
	const kiosk_choice_t *c = kiosk_office_choice(o, m->choice);
	if (c)
		item(l, "service", KIOSK_ST_MUTED, T(c->name, c->name_en),
		     (kiosk_rect_t){ mg, y, w - 2 * mg, px * 2 }, px);
	y += px * 2;
	item(l, "prompt", KIOSK_ST_PROMPT,
	     T("Apakah Anda lansia, penyandang disabilitas, atau ibu hamil?",
	       "Are you elderly, a person with a disability, or pregnant?"),
	     (kiosk_rect_t){ mg, y, w - 2 * mg, px * 3 }, px);
	y += px * 3 + mg;
	if (landscape) {
		bw = (w - 3 * mg) / 2;
		bh = bottom - y;
		item(l, "priority", KIOSK_ST_PRIORITY,
		     T("Prioritas (lansia, disabilitas, ibu hamil)",
		       "Priority (elderly, disabled, pregnant)"), (kiosk_rect_t){ mg, y, bw, bh }, px);
		item(l, "regular", KIOSK_ST_REGULAR, T("Biasa", "Regular"),
		     (kiosk_rect_t){ 2 * mg + bw, y, bw, bh }, px);
	} else {
		bw = w - 2 * mg;
		bh = (bottom - y - mg) / 2;
		item(l, "priority", KIOSK_ST_PRIORITY,
		     T("Prioritas (lansia, disabilitas, ibu hamil)",
		       "Priority (elderly, disabled, pregnant)"), (kiosk_rect_t){ mg, y, bw, bh }, px);
		item(l, "regular", KIOSK_ST_REGULAR, T("Biasa", "Regular"),
		     (kiosk_rect_t){ mg, y + bh + mg, bw, bh }, px);
	}
}

/* The ticket's wait line in the screen's language. */
static void wait_line(char *out, size_t cap, const kiosk_model_t *m, int en)
{
	if (m->no_counter)
		snprintf(out, cap, "%s", en ? "No counter open yet - please wait for your call"
					    : "Belum ada loket yang buka - tunggu panggilan");
	else if (m->ahead == 0)
		snprintf(out, cap, "%s", en ? "You are next - wait for your call"
					    : "Anda berikutnya - tunggu panggilan");
	else if (en)   /* one line at the large size ("about 21 / min" broke) */
		snprintf(out, cap, "%d people ahead, about %d min", m->ahead,
			 (m->est_wait_s + 59) / 60);
	else
		snprintf(out, cap, "%d orang di depan, \xc2\xb1%d menit", m->ahead,
			 (m->est_wait_s + 59) / 60);
}

static void ticket(kiosk_layout_t *l, const kiosk_model_t *m)
{
	int top = l->header.h, w = l->w, h = l->h - top, pad = w / 20, en = m->lang == KIOSK_LANG_EN;
	int k = m->large_text ? 5 : 4;
	char line[256], other[256];
	wait_line(line, sizeof(line), m, en);
	wait_line(other, sizeof(other), m, !en);
	item(l, "heading", KIOSK_ST_MUTED, T("Nomor antrian Anda", "Your queue number"),
	     (kiosk_rect_t){ pad, top + h / 30, w - 2 * pad, h / 12 }, h / 16);
	item(l, "number", KIOSK_ST_NUMBER, m->number, "",
	     (kiosk_rect_t){ pad, top + h / 9, w - 2 * pad, h * 33 / 100 }, h / 3);
	item(l, "service", KIOSK_ST_BODY, en && m->service_en[0] ? m->service_en : m->service, "",
	     (kiosk_rect_t){ pad, top + h * 45 / 100, w - 2 * pad, h / 10 }, h / 14);
	item(l, "wait", KIOSK_ST_BODY, line, other,
	     (kiosk_rect_t){ pad, top + h * 56 / 100, w - 2 * pad, h / 8 }, h * k / 80);
	item(l, "take", KIOSK_ST_BAND, T("Silakan ambil tiket Anda", "Please take your ticket"),
	     (kiosk_rect_t){ pad, top + h * 71 / 100, w - 2 * pad, h / 7 }, h / 14);
	item(l, "speech", m->speech ? KIOSK_ST_TOOL_ON : KIOSK_ST_TOOL,
	     T("Bacakan nomor", "Read my number aloud"),
	     (kiosk_rect_t){ w > l->h ? w / 3 : w / 6, top + h * 87 / 100, w > l->h ? w / 3 : w * 2 / 3,
			     h * 11 / 100 > KIOSK_MIN_TOUCH_PX
		     ? h * 11 / 100 : KIOSK_MIN_TOUCH_PX }, h / 20);
}

/* A full-screen message in both languages, the screen's language first. */
static void message(kiosk_layout_t *l, const kiosk_model_t *m, const char *id_title,
		    const char *en_title, const char *id_text, const char *en_text, const char *detail)
{
	int top = l->header.h, w = l->w, h = l->h - top, pad = w / 20, en = m->lang == KIOSK_LANG_EN;
	int big = m->large_text;
	item(l, "title", KIOSK_ST_TITLE, en ? en_title : id_title, "",
	     (kiosk_rect_t){ pad, top + h / 10, w - 2 * pad, h / 6 }, h / 10);
	item(l, "text", KIOSK_ST_BODY, en ? en_text : id_text, "",
	     (kiosk_rect_t){ pad, top + h * 30 / 100, w - 2 * pad, h / 7 }, big ? h / 14 : h / 18);
	item(l, "title_other", KIOSK_ST_MUTED, en ? id_title : en_title, "",
	     (kiosk_rect_t){ pad, top + h * 50 / 100, w - 2 * pad, h / 10 }, h / 16);
	item(l, "text_other", KIOSK_ST_MUTED, en ? id_text : en_text, "",
	     (kiosk_rect_t){ pad, top + h * 62 / 100, w - 2 * pad, h / 8 }, big ? h / 18 : h / 24);
	if (detail && detail[0])
		item(l, "detail", KIOSK_ST_MUTED, detail, "",
		     (kiosk_rect_t){ pad, top + h * 84 / 100, w - 2 * pad, h / 12 }, h / 32);
}

/* What a resume said, when it printed nothing, in both languages. */
static void resume_answer(kiosk_layout_t *l, const kiosk_model_t *m)
{
	char tried[KIOSK_SCAN_MAX + 16], id_title[160], en_title[160];
	kiosk_entry_t e;

	/* the code as the ticket prints it, when it is one; else what was scanned */
	kiosk_entry_clear(&e);
	for (const char *c = m->resume_key; *c && e.n <= KIOSK_CODE_LEN; c++)
		if (*c != '-' && kiosk_entry_add(&e, *c) < 0) {
			e.n = KIOSK_CODE_LEN + 1;
			break;
		}
	if (kiosk_entry_complete(&e)) {
		char code[KIOSK_CODE_LEN + 2];
		kiosk_entry_format(&e, code, sizeof(code));
		snprintf(tried, sizeof(tried), "Kode / Code: %s", code);
	} else {
		snprintf(tried, sizeof(tried), "%.60s%s", m->resume_key,
			 strlen(m->resume_key) > 60 ? "..." : "");
	}
	if (m->screen == KIOSK_RESUME_UNKNOWN) {
		l->red = 1;
		message(l, m, "Kode tidak dikenal", "Code not recognised",
			"Periksa kode pada tiket Anda lalu coba lagi, atau hubungi petugas.",
			"Check the code on your ticket and try again, or ask a staff member.", tried);
	} else if (m->screen == KIOSK_RESUME_EARLY) {
		char id_date[64], en_date[64];
		if (kiosk_date_words(m->return_on, 0, id_date, sizeof(id_date)) == 0 &&
		    kiosk_date_words(m->return_on, 1, en_date, sizeof(en_date)) == 0) {
			snprintf(id_title, sizeof(id_title), "Kembali pada %s", id_date);
			snprintf(en_title, sizeof(en_title), "Come back on %s", en_date);
			message(l, m, id_title, en_title,
				"Kode Anda belum bisa dipakai sebelum hari itu.",
				"Your code cannot be used before that day.", tried);
		} else {   /* an antred without return_on: its own sentence */
			message(l, m, "Belum waktunya kembali", "Not your return day yet",
				m->refusal_text, m->refusal_text, tried);
		}
	} else if (m->refusal == KIOSK_REFUSED_USED) {
		l->red = 1;
		message(l, m, "Kode ini sudah dipakai hari ini", "This code was already used today",
			"Tiket hari ini untuk kode ini sudah selesai atau dibatalkan. Silakan hubungi "
			"petugas.", "Today's ticket for this code is done or cancelled. Please ask a "
			"staff member.", tried);
	} else if (m->refusal == KIOSK_REFUSED_CLOSED) {
		l->red = 1;
		message(l, m, "Loket tujuan Anda sedang tutup", "Your desk is closed now",
			"Tidak ada tiket yang dibuat. Silakan hubungi petugas.",
			"No ticket was made. Please ask a staff member.", m->refusal_text);
	} else {
		l->red = 1;
		message(l, m, "Tiket tidak bisa dibuat", "No ticket could be made",
			"Silakan hubungi petugas.", "Please ask a staff member.", m->refusal_text);
	}
}

void kiosk_layout_screen(const kiosk_office_t *o, int w, int h, const kiosk_model_t *m,
			 kiosk_layout_t *l)
{
	int paper = m->printer.state == ANTRE_PRINTER_PAPER_OUT;
	memset(l, 0, sizeof(*l));
	l->w = w;
	l->h = h;
	l->header = (kiosk_rect_t){ 0, 0, w, h / (w > h ? 8 : 10) };
	switch (m->screen) {
	case KIOSK_HOME: home(o, l, m); break;
	case KIOSK_PRIORITY: priority_step(o, l, m); break;
	case KIOSK_TICKET: ticket(l, m); break;
	case KIOSK_ISSUING:
		message(l, m, "Mohon tunggu...", "Please wait...", "Tiket Anda sedang dibuat",
			"Your ticket is being made", "");
		break;
	case KIOSK_PRINTER_FAULT:
		l->red = 1;
		message(l, m, paper ? "Kertas tiket habis" : "Printer tidak siap",
			paper ? "Out of ticket paper" : "Printer not ready",
			"Tidak ada tiket yang dibuat. Silakan hubungi petugas.",
			"No ticket was issued. Please ask a staff member for help.", m->printer.message);
		break;
	case KIOSK_PRINT_FAILED:
		l->red = 1;
		if (m->print_kept) {   /* a second copy failed: the first one still counts */
			char id_text[160], en_text[160];
			snprintf(id_text, sizeof(id_text), "Nomor %s tetap berlaku: simpan tiket "
				 "pertama Anda. Silakan hubungi petugas.", m->number);
			snprintf(en_text, sizeof(en_text), "Number %s still stands: keep your first "
				 "ticket. Please ask a staff member.", m->number);
			message(l, m, "Tiket gagal dicetak ulang", "The ticket could not be reprinted",
				id_text, en_text, m->printer.message);
			break;
		}
		message(l, m, "Tiket gagal dicetak", "The ticket could not be printed",
			"Nomor ini dibatalkan dan tidak akan dipanggil. Silakan hubungi petugas.",
			"That number was cancelled and will not be called. Please ask a staff member.",
			m->printer.message);
		break;
	case KIOSK_UNAVAILABLE:
		l->red = 1;
		message(l, m, "Layanan sementara tidak tersedia", "Service temporarily unavailable",
			"Mohon tunggu, kami mencoba menyambung kembali. Silakan hubungi petugas.",
			"Please wait, we are reconnecting. Please ask a staff member.", "");
		break;
	case KIOSK_KEYPAD: keypad(l, m); break;
	case KIOSK_RESUME_UNKNOWN:
	case KIOSK_RESUME_EARLY:
	case KIOSK_RESUME_REFUSED: resume_answer(l, m); break;
	}
}

const kiosk_button_t *kiosk_layout_hit(const kiosk_layout_t *l, int x, int y)
{
	for (int i = 0; i < l->n; i++) {
		const kiosk_rect_t *r = &l->buttons[i].r;
		if (l->buttons[i].control && x >= r->x && x < r->x + r->w && y >= r->y &&
		    y < r->y + r->h)
			return &l->buttons[i];
	}
	return NULL;
}

/* The texts of an item as drawn: [{"part","left","top","width","height","px"}, …]
 * (other key names than the item's x/y/w/h, which outside tests read first). */
static json_t *drawn_json(const kiosk_button_t *b)
{
	static const char *const names[KIOSK_PARTS] = { "label", "sublabel", "info" };
	json_t *a = json_array();
	for (int p = 0; p < KIOSK_PARTS; p++) {
		const kiosk_drawn_t *d = &b->drawn[p];
		if (d->px > 0)
			json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:i, s:i, s:i}", "part",
							   names[p], "left", d->r.x, "top", d->r.y,
							   "width", d->r.w, "height", d->r.h, "px", d->px));
	}
	return a;
}

json_t *kiosk_layout_json(const kiosk_layout_t *l)
{
	json_t *a = json_array();
	for (int i = 0; i < l->n; i++) {
		const kiosk_button_t *b = &l->buttons[i];
		int drawn = b->drawn[KIOSK_PART_LABEL].px;
		json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:s, s:s, s:b, s:i, "
						   "s:i, s:o}",
						   "id", b->id, "label", b->label, "x", b->r.x,
						   "y", b->r.y, "w", b->r.w, "h", b->r.h,
						   "sublabel", b->sublabel, "info", b->info,
						   "control", b->control, "px", drawn > 0 ? drawn : b->px,
						   "nominal_px", b->px, "drawn", drawn_json(b)));
	}
	return a;
}
