/* The display's loop parts: feed messages → the board, the board → the view, calls →
 * the announcer, and a log line per call once it is on the glass. */
#include "display_app.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "board.h"
#include "client.h"
#include "clock.h"
#include "display_layout.h"
#include "display_view.h"
#include "feed.h"
#include "player.h"
#include "protocol.h"
#include "speech.h"
#include "xmalloc.h"

#define FLASH_STEP_MS 500
#define MARQUEE_PAGE_MS 8000
#define RETRY_MS 2000      /* the office is fetched again this often until it answers */
#define MAX_UNLOGGED 512


static int layout_of(const char *arg, const char **id);

struct display_app {
	display_options_t o;
	antre_client_t *client;
	ui_app_t *ui;
	board_t board;
	int loaded;                        /* the office is known */
	int64_t next_try_ms;               /* not loaded: when to fetch it again */
	int layout;                        /* index in layouts[] */
	char counter_id[32];               /* --layout counter:ID */
	char device[80];                   /* "display:ID" once the section is known, or "" */
	int layout_given;                  /* --layout said it: a section's does not count */
	char layout_name[48];              /* the section's layout, when it gave one */
	board_call_t unlogged[MAX_UNLOGGED];   /* calls applied, not yet on a presented frame */
	int n_unlogged;
	player_t *player;
	feed_t *feed;
	int dirty;                         /* the board changed */
	int n_pages;                       /* marquee pages of the last wall drawn */
	int counter_pages;                 /* pages of counters of the last wall drawn */
	int banner_pages;                  /* pages of banners of the last layout drawn */
	char banners_drawn[512];           /* "SERVICE kind, ..." of the last frame drawn */
	char banners_logged[512];          /* ... of the last one logged */
	display_frame_t frame, shown;      /* what the next frame shows, what the glass shows */
};

display_app_t *display_app_create(const display_options_t *o)
{
	display_app_t *d = xcalloc(1, sizeof(*d));
	const char *id = NULL;
	d->o = *o;
	d->layout_given = o->layout != NULL;
	if (d->o.layout == NULL)   /* the section's, known once the office is; till then */
		d->o.layout = o->display_id && display_app_layout_valid(o->display_id)
				      ? o->display_id
				      : "wall";
	d->layout = layout_of(d->o.layout, &id);
	if (d->layout < 0)
		d->layout = 0;
	if (id)
		snprintf(d->counter_id, sizeof(d->counter_id), "%s", id);
	snprintf(d->board.office, sizeof(d->board.office), "antre");
	d->client = antre_client_create(o->server, NULL, 1500);
	d->dirty = 1;
	d->n_pages = 1;
	d->shown = (display_frame_t){ -1, -1, -1, -1, -1 };
	snprintf(d->banners_logged, sizeof(d->banners_logged), "none");
	return d;
}

void display_app_destroy(display_app_t *d)
{
	if (d == NULL)
		return;
	feed_stop(d->feed);
	player_stop(d->player);
	antre_client_destroy(d->client);
	free(d);
}

void display_app_attach(display_app_t *d, ui_app_t *ui)
{
	d->ui = ui;
	d->next_try_ms = d->loaded ? 0 : ui_app_now_ms() + RETRY_MS;
}

/* The office's [display ID] section named by --display, or NULL. */
static json_t *named_section(json_t *office, const display_options_t *o)
{
	json_t *list = json_object_get(office, "displays"), *d;
	size_t i;
	json_array_foreach(list, i, d) {
		const char *id = json_string_value(json_object_get(d, "id"));
		if (o->display_id && id && strcasecmp(id, o->display_id) == 0)
			return d;
	}
	return NULL;
}

/* The office's [display] entry for this screen: --display ID, else the first with the
 * same layout, else the first. */
static json_t *display_config(json_t *office, const display_options_t *o)
{
	json_t *list = json_object_get(office, "displays"), *d, *same = NULL;
	size_t i;
	if (named_section(office, o))
		return named_section(office, o);
	json_array_foreach(list, i, d) {
		const char *layout = json_string_value(json_object_get(d, "layout"));
		if (same == NULL && layout && strcmp(layout, o->layout) == 0)
			same = d;
	}
	return same ? same : json_array_get(list, 0);
}

