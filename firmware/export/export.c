/* The exporter: a thread that moves committed events from the office's log to the
 * centre, batch by batch, resuming from what the centre says it has; and the same loop
 * run once for antred --export-once. */
#include "export.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "central.h"
#include "clock.h"
#include "log.h"
#include "number.h"
#include "outbox.h"
#include "xmalloc.h"

#define POLL_MS 200            /* a caught-up exporter looks for new events this often */
#define PING_MS 5000           /* and asks an idle centre whether it is still there */
#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 30000
#define PASSWORD_MAX 1024

struct antre_export {
	char conninfo[ANTRE_TEXT_MAX];
	char redacted[ANTRE_TEXT_MAX];
	char password[PASSWORD_MAX];
	int has_password;
	char office_id[ANTRE_ID_MAX];
	char db_path[ANTRE_PATH_MAX];
	int hold_ms;                /* test seam: ANTRE_TEST_EXPORT_HOLD_MS */
	char month_done[8];         /* the last month whose partition is known to exist */

	outbox_t *outbox;
	PGconn *pg;                 /* NULL: not connected */
	int64_t centre_seq;         /* what the centre has; valid while pg != NULL */
	int64_t idle_since_ms;      /* monotonic ms of the last round trip */

	pthread_t thread;
	int started;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop;
	antre_export_status_t st;   /* under lock */
};

/* The exporter /metrics and /api/v1/state read, if one runs. */
static pthread_mutex_t running_lock = PTHREAD_MUTEX_INITIALIZER;
static antre_export_t *running;

static int64_t wall_ms(void)
{
	antre_clock_t *c = antre_clock_system();
	return c->now_ms(c);
}

void antre_export_redact(const char *conninfo, char *out, size_t cap)
{
	static const char *const kept[] = { "host", "hostaddr", "port", "dbname", "user" };
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
	size_t used = 0;

	out[0] = '\0';
	for (PQconninfoOption *o = opts; o && o->keyword && used < cap; o++) {
		for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++)
			if (o->val && o->val[0] && strcmp(o->keyword, kept[k]) == 0)
				used += (size_t)snprintf(out + used, cap - used, "%s%s=%s",
							 used ? " " : "", o->keyword, o->val);
	}
	if (opts == NULL)
		antre_strlcpy(out, "(a conninfo libpq cannot read)", cap);
	PQconninfoFree(opts);
}

