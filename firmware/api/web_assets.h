/* The web pages' files (firmware/web/), embedded at build time by embed.cmake. */
#ifndef ANTRE_WEB_ASSETS_H
#define ANTRE_WEB_ASSETS_H

#include <stddef.h>

typedef struct {
	const char *path;          /* "/counter.html" */
	const char *content_type;
	const char *etag;          /* quoted, strong: "\"0123456789abcdef\"" */
	const unsigned char *data;
	size_t len;
	const unsigned char *gz;   /* the same, gzip'ed */
	size_t gz_len;
} web_asset_t;

/* Every file, ended by an entry whose path is NULL. */
extern const web_asset_t web_assets[];

#endif
