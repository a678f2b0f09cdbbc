/* INI loader for antre.ini: inih does the tokenising, this file the sections, keys,
 * validation and "FILE:LINE: message" errors. The parser is fed bytes. */
#include "config.h"

#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xmalloc.h"

typedef enum {
	SEC_NONE, SEC_OFFICE, SEC_SERVER, SEC_SERVICE, SEC_JOURNEY, SEC_COUNTER, SEC_KIOSK,
	SEC_DISPLAY
} sec_kind_t;

static const char *const sec_names[] = {
	"", "office", "server", "service", "journey", "counter", "kiosk", "display"
};

typedef enum {
	K_STR, K_LONGSTR, K_INT, K_BOOL, K_PREFIX, K_TIME, K_POLICY, K_LIST, K_PATH, K_TZ,
	K_PAPER, K_TOKEN, K_TOKEN_FILE, K_ADDR
} key_type_t;

typedef struct {
	sec_kind_t sec;
	const char *name;
	key_type_t type;
	size_t offset;      /* into the section's struct (or antre_config_t) */
	size_t size;
	int min, max;       /* K_INT */
} key_def_t;

#define F(type, field) offsetof(type, field), sizeof(((type *)0)->field)
static const key_def_t keys[] = {
	{ SEC_OFFICE, "name", K_STR, F(antre_config_t, name), 0, 0 },
	{ SEC_OFFICE, "name_en", K_STR, F(antre_config_t, name_en), 0, 0 },
	{ SEC_OFFICE, "timezone", K_TZ, F(antre_config_t, timezone), 0, 0 },
	{ SEC_OFFICE, "reset_at", K_TIME, F(antre_config_t, reset_at_min), 0, 0 },
	{ SEC_OFFICE, "number_width", K_INT, F(antre_config_t, number_width), 1, 6 },
	{ SEC_OFFICE, "priority_policy", K_POLICY, 0, 0, 0, 0 },
	{ SEC_OFFICE, "priority_button", K_BOOL, F(antre_config_t, priority_button), 0, 0 },
	{ SEC_OFFICE, "carry_over", K_BOOL, F(antre_config_t, carry_over), 0, 0 },
	{ SEC_OFFICE, "marquee", K_LONGSTR, F(antre_config_t, marquee), 0, 0 },
	{ SEC_OFFICE, "public_url", K_STR, F(antre_config_t, public_url), 0, 0 },
	{ SEC_SERVER, "listen", K_STR, F(antre_config_t, listen), 0, 0 },
	{ SEC_SERVER, "db", K_PATH, F(antre_config_t, db), 0, 0 },
	{ SEC_SERVER, "admin_token", K_TOKEN, F(antre_config_t, admin_token), 0, 0 },
	{ SEC_SERVER, "admin_token_file", K_TOKEN_FILE, F(antre_config_t, admin_token_file), 0, 0 },
	{ SEC_SERVICE, "prefix", K_PREFIX, F(antre_service_t, prefix), 0, 0 },
	{ SEC_SERVICE, "name", K_STR, F(antre_service_t, name), 0, 0 },
	{ SEC_SERVICE, "name_en", K_STR, F(antre_service_t, name_en), 0, 0 },
	{ SEC_SERVICE, "est_service_s", K_INT, F(antre_service_t, est_service_s), 1, 86400 },
	{ SEC_JOURNEY, "prefix", K_PREFIX, F(antre_journey_t, prefix), 0, 0 },
	{ SEC_JOURNEY, "name", K_STR, F(antre_journey_t, name), 0, 0 },
	{ SEC_JOURNEY, "name_en", K_STR, F(antre_journey_t, name_en), 0, 0 },
	{ SEC_JOURNEY, "steps", K_LIST, 0, 0, 0, 0 },
	{ SEC_COUNTER, "name", K_STR, F(antre_counter_t, name), 0, 0 },
	{ SEC_COUNTER, "services", K_LIST, 0, 0, 0, 0 },
	{ SEC_COUNTER, "token", K_TOKEN, F(antre_counter_t, token), 0, 0 },
	{ SEC_COUNTER, "token_file", K_TOKEN_FILE, F(antre_counter_t, token_file), 0, 0 },
	{ SEC_COUNTER, "address", K_ADDR, F(antre_counter_t, address), 0, 0 },
	{ SEC_KIOSK, "address", K_ADDR, F(antre_kiosk_t, address), 0, 0 },
	{ SEC_DISPLAY, "address", K_ADDR, F(antre_display_t, address), 0, 0 },
	{ SEC_KIOSK, "token", K_TOKEN, F(antre_kiosk_t, token), 0, 0 },
	{ SEC_KIOSK, "token_file", K_TOKEN_FILE, F(antre_kiosk_t, token_file), 0, 0 },
	{ SEC_KIOSK, "printer", K_STR, F(antre_kiosk_t, printer), 0, 0 },
	{ SEC_KIOSK, "paper", K_PAPER, F(antre_kiosk_t, paper_mm), 0, 0 },
	{ SEC_DISPLAY, "layout", K_STR, F(antre_display_t, layout), 0, 0 },
	{ SEC_DISPLAY, "audio", K_BOOL, F(antre_display_t, audio), 0, 0 },
	{ SEC_DISPLAY, "announce", K_LONGSTR, F(antre_display_t, announce), 0, 0 },
	{ SEC_DISPLAY, "announce_en", K_LONGSTR, F(antre_display_t, announce_en), 0, 0 },
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

typedef struct {
	const char *text;
	size_t len, pos;
	const char *name;       /* file name for messages */
	const char *base_dir;
	antre_config_t *cfg;

	int line;               /* number of the line inih is working on */
	int line_indented;      /* it began with white space: a continuation */
	sec_kind_t sec;
	void *obj;              /* struct of the current section */
	int sec_line[8];        /* first line of [office], [server] */
	int key_line[N_KEYS];   /* where each key of the current section was set */
	int last_key;           /* for continuation lines */

	/* resolved after the whole file is read: later sections may be named earlier */
	char journey_steps[ANTRE_MAX_JOURNEYS][ANTRE_TEXT_MAX];
	int journey_steps_line[ANTRE_MAX_JOURNEYS];
	char counter_services[ANTRE_MAX_COUNTERS][ANTRE_TEXT_MAX];
	int counter_services_line[ANTRE_MAX_COUNTERS];

	int err_line;           /* 0: no error yet */
	char err[512];
} parser_t;

static void fail_at(parser_t *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Keep the first error only: later ones are often consequences of it. */
static void fail_at(parser_t *p, int line, const char *fmt, ...)
{
	va_list ap;
	if (p->err_line != 0)
		return;
	p->err_line = line > 0 ? line : 1;
	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
}

static int valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= ANTRE_ID_MAX)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

static const char *trim(char *s)
{
	char *end;
	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Find an existing object with this id in a section array, or -1. */
static int find_id(const char *base, size_t stride, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(base + (size_t)i * stride, id) == 0)
			return i;
	return -1;
}

static void begin_section(parser_t *p, char *header)
{
	antre_config_t *c = p->cfg;
	char *close = strchr(header, ']');
	char *kind, *id;
	const char *rest;
	sec_kind_t k = SEC_NONE;

	memset(p->key_line, 0, sizeof(p->key_line));
	p->last_key = -1;
	p->sec = SEC_NONE;
	p->obj = NULL;
	if (close == NULL)
		return; /* inih reports the missing ']' */
	rest = trim(close + 1);
	if (*rest != '\0' && *rest != ';' && *rest != '#') {
		fail_at(p, p->line, "unexpected text after section header: %s", rest);
		return;
	}
	*close = '\0';
	kind = header + 1;
	while (isspace((unsigned char)*kind))
		kind++;
	id = kind;
	while (*id && !isspace((unsigned char)*id))
		id++;
	if (*id)
		*id++ = '\0';
	id = (char *)trim(id);
	for (int i = 1; i < 8; i++)
		if (strcmp(kind, sec_names[i]) == 0)
			k = (sec_kind_t)i;
	if (k == SEC_NONE) {
		fail_at(p, p->line, "unknown section [%s] (expected office, server, service ID, "
			"journey ID, counter ID, kiosk ID or display ID)", kind);
		return;
	}
	if (k == SEC_OFFICE || k == SEC_SERVER) {
		if (*id) {
			fail_at(p, p->line, "section [%s] takes no id", kind);
			return;
		}
		if (p->sec_line[k]) {
			fail_at(p, p->line, "duplicate section [%s] (first on line %d)", kind,
				p->sec_line[k]);
			return;
		}
		p->sec_line[k] = p->line;
		p->sec = k;
		p->obj = c;
		return;
	}
	if (!valid_id(id)) {
		fail_at(p, p->line, "section [%s] needs an id of letters, digits, '-' or '_' "
			"(up to %d), e.g. [%s DISNAKER]", kind, ANTRE_ID_MAX - 1, kind);
		return;
	}

#define NEW_OBJ(arr, n, max, what)                                                         \
	do {                                                                               \
		int dup = find_id((const char *)c->arr, sizeof(c->arr[0]), c->n, id);      \
		if (dup >= 0) {                                                            \
			fail_at(p, p->line, "duplicate %s id %s (first on line %d)", what, \
				id, c->arr[dup].line);                                     \
			return;                                                            \
		}                                                                          \
		if (c->n >= (max)) {                                                       \
			fail_at(p, p->line, "too many %s sections (at most %d)", what,     \
				(max));                                                    \
			return;                                                            \
		}                                                                          \
		antre_strlcpy(c->arr[c->n].id, id, sizeof(c->arr[c->n].id));              \
		c->arr[c->n].line = p->line;                                               \
		p->obj = &c->arr[c->n++];                                                  \
	} while (0)

	switch (k) {
	case SEC_SERVICE: {
		int j = find_id((const char *)c->journeys, sizeof(c->journeys[0]), c->n_journeys,
				id);
		if (j >= 0) {
			fail_at(p, p->line, "service id %s is already a journey id (line %d)", id,
				c->journeys[j].line);
			return;
		}
		NEW_OBJ(services, n_services, ANTRE_MAX_SERVICES, "service");
		((antre_service_t *)p->obj)->est_service_s = 300;
		break;
	}
	case SEC_JOURNEY: {
		int s = find_id((const char *)c->services, sizeof(c->services[0]), c->n_services,
				id);
		if (s >= 0) {
			fail_at(p, p->line, "journey id %s is already a service id (line %d)", id,
				c->services[s].line);
			return;
		}
		NEW_OBJ(journeys, n_journeys, ANTRE_MAX_JOURNEYS, "journey");
		break;
	}
	case SEC_COUNTER:
		NEW_OBJ(counters, n_counters, ANTRE_MAX_COUNTERS, "counter");
		break;
	case SEC_KIOSK:
		NEW_OBJ(kiosks, n_kiosks, ANTRE_MAX_KIOSKS, "kiosk");
		((antre_kiosk_t *)p->obj)->paper_mm = 80;
		break;
	case SEC_DISPLAY:
		NEW_OBJ(displays, n_displays, ANTRE_MAX_DISPLAYS, "display");
		((antre_display_t *)p->obj)->audio = 1;
		antre_strlcpy(((antre_display_t *)p->obj)->layout, "wall",
			      sizeof(((antre_display_t *)p->obj)->layout));
		break;
	default:
		break;
	}
#undef NEW_OBJ
	p->sec = k;
}

/* Is s[0..n) well-formed UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF)? */
static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t more;
		unsigned char lo = 0x80, hi = 0xBF;   /* allowed range of the second byte */
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			more = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			more = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			more = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return 0;
		}
		if (n - i <= more || s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t k = 2; k <= more; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += more + 1;
	}
	return 1;
}