/* The first line of the password file; never logged. */
static int read_password(antre_export_t *x, const char *path, char *err, size_t errcap)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL) {
		snprintf(err, errcap, "[export] password_file %s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(x->password, 1, sizeof(x->password) - 1, f);
	fclose(f);
	x->password[n] = '\0';
	x->password[strcspn(x->password, "\r\n")] = '\0';
	if (x->password[0] == '\0') {
		snprintf(err, errcap, "[export] password_file %s is empty", path);
		return -1;
	}
	x->has_password = 1;
	return 0;
}

/* Copy what the exporter needs from cfg and check it; then open the outbox. */
static antre_export_t *export_new(const antre_config_t *cfg, const char *db_path, char *err,
				  size_t errcap)
{
	antre_export_t *x = xcalloc(1, sizeof(*x));
	const char *seam = getenv("ANTRE_TEST_EXPORT_HOLD_MS");
	char *msg = NULL;
	PQconninfoOption *opts;

	if (cfg->export_line == 0) {
		snprintf(err, errcap, "%s has no [export] section (postgres = CONNINFO, office_id = "
			 "ID)", cfg->path);
		goto fail;
	}
	antre_strlcpy(x->conninfo, cfg->export_postgres, sizeof(x->conninfo));
	antre_strlcpy(x->office_id, cfg->export_office_id, sizeof(x->office_id));
	antre_strlcpy(x->db_path, db_path, sizeof(x->db_path));
	opts = PQconninfoParse(x->conninfo, &msg);
	PQconninfoFree(opts);
	if (opts == NULL) {
		snprintf(err, errcap, "%s:%d: [export] postgres is not a libpq conninfo: %.*s",
			 cfg->path, cfg->export_line, msg ? (int)strcspn(msg, "\n") : 0,
			 msg ? msg : "");
		PQfreemem(msg);
		goto fail;
	}
	antre_export_redact(x->conninfo, x->redacted, sizeof(x->redacted));
	if (cfg->export_password_file[0] &&
	    read_password(x, cfg->export_password_file, err, errcap) < 0)
		goto fail;
	if (seam && antre_parse_int(seam, 0, 600000, &x->hold_ms) < 0)
		x->hold_ms = 0;
	x->outbox = outbox_open(db_path, x->office_id, err, errcap);
	if (x->outbox == NULL)
		goto fail;
	pthread_mutex_init(&x->lock, NULL);
	antre_cond_init_monotonic(&x->wake);
	antre_strlcpy(x->st.office_id, x->office_id, sizeof(x->st.office_id));
	return x;
fail:
	free(x);
	return NULL;
}

static void export_free(antre_export_t *x)
{
	PQfinish(x->pg);
	outbox_close(x->outbox);
	pthread_mutex_destroy(&x->lock);
	pthread_cond_destroy(&x->wake);
	memset(x->password, 0, sizeof(x->password));
	free(x);
}

static void disconnect(antre_export_t *x)
{
	PQfinish(x->pg);
	x->pg = NULL;
}

/* Is the centre's last event of this office this log's event of that seq (same time,
 * same type)? If not, another office sends under the same office_id, or the log was
 * replaced: sending would mix two logs under one id, so nothing is sent. 0 or -1. */
static int same_log(antre_export_t *x, int64_t newest, char *err, size_t errcap)
{
	int64_t centre_at, local_at;
	char centre_type[40], local_type[40];

	if (x->centre_seq == 0)
		return 0;
	if (central_event(x->pg, x->office_id, x->centre_seq, &centre_at, centre_type,
			  sizeof(centre_type), err, errcap) < 0 ||
	    outbox_event(x->outbox, x->centre_seq, &local_at, local_type, sizeof(local_type), err,
			 errcap) < 0)
		return -1;
	if (x->centre_seq <= newest && centre_at == local_at && strcmp(centre_type, local_type) == 0)
		return 0;
	snprintf(err, errcap, "the centre's events of office_id %s (up to seq %lld) are not this "
		 "log's (it ends at seq %lld%s): another office uses office_id %s, or the log was "
		 "replaced; nothing is sent until that is settled (docs/central.md)", x->office_id,
		 (long long)x->centre_seq, (long long)newest,
		 x->centre_seq <= newest ? ", and its event of that seq differs" : "", x->office_id);
	return -1;
}

/* Connect, migrate, and learn where the centre is; refuse a centre that holds more of
 * this office than the log has (another office under the same id, or a new log). */
static int connect_centre(antre_export_t *x, char *err, size_t errcap)
{
	int64_t newest = 0, next_at = 0, confirmed = 0;

	x->pg = central_connect(x->conninfo, x->has_password ? x->password : NULL, x->office_id,
				err, errcap);
	if (x->pg == NULL)
		return -1;
	if (central_migrate(x->pg, err, errcap) < 0 ||
	    central_progress(x->pg, x->office_id, &x->centre_seq, err, errcap) < 0 ||
	    outbox_position(x->outbox, 0, &newest, &next_at, err, errcap) < 0)
		goto fail;
	if (same_log(x, newest, err, errcap) < 0)
		goto fail;
	if (outbox_confirmed(x->outbox, &confirmed, err, errcap) == 0 && confirmed > x->centre_seq)
		antre_log(ANTRE_LOG_WARN, "export: the centre has events up to seq %lld only, though "
			"it had confirmed %lld (restored from a backup?): sending again from there",
			(long long)x->centre_seq, (long long)confirmed);
	antre_log(ANTRE_LOG_INFO, "export: connected to the centre (%s) as office %s; it has "
		"events up to seq %lld of %lld", x->redacted, x->office_id,
		(long long)x->centre_seq, (long long)newest);
	x->idle_since_ms = antre_monotonic_ms();
	return 0;
fail:
	disconnect(x);
	return -1;
}

/* The months of b not known to have a partition yet, each once. */
static size_t new_months(antre_export_t *x, const outbox_batch_t *b, const char **days)
{
	size_t n = 0;
	const char *last = x->month_done;

	for (size_t i = 0; i < b->n; i++) {
		if (strncmp(b->days[i], last, 7) == 0)
			continue;
		days[n++] = b->days[i];
		last = b->days[i];
	}
	return n;
}

/* Send the next batch. 1: some progress (more may follow), 0: nothing left to send,
 * -1: an error (in err; the connection is dropped so the next step reconnects). */
static int export_step(antre_export_t *x, char *err, size_t errcap)
{
	outbox_batch_t b;
	const char **days;
	int64_t centre_seq = 0;
	int rc;

	if (x->pg == NULL && connect_centre(x, err, errcap) < 0)
		return -1;
	if (outbox_read(x->outbox, x->centre_seq, ANTRE_EXPORT_BATCH, &b, err, errcap) < 0)
		return -1;
	if (b.n == 0) {
		outbox_batch_free(&b);
		if (antre_monotonic_ms() - x->idle_since_ms < PING_MS)
			return 0;
		x->idle_since_ms = antre_monotonic_ms();
		if (central_ping(x->pg, err, errcap) == 0)
			return 0;
		disconnect(x);
		return -1;
	}
	days = xcalloc(b.n, sizeof(*days));
	rc = central_partitions(x->pg, days, new_months(x, &b, days), err, errcap);
	if (rc == 0)
		rc = central_send(x->pg, x->office_id, b.json, x->centre_seq, b.last_seq,
				  &centre_seq, x->hold_ms, err, errcap);
	free(days);
	if (rc == 1) {
		antre_log(ANTRE_LOG_WARN, "export: the centre's progress of office %s is at seq %lld, "
			"not %lld (another exporter of the same office?): going on from there",
			x->office_id, (long long)centre_seq, (long long)x->centre_seq);
		x->centre_seq = centre_seq;
		disconnect(x);   /* the next step checks the log is still the same */
	} else if (rc == 0) {
		snprintf(x->month_done, sizeof(x->month_done), "%.7s", b.days[b.n - 1]);
		x->centre_seq = b.last_seq;
		x->idle_since_ms = antre_monotonic_ms();
		pthread_mutex_lock(&x->lock);
		x->st.exported_total += b.n;
		pthread_mutex_unlock(&x->lock);
		if (outbox_confirm(x->outbox, x->centre_seq, err, errcap) < 0)
			antre_log(ANTRE_LOG_WARN, "export: %s (the centre's own record is kept)", err);
	} else {
		disconnect(x);
	}
	outbox_batch_free(&b);
	return rc < 0 ? -1 : 1;
}

/* Lag and reachability after a step (error: its sentence, or NULL). */
static void update_status(antre_export_t *x, const char *error)
{
	int64_t exported = x->centre_seq, newest = 0, next_at = 0, now = wall_ms();
	char ignored[200];

	if (x->pg == NULL)
		outbox_confirmed(x->outbox, &exported, ignored, sizeof(ignored));
	outbox_position(x->outbox, exported, &newest, &next_at, ignored, sizeof(ignored));
	pthread_mutex_lock(&x->lock);
	x->st.up = x->pg != NULL;
	x->st.exported_seq = exported;
	x->st.local_seq = newest;
	x->st.lag_events = newest > exported ? newest - exported : 0;
	x->st.lag_seconds = next_at > 0 && now > next_at ? (double)(now - next_at) / 1000.0 : 0;
	if (error) {
		antre_strlcpy(x->st.last_error, error, sizeof(x->st.last_error));
		x->st.last_error_at_ms = now;
	}
	pthread_mutex_unlock(&x->lock);
}

/* Wait ms, or less if asked to stop. Returns whether to stop. */
static int pause_ms(antre_export_t *x, long ms)
{
	struct timespec deadline;
	int stop;

	antre_deadline_in(&deadline, ms);
	pthread_mutex_lock(&x->lock);
	while (!x->stop && pthread_cond_timedwait(&x->wake, &x->lock, &deadline) == 0)
		;
	stop = x->stop;
	pthread_mutex_unlock(&x->lock);
	return stop;
}

/* The pause before a retry, in slices: the lag figures stay fresh meanwhile (events go
 * on arriving while the centre is away). Returns whether to stop. */
static int back_off(antre_export_t *x, long ms)
{
	for (long left = ms; left > 0; left -= POLL_MS) {
		if (pause_ms(x, left < POLL_MS ? left : POLL_MS))
			return 1;
		update_status(x, NULL);
	}
	return 0;
}

static void *export_main(void *arg)
{
	antre_export_t *x = arg;
	long backoff = BACKOFF_MIN_MS;
	char err[ANTRE_EXPORT_ERROR_MAX], said[ANTRE_EXPORT_ERROR_MAX] = "";
	int rc = 0;

	do {
		rc = export_step(x, err, sizeof(err));
		update_status(x, rc < 0 ? err : NULL);
		if (rc < 0) {
			/* The same failure again is said once, not every retry. */
			if (strcmp(err, said) != 0)
				antre_log(ANTRE_LOG_WARN, "export to the centre (%s) failed, retrying "
					"(up to every %d s): %s", x->redacted, BACKOFF_MAX_MS / 1000, err);
			antre_strlcpy(said, err, sizeof(said));
			if (back_off(x, backoff))
				break;
			backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
			continue;
		}
		if (said[0])
			antre_log(ANTRE_LOG_INFO, "export: the centre answers again");
		said[0] = '\0';
		backoff = BACKOFF_MIN_MS;
	} while (!(rc == 0 ? pause_ms(x, POLL_MS) : pause_ms(x, 0)));
	return NULL;
}

int antre_export_start(const antre_config_t *cfg, const char *db_path, antre_export_t **out,
		       char *err, size_t errcap)
{
	antre_export_t *x = export_new(cfg, db_path, err, errcap);

	*out = NULL;
	if (x == NULL)
		return -1;
	update_status(x, NULL);
	if (pthread_create(&x->thread, NULL, export_main, x) != 0) {
		snprintf(err, errcap, "cannot start the export thread");
		export_free(x);
		return -1;
	}
	x->started = 1;
	pthread_mutex_lock(&running_lock);
	running = x;
	pthread_mutex_unlock(&running_lock);
	antre_log(ANTRE_LOG_INFO, "export: sending the log to the centre (%s) as office %s",
		x->redacted, x->office_id);
	*out = x;
	return 0;
}

void antre_export_stop(antre_export_t *x)
{
	if (x == NULL)
		return;
	pthread_mutex_lock(&running_lock);
	if (running == x)
		running = NULL;
	pthread_mutex_unlock(&running_lock);
	pthread_mutex_lock(&x->lock);
	x->stop = 1;
	pthread_cond_broadcast(&x->wake);
	pthread_mutex_unlock(&x->lock);
	if (x->started)
		pthread_join(x->thread, NULL);
	export_free(x);
}

int antre_export_status_now(antre_export_status_t *out)
{
	int rc = -1;

	pthread_mutex_lock(&running_lock);
	if (running) {
		pthread_mutex_lock(&running->lock);
		*out = running->st;
		pthread_mutex_unlock(&running->lock);
		rc = 0;
	}
	pthread_mutex_unlock(&running_lock);
	return rc;
}

int antre_export_once(const antre_config_t *cfg, const char *db_path, int64_t *sent,
		      char *err, size_t errcap)
{
	antre_export_t *x = export_new(cfg, db_path, err, errcap);
	int rc;

	*sent = 0;
	if (x == NULL)
		return -1;
	while ((rc = export_step(x, err, errcap)) == 1)
		;
	if (rc == 0) {
		*sent = (int64_t)x->st.exported_total;
		antre_log(ANTRE_LOG_INFO, "export: %lld events sent to the centre (%s) as office %s; "
			"it has every event up to seq %lld", (long long)*sent, x->redacted,
			x->office_id, (long long)x->centre_seq);
	}
	export_free(x);
	return rc;
}
