/* Token files and constant-time bearer identification. */
#include "auth.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "xmalloc.h"

static void mkdirs_for(const char *path)
{
	char dir[ANTRE_PATH_MAX];
	antre_strlcpy(dir, path, sizeof(dir));
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0750);
		*p = '/';
	}
}

static int create_token_file(const char *path, char *err, size_t errcap)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t raw[24];
	char token[2 * sizeof(raw) + 2];
	int fd;

	antre_clock_system()->random_bytes(antre_clock_system(), raw, sizeof(raw));
	for (size_t i = 0; i < sizeof(raw); i++) {
		token[2 * i] = hex[raw[i] >> 4];
		token[2 * i + 1] = hex[raw[i] & 15];
	}
	token[2 * sizeof(raw)] = '\n';
	token[2 * sizeof(raw) + 1] = '\0';
	mkdirs_for(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 && errno == EEXIST)
		return 0; /* somebody made it meanwhile: use theirs */
	if (fd < 0 || write(fd, token, strlen(token)) != (ssize_t)strlen(token) || fsync(fd) < 0) {
		snprintf(err, errcap, "cannot create token file %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Load a token from file (creating it when missing) into token, a buffer of
 * ANTRE_TOKEN_MAX bytes. The file holds the token alone; white space around it (the
 * final newline) is not part of it, anything else makes the file refused, never cut. */
static int load_token(const char *file, char *token, char *err, size_t errcap)
{
	FILE *f = NULL;
	char buf[ANTRE_TOKEN_MAX + 64];   /* a file that fills it is too long anyway */
	size_t start = 0, end = 0;
	const char *problem;
	int rc = -1;

	if (file[0] == '\0' || token[0] != '\0')
		return 0; /* inline token wins; nothing to load */
	if (access(file, F_OK) != 0 && create_token_file(file, err, errcap) < 0)
		return -1;
	f = fopen(file, "r");
	if (f == NULL) {
		snprintf(err, errcap, "cannot read token file %s: %s", file, strerror(errno));
		goto out;
	}
	end = fread(buf, 1, sizeof(buf), f);
	if (ferror(f)) {
		snprintf(err, errcap, "cannot read token file %s: %s", file, strerror(errno));
		goto out;
	}
	if (end == 0) {
		snprintf(err, errcap, "cannot read token file %s: it is empty", file);
		goto out;
	}
	if (end < sizeof(buf)) {
		while (end > 0 && is_blank(buf[end - 1]))
			end--;
		while (start < end && is_blank(buf[start]))
			start++;
	}
	problem = antre_config_token_problem(buf + start, end - start);
	if (problem != NULL) {
		snprintf(err, errcap, "token in %s %s", file, problem);
		goto out;
	}
	memcpy(token, buf + start, end - start);
	token[end - start] = '\0';
	rc = 0;
out:
	if (f)
		fclose(f);
	return rc;
}

int antre_auth_load(antre_config_t *cfg, const char *db_path, char *err, size_t errcap)
{
	if (cfg->admin_token[0] == '\0' && cfg->admin_token_file[0] == '\0') {
		const char *slash = strrchr(db_path, '/');
		if (slash)
			snprintf(cfg->admin_token_file, sizeof(cfg->admin_token_file), "%.*s/admin.token",
				 (int)(slash - db_path), db_path);
		else
			antre_strlcpy(cfg->admin_token_file, "admin.token", sizeof(cfg->admin_token_file));
	}
	if (load_token(cfg->admin_token_file, cfg->admin_token, err, errcap) < 0)
		return -1;
	for (int i = 0; i < cfg->n_counters; i++)
		if (load_token(cfg->counters[i].token_file, cfg->counters[i].token, err,
			       errcap) < 0)
			return -1;
	for (int i = 0; i < cfg->n_kiosks; i++)
		if (load_token(cfg->kiosks[i].token_file, cfg->kiosks[i].token, err, errcap) < 0)
			return -1;
	/* The parser saw only the inline tokens; now every token is known. */
	return antre_config_check_tokens(cfg, err, errcap);
}

/* 1 when the presented token (plen bytes, plen < ANTRE_TOKEN_MAX) equals the stored
 * one, a NUL-terminated buffer of ANTRE_TOKEN_MAX bytes. Every byte of the buffer is
 * looked at, whatever the stored token's length or contents; comparing the terminator
 * too makes a presented token with the stored one as its prefix differ. */
static int same(const char *presented, size_t plen, const char *stored)
{
	unsigned char diff = 0, ended = 0;
	for (size_t i = 0; i < ANTRE_TOKEN_MAX; i++) {
		unsigned char cp = i < plen ? (unsigned char)presented[i] : 0;
		unsigned char cs = (unsigned char)stored[i] & (unsigned char)(ended - 1);
		ended |= (unsigned char)(cs == 0);
		diff |= cp ^ cs;
	}
	return diff == 0 && plen > 0;
}

antre_who_t antre_auth_identify(const antre_config_t *cfg, const char *authorization)
{
	antre_who_t who = { ANTRE_ROLE_NONE, -1 };
	const char *token;
	size_t len;

	if (authorization == NULL || strncmp(authorization, "Bearer ", 7) != 0)
		return who;
	token = authorization + 7;
	/* No stored token is this long: an over-long one matches nothing (never cut). */
	len = strnlen(token, ANTRE_TOKEN_MAX);
	if (len >= ANTRE_TOKEN_MAX)
		return who;
	/* Look at every token, always, and remember the match without branching early. */
	for (int i = 0; i < cfg->n_kiosks; i++)
		if (same(token, len, cfg->kiosks[i].token))
			who = (antre_who_t){ ANTRE_ROLE_KIOSK, i };
	for (int i = 0; i < cfg->n_counters; i++)
		if (same(token, len, cfg->counters[i].token))
			who = (antre_who_t){ ANTRE_ROLE_COUNTER, i };
	if (same(token, len, cfg->admin_token))
		who = (antre_who_t){ ANTRE_ROLE_ADMIN, -1 };
	return who;
}
