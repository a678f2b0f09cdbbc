/* SQLite event log with a group-committing writer thread. */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "number.h"
#include "xmalloc.h"

const double antre_store_latency_bounds_ms[ANTRE_STORE_LAT_BUCKETS] = {
	0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250
};

struct antre_store {
	const antre_config_t *cfg;
	char path[ANTRE_PATH_MAX];
	char wal_path[ANTRE_PATH_MAX + 8];
	struct stat db_id, wal_id;  /* the files the log is in: a commit checks they still are */
	int lock_fd;               /* PATH.lock, flock()ed for as long as the store is open */
	int exit_after_issues;     /* test seam: _exit right after the commit of the Nth issue */
	sqlite3 *wdb;              /* the writer's connection */
	sqlite3 *rdb;              /* readers' connection (replay, catch-up reads) */
	sqlite3_stmt *insert;
	sqlite3_stmt *begin, *commit;   /* BEGIN IMMEDIATE and COMMIT, prepared once */
	pthread_mutex_t rlock;

	pthread_t writer;
	pthread_mutex_t lock;
	pthread_cond_t work;       /* pending events or stop */
	pthread_cond_t done;       /* committed moved or failed */
	antre_events_t pending;
	uint64_t submitted;        /* submissions so far */
	uint64_t committed;        /* submissions durable so far */
	uint64_t group_target;     /* submitters expected back for the next group */
	int failed;
	int stop;
	int abandon;               /* stopping: write nothing more */
	int writing;               /* the writer is between taking a group and reporting it */
	int64_t busy_since_ms;     /* CLOCK_MONOTONIC ms the log became busy, 0 if it is not */
	antre_store_commit_fn on_commit;
	void *on_commit_ctx;
	antre_store_stats_t stats;
};

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS events ("
	" seq INTEGER PRIMARY KEY,"
	" day TEXT NOT NULL,"
	" at_ms INTEGER NOT NULL,"
	" type TEXT NOT NULL,"
	" ticket TEXT, number TEXT, service TEXT, from_service TEXT, journey TEXT,"
	" step INTEGER, priority INTEGER, counter TEXT,"
	" aux INTEGER NOT NULL DEFAULT 0, reason TEXT);"
	"CREATE INDEX IF NOT EXISTS events_day ON events(day, seq);"
	"CREATE INDEX IF NOT EXISTS events_ticket ON events(ticket) WHERE type = 'ticket.issued';"
	"CREATE INDEX IF NOT EXISTS events_reset ON events(seq) WHERE type = 'day.reset';";

/* Schema 2: the issuing kiosk and the request's idempotency key of a ticket.issued,
 * and a small table of facts about the log itself (the start-up write check). */
static const char schema2_sql[] =
	"ALTER TABLE events ADD COLUMN kiosk TEXT;"
	"ALTER TABLE events ADD COLUMN idem TEXT;"
	"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);";

/* Schema 3: the language a ticket.issued was asked in (NULL in older rows: "id"). */
static const char schema3_sql[] = "ALTER TABLE events ADD COLUMN lang TEXT;";

/* Schema 4: journeys across days (docs/journeys.md). A return visit's ticket.issued
 * names the deferred ticket it resumes; a ticket.deferred carries what resuming needs
 * (origin, visit, since, return_on), so a replay that starts days later rebuilds each
 * deferred journey from its latest ticket.deferred alone; the two partial indexes
 * keep that look-up small however many journeys wait. */
static const char schema4_sql[] =
	"ALTER TABLE events ADD COLUMN resumes TEXT;"
	"ALTER TABLE events ADD COLUMN origin TEXT;"
	"ALTER TABLE events ADD COLUMN visit INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE events ADD COLUMN since TEXT;"
	"ALTER TABLE events ADD COLUMN return_on TEXT;"
	"CREATE INDEX IF NOT EXISTS events_deferred ON events(seq) WHERE type = 'ticket.deferred';"
	"CREATE INDEX IF NOT EXISTS events_resumes ON events(resumes) WHERE resumes IS NOT NULL;";

/* A service's status outlives the day that set it: replay looks up each service's
 * latest service.status before the day it starts from. The index is made on every
 * open (a no-op once there), not by a schema step, so that an older antred still opens
 * the log: it knows no service.status and ignores the index. */
static const char status_index_sql[] =
	"CREATE INDEX IF NOT EXISTS events_status ON events(service, seq)"
	" WHERE type = 'service.status';"
	/* and the return visits that never printed: a few rows, looked up per resume */
	"CREATE INDEX IF NOT EXISTS events_unprinted ON events(ticket)"
	" WHERE type = 'ticket.cancelled' AND reason = 'print_failed';";

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int exec(sqlite3 *db, const char *sql, char *err, size_t errcap)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errcap, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static void explain(sqlite3 *db, const char *path, const char *doing, char *err, size_t errcap);

static int open_conn(const char *path, sqlite3 **db, char *err, size_t errcap)
{
	char *msg = NULL;
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		if (*db == NULL) {
			snprintf(err, errcap, "cannot open the event log %s: out of memory", path);
			return -1;
		}
		explain(*db, path, "cannot open the event log", err, errcap);
		return -1;
	}
	sqlite3_busy_timeout(*db, 30000);   /* at start: wait out a backup */
	sqlite3_extended_result_codes(*db, 1);
	if (sqlite3_exec(*db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL,
			 &msg) != SQLITE_OK) {
		sqlite3_free(msg);
		explain(*db, path, "cannot open the event log", err, errcap);
		return -1;
	}
	return 0;
}

