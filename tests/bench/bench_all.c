/* antre-bench all: every benchmark of every part (engine, store, HTTP and SSE fan-out,
 * the busy day, print, kiosk, display, deferred journeys, the central export, the web
 * pages), and what a hand-off between two threads costs on the machine, each run as its
 * own program, RUNS times; one
 * table of figure, median value, target and the previous run's value (from a previous
 * JSON), written as JSON too. Figures are read from the lines each benchmark prints, so
 * a part keeps printing what it always printed. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define ALL_MAX_RUNS 9

/* One program to run; {dir} in its arguments becomes the --dir folder. */
typedef struct {
	const char *name;
	const char *cmd;           /* relative to the build folder's tests/, or with a leading
				    * '@' a script of the source tree's tests/ run with the
				    * build and source folders first */
	const char *args;
} part_t;

static const part_t parts[] = {
	{ "machine", "antre-bench", "machine" },
	{ "engine", "antre-bench", "engine" },
	{ "store", "antre-bench", "store --dir {dir}" },
	{ "http", "antre-bench", "http --dir {dir}" },
	{ "busy day", "busy_day", "" },
	{ "busy day, one CPU", "busy_day", "--cpu 0" },
	{ "busy day, log on the disk", "busy_day", "--db-dir {dir}" },
	{ "print", "antre-bench-print", "" },
	{ "kiosk", "antre-bench-kiosk", "--dir {dir}" },
	{ "display", "antre-bench-display", "--dir {dir}" },
	{ "journeys", "antre-bench", "journeys --dir {dir}" },
	{ "export", "antre-bench-export", "" },
	{ "web", "@bench/web_bench.sh", "100" },
};
#define N_PARTS ((int)(sizeof(parts) / sizeof(parts[0])))

/* A figure: the number after `after` on the first line holding `line`. */
typedef struct {
	int part;
	const char *name, *line, *after, *unit, *target;
	int higher_better;
	double goal;               /* 0: no target */
} figure_t;

