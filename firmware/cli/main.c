/* antre: the counter command line. Talks to antred's HTTP API.
 * Commands come from one table (commands[] below) and, for the counter actions, from
 * ANTRE_ACTION_TABLE in protocol.h: a new action there is a new command here.
 * Exit codes: 0 ok, 1 refused by the server (its message on stderr), 2 usage,
 * 3 server unreachable. */
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "number.h"
#include "protocol.h"
#include "xmalloc.h"

enum { EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_UNREACHABLE = 3 };

static int json_out;   /* --json: answers printed as the server sent them */

typedef struct {
	const char *server;
	char *token;
	const char *journey, *reason, *date, *until, *printer;
	int64_t from;
	int priority, csv;
} cli_opts_t;

typedef struct cli cli_t;

/* A command: its words after the name for the usage, what it does, how many
 * arguments it takes, and what runs it. run returns the exit code, or -1 when the
 * arguments do not go together (the usage is shown). */
typedef struct {
	const char *name;
	const char *args;
	const char *help;
	int min_args, max_args;
	int (*run)(cli_t *cli, int argc, char **argv);
} cli_cmd_t;

struct cli {
	cli_opts_t o;
	cli_cmd_t cmd;
	antre_action_t action;         /* when cmd is a counter action */
	char action_usage[64];         /* its cmd.args */
	int argc;                      /* the command's arguments */
	char **argv;
	antre_client_t *client;
};

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

/* est_wait_s as antred gives it: null when no open counter serves the service. */
static void print_wait(const json_t *est)
{
	long long seconds = json_integer_value(est);

	if (!json_is_integer(est))
		printf("no counter open yet");
	else if (seconds < 60)
		printf("under a minute");
	else
		printf("about %lld min", (seconds + 59) / 60);
}

/* GET path. 0 with the answer in *doc when it is for the caller to lay out; otherwise
 * *doc is NULL and the answer is done with: printed as it came (--json, or csv text),
 * or refused (the exit code is returned). */
static int get_doc(antre_client_t *c, const char *path, int csv, json_t **doc)
{
	char *body = NULL;
	int status = antre_client_request(c, "GET", path, NULL, &body);   /* before body is read */
	int rc = check(status, body);

	*doc = NULL;
	if (rc == 0 && (csv || json_out))
		printf(csv ? "%s" : "%s\n", body);
	else if (rc == 0)
		*doc = json_loads(body, 0, NULL);
	free(body);
	return rc;
}

/* The devices of the state: each kiosk's printer and last contact, "gone" once it has
 * been silent longer than ANTRE_DEVICE_GONE_S (antred's own rule, its "alive"). */
static void print_devices(json_t *devices)
{
	size_t i;
	json_t *v;

	if (json_array_size(devices) == 0)
		return;
	printf("\n%-10s %-6s %-10s %-28s %s\n", "DEVICE", "KIND", "PRINTER", "LAST CONTACT",
	       "MESSAGE");
	json_array_foreach(devices, i, v) {
		json_t *age = json_object_get(v, "age_s");
		const char *seen = str(v, "last_seen"), *t = strchr(seen, 'T');
		char contact[64];
		int gone = !json_is_true(json_object_get(v, "alive")) ||
			   (json_is_integer(age) && json_integer_value(age) > (json_int_t)ANTRE_DEVICE_GONE_S);

		if (!json_is_integer(age))
			snprintf(contact, sizeof(contact), "never (no report yet)");
		else
			snprintf(contact, sizeof(contact), "%.8s, %llds ago%s", t ? t + 1 : seen,
				 (long long)json_integer_value(age), gone ? ", gone" : "");
		printf("%-10s %-6s %-10s %-28s %s\n", str(v, "id"), str(v, "kind"),
		       json_is_string(json_object_get(v, "printer")) ? str(v, "printer") : "-",
		       contact, str(v, "message"));
	}
}

