/* What a display hears from antred, handed to the render thread as messages: the event
 * stream (resumed with Last-Event-ID after any break), link up/down, and the state
 * (for waiting counts) fetched again after ticket events, at most twice a second. */
#ifndef ANTRE_DISPLAY_FEED_H
#define ANTRE_DISPLAY_FEED_H

#include <stdint.h>

typedef enum { FEED_EVENT, FEED_LINK, FEED_STATE } feed_kind_t;

typedef struct feed_msg {
	feed_kind_t kind;
	char type[32];             /* FEED_EVENT: ANTRE_STREAM_SNAPSHOT or an event type name */
	char *data;                /* FEED_EVENT, FEED_STATE: the JSON text */
	int connected;             /* FEED_LINK */
	struct feed_msg *next;
} feed_msg_t;

typedef struct feed feed_t;

/* Subscribe to base_url's events, starting with a snapshot. */
/* device ("display:ID", or NULL) names this screen to antred on the event stream. */
feed_t *feed_start(const char *base_url, const char *device);
/* Messages in arrival order, or NULL after timeout_ms without any. Free with
 * feed_msg_free. */
feed_msg_t *feed_wait(feed_t *f, int timeout_ms);
void feed_msg_free(feed_msg_t *m);
void feed_stop(feed_t *f);

#endif
