/* The client library's SSE parser, fed bytes in awkward pieces. */
#include "client.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	int n;
	long long ids[8];
	char events[8][32];
	char data[8][128];
} seen_t;

static void on_event(void *ctx, int64_t id, const char *event, const char *data)
{
	seen_t *s = ctx;
	if (s->n >= 8)
		return;
	s->ids[s->n] = id;
	snprintf(s->events[s->n], sizeof(s->events[0]), "%s", event);
	snprintf(s->data[s->n], sizeof(s->data[0]), "%s", data);
	s->n++;
}

static const char stream[] =
	"retry: 2000\n\n"
	"id: 7\nevent: snapshot\ndata: {\"seq\":7}\n\n"
	": heartbeat\n\n"
	"id: 8\r\nevent: ticket.called\r\ndata: {\"a\":1,\r\ndata: \"b\":2}\r\n\r\n"
	"data: no id or type\n\n"
	"id: 9\nevent: ticket.finished\ndata: {\"half\":";

static void check(const seen_t *s, const antre_sse_parser_t *p)
{
	ASSERT_EQ_INT(s->n, 3);
	ASSERT_EQ_INT(s->ids[0], 7);
	ASSERT_EQ_STR(s->events[0], "snapshot");
	ASSERT_EQ_STR(s->data[0], "{\"seq\":7}");
	ASSERT_EQ_INT(s->ids[1], 8);
	ASSERT_EQ_STR(s->events[1], "ticket.called");
	ASSERT_EQ_STR(s->data[1], "{\"a\":1,\n\"b\":2}");
	ASSERT_EQ_INT(s->ids[2], -1);
	ASSERT_EQ_STR(s->events[2], "message");
	ASSERT_EQ_INT(p->last_id, 8);   /* the unfinished event 9 does not count yet */
}

TEST(whole_stream_at_once)
{
	seen_t s = { 0 };
	antre_sse_parser_t p;
	antre_sse_parser_init(&p);
	antre_sse_parser_feed(&p, stream, sizeof(stream) - 1, on_event, &s);
	check(&s, &p);
	antre_sse_parser_free(&p);
}

TEST(one_byte_at_a_time)
{
	seen_t s = { 0 };
	antre_sse_parser_t p;
	antre_sse_parser_init(&p);
	for (size_t i = 0; i < sizeof(stream) - 1; i++)
		antre_sse_parser_feed(&p, stream + i, 1, on_event, &s);
	check(&s, &p);
	antre_sse_parser_free(&p);
}

/* A server that sends data lines without end: the event is dropped once it passes the
 * cap, the parser's memory stays bounded, and the next event comes through. */
TEST(an_endless_event_is_dropped_not_kept)
{
	static const char next[] = "\nid: 12\nevent: ticket.called\ndata: {}\n\n";
	size_t piece = (size_t)256 << 10;
	char *line = malloc(piece + 8);
	seen_t s = { 0 };
	antre_sse_parser_t p;

	ASSERT_TRUE(line != NULL);
	snprintf(line, piece + 8, "data: ");
	memset(line + 6, 'x', piece);
	line[piece + 6] = '\n';
	antre_sse_parser_init(&p);
	antre_sse_parser_feed(&p, "id: 11\nevent: snapshot\n", 24, on_event, &s);
	for (size_t sent = 0; sent < 4 * ANTRE_SSE_MAX_EVENT; sent += piece)
		antre_sse_parser_feed(&p, line, piece + 7, on_event, &s);
	ASSERT_TRUE(p.data_cap <= 2 * ANTRE_SSE_MAX_EVENT + 2);
	antre_sse_parser_feed(&p, next, sizeof(next) - 1, on_event, &s);
	ASSERT_EQ_INT(s.n, 1);
	ASSERT_EQ_INT(s.ids[0], 12);
	ASSERT_EQ_STR(s.data[0], "{}");
	ASSERT_EQ_INT(p.dropped, 1);
	ASSERT_EQ_INT(p.last_id, 12);
	antre_sse_parser_free(&p);
	free(line);
}

TEST(split_anywhere_in_two)
{
	for (size_t cut = 0; cut < sizeof(stream) - 1; cut++) {
		seen_t s = { 0 };
		antre_sse_parser_t p;
		antre_sse_parser_init(&p);
		antre_sse_parser_feed(&p, stream, cut, on_event, &s);
		antre_sse_parser_feed(&p, stream + cut, sizeof(stream) - 1 - cut, on_event, &s);
		check(&s, &p);
		antre_sse_parser_free(&p);
	}
}

static void on_long(void *ctx, int64_t id, const char *event, const char *data)
{
	(void)id;
	(void)event;
	*(size_t *)ctx = strlen(data);
}

/* A line is kept to its first MiB, however the pieces fall; the next line is whole. */
TEST(overlong_line_is_cut)
{
	static const char tail[] = "data: short\r\n\r\n";
	size_t piece = 700000, got = 0;
	char *x = malloc(piece);
	antre_sse_parser_t p;
	memset(x, 'x', piece);
	antre_sse_parser_init(&p);
	antre_sse_parser_feed(&p, "data: ", 6, on_long, &got);
	for (int i = 0; i < 3; i++)
		antre_sse_parser_feed(&p, x, piece, on_long, &got);
	antre_sse_parser_feed(&p, "\n\n", 2, on_long, &got);
	ASSERT_EQ_INT(got, (1u << 20) - 6);
	antre_sse_parser_feed(&p, tail, sizeof(tail) - 1, on_long, &got);
	ASSERT_EQ_INT(got, 5);
	antre_sse_parser_free(&p);
	free(x);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(whole_stream_at_once),
		TEST_CASE(one_byte_at_a_time),
		TEST_CASE(an_endless_event_is_dropped_not_kept),
		TEST_CASE(split_anywhere_in_two),
		TEST_CASE(overlong_line_is_cut),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
