/* antre-print: print a ticket, preview it as PNG, or ask a printer for its status.
 *   antre-print --printer URI (--demo | --ticket-json FILE) [--preview PNG] [--width 58|80]
 *   antre-print --printer URI --status
 * Exit: 0 done (or ready), 1 the printer failed (or is not ready), 2 usage. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"
#include "render.h"
#include "ticket_json.h"
#include "xmalloc.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: antre-print --printer URI (--demo | --ticket-json FILE) [--preview PNG] "
		   "[--width 58|80]\n"
		   "       antre-print --printer URI --status\n"
		   "       antre-print (--demo | --ticket-json FILE) --preview PNG [--width 58|80]\n"
		   "printers: cups:QUEUE ipp://HOST:PORT/PATH usb:auto usb:VID:PID file:PATH "
		   "png:DIR\n"
		   "--ticket-json takes a ticket as the API returns it, or {\"ticket\":…, "
		   "\"office\":…}\n");
}

static int load_ticket(const char *path, antre_print_ticket_t *t)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr), *ticket, *office;
	char err[256];
	int rc;

	if (doc == NULL) {
		fprintf(stderr, "antre-print: %s:%d: %s\n", path, jerr.line, jerr.text);
		return -1;
	}
	ticket = json_object_get(doc, "ticket") ? json_object_get(doc, "ticket") : doc;
	office = json_object_get(doc, "office");
	rc = antre_print_ticket_from_json(ticket, office, t, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "antre-print: %s: %s\n", path, err);
	json_decref(doc);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "printer", required_argument, NULL, 'p' },
		{ "demo", no_argument, NULL, 'd' },
		{ "ticket-json", required_argument, NULL, 't' },
		{ "preview", required_argument, NULL, 'P' },
		{ "status", no_argument, NULL, 's' },
		{ "width", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *uri = NULL, *json_path = NULL, *preview = NULL;
	int demo = 0, status_only = 0, width = 80, opt, rc = 1;
	antre_print_ticket_t ticket;
	antre_printer_status_t st;
	antre_printer_t *p = NULL;
	char err[300];

	while ((opt = getopt_long(argc, argv, "p:dt:P:sw:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': uri = optarg; break;
		case 'd': demo = 1; break;
		case 't': json_path = optarg; break;
		case 'P': preview = optarg; break;
		case 's': status_only = 1; break;
		case 'w': width = atoi(optarg); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || (width != 58 && width != 80) ||
	    (status_only ? (uri == NULL || demo || json_path || preview)
			 : (demo == (json_path != NULL) || (uri == NULL && preview == NULL)))) {
		usage(stderr);
		return 2;
	}
	if (uri && (p = antre_printer_open(uri, err, sizeof(err))) == NULL) {
		fprintf(stderr, "antre-print: %s\n", err);
		return 2;
	}
	if (status_only) {
		rc = antre_printer_status(p, &st) == 0 && st.state == ANTRE_PRINTER_READY ? 0 : 1;
		printf("%s: %s\n", antre_printer_state_name(st.state), st.message);
		goto out;
	}
	if (demo)
		antre_print_demo_ticket(&ticket);
	else if (load_ticket(json_path, &ticket) < 0)
		goto out;
	if (preview) {
		antre_print_layout_t *l = xcalloc(1, sizeof(*l));
		antre_image_t img = { 0 };
		antre_print_layout(&ticket, width, l);
		if (antre_print_render(l, &img, err, sizeof(err)) < 0 ||
		    antre_image_write_png(&img, preview, err, sizeof(err)) < 0) {
			fprintf(stderr, "antre-print: %s\n", err);
			antre_image_free(&img);
			free(l);
			goto out;
		}
		antre_image_free(&img);
		free(l);
	}
	rc = 0;
	if (p) {
		rc = antre_printer_print_ticket(p, &ticket, width, &st) == 0 ? 0 : 1;
		fprintf(rc ? stderr : stdout, "%s%s: %s\n", rc ? "antre-print: " : "",
			antre_printer_state_name(st.state), st.message);
	}
out:
	antre_printer_close(p);
	return rc;
}
