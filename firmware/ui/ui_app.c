/* The SDL program shell: window, renderer, the wait-draw-present loop, snapshots and
 * the test seam, shared by antre-kiosk and antre-display. */
#include "ui_app.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "number.h"
#include "ui.h"
#include "xmalloc.h"

#define MAX_SIDE 16384

struct ui_app {
	ui_app_options_t o;
	SDL_Window *win;
	SDL_Renderer *ren;
	ui_t *ui;
	int w, h;
	int running, status, dirty;
};

/* SIGUSR1: save the picture now (with --snapshot), e.g. to check a screen in place */
static volatile sig_atomic_t snapshot_wanted;

static void on_usr1(int sig)
{
	(void)sig;
	snapshot_wanted = 1;
}

static double mono_exact_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int64_t ui_app_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t ui_app_wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ui_app_options_init(ui_app_options_t *o, const char *title)
{
	memset(o, 0, sizeof(*o));
	o->title = title;
	o->w = 1920;
	o->h = 1080;
	o->fullscreen = 1;
}

/* "WxH", each side a checked number. */
static int parse_size(const char *s, int *w, int *h)
{
	char side[16];
	const char *x = strchr(s, 'x');
	if (x == NULL || (size_t)(x - s) >= sizeof(side))
		return -1;
	memcpy(side, s, (size_t)(x - s));
	side[x - s] = '\0';
	return antre_parse_int(side, 320, MAX_SIDE, w) == 0 &&
			       antre_parse_int(x + 1, 240, MAX_SIDE, h) == 0
		       ? 0
		       : -1;
}

int ui_app_option(ui_app_options_t *o, int opt, const char *arg)
{
	switch (opt) {
	case UI_OPT_SIZE:
		if (parse_size(arg, &o->w, &o->h) < 0) {
			fprintf(stderr, "%s: --size %s: give WIDTHxHEIGHT, at least 320x240\n",
				o->title, arg);
			return -1;
		}
		o->fullscreen = 0;
		return 1;
	case UI_OPT_SNAPSHOT: o->snapshot = arg; return 1;
	case UI_OPT_QUIT_AFTER:
		if (antre_parse_int(arg, 0, INT32_MAX, &o->quit_after_ms) < 0) {
			fprintf(stderr, "%s: --quit-after-ms %s: give a number of milliseconds\n",
				o->title, arg);
			return -1;
		}
		return 1;
	case UI_OPT_TRACE: o->trace_frames = 1; return 1;
	case UI_OPT_INPUT: o->test_input = 1; return 1;
	default: return 0;
	}
}

/* "tap X Y" into *x, *y (checked numbers). 0, or -1. */
static int parse_tap(char *line, int *x, int *y)
{
	char *save = NULL, *word = strtok_r(line, " \n", &save);
	char *xs = strtok_r(NULL, " \n", &save), *ys = strtok_r(NULL, " \n", &save);
	if (word == NULL || strcmp(word, "tap") != 0 || strtok_r(NULL, " \n", &save) != NULL)
		return -1;
	return antre_parse_int(xs, 0, MAX_SIDE, x) == 0 && antre_parse_int(ys, 0, MAX_SIDE, y) == 0
		       ? 0
		       : -1;
}

/* The test seam's reader runs while this is set; ui_app_destroy clears it before SDL
 * goes, so a line read late pushes nothing into a closed event queue. */
static SDL_atomic_t test_input_open;

/* The test seam's reader: stdin lines become SDL events (SDL_PushEvent is thread-safe).
 * A line is one whole word ("expose", "quit") or "tap X Y"; anything else is skipped. */
static int test_input_main(void *unused)
{
	char line[128];
	(void)unused;
	while (SDL_AtomicGet(&test_input_open) && fgets(line, sizeof(line), stdin)) {
		SDL_Event e;
		int x, y;
		line[strcspn(line, "\n")] = '\0';
		SDL_zero(e);
		if (strcmp(line, "expose") == 0) {
			e.type = SDL_WINDOWEVENT;
			e.window.event = SDL_WINDOWEVENT_EXPOSED;
		} else if (strcmp(line, "quit") == 0) {
			e.type = SDL_QUIT;
		} else if (parse_tap(line, &x, &y) == 0) {
			e.type = SDL_MOUSEBUTTONUP;
			e.button.button = SDL_BUTTON_LEFT;
			e.button.x = x;
			e.button.y = y;
		} else {
			continue;
		}
		if (SDL_AtomicGet(&test_input_open))
			SDL_PushEvent(&e);
	}
	return 0;
}

/* Fullscreen on the real output: a borderless window of the desktop's size at 0,0 (what
 * a kiosk box with no window manager shows as it is), fullscreen from its creation for a
 * window manager that keeps panels on top. Made fullscreen only once mapped, the window
 * was unmapped and mapped again by SDL on a bare X server, and under load was sometimes
 * left off the screen (ui_fullscreen: no visible window). The layout is computed for
 * *w x *h. */
static SDL_Window *create_fullscreen(const char *title, int *w, int *h)
{
	SDL_DisplayMode mode;
	SDL_Window *win;

	if (SDL_GetDesktopDisplayMode(0, &mode) < 0 || mode.w < 320 || mode.h < 240) {
		mode.w = 1920;
		mode.h = 1080;
	}
	win = SDL_CreateWindow(title, 0, 0, mode.w, mode.h,
			       SDL_WINDOW_BORDERLESS | SDL_WINDOW_FULLSCREEN_DESKTOP);
	if (win == NULL)
		return NULL;
	*w = mode.w;
	*h = mode.h;
	return win;
}