/* --display ID: the section's layout (unless --layout said one) and the name this
 * screen gives antred. 0, or -1 after a message when ID is neither a section nor a
 * layout. */
static int take_section(display_app_t *d, json_t *office)
{
	json_t *sec = named_section(office, &d->o);
	const char *layout, *id = NULL;
	if (d->o.display_id == NULL)
		return 0;
	if (sec == NULL) {
		if (display_app_layout_valid(d->o.display_id))
			return 0;   /* a screen with no section of its own: --display wall */
		fprintf(stderr, "antre-display: the office has no [display %s], and '%s' is no "
			"layout either (wall, counter:ID)\n", d->o.display_id, d->o.display_id);
		return -1;
	}
	snprintf(d->device, sizeof(d->device), "display:%s",
		 json_string_value(json_object_get(sec, "id")));
	layout = json_string_value(json_object_get(sec, "layout"));
	if (!d->layout_given && layout && layout_of(layout, &id) >= 0)
		snprintf(d->layout_name, sizeof(d->layout_name), "%s", layout);
	fprintf(stderr, "antre-display: this screen is [display %s], layout %s\n",
		json_string_value(json_object_get(sec, "id")),
		d->layout_name[0] ? d->layout_name : d->o.layout);
	if (d->layout_name[0] == '\0')
		return 0;
	d->o.layout = d->layout_name;
	d->layout = layout_of(d->layout_name, &id);
	d->counter_id[0] = '\0';
	if (id)
		snprintf(d->counter_id, sizeof(d->counter_id), "%s", id);
	return 0;
}

static int has_counter(const board_t *b, const char *id)
{
	for (int i = 0; i < b->n_counters; i++)
		if (strcmp(b->counters[i].id, id) == 0)
			return 1;
	return 0;
}

/* The announcer, with the phrases of this screen's [display] entry. */
static void start_player(display_app_t *d, json_t *office)
{
	json_t *cfg = display_config(office, &d->o);
	const char *tmpl = json_string_value(json_object_get(cfg, "announce"));
	const char *tmpl_en = json_string_value(json_object_get(cfg, "announce_en"));
	char err[160];
	if (!d->o.audio || (cfg != NULL && !json_is_true(json_object_get(cfg, "audio"))))
		return;
	d->player = player_start(tmpl && tmpl[0] ? tmpl : SPEECH_DEFAULT_ANNOUNCE,
				 tmpl_en ? tmpl_en : "", err, sizeof(err));
	if (d->player == NULL)
		fprintf(stderr, "antre-display: %s; announcements are silent\n", err);
}

int display_app_load(display_app_t *d)
{
	char *text = NULL;
	json_t *office = NULL;
	const char *tz;
	int rc = 0;

	if (antre_client_request(d->client, "GET", "/api/v1/office", NULL, &text) == 200)
		office = json_loads(text, 0, NULL);
	free(text);
	if (office == NULL)
		return -1;
	board_init(&d->board, office);
	tz = json_string_value(json_object_get(office, "timezone"));
	if (tz)
		antre_clock_set_timezone(tz);
	if (take_section(d, office) < 0) {
		rc = -2;
	} else if (d->counter_id[0] && !has_counter(&d->board, d->counter_id)) {
		fprintf(stderr, "antre-display: the office has no counter '%s'\n", d->counter_id);
		rc = -2;
	} else {
		board_banners_for(&d->board, d->counter_id[0] ? d->counter_id : NULL);
		start_player(d, office);
		d->feed = feed_start(d->o.server, d->device[0] ? d->device : NULL);
		d->loaded = 1;
	}
	json_decref(office);
	return rc;
}

/* Apply what the feed brought. */
static void apply(display_app_t *d, feed_msg_t *msgs, int64_t now)
{
	for (feed_msg_t *m = msgs; m; m = m->next) {
		json_t *data = m->data ? json_loads(m->data, 0, NULL) : NULL;
		board_call_t call;
		d->dirty = 1;
		if (m->kind == FEED_LINK) {
			d->board.online = m->connected;
			fprintf(stderr, "antre-display: %s\n", m->connected ? "online" : "offline");
		} else if (m->kind == FEED_STATE && data) {
			board_waiting(&d->board, data);
		} else if (m->kind == FEED_EVENT && data && strcmp(m->type, ANTRE_STREAM_SNAPSHOT) == 0) {
			board_snapshot(&d->board, data);
		} else if (m->kind == FEED_EVENT && data &&
			   board_event(&d->board, m->type, data, now, &call) == 1) {
			player_call(d->player, &call);
			if (d->n_unlogged < MAX_UNLOGGED)
				d->unlogged[d->n_unlogged++] = call;
		}
		json_decref(data);
	}
}

