/* The centre's side of the export: connection, schema migrations, month partitions,
 * and one batch per transaction (docs/central.md describes the tables and views). */
#include "central.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export.h"
#include "number.h"
#include "xmalloc.h"

/* Advisory lock keys: one for migrations, one for creating partitions. */
#define LOCK_SCHEMA "72165016"
#define LOCK_PARTITIONS "72165017"

/* Schema 1: events keyed by (office_id, seq), partitioned by month of the office day
 * (the key includes day because a partitioned table's key must hold the partition
 * column; an event's day never changes, so (office_id, seq) stays unique); the
 * progress of each office; and the views of docs/central.md. Ticket ids are stored as
 * md5 hashes: the raw id opens the ticket's status page, the hash only links events. */
static const char *const schema1_sql[] = {
	"CREATE TABLE export_progress ("
	" office_id text PRIMARY KEY,"
	" seq bigint NOT NULL,"
	" exported_at timestamptz NOT NULL DEFAULT now());",
	"CREATE TABLE events ("
	" office_id text NOT NULL,"
	" seq bigint NOT NULL,"
	" day date NOT NULL,"
	" at timestamptz NOT NULL,"
	" at_ms bigint NOT NULL,"
	" type text NOT NULL,"
	" ticket text,"
	" data jsonb NOT NULL DEFAULT '{}',"
	" exported_at timestamptz NOT NULL DEFAULT now(),"
	" PRIMARY KEY (office_id, seq, day)"
	") PARTITION BY RANGE (day);",
	"CREATE INDEX events_office_day ON events (office_id, day, ticket, seq);",
	/* Every event of a ticket issued that same office day, numbered by the step it
	 * belongs to: a step starts at the issue, a transfer, or a finish that sends the
	 * ticket on to a next service (what the office's daily report tracks). */
	"CREATE VIEW ticket_day_events AS"
	" SELECT e.office_id, e.day, e.ticket, e.seq, e.type, e.at_ms, e.data,"
	"  count(*) FILTER (WHERE e.type IN ('ticket.issued', 'ticket.transferred')"
	"   OR (e.type = 'ticket.finished' AND e.data ? 'service'))"
	"   OVER (PARTITION BY e.office_id, e.day, e.ticket ORDER BY e.seq) AS step_no"
	" FROM events e"
	" WHERE e.ticket IS NOT NULL AND EXISTS (SELECT 1 FROM events i"
	"  WHERE i.office_id = e.office_id AND i.day = e.day AND i.ticket = e.ticket"
	"  AND i.type = 'ticket.issued' AND i.seq <= e.seq);",
	/* One row per step: its service, when the ticket became ready there, and the
	 * first call (the wait; a recall or a second call does not count again). */
	"CREATE VIEW ticket_steps AS"
	" SELECT office_id, day, ticket, step_no,"
	"  (array_agg(data->>'service' ORDER BY seq))[1] AS service,"
	"  (array_agg(at_ms ORDER BY seq))[1] AS ready_ms,"
	"  (array_agg(at_ms ORDER BY seq) FILTER (WHERE type = 'ticket.called'))[1] AS called_ms"
	" FROM ticket_day_events GROUP BY office_id, day, ticket, step_no;",
	"CREATE VIEW step_waits AS"
	" SELECT office_id, day, ticket, step_no, service,"
	"  ((called_ms - ready_ms) / 1000)::integer AS wait_s"
	" FROM ticket_steps WHERE called_ms IS NOT NULL;",
	/* Per office, day and service: as GET /api/v1/reports/daily counts them. */
	"CREATE VIEW daily_service AS"
	" WITH issued AS (SELECT office_id, day, data->>'service' AS service, count(*) AS n"
	"   FROM ticket_day_events WHERE type = 'ticket.issued' AND NOT data ? 'journey'"
	"   GROUP BY 1, 2, 3),"
	"  ended AS (SELECT office_id, day, data->>'from_service' AS service,"
	"   count(*) FILTER (WHERE type = 'ticket.finished') AS served,"
	"   count(*) FILTER (WHERE type = 'ticket.no_show') AS no_show,"
	"   count(*) FILTER (WHERE type = 'ticket.cancelled') AS cancelled"
	"   FROM ticket_day_events"
	"   WHERE type IN ('ticket.finished', 'ticket.no_show', 'ticket.cancelled')"
	"   GROUP BY 1, 2, 3),"
	"  waits AS (SELECT office_id, day, service, count(*) AS calls,"
	"   percentile_disc(0.5) WITHIN GROUP (ORDER BY wait_s) AS p50,"
	"   percentile_disc(0.9) WITHIN GROUP (ORDER BY wait_s) AS p90,"
	"   percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_s) AS p50c,"
	"   percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_s) AS p90c,"
	"   max(wait_s) AS wmax"
	"   FROM step_waits GROUP BY 1, 2, 3),"
	"  keys AS (SELECT office_id, day, service FROM issued"
	"   UNION SELECT office_id, day, service FROM ended"
	"   UNION SELECT office_id, day, service FROM waits)"
	" SELECT k.office_id, k.day, k.service,"
	"  coalesce(i.n, 0) AS issued, coalesce(e.served, 0) AS served,"
	"  coalesce(e.no_show, 0) AS no_show, coalesce(e.cancelled, 0) AS cancelled,"
	"  coalesce(w.calls, 0) AS calls,"
	"  w.p50 AS wait_p50_s, w.p90 AS wait_p90_s,"   /* NULL: nobody was called, no wait */
	"  w.p50c AS wait_p50_cont_s, w.p90c AS wait_p90_cont_s,"
	"  w.wmax AS wait_max_s"
	" FROM keys k"
	" LEFT JOIN issued i USING (office_id, day, service)"
	" LEFT JOIN ended e USING (office_id, day, service)"
	" LEFT JOIN waits w USING (office_id, day, service);",
	/* Every completed journey with the office days it took (1: done the day it was
	 * issued), counted from the first issue of its ticket. */
	"CREATE VIEW journey_completions AS"
	" SELECT f.office_id, f.day AS completed_day, f.data->>'journey' AS journey, f.ticket,"
	"  i.issued_day, (f.day - i.issued_day) + 1 AS days_to_complete"
	" FROM events f CROSS JOIN LATERAL (SELECT min(day) AS issued_day FROM events x"
	"  WHERE x.office_id = f.office_id AND x.ticket = f.ticket"
	"  AND x.type = 'ticket.issued') i"
	" WHERE f.type = 'ticket.finished' AND f.data ? 'journey' AND NOT f.data ? 'service';",
	"CREATE VIEW daily_journey AS"
	" WITH counted AS (SELECT office_id, day, data->>'journey' AS journey,"
	"   count(*) FILTER (WHERE type = 'ticket.issued') AS issued,"
	"   count(*) FILTER (WHERE type = 'ticket.finished' AND NOT data ? 'service')"
	"    AS completed"
	"   FROM ticket_day_events WHERE data ? 'journey' GROUP BY 1, 2, 3),"
	"  took AS (SELECT office_id, completed_day AS day, journey,"
	"   count(*) AS completions,"
	"   avg(days_to_complete)::numeric(10, 2) AS days_to_complete_avg,"
	"   percentile_disc(0.5) WITHIN GROUP (ORDER BY days_to_complete)"
	"    AS days_to_complete_p50,"
	"   max(days_to_complete) AS days_to_complete_max"
	"   FROM journey_completions GROUP BY 1, 2, 3)"
	" SELECT office_id, day, journey, coalesce(c.issued, 0) AS issued,"
	"  coalesce(c.completed, 0) AS completed, coalesce(t.completions, 0) AS completions,"
	"  t.days_to_complete_avg, t.days_to_complete_p50, t.days_to_complete_max"
	" FROM counted c FULL JOIN took t USING (office_id, day, journey);",
	"CREATE VIEW daily_office AS"
	" SELECT office_id, day,"
	"  count(*) FILTER (WHERE type = 'ticket.issued') AS issued,"
	"  count(*) FILTER (WHERE type = 'ticket.finished') AS served,"
	"  count(*) FILTER (WHERE type = 'ticket.finished' AND data ? 'journey'"
	"   AND NOT data ? 'service') AS journeys_completed"
	" FROM ticket_day_events GROUP BY office_id, day;",
	"CREATE VIEW export_lag AS"
	" SELECT p.office_id, p.seq, p.exported_at, now() - p.exported_at AS since_last_batch"
	" FROM export_progress p;",
	NULL,
};

