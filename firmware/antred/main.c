/* antred: the queue controller. Loads the office config, replays the event log, and
 * serves the HTTP API until SIGTERM or a failed log (the policy is in lifecycle.h). */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "address.h"
#include "api.h"
#include "auth.h"
#include "config.h"
#include "core.h"
#include "export.h"
#include "lifecycle.h"
#include "log.h"
#include "notify.h"
#include "reload.h"
#include "version.h"
#include "xmalloc.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: antred --config FILE [--listen HOST:PORT] [--db PATH]\n"
		     "       antred --check-config FILE\n"
		     "       antred --export-once --config FILE [--db PATH]\n"
		     "       antred --version\n"
		     "  Serves the antre queue API; prints 'antred: listening on URL' when ready.\n"
		     "  --check-config reads FILE and says 'FILE: ok' or what is wrong, as\n"
		     "  FILE:LINE lines (exit 1); it starts nothing and writes no file.\n"
		     "  --export-once sends the log's events the centre of [export] lacks, then\n"
		     "  exits (1 when it could not).\n");
}

/* Make the folder that will hold the database, so a fresh checkout just runs. */
static void make_parent_dir(const char *path)
{
	char dir[ANTRE_PATH_MAX];
	char *slash;
	antre_strlcpy(dir, path, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0750) < 0 && errno != EEXIST)
		antre_log(ANTRE_LOG_ERROR, "cannot create %s: %s", dir, strerror(errno));
}

/* What the last tick saw, to notice wall clock steps between ticks. */
typedef struct {
	int64_t wall_ms, mono_ms;      /* at the last tick; mono_ms < 0: no tick yet */
	int64_t jump_ms, jump_wall_ms; /* a step the last tick saw, to report at this one */
	char day_before[ANTRE_DAY_LEN + 1];
} clock_watch_t;

/* Tick the engine (roll the day if due) and compare the wall clock's progress since the
 * last tick with the monotonic clock's: more than 2 s apart means the wall clock was
 * stepped (NTP correcting a PC that booted with a wrong clock). Say so loudly, with what
 * it did to the office day, at the following tick: the tick's events are committed
 * (and in the view) by then. Returns antre_core_tick's ms until the next reset. */
static int64_t tick_and_watch(antre_core_t *core, clock_watch_t *w)
{
	int64_t wall = antre_core_now_ms(core), mono = antre_monotonic_ms();
	const antre_queue_t *q;
	char day[ANTRE_DAY_LEN + 1], when[40];

	q = antre_core_read_begin(core);
	antre_strlcpy(day, antre_queue_day(q), sizeof(day));
	antre_core_read_end(core);
	if (w->jump_ms != 0) {
		const char *dir = w->jump_ms < 0 ? "back" : "forward";
		long long jump_s = (long long)((llabs(w->jump_ms) + 500) / 1000);

		antre_format_time(when, sizeof(when), w->jump_wall_ms,
				  antre_core_utc_offset_s(core, w->jump_wall_ms));
		if (strcmp(day, w->day_before) == 0)
			antre_log(ANTRE_LOG_WARN, "the clock jumped %s by %lld s (wall %s); the office "
				"day stays %s (see docs/clock.md)", dir, jump_s, when, day);
		else
			antre_log(ANTRE_LOG_WARN, "the clock jumped %s by %lld s (wall %s); the office "
				"day is now %s, was %s (see docs/clock.md)", dir, jump_s, when, day,
				w->day_before);
		w->jump_ms = 0;
	}
	if (w->mono_ms >= 0) {
		int64_t jump_ms = (wall - w->wall_ms) - (mono - w->mono_ms);
		if (jump_ms > 2000 || jump_ms < -2000) {
			w->jump_ms = jump_ms;
			w->jump_wall_ms = wall;
			antre_strlcpy(w->day_before, day, sizeof(w->day_before));
		}
	}
	w->wall_ms = wall;
	w->mono_ms = mono;
	return antre_core_tick(core);
}

