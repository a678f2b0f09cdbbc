/* libmicrohttpd glue: accept requests, collect bodies up to 4 KiB, route, answer. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>

#include "api_internal.h"
#include "log.h"
#include "xmalloc.h"

#define API_THREADS 2
#define API_IDLE_TIMEOUT_S 10      /* a request that sends nothing for this long is closed */
#define API_STREAM_TIMEOUT_S 60    /* an event stream that takes nothing for this long */
#define API_STOP_FLUSH_MS 5000     /* at SIGTERM, how long answers may wait for the disk */
#define API_STOP_DRAIN_MS 2000     /* then how long queued answers may take to go out */
#define API_CONN_MEMORY (16 * 1024) /* MHD's pool per connection: headers (8 KiB at most
				     * in practice) and the answer being written */

/* Per TCP connection (MHD's socket context): where it comes from, and whether its
 * requests are turned away (too many from an unknown address). */
typedef struct {
	struct sockaddr_storage addr;
	int over;
} api_sock_t;

/* Per-request state, created on the first callback. */
struct api_conn {
	char body[API_MAX_BODY + 1];
	size_t body_len;
	int too_big;
	/* while the answer waits for the disk */
	int waiting;
	int ready;
	api_resp_t resp;
	struct MHD_Connection *conn;
	api_conn_t *prev, *next;
};

#define API_ROUTES_REF_(name) api_routes_##name,
static const api_route_t *const route_tables[] = { API_RESOURCES(API_ROUTES_REF_) };
#undef API_ROUTES_REF_

const char *api_query(api_req_t *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, key);
}