/* Schema 2: journeys across days (docs/journeys.md) are followed by their origin. A
 * return visit is a ticket of its own that names the journey's first ticket (`origin`)
 * and the deferred one it resumes (`resumes`): those ids are hashed like `ticket` (schema
 * 1 stored them raw), so that they link to it; and the journey views count a journey
 * once, from its origin's issue day to the day its last desk finished, whatever visit. */
static const char *const schema2_sql[] = {
	"UPDATE events SET data = (data - 'origin' - 'resumes') || jsonb_strip_nulls("
	" jsonb_build_object('origin', md5(data->>'origin'), 'resumes', md5(data->>'resumes')))"
	" WHERE data ?| array['origin', 'resumes'];",
	"DROP VIEW daily_journey;",
	"DROP VIEW journey_completions;",
	/* Every visit of a journey: the first (issued at the kiosk) and each return. An
	 * origin that is not an md5 (32 hex digits) is a raw id (16) that an antred of
	 * schema 1, connected before this migration, still sent: hashed here too. */
	"CREATE VIEW journey_visits AS"
	" SELECT office_id, day, seq, ticket, data->>'journey' AS journey,"
	"  coalesce(CASE WHEN length(data->>'origin') = 32 THEN data->>'origin'"
	"   ELSE md5(data->>'origin') END, ticket) AS origin,"
	"  data ? 'resumes' AS returned,"
	"  CASE WHEN data ? 'resumes' THEN (data->>'visit')::integer ELSE 1 END AS visit,"
	"  (data->>'since')::date AS since"
	" FROM events WHERE type = 'ticket.issued' AND data ? 'journey';",
	/* One row per journey (its origin): started the day its first ticket was issued,
	 * completed the day a visit finished its last desk; days counted inclusively. */
	"CREATE VIEW journeys AS"
	" WITH done AS (SELECT DISTINCT ON (office_id, ticket) office_id, ticket,"
	"   day AS done_day, seq AS done_seq FROM events"
	"   WHERE type = 'ticket.finished' AND data ? 'journey' AND NOT data ? 'service'"
	"   ORDER BY office_id, ticket, seq),"
	"  j AS (SELECT office_id, origin, (array_agg(journey ORDER BY seq))[1] AS journey,"
	"   coalesce(min(day) FILTER (WHERE NOT returned), min(since)) AS started_day,"
	"   max(visit) AS visits,"
	"   (array_agg(done_day ORDER BY done_seq) FILTER (WHERE done_seq IS NOT NULL))[1]"
	"    AS completed_day,"
	"   (array_agg(day ORDER BY done_seq) FILTER (WHERE done_seq IS NOT NULL))[1]"
	"    AS completed_visit_day,"
	"   (array_agg(visit ORDER BY done_seq) FILTER (WHERE done_seq IS NOT NULL))[1]"
	"    AS completed_visit,"
	"   (array_agg(ticket ORDER BY done_seq) FILTER (WHERE done_seq IS NOT NULL))[1]"
	"    AS completed_ticket"
	"   FROM journey_visits LEFT JOIN done USING (office_id, ticket)"
	"   GROUP BY office_id, origin)"
	" SELECT office_id, origin, journey, started_day, visits, completed_day,"
	"  completed_visit_day, completed_visit, completed_ticket,"
	"  (completed_day - started_day) + 1 AS days_to_complete"
	" FROM j;",
	"CREATE VIEW journey_completions AS"
	" SELECT office_id, completed_day, journey, completed_ticket AS ticket,"
	"  started_day AS issued_day, days_to_complete, origin, completed_visit AS visits,"
	"  completed_visit_day"
	" FROM journeys WHERE completed_day IS NOT NULL;",
	"CREATE VIEW daily_journey AS"
	" WITH counted AS (SELECT office_id, day, data->>'journey' AS journey,"
	"   count(*) FILTER (WHERE type = 'ticket.issued') AS issued,"
	"   count(*) FILTER (WHERE type = 'ticket.finished' AND NOT data ? 'service')"
	"    AS completed"
	"   FROM ticket_day_events WHERE data ? 'journey' GROUP BY 1, 2, 3),"
	"  took AS (SELECT office_id, completed_day AS day, journey,"
	"   count(*) AS completions,"
	"   avg(days_to_complete)::numeric(10, 2) AS days_to_complete_avg,"
	"   percentile_disc(0.5) WITHIN GROUP (ORDER BY days_to_complete)"
	"    AS days_to_complete_p50,"
	"   max(days_to_complete) AS days_to_complete_max,"
	"   percentile_disc(0.9) WITHIN GROUP (ORDER BY days_to_complete)"
	"    AS days_to_complete_p90"
	"   FROM journey_completions GROUP BY 1, 2, 3),"
	"  began AS (SELECT office_id, day, journey, count(*) AS started FROM journey_visits"
	"   WHERE NOT returned GROUP BY 1, 2, 3)"
	" SELECT office_id, day, journey, coalesce(c.issued, 0) AS issued,"
	"  coalesce(c.completed, 0) AS completed, coalesce(t.completions, 0) AS completions,"
	"  t.days_to_complete_avg, t.days_to_complete_p50, t.days_to_complete_max,"
	"  coalesce(b.started, 0) AS started, t.days_to_complete_p90"
	" FROM counted c FULL JOIN took t USING (office_id, day, journey)"
	"  FULL JOIN began b USING (office_id, day, journey);",
	/* The "visits" of GET /api/v1/reports/daily for the day, figure by figure: a
	 * completion counts when the visit that completed it was issued that day. */
	"CREATE VIEW daily_visits AS"
	" WITH v AS (SELECT office_id, day, count(*) FILTER (WHERE NOT returned) AS started,"
	"   count(*) FILTER (WHERE returned) AS returned FROM journey_visits GROUP BY 1, 2),"
	"  d AS (SELECT office_id, day, count(*) AS deferred FROM events"
	"   WHERE type = 'ticket.deferred' GROUP BY 1, 2),"
	"  c AS (SELECT office_id, completed_day AS day, count(*) AS completed,"
	"   avg(completed_visit)::numeric(10, 2) AS visits_per_completed,"
	"   percentile_disc(0.5) WITHIN GROUP (ORDER BY days_to_complete) AS p50,"
	"   percentile_disc(0.9) WITHIN GROUP (ORDER BY days_to_complete) AS p90"
	"   FROM journeys WHERE completed_day = completed_visit_day GROUP BY 1, 2),"
	"  keys AS (SELECT office_id, day FROM v UNION SELECT office_id, day FROM d"
	"   UNION SELECT office_id, day FROM c)"
	" SELECT k.office_id, k.day, coalesce(v.started, 0) AS journeys_started,"
	"  coalesce(c.completed, 0) AS journeys_completed, coalesce(d.deferred, 0) AS deferred,"
	"  coalesce(v.returned, 0) AS returned, c.visits_per_completed,"
	"  c.p50 AS days_to_complete_p50, c.p90 AS days_to_complete_p90"
	" FROM keys k LEFT JOIN v USING (office_id, day) LEFT JOIN d USING (office_id, day)"
	"  LEFT JOIN c USING (office_id, day);",
	NULL,
};

