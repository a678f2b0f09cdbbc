/* The web pages (firmware/web/, embedded at build time: web_assets.h) and their shared
 * script of names, /web/protocol.js, made here from the tables of protocol.h so that
 * no page spells an event, action or state name itself.
 *
 * Every file is served as /web/NAME; the pages also at their own paths (/counter,
 * /display, /supervisor). Answers carry Content-Type and a strong ETag; If-None-Match
 * with it gets 304 and no body; a browser that accepts gzip gets the bytes compressed
 * at build time. "no-cache": a screen revalidates every load (a 304 costs nothing) and
 * so never runs yesterday's page after an upgrade. */
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api_internal.h"
#include "web_assets.h"
#include "xmalloc.h"

/* The page served at a path of its own. */
static const struct {
	const char *path, *file;
} pages[] = {
	{ "/counter", "/counter.html" },
	{ "/display", "/display.html" },
	{ "/supervisor", "/supervisor.html" },
};

static const web_asset_t *asset(const char *path)
{
	for (const web_asset_t *a = web_assets; a->path; a++)
		if (strcmp(a->path, path) == 0)
			return a;
	return NULL;
}

static const char *header(api_req_t *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* Does an If-None-Match list name etag, or is it "*" alone? */
static int etag_matches(const char *list, const char *etag)
{
	size_t n = strlen(etag);
	const char *p;
	if (list == NULL)
		return 0;
	p = list + strspn(list, " \t");
	if (p[0] == '*' && p[1 + strspn(p + 1, " \t")] == '\0')
		return 1;
	for (p = list; (p = strchr(p, '"')) != NULL;) {
		if (strncmp(p, etag, n) == 0)
			return 1;
		p = strchr(p + 1, '"');   /* past this one's closing quote */
		if (p == NULL)
			return 0;
		p++;
	}
	return 0;
}

/* Does Accept-Encoding allow gzip: an item "gzip" (any case) whose q is not 0? */
static int takes_gzip(const char *accept)
{
	const char *p = accept;
	while (p && *p) {
		size_t len = strcspn(p, ",");
		const char *item = p + strspn(p, " \t");
		if (strncasecmp(item, "gzip", 4) == 0 && strchr(" \t;,", item[4] ? item[4] : ',')) {
			const char *q = strstr(item, "q=");
			if (q == NULL || q > p + len)
				return 1;
			q += 2;
			return !(q[0] == '0' && (q[1] == '\0' || q[1] == ',' || q[1] == ' ' ||
						 (q[1] == '.' && strspn(q + 2, "0") ==
								 strcspn(q + 2, ", \t"))));
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void reply_bytes(api_req_t *req, api_resp_t *resp, const char *type, const char *etag,
			const unsigned char *data, size_t len, const unsigned char *gz,
			size_t gz_len)
{
	struct MHD_Response *r;
	int not_modified = etag_matches(header(req, MHD_HTTP_HEADER_IF_NONE_MATCH), etag);
	int zipped = !not_modified && gz && takes_gzip(header(req, MHD_HTTP_HEADER_ACCEPT_ENCODING));

	if (not_modified)
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(zipped ? gz_len : len,
						    (void *)(zipped ? gz : data),
						    MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	/* no page of another site may frame a console whose token is in this browser */
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Security-Policy", "frame-ancestors 'none'");
	if (zipped)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	resp->custom = r;
	resp->status = not_modified ? 304 : 200;
}

static void reply_asset(api_req_t *req, api_resp_t *resp, const web_asset_t *a)
{
	reply_bytes(req, resp, a->content_type, a->etag, a->data, a->len, a->gz, a->gz_len);
}

/* --- /web/protocol.js: the tables, once --- */

static pthread_once_t protocol_once = PTHREAD_ONCE_INIT;
static char *protocol_js;
static size_t protocol_len;
static char protocol_etag[24];

static void js_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void js_printf(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	protocol_js = xrealloc(protocol_js, protocol_len + (size_t)n + 1);
	memcpy(protocol_js + protocol_len, line, (size_t)n + 1);
	protocol_len += (size_t)n;
}

static void make_protocol_js(void)
{
	unsigned long long h = 1469598103934665603ULL;   /* FNV-1a of the text: its ETag */

	js_printf("/* made by antred from firmware/base/protocol.h */\n"
		  "window.ANTRE = {\n  flags: {");
#define WEB_FLAG_(name) js_printf(" %s: %d,", #name, ANTRE_EVF_##name);
	WEB_FLAG_(TICKET) WEB_FLAG_(CALL) WEB_FLAG_(LEAVES) WEB_FLAG_(COUNTER) WEB_FLAG_(DAY)
	WEB_FLAG_(WAITING) WEB_FLAG_(SERVICE)
#undef WEB_FLAG_
	js_printf(" },\n  snapshot: \"%s\",\n  events: {", ANTRE_STREAM_SNAPSHOT);
	for (int e = 0; e < ANTRE_EV__COUNT; e++)
		js_printf(" \"%s\": %d,", antre_event_type_name((antre_event_type_t)e),
			  antre_event_type_flags((antre_event_type_t)e));
	js_printf(" },\n  actions: [");
	for (int a = 0; a < ANTRE_ACT__COUNT; a++)
		js_printf(" \"%s\",", antre_action_name((antre_action_t)a));
	js_printf(" ],\n  ticketStates: [");
	for (int t = 0; t < ANTRE_TS__COUNT; t++)
		js_printf(" \"%s\",", antre_ticket_state_name((antre_ticket_state_t)t));
	/* by the tables' own names: ANTRE.counterStates.PAUSED is "paused" */
#define WEB_NAME_(e, name) js_printf(" %s: \"%s\",", #e, name);
	js_printf(" ],\n  counterStates: {");
	ANTRE_COUNTER_STATE_TABLE(WEB_NAME_)
	js_printf(" },\n  serviceStatuses: {");
	ANTRE_SERVICE_STATUS_TABLE(WEB_NAME_)
#undef WEB_NAME_
	js_printf(" },\n  deviceGoneSeconds: %d,\n};\n", ANTRE_DEVICE_GONE_S);
	for (size_t i = 0; i < protocol_len; i++)
		h = (h ^ (unsigned char)protocol_js[i]) * 1099511628211ULL;
	snprintf(protocol_etag, sizeof(protocol_etag), "\"%016llx\"", h);
}

static void get_protocol(api_req_t *req, api_resp_t *resp)
{
	pthread_once(&protocol_once, make_protocol_js);
	reply_bytes(req, resp, "text/javascript; charset=utf-8", protocol_etag,
		    (const unsigned char *)protocol_js, protocol_len, NULL, 0);
}

/* --- the files and the pages --- */

static void get_file(api_req_t *req, api_resp_t *resp)
{
	char path[140];
	const web_asset_t *a;
	snprintf(path, sizeof(path), "/%s", req->params[0]);
	a = asset(path);
	if (a == NULL) {
		api_reply_error(resp, 404, "not_found", "no such file: /web/%s", req->params[0]);
		return;
	}
	reply_asset(req, resp, a);
}

static void get_page(api_req_t *req, api_resp_t *resp)
{
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		const web_asset_t *a;
		if (strcmp(req->path, pages[i].path) != 0)
			continue;
		a = asset(pages[i].file);
		if (a) {
			reply_asset(req, resp, a);
			return;
		}
	}
	api_reply_error(resp, 404, "not_found", "no such page in this build: %s", req->path);
}

const api_route_t api_routes_web[] = {
	{ "GET", "/web/protocol.js", get_protocol },
	{ "GET", "/web/{}", get_file },
	{ "GET", "/counter", get_page },
	{ "GET", "/display", get_page },
	{ "GET", "/supervisor", get_page },
	{ NULL, NULL, NULL },
};