/* Match path against pattern; {} segments are captured into params. */
static int match(const char *pattern, const char *path, char caps[API_MAX_PARAMS][128])
{
	int n = 0;
	while (*pattern && *path) {
		if (pattern[0] == '{' && pattern[1] == '}') {
			size_t len = strcspn(path, "/");
			if (len == 0 || len >= 128 || n >= API_MAX_PARAMS)
				return 0;
			memcpy(caps[n], path, len);
			caps[n++][len] = '\0';
			path += len;
			pattern += 2;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

/* libmicrohttpd's own unescaping (MHD_OPTION_UNESCAPE_CALLBACK), except that a string
 * with a %00 comes out empty: a path with a NUL arrives as "" and is refused with 400
 * (refuse_early), a query key or value with one arrives as "" and is refused by the
 * handler that reads it. Nothing is ever read as the part before the NUL. */
static size_t unescape_refusing_nul(void *cls, struct MHD_Connection *conn, char *s)
{
	size_t len = MHD_http_unescape(s);   /* the decoded length, NULs included */
	(void)cls;
	(void)conn;
	if (strlen(s) != len) {
		s[0] = '\0';
		return 0;
	}
	return len;
}

/* What the headers say about the body: every Content-Length, and Transfer-Encoding. */
typedef struct {
	const char *length;        /* the first Content-Length, or NULL */
	int conflict;              /* another Content-Length differs from it */
	int transfer_encoding;
} body_headers_t;

static enum MHD_Result scan_body_header(void *cls, enum MHD_ValueKind kind, const char *key,
					const char *value)
{
	body_headers_t *bh = cls;
	(void)kind;
	if (value == NULL)
		value = "";
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
		if (bh->length == NULL)
			bh->length = value;
		else if (strcmp(bh->length, value) != 0)
			bh->conflict = 1;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
		bh->transfer_encoding = 1;
	}
	return MHD_YES;
}

/* Whether the decimal length (libmicrohttpd has checked it is one) exceeds cap. */
static int length_over(const char *digits, unsigned long long cap)
{
	unsigned long long n = 0;
	for (; *digits >= '0' && *digits <= '9'; digits++) {
		n = n * 10 + (unsigned)(*digits - '0');
		if (n > cap)
			return 1;   /* stop before n can wrap */
	}
	return 0;
}

/* Refuse, from the request line and headers alone, what must not be read further: a NUL
 * in the path, a body whose length is ambiguous, a body announced over the cap. Returns 1
 * with resp filled in, or 0. */
static int refuse_early(struct MHD_Connection *conn, const char *url, api_resp_t *resp)
{
	body_headers_t bh = { NULL, 0, 0 };

	if (url[0] == '\0') {
		api_reply_error(resp, 400, "bad_path",
				"the path holds a NUL byte (%%00) or is empty");
		return 1;
	}
	MHD_get_connection_values(conn, MHD_HEADER_KIND, scan_body_header, &bh);
	if (bh.conflict) {
		api_reply_error(resp, 400, "bad_length", "the request has Content-Length headers "
				"with different values");
		return 1;
	}
	if (bh.length && bh.transfer_encoding) {
		api_reply_error(resp, 400, "bad_length", "the request has both Content-Length and "
				"Transfer-Encoding");
		return 1;
	}
	if (bh.length && length_over(bh.length, API_MAX_BODY)) {
		api_reply_error(resp, 413, "too_large", "request body is larger than %d bytes",
				API_MAX_BODY);
		return 1;
	}
	return 0;
}

/* Find the handler; 405 when the path exists with another method, 404 otherwise. HEAD
 * runs the GET handler (libmicrohttpd sends the headers and leaves the body out). */
static api_handler_fn route(api_req_t *req, char caps[API_MAX_PARAMS][128], int *status)
{
	const char *method = req->method;
	if (strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
		method = MHD_HTTP_METHOD_GET;
	int path_known = 0;
	for (size_t t = 0; t < sizeof(route_tables) / sizeof(route_tables[0]); t++) {
		for (const api_route_t *r = route_tables[t]; r->pattern; r++) {
			if (!match(r->pattern, req->path, caps))
				continue;
			path_known = 1;
			if (strcmp(r->method, method) == 0) {
				for (int k = 0; k < API_MAX_PARAMS; k++)
					req->params[k] = caps[k];
				return r->handler;
			}
		}
	}
	*status = path_known ? 405 : 404;
	return NULL;
}

static enum MHD_Result send_resp(antre_api_t *api, struct MHD_Connection *conn,
				  api_resp_t *resp)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t len = resp->body ? strlen(resp->body) : 0;

	if (resp->status >= 100 && resp->status < 600)
		__atomic_fetch_add(&api->metrics.http_status[resp->status / 100][resp->status % 100],
				   1, __ATOMIC_RELAXED);
	if (resp->custom) {
		ret = MHD_queue_response(conn, (unsigned)resp->status, resp->custom);
		MHD_destroy_response(resp->custom);
		return ret;
	}
	r = MHD_create_response_from_buffer(len, resp->body ? resp->body : (char *)"",
					    resp->body ? MHD_RESPMEM_MUST_FREE
						       : MHD_RESPMEM_PERSISTENT);
	if (resp->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	ret = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Take ac out of the parked list (pending_lock held). */
static void pending_unlink(antre_api_t *api, api_conn_t *ac)
{
	if (ac->prev)
		ac->prev->next = ac->next;
	else
		api->pending = ac->next;
	if (ac->next)
		ac->next->prev = ac->prev;
	ac->waiting = 0;
}

/* Send resp now if everything it depends on is on disk; otherwise park the connection
 * (suspended: no thread waits) until on_commit says its seq is durable. */
static enum MHD_Result answer_when_durable(antre_api_t *api, struct MHD_Connection *conn,
					   api_conn_t *ac, api_resp_t *resp)
{
	pthread_mutex_lock(&api->pending_lock);
	if (api->store_failed && resp->wait_seq > api->committed_seq) {
		pthread_mutex_unlock(&api->pending_lock);
		free(resp->body);
		memset(resp, 0, sizeof(*resp));
		api_reply_error(resp, 503, "unavailable", "the event log could not be written; "
				"nothing was changed");
		return send_resp(api, conn, resp);
	}
	if (resp->wait_seq <= api->committed_seq) {
		pthread_mutex_unlock(&api->pending_lock);
		return send_resp(api, conn, resp);
	}
	ac->resp = *resp;
	ac->waiting = 1;
	ac->conn = conn;
	ac->prev = NULL;
	ac->next = api->pending;
	if (api->pending)
		api->pending->prev = ac;
	api->pending = ac;
	MHD_suspend_connection(conn);
	pthread_mutex_unlock(&api->pending_lock);
	return MHD_YES;
}

/* The worker's answer for a suspended connection: it goes out as if just made. */
static void later_done(void *ctx, api_resp_t *answer)
{
	api_conn_t *ac = ctx;

	ac->resp = *answer;
	ac->ready = 1;
	MHD_resume_connection(ac->conn);
}

/* Suspend the connection and hand resp's slow work to the worker; the answer comes
 * back through later_done. */
static enum MHD_Result answer_later(antre_api_t *api, struct MHD_Connection *conn,
				    api_conn_t *ac, const api_resp_t *resp)
{
	ac->conn = conn;
	MHD_suspend_connection(conn);   /* before the worker can resume it */
	api_worker_push(api->worker, resp, later_done, ac);
	return MHD_YES;
}

/* Wake the parked answers whose events are now durable (all of them on failure). */
static void release_pending(antre_api_t *api, int64_t seq, int failed)
{
	pthread_mutex_lock(&api->pending_lock);
	if (failed)
		api->store_failed = 1;
	else if (seq > api->committed_seq)
		api->committed_seq = seq;
	for (api_conn_t *ac = api->pending, *next; ac; ac = next) {
		next = ac->next;
		if (!failed && ac->resp.wait_seq > api->committed_seq)
			continue;
		pending_unlink(api, ac);
		ac->ready = 1;
		MHD_resume_connection(ac->conn);
	}
	pthread_mutex_unlock(&api->pending_lock);
}

static int turned_away(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	const api_sock_t *sock = ci ? ci->socket_context : NULL;
	return sock && sock->over;
}

/* A fast, plain refusal for an address that holds too many connections already. */
static enum MHD_Result send_turn_away(antre_api_t *api, struct MHD_Connection *conn)
{
	api_resp_t resp = { 0 };
	struct MHD_Response *r;
	enum MHD_Result ret;

	api_limits_turned_away(api->limits);
	api_reply_error(&resp, 503, "too_many_connections", "this address holds too many "
			"connections to antred; close some and try again");
	r = MHD_create_response_from_buffer(strlen(resp.body), resp.body, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp.content_type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
	ret = MHD_queue_response(conn, 503, r);
	MHD_destroy_response(r);
	__atomic_fetch_add(&api->metrics.http_status[5][3], 1, __ATOMIC_RELAXED);
	return ret;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	antre_api_t *api = cls;
	api_sock_t *sock = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		sock = xcalloc(1, sizeof(*sock));
		if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
			memcpy(&sock->addr, ci->client_addr, sizeof(struct sockaddr_in));
		sock->over = api_limits_opened(api->limits, (struct sockaddr *)&sock->addr);
		*socket_context = sock;
	} else if (sock) {
		api_limits_closed(api->limits, (struct sockaddr *)&sock->addr);
		free(sock);
		*socket_context = NULL;
	}
}

/* A request that proved who it is (a valid token): rank its address as a device. */
static void trust_sender(antre_api_t *api, const api_req_t *req)
{
	const union MHD_ConnectionInfo *ci;
	if (req->who.role == ANTRE_ROLE_NONE)
		return;
	ci = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr)
		api_limits_trust(api->limits, ci->client_addr);
}

/* Who asks, the route and its answer into *resp (413 and 404/405 included); caps
 * holds the path's parameters for the handler. */
static void handle(api_req_t *req, int too_big, char caps[API_MAX_PARAMS][128],
		   api_resp_t *resp)
{
	api_handler_fn handler;

	req->who = antre_auth_identify(req->cfg, MHD_lookup_connection_value(
							 req->conn, MHD_HEADER_KIND,
							 MHD_HTTP_HEADER_AUTHORIZATION));
	if (too_big) {
		api_reply_error(resp, 413, "too_large", "request body is larger than %d bytes",
				API_MAX_BODY);
		return;
	}
	handler = route(req, caps, &resp->status);
	if (handler == NULL) {
		if (resp->status == 405)
			api_reply_error(resp, 405, "method_not_allowed", "%s is not allowed on %s",
					req->method, req->path);
		else
			api_reply_error(resp, 404, "not_found", "no such resource: %s", req->path);
		return;
	}
	if (req->who.role == ANTRE_ROLE_COUNTER)   /* its console (browser or CLI) is there */
		api_device_touch(req->api, API_DEV_CONSOLE, req->who.index,
				 antre_core_now_ms(req->core));
	handler(req, resp);
	trust_sender(req->api, req);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	antre_api_t *api = cls;
	api_conn_t *ac = *con_cls;
	api_resp_t resp = { 0 };
	api_req_t req;
	char caps[API_MAX_PARAMS][128] = { { 0 } };
	(void)version;

	if (ac == NULL && turned_away(conn))
		return send_turn_away(api, conn);
	if (ac == NULL) {
		ac = xcalloc(1, sizeof(*ac));
		*con_cls = ac;
		antre_drain_enter(&api->in_flight);
		/* Answer at once, before any body is read (libmicrohttpd then closes). */
		if (refuse_early(conn, url, &resp))
			return send_resp(api, conn, &resp);
		return MHD_YES;
	}
	if (ac->ready) {   /* resumed: its events are durable (or the log failed) */
		api_resp_t parked = ac->resp;   /* the body goes to MHD now */
		memset(&ac->resp, 0, sizeof(ac->resp));
		ac->ready = 0;
		return answer_when_durable(api, conn, ac, &parked);
	}
	if (*upload_data_size > 0) {
		/* Keep reading past the cap so the client gets a clean 413, not a reset. */
		if (ac->body_len + *upload_data_size > API_MAX_BODY) {
			ac->too_big = 1;
		} else {
			memcpy(ac->body + ac->body_len, upload_data, *upload_data_size);
			ac->body_len += *upload_data_size;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	ac->body[ac->body_len] = '\0';

	memset(&req, 0, sizeof(req));
	req.api = api;
	req.cfg = api->cfg;
	req.core = api->core;
	req.method = method;
	req.path = url;
	req.body = ac->body;
	req.body_len = ac->body_len;
	req.conn = conn;
	/* a SIGHUP reload waits until no request reads the config's texts and tokens */
	antre_core_config_read_begin(api->core);
	handle(&req, ac->too_big, caps, &resp);
	antre_core_config_read_end(api->core);
	if (resp.custom)   /* a stream: idle between heartbeats, but not for ever */
		MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT,
					  (unsigned)API_STREAM_TIMEOUT_S);
	if (resp.later)
		return answer_later(api, conn, ac, &resp);
	return answer_when_durable(api, conn, ac, &resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	antre_api_t *api = cls;
	api_conn_t *ac = *con_cls;
	(void)conn;
	(void)toe;
	if (ac == NULL)
		return;
	pthread_mutex_lock(&api->pending_lock);
	if (ac->waiting)           /* defensive: never leave a freed one in the list */
		pending_unlink(api, ac);
	pthread_mutex_unlock(&api->pending_lock);
	free(ac->resp.body);       /* set only if the client went away before the answer */
	free(ac);
	*con_cls = NULL;
	antre_drain_leave(&api->in_flight);
}

/* Every commit, in order, on the store's writer thread: count it and stream it. */
static void on_commit(void *ctx, const antre_event_t *ev, size_t n)
{
	antre_api_t *api = ctx;
	if (n == 0) {
		/* The log could not be written: the engine now holds state the disk does not.
		 * Answer what waits with 503 and say so; stopping is the lifecycle's call. */
		release_pending(api, 0, 1);
		if (api->stopping || api->life == NULL)   /* gave up waiting while stopping */
			return;
		antre_lifecycle_fail(api->life, "the event log could not be written; stopping "
				     "so that a restart rebuilds the state from the log");
		return;
	}
	api_metrics_count_events(&api->metrics, ev, n);
	sse_hub_publish(api->hub, ev, n);
	release_pending(api, ev[n - 1].seq, 0);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, char *err, size_t errcap)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host)) {
		snprintf(err, errcap, "listen address '%s' is not HOST:PORT", listen);
		return -1;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535) {
		snprintf(err, errcap, "listen port in '%s' is not a number from 0 to 65535",
			 listen);
		return -1;
	}
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (host[0] == '\0' || strcmp(host, "*") == 0)
		strcpy(host, "0.0.0.0");
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
		snprintf(err, errcap, "listen host '%s' is not an IPv4 address", host);
		return -1;
	}
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

/* libmicrohttpd's own messages (a socket error, a refused connection) get a level like
 * antred's lines; they carry addresses and reasons, never a header's value. */
/* libmicrohttpd's own messages. A screen that goes away mid-stream (a TV switched
 * off, a console's tab closed) is the stream's normal end, not something for the IT
 * person to chase when they grep the log for warnings: that one is info. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	antre_log_v(strncmp(fmt, "Failed to send", 14) == 0 ? ANTRE_LOG_INFO : ANTRE_LOG_WARN,
		    fmt, ap);
}

/* Connections antred may hold: what the file limit leaves, less room for the log,
 * the token files and the daemon's own descriptors. */
static int max_connections(void)
{
	struct rlimit rl;
	long n = 1024;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		n = (long)rl.rlim_cur;
	else if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		n = 65536;
	n -= 64;
	if (n > 16384)
		n = 16384;
	return n < 64 ? 64 : (int)n;
}

int antre_api_start(antre_core_t *core, antre_lifecycle_t *life, const char *listen,
		    antre_api_t **out, int *bound_port, char *err, size_t errcap)
{
	antre_api_t *api;
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;

	*out = NULL;
	if (parse_listen(listen, &sa, err, errcap) < 0)
		return -1;
	api = xcalloc(1, sizeof(*api));
	api->core = core;
	api->life = life;
	api->cfg = antre_core_config(core);
	pthread_mutex_init(&api->pending_lock, NULL);
	antre_drain_init(&api->in_flight);
	api->committed_seq = antre_queue_seq(antre_core_read_begin(core));   /* replayed */
	antre_core_read_end(core);
	api->hub = sse_hub_create(api);
	api->limits = api_limits_create(max_connections());
	api->worker = api_worker_start();
	/* Devices the config names by address are ranked as known from the start (a wall
	 * display has no token to prove itself with). */
	for (int i = 0; i < api->cfg->n_kiosks; i++)
		api_limits_trust_text(api->limits, api->cfg->kiosks[i].address);
	for (int i = 0; i < api->cfg->n_counters; i++)
		api_limits_trust_text(api->limits, api->cfg->counters[i].address);
	for (int i = 0; i < api->cfg->n_displays; i++)
		api_limits_trust_text(api->limits, api->cfg->displays[i].address);
	antre_core_on_commit(core, on_commit, api);
	/* epoll: no FD_SETSIZE cap. No MHD_OPTION_LISTENING_ADDRESS_REUSE: on Linux that is
	 * SO_REUSEPORT, which would let a second antred share the port (and hand out the
	 * same numbers); MHD's default SO_REUSEADDR still lets a restart bind at once. */
	api->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
			MHD_ALLOW_SUSPEND_RESUME,
		0, api_limits_accept, api->limits, on_request, api,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,   /* first, or MHD says it did not */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)API_THREADS,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, api,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, api,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape_refusing_nul, NULL,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)max_connections(),
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)API_CONN_MEMORY,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)API_IDLE_TIMEOUT_S, MHD_OPTION_END);
	if (api->daemon == NULL || api->worker == NULL) {
		if (api->daemon == NULL)
			snprintf(err, errcap, "cannot listen on %s (in use, or not an address of "
				 "this machine)", listen);
		else
			snprintf(err, errcap, "cannot start the API's worker thread");
		if (api->daemon)
			MHD_stop_daemon(api->daemon);
		api_worker_free(api->worker);
		antre_core_on_commit(core, NULL, NULL);
		sse_hub_close(api->hub);
		sse_hub_destroy(api->hub);
		api_limits_destroy(api->limits);
		antre_drain_free(&api->in_flight);
		pthread_mutex_destroy(&api->pending_lock);
		free(api);
		return -1;
	}
	info = MHD_get_daemon_info(api->daemon, MHD_DAEMON_INFO_BIND_PORT);
	*bound_port = info ? info->port : ntohs(sa.sin_port);
	*out = api;
	return 0;
}