static int cmd_state(cli_t *cli, int argc, char **argv)
{
	json_t *st, *v;
	size_t i;
	int rc = get_doc(cli->client, "/api/v1/state", 0, &st);
	(void)argc, (void)argv;

	if (st == NULL)
		return rc;
	printf("%s   event %lld\n\n", str(st, "day"),
	       (long long)json_integer_value(json_object_get(st, "seq")));
	printf("%-12s %-7s %s\n", "SERVICE", "WAITING", "EST. WAIT");
	json_array_foreach(json_object_get(st, "services"), i, v) {
		long long waiting = json_integer_value(json_object_get(v, "waiting"));
		printf("%-12s %7lld   ", str(v, "id"), waiting);
		if (waiting > 0)
			print_wait(json_object_get(v, "est_wait_s"));
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
	print_devices(json_object_get(st, "devices"));
	json_decref(st);
	return 0;
}

static void print_ticket_line(json_t *t)
{
	printf("%s  %s", str(t, "number"), str(t, "service_name"));
	if (strcmp(str(t, "state"), antre_ticket_state_name(ANTRE_TS_WAITING)) == 0) {
		printf("  (%lld ahead, ", (long long)json_integer_value(json_object_get(t, "ahead")));
		print_wait(json_object_get(t, "est_wait_s"));
		printf(")");
	} else {
		printf("  [%s]", str(t, "state"));
	}
	printf("\n");
}

/* Print an answer that was not refused: a counter's (counter set) or a ticket's. */
static void show_answer(int status, const char *body, const char *counter)
{
	json_t *o, *t;

	if (status == 204) {
		if (json_out)
			puts("{\"counter\":null,\"ticket\":null}");
		else
			printf("counter %s: nobody is waiting\n", counter ? counter : "");
		return;
	}
	if (json_out) {
		puts(body);
		return;
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
}

static int post_and_show(antre_client_t *c, const char *path, const char *body_json,
			 const char *counter)
{
	char *body = NULL;
	int status = antre_client_request(c, "POST", path, body_json, &body);
	int rc = check(status, body);

	if (rc == 0)
		show_answer(status, body, counter);
	free(body);
	return rc;
}

static void on_tail_event(void *ctx, int64_t id, const char *event, const char *data)
{
	json_t *d = json_loads(data, 0, NULL), *t, *c, *sv;
	const char *at;
	char what[300];
	(void)ctx;
	if (json_out) {
		printf("{\"id\":%lld,\"event\":\"%s\",\"data\":%s}\n", (long long)id, event, data);
		fflush(stdout);
		json_decref(d);
		return;
	}
	if (strcmp(event, ANTRE_STREAM_SNAPSHOT) == 0) {
		printf("%-8s #%-6lld snapshot of %s\n", "", (long long)id, str(d, "day"));
		fflush(stdout);
		json_decref(d);
		return;
	}
	t = json_object_get(d, "ticket");
	c = json_object_get(d, "counter");
	sv = json_object_get(d, "service");   /* service.status: "IMIGRASI limited - why" */
	at = str(d, "at");
	if (json_is_object(sv))
		snprintf(what, sizeof(what), "%s %s%s%s", str(sv, "id"), str(sv, "status"),
			 str(sv, "reason")[0] ? " - " : "", str(sv, "reason"));
	else
		snprintf(what, sizeof(what), "%s", json_is_object(t) ? str(t, "service") : "");
	printf("%.8s #%-6lld %-19s %-6s %-10s %s\n", strlen(at) >= 19 ? at + 11 : at, (long long)id,
	       event, json_is_object(t) ? str(t, "number") : "",
	       json_is_object(c) ? str(c, "name") : "", what);
	fflush(stdout);
	json_decref(d);
}

static void on_tail_link(void *ctx, int connected)
{
	(void)ctx;
	fprintf(stderr, connected ? "antre: connected\n" : "antre: link lost, reconnecting\n");
}

static int cmd_tail(cli_t *cli, int argc, char **argv)
{
	sigset_t set;
	int sig;
	antre_sse_t *s;
	(void)argc, (void)argv;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	s = antre_sse_start(cli->o.server, cli->o.from, on_tail_event, on_tail_link, NULL);
	sigwait(&set, &sig);
	antre_sse_stop(s);
	return 0;
}

/* A figure of a report: an integer, or "–" when it does not exist (JSON null: e.g. the
 * wait of a service that called nobody). */
static const char *figure(json_t *o, const char *key, int seconds, char buf[24])
{
	json_t *v = json_object_get(o, key);
	long long n = json_integer_value(v);

	if (!json_is_integer(v))
		snprintf(buf, 24, "\u2013");
	else if (!seconds || n < 60)
		snprintf(buf, 24, seconds ? "%llds" : "%lld", n);
	else
		snprintf(buf, 24, "%lldm%02llds", n / 60, n % 60);
	return buf;
}

/* s right-aligned in width columns ("–" is one column and three bytes). */
static void cell(const char *s, int width)
{
	int cols = 0;
	for (const char *p = s; *p; p++)
		cols += ((unsigned char)*p & 0xc0) != 0x80;
	printf(" %*s%s", width > cols ? width - cols : 0, "", s);
}

/* One row: a name, then the figures of keys (durations: the keys ending in "_s"). */
static void report_row(json_t *v, const char *name, const char *const *keys,
		       const int *widths, int n)
{
	char buf[24];

	printf("%-12s", name);
	for (int k = 0; k < n; k++) {
		size_t len = strlen(keys[k]);
		cell(figure(v, keys[k], len > 2 && strcmp(keys[k] + len - 2, "_s") == 0, buf),
		     widths[k]);
	}
	printf("\n");
}

/* The services' table, with headers that say what each column counts. */
static void print_report_services(json_t *r)
{
	static const char *const keys[] = { "issued", "arrived", "served", "no_show",
					    "cancelled", "wait_p50_s", "wait_p90_s",
					    "wait_max_s", "service_mean_s" };
	static const int widths[] = { 9, 9, 13, 7, 9, 8, 8, 8, 8 };
	json_t *v;
	size_t i;

	printf("%-12s %9s %9s %13s %7s %9s %8s %8s %8s %8s\n", "", "issued at", "arrived",
	       "served", "no-show", "cancelled", "wait", "wait", "wait", "service");
	printf("%-12s %9s %9s %13s %7s %9s %8s %8s %8s %8s\n", "SERVICE", "kiosk", "(1)",
	       "(steps done)", "", "", "p50", "p90", "max", "mean");
	json_array_foreach(json_object_get(r, "services"), i, v)
		report_row(v, str(v, "id"), keys, widths, 9);
	printf("(1) arrived = issued at kiosk + journey steps that reached it + transfers in;\n"
	       "    served never exceeds it. Waits: ready -> first call; \u2013 = nobody called.\n");
}

/* Counters, journeys and hours under the services. */
static void print_report_rest(json_t *r)
{
	static const char *const ckeys[] = { "served", "service_mean_s" };
	static const char *const jkeys[] = { "issued", "completed" };
	static const char *const hkeys[] = { "arrivals", "calls", "wait_p50_s", "wait_p90_s" };
	static const int cw[] = { 13, 8 }, jw[] = { 9, 9 }, hw[] = { 9, 9, 8, 8 };
	json_t *v;
	size_t i;

	printf("\n%-12s %13s %8s\n%-12s %13s %8s\n", "", "served", "service", "COUNTER",
	       "(steps done)", "mean");
	json_array_foreach(json_object_get(r, "counters"), i, v)
		report_row(v, str(v, "id"), ckeys, cw, 2);
	printf("\n%-12s %9s %9s\n", "JOURNEY", "started", "completed");
	json_array_foreach(json_object_get(r, "journeys"), i, v)
		report_row(v, str(v, "id"), jkeys, jw, 2);
	printf("\n%-12s %9s %9s %8s %8s\n", "HOUR", "arrivals", "called", "wait p50",
	       "wait p90");
	json_array_foreach(json_object_get(r, "hours"), i, v)
		report_row(v, str(v, "hour"), hkeys, hw, 4);
}

/* A range's days, one line each: the day's totals over its services and journeys. */
static void print_report_days(json_t *r)
{
	json_t *day, *v;
	size_t i, k;

	if (json_array_size(json_object_get(r, "days")) == 0)
		return;
	printf("\n%-12s %9s %13s %7s %9s %9s\n%-12s %9s %13s %7s %9s %9s\n", "", "issued at",
	       "served", "", "", "journeys", "DAY", "kiosk", "(steps done)", "no-show",
	       "cancelled", "completed");
	json_array_foreach(json_object_get(r, "days"), i, day) {
		long long issued = 0, served = 0, no_show = 0, cancelled = 0, done = 0;
		json_array_foreach(json_object_get(day, "services"), k, v) {
			issued += json_integer_value(json_object_get(v, "issued"));
			served += json_integer_value(json_object_get(v, "served"));
			no_show += json_integer_value(json_object_get(v, "no_show"));
			cancelled += json_integer_value(json_object_get(v, "cancelled"));
		}
		json_array_foreach(json_object_get(day, "journeys"), k, v) {
			issued += json_integer_value(json_object_get(v, "started"));
			done += json_integer_value(json_object_get(v, "completed"));
		}
		printf("%-12s %9lld %13lld %7lld %9lld %9lld\n", str(day, "date"), issued, served,
		       no_show, cancelled, done);
	}
}

/* report [--date D [--until D]] [--csv]: one day (today by default) or a range. */
static int cmd_report(cli_t *cli, int argc, char **argv)
{
	const char *date = cli->o.date, *until = cli->o.until;
	char path[160];
	json_t *r;
	int rc;
	(void)argc, (void)argv;

	if (until && !date)
		return -1;   /* a range needs its first day */
	if (until)
		snprintf(path, sizeof(path), "/api/v1/reports/daily?from=%s&to=%s%s", date, until,
			 cli->o.csv ? "&format=csv" : "");
	else
		snprintf(path, sizeof(path), "/api/v1/reports/daily?%s%s%s", date ? "date=" : "",
			 date ? date : "", cli->o.csv ? (date ? "&format=csv" : "format=csv") : "");
	rc = get_doc(cli->client, path, cli->o.csv, &r);
	if (r == NULL)
		return rc;
	if (json_object_get(r, "to"))
		printf("report for %s to %s\n\n", str(r, "from"), str(r, "to"));
	else
		printf("report for %s\n\n", str(r, "date"));
	print_report_services(r);
	print_report_rest(r);
	print_report_days(r);
	json_decref(r);
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

static int cmd_issue(cli_t *cli, int argc, char **argv)
{
	const char *journey = cli->o.journey;
	json_t *req;
	char *body;
	int rc;

	if ((argc == 1) == (journey != NULL))
		return -1;   /* a service or --journey, not both */
	req = json_pack("{s:s, s:b}", journey ? "journey" : "service", journey ? journey : argv[0],
			"priority", cli->o.priority);
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	rc = post_and_show(cli->client, "/api/v1/tickets", body, NULL);
	free(body);
	return rc;
}

/* The ticket NUMBER names today ("a17" is A017), or TICKET_ID as given (an id is 16
 * hex digits or more, a number is shorter). 0 with *ticket, or the exit code. */
static int find_ticket(cli_t *cli, const char *arg, json_t **ticket)
{
	char path[128], *body = NULL;
	int rc;

	*ticket = NULL;
	for (const char *p = arg; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z'))) {
			fprintf(stderr, "antre: '%s' is neither a ticket number (A017) nor an id\n",
				arg);
			return EXIT_USAGE;
		}
	if (strlen(arg) >= 16)
		snprintf(path, sizeof(path), "/api/v1/tickets/%.64s", arg);
	else
		snprintf(path, sizeof(path), "/api/v1/tickets?number=%s", arg);
	rc = antre_client_request(cli->client, "GET", path, NULL, &body);
	rc = check(rc, body);
	if (rc == 0)
		*ticket = json_loads(body, 0, NULL);
	free(body);
	return rc;
}

/* cancel NUMBER|TICKET_ID [--reason R] (admin; a kiosk only its own unprinted one). */
static int cmd_cancel(cli_t *cli, int argc, char **argv)
{
	char path[256], *body = cli->o.reason ? one_field("reason", cli->o.reason) : NULL;
	json_t *t;
	int rc = find_ticket(cli, argv[0], &t);
	(void)argc;

	if (rc == 0) {
		snprintf(path, sizeof(path), "/api/v1/tickets/%s/cancel", str(t, "id"));
		rc = post_and_show(cli->client, path, body, NULL);
	}
	json_decref(t);
	free(body);
	return rc;
}

/* ticket NUMBER|TICKET_ID: the API's JSON of today's ticket, which
 * `antre-print --ticket-json FILE` prints again (the reprint by hand). */
static int cmd_ticket(cli_t *cli, int argc, char **argv)
{
	json_t *t;
	int rc = find_ticket(cli, argv[0], &t);
	(void)argc;

	if (rc == 0) {
		char *s = json_dumps(t, json_out ? JSON_COMPACT : JSON_INDENT(2));
		puts(s);
		free(s);
	}
	json_decref(t);
	return rc;
}

/* Hand doc to `antre-print --printer URI --ticket-json /dev/stdin` ($ANTRE_PRINT, else
 * antre-print on the PATH). The CLI does not link the printer library: firmware/ sits
 * below printer/ in the dependency order, so it runs the printer's own program. */
static int run_antre_print(const char *uri, const char *doc)
{
	const char *env = getenv("ANTRE_PRINT"), *prog = env && env[0] ? env : "antre-print";
	int fds[2], status = 0;
	pid_t pid;
	FILE *to;

	if (pipe(fds) < 0)
		return EXIT_REFUSED;
	pid = fork();
	if (pid == 0) {
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		execlp(prog, prog, "--printer", uri, "--ticket-json", "/dev/stdin", (char *)NULL);
		fprintf(stderr, "antre: cannot run %s (set ANTRE_PRINT or PATH)\n", prog);
		_exit(127);
	}
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);   /* a printer program that died early: its status says so */
	to = fdopen(fds[1], "w");
	if (to) {
		fputs(doc, to);
		fclose(to);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return EXIT_REFUSED;
	return 0;
}

/* reprint NUMBER|TICKET_ID --printer URI: the ticket again, with the office's header
 * (GET /api/v1/office), as the kiosk printed it. */
static int cmd_reprint(cli_t *cli, int argc, char **argv)
{
	json_t *t, *office = NULL, *doc;
	char *body = NULL, *s;
	int rc;
	(void)argc;

	if (cli->o.printer == NULL)
		return -1;
	rc = find_ticket(cli, argv[0], &t);
	if (rc == 0) {
		rc = antre_client_request(cli->client, "GET", "/api/v1/office", NULL, &body);
		rc = check(rc, body);
	}
	if (rc == 0)
		office = json_loads(body, 0, NULL);
	free(body);
	if (rc != 0) {
		json_decref(t);
		return rc;
	}
	doc = json_pack("{s:o, s:o}", "ticket", t, "office", office ? office : json_null());
	s = json_dumps(doc, JSON_COMPACT);
	rc = run_antre_print(cli->o.printer, s);
	if (rc == 0)
		printf("%s dicetak ulang / reprinted on %s\n", str(t, "number"), cli->o.printer);
	else
		fprintf(stderr, "antre: %s was not reprinted\n", str(t, "number"));
	free(s);
	json_decref(doc);
	return rc;
}

/* antre status SERVICE open|limited|closed [--reason R] (admin, issue 13). */
static int cmd_status(cli_t *cli, int argc, char **argv)
{
	char path[256], *body, *answer = NULL;
	json_t *req, *o;
	int status, rc;
	(void)argc;

	if (antre_service_status_parse(argv[1]) < 0)
		return -1;
	req = json_pack("{s:s, s:s}", "status", argv[1], "reason", cli->o.reason ? cli->o.reason : "");
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	snprintf(path, sizeof(path), "/api/v1/services/%s/status", argv[0]);
	status = antre_client_request(cli->client, "POST", path, body, &answer);
	rc = check(status, answer);
	if (rc == 0 && json_out) {
		puts(answer);
	} else if (rc == 0) {
		json_t *rem;
		o = json_loads(answer, 0, NULL);
		rem = json_object_get(o, "remaining");
		printf("%s %s: %s%s%s; %s", str(o, "id"), str(o, "name"), str(o, "status"),
		       str(o, "reason")[0] ? " - " : "", str(o, "reason"),
		       json_is_true(json_object_get(o, "open_now")) ? "taking tickets now"
								    : "taking no tickets now");
		if (json_is_integer(rem))
			printf(", %lld left of today's quota", (long long)json_integer_value(rem));
		printf("\n");
		json_decref(o);
	}
	free(answer);
	free(body);
	return rc;
}

/* What a counter action takes after COUNTER, by its kind in protocol.h: the word in the
 * usage and the member of the request body. */
static const struct {
	const char *word, *key;
} action_args[] = {
	[ANTRE_ARG_NONE] = { NULL, NULL },
	[ANTRE_ARG_SERVICE] = { "SERVICE", "service" },
	[ANTRE_ARG_NUMBER] = { "NUMBER", "number" },
	[ANTRE_ARG_DATE] = { "DATE [same|next]", "return_on" },
};

/* The id of the ticket counter holds now ("" when none), from the state; a look
 * before an action that may finish it, so that the answer can say where it went. */
static void held_ticket(antre_client_t *c, const char *counter, char *id, size_t cap)
{
	char *body = NULL;
	json_t *st, *v;
	size_t i;

	id[0] = '\0';
	if (antre_client_request(c, "GET", "/api/v1/state", NULL, &body) != 200) {
		free(body);
		return;
	}
	st = json_loads(body, 0, NULL);
	free(body);
	json_array_foreach(json_object_get(st, "counters"), i, v) {
		json_t *t = json_object_get(v, "ticket");
		if (strcasecmp(str(v, "id"), counter) == 0 && json_is_object(t))
			snprintf(id, cap, "%s", str(t, "id"));
	}
	json_decref(st);
}

/* Where a ticket left by a desk goes: "A016 selesai, lanjut ke Pemeriksaan Kesehatan /
 * next: Health Check", "P016 selesai / journey complete" ("A016 selesai / done" for a
 * ticket of one service), or for a transfer "A016
 * dipindah ke … / transferred to …". */
static void print_gone(json_t *t, int transferred)
{
	const char *state = str(t, "state");

	if (strcmp(state, antre_ticket_state_name(ANTRE_TS_WAITING)) == 0)
		printf("%s %s %s / %s %s", str(t, "number"),
		       transferred ? "dipindah ke" : "selesai, lanjut ke", str(t, "service_name"),
		       transferred ? "transferred to" : "next:", str(t, "service_name_en"));
	else if (strcmp(state, antre_ticket_state_name(ANTRE_TS_DONE)) == 0)
		printf("%s selesai / %s", str(t, "number"),
		       json_is_string(json_object_get(t, "journey")) ? "journey complete" : "done");
	else
		printf("%s [%s]", str(t, "number"), state);
}

/* After an action that finished the held ticket or sent it on, the line that says
 * where the applicant goes and what the desk does now. */
static void print_after(cli_t *cli, const char *held_id, const char *body)
{
	json_t *o = json_loads(body ? body : "null", 0, NULL), *t = json_object_get(o, "ticket");
	json_t *ct = json_object_get(o, "counter");
	antre_action_t a = cli->action;

	if (a == ANTRE_ACT_FINISH || a == ANTRE_ACT_TRANSFER) {
		if (json_is_object(t)) {
			print_gone(t, a == ANTRE_ACT_TRANSFER);
			printf("; %s kosong / desk free\n", str(ct, "name"));
		}
	} else if (held_id[0]) {   /* call-next or call: the held ticket was finished first */
		char path[128], *tb = NULL;
		json_t *h;
		snprintf(path, sizeof(path), "/api/v1/tickets/%s", held_id);
		if (antre_client_request(cli->client, "GET", path, NULL, &tb) == 200 &&
		    (h = json_loads(tb, 0, NULL)) != NULL) {
			print_gone(h, 0);
			if (json_is_object(t))
				printf("; memanggil %s / calling %s\n", str(t, "number"),
				       str(t, "number"));
			else
				printf("; tidak ada yang menunggu / nobody is waiting\n");
			json_decref(h);
		}
		free(tb);
	}
	json_decref(o);
}

/* COUNTER [ARG]: POST /api/v1/counters/COUNTER/ACTION, ARG as the body's one member. */
static int cmd_action(cli_t *cli, int argc, char **argv)
{
	const char *key = action_args[antre_action_arg(cli->action)].key;
	antre_action_t a = cli->action;
	int moves = a == ANTRE_ACT_FINISH || a == ANTRE_ACT_TRANSFER ||
		    a == ANTRE_ACT_CALL_NEXT || a == ANTRE_ACT_CALL;
	char path[256], held[64] = "", *body = NULL, *answer = NULL;
	int rc, status;

	if (key && argc >= 2)
		body = one_field(key, argv[1]);
	if (antre_action_arg(a) == ANTRE_ARG_DATE && argc == 3) {   /* defer DATE STEP */
		json_t *o = json_pack("{s:s, s:s}", key, argv[1], "step", argv[2]);
		free(body);
		body = json_dumps(o, JSON_COMPACT);
		json_decref(o);
	}
	snprintf(path, sizeof(path), "/api/v1/counters/%s/%s", argv[0], antre_action_name(a));
	if (json_out || !moves) {
		rc = post_and_show(cli->client, path, body, argv[0]);
		free(body);
		return rc;
	}
	if (a == ANTRE_ACT_CALL_NEXT || a == ANTRE_ACT_CALL)
		held_ticket(cli->client, argv[0], held, sizeof(held));
	status = antre_client_request(cli->client, "POST", path, body, &answer);
	rc = check(status, answer);
	if (rc == 0) {
		print_after(cli, held, status == 204 ? NULL : answer);
		show_answer(status, answer, argv[0]);
	}
	free(answer);
	free(body);
	return rc;
}

/* The commands; the counter actions join them from protocol.h (find_command). */
static const cli_cmd_t commands[] = {
	{ "state", "", "services and counters now", 0, 0, cmd_state },
	{ "issue", "SERVICE|--journey J [--priority]", "take a ticket (kiosk or admin token)",
	  0, 1, cmd_issue },
	{ "cancel", "NUMBER|TICKET_ID [--reason R]", "cancel today's ticket (e.g. A017, a17)",
	  1, 1, cmd_cancel },
	{ "ticket", "NUMBER|TICKET_ID", "today's ticket as JSON (antre-print --ticket-json)",
	  1, 1, cmd_ticket },
	{ "reprint", "NUMBER|TICKET_ID --printer URI", "print today's ticket again (admin)",
	  1, 1, cmd_reprint },
	{ "status", "SERVICE open|limited|closed [--reason R]",
	  "set a service's status (admin token)", 2, 2, cmd_status },
	{ "tail", "[--from SEQ]", "live events, one line each", 0, 0, cmd_tail },
	{ "report", "[--date YYYY-MM-DD [--until YYYY-MM-DD]] [--csv]",
	  "a day or a range in figures (admin token)", 0, 0, cmd_report },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* The row of a counter action, made from its entry in ANTRE_ACTION_TABLE. */
static cli_cmd_t action_command(antre_action_t a, char *args, size_t cap)
{
	const char *word = action_args[antre_action_arg(a)].word;
	cli_cmd_t c = { antre_action_name(a), args, antre_action_help(a), 1, 1, cmd_action };

	snprintf(args, cap, "COUNTER%s%s", word ? " " : "", word ? word : "");
	if (word)
		c.min_args = c.max_args = 2;
	if (antre_action_arg(a) == ANTRE_ARG_DATE)
		c.max_args = 3;   /* defer COUNTER DATE [same|next] */
	return c;
}

/* The command called name: 0 and *cmd (and cli->action for a counter action), or -1. */
static int find_command(cli_t *cli, const char *name, cli_cmd_t *cmd)
{
	int a = antre_action_parse(name);

	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(commands[i].name, name) == 0) {
			*cmd = commands[i];
			return 0;
		}
	}
	if (a < 0)
		return -1;
	cli->action = (antre_action_t)a;
	*cmd = action_command(cli->action, cli->action_usage, sizeof(cli->action_usage));
	return 0;
}

/* "  NAME ARGS    what it does", the help on a line of its own when ARGS are long. */
static void usage_line(FILE *f, const cli_cmd_t *c)
{
	char left[96];
	snprintf(left, sizeof(left), "%s%s%s", c->name, c->args[0] ? " " : "", c->args);
	if (strlen(left) > 30)
		fprintf(f, "  %s\n  %30s %s\n", left, "", c->help);
	else
		fprintf(f, "  %-30s %s\n", left, c->help);
}

/* Generated from the tables, so that it lists every command there is. */
static void usage(FILE *f)
{
	char args[64];

	fprintf(f, "usage: antre [--server URL] [--token T | --token-file F] [--json] COMMAND\n"
		   "commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		usage_line(f, &commands[i]);
	fprintf(f, "counter actions (with that counter's token or the admin's):\n");
	for (int a = 0; a < ANTRE_ACT__COUNT; a++) {
		cli_cmd_t c = action_command((antre_action_t)a, args, sizeof(args));
		usage_line(f, &c);
	}
	fprintf(f, "The server defaults to $ANTRE_SERVER or http://127.0.0.1:8080, the token to\n"
		   "$ANTRE_TOKEN.\n");
}

/* Apply one parsed option. Returns -1 to go on, or the exit code to stop with. */
static int take_option(int opt, cli_opts_t *o)
{
	int64_t from;

	switch (opt) {
	case 's': o->server = optarg; break;
	case 't': free(o->token); o->token = xstrdup(optarg); break;
	case 'f': free(o->token); o->token = read_token_file(optarg); break;
	case 'j': json_out = 1; break;
	case 'J': o->journey = optarg; break;
	case 'p': o->priority = 1; break;
	case 'r': o->reason = optarg; break;
	case 'F':
		if (antre_parse_i64(optarg, 0, INT64_MAX, &from) < 0) {
			fprintf(stderr, "antre: --from takes an event number (0 or more), not '%s'\n",
				optarg);
			return EXIT_USAGE;
		}
		o->from = from;
		break;
	case 'd': o->date = optarg; break;
	case 'u': o->until = optarg; break;
	case 'P': o->printer = optarg; break;
	case 'c': o->csv = 1; break;
	case 'h': usage(stdout); return 0;
	default: usage(stderr); return EXIT_USAGE;
	}
	return -1;
}

/* Global options, then the command, then its own options (in any order). Returns -1
 * with cli->cmd, cli->argc and cli->argv set, or the exit code to stop with. */
static int parse_args(cli_t *cli, int argc, char **argv)
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
		{ "until", required_argument, NULL, 'u' },
		{ "printer", required_argument, NULL, 'P' },
		{ "csv", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc = -1;

	while (rc < 0 && (opt = getopt_long(argc, argv, "+s:t:f:jh", opts, NULL)) != -1)
		rc = take_option(opt, &cli->o);
	if (rc >= 0)
		return rc;
	if (optind >= argc || find_command(cli, argv[optind], &cli->cmd) < 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	/* Rescan what follows the command as its own argv (GNU getopt restarts at
	 * optind = 0 and moves the positional arguments to the end). */
	argv[optind] = argv[0];
	argc -= optind;
	argv += optind;
	optind = 0;
	while (rc < 0 && (opt = getopt_long(argc, argv, "s:t:f:jh", opts, NULL)) != -1)
		rc = take_option(opt, &cli->o);
	if (rc >= 0)
		return rc;
	cli->argc = argc - optind;
	cli->argv = argv + optind;
	if (cli->argc < cli->cmd.min_args || cli->argc > cli->cmd.max_args) {
		usage(stderr);
		return EXIT_USAGE;
	}
	return -1;
}

int main(int argc, char **argv)
{
	cli_t cli = { 0 };
	int rc;

	cli.o.server = getenv("ANTRE_SERVER") ? getenv("ANTRE_SERVER") : "http://127.0.0.1:8080";
	cli.o.token = getenv("ANTRE_TOKEN") ? xstrdup(getenv("ANTRE_TOKEN")) : NULL;
	cli.o.from = -1;   /* tail: start with a snapshot */
	rc = parse_args(&cli, argc, argv);
	if (rc < 0) {
		cli.client = antre_client_create(cli.o.server, cli.o.token, 10000);
		rc = cli.cmd.run(&cli, cli.argc, cli.argv);
		antre_client_destroy(cli.client);
	}
	if (rc < 0) {   /* the command's arguments do not go together */
		usage(stderr);
		rc = EXIT_USAGE;
	}
	free(cli.o.token);
	return rc;
}