/* fgets-style reader for inih over the in-memory text. It counts lines (so every
 * message can name one), refuses over-long lines, and starts sections itself so that
 * an empty or misspelt section is still seen. */
static char *reader(char *str, int num, void *stream)
{
	parser_t *p = stream;
	const char *start, *nl;
	size_t n, body, copy, limit;

	if (p->pos >= p->len)
		return NULL;
	start = p->text + p->pos;
	nl = memchr(start, '\n', p->len - p->pos);
	n = nl ? (size_t)(nl - start) + 1 : p->len - p->pos;
	p->pos += n;
	p->line++;

	body = n;
	while (body > 0 && (start[body - 1] == '\n' || start[body - 1] == '\r'))
		body--;
	/* inih gets the line whole or not at all: it is copied without its newline (inih
	 * does not need one), so a line of exactly the limit still fits in num bytes. */
	limit = (size_t)num - 1 < ANTRE_LINE_MAX ? (size_t)num - 1 : ANTRE_LINE_MAX;
	if (body > limit)
		fail_at(p, p->line, "line is %zu characters long, the limit is %zu; continue long "
			"text on indented lines below it", body, limit);
	else if (memchr(start, '\0', body) != NULL)
		fail_at(p, p->line, "line contains a NUL byte");
	else if (!valid_utf8((const unsigned char *)start, body))
		fail_at(p, p->line, "text is not valid UTF-8");
	copy = body < limit ? body : limit;
	memcpy(str, start, copy);
	str[copy] = '\0';

	p->line_indented = copy > 0 && (str[0] == ' ' || str[0] == '\t');
	if (str[0] == '[') {
		char header[ANTRE_LINE_MAX + 1];
		memcpy(header, str, copy + 1);
		begin_section(p, header);
	} else if (p->line_indented) {
		const char *t = str;
		while (*t == ' ' || *t == '\t')
			t++;
		if (*t == '[')
			fail_at(p, p->line, "a section header must start at the beginning of the "
				"line");
	}
	return str;
}

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static int parse_time_of_day(const char *v, int *minutes)
{
	int h, m, used = 0;
	if (strlen(v) != 5 || sscanf(v, "%2d:%2d%n", &h, &m, &used) != 2 || used != 5 ||
	    !isdigit((unsigned char)v[0]) || !isdigit((unsigned char)v[3]))
		return -1;
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

static void set_path(parser_t *p, char *dst, size_t cap, const char *v)
{
	int rc;
	if (v[0] == '/' || p->base_dir == NULL || p->base_dir[0] == '\0')
		rc = antre_strlcpy(dst, v, cap);
	else
		rc = snprintf(dst, cap, "%s/%s", p->base_dir, v) >= (int)cap ? -1 : 0;
	if (rc < 0)
		fail_at(p, p->line, "path is too long: %s", v);
}

const char *antre_config_token_problem(const char *token, size_t len)
{
	if (len < ANTRE_TOKEN_MIN)
		return "is shorter than 16 characters";
	if (len > ANTRE_TOKEN_MAX - 1)
		return "is longer than 256 characters";
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)token[i] <= ' ' || token[i] == 0x7f)
			return "contains spaces, tabs or control characters";
	return NULL;
}

