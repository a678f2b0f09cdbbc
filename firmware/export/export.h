/* The office's event log shipped to a central PostgreSQL ([export] in the config),
 * offline-first: the SQLite log is the outbox. A thread of its own reads committed
 * events in seq order on a read-only connection (a WAL reader: it never takes a lock
 * the store's writer waits for), sends them in batches of ANTRE_EXPORT_BATCH, each in
 * one transaction that also moves the centre's export_progress row, and records the
 * last exported seq in a small SQLite file of its own next to the log. The schema of
 * the centre (docs/central.md) is created and migrated here. */
#ifndef ANTRE_EXPORT_H
#define ANTRE_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define ANTRE_EXPORT_BATCH 500       /* events per central transaction */
#define ANTRE_EXPORT_SCHEMA 3        /* the centre's schema_version this antred writes */
#define ANTRE_EXPORT_ERROR_MAX 300

typedef struct antre_export antre_export_t;

/* What the exporter knows now (a copy). */
typedef struct {
	char office_id[ANTRE_ID_MAX];
	int up;                    /* the centre answered the last attempt */
	int64_t exported_seq;      /* the centre holds every event up to this seq */
	int64_t local_seq;         /* the newest event of the local log */
	int64_t lag_events;        /* local_seq - exported_seq */
	double lag_seconds;        /* age of the oldest event not yet exported; 0: none */
	uint64_t exported_total;   /* events this process sent (committed at the centre) */
	char last_error[ANTRE_EXPORT_ERROR_MAX];   /* "" when none since the last success */
	int64_t last_error_at_ms;  /* wall clock ms of last_error, 0 when none */
} antre_export_status_t;

/* Check cfg's [export] (the conninfo parses, the password file can be read) and start
 * the thread on the log at db_path. The centre need not be up: the thread connects,
 * and retries with a growing pause, by itself. cfg is copied. 0, or -1 with a sentence
 * in err (the conninfo in it redacted). */
int antre_export_start(const antre_config_t *cfg, const char *db_path, antre_export_t **out,
		       char *err, size_t errcap);
/* Stop the thread (an uncommitted batch is rolled back by the centre) and free. NULL is
 * fine. */
void antre_export_stop(antre_export_t *x);

/* The running exporter's status into out: 0, or -1 when none runs (no [export]). */
int antre_export_status_now(antre_export_status_t *out);

/* Export every event of the log at db_path the centre does not have yet, then return:
 * 0 (and the number sent in *sent), or -1 with a sentence in err. For an office that
 * connects once a day (antred --export-once). */
int antre_export_once(const antre_config_t *cfg, const char *db_path, int64_t *sent,
		      char *err, size_t errcap);

/* The conninfo with only host, hostaddr, port, dbname and user kept: what log lines may
 * show. */
void antre_export_redact(const char *conninfo, char *out, size_t cap);

#endif
