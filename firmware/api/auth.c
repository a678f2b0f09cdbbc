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

/* Load a token from file (creating it when missing) into token. */
static int load_token(const char *file, char *token, size_t cap, char *err, size_t errcap)
{
	FILE *f;
	char line[ANTRE_TOKEN_MAX + 2] = "";
	size_t n;

	if (file[0] == '\0' || token[0] != '\0')
		return 0; /* inline token wins; nothing to load */
	if (access(file, F_OK) != 0 && create_token_file(file, err, errcap) < 0)
		return -1;
	f = fopen(file, "r");
	if (f == NULL || fgets(line, sizeof(line), f) == NULL) {
		snprintf(err, errcap, "cannot read token file %s: %s", file,
			 f ? "it is empty" : strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	n = strcspn(line, " \t\r\n");
	line[n] = '\0';
	if (n < 16) {
		snprintf(err, errcap, "token in %s is shorter than 16 characters", file);
		return -1;
	}
	antre_strlcpy(token, line, cap);
	return 0;
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
	if (load_token(cfg->admin_token_file, cfg->admin_token, sizeof(cfg->admin_token), err,
		       errcap) < 0)
		return -1;
	for (int i = 0; i < cfg->n_counters; i++)
		if (load_token(cfg->counters[i].token_file, cfg->counters[i].token,
			       sizeof(cfg->counters[i].token), err, errcap) < 0)
			return -1;
	for (int i = 0; i < cfg->n_kiosks; i++)
		if (load_token(cfg->kiosks[i].token_file, cfg->kiosks[i].token,
			       sizeof(cfg->kiosks[i].token), err, errcap) < 0)
			return -1;
	return 0;
}

/* 1 when equal; time depends only on the buffer size, not on the contents. */
static int same(const char *a, const char *b)
{
	unsigned char diff = 0;
	size_t la = strnlen(a, ANTRE_TOKEN_MAX), lb = strnlen(b, ANTRE_TOKEN_MAX);
	for (size_t i = 0; i < ANTRE_TOKEN_MAX; i++) {
		unsigned char ca = i < la ? (unsigned char)a[i] : 0;
		unsigned char cb = i < lb ? (unsigned char)b[i] : 0;
		diff |= ca ^ cb;
	}
	return diff == 0 && la == lb && la > 0;
}

antre_who_t antre_auth_identify(const antre_config_t *cfg, const char *authorization)
{
	antre_who_t who = { ANTRE_ROLE_NONE, -1 };
	char token[ANTRE_TOKEN_MAX];

	if (authorization == NULL || strncmp(authorization, "Bearer ", 7) != 0)
		return who;
	antre_strlcpy(token, authorization + 7, sizeof(token));
	/* Look at every token, always, and remember the match without branching early. */
	for (int i = 0; i < cfg->n_kiosks; i++)
		if (same(token, cfg->kiosks[i].token))
			who = (antre_who_t){ ANTRE_ROLE_KIOSK, i };
	for (int i = 0; i < cfg->n_counters; i++)
		if (same(token, cfg->counters[i].token))
			who = (antre_who_t){ ANTRE_ROLE_COUNTER, i };
	if (same(token, cfg->admin_token))
		who = (antre_who_t){ ANTRE_ROLE_ADMIN, -1 };
	return who;
}
