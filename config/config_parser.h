/* Private to config/: the state of one parse, shared by the reader (config_read.c),
 * the section and key tables (config.c) and the checks over the whole file once it is
 * read (config_check.c). */
#ifndef ANTRE_CONFIG_PARSER_H
#define ANTRE_CONFIG_PARSER_H

#include <stddef.h>

#include "config.h"

#define CONFIG_MAX_SECTIONS 16  /* kinds of section; config.c checks its table fits */
#define CONFIG_MAX_KEYS 64      /* rows of config.c's keys[], checked there */

typedef struct {
	const char *text;
	size_t len, pos;
	const char *name;       /* file name for messages */
	const char *base_dir;
	antre_config_t *cfg;

	int line;               /* number of the line inih is working on */
	int line_indented;      /* it began with white space: a continuation */
	int sec;                /* kind of the current section (config.c); 0: none */
	void *obj;              /* struct of the current section */
	int sec_line[CONFIG_MAX_SECTIONS];   /* first line of [office], [server] */
	int key_line[CONFIG_MAX_KEYS];       /* where each key of this section was set */
	int last_key;           /* for continuation lines */

	/* resolved after the whole file is read: later sections may be named earlier */
	char journey_steps[ANTRE_MAX_JOURNEYS][ANTRE_TEXT_MAX];
	int journey_steps_line[ANTRE_MAX_JOURNEYS];
	char counter_services[ANTRE_MAX_COUNTERS][ANTRE_TEXT_MAX];
	int counter_services_line[ANTRE_MAX_COUNTERS];

	int err_line;           /* 0: no error yet */
	char err[512];
} config_parser_t;

/* Set the error at line (formatted); only the first one is kept. */
void config_fail_at(config_parser_t *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* s without white space around it (s is cut in place). */
const char *config_trim(char *s);

/* The index of the object whose id (its first member) is id, in an array of n objects
 * of stride bytes at base, or -1. */
int config_find_id(const char *base, size_t stride, int n, const char *id);

/* antre_config_t before any line is read: zeroes and the defaults of [office] and
 * [server]. */
void config_set_defaults(antre_config_t *c);

/* A line that starts with '[' (header is a copy the call may cut): the section the keys
 * that follow belong to, or an error. */
void config_begin_section(config_parser_t *p, char *header);

/* inih's handler (user is the parser): one key = value of the current section. */
int config_on_key(void *user, const char *section, const char *name, const char *value);

/* After the whole file: resolve the lists, fill in default names, check what only the
 * whole file can show (prefixes, layouts, shared tokens). */
void config_validate(config_parser_t *p);

#endif