/* Schema 3: a visit whose ticket never printed (the kiosk cancelled it "print_failed",
 * the same office day) did not happen: the applicant took the next ticket, which is the
 * visit (the office's report counts it so too). Same columns, so the views built on
 * journey_visits stay as they are. */
static const char *const schema3_sql[] = {
	"CREATE OR REPLACE VIEW journey_visits AS"
	" SELECT office_id, day, seq, ticket, data->>'journey' AS journey,"
	"  coalesce(CASE WHEN length(data->>'origin') = 32 THEN data->>'origin'"
	"   ELSE md5(data->>'origin') END, ticket) AS origin,"
	"  data ? 'resumes' AS returned,"
	"  CASE WHEN data ? 'resumes' THEN (data->>'visit')::integer ELSE 1 END AS visit,"
	"  (data->>'since')::date AS since"
	" FROM events e WHERE type = 'ticket.issued' AND data ? 'journey'"
	" AND NOT EXISTS (SELECT 1 FROM events c WHERE c.office_id = e.office_id"
	"  AND c.day = e.day AND c.ticket = e.ticket AND c.type = 'ticket.cancelled'"
	"  AND c.data->>'reason' = 'print_failed');",
	NULL,
};

static const char *const *const migrations[ANTRE_EXPORT_SCHEMA + 1] = { NULL, schema1_sql,
									 schema2_sql, schema3_sql };

