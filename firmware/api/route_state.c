/* GET /api/v1/state: the office's live picture (DESIGN.md "state"). */
#include "api_internal.h"

static void get_state(api_req_t *req, api_resp_t *resp)
{
	const antre_config_t *cfg = antre_core_config(req->core);
	int64_t now = antre_core_now_ms(req->core);
	const antre_queue_t *q = antre_core_read_begin(req->core);
	json_t *state = api_json_state(q, cfg, now);

	json_object_set_new(state, "devices", api_json_devices(req->api, q, now));

	antre_core_read_end(req->core);
	api_reply_json(resp, 200, state);
}

const api_route_t api_routes_state[] = {
	{ "GET", "/api/v1/state", get_state },
	{ NULL, NULL, NULL },
};
