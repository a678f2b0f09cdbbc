/* What the route files share: the server state, the request/response pair, auth and
 * the JSON helpers. */
#ifndef ANTRE_API_INTERNAL_H
#define ANTRE_API_INTERNAL_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>

#include "api.h"
#include "auth.h"
#include "lifecycle.h"

#define API_MAX_BODY 4096
#define API_MAX_PARAMS 2

typedef struct sse_hub sse_hub_t;

/* Counters for /metrics, updated with __atomic builtins. */
typedef struct {
	uint64_t http_status[6][100];        /* [status / 100][status % 100] */
	uint64_t issued[ANTRE_MAX_SERVICES];  /* ticket.issued by first service */
	uint64_t issued_journey[ANTRE_MAX_JOURNEYS];
	uint64_t by_type[ANTRE_EV__COUNT];    /* committed events, by type */
} api_metrics_t;

typedef struct api_conn api_conn_t;
typedef struct api_worker api_worker_t;

/* Connection limits per client address (limits.c). */
typedef struct api_limits api_limits_t;
typedef struct {
	int open, max, reserve;
	uint64_t refused;          /* not accepted (address or daemon full) */
	uint64_t turned_away;      /* answered 503: too many from one unknown address */
} api_limits_stats_t;
struct sockaddr;
api_limits_t *api_limits_create(int max_connections);
void api_limits_destroy(api_limits_t *l);
/* Rank this address as a known device from now on. */
void api_limits_trust(api_limits_t *l, const struct sockaddr *sa);
int api_limits_trust_text(api_limits_t *l, const char *ipv4);   /* -1: not an IPv4 address */
/* MHD accept policy (cls = the limits). */
enum MHD_Result api_limits_accept(void *cls, const struct sockaddr *sa, socklen_t len);
/* A connection opened / closed. opened returns 1 when its requests must be turned away. */
int api_limits_opened(api_limits_t *l, const struct sockaddr *sa);
void api_limits_closed(api_limits_t *l, const struct sockaddr *sa);
void api_limits_turned_away(api_limits_t *l);
void api_limits_stats(api_limits_t *l, api_limits_stats_t *out);

/* What a device last told us (route_devices.c), in memory only: after a restart a
 * device is unknown until it reports again. */
typedef struct {
	int64_t last_seen_ms;      /* 0: never seen since antred started */
	int printer;               /* antre_dev_printer_t, -1: never reported (kiosks) */
	char message[ANTRE_DEVICE_MESSAGE_MAX + 1];   /* "" : none */
	int streams;               /* event streams it holds open now (displays, consoles) */
} api_device_t;

/* The kinds of device the office has: a kiosk reports (POST /api/v1/devices/status); a
 * wall or counter display ([display ID]) and a counter's console (the browser page or
 * the CLI with that counter's token) are seen by their requests and by the event
 * stream they hold open (GET /api/v1/events?device=display:ID or console:ID). */
typedef enum { API_DEV_KIOSK, API_DEV_DISPLAY, API_DEV_CONSOLE, API_DEV__KINDS } api_dev_kind_t;

struct antre_api {
	antre_core_t *core;
	const antre_config_t *cfg;
	struct MHD_Daemon *daemon;
	sse_hub_t *hub;
	api_metrics_t metrics;

	/* Answers waiting for their events to be durable (suspended connections). */
	pthread_mutex_t pending_lock;
	api_conn_t *pending;
	int64_t committed_seq;
	int store_failed;
	antre_drain_t in_flight;   /* requests whose answer is not yet fully sent */
	antre_lifecycle_t *life;   /* told when the log fails (may be NULL) */
	volatile int stopping;     /* antre_api_stop has begun */
	api_limits_t *limits;
	api_worker_t *worker;      /* answers too slow for a connection's thread */
	/* guarded by route_devices.c's lock */
	api_device_t kiosks[ANTRE_MAX_KIOSKS];
	api_device_t displays[ANTRE_MAX_DISPLAYS];
	api_device_t consoles[ANTRE_MAX_COUNTERS];
};

typedef struct {
	antre_api_t *api;
	antre_core_t *core;
	const antre_config_t *cfg;
	const char *method;
	const char *path;
	const char *body;          /* NUL-terminated, body_len bytes */
	size_t body_len;
	const char *params[API_MAX_PARAMS];   /* the {} segments of the route, in order */
	antre_who_t who;
	struct MHD_Connection *conn;
} api_req_t;

typedef struct api_resp {
	int status;
	char *body;                /* malloc'd; freed by the server */
	const char *content_type;
	struct MHD_Response *custom;   /* a streaming response instead of body */
	int64_t wait_seq;          /* answer only once events up to here are durable */
	/* Work too slow for a connection's thread (worker.c): when set, the answer is
	 * made by later(later_arg, resp) on the API's worker thread; later_drop frees
	 * later_arg after it, or when antred stops first (the answer is then a 503). */
	void (*later)(void *arg, struct api_resp *resp);
	void *later_arg;
	void (*later_drop)(void *arg);
} api_resp_t;

typedef void (*api_worker_done_fn)(void *ctx, api_resp_t *answer);
api_worker_t *api_worker_start(void);
/* Run work's later on the worker; done(ctx, answer) then gets the answer (on the
 * worker's thread). */
void api_worker_push(api_worker_t *w, const api_resp_t *work, api_worker_done_fn done,
		     void *ctx);
/* Stop after the job that runs now; the queued ones, and any pushed from now on, are
 * answered 503. api_worker_free once no thread can push any more. */
void api_worker_stop(api_worker_t *w);
void api_worker_free(api_worker_t *w);

typedef void (*api_handler_fn)(api_req_t *req, api_resp_t *resp);

