/* What an antre.ini may say: the table of sections, the table of keys, and the setters
 * that check each value and store it ("FILE:LINE: message" when it is wrong).
 * Adding a key is a field in config.h and a row in keys[]; adding a section is its
 * struct and array in config.h, a kind in sec_kind_t, a row in sections[] and its keys. */
#include "config.h"

#include <arpa/inet.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config_parser.h"
#include "number.h"
#include "xmalloc.h"

/* The kinds of section; sections[] below says what each one is. */
typedef enum {
	SEC_NONE, SEC_OFFICE, SEC_SERVER, SEC_SERVICE, SEC_JOURNEY, SEC_COUNTER, SEC_KIOSK,
	SEC_DISPLAY, SEC_EXPORT, SEC__COUNT
} sec_kind_t;

_Static_assert(SEC__COUNT <= CONFIG_MAX_SECTIONS, "config_parser_t.sec_line has room");

/* An id: 1 to ANTRE_ID_MAX - 1 letters, digits, '-' or '_'. */
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

const char *config_trim(char *s)
{
	char *end;
	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Ids are read without case, by the API and the CLI as in the config ("skck" is SKCK),
 * so two sections whose ids differ only in case are duplicates. */
int config_find_id(const char *base, size_t stride, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(base + (size_t)i * stride, id) == 0)
			return i;
	return -1;
}

/* ---- Sections ---- */

/* One kind of section: [office] and [server] fill antre_config_t itself and come once;
 * the others take an id and add one object to an array of antre_config_t. */
typedef struct {
	const char *name;
	void (*begin)(config_parser_t *p, sec_kind_t k, const char *id);
	size_t array, count;    /* offsetof the array and of its count in antre_config_t */
	size_t size;            /* of one object; its id is its first member */
	size_t line_at;         /* offsetof the object's line */
	int max;
	sec_kind_t ids_apart;   /* whose ids this one's must not reuse, or SEC_NONE */
	void (*init)(void *obj);   /* defaults of a new object, or NULL */
} section_def_t;

static void begin_single(config_parser_t *p, sec_kind_t k, const char *id);
static void begin_object(config_parser_t *p, sec_kind_t k, const char *id);
static void begin_export(config_parser_t *p, sec_kind_t k, const char *id);

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
	[SEC_EXPORT] = { "export", begin_export, 0, 0, 0, 0, 0, SEC_NONE, NULL },
};
#undef SINGLE
#undef OBJECTS
_Static_assert(offsetof(antre_service_t, id) == 0 && offsetof(antre_journey_t, id) == 0 &&
	       offsetof(antre_counter_t, id) == 0 && offsetof(antre_kiosk_t, id) == 0 &&
	       offsetof(antre_display_t, id) == 0, "find_id looks for the id at the start");

/* [office] or [server]: no id, once per file, its keys go to antre_config_t. */
static void begin_single(config_parser_t *p, sec_kind_t k, const char *id)
{
	const char *kind = sections[k].name;

	if (*id) {
		config_fail_at(p, p->line, "section [%s] takes no id", kind);
		return;
	}
	if (p->sec_line[k]) {
		config_fail_at(p, p->line, "duplicate section [%s] (first on line %d)", kind,
			p->sec_line[k]);
		return;
	}
	p->sec_line[k] = p->line;
	p->sec = k;
	p->obj = p->cfg;
}

/* [export]: a single section whose line the whole-file check needs (config_check.c). */
static void begin_export(config_parser_t *p, sec_kind_t k, const char *id)
{
	begin_single(p, k, id);
	if (p->sec == (int)k)
		p->cfg->export_line = p->line;
}

/* The objects of section k so far: the array, its count, the line of object i. */
static char *objects_of(config_parser_t *p, sec_kind_t k, int **count)
{
	*count = (int *)((char *)p->cfg + sections[k].count);
	return (char *)p->cfg + sections[k].array;
}

static int object_line(config_parser_t *p, sec_kind_t k, int i)
{
	int *n;
	char *obj = objects_of(p, k, &n) + (size_t)i * sections[k].size;
	return *(int *)(obj + sections[k].line_at);
}

