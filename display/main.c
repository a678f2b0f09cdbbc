/* antre-display: the wall display of a waiting room, or the small screen above a desk.
 *   antre-display --server URL [--layout wall|counter:ID] [--size WxH] [--no-audio]
 *                 [--display ID] [--snapshot PNG --quit-after-ms N]
 * Draws only when something changed (a call, the minute, a flash or marquee step);
 * SIGUSR1 (or quitting) saves the picture to the --snapshot file;
 * fullscreen with the cursor hidden unless --size is given. */
#include <SDL.h>
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "board.h"
#include "client.h"
#include "clock.h"
#include "feed.h"
#include "display_layout.h"
#include "player.h"
#include "ui.h"
#include "display_view.h"
#include "xmalloc.h"

#define FLASH_STEP_MS 500
#define MARQUEE_PAGE_MS 8000
#define PUMP_MS 250        /* how often window events are looked at when nothing happens */
#define MAX_UNLOGGED 512

/* SIGUSR1: save the picture now (with --snapshot), e.g. to check it while offline */
static volatile sig_atomic_t snapshot_wanted;

static void on_usr1(int sig)
{
	(void)sig;
	snapshot_wanted = 1;
}

static const char DEFAULT_ANNOUNCE[] = "Nomor antrian, {number}, silakan menuju {counter}";

typedef struct {
	const char *server, *layout, *snapshot, *display_id;
	int w, h, fullscreen, audio, quit_after_ms, trace_frames;
} options_t;

typedef struct {
	board_t board;
	int loaded;                        /* the office is known */
	char counter_id[32];               /* --layout counter:ID */
	board_call_t unlogged[MAX_UNLOGGED];   /* calls applied, not yet on a presented frame */
	int n_unlogged;
	player_t *player;
	feed_t *feed;
} display_t;

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double mono_ms_exact(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: antre-display --server URL [--layout wall|counter:ID] [--size WxH]\n"
		   "         [--no-audio] [--display ID] [--snapshot PNG --quit-after-ms N]\n"
		   "  --display ID   which [display ID] of the office's config gives the\n"
		   "                 announcement phrases (default: the first with this layout)\n");
}

static int parse(int argc, char **argv, options_t *o)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' }, { "layout", required_argument, NULL, 'l' },
		{ "size", required_argument, NULL, 'z' }, { "no-audio", no_argument, NULL, 'n' },
		{ "display", required_argument, NULL, 'd' },
		{ "snapshot", required_argument, NULL, 'S' },
		{ "quit-after-ms", required_argument, NULL, 'q' },
		{ "trace-frames", no_argument, NULL, 'T' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	memset(o, 0, sizeof(*o));
	o->w = 1920;
	o->h = 1080;
	o->fullscreen = 1;
	o->audio = 1;
	o->layout = "wall";
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 's': o->server = optarg; break;
		case 'l': o->layout = optarg; break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &o->w, &o->h) != 2 || o->w < 320 || o->h < 240)
				return -1;
			o->fullscreen = 0;
			break;
		case 'n': o->audio = 0; break;
		case 'd': o->display_id = optarg; break;
		case 'S': o->snapshot = optarg; break;
		case 'q': o->quit_after_ms = atoi(optarg); break;
		case 'T': o->trace_frames = 1; break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (o->server == NULL || optind != argc)
		return -1;
	if (strcmp(o->layout, "wall") != 0 && strncmp(o->layout, "counter:", 8) != 0)
		return -1;
	return 0;
}

/* The office's [display] entry for this screen: --display ID, else the first with the
 * same layout, else the first. */
static json_t *display_config(json_t *office, const options_t *o)
{
	json_t *list = json_object_get(office, "displays"), *d, *same = NULL;
	size_t i;
	json_array_foreach(list, i, d) {
		const char *id = json_string_value(json_object_get(d, "id"));
		const char *layout = json_string_value(json_object_get(d, "layout"));
		if (o->display_id && id && strcmp(id, o->display_id) == 0)
			return d;
		if (same == NULL && layout && strcmp(layout, o->layout) == 0)
			same = d;
	}
	return same ? same : json_array_get(list, 0);
}