/* Where the current section keeps the line of its token or token file. */
static int *token_line_of(parser_t *p)
{
	if (p->sec == SEC_COUNTER)
		return &((antre_counter_t *)p->obj)->token_line;
	if (p->sec == SEC_KIOSK)
		return &((antre_kiosk_t *)p->obj)->token_line;
	return &p->cfg->admin_token_line;
}

/* token and token_file: one or the other, so that a token file is never silently
 * ignored. The token itself is never quoted in a message. */
static void set_token(parser_t *p, const key_def_t *k, const char *name, const char *v)
{
	int *line = token_line_of(p);
	const char *problem;

	if (*line != 0) {
		/* the other key of the pair: token_file for token, token for token_file */
		char other[32];
		if (k->type == K_TOKEN)
			snprintf(other, sizeof(other), "%s_file", name);
		else
			snprintf(other, sizeof(other), "%.*s", (int)(strlen(name) - 5), name);
		fail_at(p, p->line, "both %s (line %d) and %s are set; give one, not both", other,
			*line, name);
		return;
	}
	*line = p->line;
	if (k->type == K_TOKEN_FILE) {
		set_path(p, (char *)p->obj + k->offset, k->size, v);
		return;
	}
	problem = antre_config_token_problem(v, strlen(v));
	if (problem != NULL)
		fail_at(p, p->line, "%s %s", name, problem);
	else
		antre_strlcpy((char *)p->obj + k->offset, v, k->size);
}