/* [KIND ID]: a new object with its defaults, when the id is new and there is room. */
static void begin_object(config_parser_t *p, sec_kind_t k, const char *id)
{
	const section_def_t *s = &sections[k];
	const char *kind = s->name;
	int *n, dup, *other_n;
	char *objs = objects_of(p, k, &n), *obj;

	if (!valid_id(id)) {
		config_fail_at(p, p->line, "section [%s] needs an id of letters, digits, '-' or '_' "
			"(up to %d), e.g. [%s DISNAKER]", kind, ANTRE_ID_MAX - 1, kind);
		return;
	}
	if (s->ids_apart != SEC_NONE) {
		const char *others = objects_of(p, s->ids_apart, &other_n);
		int o = config_find_id(others, sections[s->ids_apart].size, *other_n, id);
		if (o >= 0) {
			config_fail_at(p, p->line, "%s id %s is already a %s id (line %d)", kind, id,
				sections[s->ids_apart].name, object_line(p, s->ids_apart, o));
			return;
		}
	}
	dup = config_find_id(objs, s->size, *n, id);
	if (dup >= 0) {
		config_fail_at(p, p->line, "duplicate %s id %s (first on line %d)", kind, id,
			object_line(p, k, dup));
		return;
	}
	if (*n >= s->max) {
		config_fail_at(p, p->line, "too many %s sections (at most %d)", kind, s->max);
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
static int split_header(config_parser_t *p, char *header, char **kind, char **id)
{
	char *close = strchr(header, ']');
	const char *rest;

	if (close == NULL)
		return -1; /* inih reports the missing ']' */
	rest = config_trim(close + 1);
	if (*rest != '\0' && *rest != ';' && *rest != '#') {
		config_fail_at(p, p->line, "unexpected text after section header: %s", rest);
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
	*id = (char *)config_trim(*id);
	return 0;
}

/* A section header: the kind from sections[], then its begin. Until a valid one, the
 * keys that follow belong nowhere. */
void config_begin_section(config_parser_t *p, char *header)
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
	config_fail_at(p, p->line, "unknown section [%s] (expected %s)", kind, expected);
}

/* ---- Keys ---- */

void config_set_defaults(antre_config_t *c)
{
	memset(c, 0, sizeof(*c));
	antre_strlcpy(c->name, "antre", sizeof(c->name));
	antre_strlcpy(c->timezone, "Asia/Jakarta", sizeof(c->timezone));
	c->number_width = 3;
	c->priority_policy = ANTRE_PRIORITY_STRICT;
	c->priority_n = 3;
	c->priority_button = 1;
	antre_strlcpy(c->listen, "127.0.0.1:8080", sizeof(c->listen));
	c->public_url[0] = '\0';   /* antred derives it from where it listens */
}


/* One key: its section, the setter that checks and stores its value, and where:
 * offset/size of the field in the section's struct (antre_config_t for [office] and
 * [server]), min/max for whole numbers, and for a token key the line of the pair. */
typedef struct key_def key_def_t;
struct key_def {
	sec_kind_t sec;
	const char *name;
	void (*set)(config_parser_t *p, const key_def_t *k, const char *v);
	size_t offset, size;
	int min, max;
	size_t pair_line_at;
};

static char *field_of(config_parser_t *p, const key_def_t *k)
{
	return (char *)p->obj + k->offset;
}

static void set_text(config_parser_t *p, const key_def_t *k, const char *v)
{
	if (antre_strlcpy(field_of(p, k), v, k->size) < 0)
		config_fail_at(p, p->line, "%s is too long (at most %zu characters)", k->name,
			k->size - 1);
}

/* Text that may go on over indented lines below (continue_value). */
static void set_long_text(config_parser_t *p, const key_def_t *k, const char *v)
{
	set_text(p, k, v);
}

static void store_path(config_parser_t *p, char *dst, size_t cap, const char *v)
{
	int rc;
	if (v[0] == '/' || p->base_dir == NULL || p->base_dir[0] == '\0')
		rc = antre_strlcpy(dst, v, cap);
	else
		rc = snprintf(dst, cap, "%s/%s", p->base_dir, v) >= (int)cap ? -1 : 0;
	if (rc < 0)
		config_fail_at(p, p->line, "path is too long: %s", v);
}

/* A path, relative to the folder of the file. */
static void set_path(config_parser_t *p, const key_def_t *k, const char *v)
{
	store_path(p, field_of(p, k), k->size, v);
}

static void set_int(config_parser_t *p, const key_def_t *k, const char *v)
{
	if (antre_parse_int(v, k->min, k->max, (int *)field_of(p, k)) < 0)
		config_fail_at(p, p->line, "%s must be a whole number from %d to %d, not '%s'", k->name,
			k->min, k->max, v);
}

static void set_bool(config_parser_t *p, const key_def_t *k, const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0 || strcasecmp(v, no[i]) == 0) {
			*(int *)field_of(p, k) = strcasecmp(v, yes[i]) == 0;
			return;
		}
	}
	config_fail_at(p, p->line, "%s must be yes or no, not '%s'", k->name, v);
}

