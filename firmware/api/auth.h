/* Tokens: loading them (creating missing token files) and telling who a bearer is. */
#ifndef ANTRE_AUTH_H
#define ANTRE_AUTH_H

#include <stddef.h>

#include "config.h"

typedef enum { ANTRE_ROLE_NONE, ANTRE_ROLE_KIOSK, ANTRE_ROLE_COUNTER, ANTRE_ROLE_ADMIN } antre_role_t;

typedef struct {
	antre_role_t role;
	int index;          /* kiosk or counter index */
} antre_who_t;

/* Fill every *_token of cfg from its *_token_file, creating missing files (mode 0600,
 * folders as needed) with a fresh random token. With no admin token configured at all,
 * one is kept in admin.token beside db_path. A token file holds one token of 16 to 256
 * characters without spaces or control characters (white space around it is dropped).
 * Then every token must differ from all the others. Returns 0, or -1 with a sentence
 * in err (never the token). */
int antre_auth_load(antre_config_t *cfg, const char *db_path, char *err, size_t errcap);

/* Who holds this Authorization header value ("Bearer T")? T must equal a token whole:
 * a longer T never matches. Compares in constant time against every token, so timing
 * tells nothing about which one (nearly) matched, nor about the tokens' lengths. */
antre_who_t antre_auth_identify(const antre_config_t *cfg, const char *authorization);

#endif
