/* antre: the counter command line. Talks to antred's HTTP API.
 * Exit codes: 0 ok, 1 refused by the server (its message on stderr), 2 usage,
 * 3 server unreachable. */
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "xmalloc.h"

enum { EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_UNREACHABLE = 3 };

static int json_out;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: antre [--server URL] [--token T | --token-file F] [--json] COMMAND\n"
		"commands:\n"
		"  state                          services and counters now\n"
		"  issue SERVICE [--priority]     take a ticket (kiosk or admin token)\n"
		"  issue --journey J [--priority]\n"
		"  call-next|recall|start|finish|no-show|open|pause|close COUNTER\n"
		"  transfer COUNTER SERVICE       send the held ticket to another service\n"
		"  call COUNTER NUMBER            call a number (e.g. a returning no-show)\n"
		"  cancel TICKET_ID [--reason R]\n"
		"  tail [--from SEQ]              live events, one line each\n"
		"  report [--date YYYY-MM-DD] [--csv]\n"
		"The server defaults to $ANTRE_SERVER or http://127.0.0.1:8080, the token to\n"
		"$ANTRE_TOKEN.\n");
}

static char *read_token_file(const char *path)
{
	char err[600];
	char *token = antre_client_read_token(path, err, sizeof(err));
	if (token == NULL) {
		fprintf(stderr, "antre: %s\n", err);
		exit(EXIT_USAGE);
	}
	return token;
}

/* Turn an answer into an exit code; print the server's message on refusal. */
static int check(int status, const char *body)
{
	if (status == ANTRE_CLIENT_UNREACHABLE) {
		fprintf(stderr, "antre: %s\n", body);
		return EXIT_UNREACHABLE;
	}
	if (status >= 400) {
		json_t *e = json_loads(body, 0, NULL);
		const char *msg = json_string_value(json_object_get(e, "message"));
		fprintf(stderr, "antre: %s (HTTP %d)\n", msg ? msg : body, status);
		json_decref(e);
		return EXIT_REFUSED;
	}
	return 0;
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "-";
}

static void print_wait(int seconds)
{
	if (seconds < 60)
		printf("under a minute");
	else
		printf("about %d min", (seconds + 59) / 60);
}

static int cmd_state(antre_client_t *c)
{
	char *body = NULL;
	int status = antre_client_request(c, "GET", "/api/v1/state", NULL, &body), rc;
	json_t *st, *v;
	size_t i;

	rc = check(status, body);
	if (rc || json_out) {
		if (!rc)
			puts(body);
		free(body);
		return rc;
	}
	st = json_loads(body, 0, NULL);
	printf("%s   event %lld\n\n", str(st, "day"),
	       (long long)json_integer_value(json_object_get(st, "seq")));
	printf("%-12s %-7s %s\n", "SERVICE", "WAITING", "EST. WAIT");
	json_array_foreach(json_object_get(st, "services"), i, v) {
		long long waiting = json_integer_value(json_object_get(v, "waiting"));
		printf("%-12s %7lld   ", str(v, "id"), waiting);
		if (waiting > 0)
			print_wait((int)json_integer_value(json_object_get(v, "est_wait_s")));
		else
			printf("-");
		printf("\n");
	}
	printf("\n%-8s %-16s %-7s %-8s %s\n", "COUNTER", "NAME", "STATE", "TICKET", "");
	json_array_foreach(json_object_get(st, "counters"), i, v) {
		json_t *t = json_object_get(v, "ticket");
		printf("%-8s %-16s %-7s %-8s %s\n", str(v, "id"), str(v, "name"), str(v, "state"),
		       json_is_object(t) ? str(t, "number") : "-",
		       json_is_object(t) ? str(t, "state") : "");
	}
	json_decref(st);
	free(body);
	return 0;
}

static void print_ticket_line(json_t *t)
{
	printf("%s  %s", str(t, "number"), str(t, "service_name"));
	if (strcmp(str(t, "state"), "waiting") == 0) {
		printf("  (%lld ahead, ", (long long)json_integer_value(json_object_get(t, "ahead")));
		print_wait((int)json_integer_value(json_object_get(t, "est_wait_s")));
		printf(")");
	} else {
		printf("  [%s]", str(t, "state"));
	}
	printf("\n");
}