ui_app_t *ui_app_create(const ui_app_options_t *o, char *err, size_t errcap)
{
	ui_app_t *a = xcalloc(1, sizeof(*a));
	a->o = *o;
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
		snprintf(err, errcap, "SDL: %s", SDL_GetError());
		free(a);
		return NULL;
	}
	if (o->fullscreen)
		a->win = create_fullscreen(o->title, &a->w, &a->h);
	else
		a->win = SDL_CreateWindow(o->title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
					  o->w, o->h, 0);
	if (a->win) {
		if (!o->fullscreen)
			SDL_GetWindowSize(a->win, &a->w, &a->h);
		a->ren = SDL_CreateRenderer(a->win, -1, 0);
		if (a->ren == NULL)
			a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
	}
	if (a->ren == NULL) {
		snprintf(err, errcap, "SDL window: %s", SDL_GetError());
		ui_app_destroy(a);
		return NULL;
	}
	a->ui = ui_create(a->ren, err, errcap);
	if (a->ui == NULL) {
		ui_app_destroy(a);
		return NULL;
	}
	if (o->fullscreen) {
		SDL_ShowCursor(SDL_DISABLE);
		SDL_DisableScreenSaver();   /* a kiosk or a TV never blanks */
	}
	signal(SIGUSR1, on_usr1);
	if (o->test_input) {
		SDL_Thread *reader;
		SDL_AtomicSet(&test_input_open, 1);
		reader = SDL_CreateThread(test_input_main, "test-input", NULL);
		if (reader == NULL) {
			snprintf(err, errcap, "--test-input: no reader thread: %s", SDL_GetError());
			ui_app_destroy(a);
			return NULL;
		}
		SDL_DetachThread(reader);   /* it may sit in fgets until the process ends */
	}
	return a;
}

void ui_app_destroy(ui_app_t *a)
{
	if (a == NULL)
		return;
	SDL_AtomicSet(&test_input_open, 0);
	ui_destroy(a->ui);
	if (a->ren)
		SDL_DestroyRenderer(a->ren);
	if (a->win)
		SDL_DestroyWindow(a->win);
	SDL_Quit();
	free(a);
}

ui_t *ui_app_ui(const ui_app_t *a)
{
	return a->ui;
}

void ui_app_size(const ui_app_t *a, int *w, int *h)
{
	*w = a->w;
	*h = a->h;
}

int ui_app_fullscreen(const ui_app_t *a)
{
	return a->o.fullscreen;
}

void ui_app_quit(ui_app_t *a, int status)
{
	a->running = 0;
	if (status > a->status)
		a->status = status;
}

/* The picture as it is now, into --snapshot. */
static int snapshot(ui_app_t *a, const ui_app_parts_t *p, void *ctx)
{
	char err[256];
	p->draw(ctx, ui_app_now_ms());
	if (ui_snapshot(a->ren, a->w, a->h, a->o.snapshot, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: snapshot failed: %s\n", a->o.title, err);
		return -1;
	}
	fprintf(stderr, "%s: snapshot %s\n", a->o.title, a->o.snapshot);
	return 0;
}

static void draw_and_present(ui_app_t *a, const ui_app_parts_t *p, void *ctx, int64_t now)
{
	char label[256] = "";
	double t0 = mono_exact_ms(), at;
	p->draw(ctx, now);
	SDL_RenderPresent(a->ren);
	at = mono_exact_ms();
	p->presented(ctx, at, label, sizeof(label));
	if (a->o.trace_frames) {
		printf("frame %.3f %.3f %s\n", at, at - t0, label);
		fflush(stdout);
	}
	a->dirty = 0;
}

/* The shell's own events; the rest go to the app. */
static void dispatch(ui_app_t *a, const ui_app_parts_t *p, void *ctx, const SDL_Event *e)
{
	if (e->type == SDL_QUIT ||
	    (e->type == SDL_KEYUP && e->key.keysym.sym == SDLK_ESCAPE && !a->o.fullscreen))
		a->running = 0;
	else if (e->type == SDL_WINDOWEVENT)
		a->dirty = 1;
	else
		p->event(ctx, e, ui_app_now_ms());
}

static void wait_and_dispatch(ui_app_t *a, const ui_app_parts_t *p, void *ctx, int wait_ms)
{
	SDL_Event e;
	if (p->wait) {
		p->wait(ctx, wait_ms);
		while (SDL_PollEvent(&e))
			dispatch(a, p, ctx, &e);
	} else if (SDL_WaitEventTimeout(&e, wait_ms)) {
		do
			dispatch(a, p, ctx, &e);
		while (SDL_PollEvent(&e));
	}
}

int ui_app_run(ui_app_t *a, const ui_app_parts_t *p, void *ctx)
{
	int64_t start = ui_app_now_ms();
	a->running = 1;
	a->dirty = 1;
	while (a->running) {
		int64_t now = ui_app_now_ms();
		int wait_ms = UI_APP_PUMP_MS;
		if (p->frame(ctx, now, &wait_ms) || a->dirty)
			draw_and_present(a, p, ctx, now);
		if (a->o.quit_after_ms > 0 && now - start >= a->o.quit_after_ms)
			a->running = 0;
		if (!a->running)
			break;
		if (snapshot_wanted && a->o.snapshot) {
			snapshot_wanted = 0;
			snapshot(a, p, ctx);
		}
		wait_and_dispatch(a, p, ctx, wait_ms);
	}
	if (a->o.snapshot && a->status == 0 && snapshot(a, p, ctx) < 0)
		a->status = 1;
	return a->status;
}
