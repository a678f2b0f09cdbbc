/* The Server-Sent Events parser and a reconnecting subscription thread. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "clock.h"
#include "xmalloc.h"

void antre_sse_parser_init(antre_sse_parser_t *p)
{
	memset(p, 0, sizeof(*p));
	p->id = -1;
	p->last_id = -1;
}

void antre_sse_parser_free(antre_sse_parser_t *p)
{
	free(p->line);
	free(p->data);
	antre_sse_parser_init(p);
}

static void grow_append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* One complete line (without its newline), by the rules of the EventSource spec. */
static void take_line(antre_sse_parser_t *p, char *line, antre_sse_event_fn on_event, void *ctx)
{
	char *value;

	if (line[0] == '\0') {
		/* blank line: dispatch the event, if it has data */
		if (p->oversized)
			p->dropped++;
		else if (p->data_len > 0) {
			if (p->data[p->data_len - 1] == '\n')
				p->data[--p->data_len] = '\0';
			if (p->id >= 0)
				p->last_id = p->id;
			on_event(ctx, p->id, p->event[0] ? p->event : "message", p->data);
		}
		p->data_len = 0;
		p->oversized = 0;
		p->event[0] = '\0';
		p->id = -1;
		return;
	}
	if (line[0] == ':')
		return; /* comment: heartbeat */
	value = strchr(line, ':');
	if (value) {
		*value++ = '\0';
		if (*value == ' ')
			value++;
	} else {
		value = line + strlen(line);
	}
	if (strcmp(line, "data") == 0) {
		if (p->oversized || p->data_len + strlen(value) + 1 > ANTRE_SSE_MAX_EVENT) {
			p->oversized = 1;
			return;
		}
		grow_append(&p->data, &p->data_len, &p->data_cap, value, strlen(value));
		grow_append(&p->data, &p->data_len, &p->data_cap, "\n", 1);
	} else if (strcmp(line, "event") == 0) {
		snprintf(p->event, sizeof(p->event), "%s", value);
	} else if (strcmp(line, "id") == 0) {
		p->id = strtoll(value, NULL, 10);
	}
}

/* A hard cap on one line: what comes past it is dropped. */
#define SSE_LINE_CAP (1u << 20)

void antre_sse_parser_feed(antre_sse_parser_t *p, const char *bytes, size_t n,
			   antre_sse_event_fn on_event, void *ctx)
{
	size_t i = 0;
	while (i < n) {
		size_t run = 0;
		char ch;
		int after_cr;
		/* the line's text up to the next end of line, copied at once (a display
		 * reads every event: byte by byte this was the stream's main cost) */
		while (i + run < n && bytes[i + run] != '\n' && bytes[i + run] != '\r')
			run++;
		if (run > 0) {
			size_t room = p->line_len < SSE_LINE_CAP ? SSE_LINE_CAP - p->line_len : 0;
			grow_append(&p->line, &p->line_len, &p->line_cap, bytes + i,
				    run < room ? run : room);
			p->after_cr = 0;
			i += run;
			continue;
		}
		ch = bytes[i++];
		after_cr = p->after_cr;
		p->after_cr = ch == '\r';
		/* \r\n counts once, even when split between two feeds */
		if (ch == '\n' && after_cr)
			continue;
		grow_append(&p->line, &p->line_len, &p->line_cap, "", 0);
		take_line(p, p->line, on_event, ctx);
		p->line_len = 0;
	}
}

struct antre_sse {
	char *url;
	antre_sse_event_fn on_event;
	antre_sse_link_fn on_link;
	void *ctx;
	antre_sse_parser_t parser;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop;
	int connected;
};

static size_t on_stream(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	antre_sse_t *s = userdata;
	if (!s->connected) {
		s->connected = 1;
		if (s->on_link)
			s->on_link(s->ctx, 1);
	}
	antre_sse_parser_feed(&s->parser, ptr, size * nmemb, s->on_event, s->ctx);
	return size * nmemb;
}

static int on_progress(void *clientp, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	antre_sse_t *s = clientp;
	int stop;
	(void)a, (void)b, (void)c, (void)d;
	pthread_mutex_lock(&s->lock);
	stop = s->stop;
	pthread_mutex_unlock(&s->lock);
	return stop;
}

static void *sse_main(void *arg)
{
	antre_sse_t *s = arg;
	CURL *curl = curl_easy_init();
	long backoff_ms = 250;

	for (;;) {
		struct curl_slist *hdrs = NULL;
		char hdr[64];
		struct timespec deadline;

		s->connected = 0;
		if (s->parser.last_id >= 0) {
			snprintf(hdr, sizeof(hdr), "Last-Event-ID: %lld", (long long)s->parser.last_id);
			hdrs = curl_slist_append(hdrs, hdr);
		}
		curl_easy_reset(curl);
		curl_easy_setopt(curl, CURLOPT_URL, s->url);
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
		curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_stream);
		curl_easy_setopt(curl, CURLOPT_WRITEDATA, s);
		curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(curl, CURLOPT_XFERINFODATA, s);
		curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
		curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
		/* the server sends a heartbeat every 15 s: silence for 40 s is a dead link */
		curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 40L);
		curl_easy_perform(curl);
		curl_slist_free_all(hdrs);
		/* a half-read event is dropped: it comes again after Last-Event-ID */
		s->parser.line_len = 0;
		s->parser.data_len = 0;
		s->parser.id = -1;
		if (s->connected) {
			backoff_ms = 250;
			if (s->on_link)
				s->on_link(s->ctx, 0);
		}

		pthread_mutex_lock(&s->lock);
		antre_deadline_in(&deadline, backoff_ms);
		while (!s->stop && pthread_cond_timedwait(&s->wake, &s->lock, &deadline) == 0)
			;
		if (s->stop) {
			pthread_mutex_unlock(&s->lock);
			break;
		}
		pthread_mutex_unlock(&s->lock);
		backoff_ms = backoff_ms * 2 > 5000 ? 5000 : backoff_ms * 2;
	}
	curl_easy_cleanup(curl);
	return NULL;
}

antre_sse_t *antre_sse_start(const char *base_url, int64_t last_id, antre_sse_event_fn on_event,
			     antre_sse_link_fn on_link, void *ctx)
{
	return antre_sse_start_as(base_url, NULL, last_id, on_event, on_link, ctx);
}

antre_sse_t *antre_sse_start_as(const char *base_url, const char *device, int64_t last_id,
				antre_sse_event_fn on_event, antre_sse_link_fn on_link, void *ctx)
{
	antre_sse_t *s = xcalloc(1, sizeof(*s));
	size_t n = strlen(base_url);
	char *name = NULL;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (device)
		name = curl_easy_escape(NULL, device, 0);
	s->url = xmalloc(n + 48 + (name ? strlen(name) : 0));
	sprintf(s->url, "%.*s/api/v1/events%s%s",
		(int)(n > 0 && base_url[n - 1] == '/' ? n - 1 : n), base_url,
		name ? "?device=" : "", name ? name : "");
	curl_free(name);
	s->on_event = on_event;
	s->on_link = on_link;
	s->ctx = ctx;
	antre_sse_parser_init(&s->parser);
	s->parser.last_id = last_id;
	pthread_mutex_init(&s->lock, NULL);
	antre_cond_init_monotonic(&s->wake);
	pthread_create(&s->thread, NULL, sse_main, s);
	return s;
}

void antre_sse_stop(antre_sse_t *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = 1;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	antre_sse_parser_free(&s->parser);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	free(s->url);
	free(s);
}
