/* antre-print: print a ticket, preview it as PNG, or ask a printer for its status.
 *   antre-print --printer URI (--demo | --ticket-json FILE) [--preview PNG] [--width 58|80]
 *               [--config INI | --server URL]
 *   antre-print --printer URI --status
 * A --ticket-json ticket takes the office's header, service names and footer from
 * --config (the office ini) or --server (GET /api/v1/office), or from an "office"
 * member of the file; without any, it prints ids (and says so).
 * Exit: 0 done (or ready), 1 the printer failed (or is not ready), 2 usage. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "config.h"
#include "number.h"
#include "printer.h"
#include "render.h"
#include "ticket_json.h"
#include "xmalloc.h"

static void usage(FILE *f)
{
	char printers[256];

	antre_printer_uri_help(printers, sizeof(printers));
	fprintf(f, "usage: antre-print --printer URI (--demo | --ticket-json FILE) [--preview PNG] "
		   "[--width 58|80]\n"
		   "       antre-print --printer URI --status\n"
		   "       antre-print (--demo | --ticket-json FILE) --preview PNG [--width 58|80]\n"
		   "printers: %s\n"
		   "--ticket-json takes a ticket as the API returns it, or {\"ticket\":…, "
		   "\"office\":…}; --config INI or --server URL give the office's names and "
		   "footer\n", printers);
}

/* --width: the paper, 58 or 80 mm; anything else is refused, not rounded. */
static int parse_width(const char *arg, int *width)
{
	static const int widths[] = { 58, 80 };

	if (antre_parse_int_of(arg, widths, 2, width) == 0)
		return 0;
	fprintf(stderr, "antre-print: --width takes 58 or 80 (mm), not '%s'\n", arg);
	return -1;
}

/* The office as GET /api/v1/office shows it, from the ini (the parts a ticket uses). */
static json_t *office_from_config(const char *path)
{
	antre_config_t *cfg = xcalloc(1, sizeof(*cfg));   /* large: not on the stack */
	json_t *o = NULL, *a;
	char err[512];

	if (antre_config_load(path, cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "antre-print: %s\n", err);
		free(cfg);
		return NULL;
	}
	o = json_pack("{s:s, s:s, s:s, s:s}", "name", cfg->name, "name_en", cfg->name_en,
		      "ticket_footer", cfg->ticket_footer, "ticket_footer_en", cfg->ticket_footer_en);
	a = json_array();
	for (int s = 0; s < cfg->n_services; s++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "id", cfg->services[s].id,
						   "name", cfg->services[s].name, "name_en",
						   cfg->services[s].name_en));
	json_object_set_new(o, "services", a);
	a = json_array();
	for (int j = 0; j < cfg->n_journeys; j++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "id", cfg->journeys[j].id,
						   "name", cfg->journeys[j].name, "name_en",
						   cfg->journeys[j].name_en));
	json_object_set_new(o, "journeys", a);
	free(cfg);
	return o;
}

/* GET URL/api/v1/office; NULL (said on stderr) when it cannot be had. */
static json_t *office_from_server(const char *url)
{
	antre_client_t *c = antre_client_create(url, NULL, 5000);
	char *body = NULL;
	json_t *o = NULL;
	int status = c ? antre_client_request(c, "GET", "/api/v1/office", NULL, &body) : -1;

	if (status == 200)
		o = json_loads(body, 0, NULL);
	if (o == NULL)
		fprintf(stderr, "antre-print: cannot get the office from %s/api/v1/office: %s\n", url,
			status == 200 ? "the answer is not JSON"
				      : status < 0 ? (body ? body : "unreachable") : "not 200");
	free(body);
	antre_client_destroy(c);
	return o;
}

static int load_ticket(const char *path, json_t *office, antre_print_ticket_t *t)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr), *ticket;
	char err[256];
	int rc;

	if (doc == NULL) {
		fprintf(stderr, "antre-print: %s:%d: %s\n", path, jerr.line, jerr.text);
		return -1;
	}
	ticket = json_object_get(doc, "ticket") ? json_object_get(doc, "ticket") : doc;
	if (office == NULL)
		office = json_object_get(doc, "office");
	if (office == NULL)
		fprintf(stderr, "antre-print: %s: names are unknown (no --config, --server or "
			"\"office\"): printing ids\n", path);
	rc = antre_print_ticket_from_json(ticket, office, t, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "antre-print: %s: %s\n", path, err);
	json_decref(doc);
	return rc;
}

