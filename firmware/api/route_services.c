/* Services: set one's status (admin). open; limited (the back-office system is down:
 * tickets are still issued and served, and everyone is told the reason); closed (no
 * new tickets: 409 service_closed with the reason). The status is an event
 * (service.status) and stays until changed, across day resets and restarts. */
#include <string.h>

#include "api_internal.h"

/* The service as the state shows it, with the status the command just set (the view
 * catches up once the event is durable, which is when this answer goes out). */
static json_t *service_json(api_req_t *req, int s, antre_service_status_t st,
			    const char *reason)
{
	int64_t now = antre_core_now_ms(req->core);
	const antre_queue_t *q = antre_core_read_begin(req->core);
	json_t *o = api_json_service(q, req->cfg, s, now);
	int in_hours = antre_queue_in_hours(q, s, now);

	antre_core_read_end(req->core);
	json_object_set_new(o, "status", json_string(antre_service_status_name(st)));
	json_object_set_new(o, "reason", json_string(reason));
	json_object_set_new(o, "open_now", json_boolean(in_hours && st != ANTRE_SS_CLOSED));
	return o;
}

static void post_status(api_req_t *req, api_resp_t *resp)
{
	const char *status = NULL, *reason = NULL;
	antre_result_t res;
	json_t *body;
	int s, st;

	if (api_require(req, resp, API_ADMIN, -1) < 0)
		return;
	s = antre_config_service_index(req->cfg, req->params[0]);
	if (s < 0) {
		api_reply_error(resp, 404, "not_found", "there is no service '%s' here",
				req->params[0]);
		return;
	}
	body = api_body_object(req, resp);
	if (body == NULL)
		return;
	if (api_opt_string(body, "status", &status, resp) < 0 ||
	    api_opt_string(body, "reason", &reason, resp) < 0)
		goto out;
	st = status ? antre_service_status_parse(status) : -1;
	if (st < 0) {
		api_reply_error(resp, 400, "bad_value", "\"status\" must be \"open\", \"limited\" "
				"or \"closed\", e.g. {\"status\":\"limited\",\"reason\":\"Sistem "
				"pusat gangguan\"}");
		goto out;
	}
	if (reason && strlen(reason) >= ANTRE_REASON_MAX) {
		api_reply_error(resp, 400, "bad_value", "\"reason\" has at most %d bytes",
				ANTRE_REASON_MAX - 1);
		goto out;
	}
	antre_core_set_status_async(req->core, s, (antre_service_status_t)st, reason, &res);
	resp->wait_seq = res.seq;
	if (res.rc < 0)
		api_reply_refusal(resp, &res);
	else
		api_reply_json(resp, 200, service_json(req, s, (antre_service_status_t)st,
						       reason ? reason : ""));
out:
	json_decref(body);
}

const api_route_t api_routes_services[] = {
	{ "POST", "/api/v1/services/{}/status", post_status },
	{ NULL, NULL, NULL },
};
