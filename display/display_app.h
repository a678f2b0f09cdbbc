/* The wall or counter display as an app of the shared SDL shell (firmware/ui/ui_app.h):
 * the office, the board fed by the event stream, the announcer, and the layout drawn
 * when something changed (a call, the minute, a flash or marquee step). */
#ifndef ANTRE_DISPLAY_APP_H
#define ANTRE_DISPLAY_APP_H

#include <stdio.h>

#include "ui_app.h"

typedef struct {
	const char *server;
	const char *layout;       /* "wall" or "counter:ID" (display_app_layout_valid), or
				   * NULL: the [display ID] section's, else "wall" */
	const char *display_id;   /* the office's [display ID] (layout, phrases, audio) or,
				   * when the office has no such section, a layout; or NULL */
	int audio;                /* announcements on (SDL audio is initialised) */
} display_options_t;

typedef struct display_app display_app_t;

/* 1 when layout is one of the display's ("wall", "counter:ID"). */
int display_app_layout_valid(const char *layout);

/* A display that has not fetched the office yet. o's strings must outlive it. */
display_app_t *display_app_create(const display_options_t *o);
void display_app_destroy(display_app_t *d);
/* Fetch the office; on success the board, the announcer and the stream start.
 * 0; -1 when antred does not answer (the loop tries again every 2 s); -2 when the
 * office has no such counter, or no such display that is no layout either (a message
 * is printed). */
int display_app_load(display_app_t *d);
/* Draw on ui's window from now on. */
void display_app_attach(display_app_t *d, ui_app_t *ui);
/* --dump-layout: the office's and the state's board laid out at w×h (the wall, or
 * the counter screen), as JSON on out with the figures of display_layout.h (cap heights
 * in px and mm, their visual angles), one rectangle [x, y, w, h] a line. 0, or -1 with a
 * message when antred does not answer. */
int display_app_dump_layout(const display_options_t *o, int w, int h, FILE *out);
/* The parts for ui_app_run (ctx: the display_app_t). */
extern const ui_app_parts_t display_app_parts;

#endif