/* Serve until the lifecycle says stop (a signal, or the log failed). Tick the engine at
 * least once a second (a tick is cheap), so the day rolls over within a second of
 * reset_at, or of a clock step past it, even when nobody issues; and watch the wall
 * clock for steps. */
typedef struct {
	antre_config_t *run;           /* the running config: core and API borrow it */
	const antre_config_t *fresh;
} reload_t;

/* The public_url antred derived from its listening address when the config left it out;
 * a reload that leaves it out again keeps it. */
static char derived_public_url[ANTRE_PATH_MAX];

static void apply_reload(void *ctx)
{
	reload_t *r = ctx;
	antre_reload_apply(r->run, r->fresh);
	if (r->run->public_url[0] == '\0')
		antre_strlcpy(r->run->public_url, derived_public_url, sizeof(r->run->public_url));
}

/* SIGHUP: read the config file again; take its texts, tokens and printers, or refuse it
 * whole (a structural change, or a refusal of the loader) and keep the running one.
 * Connections stay open: the server is not touched. */
static void reload_config(antre_core_t *core, antre_config_t *run, const char *db)
{
	antre_config_t *fresh = xcalloc(1, sizeof(*fresh));
	char err[1024], why[300];

	antre_notify("RELOADING=1");
	if (antre_config_load(run->path, fresh, err, sizeof(err)) < 0 ||
	    antre_auth_load(fresh, db, err, sizeof(err)) < 0) {
		antre_log(ANTRE_LOG_WARN, "reload refused, the running config stays: %s", err);
	} else if (antre_reload_check(run, fresh, why, sizeof(why)) < 0) {
		antre_log(ANTRE_LOG_WARN, "reload refused, the running config stays: %s, which "
			"needs a restart (systemctl restart antred)", why);
	} else {
		reload_t r = { run, fresh };
		antre_core_exclusive(core, apply_reload, &r);
		antre_log(ANTRE_LOG_INFO, "reloaded %s: names, marquee, phrases, tokens and "
			"printers", run->path);
	}
	antre_notify("READY=1");
	free(fresh);
}

static void serve_until_stop(antre_core_t *core, antre_lifecycle_t *life,
			     antre_config_t *cfg, const char *db)
{
	clock_watch_t watch = { 0, -1, 0, 0, "" };
	int64_t ms, watchdog_ms = antre_notify_watchdog_ms(), petted = antre_monotonic_ms();

	do {
		ms = tick_and_watch(core, &watch) + 50;
		/* The tick took the core's lock, which every request takes: a keep-alive
		 * here means requests can still be served. */
		if (watchdog_ms > 0 && antre_monotonic_ms() - petted >= watchdog_ms) {
			antre_notify("WATCHDOG=1");
			petted = antre_monotonic_ms();
		}
		if (ms > 1000)
			ms = 1000;
		if (watchdog_ms > 0 && ms > watchdog_ms)
			ms = watchdog_ms;
		if (antre_lifecycle_take_reload(life))
			reload_config(core, cfg, db);
	} while (antre_lifecycle_wait(life, ms) == ANTRE_LIFE_RUNNING);
}

/* Say what the replay could not apply, with a count and a reason for each kind. */
static void report_replay(const antre_core_t *core)
{
	size_t aside;
	const antre_replay_t *r = antre_core_replay_report(core, &aside);

	if (r->skipped == 0)
		return;
	antre_log(ANTRE_LOG_WARN, "%zu stored events of the day could not be applied to this "
		"config (numbers they handed out are still never reused):", r->skipped);
	for (int k = 0; k < r->n_reasons; k++)
		antre_log(ANTRE_LOG_WARN, "  %zu %s", r->reasons[k].count, r->reasons[k].why);
	if (aside > 0)
		antre_log(ANTRE_LOG_WARN, "%zu open tickets were set aside as no-shows (see above)",
			aside);
}

/* systemd starts services with a soft limit of 1024 open files: take the hard limit,
 * so event streams and a flood of strangers are bounded by antred, not by the kernel. */
static void raise_file_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			antre_log(ANTRE_LOG_WARN, "cannot raise the open-file limit: %s",
				strerror(errno));
	}
}

