/* Devices: a kiosk tells how its printer is and that it is still there
 * (POST /api/v1/devices/status), and learns its own [kiosk ID] section (printer, paper)
 * from GET /api/v1/devices/self, so a kiosk box needs only the server and its token.
 * Status is kept in memory only; the state lists every configured kiosk with what it
 * last said, /metrics the same as gauges. */
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "api_internal.h"
#include "xmalloc.h"

/* Guards every api's kiosks[] (one antred has one api; the lock is held for copies). */
static pthread_mutex_t devices_lock = PTHREAD_MUTEX_INITIALIZER;

#define API_PS_NAME_(e, name) name,
static const char *const printer_names[] = { ANTRE_PRINTER_STATUS_TABLE(API_PS_NAME_) };
#undef API_PS_NAME_

const char *api_printer_status_name(int status)
{
	if (status < 0 || status >= ANTRE_DEV_PRINTER__COUNT)
		return NULL;
	return printer_names[status];
}

static int printer_parse(const char *name)
{
	for (int i = 0; i < ANTRE_DEV_PRINTER__COUNT; i++)
		if (strcmp(printer_names[i], name) == 0)
			return i;
	return -1;
}

int api_device_alive(int64_t last_seen_ms, int64_t now_ms)
{
	const int64_t gone_ms = (int64_t)ANTRE_DEVICE_GONE_S * 1000;
	return last_seen_ms != 0 && now_ms - last_seen_ms <= gone_ms;
}

int64_t api_device_age_s(int64_t last_seen_ms, int64_t now_ms)
{
	if (last_seen_ms == 0)
		return -1;
	return now_ms > last_seen_ms ? (now_ms - last_seen_ms) / 1000 : 0;
}

static const char *const kind_names[API_DEV__KINDS] = { "kiosk", "display", "console" };

const char *api_device_kind_name(api_dev_kind_t kind)
{
	return kind_names[kind];
}

int api_device_count(const antre_config_t *cfg, api_dev_kind_t kind)
{
	switch (kind) {
	case API_DEV_KIOSK: return cfg->n_kiosks;
	case API_DEV_DISPLAY: return cfg->n_displays;
	case API_DEV_CONSOLE: return cfg->n_counters;
	case API_DEV__KINDS: break;
	}
	return 0;
}

const char *api_device_id(const antre_config_t *cfg, api_dev_kind_t kind, int i)
{
	switch (kind) {
	case API_DEV_KIOSK: return cfg->kiosks[i].id;
	case API_DEV_DISPLAY: return cfg->displays[i].id;
	case API_DEV_CONSOLE: return cfg->counters[i].id;
	case API_DEV__KINDS: break;
	}
	return "";
}

/* The record of device i (call under devices_lock). */
static api_device_t *slot(antre_api_t *api, api_dev_kind_t kind, int i)
{
	switch (kind) {
	case API_DEV_KIOSK: return &api->kiosks[i];
	case API_DEV_DISPLAY: return &api->displays[i];
	case API_DEV_CONSOLE: return &api->consoles[i];
	case API_DEV__KINDS: break;
	}
	return NULL;
}

api_device_t api_device_get(antre_api_t *api, api_dev_kind_t kind, int i, int64_t now_ms)
{
	api_device_t d;
	pthread_mutex_lock(&devices_lock);
	d = *slot(api, kind, i);
	pthread_mutex_unlock(&devices_lock);
	/* a zeroed table means "never reported": printer 0 would read as "ready" */
	if (d.last_seen_ms == 0 || kind != API_DEV_KIOSK)
		d.printer = -1;
	if (d.streams > 0)
		d.last_seen_ms = now_ms > 0 ? now_ms : 1;
	return d;
}

void api_device_touch(antre_api_t *api, api_dev_kind_t kind, int i, int64_t now_ms)
{
	pthread_mutex_lock(&devices_lock);
	slot(api, kind, i)->last_seen_ms = now_ms > 0 ? now_ms : 1;
	pthread_mutex_unlock(&devices_lock);
}

