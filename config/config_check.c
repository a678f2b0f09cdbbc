/* The checks that need the whole antre.ini: service lists resolved (a section may name
 * one that comes later), prefixes unique, display layouts naming real counters, no
 * token shared by two holders; and the lookups by id. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "config_parser.h"
#include "xmalloc.h"

/* Split a comma-separated list of service ids into indexes. */
static int resolve_services(config_parser_t *p, const char *list, int line, int *out, int max,
			    const char *owner)
{
	char buf[ANTRE_TEXT_MAX];
	char *save = NULL;
	int n = 0;

	antre_strlcpy(buf, list, sizeof(buf));
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const char *id = config_trim(tok);
		int s = antre_config_service_index(p->cfg, id);
		if (*id == '\0')
			continue;
		if (s < 0) {
			config_fail_at(p, line, "%s names '%s', which is not a [service]", owner, id);
			return -1;
		}
		if (n >= max) {
			config_fail_at(p, line, "%s lists more than %d services", owner, max);
			return -1;
		}
		out[n++] = s;
	}
	return n;
}

/* The services a journey or a counter (owner) names, now that all are known: how
 * many, or -1 with the error set when it names none or one that is not a [service]. */
static int resolve_named(config_parser_t *p, const char *kind, const char *id, int owner_line,
			 const char *list, int list_line, const char *lacks, const char *hint,
			 int *out, int max)
{
	char owner[ANTRE_ID_MAX + 16];
	int n;

	snprintf(owner, sizeof(owner), "%s %s", kind, id);
	if (list_line == 0) {
		config_fail_at(p, owner_line, "%s %s (%s)", owner, lacks, hint);
		return -1;
	}
	n = resolve_services(p, list, list_line, out, max, owner);
	if (n == 0)
		config_fail_at(p, list_line, "%s %s", owner, lacks);
	return n == 0 ? -1 : n;
}

static void check_prefixes(config_parser_t *p)
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
				config_fail_at(p, sline, "%s %s has no prefix (a capital letter)",
					is_svc ? "service" : "journey", id);
				return;
			}
			at = pre[0] - 'A';
			if (owner[at]) {
				config_fail_at(p, sline, "prefix %s of %s is already used by %s (line %d)", pre,
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

/* [export] needs somewhere to send to and a name to send under. */
static void check_export(config_parser_t *p)
{
	const antre_config_t *c = p->cfg;

	if (c->export_line == 0)
		return;
	if (c->export_postgres[0] == '\0')
		config_fail_at(p, c->export_line, "[export] needs postgres = CONNINFO (e.g. "
			"host=central.example dbname=antre user=indramayu)");
	else if (c->export_office_id[0] == '\0')
		config_fail_at(p, c->export_line, "[export] needs office_id = ID (e.g. indramayu), "
			"unique among the offices sending to the centre");
}

void config_validate(config_parser_t *p)
{
	antre_config_t *c = p->cfg;

	if (c->n_services == 0) {
		config_fail_at(p, p->line, "no [service ID] section: an office needs at least one service");
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
		if (ct->name[0] == '\0') {
			/* via a copy: GCC 12's -Wrestrict takes id and name for one object */
			char id[sizeof(ct->id)];
			antre_strlcpy(id, ct->id, sizeof(id));
			snprintf(ct->name, sizeof(ct->name), "Loket %s", id);
		}
	}
	for (int i = 0; i < c->n_displays && p->err_line == 0; i++) {
		const char *l = c->displays[i].layout;
		if (strcmp(l, "wall") != 0 &&
		    (strncmp(l, "counter:", 8) != 0 || antre_config_counter_index(c, l + 8) < 0))
			config_fail_at(p, c->displays[i].line, "display %s: layout must be wall or "
				"counter:ID of a [counter], not '%s'", c->displays[i].id, l);
	}
	/* Only inline tokens are known here; antre_auth_load checks again with the files. */
	if (p->err_line == 0) {
		char msg[sizeof(p->err)];
		int line = 0;
		if (find_shared_token(c, &line, msg, sizeof(msg)))
			config_fail_at(p, line, "%s", msg);
	}
	if (p->err_line == 0)
		check_export(p);
}

int antre_config_service_index(const antre_config_t *cfg, const char *id)
{
	return config_find_id((const char *)cfg->services, sizeof(cfg->services[0]), cfg->n_services, id);
}

int antre_config_journey_index(const antre_config_t *cfg, const char *id)
{
	return config_find_id((const char *)cfg->journeys, sizeof(cfg->journeys[0]), cfg->n_journeys, id);
}

int antre_config_counter_index(const antre_config_t *cfg, const char *id)
{
	return config_find_id((const char *)cfg->counters, sizeof(cfg->counters[0]), cfg->n_counters, id);
}

int antre_config_counter_serves(const antre_config_t *cfg, int c, int s)
{
	for (int i = 0; i < cfg->counters[c].n_services; i++)
		if (cfg->counters[c].services[i] == s)
			return 1;
	return 0;
}