static void on_wait(void *ctx, int timeout_ms)
{
	display_app_t *d = ctx;
	feed_msg_t *msgs;
	if (d->feed == NULL) {
		SDL_Delay(timeout_ms < 100 ? (Uint32)timeout_ms : 100);
		return;
	}
	msgs = feed_wait(d->feed, timeout_ms);
	apply(d, msgs, ui_app_now_ms());
	feed_msg_free(msgs);
}

static void on_event(void *ctx, const SDL_Event *e, int64_t now_ms)
{
	(void)ctx;
	(void)e;
	(void)now_ms;   /* a display takes no input besides the shell's */
}

/* The flash phase, and when the picture next changes by itself. */
static int flash_phase(const board_t *b, int64_t now, int *next)
{
	int64_t left = b->flash_until_ms - now;
	if (left <= 0)
		return 0;
	if (left % FLASH_STEP_MS + 1 < *next)
		*next = (int)(left % FLASH_STEP_MS + 1);
	return (left / FLASH_STEP_MS) % 2 == 1 || left > BOARD_FLASH_MS - FLASH_STEP_MS;
}

static int on_frame(void *ctx, int64_t now, int *wait_ms)
{
	display_app_t *d = ctx;
	display_frame_t *f = &d->frame;
	int64_t wall;
	if (!d->loaded && now >= d->next_try_ms) {
		if (display_app_load(d) == -2)
			ui_app_quit(d->ui, 2);
		d->next_try_ms = now + RETRY_MS;
		d->dirty = 1;
	}
	/* what changes by itself: the flash, the clock's minute, the marquee page */
	wall = ui_app_wall_ms();
	f->wall_ms = wall;
	f->flash_on = flash_phase(&d->board, now, wait_ms);
	f->marquee_page = d->n_pages > 1 ? (int)((wall / MARQUEE_PAGE_MS) % d->n_pages) : 0;
	f->counter_page = d->counter_pages > 1 ? (int)((wall / DISPLAY_PAGE_MS) % d->counter_pages) : 0;
	f->banner_page = d->banner_pages > 1 ? (int)((wall / DISPLAY_PAGE_MS) % d->banner_pages) : 0;
	return d->dirty || f->flash_on != d->shown.flash_on ||
	       f->marquee_page != d->shown.marquee_page || f->banner_page != d->shown.banner_page ||
	       f->counter_page != d->shown.counter_page || wall / 60000 != d->shown.wall_ms / 60000;
}

/* Which banners the frame shows ("IMIGRASI limited, KESEHATAN closed" or "none"), for
 * the log line once it is on the glass; returns how many. */
static int note_banners(display_app_t *d)
{
	board_banner_t ban[BOARD_MAX_SERVICES];
	int n = display_view_banners(&d->board, d->frame.wall_ms, ban, BOARD_MAX_SERVICES);
	size_t used = 0;
	snprintf(d->banners_drawn, sizeof(d->banners_drawn), "none");
	for (int i = 0; i < n && i < BOARD_MAX_SERVICES; i++) {
		int k = snprintf(d->banners_drawn + used, sizeof(d->banners_drawn) - used, "%s%s %s",
				 used ? ", " : "", ban[i].service->id, board_banner_kind_name(ban[i].kind));
		if (k < 0 || used + (size_t)k >= sizeof(d->banners_drawn))
			break;
		used += (size_t)k;
	}
	return n;
}

/* The layouts: geometry (display_layout.c) and drawing (display_view.c) for w×h. Each
 * returns the number of marquee pages it has (≥ 1). */
static int draw_wall(display_app_t *d, int w, int h)
{
	display_layout_t l;
	display_layout_wall(w, h, display_view_open_counters(&d->board), d->board.n_services,
			    note_banners(d), display_number_em(d->board.prefixes, d->board.number_width),
			    &l);
	d->counter_pages = l.n_pages;
	d->banner_pages = l.banner_pages;
	return display_view_wall(ui_app_ui(d->ui), &d->board, &l, &d->frame);
}

