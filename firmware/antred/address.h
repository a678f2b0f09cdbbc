/* Where clients reach antred: the address the listening line shows (a LAN address when
 * bound to all of them), the public_url derived from it, and whether a URL is loopback. */
#ifndef ANTRE_ADDRESS_H
#define ANTRE_ADDRESS_H

#include <stddef.h>

/* The URL clients should use for LISTEN ("HOST:PORT" as configured) served on PORT:
 * the host as given, or, when it is every address (empty, "*", "0.0.0.0", "[::]"),
 * this machine's first non-loopback address (127.0.0.1 when it has none); *all is
 * then 1. */
void antre_reach_url(const char *listen, int port, char *url, size_t cap, int *all);

/* 1 when URL's host is this machine only (127.x.x.x, localhost, [::1]). */
int antre_url_is_loopback(const char *url);

#endif
