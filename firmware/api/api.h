/* antred's HTTP API v1 (libmicrohttpd + jansson): routes, JSON shapes, auth. */
#ifndef ANTRE_API_H
#define ANTRE_API_H

#include <stddef.h>

#include "core.h"
#include "lifecycle.h"

typedef struct antre_api antre_api_t;

/* Serve core on listen ("HOST:PORT", port 0 picks a free one). *bound_port gets the
 * real port. Returns 0, or -1 with a sentence in err. core and life are borrowed and
 * must outlive the server. When the event log fails, the answers waiting for it get
 * 503 and life is told (antre_lifecycle_fail); what follows is life's policy. life may
 * be NULL (nobody is told). */
int antre_api_start(antre_core_t *core, antre_lifecycle_t *life, const char *listen,
		    antre_api_t **out, int *bound_port, char *err, size_t errcap);
/* Stop accepting, let in-flight requests finish (bounded), and free. */
void antre_api_stop(antre_api_t *api);

#endif
