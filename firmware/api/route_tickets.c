/* Tickets: issue (kiosk), look up by id or today's number (anyone: the QR status page),
 * cancel (kiosk, admin). */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "api_internal.h"

/* The ticket as JSON with its status link, serialised under the engine lock. */
static json_t *ticket_json(api_req_t *req, const antre_ticket_t *t, int ahead, int est)
{
	const antre_queue_t *q = antre_core_read_begin(req->core);
	json_t *o = api_json_ticket(q, req->cfg, t, ahead, est);
	char url[ANTRE_PATH_MAX + 64];
	antre_core_read_end(req->core);
	snprintf(url, sizeof(url), "%s/t/%s", req->cfg->public_url, t->id);
	json_object_set_new(o, "status_url", json_string(url));
	return o;
}

/* The Idempotency-Key header: up to 64 printable ASCII characters, or none. A kiosk
 * sends a fresh key with every tap and the same key again when it retries a request
 * that got no answer; the retry gets the ticket the first one made. */
static int idem_key(api_req_t *req, api_resp_t *resp, const char **out)
{
	const char *key = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
						      "Idempotency-Key");
	*out = NULL;
	if (key == NULL)
		return 0;
	if (key[0] == '\0' || strlen(key) >= ANTRE_IDEM_MAX) {
		api_reply_error(resp, 400, "bad_idempotency_key", "Idempotency-Key must be 1 to "
				"%d characters", ANTRE_IDEM_MAX - 1);
		return -1;
	}
	for (const char *p = key; *p; p++)
		if (*p < 0x21 || *p > 0x7e) {
			api_reply_error(resp, 400, "bad_idempotency_key", "Idempotency-Key must be "
					"printable ASCII without spaces");
			return -1;
		}
	*out = key;
	return 0;
}

/* {"resume":"CODE"}: a return visit of a deferred journey (docs/journeys.md): 201 with
 * a new ticket of today, 200 with the one an earlier resume made today (the applicant
 * has its paper: a reprint). The same request sent again with its Idempotency-Key gets
 * its own answer again, 201 with "replayed": true (its answer was lost: no paper yet). */
static void post_resume(api_req_t *req, api_resp_t *resp, json_t *body)
{
	antre_issue_t ask = { -1, -1, 0, -1, NULL, NULL };
	const char *key = NULL, *lang = NULL;
	antre_result_t res;

	if (api_opt_string(body, "resume", &key, resp) < 0 ||
	    api_opt_string(body, "lang", &lang, resp) < 0)
		return;
	if (key[0] == '\0' || strlen(key) > 200) {
		api_reply_error(resp, 400, "bad_value", "\"resume\" is a ticket's code (such as "
				"K7QX-M2PA), its id or its status URL");
		return;
	}
	if (lang && strcmp(lang, "id") != 0 && strcmp(lang, "en") != 0) {
		api_reply_error(resp, 400, "bad_value", "\"lang\" must be \"id\" or \"en\"");
		return;
	}
	if (json_object_get(body, "service") || json_object_get(body, "journey")) {
		api_reply_error(resp, 400, "bad_request", "a resume names no service or journey: "
				"the journey goes on where it was deferred");
		return;
	}
	if (idem_key(req, resp, &ask.idem) < 0)
		return;
	ask.lang = lang;
	ask.kiosk = req->who.role == ANTRE_ROLE_KIOSK ? req->who.index : -1;
	antre_core_resume_async(req->core, key, &ask, &res);
	resp->wait_seq = res.seq;
	if (res.rc < 0)
		api_reply_refusal(resp, &res);
	else if (!res.has_ticket)
		api_reply_error(resp, 409, "conflict", "today's ticket of that journey is gone");
	else {
		json_t *o = ticket_json(req, &res.ticket, res.ahead, res.est_wait_s);
		if (res.replayed == 2)
			json_object_set_new(o, "replayed", json_true());
		api_reply_json(resp, res.replayed == 1 ? 200 : 201, o);
	}
}