static int draw_counter(display_app_t *d, int w, int h)
{
	display_layout_t l;
	display_layout_counter(w, h, note_banners(d),
			       display_number_em(d->board.prefixes, d->board.number_width), &l);
	d->banner_pages = l.banner_pages;
	display_view_counter(ui_app_ui(d->ui), &d->board, &l, d->counter_id, &d->frame);
	return 1;
}

/* --layout NAME or NAME:ID (takes_id: an id of the office's counters follows). */
static const struct {
	const char *name;
	int takes_id;
	int (*draw)(display_app_t *d, int w, int h);
} layouts[] = {
	{ "wall", 0, draw_wall },
	{ "counter", 1, draw_counter },
};

/* The entry for --layout, or -1; *id points after "NAME:" for a layout that takes one. */
static int layout_of(const char *arg, const char **id)
{
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		size_t n = strlen(layouts[i].name);
		if (strncmp(arg, layouts[i].name, n) != 0)
			continue;
		if (!layouts[i].takes_id && arg[n] == '\0')
			return (int)i;
		if (layouts[i].takes_id && arg[n] == ':' && arg[n + 1] != '\0') {
			*id = arg + n + 1;
			return (int)i;
		}
	}
	return -1;
}

int display_app_layout_valid(const char *layout)
{
	const char *id = NULL;
	return layout_of(layout, &id) >= 0;
}

static void on_draw(void *ctx, int64_t now)
{
	display_app_t *d = ctx;
	int w, h;
	(void)now;
	ui_app_size(d->ui, &w, &h);
	d->n_pages = layouts[d->layout].draw(d, w, h);
	d->shown = d->frame;
	d->dirty = 0;
}

/* After a frame is on the glass: one log line per call it shows for the first time;
 * the trace label lists them as "NUMBER COUNTER" pairs. */
static void on_presented(void *ctx, double at_ms, char *label, size_t cap)
{
	display_app_t *d = ctx;
	size_t used = 0;
	(void)at_ms;
	label[0] = '\0';
	for (int i = 0; i < d->n_unlogged; i++) {
		const board_call_t *c = &d->unlogged[i];
		int n;
		fprintf(stderr, "antre-display: shown %s at %s (seq %lld%s)\n", c->number,
			c->counter_name, c->seq, c->recall ? ", recall" : "");
		n = snprintf(label + used, cap - used, "%s%s %s", used ? " " : "", c->number, c->counter);
		if (n > 0 && used + (size_t)n < cap)
			used += (size_t)n;
	}
	d->n_unlogged = 0;
	if (strcmp(d->banners_drawn, d->banners_logged) != 0) {
		fprintf(stderr, "antre-display: banners %s\n", d->banners_drawn);
		snprintf(d->banners_logged, sizeof(d->banners_logged), "%s", d->banners_drawn);
	}
}

const ui_app_parts_t display_app_parts = {
	.event = on_event,
	.frame = on_frame,
	.draw = on_draw,
	.presented = on_presented,
	.wait = on_wait,
};

static void dump_rect(FILE *out, const char *name, display_rect_t r, const char *end)
{
	fprintf(out, "  \"%s\": [%d, %d, %d, %d]%s\n", name, r.x, r.y, r.w, r.h, end);
}

/* The office and its state, fetched once, into b. */
static int fetch_board(const char *server, board_t *b)
{
	antre_client_t *c = antre_client_create(server, NULL, 3000);
	char *text = NULL;
	json_t *j = NULL;
	int rc = -1;
	if (antre_client_request(c, "GET", "/api/v1/office", NULL, &text) == 200)
		j = json_loads(text, 0, NULL);
	free(text);
	text = NULL;
	if (j) {
		const char *tz = json_string_value(json_object_get(j, "timezone"));
		if (tz)   /* the hours are the office's */
			antre_clock_set_timezone(tz);
		board_init(b, j);
		json_decref(j);
		j = NULL;
		if (antre_client_request(c, "GET", "/api/v1/state", NULL, &text) == 200)
			j = json_loads(text, 0, NULL);
		free(text);
	}
	if (j) {
		board_snapshot(b, j);
		json_decref(j);
		rc = 0;
	}
	antre_client_destroy(c);
	return rc;
}

