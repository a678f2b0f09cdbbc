/* The SDL program shell of the kiosk and the displays: the window (or fullscreen with
 * the cursor hidden), the renderer, the loop that waits for events and draws only when
 * the app asks, --snapshot and --quit-after-ms, SIGUSR1 for a snapshot now, and the
 * test seam the benchmarks drive the programs through (--trace-frames, --test-input).
 * An app plugs in a ui_app_parts_t; the shell owns SDL video from create to destroy. */
#ifndef ANTRE_UI_APP_H
#define ANTRE_UI_APP_H

#include <SDL.h>
#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include "ui.h"

#define UI_APP_PUMP_MS 250   /* the longest wait when nothing changes by itself */

typedef struct {
	const char *title;        /* window title and log prefix, e.g. "antre-kiosk" */
	int w, h, fullscreen;     /* fullscreen at the screen's size unless --size */
	const char *snapshot;     /* --snapshot PNG: the picture when the program ends */
	int quit_after_ms;        /* --quit-after-ms N (> 0): end after N ms */
	/* Test seam (documented in the programs' --help and in docs/):
	 * --trace-frames: after every presented frame one stdout line
	 *   "frame AT_MS DRAW_MS LABEL", AT_MS CLOCK_MONOTONIC (comparable across
	 *   processes), DRAW_MS the draw + present time, LABEL what the app says it shows;
	 * --test-input: stdin lines "tap X Y", "expose", "quit" become the SDL events a
	 *   mouse click, an uncovered window or a closed window give (for the dummy driver,
	 *   where nothing else can send them). The product loop sees only SDL events. */
	int trace_frames;
	int test_input;
} ui_app_options_t;

/* getopt_long entries for the shell's options (put them in the program's table) and
 * their values; ui_app_option takes them. */
enum { UI_OPT_SIZE = 0x1000, UI_OPT_SNAPSHOT, UI_OPT_QUIT_AFTER, UI_OPT_TRACE, UI_OPT_INPUT };
#define UI_APP_LONG_OPTIONS                                                           \
	{ "size", required_argument, NULL, UI_OPT_SIZE },                                 \
	{ "snapshot", required_argument, NULL, UI_OPT_SNAPSHOT },                         \
	{ "quit-after-ms", required_argument, NULL, UI_OPT_QUIT_AFTER },                  \
	{ "trace-frames", no_argument, NULL, UI_OPT_TRACE },                              \
	{ "test-input", no_argument, NULL, UI_OPT_INPUT }
/* One usage line for them. */
#define UI_APP_USAGE "[--size WxH] [--snapshot PNG --quit-after-ms N] [--trace-frames] [--test-input]"

void ui_app_options_init(ui_app_options_t *o, const char *title);
/* 1 when opt is one of the shell's and its value is good; 0 when it is not the shell's;
 * -1 when the value is bad (a one-line message naming the allowed values is printed). */
int ui_app_option(ui_app_options_t *o, int opt, const char *arg);

typedef struct ui_app ui_app_t;

/* What an app plugs into the loop; every callback runs on the loop's thread and gets
 * the ctx given to ui_app_run. */
typedef struct {
	/* An SDL event the shell does not take itself (it takes SDL_QUIT, Escape in a
	 * window, window events and the test seam's). */
	void (*event)(void *ctx, const SDL_Event *e, int64_t now_ms);
	/* Time passes (before every wait). Returns 1 when the picture must be drawn now;
	 * may lower *wait_ms (UI_APP_PUMP_MS on entry), the longest the shell then waits. */
	int (*frame)(void *ctx, int64_t now_ms, int *wait_ms);
	/* Draw the whole picture; the shell presents it. */
	void (*draw)(void *ctx, int64_t now_ms);
	/* After a present: what it shows, into label (for the trace; "" is fine). */
	void (*presented)(void *ctx, double at_ms, char *label, size_t cap);
	/* Optional: wait up to timeout_ms for the app's own input (the display's feed);
	 * SDL events are polled after it. NULL: the shell waits on SDL events. */
	void (*wait)(void *ctx, int timeout_ms);
} ui_app_parts_t;

/* Open the window, the renderer and the screen text on it (SDL video is initialised
 * here). NULL with err. */
ui_app_t *ui_app_create(const ui_app_options_t *o, char *err, size_t errcap);
/* Closes the window and quits SDL. */
void ui_app_destroy(ui_app_t *a);
/* The screen text on the window's renderer; valid until ui_app_destroy. */
ui_t *ui_app_ui(const ui_app_t *a);
/* The picture's size in pixels (the screen's when fullscreen). */
void ui_app_size(const ui_app_t *a, int *w, int *h);
int ui_app_fullscreen(const ui_app_t *a);
/* CLOCK_MONOTONIC in ms, the loop's clock. */
int64_t ui_app_now_ms(void);
/* Wall clock in ms (what the screens show). */
int64_t ui_app_wall_ms(void);

/* The loop, until the window closes, --quit-after-ms passes or ui_app_quit. Then, with
 * --snapshot and status 0, the picture is drawn once more and saved. Returns the
 * status given to ui_app_quit, else 0; 1 when the snapshot could not be written. */
int ui_app_run(ui_app_t *a, const ui_app_parts_t *p, void *ctx);
/* End the loop after this turn with exit status status (from a callback). */
void ui_app_quit(ui_app_t *a, int status);

#endif