/* Fetch the office; on success the board, the announcer and the stream start. */
static int load_office(display_t *d, antre_client_t *client, const options_t *o)
{
	char *text = NULL, err[160];
	json_t *office = NULL, *cfg;
	const char *tmpl, *tmpl_en;
	int rc = -1;

	if (antre_client_request(client, "GET", "/api/v1/office", NULL, &text) == 200)
		office = json_loads(text, 0, NULL);
	free(text);
	if (office == NULL)
		return -1;
	board_init(&d->board, office);
	if (json_is_string(json_object_get(office, "timezone")))
		antre_clock_set_timezone(json_string_value(json_object_get(office, "timezone")));
	if (d->counter_id[0]) {
		int found = 0;
		for (int i = 0; i < d->board.n_counters; i++)
			found |= strcmp(d->board.counters[i].id, d->counter_id) == 0;
		if (!found) {
			fprintf(stderr, "antre-display: the office has no counter '%s'\n", d->counter_id);
			rc = -2;
			goto out;
		}
	}
	cfg = display_config(office, o);
	tmpl = json_string_value(json_object_get(cfg, "announce"));
	tmpl_en = json_string_value(json_object_get(cfg, "announce_en"));
	if (o->audio && (cfg == NULL || json_is_true(json_object_get(cfg, "audio")))) {
		d->player = player_start(tmpl && tmpl[0] ? tmpl : DEFAULT_ANNOUNCE,
					 tmpl_en ? tmpl_en : "", err, sizeof(err));
		if (d->player == NULL)
			fprintf(stderr, "antre-display: %s; announcements are silent\n", err);
	}
	d->feed = feed_start(o->server);
	d->loaded = 1;
	rc = 0;
out:
	json_decref(office);
	return rc;
}

/* Apply what the feed brought; returns 1 if the picture changed. */
static int apply(display_t *d, feed_msg_t *msgs, int64_t now)
{
	int changed = 0;
	for (feed_msg_t *m = msgs; m; m = m->next) {
		json_t *data = m->data ? json_loads(m->data, 0, NULL) : NULL;
		board_call_t call;
		changed = 1;
		if (m->kind == FEED_LINK) {
			d->board.online = m->connected;
			fprintf(stderr, "antre-display: %s\n", m->connected ? "online" : "offline");
		} else if (m->kind == FEED_STATE && data) {
			board_waiting(&d->board, data);
		} else if (m->kind == FEED_EVENT && data && strcmp(m->type, "snapshot") == 0) {
			board_snapshot(&d->board, data);
		} else if (m->kind == FEED_EVENT && data &&
			   board_event(&d->board, m->type, data, now, &call) == 1) {
			player_call(d->player, &call);
			if (d->n_unlogged < MAX_UNLOGGED)
				d->unlogged[d->n_unlogged++] = call;
		}
		json_decref(data);
	}
	return changed;
}

/* After a frame is on the glass: one log line per call it shows for the first time. */
static void log_shown(display_t *d, const options_t *o)
{
	double at = mono_ms_exact();
	for (int i = 0; i < d->n_unlogged; i++) {
		const board_call_t *c = &d->unlogged[i];
		fprintf(stderr, "antre-display: shown %s at %s (seq %lld%s)\n", c->number,
			c->counter_name, c->seq, c->recall ? ", recall" : "");
		if (o->trace_frames)
			printf("frame %s %s %.3f\n", c->number, c->counter, at);
	}
	if (o->trace_frames)
		fflush(stdout);
	d->n_unlogged = 0;
}

/* The flash phase, and when the picture next changes by itself. */
static int flash_phase(const board_t *b, int64_t now, int64_t *next)
{
	int64_t left = b->flash_until_ms - now;
	if (left <= 0)
		return 0;
	if (left % FLASH_STEP_MS + 1 < *next)
		*next = left % FLASH_STEP_MS + 1;
	return (left / FLASH_STEP_MS) % 2 == 1 || left > BOARD_FLASH_MS - FLASH_STEP_MS;
}

static int draw(display_view_t *view, display_t *d, int w, int h, const display_frame_t *f)
{
	display_layout_t l;
	if (d->counter_id[0]) {
		display_layout_counter(w, h, &l);
		display_view_counter(view, &d->board, &l, d->counter_id, f);
		return 1;
	}
	display_layout_wall(w, h, display_view_open_counters(&d->board), d->board.n_services, &l);
	return display_view_wall(view, &d->board, &l, f);
}

