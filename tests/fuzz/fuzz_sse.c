/* Fuzz the client's Server-Sent Events parser (firmware/client): any bytes from a
 * server are parsed without a fault, and the events do not depend on how the bytes were
 * split into reads (whole, byte by byte, or in chunks the input chooses). */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "fuzz.h"

typedef struct {
	char *v;
	size_t n, cap;
	int events;
} trace_t;

static void put(trace_t *t, const void *s, size_t n)
{
	if (t->n + n > t->cap) {
		t->cap = (t->n + n) * 2 + 64;
		t->v = realloc(t->v, t->cap);
		FUZZ_CHECK(t->v != NULL);
	}
	memcpy(t->v + t->n, s, n);
	t->n += n;
}

/* Record each event as "id NUL event NUL data NUL". */
static void on_event(void *ctx, int64_t id, const char *event, const char *data)
{
	trace_t *t = ctx;
	FUZZ_CHECK(event != NULL && data != NULL);
	FUZZ_CHECK(event[0] != '\0');
	FUZZ_CHECK(strlen(event) < 64);
	put(t, &id, sizeof(id));
	put(t, event, strlen(event) + 1);
	put(t, data, strlen(data) + 1);
	t->events++;
}

/* Parse data in pieces of the sizes step() gives; returns the trace (caller frees). */
static trace_t parse(const uint8_t *data, size_t size, size_t chunk, int64_t *last_id)
{
	antre_sse_parser_t p;
	trace_t t = { NULL, 0, 0, 0 };
	size_t at = 0;

	antre_sse_parser_init(&p);
	while (at < size) {
		size_t n = chunk == 0 ? size - at : chunk;
		if (n > size - at)
			n = size - at;
		antre_sse_parser_feed(&p, (const char *)data + at, n, on_event, &t);
		at += n;
	}
	*last_id = p.last_id;
	antre_sse_parser_free(&p);
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t chunk = size > 0 ? (size_t)(data[0] % 13) + 1 : 1;
	int64_t id_whole, id_bytes, id_chunks;
	trace_t whole = parse(data, size, 0, &id_whole);
	trace_t bytes = parse(data, size, 1, &id_bytes);
	trace_t chunks = parse(data, size, chunk, &id_chunks);

	FUZZ_CHECK(whole.events == bytes.events && whole.events == chunks.events);
	FUZZ_CHECK(whole.n == bytes.n && whole.n == chunks.n);
	FUZZ_CHECK(whole.n == 0 || (memcmp(whole.v, bytes.v, whole.n) == 0 &&
				    memcmp(whole.v, chunks.v, whole.n) == 0));
	FUZZ_CHECK(id_whole == id_bytes && id_whole == id_chunks);
	free(whole.v);
	free(bytes.v);
	free(chunks.v);
	return 0;
}
