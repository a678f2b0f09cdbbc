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

#include "number.h"
#include "xmalloc.h"

/* The kinds of section; sections[] below says what each one is. */
typedef enum {
	SEC_NONE, SEC_OFFICE, SEC_SERVER, SEC_SERVICE, SEC_JOURNEY, SEC_COUNTER, SEC_KIOSK,
	SEC_DISPLAY, SEC__COUNT
} sec_kind_t;

#define MAX_KEYS 64             /* rows of keys[], checked where it is defined */

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
	int sec_line[SEC__COUNT];   /* first line of [office], [server] */
	int key_line[MAX_KEYS]; /* where each key of the current section was set */
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

/* ---- Sections ---- */

/* One kind of section: [office] and [server] fill antre_config_t itself and come once;
 * the others take an id and add one object to an array of antre_config_t. */
typedef struct {
	const char *name;
	void (*begin)(parser_t *p, sec_kind_t k, const char *id);
	size_t array, count;    /* offsetof the array and of its count in antre_config_t */
	size_t size;            /* of one object; its id is its first member */
	size_t line_at;         /* offsetof the object's line */
	int max;
	sec_kind_t ids_apart;   /* whose ids this one's must not reuse, or SEC_NONE */
	void (*init)(void *obj);   /* defaults of a new object, or NULL */
} section_def_t;

static void begin_single(parser_t *p, sec_kind_t k, const char *id);
static void begin_object(parser_t *p, sec_kind_t k, const char *id);

static void init_service(void *obj)
{
	((antre_service_t *)obj)->est_service_s = 300;
}

static void init_kiosk(void *obj)
{
	((antre_kiosk_t *)obj)->paper_mm = 80;
}

static void init_display(void *obj)
{
	antre_display_t *d = obj;
	d->audio = 1;
	antre_strlcpy(d->layout, "wall", sizeof(d->layout));
}

#define SINGLE(name) { name, begin_single, 0, 0, 0, 0, 0, SEC_NONE, NULL }
#define OBJECTS(name, type, arr, n, max, apart, init)                                     \
	{ name, begin_object, offsetof(antre_config_t, arr), offsetof(antre_config_t, n),  \
	  sizeof(type), offsetof(type, line), max, apart, init }
static const section_def_t sections[SEC__COUNT] = {
	[SEC_OFFICE] = SINGLE("office"),
	[SEC_SERVER] = SINGLE("server"),
	[SEC_SERVICE] = OBJECTS("service", antre_service_t, services, n_services,
				ANTRE_MAX_SERVICES, SEC_JOURNEY, init_service),
	[SEC_JOURNEY] = OBJECTS("journey", antre_journey_t, journeys, n_journeys,
				ANTRE_MAX_JOURNEYS, SEC_SERVICE, NULL),
	[SEC_COUNTER] = OBJECTS("counter", antre_counter_t, counters, n_counters,
				ANTRE_MAX_COUNTERS, SEC_NONE, NULL),
	[SEC_KIOSK] = OBJECTS("kiosk", antre_kiosk_t, kiosks, n_kiosks, ANTRE_MAX_KIOSKS,
			      SEC_NONE, init_kiosk),
	[SEC_DISPLAY] = OBJECTS("display", antre_display_t, displays, n_displays,
				ANTRE_MAX_DISPLAYS, SEC_NONE, init_display),
};
#undef SINGLE
#undef OBJECTS
_Static_assert(offsetof(antre_service_t, id) == 0 && offsetof(antre_journey_t, id) == 0 &&
	       offsetof(antre_counter_t, id) == 0 && offsetof(antre_kiosk_t, id) == 0 &&
	       offsetof(antre_display_t, id) == 0, "find_id looks for the id at the start");

/* [office] or [server]: no id, once per file, its keys go to antre_config_t. */
static void begin_single(parser_t *p, sec_kind_t k, const char *id)
{
	const char *kind = sections[k].name;

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
	p->obj = p->cfg;
}

