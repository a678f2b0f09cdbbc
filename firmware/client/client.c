/* HTTP requests to antred over libcurl. */
#include "client.h"

#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

struct antre_client {
	char *base;
	char *auth;            /* "Authorization: Bearer …" or NULL */
	long timeout_ms;
	CURL *curl;            /* reused: keeps the connection alive */
};

typedef struct {
	char *buf;
	size_t len;
} sink_t;

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	sink_t *s = userdata;
	size_t n = size * nmemb;
	if (s->len + n > (8u << 20))
		return 0;   /* refuse absurd answers */
	s->buf = xrealloc(s->buf, s->len + n + 1);
	memcpy(s->buf + s->len, ptr, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return n;
}

antre_client_t *antre_client_create(const char *base_url, const char *token, long timeout_ms)
{
	antre_client_t *c = xcalloc(1, sizeof(*c));
	size_t n = strlen(base_url);

	curl_global_init(CURL_GLOBAL_DEFAULT);
	c->base = xstrdup(base_url);
	if (n > 0 && c->base[n - 1] == '/')
		c->base[n - 1] = '\0';
	if (token && token[0]) {
		c->auth = xmalloc(strlen(token) + 32);
		sprintf(c->auth, "Authorization: Bearer %s", token);
	}
	c->timeout_ms = timeout_ms;
	c->curl = curl_easy_init();
	return c;
}

void antre_client_destroy(antre_client_t *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->curl);
	free(c->base);
	free(c->auth);
	free(c);
}

int antre_client_request(antre_client_t *c, const char *method, const char *path,
			 const char *body_json, char **resp)
{
	return antre_client_request_with(c, method, path, NULL, body_json, resp);
}

int antre_client_request_with(antre_client_t *c, const char *method, const char *path,
			      const char *const *headers, const char *body_json, char **resp)
{
	struct curl_slist *hdrs = NULL;
	sink_t sink = { xstrdup(""), 0 };
	char *url = xmalloc(strlen(c->base) + strlen(path) + 1);
	long status = ANTRE_CLIENT_UNREACHABLE;
	CURLcode rc;

	sprintf(url, "%s%s", c->base, path);
	curl_easy_reset(c->curl);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_TCP_NODELAY, 1L);
	if (c->auth)
		hdrs = curl_slist_append(hdrs, c->auth);
	for (size_t i = 0; headers && headers[i]; i++)
		hdrs = curl_slist_append(hdrs, headers[i]);
	if (body_json) {
		hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body_json);
	} else if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, "");
	}
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, hdrs);
	rc = curl_easy_perform(c->curl);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	} else {
		free(sink.buf);
		sink.buf = xmalloc(256 + strlen(c->base));
		sprintf(sink.buf, "cannot reach antred at %s: %s", c->base, curl_easy_strerror(rc));
	}
	curl_slist_free_all(hdrs);
	free(url);
	if (resp)
		*resp = sink.buf;
	else
		free(sink.buf);
	return (int)status;
}

char *antre_client_read_token(const char *path, char *err, size_t errcap)
{
	char buf[1024];
	size_t n, start = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		snprintf(err, errcap, "cannot read token file %s: %s", path, strerror(errno));
		return NULL;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	while (start < n && isspace((unsigned char)buf[start]))
		start++;
	n -= start;
	for (size_t i = 0; i < n; i++)
		if (isspace((unsigned char)buf[start + i]) || iscntrl((unsigned char)buf[start + i])) {
			snprintf(err, errcap, "token file %s holds more than one word", path);
			return NULL;
		}
	if (n < 16 || n > 256) {
		snprintf(err, errcap, "token file %s does not hold a 16 to 256 character token",
			 path);
		return NULL;
	}
	return xstrdup(buf + start);
}
