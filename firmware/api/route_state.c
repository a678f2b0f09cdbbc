/* GET /api/v1/state: the office's live picture (DESIGN.md "state"). */
#include "api_internal.h"
#include "export.h"

/* The export to the centre ([export]), or nothing when antred runs none. */
static void add_export(json_t *state)
{
	antre_export_status_t x;

	if (antre_export_status_now(&x) < 0)
		return;
	json_object_set_new(state, "export", json_pack("{s:s, s:b, s:I, s:I, s:I, s:f, s:s?, s:I}",
		"office_id", x.office_id, "up", x.up, "exported_seq", (json_int_t)x.exported_seq,
		"local_seq", (json_int_t)x.local_seq, "lag_events", (json_int_t)x.lag_events,
		"lag_seconds", x.lag_seconds, "last_error", x.last_error[0] ? x.last_error : NULL,
		"last_error_at_ms", (json_int_t)x.last_error_at_ms));
}

static void get_state(api_req_t *req, api_resp_t *resp)
{
	const antre_config_t *cfg = antre_core_config(req->core);
	int64_t now = antre_core_now_ms(req->core);
	const antre_queue_t *q = antre_core_read_begin(req->core);
	json_t *state = api_json_state(q, cfg, now);

	json_object_set_new(state, "devices", api_json_devices(req->api, q, now));

	antre_core_read_end(req->core);
	add_export(state);
	api_reply_json(resp, 200, state);
}

const api_route_t api_routes_state[] = {
	{ "GET", "/api/v1/state", get_state },
	{ NULL, NULL, NULL },
};
