/* antre-display: the wall display of a waiting room, or the small screen above a desk.
 *   antre-display --server URL [--display ID] [--layout wall|counter:ID] [--size WxH]
 *                 [--no-audio] [--snapshot PNG --quit-after-ms N] [--dump-layout]
 *                 [--trace-frames] [--test-input]                     (test seam)
 * Draws only when something changed (a call, the minute, a flash or marquee step);
 * SIGUSR1 (or quitting) saves the picture to the --snapshot file;
 * fullscreen with the cursor hidden unless --size is given. Options and wiring only:
 * the loop is firmware/ui/ui_app.c, the display's parts are display_app.c. */
#include <SDL.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display_app.h"

typedef struct {
	display_options_t d;
	ui_app_options_t ui;
	int dump_layout;
} options_t;

static void usage(FILE *f)
{
	fprintf(f, "usage: antre-display --server URL [--layout wall|counter:ID] [--no-audio]\n"
		   "         [--display ID] " UI_APP_USAGE "\n"
		   "  --display ID   this screen's [display ID] in antred's config: its layout\n"
		   "                 (unless --layout), phrases and audio; with no such section\n"
		   "                 ID may be a layout (wall, counter:ID). Default: the first\n"
		   "                 section with this layout gives the phrases\n"
		   "  --dump-layout  print the layout at --size (default 1920x1080) with the\n"
		   "                 sizes of its numbers (px, mm on a 55\" panel, degrees) as\n"
		   "                 JSON, then exit\n"
		   "  --trace-frames, --test-input   the test seam the benchmark drives (ui_app.h)\n");
}

/* 0, or 2 (the exit status) after a message. */
static int parse(int argc, char **argv, options_t *o)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' }, { "layout", required_argument, NULL, 'l' },
		{ "no-audio", no_argument, NULL, 'n' }, { "display", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { "dump-layout", no_argument, NULL, 'D' },
		UI_APP_LONG_OPTIONS, { NULL, 0, NULL, 0 },
	};
	int opt, taken;
	memset(o, 0, sizeof(*o));
	o->d.audio = 1;   /* layout NULL: the --display section's, else wall */
	ui_app_options_init(&o->ui, "antre-display");
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		taken = ui_app_option(&o->ui, opt, optarg);
		if (taken < 0)
			return 2;
		switch (taken ? 0 : opt) {
		case 0: break;
		case 's': o->d.server = optarg; break;
		case 'l': o->d.layout = optarg; break;
		case 'n': o->d.audio = 0; break;
		case 'd': o->d.display_id = optarg; break;
		case 'D': o->dump_layout = 1; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return 2;
		}
	}
	if (o->d.server == NULL || optind != argc ||
	    (o->d.layout && !display_app_layout_valid(o->d.layout))) {
		usage(stderr);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	options_t o;
	display_app_t *d = NULL;
	ui_app_t *ui = NULL;
	char err[256];
	int rc = parse(argc, argv, &o);

	if (rc != 0)
		return rc;
	if (o.dump_layout)
		return display_app_dump_layout(&o.d, o.ui.w > 0 ? o.ui.w : 1920,
					       o.ui.h > 0 ? o.ui.h : 1080, stdout) == 0 ? 0 : 1;
	if (o.d.audio && SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
		fprintf(stderr, "antre-display: no audio (%s); announcements are silent\n",
			SDL_GetError());
		o.d.audio = 0;
	}
	/* A wrong counter is refused before any window opens; an antred not up yet is
	 * waited for on screen. */
	d = display_app_create(&o.d);
	switch (display_app_load(d)) {
	case -2:
		rc = 2;
		goto out;
	case -1:
		fprintf(stderr, "antre-display: waiting for antred at %s\n", o.d.server);
		break;
	}
	ui = ui_app_create(&o.ui, err, sizeof(err));
	if (ui == NULL) {
		fprintf(stderr, "antre-display: %s\n", err);
		rc = 1;
		goto out;
	}
	display_app_attach(d, ui);
	rc = ui_app_run(ui, &display_app_parts, d);
out:
	display_app_destroy(d);
	ui_app_destroy(ui);
	if (ui == NULL)
		SDL_Quit();
	return rc;
}