/* Why a write to the log at path failed, in words an office's IT person can act on. */
static void explain(sqlite3 *db, const char *path, const char *doing, char *err, size_t errcap)
{
	int code = sqlite3_extended_errcode(db), sys = sqlite3_system_errno(db);
	const char *cause;

	switch (code & 0xff) {
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		cause = "it cannot be written: check that antred's user owns the file and its "
			"folder, and that the disk is not mounted read-only";
		break;
	case SQLITE_FULL:
		cause = "the disk is full (or a file-size limit applies): free some space";
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		cause = "the file is damaged or is not an antre log: move it aside and restore "
			"the last backup";
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		cause = "another program (a backup, or a sqlite3 shell left open) has held it "
			"locked for over 30 s";
		break;
	default:
		cause = sys == ENOSPC || sys == EFBIG ? "the disk is full (or a file-size limit "
							"applies): free some space"
			: sys == EACCES || sys == EROFS ? "it cannot be written: check the owner and "
							  "the mount"
							: "the disk reported an error";
		break;
	}
	snprintf(err, errcap, "%s %s: %s (%s)", doing, path, cause, sqlite3_errmsg(db));
}

/* Create the schema on a new file; refuse a file from a newer antre. */
static int migrate(sqlite3 *db, const char *path, char *err, size_t errcap)
{
	sqlite3_stmt *st = NULL;
	int version = 0;
	char sql[64];

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errcap, "%s: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > ANTRE_STORE_SCHEMA) {
		snprintf(err, errcap, "%s was written by a newer antre (schema %d; this one "
			 "knows %d)", path, version, ANTRE_STORE_SCHEMA);
		return -1;
	}
	if (version == ANTRE_STORE_SCHEMA)
		return exec(db, status_index_sql, err, errcap);
	if (exec(db, "BEGIN IMMEDIATE", err, errcap) < 0 ||
	    (version < 1 && exec(db, schema_sql, err, errcap) < 0) ||
	    (version < 2 && exec(db, schema2_sql, err, errcap) < 0) ||
	    (version < 3 && exec(db, schema3_sql, err, errcap) < 0) ||
	    (version < 4 && exec(db, schema4_sql, err, errcap) < 0) ||
	    exec(db, status_index_sql, err, errcap) < 0) {
		char ignored[64];
		explain(db, path, "cannot prepare", err, errcap);
		exec(db, "ROLLBACK", ignored, sizeof(ignored));
		return -1;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", ANTRE_STORE_SCHEMA);
	if (exec(db, sql, err, errcap) < 0 || exec(db, "COMMIT", err, errcap) < 0)
		return -1;
	return 0;
}