/* The schema this antred migrates to and writes: ANTRE_EXPORT_SCHEMA, or a lower one
 * under the test seam ANTRE_TEST_EXPORT_SCHEMA (an antred of that schema, so that a
 * test has an existing centre to migrate). Set by central_migrate. */
static int schema_target = ANTRE_EXPORT_SCHEMA;

/* The first line of libpq's message (they end in newlines, some run to two lines). */
static void pg_message(const char *doing, const char *msg, char *err, size_t errcap)
{
	size_t n = strcspn(msg, "\n");
	snprintf(err, errcap, "%s: %.*s", doing, (int)n, msg);
}

static int exec_ok(PGconn *pg, const char *sql, const char *doing, char *err, size_t errcap)
{
	PGresult *r = PQexec(pg, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

	if (!ok)
		pg_message(doing, PQerrorMessage(pg), err, errcap);
	PQclear(r);
	return ok ? 0 : -1;
}

static void rollback(PGconn *pg)
{
	if (PQstatus(pg) == CONNECTION_OK && PQtransactionStatus(pg) != PQTRANS_IDLE)
		PQclear(PQexec(pg, "ROLLBACK"));
}

PGconn *central_connect(const char *conninfo, const char *password, const char *office_id,
			char *err, size_t errcap)
{
	char app[ANTRE_ID_MAX + 16];
	const char *keys[] = { "dbname", "password", "connect_timeout", "keepalives_idle",
			       "keepalives_interval", "keepalives_count", "tcp_user_timeout",
			       "application_name", NULL };
	const char *values[] = { conninfo, password, "5", "10", "3", "3", "15000", app, NULL };
	PGconn *pg;

	snprintf(app, sizeof(app), "antred-%s", office_id);
	if (password == NULL) {   /* keep the list whole: no password key at all */
		keys[1] = "connect_timeout";
		values[1] = "5";
	}
	pg = PQconnectdbParams(keys, values, 1);
	if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
		pg_message("cannot connect", pg ? PQerrorMessage(pg) : "out of memory", err, errcap);
		PQfinish(pg);
		return NULL;
	}
	PQclear(PQexec(pg, "SET client_min_messages = warning"));
	return pg;
}