static int post_and_show(antre_client_t *c, const char *path, const char *body_json,
			 const char *counter)
{
	char *body = NULL;
	int status = antre_client_request(c, "POST", path, body_json, &body);
	int rc = check(status, body);
	json_t *o, *t;

	if (rc) {
		free(body);
		return rc;
	}
	if (status == 204) {
		if (json_out)
			puts("{\"counter\":null,\"ticket\":null}");
		else
			printf("counter %s: nobody is waiting\n", counter ? counter : "");
		free(body);
		return 0;
	}
	if (json_out) {
		puts(body);
		free(body);
		return 0;
	}
	o = json_loads(body, 0, NULL);
	t = counter ? json_object_get(o, "ticket") : o;
	if (counter) {
		json_t *ct = json_object_get(o, "counter");
		printf("%s (%s): ", str(ct, "name"), str(ct, "state"));
		if (json_is_object(t))
			print_ticket_line(t);
		else
			printf("no ticket\n");
	} else {
		print_ticket_line(t);
	}
	json_decref(o);
	free(body);
	return 0;
}

static void on_tail_event(void *ctx, int64_t id, const char *event, const char *data)
{
	json_t *d = json_loads(data, 0, NULL), *t, *c;
	const char *at;
	(void)ctx;
	if (json_out) {
		printf("{\"id\":%lld,\"event\":\"%s\",\"data\":%s}\n", (long long)id, event, data);
		fflush(stdout);
		json_decref(d);
		return;
	}
	if (strcmp(event, "snapshot") == 0) {
		printf("%-8s #%-6lld snapshot of %s\n", "", (long long)id, str(d, "day"));
		fflush(stdout);
		json_decref(d);
		return;
	}
	t = json_object_get(d, "ticket");
	c = json_object_get(d, "counter");
	at = str(d, "at");
	printf("%.8s #%-6lld %-19s %-6s %-10s %s\n", strlen(at) >= 19 ? at + 11 : at, (long long)id,
	       event, json_is_object(t) ? str(t, "number") : "",
	       json_is_object(c) ? str(c, "name") : "",
	       json_is_object(t) ? str(t, "service") : "");
	fflush(stdout);
	json_decref(d);
}

static void on_tail_link(void *ctx, int connected)
{
	(void)ctx;
	fprintf(stderr, connected ? "antre: connected\n" : "antre: link lost, reconnecting\n");
}

static int cmd_tail(const char *server, long long from)
{
	sigset_t set;
	int sig;
	antre_sse_t *s;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	s = antre_sse_start(server, from, on_tail_event, on_tail_link, NULL);
	sigwait(&set, &sig);
	antre_sse_stop(s);
	return 0;
}

static int cmd_report(antre_client_t *c, const char *date, int csv)
{
	char path[128], *body = NULL;
	int status, rc;
	json_t *r, *v;
	size_t i;

	snprintf(path, sizeof(path), "/api/v1/reports/daily?%s%s%s", date ? "date=" : "",
		 date ? date : "", csv ? (date ? "&format=csv" : "format=csv") : "");
	status = antre_client_request(c, "GET", path, NULL, &body);
	rc = check(status, body);
	if (rc || csv || json_out) {
		if (!rc)
			fputs(body, stdout);
		if (!rc && !csv)
			putchar('\n');
		free(body);
		return rc;
	}
	r = json_loads(body, 0, NULL);
	printf("report for %s\n\n%-12s %6s %6s %7s %9s %8s %8s %8s %8s\n", str(r, "date"), "SERVICE",
	       "ISSUED", "SERVED", "NO-SHOW", "CANCELLED", "WAIT p50", "WAIT p90", "WAIT MAX",
	       "SERVICE");
	json_array_foreach(json_object_get(r, "services"), i, v) {
		printf("%-12s %6lld %6lld %7lld %9lld %7llds %7llds %7llds %7llds\n", str(v, "id"),
		       (long long)json_integer_value(json_object_get(v, "issued")),
		       (long long)json_integer_value(json_object_get(v, "served")),
		       (long long)json_integer_value(json_object_get(v, "no_show")),
		       (long long)json_integer_value(json_object_get(v, "cancelled")),
		       (long long)json_integer_value(json_object_get(v, "wait_p50_s")),
		       (long long)json_integer_value(json_object_get(v, "wait_p90_s")),
		       (long long)json_integer_value(json_object_get(v, "wait_max_s")),
		       (long long)json_integer_value(json_object_get(v, "service_mean_s")));
	}
	json_array_foreach(json_object_get(r, "journeys"), i, v)
		printf("\njourney %s: %lld issued, %lld completed\n", str(v, "id"),
		       (long long)json_integer_value(json_object_get(v, "issued")),
		       (long long)json_integer_value(json_object_get(v, "completed")));
	json_decref(r);
	free(body);
	return 0;
}

