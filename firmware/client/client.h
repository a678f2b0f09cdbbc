/* The client library kiosk, displays and the CLI share: HTTP requests to antred with a
 * token and a timeout (libcurl), and a Server-Sent Events subscriber that reconnects
 * with backoff and resumes with Last-Event-ID. */
#ifndef ANTRE_CLIENT_H
#define ANTRE_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#define ANTRE_CLIENT_UNREACHABLE (-1)

typedef struct antre_client antre_client_t;

/* base_url like "http://127.0.0.1:8080"; token may be NULL. Strings are copied. */
antre_client_t *antre_client_create(const char *base_url, const char *token, long timeout_ms);
void antre_client_destroy(antre_client_t *c);

/* One request (keep-alive reused across calls; one thread per client). body_json may be
 * NULL. Returns the HTTP status, or ANTRE_CLIENT_UNREACHABLE with a sentence in
 * *resp. *resp (may be NULL) gets the malloc'd response body; caller frees. */
int antre_client_request(antre_client_t *c, const char *method, const char *path,
			 const char *body_json, char **resp);
/* The same, with extra request headers: headers is a NULL-terminated array of
 * "Name: value" lines (may be NULL), copied for the request only. */
int antre_client_request_with(antre_client_t *c, const char *method, const char *path,
			      const char *const *headers, const char *body_json, char **resp);

/* ---- Server-Sent Events ---- */

/* A parser fed bytes as they arrive; calls on_event for each complete event. */
typedef void (*antre_sse_event_fn)(void *ctx, int64_t id, const char *event, const char *data);

/* An event's data beyond this is a broken or hostile server (antred's largest, the
 * snapshot, is kilobytes): the event is dropped and counted, not kept growing. */
#define ANTRE_SSE_MAX_EVENT ((size_t)4 << 20)

typedef struct {
	char *line;            /* partial line */
	size_t line_len, line_cap;
	char *data;            /* data lines of the event being read */
	size_t data_len, data_cap;
	char event[64];
	int64_t id;            /* id of the event being read, -1 if none */
	int64_t last_id;       /* newest id seen */
	int after_cr;          /* the last byte fed was \r */
	int oversized;         /* the event being read went past ANTRE_SSE_MAX_EVENT */
	unsigned dropped;      /* events dropped for their size */
} antre_sse_parser_t;

void antre_sse_parser_init(antre_sse_parser_t *p);
void antre_sse_parser_free(antre_sse_parser_t *p);
void antre_sse_parser_feed(antre_sse_parser_t *p, const char *bytes, size_t n,
			   antre_sse_event_fn on_event, void *ctx);

/* A subscription running on its own thread: connects to base_url/api/v1/events,
 * delivers events, and on any failure reconnects with backoff (250 ms doubling to
 * 5 s) sending Last-Event-ID so nothing is missed. last_id < 0 starts with a snapshot.
 * on_link (may be NULL) is told 1 when connected, 0 when the link is lost. Callbacks
 * run on the subscription's thread. */
typedef void (*antre_sse_link_fn)(void *ctx, int connected);
typedef struct antre_sse antre_sse_t;

antre_sse_t *antre_sse_start(const char *base_url, int64_t last_id, antre_sse_event_fn on_event,
			     antre_sse_link_fn on_link, void *ctx);
/* The same for a device that names itself to antred (device "display:ID" or
 * "console:ID", or NULL): the supervisor sees it as there while the stream is open. */
antre_sse_t *antre_sse_start_as(const char *base_url, const char *device, int64_t last_id,
				antre_sse_event_fn on_event, antre_sse_link_fn on_link, void *ctx);
/* Stop (within about a second) and free. */
void antre_sse_stop(antre_sse_t *s);

/* Read a token file as antred does: the whole file, white space around the token
 * dropped. Returns a malloc'd token, or NULL with a sentence in err when the file
 * cannot be read or does not hold one 16-256 character token without spaces. */
char *antre_client_read_token(const char *path, char *err, size_t errcap);

#endif