static const figure_t figures[] = {
	{ 0, "thread round trip, one CPU", "threads on one CPU: ", "median ", "us", "", 0, 0 },
	{ 0, "thread round trip, two CPUs", "threads on two CPUs: ", "median ", "us", "", 0, 0 },
	{ 0, "thread round trip, where the scheduler puts them", "where the scheduler puts them",
	  "median ", "us", "", 0, 0 },
	{ 1, "engine call-next median, 100k waiting", "counter serving 1 service", "median ",
	  "us", "<= 5", 0, 5 },
	{ 1, "engine call-next median, 8-service counter", "counter serving 8 service",
	  "median ", "us", "<= 5", 0, 5 },
	{ 2, "store durable issues/s, 1 writer", "store: 1 writer(s): ", "", "/s", "", 1, 0 },
	{ 2, "store durable issues/s, 8 writers", "store: 8 writer(s): ", "", "/s", ">= 10000", 1,
	  10000 },
	{ 2, "replay of 50,000 events", "replay: open + replay", "median ", "ms", "<= 500", 0,
	  500 },
	{ 3, "HTTP durable issues/s, 8 clients", "durable issues: median", "median ", "/s",
	  ">= 5000", 1, 5000 },
	{ 3, "antred RSS idle", "antred RSS idle: ", "", "MB", "<= 16", 0, 16 },
	{ 3, "call-next -> event p50, 50 subscribers", "ticket.called at 50 subscribers", "p50 ",
	  "ms", "", 0, 0 },
	{ 3, "call-next -> event p99, 50 subscribers", "ticket.called at 50 subscribers", "p99 ",
	  "ms", "<= 10", 0, 10 },
	{ 3, "SSE fan-out to 5000 subscribers", "subscribers 5000: held", "fan-out ", "ms", "", 0,
	  0 },
	{ 3, "kiosk issue p99 during a 2000-stream flood", "flood 2000 (50 addresses)", "p99 ",
	  "ms", "", 0, 0 },
	{ 4, "busy day (2000 applicants) driven, threads free", "busy_day: ", "driven in ", "s",
	  "<= 3", 0, 3 },
	{ 5, "busy day (2000 applicants) driven, on one CPU", "busy_day: ", "driven in ", "s",
	  "<= 3", 0, 3 },
	/* every commit fsynced: 13,433 of them one after another, a floor no CPU work lowers
	 * (docs/bench.md); the target is the day's with its log in memory, above */
	{ 6, "busy day (2000 applicants) driven, log on the --dir disk", "busy_day: ",
	  "driven in ", "s", "", 0, 0 },
	{ 7, "print encode 80 mm ticket, median", "print: encode a 80 mm", "median ", "ms", "", 0,
	  0 },
	{ 7, "print call -> last byte via cupsd, median", "through cupsd", "median ", "ms",
	  "<= 150", 0, 150 },
	{ 8, "kiosk home frame 1920x1080, median", "kiosk: home screen frame", "median ", "ms",
	  "<= 8", 0, 8 },
	{ 8, "kiosk tap -> number on screen", "kiosk: tap -> number", "median ", "ms", "<= 50", 0,
	  50 },
	{ 8, "kiosk tap -> paper", "kiosk: tap -> last byte", "median ", "ms", "<= 300", 0, 300 },
	{ 9, "display call -> frame p99", "call-next answer -> frame", "p99 ", "ms", "<= 50", 0,
	  50 },
	{ 9, "display static board CPU", "static board, nothing", "CPU over 10 s ", "%", "< 1", 0,
	  1 },
	{ 9, "display RSS", "static board, nothing", "RSS ", "MB", "<= 60", 0, 60 },
	{ 10, "engine call-next median, no deferred journeys", "journeys:      0 deferred stored",
	  "call-next median ", "us", "", 0, 0 },
	{ 10, "engine call-next median, 100k deferred journeys",
	  "journeys: 100000 deferred stored", "call-next median ", "us", "<= 5", 0, 5 },
	{ 10, "engine issue median, no deferred journeys", "journeys:      0 deferred stored",
	  "issue median ", "us", "", 0, 0 },
	{ 10, "engine issue median, 100k deferred journeys", "journeys: 100000 deferred stored",
	  "issue median ", "us", "", 0, 0 },
	{ 10, "open + replay of a month with deferred journeys", "open + replay of that month",
	  "median ", "ms", "", 0, 0 },
	{ 11, "issue latency median, export off", "issue latency, export off", "median ", "ms",
	  "", 0, 0 },
	{ 11, "issue latency median, export on", "issue latency, export on (keeping", "median ",
	  "ms", "", 0, 0 },
	{ 11, "issue latency median, export catching up", "issue latency, export on (catching",
	  "median ", "ms", "", 0, 0 },
	{ 11, "export live catch-up", "live catch-up of", "s, ", "ev/s", "", 1, 0 },
	{ 11, "export catch-up, 100,000 backlog events", "backlog events (--export-once", "): ",
	  "s", "", 0, 0 },
	{ 12, "web console click -> number on /display p50", "console click -> number on /display",
	  "p50 ", "ms", "", 0, 0 },
	{ 12, "web console click -> number on /display p99", "console click -> number on /display",
	  "p99 ", "ms", "", 0, 0 },
	{ 12, "web announcement WAV first fetch p50", "announcement WAV (first fetch", "p50 ", "ms",
	  "", 0, 0 },
};
#define N_FIGURES ((int)(sizeof(figures) / sizeof(figures[0])))

typedef struct {
	double v[ALL_MAX_RUNS];
	int n;
} samples_t;

/* The number after `after` in the line, if the line is this figure's. */
static int figure_in(const figure_t *f, const char *text, double *out)
{
	const char *at = strstr(text, f->line), *num;
	char *end;
	if (at == NULL)
		return -1;
	num = f->after[0] ? strstr(at, f->after) : at + strlen(f->line);
	if (num == NULL)
		return -1;
	if (f->after[0])
		num += strlen(f->after);
	*out = strtod(num, &end);
	return end == num ? -1 : 0;
}

/* Run one part once, echo what it prints, and take its figures. */
static void run_part(int p, const char *bin, const char *dir, samples_t *got)
{
	char cmd[2048], args[512], line[4096], out_path[600], run[2700];
	const char *mark = strstr(parts[p].args, "{dir}");
	int seen[N_FIGURES] = { 0 };
	FILE *out;

	if (mark)
		snprintf(args, sizeof(args), "%.*s'%s'%s", (int)(mark - parts[p].args),
			 parts[p].args, dir, mark + 5);
	else
		snprintf(args, sizeof(args), "%s", parts[p].args);
	if (parts[p].cmd[0] == '@')
		snprintf(cmd, sizeof(cmd), "'%s/tests/%s' '%s' '%s' %s", ANTRE_SOURCE_DIR,
			 parts[p].cmd + 1, bin, ANTRE_SOURCE_DIR, args);
	else
		snprintf(cmd, sizeof(cmd), "'%s/tests/%s' %s", bin, parts[p].cmd, args);
	printf("== %s: %s\n", parts[p].name, cmd);
	fflush(stdout);
	/* Into a file, read once the part has ended: a server a part leaves behind (a cupsd
	 * after a failure) would hold a pipe open, and the whole run would wait for it. */
	snprintf(out_path, sizeof(out_path), "%s/antre-bench-part.out", dir);
	snprintf(run, sizeof(run), "%s > '%s' 2>&1", cmd, out_path);
	if (system(run) != 0)
		printf("(%s ended with an error: its figures may be missing)\n", parts[p].name);
	out = fopen(out_path, "r");
	if (out == NULL)
		return;
	while (fgets(line, sizeof(line), out)) {
		fputs(line, stdout);
		for (int f = 0; f < N_FIGURES; f++) {
			double v;
			if (figures[f].part != p || seen[f] || got[f].n >= ALL_MAX_RUNS ||
			    figure_in(&figures[f], line, &v) < 0)
				continue;
			got[f].v[got[f].n++] = v;
			seen[f] = 1;
		}
	}
	fclose(out);
	unlink(out_path);
}