static void set_value(parser_t *p, const key_def_t *k, const char *name, const char *v)
{
	char *field = (char *)p->obj + k->offset;
	antre_config_t *c = p->cfg;

	switch (k->type) {
	case K_STR:
		if (antre_strlcpy(field, v, k->size) < 0)
			fail_at(p, p->line, "%s is too long (at most %zu characters)", name,
				k->size - 1);
		break;
	case K_LONGSTR:
		if (antre_strlcpy(field, v, k->size) < 0)
			fail_at(p, p->line, "%s is too long (at most %zu characters)", name,
				k->size - 1);
		break;
	case K_PATH:
		set_path(p, field, k->size, v);
		break;
	case K_TOKEN:
	case K_TOKEN_FILE:
		set_token(p, k, name, v);
		break;
	case K_INT: {
		char *end;
		long n;
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || end == v || *end || n < k->min || n > k->max)
			fail_at(p, p->line, "%s must be a whole number from %d to %d, not '%s'",
				name, k->min, k->max, v);
		else
			*(int *)field = (int)n;
		break;
	}
	case K_BOOL:
		if (parse_bool(v, (int *)field) < 0)
			fail_at(p, p->line, "%s must be yes or no, not '%s'", name, v);
		break;
	case K_PREFIX:
		if (strlen(v) != 1 || v[0] < 'A' || v[0] > 'Z')
			fail_at(p, p->line, "prefix must be one capital letter A-Z, not '%s'", v);
		else
			antre_strlcpy(field, v, k->size);
		break;
	case K_TIME:
		if (parse_time_of_day(v, (int *)field) < 0)
			fail_at(p, p->line, "%s: '%s' is not a time of day (HH:MM, 00:00 to 23:59)",
				name, v);
		break;
	case K_TZ:
		/* An IANA name such as Asia/Jakarta, checked against the zone database. */
		if (strstr(v, "..") != NULL || v[0] == '/' || v[0] == '\0' ||
		    antre_strlcpy(field, v, k->size) < 0) {
			fail_at(p, p->line, "timezone '%s' is not an IANA zone name", v);
		} else if (access("/usr/share/zoneinfo", F_OK) == 0) {
			char zp[128];
			snprintf(zp, sizeof(zp), "/usr/share/zoneinfo/%s", v);
			if (access(zp, R_OK) != 0)
				fail_at(p, p->line, "unknown timezone '%s' (e.g. Asia/Jakarta, "
					"Asia/Makassar, Asia/Jayapura)", v);
		}
		break;
	case K_POLICY: {
		int n = 0, used = 0;
		if (strcmp(v, "strict") == 0) {
			c->priority_policy = ANTRE_PRIORITY_STRICT;
		} else if (sscanf(v, "1in%d%n", &n, &used) == 1 && (size_t)used == strlen(v) &&
			   n >= 2 && n <= 100) {
			c->priority_policy = ANTRE_PRIORITY_ONE_IN_N;
			c->priority_n = n;
		} else {
			fail_at(p, p->line, "priority_policy must be strict or 1inN with N from 2 "
				"to 100 (e.g. 1in3), not '%s'", v);
		}
		break;
	}
	case K_ADDR: {
		struct in_addr a;
		if (inet_pton(AF_INET, v, &a) != 1)
			fail_at(p, p->line, "address must be the device's IPv4 address, such as "
				"192.168.1.21, not '%s'", v);
		else
			antre_strlcpy(field, v, k->size);
		break;
	}
	case K_PAPER: {
		int mm = atoi(v);
		if ((mm != 58 && mm != 80) || strlen(v) != 2)
			fail_at(p, p->line, "paper must be 58 or 80 (mm), not '%s'", v);
		else
			*(int *)field = mm;
		break;
	}
	case K_LIST:
		if (p->sec == SEC_JOURNEY) {
			int j = (int)((antre_journey_t *)p->obj - c->journeys);
			antre_strlcpy(p->journey_steps[j], v, ANTRE_TEXT_MAX);
			p->journey_steps_line[j] = p->line;
		} else {
			int i = (int)((antre_counter_t *)p->obj - c->counters);
			antre_strlcpy(p->counter_services[i], v, ANTRE_TEXT_MAX);
			p->counter_services_line[i] = p->line;
		}
		break;
	}
}

