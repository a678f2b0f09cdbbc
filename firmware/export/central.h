/* Private to firmware/export: the central PostgreSQL side (libpq). */
#ifndef ANTRE_EXPORT_CENTRAL_H
#define ANTRE_EXPORT_CENTRAL_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* Connect with conninfo and password (NULL: none), bounded timeouts and TCP keepalives,
 * so a centre that vanishes is noticed within seconds. NULL with a sentence in err. */
PGconn *central_connect(const char *conninfo, const char *password, const char *office_id,
			char *err, size_t errcap);

/* Create or migrate the schema to ANTRE_EXPORT_SCHEMA under an advisory lock (offices
 * starting together take turns); refuse a centre whose schema is newer. 0 or -1. */
int central_migrate(PGconn *pg, char *err, size_t errcap);

/* The seq the centre has recorded for office_id (0 when it has none). 0 or -1. */
int central_progress(PGconn *pg, const char *office_id, int64_t *seq, char *err,
		     size_t errcap);

/* Make sure the month partition of each day ("YYYY-MM-DD") exists. 0 or -1. */
int central_partitions(PGconn *pg, const char *const *days, size_t n, char *err,
		       size_t errcap);

/* One batch in one transaction: the events (a JSON array of {"seq","day","at_ms","type",
 * "data"}) inserted idempotently, and the office's export_progress moved from
 * expect_seq to last_seq. 0 once committed; 1 when the centre's progress is not
 * expect_seq (nothing written; its value in *centre_seq); -1 on an error (rolled back).
 * hold_ms > 0 (a test seam) waits that long before the commit. */
int central_send(PGconn *pg, const char *office_id, const char *batch_json, int64_t expect_seq,
		 int64_t last_seq, int64_t *centre_seq, long hold_ms, char *err, size_t errcap);

/* The time and type of the office's event seq at the centre (*at_ms = -1: none). 0 or -1. */
int central_event(PGconn *pg, const char *office_id, int64_t seq, int64_t *at_ms, char *type,
		  size_t typecap, char *err, size_t errcap);

/* A cheap round trip: is the centre still there? 0 or -1. */
int central_ping(PGconn *pg, char *err, size_t errcap);

#endif