int api_device_stream_begin(antre_api_t *api, const char *name, int64_t now_ms)
{
	const char *colon = name ? strchr(name, ':') : NULL;
	if (colon == NULL)
		return -1;
	/* only a display names itself: a console is seen by its counter's token alone, so a
	 * stranger's stream cannot make a desk look staffed (the stream needs no token) */
	for (int kind = API_DEV_DISPLAY; kind <= API_DEV_DISPLAY; kind++) {
		size_t n = strlen(kind_names[kind]);
		if ((size_t)(colon - name) != n || strncmp(name, kind_names[kind], n) != 0)
			continue;
		for (int i = 0; i < api_device_count(api->cfg, (api_dev_kind_t)kind); i++) {
			if (strcasecmp(colon + 1, api_device_id(api->cfg, (api_dev_kind_t)kind, i)) != 0)
				continue;
			pthread_mutex_lock(&devices_lock);
			slot(api, (api_dev_kind_t)kind, i)->streams++;
			slot(api, (api_dev_kind_t)kind, i)->last_seen_ms = now_ms > 0 ? now_ms : 1;
			pthread_mutex_unlock(&devices_lock);
			return kind * 1000 + i;
		}
	}
	return -1;
}

void api_device_stream_end(antre_api_t *api, int handle, int64_t now_ms)
{
	api_device_t *d;
	if (handle < 0)
		return;
	pthread_mutex_lock(&devices_lock);
	d = slot(api, (api_dev_kind_t)(handle / 1000), handle % 1000);
	d->streams--;
	d->last_seen_ms = now_ms > 0 ? now_ms : 1;
	pthread_mutex_unlock(&devices_lock);
}

/* A device's name for people: the counter's name for a console, else its id. */
static const char *device_name(const antre_config_t *cfg, api_dev_kind_t kind, int i)
{
	return kind == API_DEV_CONSOLE ? cfg->counters[i].name : api_device_id(cfg, kind, i);
}

static json_t *device_json(const antre_config_t *cfg, api_dev_kind_t kind, int i,
			   const api_device_t *d, int32_t offset_s, int64_t now_ms)
{
	json_t *o = json_object();
	const char *printer = d->last_seen_ms ? api_printer_status_name(d->printer) : NULL;

	json_object_set_new(o, "kind", json_string(kind_names[kind]));
	json_object_set_new(o, "id", json_string(api_device_id(cfg, kind, i)));
	json_object_set_new(o, "name", json_string(device_name(cfg, kind, i)));
	json_object_set_new(o, "printer", printer ? json_string(printer) : json_null());
	json_object_set_new(o, "message", d->last_seen_ms && d->message[0]
						  ? json_string(d->message)
						  : json_null());
	json_object_set_new(o, "last_seen", api_json_time_at(d->last_seen_ms, offset_s));
	json_object_set_new(o, "age_s", d->last_seen_ms
						? json_integer(api_device_age_s(d->last_seen_ms, now_ms))
						: json_null());
	json_object_set_new(o, "alive", json_boolean(api_device_alive(d->last_seen_ms, now_ms)));
	if (kind != API_DEV_KIOSK)
		json_object_set_new(o, "streams", json_integer(d->streams));
	return o;
}

json_t *api_json_devices(antre_api_t *api, const antre_queue_t *q, int64_t now_ms)
{
	json_t *a = json_array();
	for (int kind = 0; kind < API_DEV__KINDS; kind++)
		for (int i = 0; i < api_device_count(api->cfg, (api_dev_kind_t)kind); i++) {
			api_device_t d = api_device_get(api, (api_dev_kind_t)kind, i, now_ms);
			int32_t off = d.last_seen_ms ? antre_queue_utc_offset_s(q, d.last_seen_ms)
						     : 0;
			json_array_append_new(a, device_json(api->cfg, (api_dev_kind_t)kind, i, &d,
							     off, now_ms));
		}
	return a;
}