/* The version the centre is at, under the schema lock of the open transaction. */
static int schema_version(PGconn *pg, int *version, char *err, size_t errcap)
{
	PGresult *r;
	int rc = -1;

	if (exec_ok(pg, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL,"
		    " applied_at timestamptz NOT NULL DEFAULT now())", "schema_version", err,
		    errcap) < 0)
		return -1;
	r = PQexec(pg, "SELECT coalesce(max(version), 0) FROM schema_version");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
	    antre_parse_int(PQgetvalue(r, 0, 0), 0, 1000000, version) == 0)
		rc = 0;
	else
		pg_message("cannot read schema_version", PQerrorMessage(pg), err, errcap);
	PQclear(r);
	return rc;
}

int central_migrate(PGconn *pg, char *err, size_t errcap)
{
	const char *seam = getenv("ANTRE_TEST_EXPORT_SCHEMA");
	char sql[128];
	int version = 0;

	if (seam == NULL || antre_parse_int(seam, 1, ANTRE_EXPORT_SCHEMA, &schema_target) < 0)
		schema_target = ANTRE_EXPORT_SCHEMA;
	if (exec_ok(pg, "BEGIN", "migrate", err, errcap) < 0 ||
	    exec_ok(pg, "SELECT pg_advisory_xact_lock(" LOCK_SCHEMA ")", "migrate", err,
		    errcap) < 0 ||
	    schema_version(pg, &version, err, errcap) < 0)
		goto fail;
	if (version > ANTRE_EXPORT_SCHEMA) {
		snprintf(err, errcap, "the centre's schema is version %d, newer than this antred's "
			 "%d: upgrade antred", version, ANTRE_EXPORT_SCHEMA);
		goto fail;
	}
	for (int v = version + 1; v <= schema_target; v++) {
		snprintf(sql, sizeof(sql), "INSERT INTO schema_version(version) VALUES (%d)", v);
		for (const char *const *st = migrations[v]; *st; st++)
			if (exec_ok(pg, *st, "cannot migrate the centre's schema", err, errcap) < 0)
				goto fail;
		if (exec_ok(pg, sql, "cannot migrate the centre's schema", err, errcap) < 0)
			goto fail;
	}
	if (exec_ok(pg, "COMMIT", "cannot migrate the centre's schema", err, errcap) < 0)
		goto fail;
	return 0;
fail:
	rollback(pg);
	return -1;
}

