/* GET /healthz: 200 once the store is open (antred serves only after that). */
#include "api_internal.h"

static void get_healthz(api_req_t *req, api_resp_t *resp)
{
	(void)req;
	api_reply_text(resp, 200, "text/plain; charset=utf-8", "ok\n");
}

const api_route_t api_routes_health[] = {
	{ "GET", "/healthz", get_healthz },
	{ NULL, NULL, NULL },
};
