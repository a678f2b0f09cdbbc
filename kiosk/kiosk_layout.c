/* Home-screen geometry: proportional to the screen, so 1080×1920 portrait, 1920×1080
 * landscape and 1280×800 come from the same rules. */
#include "kiosk_layout.h"

#include <stdio.h>
#include <string.h>

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
		}
	}
	return o->n_choices > 0 ? 0 : -1;
}

int kiosk_counts_from_json(json_t *state, kiosk_count_t *out, int cap)
{
	size_t i;
	json_t *s;
	int n = 0;
	json_array_foreach(json_object_get(state, "services"), i, s) {
		if (n >= cap)
			break;
		copy(out[n].id, sizeof(out[n].id), s, "id");
		out[n].waiting = (int)json_integer_value(json_object_get(s, "waiting"));
		out[n].est_wait_s = (int)json_integer_value(json_object_get(s, "est_wait_s"));
		n++;
	}
	return n;
}

static kiosk_button_t *add(kiosk_layout_t *l, const char *id, const char *label,
			   const char *sublabel, int x, int y, int w, int h)
{
	kiosk_button_t *b = &l->buttons[l->n++];
	snprintf(b->id, sizeof(b->id), "%s", id);
	snprintf(b->label, sizeof(b->label), "%s", label);
	snprintf(b->sublabel, sizeof(b->sublabel), "%s", sublabel);
	b->r = (kiosk_rect_t){ x, y, w, h };
	b->journey = 0;
	return b;
}

void kiosk_layout_home(const kiosk_office_t *o, int w, int h, kiosk_lang_t lang, int priority_on,
		       kiosk_layout_t *l)
{
	int landscape = w > h, m = (w < h ? w : h) / 40, gap = m;
	int header_h = h / (landscape ? 7 : 9), y, bottom, cols, rows, n_services = 0, k = 0;
	int journey_h = h / (landscape ? 6 : 8), prio_h = o->priority_button ? h / 12 : 0;
	int cell_w, cell_h;

	memset(l, 0, sizeof(*l));
	l->w = w;
	l->h = h;
	l->header = (kiosk_rect_t){ 0, 0, w, header_h };
	add(l, "lang", lang == KIOSK_LANG_ID ? "English" : "Bahasa Indonesia",
	    lang == KIOSK_LANG_ID ? "Ganti bahasa" : "Change language", w - w / 5 - m,
	    m, w / 5, header_h - 2 * m);

	y = header_h + m;
	for (int i = 0; i < o->n_choices; i++) {
		const kiosk_choice_t *c = &o->choices[i];
		if (!c->journey) {
			n_services++;
			continue;
		}
		add(l, c->id, lang == KIOSK_LANG_ID ? c->name : c->name_en,
		    lang == KIOSK_LANG_ID ? c->name_en : c->name, m, y, w - 2 * m,
		    journey_h)->journey = 1;
		y += journey_h + gap;
	}

	/* services fill what is left, in a grid of buttons at least big enough to touch */
	bottom = h - m - (prio_h ? prio_h + gap : 0);
	cols = landscape ? 3 : 2;
	rows = (n_services + cols - 1) / cols;
	if (rows < 1)
		rows = 1;
	cell_w = (w - 2 * m - (cols - 1) * gap) / cols;
	cell_h = (bottom - y - (rows - 1) * gap) / rows;
	if (cell_h > h / 5)
		cell_h = h / 5;
	for (int i = 0; i < o->n_choices; i++) {
		const kiosk_choice_t *c = &o->choices[i];
		int col, row;
		if (c->journey)
			continue;
		col = k % cols;
		row = k / cols;
		add(l, c->id, lang == KIOSK_LANG_ID ? c->name : c->name_en,
		    lang == KIOSK_LANG_ID ? c->name_en : c->name, m + col * (cell_w + gap),
		    y + row * (cell_h + gap), cell_w, cell_h);
		k++;
	}
	if (prio_h)
		add(l, "priority",
		    lang == KIOSK_LANG_ID ? (priority_on ? "[x] Prioritas: lansia, disabilitas, ibu hamil"
							: "[ ] Prioritas: lansia, disabilitas, ibu hamil")
					  : (priority_on ? "[x] Priority: elderly, disabled, pregnant"
							 : "[ ] Priority: elderly, disabled, pregnant"),
		    "", m, h - m - prio_h, w - 2 * m, prio_h);
}

const kiosk_button_t *kiosk_layout_hit(const kiosk_layout_t *l, int x, int y)
{
	for (int i = 0; i < l->n; i++) {
		const kiosk_rect_t *r = &l->buttons[i].r;
		if (x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h)
			return &l->buttons[i];
	}
	return NULL;
}

json_t *kiosk_layout_json(const kiosk_layout_t *l)
{
	json_t *a = json_array();
	for (int i = 0; i < l->n; i++) {
		const kiosk_button_t *b = &l->buttons[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "id", b->id,
						   "label", b->label, "x", b->r.x, "y", b->r.y,
						   "w", b->r.w, "h", b->r.h));
	}
	return a;
}
