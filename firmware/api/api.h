/* antred's HTTP API v1 (libmicrohttpd + jansson): routes, JSON shapes, auth. */
#ifndef ANTRE_API_H
#define ANTRE_API_H

#include <stddef.h>

#include "core.h"

typedef struct antre_api antre_api_t;

/* Serve core on listen ("HOST:PORT", port 0 picks a free one). *bound_port gets the
 * real port. Returns 0, or -1 with a sentence in err. core is borrowed. */
int antre_api_start(antre_core_t *core, const char *listen, antre_api_t **out,
		    int *bound_port, char *err, size_t errcap);
/* 1 once the event log failed (antred then gets SIGTERM and should exit non-zero). */
int antre_api_failed(const antre_api_t *api);
/* Stop accepting, let in-flight requests finish, and free. */
void antre_api_stop(antre_api_t *api);

#endif