/* The objects of section k so far: the array, its count, the line of object i. */
static char *objects_of(parser_t *p, sec_kind_t k, int **count)
{
	*count = (int *)((char *)p->cfg + sections[k].count);
	return (char *)p->cfg + sections[k].array;
}

static int object_line(parser_t *p, sec_kind_t k, int i)
{
	int *n;
	char *obj = objects_of(p, k, &n) + (size_t)i * sections[k].size;
	return *(int *)(obj + sections[k].line_at);
}

/* [KIND ID]: a new object with its defaults, when the id is new and there is room. */
static void begin_object(parser_t *p, sec_kind_t k, const char *id)
{
	const section_def_t *s = &sections[k];
	const char *kind = s->name;
	int *n, dup, *other_n;
	char *objs = objects_of(p, k, &n), *obj;

	if (!valid_id(id)) {
		fail_at(p, p->line, "section [%s] needs an id of letters, digits, '-' or '_' "
			"(up to %d), e.g. [%s DISNAKER]", kind, ANTRE_ID_MAX - 1, kind);
		return;
	}
	if (s->ids_apart != SEC_NONE) {
		const char *others = objects_of(p, s->ids_apart, &other_n);
		int o = find_id(others, sections[s->ids_apart].size, *other_n, id);
		if (o >= 0) {
			fail_at(p, p->line, "%s id %s is already a %s id (line %d)", kind, id,
				sections[s->ids_apart].name, object_line(p, s->ids_apart, o));
			return;
		}
	}
	dup = find_id(objs, s->size, *n, id);
	if (dup >= 0) {
		fail_at(p, p->line, "duplicate %s id %s (first on line %d)", kind, id,
			object_line(p, k, dup));
		return;
	}
	if (*n >= s->max) {
		fail_at(p, p->line, "too many %s sections (at most %d)", kind, s->max);
		return;
	}
	obj = objs + (size_t)(*n)++ * s->size;
	antre_strlcpy(obj, id, ANTRE_ID_MAX);
	*(int *)(obj + s->line_at) = p->line;
	if (s->init)
		s->init(obj);
	p->sec = k;
	p->obj = obj;
}

/* "office, server, service ID, ... or display ID", for the unknown-section message. */
static void section_list(char *buf, size_t cap)
{
	size_t used = 0;
	for (int k = SEC_NONE + 1; k < SEC__COUNT && used < cap; k++)
		used += (size_t)snprintf(buf + used, cap - used, "%s%s%s",
					 k == SEC_NONE + 1 ? "" : k == SEC__COUNT - 1 ? " or " : ", ",
					 sections[k].name,
					 sections[k].begin == begin_object ? " ID" : "");
}

/* Split "[KIND ID] ; comment" in place; -1 (reported) for text after the ']'. */
static int split_header(parser_t *p, char *header, char **kind, char **id)
{
	char *close = strchr(header, ']');
	const char *rest;

	if (close == NULL)
		return -1; /* inih reports the missing ']' */
	rest = trim(close + 1);
	if (*rest != '\0' && *rest != ';' && *rest != '#') {
		fail_at(p, p->line, "unexpected text after section header: %s", rest);
		return -1;
	}
	*close = '\0';
	*kind = header + 1;
	while (isspace((unsigned char)**kind))
		(*kind)++;
	*id = *kind;
	while (**id && !isspace((unsigned char)**id))
		(*id)++;
	if (**id)
		*(*id)++ = '\0';
	*id = (char *)trim(*id);
	return 0;
}

/* A section header: the kind from sections[], then its begin. Until a valid one, the
 * keys that follow belong nowhere. */
static void begin_section(parser_t *p, char *header)
{
	char *kind, *id, expected[200];

	memset(p->key_line, 0, sizeof(p->key_line));
	p->last_key = -1;
	p->sec = SEC_NONE;
	p->obj = NULL;
	if (split_header(p, header, &kind, &id) < 0)
		return;
	for (int k = SEC_NONE + 1; k < SEC__COUNT; k++) {
		if (strcmp(kind, sections[k].name) == 0) {
			sections[k].begin(p, (sec_kind_t)k, id);
			return;
		}
	}
	section_list(expected, sizeof(expected));
	fail_at(p, p->line, "unknown section [%s] (expected %s)", kind, expected);
}

