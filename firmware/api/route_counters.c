/* POST /api/v1/counters/{cid}/{action}: what a counter does (its own token, or admin). */
#include <stdio.h>
#include <string.h>

#include "api_internal.h"

/* "open, pause, …, call": every action of the protocol table. */
static const char *action_list(char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int a = 0; a < ANTRE_ACT__COUNT && len < cap; a++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", a ? ", " : "",
					antre_action_name((antre_action_t)a));
	return buf;
}

/* defer's {"return_on":"YYYY-MM-DD", "step":"same"|"next"} as the engine's argument
 * "YYYY-MM-DD STEP"; the engine checks the date. */
static int defer_arg(json_t *body, char *buf, size_t cap, api_resp_t *resp)
{
	const char *day = NULL, *step = NULL;

	if (api_opt_string(body, "return_on", &day, resp) < 0 ||
	    api_opt_string(body, "step", &step, resp) < 0)
		return -1;
	if (day == NULL || strlen(day) != ANTRE_DAY_LEN) {
		api_reply_error(resp, 400, "bad_request", "defer needs {\"return_on\": "
				"\"YYYY-MM-DD\"} and may say {\"step\": \"same\"|\"next\"}");
		return -1;
	}
	if (step && strcmp(step, "same") != 0 && strcmp(step, "next") != 0) {
		api_reply_error(resp, 400, "bad_value", "\"step\" must be \"same\" (this desk) "
				"or \"next\" (the journey's next desk)");
		return -1;
	}
	snprintf(buf, cap, "%s %s", day, step ? step : "same");
	return 0;
}

static void post_action(api_req_t *req, api_resp_t *resp)
{
	int c = antre_config_counter_index(req->cfg, req->params[0]);
	int action = antre_action_parse(req->params[1]);
	const char *arg = NULL;
	char darg[64];
	antre_result_t res;
	json_t *body, *o;
	const antre_queue_t *q;

	if (api_require(req, resp, API_COUNTER | API_ADMIN, -1) < 0)
		return;
	if (c < 0) {
		api_reply_error(resp, 404, "not_found", "there is no counter '%s'", req->params[0]);
		return;
	}
	if (action < 0) {
		char known[256];
		api_reply_error(resp, 404, "unknown_action", "unknown action '%s' (%s)",
				req->params[1], action_list(known, sizeof(known)));
		return;
	}
	if (api_require(req, resp, API_COUNTER | API_ADMIN, c) < 0)
		return;
	body = api_body_object(req, resp);
	if (body == NULL)
		return;
	if (antre_action_arg((antre_action_t)action) == ANTRE_ARG_DATE) {
		if (defer_arg(body, darg, sizeof(darg), resp) < 0)
			goto out;
		arg = darg;
	} else if (antre_action_arg((antre_action_t)action) != ANTRE_ARG_NONE) {
		const char *key =
			antre_action_arg((antre_action_t)action) == ANTRE_ARG_SERVICE ? "service" : "number";
		if (api_opt_string(body, key, &arg, resp) < 0)
			goto out;
		if (arg == NULL) {
			api_reply_error(resp, 400, "bad_request", "%s needs {\"%s\": \"...\"}",
					req->params[1], key);
			goto out;
		}
	}
	antre_core_counter_async(req->core, c, (antre_action_t)action, arg, &res);
	resp->wait_seq = res.seq;
	if (res.rc < 0) {
		api_reply_refusal(resp, &res);
		goto out;
	}
	if (action == ANTRE_ACT_CALL_NEXT && !res.has_ticket) {
		resp->status = 204;   /* nobody waiting */
		goto out;
	}
	q = antre_core_read_begin(req->core);
	o = json_object();
	json_object_set_new(o, "counter", api_json_counter(q, req->cfg, c, res.counter_status));
	json_object_set_new(o, "ticket", res.has_ticket ? api_json_ticket(q, req->cfg, &res.ticket,
									  res.ahead, res.est_wait_s)
							: json_null());
	antre_core_read_end(req->core);
	api_reply_json(resp, 200, o);
out:
	json_decref(body);
}

const api_route_t api_routes_counters[] = {
	{ "POST", "/api/v1/counters/{}/{}", post_action },
	{ NULL, NULL, NULL },
};