static void post_status(api_req_t *req, api_resp_t *resp)
{
	const char *printer = NULL, *message = NULL;
	int status = -1;
	api_device_t d;
	json_t *body;
	int64_t now;
	int32_t off;

	if (req->who.role == ANTRE_ROLE_ADMIN || req->who.role == ANTRE_ROLE_COUNTER) {
		api_reply_error(resp, 403, "forbidden", "only a kiosk reports its device status; "
				"send the kiosk's own token, not the %s token",
				req->who.role == ANTRE_ROLE_ADMIN ? "admin" : "counter's");
		return;
	}
	if (api_require(req, resp, API_KIOSK, -1) < 0)
		return;
	body = api_body_object(req, resp);
	if (body == NULL)
		return;
	if (api_opt_string(body, "printer", &printer, resp) < 0 ||
	    api_opt_string(body, "message", &message, resp) < 0)
		goto out;
	if (printer && (status = printer_parse(printer)) < 0) {
		api_reply_error(resp, 400, "bad_value", "\"printer\" must be one of \"ready\", "
				"\"paper_low\", \"paper_out\", \"offline\" or \"error\"");
		goto out;
	}
	if (message && strlen(message) > ANTRE_DEVICE_MESSAGE_MAX) {
		api_reply_error(resp, 400, "bad_value", "\"message\" must be at most %d bytes",
				ANTRE_DEVICE_MESSAGE_MAX);
		goto out;
	}
	now = antre_core_now_ms(req->core);
	if (now == 0)
		now = 1;   /* 0 means never seen */
	pthread_mutex_lock(&devices_lock);
	{
		api_device_t *rec = &req->api->kiosks[req->who.index];
		if (rec->last_seen_ms == 0)
			rec->printer = -1;
		rec->last_seen_ms = now;
		if (printer) {
			/* a new printer status says everything: an old message goes with it */
			rec->printer = status;
			rec->message[0] = '\0';
		}
		if (message)
			antre_strlcpy(rec->message, message, sizeof(rec->message));
		d = *rec;
	}
	pthread_mutex_unlock(&devices_lock);
	off = antre_queue_utc_offset_s(antre_core_read_begin(req->core), now);
	antre_core_read_end(req->core);
	{
		json_t *o = json_object();
		json_object_set_new(o, "device", device_json(req->cfg, API_DEV_KIOSK, req->who.index,
							     &d, off, now));
		api_reply_json(resp, 200, o);
	}
out:
	json_decref(body);
}

/* Who a token is, found by the token itself: a kiosk gets its own [kiosk ID] section
 * (printer, paper), a counter's console its counter, the admin token says so. The
 * pages use it to check a pasted token without changing anything. */
static void get_self(api_req_t *req, api_resp_t *resp)
{
	json_t *o;

	if (req->who.role == ANTRE_ROLE_NONE) {
		api_reply_error(resp, 401, "unauthorized", "send a kiosk's, a counter's or the "
				"admin token (Authorization: Bearer TOKEN)");
		return;
	}
	o = json_object();
	if (req->who.role == ANTRE_ROLE_KIOSK) {
		const antre_kiosk_t *k = &req->cfg->kiosks[req->who.index];
		json_object_set_new(o, "kind", json_string("kiosk"));
		json_object_set_new(o, "id", json_string(k->id));
		json_object_set_new(o, "printer", k->printer[0] ? json_string(k->printer)
								: json_null());
		json_object_set_new(o, "paper_mm", json_integer(k->paper_mm));
	} else if (req->who.role == ANTRE_ROLE_COUNTER) {
		const antre_counter_t *c = &req->cfg->counters[req->who.index];
		json_object_set_new(o, "kind", json_string("console"));
		json_object_set_new(o, "id", json_string(c->id));
		json_object_set_new(o, "name", json_string(c->name));
	} else {
		json_object_set_new(o, "kind", json_string("admin"));
	}
	api_reply_json(resp, 200, o);
}

const api_route_t api_routes_devices[] = {
	{ "POST", "/api/v1/devices/status", post_status },
	{ "GET", "/api/v1/devices/self", get_self },
	{ NULL, NULL, NULL },
};