/* Well-formed UTF-8 past ASCII (Unicode table 3-7): the lead bytes, how many bytes
 * follow, and the range of the first of them (no overlong forms, surrogates or code
 * points past U+10FFFF); the others are 0x80-0xBF. */
static const struct {
	unsigned char lead_lo, lead_hi, more, lo, hi;
} utf8_forms[] = {
	{ 0xC2, 0xDF, 1, 0x80, 0xBF }, { 0xE0, 0xE0, 2, 0xA0, 0xBF },
	{ 0xE1, 0xEC, 2, 0x80, 0xBF }, { 0xED, 0xED, 2, 0x80, 0x9F },
	{ 0xEE, 0xEF, 2, 0x80, 0xBF }, { 0xF0, 0xF0, 3, 0x90, 0xBF },
	{ 0xF1, 0xF3, 3, 0x80, 0xBF }, { 0xF4, 0xF4, 3, 0x80, 0x8F },
};

/* The length of the well-formed character at s (n bytes left, n > 0), or 0. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	for (size_t f = 0; f < sizeof(utf8_forms) / sizeof(utf8_forms[0]); f++) {
		size_t more = utf8_forms[f].more;
		if (s[0] < utf8_forms[f].lead_lo || s[0] > utf8_forms[f].lead_hi)
			continue;
		if (n <= more || s[1] < utf8_forms[f].lo || s[1] > utf8_forms[f].hi)
			return 0;
		for (size_t k = 2; k <= more; k++)
			if ((s[k] & 0xC0) != 0x80)
				return 0;
		return more + 1;
	}
	return 0;
}

static int valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0, len; i < n; i += len) {
		len = utf8_length(s + i, n - i);
		if (len == 0)
			return 0;
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

/* ---- Keys ---- */

/* One key: its section, the setter that checks and stores its value, and where:
 * offset/size of the field in the section's struct (antre_config_t for [office] and
 * [server]), min/max for whole numbers, and for a token key the line of the pair. */
typedef struct key_def key_def_t;
struct key_def {
	sec_kind_t sec;
	const char *name;
	void (*set)(parser_t *p, const key_def_t *k, const char *v);
	size_t offset, size;
	int min, max;
	size_t pair_line_at;
};

static char *field_of(parser_t *p, const key_def_t *k)
{
	return (char *)p->obj + k->offset;
}

static void set_text(parser_t *p, const key_def_t *k, const char *v)
{
	if (antre_strlcpy(field_of(p, k), v, k->size) < 0)
		fail_at(p, p->line, "%s is too long (at most %zu characters)", k->name,
			k->size - 1);
}

/* Text that may go on over indented lines below (continue_value). */
static void set_long_text(parser_t *p, const key_def_t *k, const char *v)
{
	set_text(p, k, v);
}

static void store_path(parser_t *p, char *dst, size_t cap, const char *v)
{
	int rc;
	if (v[0] == '/' || p->base_dir == NULL || p->base_dir[0] == '\0')
		rc = antre_strlcpy(dst, v, cap);
	else
		rc = snprintf(dst, cap, "%s/%s", p->base_dir, v) >= (int)cap ? -1 : 0;
	if (rc < 0)
		fail_at(p, p->line, "path is too long: %s", v);
}

/* A path, relative to the folder of the file. */
static void set_path(parser_t *p, const key_def_t *k, const char *v)
{
	store_path(p, field_of(p, k), k->size, v);
}

static void set_int(parser_t *p, const key_def_t *k, const char *v)
{
	if (antre_parse_int(v, k->min, k->max, (int *)field_of(p, k)) < 0)
		fail_at(p, p->line, "%s must be a whole number from %d to %d, not '%s'", k->name,
			k->min, k->max, v);
}