static void set_prefix(config_parser_t *p, const key_def_t *k, const char *v)
{
	if (strlen(v) != 1 || v[0] < 'A' || v[0] > 'Z')
		config_fail_at(p, p->line, "prefix must be one capital letter A-Z, not '%s'", v);
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

static void set_time(config_parser_t *p, const key_def_t *k, const char *v)
{
	if (parse_time_of_day(v, (int *)field_of(p, k)) < 0)
		config_fail_at(p, p->line, "%s: '%s' is not a time of day (HH:MM, 00:00 to 23:59)",
			k->name, v);
}

/* hours = 08:00-12:00, 13:00-15:00: ranges of HH:MM-HH:MM (the end may be 24:00), each
 * after the one before it. */
static int parse_range(char *tok, antre_hours_t *r)
{
	char *dash = strchr(tok, '-');
	const char *from, *to;

	if (dash == NULL)
		return -1;
	*dash = '\0';
	from = config_trim(tok);
	to = config_trim(dash + 1);
	if (parse_time_of_day(from, &r->from_min) < 0)
		return -1;
	if (strcmp(to, "24:00") == 0)
		r->to_min = 24 * 60;
	else if (parse_time_of_day(to, &r->to_min) < 0)
		return -1;
	return 0;
}

static void format_range(char *buf, size_t cap, const antre_hours_t *r)
{
	snprintf(buf, cap, "%02d:%02d-%02d:%02d", r->from_min / 60, r->from_min % 60,
		 r->to_min / 60, r->to_min % 60);
}

static void set_hours(config_parser_t *p, const key_def_t *k, const char *v)
{
	antre_service_t *svc = p->obj;
	char buf[ANTRE_TEXT_MAX], one[ANTRE_TEXT_MAX], a[48], b[48];
	char *rest = buf, *tok;
	(void)k;

	antre_strlcpy(buf, v, sizeof(buf));
	svc->n_hours = 0;
	while ((tok = strsep(&rest, ",")) != NULL) {
		antre_hours_t r, *prev = svc->n_hours ? &svc->hours[svc->n_hours - 1] : NULL;
		antre_strlcpy(one, config_trim(tok), sizeof(one));
		if (parse_range(tok, &r) < 0) {
			config_fail_at(p, p->line, "hours: '%s' is not a range of times such as "
				"08:00-15:00 (several: 08:00-12:00, 13:00-15:00)", one);
			return;
		}
		format_range(a, sizeof(a), &r);
		if (r.to_min <= r.from_min) {
			config_fail_at(p, p->line, "hours: %s ends before it starts", a);
			return;
		}
		if (prev && r.from_min < prev->to_min) {
			format_range(b, sizeof(b), prev);
			config_fail_at(p, p->line, "hours: %s %s %s; give the ranges in order, apart",
				a, r.to_min > prev->from_min ? "overlaps" : "comes before", b);
			return;
		}
		if (svc->n_hours == ANTRE_MAX_HOURS) {
			config_fail_at(p, p->line, "hours: at most %d ranges", ANTRE_MAX_HOURS);
			return;
		}
		svc->hours[svc->n_hours++] = r;
	}
}

/* An IANA name such as Asia/Jakarta, checked against the zone database. */
static void set_timezone(config_parser_t *p, const key_def_t *k, const char *v)
{
	char zp[128];

	if (strstr(v, "..") != NULL || v[0] == '/' || v[0] == '\0' ||
	    antre_strlcpy(field_of(p, k), v, k->size) < 0) {
		config_fail_at(p, p->line, "timezone '%s' is not an IANA zone name", v);
		return;
	}
	if (access("/usr/share/zoneinfo", F_OK) != 0)
		return;
	snprintf(zp, sizeof(zp), "/usr/share/zoneinfo/%s", v);
	if (access(zp, R_OK) != 0)
		config_fail_at(p, p->line, "unknown timezone '%s' (e.g. Asia/Jakarta, Asia/Makassar, "
			"Asia/Jayapura)", v);
}

/* strict, or 1inN: one priority ticket in N calls. */
static void set_policy(config_parser_t *p, const key_def_t *k, const char *v)
{
	antre_config_t *c = p->cfg;
	(void)k;

	if (strcmp(v, "strict") == 0) {
		c->priority_policy = ANTRE_PRIORITY_STRICT;
	} else if (strncmp(v, "1in", 3) == 0 && antre_parse_int(v + 3, 2, 100, &c->priority_n) == 0) {
		c->priority_policy = ANTRE_PRIORITY_ONE_IN_N;
	} else {
		config_fail_at(p, p->line, "priority_policy must be strict or 1inN with N from 2 to 100 "
			"(e.g. 1in3), not '%s'", v);
	}
}

static void set_address(config_parser_t *p, const key_def_t *k, const char *v)
{
	struct in_addr a;
	if (inet_pton(AF_INET, v, &a) != 1)
		config_fail_at(p, p->line, "address must be the device's IPv4 address, such as "
			"192.168.1.21, not '%s'", v);
	else
		antre_strlcpy(field_of(p, k), v, k->size);
}

static void set_paper(config_parser_t *p, const key_def_t *k, const char *v)
{
	static const int widths[] = { 58, 80 };
	if (antre_parse_int_of(v, widths, 2, (int *)field_of(p, k)) < 0)
		config_fail_at(p, p->line, "paper must be 58 or 80 (mm), not '%s'", v);
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
static int claim_token_pair(config_parser_t *p, const key_def_t *k, const char *other)
{
	int *line = (int *)((char *)p->obj + k->pair_line_at);

	if (*line != 0) {
		config_fail_at(p, p->line, "both %s (line %d) and %s are set; give one, not both", other,
			*line, k->name);
		return -1;
	}
	*line = p->line;
	return 0;
}

/* The token itself is never quoted in a message. */
static void set_token(config_parser_t *p, const key_def_t *k, const char *v)
{
	char other[32];
	const char *problem;

	snprintf(other, sizeof(other), "%s_file", k->name);
	if (claim_token_pair(p, k, other) < 0)
		return;
	problem = antre_config_token_problem(v, strlen(v));
	if (problem != NULL)
		config_fail_at(p, p->line, "%s %s", k->name, problem);
	else
		antre_strlcpy(field_of(p, k), v, k->size);
}

static void set_token_file(config_parser_t *p, const key_def_t *k, const char *v)
{
	char other[32];

	snprintf(other, sizeof(other), "%.*s", (int)(strlen(k->name) - 5), k->name);
	if (claim_token_pair(p, k, other) == 0)
		set_path(p, k, v);
}

/* Lists of service ids are resolved when the whole file is read (validate). */
static void set_steps(config_parser_t *p, const key_def_t *k, const char *v)
{
	int j = (int)((antre_journey_t *)p->obj - p->cfg->journeys);
	(void)k;
	antre_strlcpy(p->journey_steps[j], v, ANTRE_TEXT_MAX);
	p->journey_steps_line[j] = p->line;
}

static void set_services(config_parser_t *p, const key_def_t *k, const char *v)
{
	int i = (int)((antre_counter_t *)p->obj - p->cfg->counters);
	(void)k;
	antre_strlcpy(p->counter_services[i], v, ANTRE_TEXT_MAX);
	p->counter_services_line[i] = p->line;
}

/* The centre's conninfo: a password in it would be in the config (and in any line that
 * quoted it), so it goes in password_file instead. */
static void set_conninfo(config_parser_t *p, const key_def_t *k, const char *v)
{
	const char *at = strchr(v, '@'), *scheme = strstr(v, "://");
	char lower[ANTRE_TEXT_MAX];
	size_t i;

	for (i = 0; v[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)v[i]);
	lower[i] = '\0';
	if (strstr(lower, "password") != NULL ||
	    (scheme != NULL && at != NULL && memchr(scheme + 3, ':', (size_t)(at - scheme - 3)))) {
		config_fail_at(p, p->line, "postgres must not hold the password: put it in "
			"password_file = PATH");
		return;
	}
	set_text(p, k, v);
}

/* An office id as the centre keys it: lower-case letters, digits, '-' and '_'. */
static void set_office_id(config_parser_t *p, const key_def_t *k, const char *v)
{
	size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_-");

	if (v[0] == '\0' || v[n] != '\0' || strlen(v) >= k->size)
		config_fail_at(p, p->line, "office_id must be 1 to %zu lower-case letters, digits, "
			"'-' or '_' (e.g. indramayu), not '%s'", k->size - 1, v);
	else
		antre_strlcpy(field_of(p, k), v, k->size);
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
	KEY(SEC_OFFICE, "return_priority", set_bool, antre_config_t, return_priority),
	KEY(SEC_OFFICE, "marquee", set_long_text, antre_config_t, marquee),
	KEY(SEC_OFFICE, "ticket_footer", set_text, antre_config_t, ticket_footer),
	KEY(SEC_OFFICE, "ticket_footer_en", set_text, antre_config_t, ticket_footer_en),
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
	OWN(SEC_SERVICE, "hours", set_hours),
	INT(SEC_SERVICE, "quota", antre_service_t, quota, 1, ANTRE_QUOTA_MAX),
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
	KEY(SEC_EXPORT, "postgres", set_conninfo, antre_config_t, export_postgres),
	KEY(SEC_EXPORT, "password_file", set_path, antre_config_t, export_password_file),
	KEY(SEC_EXPORT, "office_id", set_office_id, antre_config_t, export_office_id),
};
#undef F
#undef KEY
#undef INT
#undef TOKEN
#undef OWN
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))
_Static_assert(N_KEYS <= CONFIG_MAX_KEYS, "config_parser_t.key_line holds a line for every key");