/* One bigint from a one-row, one-column result; 0 when there is no row. */
static int one_seq(PGconn *pg, PGresult *r, int64_t *seq, const char *doing, char *err,
		   size_t errcap)
{
	int64_t v = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		pg_message(doing, PQerrorMessage(pg), err, errcap);
		return -1;
	}
	if (PQntuples(r) == 1 && antre_parse_i64(PQgetvalue(r, 0, 0), 0, INT64_MAX, &v) < 0) {
		snprintf(err, errcap, "%s: not a seq: %s", doing, PQgetvalue(r, 0, 0));
		return -1;
	}
	*seq = v;
	return 0;
}

int central_progress(PGconn *pg, const char *office_id, int64_t *seq, char *err,
		     size_t errcap)
{
	const char *params[1] = { office_id };
	PGresult *r = PQexecParams(pg, "SELECT seq FROM export_progress WHERE office_id = $1", 1,
				   NULL, params, NULL, NULL, 0);
	int rc = one_seq(pg, r, seq, "cannot read export_progress", err, errcap);

	PQclear(r);
	return rc;
}

/* "YYYY-MM" of a day, and the first day of that month and of the next. */
static int month_bounds(const char *day, int *y, int *m)
{
	char ys[5] = { 0 }, ms[3] = { 0 };

	if (strlen(day) != 10 || day[4] != '-' || day[7] != '-')
		return -1;
	memcpy(ys, day, 4);
	memcpy(ms, day + 5, 2);
	if (antre_parse_int(ys, 1970, 9998, y) < 0 || antre_parse_int(ms, 1, 12, m) < 0)
		return -1;
	return 0;
}