void antre_api_stop(antre_api_t *api)
{
	if (api == NULL)
		return;
	/* New commands are refused from here on; no new connections; the streams end (a
	 * suspended connection must not outlive the daemon: MHD aborts on one). */
	api->stopping = 1;
	antre_core_refuse_commands(api->core);
	MHD_socket listener = MHD_quiesce_daemon(api->daemon);
	sse_hub_close(api->hub);
	/* Answers parked for the disk get their real answer if their commit lands in
	 * time, else 503 — never none, and never a 201 for something not written. */
	if (antre_store_flush(antre_core_store(api->core), API_STOP_FLUSH_MS) < 0) {
		if (!api->store_failed)
			antre_log(ANTRE_LOG_WARN, "the event log did not take the last changes in "
				"time; their requests are answered 503");
		release_pending(api, 0, 1);
	}
	/* Answers already queued are written out before the connections close (bounded). */
	antre_drain_wait(&api->in_flight, API_STOP_DRAIN_MS);
	api_worker_stop(api->worker);   /* before MHD: it resumes connections */
	MHD_stop_daemon(api->daemon);
	api_worker_free(api->worker);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	antre_core_on_commit(api->core, NULL, NULL);
	sse_hub_destroy(api->hub);
	api_limits_destroy(api->limits);
	antre_drain_free(&api->in_flight);
	pthread_mutex_destroy(&api->pending_lock);
	free(api);
}