static void set_bool(parser_t *p, const key_def_t *k, const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0 || strcasecmp(v, no[i]) == 0) {
			*(int *)field_of(p, k) = strcasecmp(v, yes[i]) == 0;
			return;
		}
	}
	fail_at(p, p->line, "%s must be yes or no, not '%s'", k->name, v);
}

static void set_prefix(parser_t *p, const key_def_t *k, const char *v)
{
	if (strlen(v) != 1 || v[0] < 'A' || v[0] > 'Z')
		fail_at(p, p->line, "prefix must be one capital letter A-Z, not '%s'", v);
	else
		antre_strlcpy(field_of(p, k), v, k->size);
}

/* HH:MM, two digits each, as minutes after midnight. */
static int parse_time_of_day(const char *v, int *minutes)
{
	char hh[3] = { 0 }, mm[3] = { 0 };
	int h, m;

	if (strlen(v) != 5 || v[2] != ':')
		return -1;
	memcpy(hh, v, 2);
	memcpy(mm, v + 3, 2);
	if (antre_parse_int(hh, 0, 23, &h) < 0 || antre_parse_int(mm, 0, 59, &m) < 0)
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

static void set_time(parser_t *p, const key_def_t *k, const char *v)
{
	if (parse_time_of_day(v, (int *)field_of(p, k)) < 0)
		fail_at(p, p->line, "%s: '%s' is not a time of day (HH:MM, 00:00 to 23:59)",
			k->name, v);
}

/* An IANA name such as Asia/Jakarta, checked against the zone database. */
static void set_timezone(parser_t *p, const key_def_t *k, const char *v)
{
	char zp[128];

	if (strstr(v, "..") != NULL || v[0] == '/' || v[0] == '\0' ||
	    antre_strlcpy(field_of(p, k), v, k->size) < 0) {
		fail_at(p, p->line, "timezone '%s' is not an IANA zone name", v);
		return;
	}
	if (access("/usr/share/zoneinfo", F_OK) != 0)
		return;
	snprintf(zp, sizeof(zp), "/usr/share/zoneinfo/%s", v);
	if (access(zp, R_OK) != 0)
		fail_at(p, p->line, "unknown timezone '%s' (e.g. Asia/Jakarta, Asia/Makassar, "
			"Asia/Jayapura)", v);
}

/* strict, or 1inN: one priority ticket in N calls. */
static void set_policy(parser_t *p, const key_def_t *k, const char *v)
{
	antre_config_t *c = p->cfg;
	(void)k;

	if (strcmp(v, "strict") == 0) {
		c->priority_policy = ANTRE_PRIORITY_STRICT;
	} else if (strncmp(v, "1in", 3) == 0 && antre_parse_int(v + 3, 2, 100, &c->priority_n) == 0) {
		c->priority_policy = ANTRE_PRIORITY_ONE_IN_N;
	} else {
		fail_at(p, p->line, "priority_policy must be strict or 1inN with N from 2 to 100 "
			"(e.g. 1in3), not '%s'", v);
	}
}

static void set_address(parser_t *p, const key_def_t *k, const char *v)
{
	struct in_addr a;
	if (inet_pton(AF_INET, v, &a) != 1)
		fail_at(p, p->line, "address must be the device's IPv4 address, such as "
			"192.168.1.21, not '%s'", v);
	else
		antre_strlcpy(field_of(p, k), v, k->size);
}

static void set_paper(parser_t *p, const key_def_t *k, const char *v)
{
	static const int widths[] = { 58, 80 };
	if (antre_parse_int_of(v, widths, 2, (int *)field_of(p, k)) < 0)
		fail_at(p, p->line, "paper must be 58 or 80 (mm), not '%s'", v);
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

/* token and token_file: one or the other, so that a token file is never silently
 * ignored. Returns 0 when this key may be set; its line is kept for the pair. */
static int claim_token_pair(parser_t *p, const key_def_t *k, const char *other)
{
	int *line = (int *)((char *)p->obj + k->pair_line_at);

	if (*line != 0) {
		fail_at(p, p->line, "both %s (line %d) and %s are set; give one, not both", other,
			*line, k->name);
		return -1;
	}
	*line = p->line;
	return 0;
}

/* The token itself is never quoted in a message. */
static void set_token(parser_t *p, const key_def_t *k, const char *v)
{
	char other[32];
	const char *problem;

	snprintf(other, sizeof(other), "%s_file", k->name);
	if (claim_token_pair(p, k, other) < 0)
		return;
	problem = antre_config_token_problem(v, strlen(v));
	if (problem != NULL)
		fail_at(p, p->line, "%s %s", k->name, problem);
	else
		antre_strlcpy(field_of(p, k), v, k->size);
}

static void set_token_file(parser_t *p, const key_def_t *k, const char *v)
{
	char other[32];

	snprintf(other, sizeof(other), "%.*s", (int)(strlen(k->name) - 5), k->name);
	if (claim_token_pair(p, k, other) == 0)
		set_path(p, k, v);
}

/* Lists of service ids are resolved when the whole file is read (validate). */
static void set_steps(parser_t *p, const key_def_t *k, const char *v)
{
	int j = (int)((antre_journey_t *)p->obj - p->cfg->journeys);
	(void)k;
	antre_strlcpy(p->journey_steps[j], v, ANTRE_TEXT_MAX);
	p->journey_steps_line[j] = p->line;
}

static void set_services(parser_t *p, const key_def_t *k, const char *v)
{
	int i = (int)((antre_counter_t *)p->obj - p->cfg->counters);
	(void)k;
	antre_strlcpy(p->counter_services[i], v, ANTRE_TEXT_MAX);
	p->counter_services_line[i] = p->line;
}

#define F(type, field) offsetof(type, field), sizeof(((type *)0)->field)
#define KEY(sec, name, set, type, field) { sec, name, set, F(type, field), 0, 0, 0 }
#define INT(sec, name, type, field, min, max) { sec, name, set_int, F(type, field), min, max, 0 }
#define TOKEN(sec, name, set, type, field, line)                                          \
	{ sec, name, set, F(type, field), 0, 0, offsetof(type, line) }
#define OWN(sec, name, set) { sec, name, set, 0, 0, 0, 0, 0 }   /* the setter knows where */
static const key_def_t keys[] = {
	KEY(SEC_OFFICE, "name", set_text, antre_config_t, name),
	KEY(SEC_OFFICE, "name_en", set_text, antre_config_t, name_en),
	KEY(SEC_OFFICE, "timezone", set_timezone, antre_config_t, timezone),
	KEY(SEC_OFFICE, "reset_at", set_time, antre_config_t, reset_at_min),
	INT(SEC_OFFICE, "number_width", antre_config_t, number_width, 1, 6),
	OWN(SEC_OFFICE, "priority_policy", set_policy),
	KEY(SEC_OFFICE, "priority_button", set_bool, antre_config_t, priority_button),
	KEY(SEC_OFFICE, "carry_over", set_bool, antre_config_t, carry_over),
	KEY(SEC_OFFICE, "marquee", set_long_text, antre_config_t, marquee),
	KEY(SEC_OFFICE, "public_url", set_text, antre_config_t, public_url),
	KEY(SEC_SERVER, "listen", set_text, antre_config_t, listen),
	KEY(SEC_SERVER, "db", set_path, antre_config_t, db),
	TOKEN(SEC_SERVER, "admin_token", set_token, antre_config_t, admin_token, admin_token_line),
	TOKEN(SEC_SERVER, "admin_token_file", set_token_file, antre_config_t, admin_token_file,
	      admin_token_line),
	KEY(SEC_SERVICE, "prefix", set_prefix, antre_service_t, prefix),
	KEY(SEC_SERVICE, "name", set_text, antre_service_t, name),
	KEY(SEC_SERVICE, "name_en", set_text, antre_service_t, name_en),
	INT(SEC_SERVICE, "est_service_s", antre_service_t, est_service_s, 1, 86400),
	KEY(SEC_JOURNEY, "prefix", set_prefix, antre_journey_t, prefix),
	KEY(SEC_JOURNEY, "name", set_text, antre_journey_t, name),
	KEY(SEC_JOURNEY, "name_en", set_text, antre_journey_t, name_en),
	OWN(SEC_JOURNEY, "steps", set_steps),
	KEY(SEC_COUNTER, "name", set_text, antre_counter_t, name),
	OWN(SEC_COUNTER, "services", set_services),
	TOKEN(SEC_COUNTER, "token", set_token, antre_counter_t, token, token_line),
	TOKEN(SEC_COUNTER, "token_file", set_token_file, antre_counter_t, token_file, token_line),
	KEY(SEC_COUNTER, "address", set_address, antre_counter_t, address),
	KEY(SEC_KIOSK, "address", set_address, antre_kiosk_t, address),
	TOKEN(SEC_KIOSK, "token", set_token, antre_kiosk_t, token, token_line),
	TOKEN(SEC_KIOSK, "token_file", set_token_file, antre_kiosk_t, token_file, token_line),
	KEY(SEC_KIOSK, "printer", set_text, antre_kiosk_t, printer),
	KEY(SEC_KIOSK, "paper", set_paper, antre_kiosk_t, paper_mm),
	KEY(SEC_DISPLAY, "address", set_address, antre_display_t, address),
	KEY(SEC_DISPLAY, "layout", set_text, antre_display_t, layout),
	KEY(SEC_DISPLAY, "audio", set_bool, antre_display_t, audio),
	KEY(SEC_DISPLAY, "announce", set_long_text, antre_display_t, announce),
	KEY(SEC_DISPLAY, "announce_en", set_long_text, antre_display_t, announce_en),
};
#undef F
#undef KEY
#undef INT
#undef TOKEN
#undef OWN
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))
_Static_assert(N_KEYS <= MAX_KEYS, "parser_t.key_line holds a line for every key");