/* A continuation line extends the previous key's value, joined with one space. */
static void continue_value(parser_t *p, const char *v)
{
	const key_def_t *k = &keys[p->last_key];
	char *field = (char *)p->obj + k->offset;
	size_t used = strlen(field);

	if (k->type != K_LONGSTR) {
		fail_at(p, p->line, "%s cannot continue on an indented line", k->name);
		return;
	}
	if (used + 1 + strlen(v) >= k->size) {
		fail_at(p, p->line, "%s is too long (at most %zu characters)", k->name,
			k->size - 1);
		return;
	}
	field[used] = ' ';
	memcpy(field + used + 1, v, strlen(v) + 1);
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	parser_t *p = user;
	(void)section;

	if (p->err_line != 0)
		return 1;
	if (p->sec == SEC_NONE) {
		fail_at(p, p->line, "key '%s' is outside any valid section", name);
		return 1;
	}
	if (p->line_indented && p->last_key >= 0 && strcmp(keys[p->last_key].name, name) == 0) {
		continue_value(p, value);
		return 1;
	}
	for (size_t i = 0; i < N_KEYS; i++) {
		if (keys[i].sec != p->sec || strcmp(keys[i].name, name) != 0)
			continue;
		if (p->key_line[i]) {
			fail_at(p, p->line, "duplicate key '%s' (first on line %d)", name,
				p->key_line[i]);
			return 1;
		}
		p->key_line[i] = p->line;
		p->last_key = (int)i;
		set_value(p, &keys[i], name, value);
		return 1;
	}
	fail_at(p, p->line, "unknown key '%s' in [%s]", name, sec_names[p->sec]);
	return 1;
}