int central_partitions(PGconn *pg, const char *const *days, size_t n, char *err,
		       size_t errcap)
{
	char sql[400], last[8] = "";
	int y, m;

	for (size_t i = 0; i < n; i++) {
		if (strncmp(days[i], last, 7) == 0)
			continue;
		if (month_bounds(days[i], &y, &m) < 0) {
			snprintf(err, errcap, "an event's day '%s' is not YYYY-MM-DD", days[i]);
			return -1;
		}
		snprintf(last, sizeof(last), "%.7s", days[i]);
		snprintf(sql, sizeof(sql),
			 "BEGIN; SELECT pg_advisory_xact_lock(" LOCK_PARTITIONS ");"
			 " CREATE TABLE IF NOT EXISTS events_%04d_%02d PARTITION OF events"
			 " FOR VALUES FROM ('%04d-%02d-01') TO ('%04d-%02d-01'); COMMIT;",
			 y, m, y, m, m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
		if (exec_ok(pg, sql, "cannot create a month partition", err, errcap) < 0) {
			rollback(pg);
			return -1;
		}
	}
	return 0;
}

/* Lock the office's progress row (made at its first batch) and read it. */
static int lock_progress(PGconn *pg, const char *office_id, int64_t *seq, char *err,
			 size_t errcap)
{
	const char *params[1] = { office_id };
	PGresult *r = PQexecParams(pg, "INSERT INTO export_progress(office_id, seq)"
				   " VALUES ($1, 0) ON CONFLICT DO NOTHING", 1, NULL, params,
				   NULL, NULL, 0);
	int rc;

	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		pg_message("cannot write export_progress", PQerrorMessage(pg), err, errcap);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	r = PQexecParams(pg, "SELECT seq FROM export_progress WHERE office_id = $1 FOR UPDATE",
			 1, NULL, params, NULL, NULL, 0);
	rc = one_seq(pg, r, seq, "cannot lock export_progress", err, errcap);
	PQclear(r);
	return rc;
}

static int exec_params_ok(PGconn *pg, const char *sql, int n, const char *const *params,
			  const char *doing, char *err, size_t errcap)
{
	PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	if (!ok)
		pg_message(doing, PQerrorMessage(pg), err, errcap);
	PQclear(r);
	return ok ? 0 : -1;
}

int central_send(PGconn *pg, const char *office_id, const char *batch_json, int64_t expect_seq,
		 int64_t last_seq, int64_t *centre_seq, long hold_ms, char *err, size_t errcap)
{
	/* (schema 1 stored origin and resumes raw; from schema 2 they are hashed as ticket) */
	static const char insert1_sql[] =
		"INSERT INTO events (office_id, seq, day, at, at_ms, type, ticket, data)"
		" SELECT $1, (r->>'seq')::bigint, (r->>'day')::date,"
		"  to_timestamp((r->>'at_ms')::bigint / 1000.0), (r->>'at_ms')::bigint,"
		"  r->>'type', md5(r->'data'->>'ticket'), (r->'data') - 'ticket'"
		" FROM jsonb_array_elements($2::jsonb) r"
		" ON CONFLICT DO NOTHING";
	static const char insert_sql[] =
		"INSERT INTO events (office_id, seq, day, at, at_ms, type, ticket, data)"
		" SELECT $1, (r->>'seq')::bigint, (r->>'day')::date,"
		"  to_timestamp((r->>'at_ms')::bigint / 1000.0), (r->>'at_ms')::bigint,"
		"  r->>'type', md5(r->'data'->>'ticket'),"
		"  CASE WHEN r->'data' ?| array['origin', 'resumes'] THEN"   /* few events */
		"   ((r->'data') - 'ticket' - 'origin' - 'resumes') || jsonb_strip_nulls("
		"    jsonb_build_object('origin', md5(r->'data'->>'origin'),"
		"     'resumes', md5(r->'data'->>'resumes')))"
		"  ELSE (r->'data') - 'ticket' END"
		" FROM jsonb_array_elements($2::jsonb) r"
		" ON CONFLICT DO NOTHING";
	char last[24];
	const char *ins[2] = { office_id, batch_json }, *upd[2] = { office_id, last };
	int64_t at_centre = 0;

	snprintf(last, sizeof(last), "%lld", (long long)last_seq);
	if (exec_ok(pg, "BEGIN", "cannot begin a batch", err, errcap) < 0 ||
	    lock_progress(pg, office_id, &at_centre, err, errcap) < 0)
		goto fail;
	if (at_centre != expect_seq) {
		*centre_seq = at_centre;
		rollback(pg);
		return 1;
	}
	if (exec_params_ok(pg, schema_target < 2 ? insert1_sql : insert_sql, 2, ins,
			   "cannot insert events", err, errcap) < 0 ||
	    exec_params_ok(pg, "UPDATE export_progress SET seq = $2::bigint, exported_at = now()"
			   " WHERE office_id = $1", 2, upd, "cannot move export_progress", err,
			   errcap) < 0)
		goto fail;
	if (hold_ms > 0) {
		struct timespec ts = { hold_ms / 1000, (hold_ms % 1000) * 1000000L };
		fprintf(stderr, "antred: info: export: holding the batch up to seq %lld "
			"uncommitted for %ld ms (ANTRE_TEST_EXPORT_HOLD_MS)\n",
			(long long)last_seq, hold_ms);
		nanosleep(&ts, NULL);
	}
	if (exec_ok(pg, "COMMIT", "cannot commit a batch", err, errcap) < 0)
		goto fail;
	*centre_seq = last_seq;
	return 0;
fail:
	rollback(pg);
	return -1;
}

int central_event(PGconn *pg, const char *office_id, int64_t seq, int64_t *at_ms, char *type,
		  size_t typecap, char *err, size_t errcap)
{
	char seq_text[24];
	const char *params[2] = { office_id, seq_text };
	PGresult *r;
	int rc = 0;

	snprintf(seq_text, sizeof(seq_text), "%lld", (long long)seq);
	r = PQexecParams(pg, "SELECT at_ms, type FROM events WHERE office_id = $1 AND seq = $2",
			 2, NULL, params, NULL, NULL, 0);
	*at_ms = -1;
	type[0] = '\0';
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		pg_message("cannot read the centre's events", PQerrorMessage(pg), err, errcap);
		rc = -1;
	} else if (PQntuples(r) == 1 &&
		   antre_parse_i64(PQgetvalue(r, 0, 0), INT64_MIN, INT64_MAX, at_ms) == 0) {
		antre_strlcpy(type, PQgetvalue(r, 0, 1), typecap);
	}
	PQclear(r);
	return rc;
}

int central_ping(PGconn *pg, char *err, size_t errcap)
{
	return exec_ok(pg, "SELECT 1", "the centre stopped answering", err, errcap);
}