typedef struct {
	const char *uri, *json_path, *preview, *config, *server;
	int demo, status_only, width;
} print_opts_t;

/* The options, checked together. Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, print_opts_t *o)
{
	static const struct option opts[] = {
		{ "printer", required_argument, NULL, 'p' },
		{ "demo", no_argument, NULL, 'd' },
		{ "ticket-json", required_argument, NULL, 't' },
		{ "preview", required_argument, NULL, 'P' },
		{ "status", no_argument, NULL, 's' },
		{ "width", required_argument, NULL, 'w' },
		{ "config", required_argument, NULL, 'c' },
		{ "server", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "p:dt:P:sw:c:S:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': o->uri = optarg; break;
		case 'd': o->demo = 1; break;
		case 't': o->json_path = optarg; break;
		case 'P': o->preview = optarg; break;
		case 's': o->status_only = 1; break;
		case 'c': o->config = optarg; break;
		case 'S': o->server = optarg; break;
		case 'w':
			if (parse_width(optarg, &o->width) < 0)
				return 2;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || (o->config && o->server) ||
	    ((o->config || o->server) && o->json_path == NULL) ||
	    (o->status_only ? (o->uri == NULL || o->demo || o->json_path || o->preview)
			    : (o->demo == (o->json_path != NULL) ||
			       (o->uri == NULL && o->preview == NULL)))) {
		usage(stderr);
		return 2;
	}
	return -1;
}

/* Render the ticket as it would print and save it as a PNG; 0 or -1 (said on stderr). */
static int write_preview(const antre_print_ticket_t *ticket, int width, const char *path)
{
	antre_print_layout_t *l = xcalloc(1, sizeof(*l));   /* ~30 KB: not on the stack */
	antre_image_t img = { 0 };
	char err[300];
	int rc = 0;

	antre_print_layout(ticket, width, l);
	if (antre_print_render(l, &img, err, sizeof(err)) < 0 ||
	    antre_image_write_png(&img, path, err, sizeof(err)) < 0) {
		fprintf(stderr, "antre-print: %s\n", err);
		rc = -1;
	}
	antre_image_free(&img);
	free(l);
	return rc;
}

int main(int argc, char **argv)
{
	print_opts_t o = { NULL, NULL, NULL, NULL, NULL, 0, 0, 80 };
	antre_print_ticket_t ticket;
	json_t *office = NULL;
	antre_printer_status_t st;
	antre_printer_t *p = NULL;
	char err[300];
	int rc = parse_options(argc, argv, &o);

	if (rc >= 0)
		return rc;
	if (o.uri)
		p = antre_printer_open(o.uri, err, sizeof(err));
	if (o.uri && p == NULL) {
		fprintf(stderr, "antre-print: %s\n", err);
		return 2;
	}
	rc = 1;
	if (o.status_only) {
		rc = antre_printer_status(p, &st) == 0 && st.state == ANTRE_PRINTER_READY ? 0 : 1;
		printf("%s: %s\n", antre_printer_state_name(st.state), st.message);
		goto out;
	}
	if (o.config && (office = office_from_config(o.config)) == NULL)
		goto out;
	if (o.server && (office = office_from_server(o.server)) == NULL)
		goto out;
	if (o.demo)
		antre_print_demo_ticket(&ticket);
	else if (load_ticket(o.json_path, office, &ticket) < 0)
		goto out;
	if (o.preview && write_preview(&ticket, o.width, o.preview) < 0)
		goto out;
	rc = 0;
	if (p) {
		rc = antre_printer_print_ticket(p, &ticket, o.width, &st) == 0 ? 0 : 1;
		fprintf(rc ? stderr : stdout, "%s%s: %s\n", rc ? "antre-print: " : "",
			antre_printer_state_name(st.state), st.message);
	}
out:
	json_decref(office);
	antre_printer_close(p);
	return rc;
}