static double median_of(samples_t *s)
{
	bench_sort(s->v, s->n);
	return s->v[s->n / 2];
}

static const char *verdict(const figure_t *f, double v)
{
	if (f->goal == 0)
		return "";
	return (f->higher_better ? v >= f->goal : v <= f->goal) ? "ok" : "MISSED";
}

/* The machine: kernel, CPU model, cores, memory. */
static json_t *machine(void)
{
	struct utsname u;
	char line[512], model[256] = "?";
	FILE *f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "model name", 10) == 0 && strchr(line, ':')) {
			snprintf(model, sizeof(model), "%s", strchr(line, ':') + 2);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	if (f)
		fclose(f);
	uname(&u);
	return json_pack("{s:s, s:s, s:i, s:f}", "kernel", u.release, "cpu", model, "cores",
			 (int)sysconf(_SC_NPROCESSORS_ONLN), "memory_gb",
			 (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE) / 1e9);
}

static void print_table(samples_t *got, json_t *previous, json_t *rows)
{
	printf("\n| figure | median | unit | target | | previous | runs |\n"
	       "|---|---:|---|---|---|---:|---:|\n");
	for (int f = 0; f < N_FIGURES; f++) {
		const figure_t *fg = &figures[f];
		json_t *prev = json_object_get(previous, fg->name);
		char was[32] = "";
		if (json_is_number(prev))
			snprintf(was, sizeof(was), "%.2f", json_number_value(prev));
		if (got[f].n == 0) {
			printf("| %s | n/a | %s | %s | | %s | 0 |\n", fg->name, fg->unit, fg->target,
			       was);
			continue;
		}
		double v = median_of(&got[f]);
		printf("| %s | %.2f | %s | %s | %s | %s | %d |\n", fg->name, v, fg->unit, fg->target,
		       verdict(fg, v), was, got[f].n);
		json_array_append_new(rows, json_pack("{s:s, s:s, s:f, s:s, s:s, s:i}", "part",
						      parts[fg->part].name, "figure", fg->name,
						      "value", v, "unit", fg->unit, "target",
						      fg->target, "runs", got[f].n));
	}
}

/* The figures of a previous JSON as {name: value}. */
static json_t *load_previous(const char *path)
{
	json_t *old = path ? json_load_file(path, 0, NULL) : NULL, *map = json_object(), *row;
	size_t i;
	if (path && old == NULL)
		fprintf(stderr, "antre-bench: cannot read the previous figures in %s\n", path);
	json_array_foreach(json_object_get(old, "figures"), i, row)
		json_object_set(map, json_string_value(json_object_get(row, "figure")),
				json_object_get(row, "value"));
	json_decref(old);
	return map;
}

int bench_all(const char *bin, const char *dir, int runs, const char *json_path,
	      const char *previous_path)
{
	static samples_t got[N_FIGURES];
	json_t *previous = load_previous(previous_path), *rows = json_array(), *doc;
	char when[32];
	time_t now = time(NULL);
	int rc = 0;

	if (strchr(dir, '\'') || strchr(bin, '\'')) {
		fprintf(stderr, "antre-bench: a folder name with a quote is not supported\n");
		return 2;
	}
	runs = runs < 1 ? 1 : runs > ALL_MAX_RUNS ? ALL_MAX_RUNS : runs;
	for (int r = 0; r < runs; r++)
		for (int p = 0; p < N_PARTS; p++)
			run_part(p, bin, dir, got);
	print_table(got, previous, rows);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	doc = json_pack("{s:s, s:o, s:i, s:o}", "date", when, "machine", machine(), "runs", runs,
			"figures", rows);
	if (json_dump_file(doc, json_path, JSON_INDENT(1)) < 0) {
		fprintf(stderr, "antre-bench: cannot write %s\n", json_path);
		rc = 1;
	} else {
		printf("\nwritten to %s\n", json_path);
	}
	json_decref(doc);
	json_decref(previous);
	return rc;
}
