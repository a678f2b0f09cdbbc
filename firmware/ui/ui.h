/* Text and boxes on SDL screens, shared by the kiosk and the displays (SDL2_ttf with
 * Debian's DejaVu and Noto fonts). */
#ifndef ANTRE_UI_H
#define ANTRE_UI_H

#include <SDL.h>
#include <stddef.h>

typedef struct ui ui_t;

enum { UI_LEFT, UI_CENTER, UI_RIGHT };

/* Fonts are found at create time; err says which package is missing when none is. */
ui_t *ui_create(SDL_Renderer *r, char *err, size_t errcap);
void ui_destroy(ui_t *u);

/* The renderer the text goes to. */
SDL_Renderer *ui_renderer(const ui_t *u);
/* The whole picture in one colour (the start of a frame). */
void ui_clear(ui_t *u, SDL_Color c);
void ui_fill(ui_t *u, SDL_Rect r, SDL_Color c);
/* A border t pixels thick inside r. */
void ui_frame(ui_t *u, SDL_Rect r, SDL_Color c, int t);
/* text drawn inside box: wrapped to at most max_lines (≤ 4), starting at px and shrunk
 * until every word fits; align is UI_LEFT, UI_CENTER or UI_RIGHT; vertically centred. */
void ui_text(ui_t *u, const char *text, SDL_Rect box, int px, int bold, SDL_Color c, int align,
	     int max_lines);
/* What the last ui_text drew: the font size it was shrunk to (0: nothing drawn) and,
 * in *drawn, the box its lines' pixels cover (for layouts that report the truth). */
int ui_text_drawn(const ui_t *u, SDL_Rect *drawn);
/* text split into at most max_lines lines of width at px; returns the count. */
int ui_wrap(ui_t *u, const char *text, int px, int bold, int width, char lines[][256],
	    int max_lines);
/* The renderer's current picture (w×h) as a PNG file. 0, or -1 with err. */
int ui_snapshot(SDL_Renderer *r, int w, int h, const char *path, char *err, size_t errcap);

#endif
