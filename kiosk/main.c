/* antre-kiosk: the touchscreen where applicants take a ticket.
 *   antre-kiosk --server URL --token T|--token-file F [--printer URI] [--size WxH] [--lang id|en]
 *               [--paper 58|80] [--large-text] [--speech] [--dump-layout]
 *               [--snapshot PNG --quit-after-ms N] [--show SCREEN]  (snapshots, layouts)
 *               [--trace-frames] [--test-input]                           (test seam)
 * The printer and the paper come from the kiosk's [kiosk ID] section in antred's config
 * (GET /api/v1/devices/self, found by the token) unless --printer / --paper say otherwise.
 * Fullscreen with the cursor hidden unless --size is given. Options and wiring only:
 * the loop is firmware/ui/ui_app.c, the kiosk's parts are kiosk_app.c. */
#include <SDL.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "kiosk_app.h"
#include "number.h"
#include "printer.h"
#include "xmalloc.h"

typedef struct {
	const char *server, *token, *printer_uri, *show;
	char *token_owned;
	char printer_own[512];   /* the printer of the kiosk's section, when not given */
	int paper_mm, dump_layout;
	kiosk_defaults_t defaults;
	ui_app_options_t ui;
} options_t;

static void usage(FILE *f)
{
	fprintf(f, "usage: antre-kiosk --server URL (--token T | --token-file F) [--printer URI]\n"
		   "         [--lang id|en] [--paper 58|80] [--large-text] [--speech]\n"
		   "         [--dump-layout] [--show SCREEN]\n"
		   "         " UI_APP_USAGE "\n"
		   "  --printer, --paper   override the printer and paper of this kiosk's\n"
		   "                       [kiosk ID] section in antred's config\n"
		   "  --trace-frames, --test-input   the test seam the benchmark drives (ui_app.h)\n");
}

/* One option of the kiosk's own; 0, or -1 after a message. */
static int kiosk_option(options_t *o, int opt, const char *arg)
{
	static const int papers[] = { 58, 80 };
	char err[600];
	switch (opt) {
	case 's': o->server = arg; return 0;
	case 't': o->token = arg; return 0;
	case 'f':
		free(o->token_owned);
		o->token = o->token_owned = antre_client_read_token(arg, err, sizeof(err));
		if (o->token == NULL)
			fprintf(stderr, "antre-kiosk: %s\n", err);
		return o->token ? 0 : -1;
	case 'p': o->printer_uri = arg; return 0;
	case 'l': o->defaults.lang = strcmp(arg, "en") == 0 ? KIOSK_LANG_EN : KIOSK_LANG_ID; return 0;
	case 'L': o->defaults.large_text = 1; return 0;
	case 'S': o->defaults.speech = 1; return 0;
	case 'P':
		if (antre_parse_int_of(arg, papers, 2, &o->paper_mm) == 0)
			return 0;
		fprintf(stderr, "antre-kiosk: --paper %s: the paper is 58 or 80 (mm wide)\n", arg);
		return -1;
	case 'd': o->dump_layout = 1; return 0;
	case 'w':
		for (int i = 0; kiosk_app_screens[i]; i++)
			if (strcmp(arg, kiosk_app_screens[i]) == 0) {
				o->show = arg;
				return 0;
			}
		fprintf(stderr, "antre-kiosk: --show %s: not a screen (", arg);
		for (int i = 0; kiosk_app_screens[i]; i++)
			fprintf(stderr, "%s%s", i ? ", " : "", kiosk_app_screens[i]);
		fprintf(stderr, ")\n");
		return -1;
	case 'h': usage(stdout); exit(0);
	default: usage(stderr); return -1;
	}
}

/* 0, or 2 (the exit status) after a message. */
static int parse(int argc, char **argv, options_t *o)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' }, { "token", required_argument, NULL, 't' },
		{ "token-file", required_argument, NULL, 'f' }, { "printer", required_argument, NULL, 'p' },
		{ "lang", required_argument, NULL, 'l' }, { "paper", required_argument, NULL, 'P' },
		{ "dump-layout", no_argument, NULL, 'd' }, { "large-text", no_argument, NULL, 'L' },
		{ "speech", no_argument, NULL, 'S' }, { "show", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' }, UI_APP_LONG_OPTIONS, { NULL, 0, NULL, 0 },
	};
	int opt, taken;
	memset(o, 0, sizeof(*o));   /* paper_mm 0: not given, the section's or 80 */
	ui_app_options_init(&o->ui, "antre-kiosk");
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		taken = ui_app_option(&o->ui, opt, optarg);
		if (taken < 0 || (taken == 0 && kiosk_option(o, opt, optarg) < 0))
			return 2;
	}
	if (o->server == NULL || optind != argc ||
	    (!o->dump_layout && o->token == NULL && o->show == NULL)) {
		usage(stderr);
		return 2;
	}
	return 0;
}

/* --dump-layout: the screen's controls and texts (home, or --show's) as JSON on stdout,
 * with the live waiting figures when antred answers. */
static void dump_layout(const kiosk_office_t *office, const options_t *o)
{
	kiosk_app_t *app = kiosk_app_create(NULL, office, &o->defaults, 1);
	antre_client_t *client = antre_client_create(o->server, NULL, 5000);
	char *body = NULL, *s;
	json_t *state, *a;
	if (antre_client_request(client, "GET", "/api/v1/state", NULL, &body) == 200 &&
	    (state = json_loads(body, 0, NULL)) != NULL) {
		kiosk_app_on_counts_json(app, state);
		json_decref(state);
	}
	free(body);
	antre_client_destroy(client);
	if (o->show)
		kiosk_app_show(app, o->show);
	a = kiosk_app_layout_json(app, o->ui.w, o->ui.h);
	s = json_dumps(a, JSON_INDENT(1));
	puts(s);
	free(s);
	json_decref(a);
	kiosk_app_destroy(app);
}

