/* What the route files share: the request/response pair and the JSON helpers. */
#ifndef ANTRE_API_INTERNAL_H
#define ANTRE_API_INTERNAL_H

#include <jansson.h>

#include "api.h"

#define API_MAX_BODY 4096
#define API_MAX_PARAMS 2

typedef struct {
	antre_core_t *core;
	const char *method;
	const char *path;
	const char *body;          /* NUL-terminated, body_len bytes */
	size_t body_len;
	const char *params[API_MAX_PARAMS];   /* the {…} segments of the route, in order */
	void *conn;                /* struct MHD_Connection *, for headers and query args */
} api_req_t;

typedef struct {
	int status;
	char *body;                /* malloc'd; freed by the server */
	const char *content_type;
} api_resp_t;

typedef void (*api_handler_fn)(api_req_t *req, api_resp_t *resp);

typedef struct {
	const char *method;
	const char *pattern;       /* "/api/v1/tickets/{}" : {} matches one segment */
	api_handler_fn handler;
} api_route_t;

/* Route tables, one per resource file. */
extern const api_route_t api_routes_health[];
extern const api_route_t api_routes_state[];

/* Answer with a JSON value (stolen) or an error {"error","message"}. */
void api_reply_json(api_resp_t *resp, int status, json_t *value);
void api_reply_error(api_resp_t *resp, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void api_reply_text(api_resp_t *resp, int status, const char *content_type, const char *text);

/* JSON shapes of DESIGN.md. Call with the engine lock held (antre_core_read_begin). */
json_t *api_json_ticket(const antre_queue_t *q, const antre_config_t *cfg,
			const antre_ticket_t *t, int ahead, int est_wait_s);
json_t *api_json_counter(const antre_queue_t *q, const antre_config_t *cfg, int c,
			 antre_counter_status_t cs);
json_t *api_json_state(const antre_queue_t *q, const antre_config_t *cfg, int64_t now_ms);
/* ISO 8601 local time, or JSON null for 0. */
json_t *api_json_time(const antre_queue_t *q, int64_t utc_ms);

#endif