/* Split a comma-separated list of service ids into indexes. */
static int resolve_services(parser_t *p, const char *list, int line, int *out, int max,
			    const char *owner)
{
	char buf[ANTRE_TEXT_MAX];
	char *save = NULL;
	int n = 0;

	antre_strlcpy(buf, list, sizeof(buf));
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const char *id = trim(tok);
		int s = antre_config_service_index(p->cfg, id);
		if (*id == '\0')
			continue;
		if (s < 0) {
			fail_at(p, line, "%s names '%s', which is not a [service]", owner, id);
			return -1;
		}
		if (n >= max) {
			fail_at(p, line, "%s lists more than %d services", owner, max);
			return -1;
		}
		out[n++] = s;
	}
	return n;
}

static void check_prefixes(parser_t *p)
{
	antre_config_t *c = p->cfg;
	const char *owner[26] = { 0 };
	int owner_line[26] = { 0 };

	/* In file order, so the second use of a letter is the one reported. */
	for (int line = 1; line <= p->line && p->err_line == 0; line++) {
		for (int i = 0; i < c->n_services + c->n_journeys; i++) {
			int is_svc = i < c->n_services;
			const char *id = is_svc ? c->services[i].id : c->journeys[i - c->n_services].id;
			const char *pre = is_svc ? c->services[i].prefix
						 : c->journeys[i - c->n_services].prefix;
			int sline = is_svc ? c->services[i].line : c->journeys[i - c->n_services].line;
			int at;
			if (sline != line)
				continue;
			if (pre[0] == '\0') {
				fail_at(p, sline, "%s %s has no prefix (a capital letter)",
					is_svc ? "service" : "journey", id);
				return;
			}
			at = pre[0] - 'A';
			if (owner[at]) {
				fail_at(p, sline, "prefix %s of %s is already used by %s (line %d)", pre,
					id, owner[at], owner_line[at]);
				return;
			}
			owner[at] = id;
			owner_line[at] = sline;
		}
	}
}

/* Token holders are numbered: 0 the admin, then the counters, then the kiosks. */
typedef struct {
	const char *token;
	const char *file;       /* "" when the token is inline */
	int line;               /* of the token or token_file key; 0 for a default file */
} holder_t;

static holder_t get_holder(const antre_config_t *c, int h)
{
	const antre_counter_t *ct;
	const antre_kiosk_t *k;
	if (h == 0)
		return (holder_t){ c->admin_token, c->admin_token_file, c->admin_token_line };
	if (h <= c->n_counters) {
		ct = &c->counters[h - 1];
		return (holder_t){ ct->token, ct->token_file, ct->token_line };
	}
	k = &c->kiosks[h - 1 - c->n_counters];
	return (holder_t){ k->token, k->token_file, k->token_line };
}

static void holder_name(const antre_config_t *c, int h, char *buf, size_t cap)
{
	if (h == 0)
		snprintf(buf, cap, "the admin");
	else if (h <= c->n_counters)
		snprintf(buf, cap, "counter %s", c->counters[h - 1].id);
	else
		snprintf(buf, cap, "kiosk %s", c->kiosks[h - 1 - c->n_counters].id);
}

/* Find two holders with the same token. Of all such pairs the one whose later use comes
 * first in the file is reported, at the line of that later use (*line), with a message
 * naming both and where each token comes from. Returns 1 when found, else 0. */