/* A continuation line extends the previous key's value, joined with one space. */
static void continue_value(parser_t *p, const char *v)
{
	const key_def_t *k = &keys[p->last_key];
	char *field = field_of(p, k);
	size_t used = strlen(field);

	if (k->set != set_long_text) {
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
		keys[i].set(p, &keys[i], value);
		return 1;
	}
	fail_at(p, p->line, "unknown key '%s' in [%s]", name, sections[p->sec].name);
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

/* The services a journey or a counter (owner) names, now that all are known: how
 * many, or -1 with the error set when it names none or one that is not a [service]. */
static int resolve_named(parser_t *p, const char *kind, const char *id, int owner_line,
			 const char *list, int list_line, const char *lacks, const char *hint,
			 int *out, int max)
{
	char owner[ANTRE_ID_MAX + 16];
	int n;

	snprintf(owner, sizeof(owner), "%s %s", kind, id);
	if (list_line == 0) {
		fail_at(p, owner_line, "%s %s (%s)", owner, lacks, hint);
		return -1;
	}
	n = resolve_services(p, list, list_line, out, max, owner);
	if (n == 0)
		fail_at(p, list_line, "%s %s", owner, lacks);
	return n == 0 ? -1 : n;
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
		jr->n_steps = resolve_named(p, "journey", jr->id, jr->line, p->journey_steps[j],
					    p->journey_steps_line[j], "has no steps",
					    "steps = SERVICE, SERVICE, ...", jr->steps, ANTRE_MAX_STEPS);
		if (jr->name[0] == '\0')
			antre_strlcpy(jr->name, jr->id, ANTRE_TEXT_MAX);
	}
	for (int i = 0; i < c->n_counters && p->err_line == 0; i++) {
		antre_counter_t *ct = &c->counters[i];
		ct->n_services = resolve_named(p, "counter", ct->id, ct->line, p->counter_services[i],
					       p->counter_services_line[i], "serves nothing",
					       "add services = SERVICE, ...", ct->services,
					       ANTRE_MAX_SERVICES);
		if (ct->name[0] == '\0')
			snprintf(ct->name, sizeof(ct->name), "Loket %s", ct->id);
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