static void post_ticket(api_req_t *req, api_resp_t *resp)
{
	const char *service = NULL, *journey = NULL, *lang = NULL;
	json_t *body, *prio;
	antre_issue_t ask = { -1, -1, 0, -1, NULL, NULL };
	antre_result_t res;
	int s = -1, j = -1;

	if (api_require(req, resp, API_KIOSK | API_ADMIN, -1) < 0)
		return;
	body = api_body_object(req, resp);
	if (body == NULL)
		return;
	if (json_object_get(body, "resume")) {
		post_resume(req, resp, body);
		goto out;
	}
	if (api_opt_string(body, "service", &service, resp) < 0 ||
	    api_opt_string(body, "journey", &journey, resp) < 0 ||
	    api_opt_string(body, "lang", &lang, resp) < 0)
		goto out;
	prio = json_object_get(body, "priority");
	if (prio && !json_is_boolean(prio) && !json_is_null(prio)) {
		api_reply_error(resp, 400, "bad_type", "\"priority\" must be true or false");
		goto out;
	}
	if (lang && strcmp(lang, "id") != 0 && strcmp(lang, "en") != 0) {
		api_reply_error(resp, 400, "bad_value", "\"lang\" must be \"id\" or \"en\"");
		goto out;
	}
	if ((service == NULL) == (journey == NULL)) {
		api_reply_error(resp, 400, "bad_request", "name either a \"service\" or a "
				"\"journey\", e.g. {\"service\":\"%s\"}", req->cfg->services[0].id);
		goto out;
	}
	if (service && (s = antre_config_service_index(req->cfg, service)) < 0) {
		api_reply_error(resp, 400, "unknown_service", "there is no service '%s' here",
				service);
		goto out;
	}
	if (journey && (j = antre_config_journey_index(req->cfg, journey)) < 0) {
		api_reply_error(resp, 400, "unknown_journey", "there is no journey '%s' here",
				journey);
		goto out;
	}
	if (idem_key(req, resp, &ask.idem) < 0)
		goto out;
	ask.service = s;
	ask.journey = j;
	ask.priority = json_is_true(prio);
	ask.lang = lang;
	ask.kiosk = req->who.role == ANTRE_ROLE_KIOSK ? req->who.index : -1;
	antre_core_issue_async(req->core, &ask, &res);
	resp->wait_seq = res.seq;
	if (res.rc < 0) {
		api_reply_refusal(resp, &res);
	} else {
		json_t *o = ticket_json(req, &res.ticket, res.ahead, res.est_wait_s);
		if (res.replayed)
			json_object_set_new(o, "replayed", json_true());
		api_reply_json(resp, 201, o);
	}
out:
	json_decref(body);
}

static void get_ticket(api_req_t *req, api_resp_t *resp)
{
	const antre_queue_t *q = antre_core_read_begin(req->core);
	const antre_ticket_t *t = antre_queue_find(q, req->params[0]);
	antre_ticket_t copy;
	int ahead = 0, est = 0;

	if (t) {
		copy = *t;
		ahead = antre_queue_ahead(q, t);
		est = t->state == ANTRE_TS_WAITING ? antre_queue_est_wait_s(q, t->service, ahead) : 0;
	}
	antre_core_read_end(req->core);
	if (t == NULL) {
		api_reply_error(resp, 404, "not_found", "no ticket %s today", req->params[0]);
		return;
	}
	api_reply_json(resp, 200, ticket_json(req, &copy, ahead, est));
}

/* GET /api/v1/tickets?number=A017: today's ticket with that number, typed as a clerk
 * types it ("a17" is A017), for the admin actions that start from a number (cancel,
 * reprint); those then use the ticket's id. Staff only (admin, counter): the answer
 * carries the ticket's unguessable id, which a number must not give away to anyone. */
static void get_ticket_by_number(api_req_t *req, api_resp_t *resp)
{
	const char *number = api_query(req, "number");
	const antre_queue_t *q;
	const antre_ticket_t *t;
	antre_ticket_t copy;
	int ahead = 0, est = 0;

	if (api_require(req, resp, API_ADMIN | API_COUNTER, -1) < 0)
		return;
	if (number == NULL || number[0] == '\0') {
		api_reply_error(resp, 400, "bad_request", "name the ticket: "
				"/api/v1/tickets?number=A017");
		return;
	}
	q = antre_core_read_begin(req->core);
	t = antre_queue_find_typed(q, number);
	if (t) {
		copy = *t;
		ahead = antre_queue_ahead(q, t);
		est = t->state == ANTRE_TS_WAITING ? antre_queue_est_wait_s(q, t->service, ahead) : 0;
	}
	antre_core_read_end(req->core);
	if (t == NULL) {
		api_reply_error(resp, 404, "not_found", "no ticket numbered %.16s was issued today",
				number);
		return;
	}
	api_reply_json(resp, 200, ticket_json(req, &copy, ahead, est));
}

static void post_cancel(api_req_t *req, api_resp_t *resp)
{
	const char *reason = NULL;
	antre_result_t res;
	json_t *body;

	if (api_require(req, resp, API_KIOSK | API_ADMIN, -1) < 0)
		return;
	body = api_body_object(req, resp);
	if (body == NULL)
		return;
	if (api_opt_string(body, "reason", &reason, resp) < 0)
		goto out;
	if (reason && (strlen(reason) == 0 || strlen(reason) > 31)) {
		api_reply_error(resp, 400, "bad_value", "\"reason\" must be 1 to 31 characters");
		goto out;
	}
	antre_core_cancel_async(req->core, req->params[0], reason,
				req->who.role == ANTRE_ROLE_KIOSK ? req->who.index : -1, &res);
	resp->wait_seq = res.seq;
	if (res.rc < 0)
		api_reply_refusal(resp, &res);
	else
		api_reply_json(resp, 200, ticket_json(req, &res.ticket, 0, 0));
out:
	json_decref(body);
}

const api_route_t api_routes_tickets[] = {
	{ "POST", "/api/v1/tickets", post_ticket },
	{ "GET", "/api/v1/tickets", get_ticket_by_number },
	{ "GET", "/api/v1/tickets/{}", get_ticket },
	{ "POST", "/api/v1/tickets/{}/cancel", post_cancel },
	{ NULL, NULL, NULL },
};
