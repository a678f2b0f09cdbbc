/* Collect events from the shared client library's SSE subscription, for tests. */
#ifndef ANTRE_TEST_SSE_COLLECT_H
#define ANTRE_TEST_SSE_COLLECT_H

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>

#include "client.h"

typedef struct {
	int64_t id;
	char event[40];
	json_t *data;
} got_event_t;

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	got_event_t *v;
	int n, cap;
	int links;               /* connects seen */
	antre_sse_t *sub;
} collector_t;

/* Subscribe to url (last_id < 0: from a snapshot). */
void collector_start(collector_t *c, const char *url, int64_t last_id);
/* The same as a device naming itself ("display:ID", "console:ID"). */
void collector_start_as(collector_t *c, const char *url, const char *device, int64_t last_id);
void collector_stop(collector_t *c);
void collector_free(collector_t *c);
/* Wait (≤ timeout_ms) until an event with id ≥ seq has arrived; 0 or -1. */
int collector_wait_seq(collector_t *c, int64_t seq, int timeout_ms);

#endif
