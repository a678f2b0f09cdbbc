/* Private to firmware/export: the office side, the SQLite event log read as an outbox,
 * and the file that records what the centre has confirmed. */
#ifndef ANTRE_EXPORT_OUTBOX_H
#define ANTRE_EXPORT_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

typedef struct outbox outbox_t;

/* Open the log at db_path read-only (a WAL reader, never a writer) and, read-write,
 * the progress file db_path + ".export" (its row for office_id). NULL with a sentence
 * in err. */
outbox_t *outbox_open(const char *db_path, const char *office_id, char *err, size_t errcap);
void outbox_close(outbox_t *o);

/* A batch read from the log, as the centre takes it. */
typedef struct {
	char *json;            /* [{"seq","day","at_ms","type","data":{...}}, ...], malloc'd */
	size_t n;
	int64_t first_seq, last_seq;
	char (*days)[11];      /* each event's day, in seq order */
} outbox_batch_t;
void outbox_batch_free(outbox_batch_t *b);

/* Up to max committed events with seq > after, oldest first, into b (n = 0: none).
 * Every column of the events table other than seq, day, at_ms and type goes into data
 * (NULLs left out), so columns a later schema adds travel too. 0 or -1. */
int outbox_read(outbox_t *o, int64_t after, size_t max, outbox_batch_t *b, char *err,
		size_t errcap);

/* The newest seq of the log, and the time (ms) of the first event after `after` (0:
 * none). 0 or -1. */
int outbox_position(outbox_t *o, int64_t after, int64_t *newest, int64_t *next_at_ms,
		    char *err, size_t errcap);

/* The time and type of the log's event seq (*at_ms = -1: none). 0 or -1. */
int outbox_event(outbox_t *o, int64_t seq, int64_t *at_ms, char *type, size_t typecap,
		 char *err, size_t errcap);

/* The seq the progress file records as confirmed by the centre (0: none), and record a
 * new one durably (synchronous=FULL). 0 or -1. */
int outbox_confirmed(outbox_t *o, int64_t *seq, char *err, size_t errcap);
int outbox_confirm(outbox_t *o, int64_t seq, char *err, size_t errcap);

#endif