static int find_shared_token(const antre_config_t *c, int *line, char *msg, size_t cap)
{
	int n = 1 + c->n_counters + c->n_kiosks;
	int first = -1, second = -1, second_line = 0;
	char first_name[ANTRE_ID_MAX + 16], second_name[ANTRE_ID_MAX + 16];
	char first_at[ANTRE_PATH_MAX + 16];
	holder_t f, s;

	for (int i = 0; i < n; i++) {
		holder_t a = get_holder(c, i);
		if (a.token[0] == '\0')
			continue;
		for (int j = i + 1; j < n; j++) {
			holder_t b = get_holder(c, j);
			int later = a.line > b.line ? a.line : b.line;
			if (b.token[0] == '\0' || strcmp(a.token, b.token) != 0)
				continue;
			if (second >= 0 && later >= second_line)
				continue;
			first = a.line <= b.line ? i : j;
			second = first == i ? j : i;
			second_line = later;
		}
	}
	if (second < 0)
		return 0;
	f = get_holder(c, first);
	s = get_holder(c, second);
	holder_name(c, first, first_name, sizeof(first_name));
	holder_name(c, second, second_name, sizeof(second_name));
	if (f.file[0] != '\0')
		snprintf(first_at, sizeof(first_at), "%s", f.file);
	else
		snprintf(first_at, sizeof(first_at), "%s:%d", c->path, f.line);
	if (s.file[0] != '\0')
		snprintf(msg, cap, "%s's token (%s) is the same as %s's (%s); every device needs "
			 "its own token", second_name, s.file, first_name, first_at);
	else
		snprintf(msg, cap, "%s's token is the same as %s's (%s); every device needs its "
			 "own token", second_name, first_name, first_at);
	*line = s.line;
	return 1;
}

int antre_config_check_tokens(const antre_config_t *cfg, char *err, size_t errcap)
{
	char msg[2 * ANTRE_PATH_MAX + 4 * ANTRE_ID_MAX + 128];
	int line = 0;

	if (!find_shared_token(cfg, &line, msg, sizeof(msg)))
		return 0;
	snprintf(err, errcap, "%s:%d: %s", cfg->path, line, msg);
	return -1;
}

static void validate(parser_t *p)
{
	antre_config_t *c = p->cfg;

	if (c->n_services == 0) {
		fail_at(p, p->line, "no [service ID] section: an office needs at least one service");
		return;
	}
	check_prefixes(p);
	for (int i = 0; i < c->n_services && p->err_line == 0; i++)
		if (c->services[i].name[0] == '\0')
			antre_strlcpy(c->services[i].name, c->services[i].id, ANTRE_TEXT_MAX);
	for (int j = 0; j < c->n_journeys && p->err_line == 0; j++) {
		antre_journey_t *jr = &c->journeys[j];
		char owner[64];
		snprintf(owner, sizeof(owner), "journey %s", jr->id);
		if (p->journey_steps_line[j] == 0) {
			fail_at(p, jr->line, "journey %s has no steps (steps = SERVICE, SERVICE, ...)",
				jr->id);
			return;
		}
		jr->n_steps = resolve_services(p, p->journey_steps[j], p->journey_steps_line[j],
					       jr->steps, ANTRE_MAX_STEPS, owner);
		if (jr->n_steps == 0)
			fail_at(p, p->journey_steps_line[j], "journey %s has no steps", jr->id);
		if (jr->name[0] == '\0')
			antre_strlcpy(jr->name, jr->id, ANTRE_TEXT_MAX);
	}
	for (int i = 0; i < c->n_counters && p->err_line == 0; i++) {
		antre_counter_t *ct = &c->counters[i];
		char owner[64];
		snprintf(owner, sizeof(owner), "counter %s", ct->id);
		if (p->counter_services_line[i] == 0) {
			fail_at(p, ct->line, "counter %s serves nothing (add services = SERVICE, ...)",
				ct->id);
			return;
		}
		ct->n_services = resolve_services(p, p->counter_services[i],
						  p->counter_services_line[i], ct->services,
						  ANTRE_MAX_SERVICES, owner);
		if (ct->n_services == 0)
			fail_at(p, p->counter_services_line[i], "counter %s serves nothing", ct->id);
		if (ct->name[0] == '\0') {
			char name[ANTRE_ID_MAX + 8];
			snprintf(name, sizeof(name), "Loket %s", ct->id);
			antre_strlcpy(ct->name, name, sizeof(ct->name));
		}
	}
	for (int i = 0; i < c->n_displays && p->err_line == 0; i++) {
		const char *l = c->displays[i].layout;
		if (strcmp(l, "wall") != 0 &&
		    (strncmp(l, "counter:", 8) != 0 || antre_config_counter_index(c, l + 8) < 0))
			fail_at(p, c->displays[i].line, "display %s: layout must be wall or "
				"counter:ID of a [counter], not '%s'", c->displays[i].id, l);
	}
	/* Only inline tokens are known here; antre_auth_load checks again with the files. */
	if (p->err_line == 0) {
		char msg[sizeof(p->err)];
		int line = 0;
		if (find_shared_token(c, &line, msg, sizeof(msg)))
			fail_at(p, line, "%s", msg);
	}
}