int main(int argc, char **argv)
{
	options_t o;
	display_t *d = xcalloc(1, sizeof(*d));
	antre_client_t *client = NULL;
	SDL_Window *win = NULL;
	SDL_Renderer *ren = NULL;
	display_view_t *view = NULL;
	display_frame_t shown = { -1, -1, -1 };
	int64_t start, next_try = 0;
	int running = 1, rc = 0, dirty = 1, n_pages = 1;
	char err[256];

	if (parse(argc, argv, &o) < 0) {
		usage(stderr);
		free(d);
		return 2;
	}
	if (strncmp(o.layout, "counter:", 8) == 0)
		snprintf(d->counter_id, sizeof(d->counter_id), "%s", o.layout + 8);
	snprintf(d->board.office, sizeof(d->board.office), "antre");
	if (o.audio && SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
		fprintf(stderr, "antre-display: no audio (%s); announcements are silent\n",
			SDL_GetError());
		o.audio = 0;
	}
	/* A wrong counter is refused before any window opens; an antred not up yet is
	 * waited for on screen. */
	client = antre_client_create(o.server, NULL, 1500);
	switch (load_office(d, client, &o)) {
	case -2:
		rc = 2;
		goto out;
	case -1:
		fprintf(stderr, "antre-display: waiting for antred at %s\n", o.server);
		break;
	}
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
		fprintf(stderr, "antre-display: SDL: %s\n", SDL_GetError());
		rc = 1;
		goto out;
	}
	win = SDL_CreateWindow("antre-display", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o.w,
			       o.h, o.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
	if (win) {
		SDL_GetWindowSize(win, &o.w, &o.h);
		ren = SDL_CreateRenderer(win, -1, 0);
		if (ren == NULL)
			ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
	}
	view = ren ? display_view_create(ren, err, sizeof(err)) : NULL;
	if (view == NULL) {
		fprintf(stderr, "antre-display: %s\n", ren ? err : SDL_GetError());
		rc = 1;
		goto out;
	}
	if (o.fullscreen)
		SDL_ShowCursor(SDL_DISABLE);
	signal(SIGUSR1, on_usr1);
	start = mono_ms();
	next_try = d->loaded ? 0 : start + 2000;

	while (running) {
		int64_t now = mono_ms(), next = PUMP_MS;
		int64_t wall = wall_ms();
		display_frame_t f;
		feed_msg_t *msgs = NULL;
		SDL_Event e;

		if (!d->loaded && now >= next_try) {
			int loaded = load_office(d, client, &o);
			if (loaded == -2) {
				rc = 2;
				break;
			}
			next_try = now + 2000;
			dirty = 1;
		}
		if (d->feed) {
			msgs = feed_wait(d->feed, dirty ? 0 : (int)next);
			now = mono_ms();
			dirty |= apply(d, msgs, now);
			feed_msg_free(msgs);
		} else {
			SDL_Delay(dirty ? 0 : 100);
		}
		while (SDL_PollEvent(&e)) {
			if (e.type == SDL_QUIT ||
			    (e.type == SDL_KEYUP && e.key.keysym.sym == SDLK_ESCAPE && !o.fullscreen))
				running = 0;
			else if (e.type == SDL_WINDOWEVENT)
				dirty = 1;
		}
		/* what changes by itself: the flash, the clock's minute, the marquee page */
		wall = wall_ms();
		f.wall_ms = wall;
		f.flash_on = flash_phase(&d->board, now, &next);
		f.marquee_page = n_pages > 1 ? (int)((wall / MARQUEE_PAGE_MS) % n_pages) : 0;
		if (dirty || f.flash_on != shown.flash_on || f.marquee_page != shown.marquee_page ||
		    wall / 60000 != shown.wall_ms / 60000) {
			n_pages = draw(view, d, o.w, o.h, &f);
			SDL_RenderPresent(ren);
			log_shown(d, &o);
			shown = f;
			dirty = 0;
		}
		if (o.quit_after_ms > 0 && now - start >= o.quit_after_ms)
			running = 0;
		/* the picture as it is when asked for, and at the end */
		if (o.snapshot && (snapshot_wanted || !running)) {
			snapshot_wanted = 0;
			draw(view, d, o.w, o.h, &f);
			if (ui_snapshot(ren, o.w, o.h, o.snapshot, err, sizeof(err)) < 0) {
				fprintf(stderr, "antre-display: snapshot failed: %s\n", err);
				rc = 1;
			} else {
				fprintf(stderr, "antre-display: snapshot %s\n", o.snapshot);
			}
		}
	}
out:
	feed_stop(d->feed);
	player_stop(d->player);
	antre_client_destroy(client);
	display_view_destroy(view);
	if (ren)
		SDL_DestroyRenderer(ren);
	if (win)
		SDL_DestroyWindow(win);
	SDL_Quit();
	free(d);
	return rc;
}