/* A JSON object with one string member, escaped properly. */
static char *one_field(const char *key, const char *value)
{
	json_t *o = json_pack("{s:s}", key, value);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

typedef struct {
	const char *server;
	char *token;
	const char *journey, *reason, *date;
	long long from;
	int priority, csv;
} cli_opts_t;

/* Apply one parsed option; -1 means stop (usage shown). */
static int take_option(int opt, cli_opts_t *o)
{
	switch (opt) {
	case 's': o->server = optarg; break;
	case 't': free(o->token); o->token = xstrdup(optarg); break;
	case 'f': free(o->token); o->token = read_token_file(optarg); break;
	case 'j': json_out = 1; break;
	case 'J': o->journey = optarg; break;
	case 'p': o->priority = 1; break;
	case 'r': o->reason = optarg; break;
	case 'F': o->from = atoll(optarg); break;
	case 'd': o->date = optarg; break;
	case 'c': o->csv = 1; break;
	case 'h': usage(stdout); return -1;
	default: usage(stderr); return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "token", required_argument, NULL, 't' },
		{ "token-file", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "journey", required_argument, NULL, 'J' },
		{ "priority", no_argument, NULL, 'p' },
		{ "reason", required_argument, NULL, 'r' },
		{ "from", required_argument, NULL, 'F' },
		{ "date", required_argument, NULL, 'd' },
		{ "csv", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	cli_opts_t o = { getenv("ANTRE_SERVER"), NULL, NULL, NULL, NULL, -1, 0, 0 };
	char path[256], *body_json = NULL;
	int opt, rc = EXIT_USAGE;
	antre_client_t *c;
	const char *cmd;

	if (o.server == NULL)
		o.server = "http://127.0.0.1:8080";
	if (getenv("ANTRE_TOKEN"))
		o.token = xstrdup(getenv("ANTRE_TOKEN"));
	/* Global options, then the command, then its own options (in any order). */
	while ((opt = getopt_long(argc, argv, "+s:t:f:jh", opts, NULL)) != -1)
		if (take_option(opt, &o) < 0)
			return opt == 'h' ? 0 : EXIT_USAGE;
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind];
	/* Rescan what follows the command as its own argv (GNU getopt restarts at
	 * optind = 0 and moves the positional arguments to the end). */
	argv[optind] = argv[0];
	argc -= optind;
	argv += optind;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "s:t:f:jh", opts, NULL)) != -1)
		if (take_option(opt, &o) < 0)
			return opt == 'h' ? 0 : EXIT_USAGE;
	c = antre_client_create(o.server, o.token, 10000);
	argc -= optind;
	argv += optind;

	if (strcmp(cmd, "state") == 0 && argc == 0) {
		rc = cmd_state(c);
	} else if (strcmp(cmd, "issue") == 0 && (argc == 1) != (o.journey != NULL)) {
		json_t *req = json_pack("{s:s, s:b}", o.journey ? "journey" : "service",
					o.journey ? o.journey : argv[0], "priority", o.priority);
		body_json = json_dumps(req, JSON_COMPACT);
		json_decref(req);
		rc = post_and_show(c, "/api/v1/tickets", body_json, NULL);
	} else if (strcmp(cmd, "cancel") == 0 && argc == 1) {
		body_json = o.reason ? one_field("reason", o.reason) : NULL;
		snprintf(path, sizeof(path), "/api/v1/tickets/%s/cancel", argv[0]);
		rc = post_and_show(c, path, body_json, NULL);
	} else if ((strcmp(cmd, "transfer") == 0 || strcmp(cmd, "call") == 0) && argc == 2) {
		body_json = one_field(strcmp(cmd, "call") == 0 ? "number" : "service", argv[1]);
		snprintf(path, sizeof(path), "/api/v1/counters/%s/%s", argv[0], cmd);
		rc = post_and_show(c, path, body_json, argv[0]);
	} else if (argc == 1 && (strcmp(cmd, "call-next") == 0 || strcmp(cmd, "recall") == 0 ||
				 strcmp(cmd, "start") == 0 || strcmp(cmd, "finish") == 0 ||
				 strcmp(cmd, "no-show") == 0 || strcmp(cmd, "open") == 0 ||
				 strcmp(cmd, "pause") == 0 || strcmp(cmd, "close") == 0)) {
		snprintf(path, sizeof(path), "/api/v1/counters/%s/%s", argv[0], cmd);
		rc = post_and_show(c, path, NULL, argv[0]);
	} else if (strcmp(cmd, "tail") == 0 && argc == 0) {
		rc = cmd_tail(o.server, o.from);
	} else if (strcmp(cmd, "report") == 0 && argc == 0) {
		rc = cmd_report(c, o.date, o.csv);
	} else {
		usage(stderr);
	}
	free(body_json);
	free(o.token);
	antre_client_destroy(c);
	return rc;
}