/* The printer and paper of this kiosk's [kiosk ID] section, for what the command line
 * left out. Without --printer, antred not up yet (a kiosk box often boots first) is
 * waited for, and a section with no printer is refused with a sentence; with it, only
 * the paper is asked for, once. 0, or the exit status. */
static int learn_device(options_t *o)
{
	const int wait = o->printer_uri == NULL;
	antre_client_t *client = antre_client_create(o->server, o->token, 5000);
	char *body = NULL;
	json_t *self = NULL;
	const char *printer;
	int status, said = 0;

	while ((status = antre_client_request(client, "GET", "/api/v1/devices/self", NULL,
					      &body)) <= 0 || status >= 500) {
		if (!wait) {
			free(body);
			antre_client_destroy(client);
			return 0;
		}
		if (!said++)
			fprintf(stderr, "antre-kiosk: waiting for antred at %s to learn this "
				"kiosk's printer (or give --printer)\n", o->server);
		free(body);
		body = NULL;
		SDL_Delay(2000);
	}
	if (status == 200)
		self = json_loads(body, 0, NULL);
	free(body);
	antre_client_destroy(client);
	if (self == NULL && !wait)
		return 0;
	if (self == NULL) {
		fprintf(stderr, "antre-kiosk: antred at %s did not tell this kiosk its section "
			"(HTTP %d): is the token a kiosk's? Give --printer to print anyway\n",
			o->server, status);
		return 2;
	}
	printer = json_string_value(json_object_get(self, "printer"));
	if (o->printer_uri == NULL && (printer == NULL || printer[0] == '\0')) {
		fprintf(stderr, "antre-kiosk: [kiosk %s] in antred's config has no printer = "
			"line, and --printer was not given\n",
			json_string_value(json_object_get(self, "id")));
		json_decref(self);
		return 2;
	}
	if (o->printer_uri == NULL) {
		snprintf(o->printer_own, sizeof(o->printer_own), "%s", printer);
		o->printer_uri = o->printer_own;
	}
	if (o->paper_mm == 0)
		o->paper_mm = (int)json_integer_value(json_object_get(self, "paper_mm"));
	json_decref(self);
	return 0;
}

int main(int argc, char **argv)
{
	options_t o;
	kiosk_office_t *office = xcalloc(1, sizeof(*office));
	char *office_text = NULL, err[256];
	antre_printer_t *printer = NULL;
	kiosk_worker_t *worker = NULL;
	antre_client_t *stream_client = NULL;
	antre_sse_t *stream = NULL;
	ui_app_t *ui = NULL;
	kiosk_app_t *app = NULL;
	kiosk_speech_t *speech = NULL;
	int rc = parse(argc, argv, &o), fetched;

	if (rc == 0 && o.token && !o.dump_layout && !o.show &&
	    (o.printer_uri == NULL || o.paper_mm == 0))
		rc = learn_device(&o);
	if (o.paper_mm != 58)
		o.paper_mm = 80;
	if (rc != 0)
		goto out;
	fetched = kiosk_office_fetch(o.server, o.token, office, &office_text);
	if (o.dump_layout) {
		if (fetched < 0)
			fprintf(stderr, "antre-kiosk: cannot read the office from %s\n", o.server);
		else
			dump_layout(office, &o);
		rc = fetched < 0 ? 3 : 0;
		goto out;
	}
	if (o.printer_uri && (printer = antre_printer_open(o.printer_uri, err, sizeof(err))) == NULL) {
		fprintf(stderr, "antre-kiosk: %s\n", err);
		rc = 2;
		goto out;
	}
	ui = ui_app_create(&o.ui, err, sizeof(err));
	if (ui == NULL) {
		fprintf(stderr, "antre-kiosk: %s\n", err);
		rc = 1;
		goto out;
	}
	app = kiosk_app_create(ui, office, &o.defaults, fetched != -1);
	if (printer)
		worker = kiosk_worker_start(o.server, o.token, printer, o.paper_mm, office_text,
					    kiosk_app_on_result, NULL);
	kiosk_app_set_worker(app, worker);
	/* the speech mode (--speech, F1, 's' or its button) says numbers on its own thread */
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0)
		fprintf(stderr, "antre-kiosk: no audio (%s); the speech mode is silent\n",
			SDL_GetError());
	else
		speech = kiosk_speech_start();
	kiosk_app_set_speech(app, speech);
	if (o.show)
		kiosk_app_show(app, o.show);
	stream_client = antre_client_create(o.server, NULL, 5000);
	if (!o.show)
		stream = antre_sse_start(o.server, -1, kiosk_app_on_stream, NULL, stream_client);
	rc = ui_app_run(ui, &kiosk_app_parts, app);
out:
	antre_sse_stop(stream);
	antre_client_destroy(stream_client);
	kiosk_worker_stop(worker);
	kiosk_speech_stop(speech);
	antre_printer_close(printer);
	kiosk_app_destroy(app);
	ui_app_destroy(ui);
	free(office_text);
	free(office);
	free(o.token_owned);
	return rc;
}