static void bind_id(sqlite3_stmt *st, int col, const char *id)
{
	if (id)
		sqlite3_bind_text(st, col, id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

static void bind_text(sqlite3_stmt *st, int col, const char *s)
{
	bind_id(st, col, s[0] ? s : NULL);
}

static int insert_event(antre_store_t *s, const antre_event_t *e)
{
	const antre_config_t *cfg = s->cfg;
	sqlite3_stmt *st = s->insert;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, e->seq);
	sqlite3_bind_text(st, 2, e->day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, e->at_ms);
	sqlite3_bind_text(st, 4, antre_event_type_name(e->type), -1, SQLITE_STATIC);
	bind_text(st, 5, e->ticket);
	bind_text(st, 6, e->number);
	bind_id(st, 7, e->service >= 0 ? cfg->services[e->service].id : NULL);
	bind_id(st, 8, e->journey >= 0 ? cfg->journeys[e->journey].id : NULL);
	sqlite3_bind_int(st, 9, e->step);
	sqlite3_bind_int(st, 10, e->priority);
	bind_id(st, 11, e->counter >= 0 ? cfg->counters[e->counter].id : NULL);
	sqlite3_bind_int64(st, 12, e->aux);
	bind_text(st, 13, e->reason);
	bind_id(st, 14, e->from_service >= 0 ? cfg->services[e->from_service].id : NULL);
	bind_id(st, 15, e->kiosk >= 0 && e->kiosk < cfg->n_kiosks ? cfg->kiosks[e->kiosk].id : NULL);
	bind_text(st, 16, e->idem);
	bind_text(st, 17, e->lang);
	bind_text(st, 18, e->resumes);
	bind_text(st, 19, e->origin);
	sqlite3_bind_int(st, 20, e->visit);
	bind_text(st, 21, e->since);
	bind_text(st, 22, e->return_on);
	rc = sqlite3_step(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Write one batch in one transaction: 0, COMMIT_BUSY (another program holds the lock:
 * nothing was written, try again), or -1 with a sentence in err. */
#define COMMIT_BUSY 1
static int step_once(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int commit_batch(antre_store_t *s, const antre_events_t *batch, char *err, size_t errcap)
{
	char ignored[64];
	int code;

	if (step_once(s->begin) < 0)
		goto fail;
	for (size_t i = 0; i < batch->n; i++)
		if (insert_event(s, &batch->v[i]) < 0)
			goto fail;
	if (step_once(s->commit) < 0)
		goto fail;
	return 0;
fail:
	code = sqlite3_extended_errcode(s->wdb) & 0xff;
	explain(s->wdb, s->path, "cannot write the event log", err, errcap);
	if (!sqlite3_get_autocommit(s->wdb))
		exec(s->wdb, "ROLLBACK", ignored, sizeof(ignored));
	return code == SQLITE_BUSY || code == SQLITE_LOCKED ? COMMIT_BUSY : -1;
}

/* The log is still the file at path (and its WAL): not deleted, not replaced. A commit
 * into a file the next start will not read must not be acknowledged. */
static int same_file(const char *path, const struct stat *was)
{
	struct stat now;
	return stat(path, &now) == 0 && now.st_dev == was->st_dev && now.st_ino == was->st_ino;
}

static int still_the_log(antre_store_t *s, char *err, size_t errcap)
{
	if (same_file(s->path, &s->db_id) && (s->wal_id.st_ino == 0 ||
					      same_file(s->wal_path, &s->wal_id)))
		return 0;
	snprintf(err, errcap, "%.300s (or its -wal file) was deleted or replaced while antred ran; "
		 "what was just written is not in the file the next start would read", s->path);
	return -1;
}

/* Commit one group, retrying while another program holds the log's lock (for as long
 * as it takes, unless stopping gives up) and a few times on other errors. */
static int commit_group(antre_store_t *s, const antre_events_t *batch)
{
	char err[512] = "";
	int64_t last_note = 0;
	int attempts = 0, rc;

	for (;;) {
		rc = commit_batch(s, batch, err, sizeof(err));
		if (rc == 0)
			break;
		pthread_mutex_lock(&s->lock);
		if (rc == COMMIT_BUSY && s->busy_since_ms == 0)
			s->busy_since_ms = mono_ms();
		if (s->abandon) {
			pthread_mutex_unlock(&s->lock);
			return -1;
		}
		pthread_mutex_unlock(&s->lock);
		if (rc == COMMIT_BUSY) {
			if (mono_ms() - last_note >= 5000) {
				antre_log(ANTRE_LOG_WARN, "the event log %s is locked by another program "
					"(a backup, or a sqlite3 shell left open); retrying, and new "
					"requests get 503 meanwhile", s->path);
				last_note = mono_ms();
			}
			continue;   /* the busy timeout (100 ms) was the pause */
		}
		if (++attempts >= 3)
			goto fail;
		nanosleep(&(struct timespec){ 0, 200 * 1000000L }, NULL);
	}
	pthread_mutex_lock(&s->lock);
	if (s->busy_since_ms) {
		antre_log(ANTRE_LOG_INFO, "the event log can be written again (it was locked for "
			"%.1f s)", (double)(mono_ms() - s->busy_since_ms) / 1000.0);
		s->busy_since_ms = 0;
	}
	pthread_mutex_unlock(&s->lock);
	if (still_the_log(s, err, sizeof(err)) < 0)
		goto fail;
	return 0;
fail:
	antre_log(ANTRE_LOG_ERROR, "event log write failed: %s", err);
	return -1;
}

/* Test seam (ANTRE_TEST_EXIT_AFTER_ISSUES=N): die like a power cut right after the
 * commit that holds the Nth ticket.issued, before anybody is answered. */
static void maybe_exit_after(antre_store_t *s, const antre_events_t *batch)
{
	if (s->exit_after_issues <= 0)
		return;
	for (size_t i = 0; i < batch->n; i++)
		if (batch->v[i].type == ANTRE_EV_TICKET_ISSUED && --s->exit_after_issues == 0)
			_exit(86);
}

/* Group commit delay (like PostgreSQL's commit_delay, but bounded by who is coming
 * back): the last commit released some submitters while others were already queued;
 * give the released ones up to GROUP_WAIT_US to submit again, so that one fsync covers
 * everybody. A lone writer never waits. */
#define GROUP_WAIT_US 200
static void gather_group(antre_store_t *s)
{
	struct timespec deadline;
	antre_deadline_in(&deadline, 0);
	deadline.tv_nsec += GROUP_WAIT_US * 1000L;   /* < 1 s: one carry at most */
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	while (!s->stop && s->submitted - s->committed < s->group_target &&
	       pthread_cond_timedwait(&s->work, &s->lock, &deadline) == 0)
		;
}

static void *writer_main(void *arg)
{
	antre_store_t *s = arg;
	antre_events_t batch;

	antre_events_init(&batch);
	pthread_mutex_lock(&s->lock);
	for (;;) {
		uint64_t upto;
		struct timespec t0;
		double ms;
		int rc;

		while (s->pending.n == 0 && !s->stop)
			pthread_cond_wait(&s->work, &s->lock);
		if ((s->pending.n == 0 && s->stop) || s->abandon)
			break;
		gather_group(s);
		if (s->abandon)   /* stopping gave up while the group gathered */
			break;
		/* Take everything submitted so far: that is the group. */
		antre_events_t tmp = batch;
		batch = s->pending;
		s->pending = tmp;
		antre_events_clear(&s->pending);
		upto = s->submitted;
		s->writing = 1;
		pthread_mutex_unlock(&s->lock);

		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = s->failed ? -1 : commit_group(s, &batch);
		ms = ms_since(&t0);
		if (rc == 0)
			maybe_exit_after(s, &batch);

		/* Tell listeners in commit order, before waiters are released, so a client
		 * never sees its answer before the event stream has the event (the stream's
		 * hub takes it into its ring here, and formats and sends it on its own
		 * thread). */
		if (s->on_commit)
			s->on_commit(s->on_commit_ctx, rc == 0 ? batch.v : NULL,
				     rc == 0 ? batch.n : 0);

		pthread_mutex_lock(&s->lock);
		if (rc == 0) {
			int b = 0;
			s->group_target = s->submitted - s->committed;
			s->committed = upto;
			s->stats.commits++;
			s->stats.events += batch.n;
			while (b < ANTRE_STORE_LAT_BUCKETS && ms > antre_store_latency_bounds_ms[b])
				b++;
			s->stats.latency_count[b]++;
			s->stats.latency_sum_ms += ms;
		} else {
			s->failed = 1;
		}
		s->writing = 0;
		antre_events_clear(&batch);
		pthread_cond_broadcast(&s->done);
	}
	s->writing = 0;
	pthread_cond_broadcast(&s->done);
	pthread_mutex_unlock(&s->lock);
	antre_events_free(&batch);
	return NULL;
}

/* One antred per log: flock() the database file itself (so a second path to it, a
 * symlink or a hard link, meets the same lock; the kernel drops it however antred
 * ends), and write our PID in PATH.lock so the refusal can say who holds it. The
 * descriptor stays open until SQLite has closed the file (flock and SQLite's fcntl
 * locks do not meet on Linux, but closing a descriptor of the file would drop
 * SQLite's). */
static int take_lock(antre_store_t *s, char *err, size_t errcap)
{
	char pid_path[ANTRE_PATH_MAX + 8], pid[32] = "";
	ssize_t n;
	int fd;

	snprintf(pid_path, sizeof(pid_path), "%s.lock", s->path);
	s->lock_fd = open(s->path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (s->lock_fd < 0) {
		snprintf(err, errcap, "cannot open the event log %s: %s", s->path, strerror(errno));
		return -1;
	}
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		fd = open(pid_path, O_RDONLY | O_CLOEXEC);
		n = fd >= 0 ? read(fd, pid, sizeof(pid) - 1) : -1;
		if (fd >= 0)
			close(fd);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		snprintf(err, errcap, "%s is in use by another antred (PID %s); one office log is "
			 "served by one antred: stop that one first, or give this one its own --db",
			 s->path, pid[0] ? pid : "unknown");
		close(s->lock_fd);
		s->lock_fd = -1;
		return -1;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	fd = open(pid_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0 || write(fd, pid, (size_t)n) != n)
		antre_log(ANTRE_LOG_ERROR, "cannot write the PID into %s: %s", pid_path,
			strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

/* Prove the log can be written now, with a real fsync'd commit, rather than answering
 * /healthz and failing at the first ticket. Then remember which files it lives in. */
static int check_writable(antre_store_t *s, char *err, size_t errcap)
{
	sqlite3_stmt *st = NULL;
	char ignored[64];
	int rc;

	if (exec(s->wdb, "BEGIN IMMEDIATE", err, errcap) < 0)
		goto fail;
	rc = sqlite3_prepare_v2(s->wdb, "INSERT OR REPLACE INTO meta(key, value) VALUES"
				" ('last_start', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", -1, &st, NULL);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	if (exec(s->wdb, "COMMIT", err, errcap) < 0)
		goto fail;
	snprintf(s->wal_path, sizeof(s->wal_path), "%s-wal", s->path);
	if (stat(s->path, &s->db_id) < 0) {
		snprintf(err, errcap, "%s vanished while antred opened it", s->path);
		return -1;
	}
	if (stat(s->wal_path, &s->wal_id) < 0)
		memset(&s->wal_id, 0, sizeof(s->wal_id));
	return 0;
fail:
	explain(s->wdb, s->path, "cannot write the event log", err, errcap);
	sqlite3_finalize(st);
	if (!sqlite3_get_autocommit(s->wdb))
		exec(s->wdb, "ROLLBACK", ignored, sizeof(ignored));
	return -1;
}

int antre_store_open(const char *path, const antre_config_t *cfg, antre_store_t **out,
		     char *err, size_t errcap)
{
	antre_store_t *s = xcalloc(1, sizeof(*s));
	const char *seam = getenv("ANTRE_TEST_EXIT_AFTER_ISSUES");
	static const char insert_sql[] =
		"INSERT INTO events(seq, day, at_ms, type, ticket, number, service, journey,"
		" step, priority, counter, aux, reason, from_service, kiosk, idem, lang,"
		" resumes, origin, visit, since, return_on)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
		" ?17, ?18, ?19, ?20, ?21, ?22)";

	*out = NULL;
	s->cfg = cfg;
	s->lock_fd = -1;
	if (seam && antre_parse_int(seam, INT_MIN, INT_MAX, &s->exit_after_issues) != 0)
		antre_log(ANTRE_LOG_WARN, "ignoring ANTRE_TEST_EXIT_AFTER_ISSUES=%s (not a number)",
			seam);
	antre_strlcpy(s->path, path, sizeof(s->path));
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->rlock, NULL);
	antre_cond_init_monotonic(&s->work);
	antre_cond_init_monotonic(&s->done);
	antre_events_init(&s->pending);
	if (take_lock(s, err, errcap) < 0)
		goto fail;
	if (open_conn(path, &s->wdb, err, errcap) < 0 || migrate(s->wdb, path, err, errcap) < 0 ||
	    check_writable(s, err, errcap) < 0 || open_conn(path, &s->rdb, err, errcap) < 0)
		goto fail;
	/* From now on the writer retries a busy log itself, in short steps, so it can tell
	 * how long the log has been busy and refuse new requests meanwhile. */
	sqlite3_busy_timeout(s->wdb, 100);
	if (sqlite3_prepare_v2(s->wdb, insert_sql, -1, &s->insert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->wdb, "BEGIN IMMEDIATE", -1, &s->begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->wdb, "COMMIT", -1, &s->commit, NULL) != SQLITE_OK) {
		snprintf(err, errcap, "%s: %s", path, sqlite3_errmsg(s->wdb));
		goto fail;
	}
	if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
		snprintf(err, errcap, "cannot start the log writer thread");
		goto fail;
	}
	*out = s;
	return 0;
fail:
	sqlite3_finalize(s->insert);
	sqlite3_finalize(s->begin);
	sqlite3_finalize(s->commit);
	sqlite3_close(s->wdb);
	sqlite3_close(s->rdb);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s);
	return -1;
}

void antre_store_close(antre_store_t *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = 1;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->writer, NULL);
	sqlite3_finalize(s->insert);
	sqlite3_finalize(s->begin);
	sqlite3_finalize(s->commit);
	sqlite3_close(s->wdb);
	sqlite3_close(s->rdb);
	if (s->lock_fd >= 0)
		close(s->lock_fd);   /* releases the flock */
	antre_events_free(&s->pending);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->rlock);
	pthread_cond_destroy(&s->work);
	pthread_cond_destroy(&s->done);
	free(s);
}

void antre_store_on_commit(antre_store_t *s, antre_store_commit_fn fn, void *ctx)
{
	pthread_mutex_lock(&s->lock);
	s->on_commit = fn;
	s->on_commit_ctx = ctx;
	pthread_mutex_unlock(&s->lock);
}

uint64_t antre_store_submit(antre_store_t *s, const antre_event_t *ev, size_t n)
{
	uint64_t token;
	pthread_mutex_lock(&s->lock);
	if (n > 0) {
		int was_idle = s->pending.n == 0;
		for (size_t i = 0; i < n; i++)
			antre_events_push(&s->pending, &ev[i]);
		s->submitted++;
		/* Wake the writer only when it has something new to decide: the first
		 * submission of a group, or the one that completes it. */
		if (was_idle || s->submitted - s->committed >= s->group_target)
			pthread_cond_signal(&s->work);
	}
	token = s->submitted;
	pthread_mutex_unlock(&s->lock);
	return token;
}

int antre_store_wait(antre_store_t *s, uint64_t token)
{
	int rc;
	pthread_mutex_lock(&s->lock);
	while (s->committed < token && !s->failed && !s->abandon)
		pthread_cond_wait(&s->done, &s->lock);
	rc = s->committed >= token ? 0 : -1;
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int64_t antre_store_busy_ms(antre_store_t *s)
{
	int64_t since;
	pthread_mutex_lock(&s->lock);
	since = s->busy_since_ms;
	pthread_mutex_unlock(&s->lock);
	return since ? mono_ms() - since : 0;
}

int antre_store_flush(antre_store_t *s, long ms)
{
	struct timespec deadline;
	int rc = 0;

	antre_deadline_in(&deadline, ms);
	pthread_mutex_lock(&s->lock);
	while (s->committed < s->submitted && !s->failed &&
	       pthread_cond_timedwait(&s->done, &s->lock, &deadline) == 0)
		;
	if (s->committed < s->submitted) {
		/* Give up: the writer stops at its next step; what it holds is not written. */
		s->abandon = 1;
		pthread_cond_broadcast(&s->work);
		while (s->writing)
			pthread_cond_wait(&s->done, &s->lock);
		rc = s->committed < s->submitted ? -1 : 0;
		pthread_cond_broadcast(&s->done);
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static const char *col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

static int kiosk_index(const antre_config_t *cfg, const char *id)
{
	for (int i = 0; i < cfg->n_kiosks; i++)
		if (strcmp(cfg->kiosks[i].id, id) == 0)
			return i;
	return -1;
}

/* Row → event. Returns -1 when the event names something the config no longer has,
 * with the reason in why. A ticket event at a counter that is gone keeps its ticket
 * (counter ANTRE_COUNTER_GONE), so the ticket is never silently back in a line. A
 * kiosk that is gone only means nobody but admin may cancel the ticket. */
static int row_to_event(const antre_config_t *cfg, sqlite3_stmt *st, antre_event_t *e,
			char *why, size_t whycap)
{
	const char *name = col_text(st, 3);
	int type = antre_event_type_parse(name);
	const char *svc = col_text(st, 6), *jr = col_text(st, 7), *ctr = col_text(st, 10);
	const char *from = col_text(st, 13);

	antre_event_blank(e, type < 0 ? ANTRE_EV_DAY_RESET : (antre_event_type_t)type);
	e->seq = sqlite3_column_int64(st, 0);
	antre_strlcpy(e->day, col_text(st, 1), sizeof(e->day));
	e->at_ms = sqlite3_column_int64(st, 2);
	antre_strlcpy(e->ticket, col_text(st, 4), sizeof(e->ticket));
	antre_strlcpy(e->number, col_text(st, 5), sizeof(e->number));
	e->service = svc[0] ? antre_config_service_index(cfg, svc) : -1;
	e->from_service = from[0] ? antre_config_service_index(cfg, from) : -1;
	e->journey = jr[0] ? antre_config_journey_index(cfg, jr) : -1;
	e->step = sqlite3_column_int(st, 8);
	e->priority = sqlite3_column_int(st, 9);
	e->counter = ctr[0] ? antre_config_counter_index(cfg, ctr) : -1;
	e->aux = sqlite3_column_int64(st, 11);
	antre_strlcpy(e->reason, col_text(st, 12), sizeof(e->reason));
	e->kiosk = kiosk_index(cfg, col_text(st, 14));
	if (e->kiosk < 0 && col_text(st, 14)[0])
		e->kiosk = ANTRE_KIOSK_GONE;   /* still a kiosk's ticket: it counts in the quota */
	antre_strlcpy(e->idem, col_text(st, 15), sizeof(e->idem));
	antre_strlcpy(e->lang, col_text(st, 16), sizeof(e->lang));
	antre_strlcpy(e->resumes, col_text(st, 17), sizeof(e->resumes));
	antre_strlcpy(e->origin, col_text(st, 18), sizeof(e->origin));
	e->visit = sqlite3_column_int(st, 19);
	antre_strlcpy(e->since, col_text(st, 20), sizeof(e->since));
	antre_strlcpy(e->return_on, col_text(st, 21), sizeof(e->return_on));
	if (type < 0)
		snprintf(why, whycap, "are of a type this antred does not know (%.40s)", name);
	else if (svc[0] && e->service < 0)
		snprintf(why, whycap, "name service %.40s, which the config no longer has", svc);
	else if (from[0] && e->from_service < 0)
		snprintf(why, whycap, "name service %.40s, which the config no longer has", from);
	else if (jr[0] && e->journey < 0)
		snprintf(why, whycap, "name journey %.40s, which the config no longer has", jr);
	else if (ctr[0] && e->counter < 0 &&
		 (antre_event_type_flags((antre_event_type_t)type) & ANTRE_EVF_COUNTER))
		snprintf(why, whycap, "open, pause or close counter %.40s, which the config no "
			 "longer has", ctr);
	else {
		if (ctr[0] && e->counter < 0)
			e->counter = ANTRE_COUNTER_GONE;
		return 0;
	}
	return -1;
}

void antre_replay_free(antre_replay_t *r)
{
	free(r->damaged);
	memset(r, 0, sizeof(*r));
}

static long find_damaged(const antre_replay_t *r, const char *ticket)
{
	for (size_t i = 0; i < r->n_damaged; i++)
		if (strcmp(r->damaged[i], ticket) == 0)
			return (long)i;
	return -1;
}

static void forget_damaged(antre_replay_t *r, size_t i)
{
	r->damaged[i][0] = '\0';   /* keeps the others' places; matches no ticket */
}

/* The no-show an earlier start wrote to set a damaged ticket aside. */
static int is_set_aside(const antre_event_t *e)
{
	return e->type == ANTRE_EV_TICKET_NO_SHOW &&
	       (strcmp(e->reason, "config_changed") == 0 ||
		strcmp(e->reason, "counter_removed") == 0);
}

static void note_skipped(antre_replay_t *r, const antre_event_t *e, const char *why)
{
	int k;

	r->skipped++;
	for (k = 0; k < r->n_reasons; k++)
		if (strcmp(r->reasons[k].why, why) == 0)
			break;
	if (k == r->n_reasons && k < ANTRE_REPLAY_REASONS)
		antre_strlcpy(r->reasons[r->n_reasons++].why, why, sizeof(r->reasons[0].why));
	if (k < r->n_reasons)
		r->reasons[k].count++;
	if (e->ticket[0]) {
		if (find_damaged(r, e->ticket) >= 0)
			return;
		r->damaged = xrealloc(r->damaged, (r->n_damaged + 1) * sizeof(*r->damaged));
		antre_strlcpy(r->damaged[r->n_damaged++], e->ticket, sizeof(r->damaged[0]));
	}
}

static const char select_cols[] =
	"SELECT seq, day, at_ms, type, ticket, number, service, journey, step, priority,"
	" counter, aux, reason, from_service, kiosk, idem, lang, resumes, origin, visit,"
	" since, return_on FROM events";

/* Apply the rows of st (prepared, bound) to every queue, in order; what cannot be
 * applied is counted in report with its reason. SQLITE_DONE, or the failed step. */
static int replay_rows(sqlite3_stmt *st, const antre_config_t *cfg, antre_queue_t *const *qs,
		       int nq, antre_replay_t *report)
{
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		antre_event_t e;
		char why[120];
		int ok = row_to_event(cfg, st, &e, why, sizeof(why)) == 0;
		long d = ok && e.ticket[0] ? find_damaged(report, e.ticket) : -1;

		if (d >= 0 && !is_set_aside(&e)) {
			/* A ticket that lost an event: its later ones would apply to a state it
			 * never had (and could make a counter call it for ever). */
			antre_strlcpy(why, "follow an event of the same ticket that could not be "
				      "applied", sizeof(why));
			ok = 0;
		}
		for (int k = 0; ok && k < nq; k++)
			if (antre_queue_apply(qs[k], &e) < 0) {
				antre_strlcpy(why, "do not fit the state before them (a damaged log?)",
					      sizeof(why));
				ok = 0;   /* the same event fails alike in every queue */
			}
		if (ok) {
			if (d >= 0)   /* set aside by an earlier start: whole again from here */
				forget_damaged(report, (size_t)d);
			report->applied++;
			continue;
		}
		note_skipped(report, &e, why);
		for (int k = 0; k < nq && e.ticket[0]; k++)
			antre_queue_detach(qs[k], e.ticket);
		/* Its number was handed out today all the same: never hand it out again. */
		if (e.type == ANTRE_EV_TICKET_ISSUED)
			for (int k = 0; k < nq; k++)
				antre_queue_reserve_number(qs[k], e.number);
	}
	return step;
}

/* Run `where` (one bound value: from) over the events and replay what it selects. */
static int replay_where(antre_store_t *s, const char *where, int64_t from,
			antre_queue_t *const *qs, int nq, antre_replay_t *report)
{
	sqlite3_stmt *st = NULL;
	char sql[1024];
	int step;

	snprintf(sql, sizeof(sql), "%s %s", select_cols, where);
	if (sqlite3_prepare_v2(s->rdb, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	step = replay_rows(st, s->cfg, qs, nq, report);
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : -1;
}

int antre_store_replay(antre_store_t *s, antre_queue_t *const *qs, int nq,
		       antre_replay_t *report, char *err, size_t errcap)
{
	sqlite3_stmt *st = NULL;
	int64_t from = 0, max_seq = 0;
	int rc = -1;

	memset(report, 0, sizeof(*report));
	pthread_mutex_lock(&s->rlock);
	if (sqlite3_prepare_v2(s->rdb, "SELECT coalesce(max(seq), 0) FROM events", -1, &st,
			       NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto sqlerr;
	max_seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(s->rdb, "SELECT coalesce(max(seq), 0) FROM events"
			       " WHERE type = 'day.reset' AND aux = 0", -1, &st,
			       NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto sqlerr;
	from = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;

	/* A status stays until changed, and a deferred journey until it is resumed: each
	 * service's latest status from before the day the replay starts at, and every
	 * ticket.deferred from before it that no return visit before it resumed, go first
	 * (in seq order), then everything since. A return visit that never printed
	 * (cancelled "print_failed") resumed nothing: the engine's rule. */
	if (replay_where(s, "WHERE seq IN (SELECT max(seq) FROM events"
			 " WHERE type = 'service.status' AND seq < ?1 GROUP BY service)"
			 " OR seq IN (SELECT d.seq FROM events d WHERE d.type = 'ticket.deferred'"
			 " AND d.seq < ?1 AND NOT EXISTS (SELECT 1 FROM events r"
			 " WHERE r.resumes = d.ticket AND r.seq < ?1 AND NOT EXISTS"
			 " (SELECT 1 FROM events c WHERE c.ticket = r.ticket AND c.seq < ?1"
			 " AND c.type = 'ticket.cancelled' AND c.reason = 'print_failed')))"
			 " ORDER BY seq", from, qs, nq, report) < 0 ||
	    replay_where(s, "WHERE seq >= ?1 ORDER BY seq", from, qs, nq, report) < 0)
		goto sqlerr;
	for (int k = 0; k < nq; k++)
		antre_queue_set_seq(qs[k], max_seq);
	rc = 0;
	goto out;
sqlerr:
	snprintf(err, errcap, "reading the event log %s: %s", s->path, sqlite3_errmsg(s->rdb));
out:
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->rlock);
	return rc;
}

/* SELECT events with one bound value (the text b, or else the number a) into out; the
 * last seq looked at goes to *scanned_to (when not NULL). */
static int read_events(antre_store_t *s, const char *where, int64_t a, const char *b,
		       antre_events_t *out, int64_t *scanned_to)
{
	sqlite3_stmt *st = NULL;
	char sql[1024];
	int rc = -1, step;

	snprintf(sql, sizeof(sql), "%s %s", select_cols, where);
	pthread_mutex_lock(&s->rlock);
	if (sqlite3_prepare_v2(s->rdb, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	if (b)
		sqlite3_bind_text(st, 1, b, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, a);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		antre_event_t e;
		char why[120];
		int ok = row_to_event(s->cfg, st, &e, why, sizeof(why)) == 0;
		if (scanned_to)
			*scanned_to = e.seq;
		if (!ok)
			continue;
		if (e.counter == ANTRE_COUNTER_GONE)
			e.counter = -1;
		antre_events_push(out, &e);
	}
	rc = step == SQLITE_DONE ? 0 : -1;
out:
	if (rc < 0)
		antre_log(ANTRE_LOG_ERROR, "reading the event log %s failed: %s", s->path,
			sqlite3_errmsg(s->rdb));
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->rlock);
	return rc;
}

int antre_store_read(antre_store_t *s, int64_t after_seq, size_t max, antre_events_t *out,
		     int64_t *scanned_to)
{
	char where[96];
	if (scanned_to)
		*scanned_to = after_seq;
	snprintf(where, sizeof(where), "WHERE seq > ?1 ORDER BY seq LIMIT %lld",
		 max ? (long long)max : -1LL);
	return read_events(s, where, after_seq, NULL, out, scanned_to);
}

int antre_store_read_day(antre_store_t *s, const char *day, antre_events_t *out)
{
	return read_events(s, "WHERE day = ?1 ORDER BY seq", 0, day, out, NULL);
}

void antre_store_stats(antre_store_t *s, antre_store_stats_t *out)
{
	pthread_mutex_lock(&s->lock);
	*out = s->stats;
	pthread_mutex_unlock(&s->lock);
}