static void set_defaults(antre_config_t *c)
{
	memset(c, 0, sizeof(*c));
	antre_strlcpy(c->name, "antre", sizeof(c->name));
	antre_strlcpy(c->timezone, "Asia/Jakarta", sizeof(c->timezone));
	c->number_width = 3;
	c->priority_policy = ANTRE_PRIORITY_STRICT;
	c->priority_n = 3;
	c->priority_button = 1;
	antre_strlcpy(c->listen, "127.0.0.1:8080", sizeof(c->listen));
	antre_strlcpy(c->public_url, "http://127.0.0.1:8080", sizeof(c->public_url));
}

int antre_config_parse(const char *text, size_t len, const char *name, const char *base_dir,
		       antre_config_t *cfg, char *err, size_t errcap)
{
	parser_t *p = xcalloc(1, sizeof(*p));
	int rc;

	set_defaults(cfg);
	antre_strlcpy(cfg->path, name, sizeof(cfg->path));
	p->text = text;
	p->len = len;
	p->name = name;
	p->base_dir = base_dir;
	p->cfg = cfg;
	p->last_key = -1;
	/* A UTF-8 byte-order mark opens line 1; the reader starts after it (inih would
	 * skip it too, but the reader looks at '[' before inih does). */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		p->pos = 3;

	rc = ini_parse_stream(reader, p, on_key, p);
	if (rc > 0 && (p->err_line == 0 || rc < p->err_line)) {
		p->err_line = 0;
		fail_at(p, rc, "syntax error: expected 'key = value' or '[section]'");
	} else if (rc < 0) {
		fail_at(p, 1, "cannot parse (inih error %d)", rc);
	}
	if (p->err_line == 0)
		validate(p);

	rc = 0;
	if (p->err_line != 0) {
		snprintf(err, errcap, "%s:%d: %s", name, p->err_line, p->err);
		rc = -1;
	}
	free(p);
	return rc;
}

int antre_config_load(const char *path, antre_config_t *cfg, char *err, size_t errcap)
{
	FILE *f = NULL;
	char *text = NULL, *dir = NULL, *slash;
	size_t len = 0, cap = 0, n;
	int rc = -1;

	f = fopen(path, "r");
	if (f == NULL) {
		snprintf(err, errcap, "%s:0: cannot open: %s", path, strerror(errno));
		goto out;
	}
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (cap > (1u << 20)) {
				snprintf(err, errcap, "%s:0: file is larger than 1 MiB", path);
				goto out;
			}
			text = xrealloc(text, cap);
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		snprintf(err, errcap, "%s:0: read error: %s", path, strerror(errno));
		goto out;
	}
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	rc = antre_config_parse(text, len, path, dir, cfg, err, errcap);
out:
	if (f)
		fclose(f);
	free(text);
	free(dir);
	return rc;
}

int antre_config_service_index(const antre_config_t *cfg, const char *id)
{
	return find_id((const char *)cfg->services, sizeof(cfg->services[0]), cfg->n_services, id);
}

int antre_config_journey_index(const antre_config_t *cfg, const char *id)
{
	return find_id((const char *)cfg->journeys, sizeof(cfg->journeys[0]), cfg->n_journeys, id);
}

int antre_config_counter_index(const antre_config_t *cfg, const char *id)
{
	return find_id((const char *)cfg->counters, sizeof(cfg->counters[0]), cfg->n_counters, id);
}

int antre_config_counter_serves(const antre_config_t *cfg, int c, int s)
{
	for (int i = 0; i < cfg->counters[c].n_services; i++)
		if (cfg->counters[c].services[i] == s)
			return 1;
	return 0;
}