/* The banners' slots and what the first page says. */
static void dump_banners(FILE *out, const board_t *b, const display_layout_t *l)
{
	board_banner_t ban[BOARD_MAX_SERVICES];
	int n = display_view_banners(b, ui_app_wall_ms(), ban, BOARD_MAX_SERVICES);
	json_t *texts = json_array();
	char *dumped;
	fprintf(out, "  \"banners\": %d, \"banners_per_page\": %d, \"banner_pages\": %d,\n", n,
		l->n_banners, l->banner_pages);
	for (int i = 0; i < n && i < BOARD_MAX_SERVICES; i++)
		json_array_append_new(texts, json_pack("{s:s, s:s, s:s, s:s}", "service",
						       ban[i].service->id, "kind",
						       board_banner_kind_name(ban[i].kind), "id",
						       ban[i].id, "en", ban[i].en));
	dumped = json_dumps(texts, JSON_COMPACT);
	fprintf(out, "  \"banner_texts\": %s,\n", dumped ? dumped : "[]");
	free(dumped);
	json_decref(texts);
	for (int i = 0; i < l->n_banners; i++) {
		char name[24];
		snprintf(name, sizeof(name), "banner%d", i);
		dump_rect(out, name, l->banners[i], ",");
	}
	dump_rect(out, "banner_pager", l->banner_pager, ",");
}

int display_app_dump_layout(const display_options_t *o, int w, int h, FILE *out)
{
	board_t *b = xcalloc(1, sizeof(*b));
	display_layout_t *l = xcalloc(1, sizeof(*l));
	const char *id = NULL;
	double mm = display_mm_per_px(w, h);
	/* (without --layout: the layout a --display that names one, else the wall's) */
	const char *layout = o->layout             ? o->layout
			     : o->display_id && display_app_layout_valid(o->display_id) ? o->display_id
											  : "wall";
	int counter = layout_of(layout, &id) == 1, now_cap, cell_cap, n_ban;

	if (fetch_board(o->server, b) < 0) {
		fprintf(stderr, "antre-display: antred at %s does not answer\n", o->server);
		free(b);
		free(l);
		return -1;
	}
	board_banners_for(b, counter ? id : NULL);
	n_ban = display_view_banners(b, ui_app_wall_ms(), NULL, 0);
	if (counter)
		display_layout_counter(w, h, n_ban, display_number_em(b->prefixes, b->number_width), l);
	else
		display_layout_wall(w, h, display_view_open_counters(b), b->n_services, n_ban,
				    display_number_em(b->prefixes, b->number_width), l);
	now_cap = display_cap_px(l->now_px);
	cell_cap = display_cap_px(l->cell_px);
	fprintf(out, "{\n  \"layout\": \"%s\", \"w\": %d, \"h\": %d, \"mm_per_px\": %.4f,\n",
		counter ? "counter" : "wall", w, h, mm);
	fprintf(out, "  \"now_px\": %d, \"now_cap_px\": %d, \"now_cap_mm\": %.1f, "
		"\"now_deg_at_10m\": %.3f,\n", l->now_px, now_cap, now_cap * mm,
		display_visual_deg(now_cap * mm, DISPLAY_FAR_MM));
	fprintf(out, "  \"cell_px\": %d, \"cell_cap_px\": %d, \"cell_cap_mm\": %.1f, "
		"\"cell_deg_at_5m\": %.3f, \"cells_per_page\": %d, \"pages\": %d,\n",
		l->cell_px, cell_cap, cell_cap * mm, display_visual_deg(cell_cap * mm, DISPLAY_NEAR_MM),
		l->n_cells, l->n_pages);
	dump_banners(out, b, l);
	dump_rect(out, "offline", l->offline, ",");
	dump_rect(out, "now", l->now, ",");
	dump_rect(out, "now_number", l->now_number, ",");
	dump_rect(out, "now_counter", l->now_counter, ",");
	dump_rect(out, "grid", l->grid, ",");
	dump_rect(out, "pager", l->pager, "");
	fprintf(out, "}\n");
	free(b);
	free(l);
	return 0;
}