typedef struct {
	const char *config_path, *listen, *db;
	int check_only;   /* --check-config: read the config, say ok or why not, stop */
	int export_once;  /* --export-once: send the log to the centre, stop */
} options_t;

/* Returns -1 to go on, or the exit status (help: 0, bad usage: 2). */
static int parse_options(int argc, char **argv, options_t *o)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "check-config", required_argument, NULL, 'C' },
		{ "export-once", no_argument, NULL, 'E' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	memset(o, 0, sizeof(*o));
	while ((opt = getopt_long(argc, argv, "c:l:d:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': o->config_path = optarg; break;
		case 'l': o->listen = optarg; break;
		case 'd': o->db = optarg; break;
		case 'C': o->config_path = optarg; o->check_only = 1; break;
		case 'E': o->export_once = 1; break;
		case 'V': printf("antred %s\n", ANTRE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (o->config_path == NULL || optind != argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}

/* The office's wall clock: the system's, or for a load test the one ANTRE_TEST_CLOCK
 * names (a file a test steps; libfaketime re-reading its file at every call cost the
 * busy day a third of its time). Never set in an office: said loudly. */
static antre_clock_t *office_clock(char *err, size_t errcap)
{
	const char *path = getenv("ANTRE_TEST_CLOCK");
	antre_clock_t *clock;

	if (path == NULL || path[0] == '\0')
		return antre_clock_system();
	clock = antre_clock_mapped(path, err, errcap);
	if (clock)
		antre_log(ANTRE_LOG_WARN, "ANTRE_TEST_CLOCK is set: the office clock is %s, "
			"which a test steps, not this computer's clock", path);
	return clock;
}

/* The process-wide settings, before any thread starts: SIGTERM/SIGINT/SIGHUP are blocked so
 * that every thread inherits the mask and only the lifecycle's watcher takes them. */
static void prepare_process(const char *db)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);   /* a reload, taken by the lifecycle's watcher too */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);   /* a file-size limit is a failed write (503), not a kill */
	raise_file_limit();
	umask(027);   /* the log and token files are the office's, not the world's */
	make_parent_dir(db);
}

/* Fill in public_url when the config left it out (the address clients reach antred at)
 * and warn when it is one phones on the LAN cannot reach. */
static void settle_public_url(antre_config_t *cfg, const char *reach, int lan)
{
	if (cfg->public_url[0] == '\0') {
		antre_strlcpy(derived_public_url, reach, sizeof(derived_public_url));
		antre_strlcpy(cfg->public_url, reach, sizeof(cfg->public_url));
	} else if (lan && antre_url_is_loopback(cfg->public_url)) {
		antre_log(ANTRE_LOG_WARN, "public_url %s is this machine only, yet antred "
			"listens on the LAN: phones scanning a ticket's QR code cannot open it; "
			"set public_url = %s or leave it out", cfg->public_url, reach);
	}
}

/* The lines that say antred is up; tests and operators wait for "listening on". The
 * address shown is the one clients should use (a LAN address when bound to all). */
static void say_ready(antre_config_t *cfg, const antre_core_t *core, const char *listen,
		      const char *db, int port)
{
	char reach[ANTRE_PATH_MAX];
	size_t aside;
	int all;

	antre_reach_url(listen, port, reach, sizeof(reach), &all);
	settle_public_url(cfg, reach, !antre_url_is_loopback(reach));
	antre_log(ANTRE_LOG_INFO, "%s: %zu events of the day replayed from %s", cfg->name,
		antre_core_replay_report(core, &aside)->applied, db);
	if (cfg->admin_token_file[0])
		antre_log(ANTRE_LOG_INFO, "admin token is in %s", cfg->admin_token_file);
	/* This one line keeps DESIGN.md's exact form, "antred: listening on URL", with no
	 * level: outside tests and scripts read the URL from it. */
	fprintf(stderr, "antred: listening on %s%s\n", reach, all ? " (all addresses)" : "");
	fflush(stderr);
}

/* Load the config and fill in the defaults the options left open. */
static int load_config(options_t *o, antre_config_t *cfg)
{
	char err[1024];

	if (antre_config_load(o->config_path, cfg, err, sizeof(err)) < 0) {
		antre_log(ANTRE_LOG_ERROR, "%s", err);
		return -1;
	}
	if (o->listen == NULL)
		o->listen = cfg->listen;
	if (o->db == NULL)
		o->db = cfg->db[0] ? cfg->db : "antre.db";
	antre_clock_set_timezone(cfg->timezone);
	return 0;
}

/* --check-config: the loader's refusals (FILE:LINE sentences) and the token rules that
 * can be checked without the token files, which are neither read nor created here:
 * antred creates a missing one at its first start, under the state folder. */
static int check_config(const char *path)
{
	antre_config_t *cfg = xcalloc(1, sizeof(*cfg));
	char err[1024];
	int rc = 1;

	if (antre_config_load(path, cfg, err, sizeof(err)) < 0 ||
	    antre_config_check_tokens(cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
	} else {
		printf("%s: ok (%s: services %d, counters %d, kiosks %d, displays %d)\n", path,
		       cfg->name, cfg->n_services, cfg->n_counters, cfg->n_kiosks,
		       cfg->n_displays);
		rc = 0;
	}
	free(cfg);
	return rc;
}

/* --export-once: the log's events to the centre, without serving. */
static int export_once(options_t *o)
{
	antre_config_t *cfg = xcalloc(1, sizeof(*cfg));
	char err[1024];
	int64_t sent;
	int rc = 1;

	if (load_config(o, cfg) < 0)
		rc = 1;   /* (said) */
	else if (antre_export_once(cfg, o->db, &sent, err, sizeof(err)) < 0)
		antre_log(ANTRE_LOG_ERROR, "export: %s", err);
	else
		rc = 0;
	free(cfg);
	return rc;
}

int main(int argc, char **argv)
{
	options_t o;
	antre_config_t *cfg = NULL;
	antre_lifecycle_t *life = NULL;
	antre_core_t *core = NULL;
	antre_api_t *api = NULL;
	antre_export_t *exporter = NULL;
	antre_clock_t *clock;
	char err[1024];
	int port, rc = parse_options(argc, argv, &o);

	if (rc >= 0)
		return rc;
	if (o.check_only)
		return check_config(o.config_path);
	if (o.export_once)
		return export_once(&o);
	rc = 1;
	cfg = xcalloc(1, sizeof(*cfg));
	if (load_config(&o, cfg) < 0)
		goto out;
	prepare_process(o.db);
	life = antre_lifecycle_create();
	if (antre_lifecycle_watch_signals(life) != 0) {
		antre_log(ANTRE_LOG_ERROR, "cannot start the signal thread");
		goto out;
	}
	if (antre_auth_load(cfg, o.db, err, sizeof(err)) < 0 ||
	    (clock = office_clock(err, sizeof(err))) == NULL ||
	    antre_core_open(cfg, o.db, clock, &core, err, sizeof(err)) < 0) {
		antre_log(ANTRE_LOG_ERROR, "%s", err);
		goto out;
	}
	report_replay(core);
	if (cfg->export_line &&
	    antre_export_start(cfg, o.db, &exporter, err, sizeof(err)) < 0) {
		antre_log(ANTRE_LOG_ERROR, "%s", err);
		goto out;
	}
	if (antre_api_start(core, life, o.listen, &api, &port, err, sizeof(err)) < 0) {
		antre_log(ANTRE_LOG_ERROR, "%s", err);
		goto out;
	}
	say_ready(cfg, core, o.listen, o.db, port);
	antre_notify("READY=1\nSTATUS=serving");
	serve_until_stop(core, life, cfg, o.db);
	antre_notify("STOPPING=1");
	antre_log(ANTRE_LOG_INFO, "stopping");
	rc = antre_lifecycle_exit_status(life);
out:
	antre_export_stop(exporter);
	antre_api_stop(api);
	antre_core_close(core);
	antre_lifecycle_destroy(life);
	free(cfg);
	return rc;
}