/* A continuation line extends the previous key's value, joined with one space. */
static void continue_value(config_parser_t *p, const char *v)
{
	const key_def_t *k = &keys[p->last_key];
	char *field = field_of(p, k);
	size_t used = strlen(field);

	if (k->set != set_long_text) {
		config_fail_at(p, p->line, "%s cannot continue on an indented line", k->name);
		return;
	}
	if (used + 1 + strlen(v) >= k->size) {
		config_fail_at(p, p->line, "%s is too long (at most %zu characters)", k->name,
			k->size - 1);
		return;
	}
	field[used] = ' ';
	memcpy(field + used + 1, v, strlen(v) + 1);
}

int config_on_key(void *user, const char *section, const char *name, const char *value)
{
	config_parser_t *p = user;
	(void)section;

	if (p->err_line != 0)
		return 1;
	if (p->sec == SEC_NONE) {
		config_fail_at(p, p->line, "key '%s' is outside any valid section", name);
		return 1;
	}
	if (p->line_indented && p->last_key >= 0 && strcmp(keys[p->last_key].name, name) == 0) {
		continue_value(p, value);
		return 1;
	}
	for (size_t i = 0; i < N_KEYS; i++) {
		if ((int)keys[i].sec != p->sec || strcmp(keys[i].name, name) != 0)
			continue;
		if (p->key_line[i]) {
			config_fail_at(p, p->line, "duplicate key '%s' (first on line %d)", name,
				p->key_line[i]);
			return 1;
		}
		p->key_line[i] = p->line;
		p->last_key = (int)i;
		keys[i].set(p, &keys[i], value);
		return 1;
	}
	config_fail_at(p, p->line, "unknown key '%s' in [%s]", name, sections[p->sec].name);
	return 1;
}