typedef struct {
	const char *method;
	const char *pattern;       /* "/api/v1/tickets/{}" : {} matches one segment */
	api_handler_fn handler;
} api_route_t;

/* Route tables, one per resource file. */
/* Every resource's route table, `api_routes_NAME[]` (in route_NAME.c; events in sse.c),
 * ended by a NULL row. The server tries them in this order; a new resource is a new
 * route file and one word here (docs/extending.md). */
#define API_RESOURCES(X) \
	X(health) X(state) X(office) X(tickets) X(counters) X(events) X(metrics) X(reports) X(pages) \
	X(devices) X(services) X(web) X(announcements)

#define API_ROUTES_DECLARE_(name) extern const api_route_t api_routes_##name[];
API_RESOURCES(API_ROUTES_DECLARE_)
#undef API_ROUTES_DECLARE_

/* Answer with a JSON value (stolen) or an error {"error","message"}. */
void api_reply_json(api_resp_t *resp, int status, json_t *value);
void api_reply_error(api_resp_t *resp, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void api_reply_text(api_resp_t *resp, int status, const char *content_type, const char *text);
/* Map a refused command to its status (400/404/409/503) with the engine's sentence. */
void api_reply_refusal(api_resp_t *resp, const antre_result_t *res);

/* Parse the body as a JSON object (an empty body is {}). On error answers 400 and
 * returns NULL. */
json_t *api_body_object(api_req_t *req, api_resp_t *resp);
/* Read an optional string member; answers 400 and returns -1 if it is not a string. */
int api_opt_string(json_t *obj, const char *key, const char **out, api_resp_t *resp);

/* Allow the request only for these roles (bit per antre_role_t); a counter token is
 * further limited to counter `own` (-1: any). Answers 401/403 and returns -1. */
#define API_KIOSK (1u << ANTRE_ROLE_KIOSK)
#define API_COUNTER (1u << ANTRE_ROLE_COUNTER)
#define API_ADMIN (1u << ANTRE_ROLE_ADMIN)
int api_require(api_req_t *req, api_resp_t *resp, unsigned roles, int own);

/* A query-string argument, or NULL. */
const char *api_query(api_req_t *req, const char *key);

/* JSON shapes of DESIGN.md. Call with the engine lock held (antre_core_read_begin). */
json_t *api_json_ticket(const antre_queue_t *q, const antre_config_t *cfg,
			const antre_ticket_t *t, int ahead, int est_wait_s);
json_t *api_json_counter(const antre_queue_t *q, const antre_config_t *cfg, int c,
			 antre_counter_status_t cs);
json_t *api_json_state(const antre_queue_t *q, const antre_config_t *cfg, int64_t now_ms);
/* One service of the state: waiting figures, status, hours, open_now and quota. */
json_t *api_json_service(const antre_queue_t *q, const antre_config_t *cfg, int s,
			 int64_t now_ms);
/* ISO 8601 local time, or JSON null for 0. */
json_t *api_json_time_at(int64_t utc_ms, int32_t offset_s);
json_t *api_json_time(const antre_queue_t *q, int64_t utc_ms);
/* An event as the stream's data object (needs no engine state). */
json_t *api_json_event(const antre_config_t *cfg, const antre_event_t *e, int32_t offset_s);

/* Devices (route_devices.c). The status rule, pure: alive when seen and the last
 * contact is at most ANTRE_DEVICE_GONE_S old. */
int api_device_alive(int64_t last_seen_ms, int64_t now_ms);
/* Whole seconds since the last contact (0 when the clock went back), -1 never seen. */
int64_t api_device_age_s(int64_t last_seen_ms, int64_t now_ms);
const char *api_printer_status_name(int status);   /* NULL when out of range */
const char *api_device_kind_name(api_dev_kind_t kind);   /* "kiosk", "display", "console" */
/* How many of a kind the config has, and the id of one ([kiosk ID], [display ID],
 * [counter ID]). */
int api_device_count(const antre_config_t *cfg, api_dev_kind_t kind);
const char *api_device_id(const antre_config_t *cfg, api_dev_kind_t kind, int i);
/* A copy of device i's record, taken under the device lock; a device holding a stream
 * open counts as seen now. */
api_device_t api_device_get(antre_api_t *api, api_dev_kind_t kind, int i, int64_t now_ms);
/* A request with counter i's token: its console is there. */
void api_device_touch(antre_api_t *api, api_dev_kind_t kind, int i, int64_t now_ms);
/* An event stream opened with ?device=NAME ("display:ID", "console:ID"): a handle for
 * the end, or -1 when NAME is no device of the config (the stream is served anyway). */
int api_device_stream_begin(antre_api_t *api, const char *name, int64_t now_ms);
void api_device_stream_end(antre_api_t *api, int handle, int64_t now_ms);
/* The "devices" array of the state (every configured kiosk, display and counter
 * console). q only for the offset. */
json_t *api_json_devices(antre_api_t *api, const antre_queue_t *q, int64_t now_ms);

/* The live event stream (sse.c). */
sse_hub_t *sse_hub_create(antre_api_t *api);
/* Stop streaming: every subscriber's stream ends. Waits (bounded) for them to go. */
void sse_hub_close(sse_hub_t *hub);
void sse_hub_destroy(sse_hub_t *hub);
/* Called on the store's writer thread with each commit. */
void sse_hub_publish(sse_hub_t *hub, const antre_event_t *ev, size_t n);
int sse_hub_subscribers(sse_hub_t *hub);

/* Count events for /metrics (on the writer thread too). */
void api_metrics_count_events(api_metrics_t *m, const antre_event_t *ev, size_t n);

#endif
