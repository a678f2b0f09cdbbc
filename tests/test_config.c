/* Config loader: the shipped ltsa.ini, and one refusal per kind of bad input with the
 * line it names; tokens, inline and from token files (antre_auth_load), and how a
 * presented token is matched (antre_auth_identify). */
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "test.h"

static antre_config_t cfg;

/* Token files live in one private folder, removed at the end. */
static char tmp_dir[64];
static char tmp_files[32][128];
static int n_tmp_files;

/* Write content to NAME in the private folder; its path goes to path. */
static void write_tmp(const char *name, const char *content, char *path, size_t cap)
{
	FILE *f;
	if (tmp_dir[0] == '\0') {
		snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/antre-test-config-XXXXXX");
		if (mkdtemp(tmp_dir) == NULL) {
			perror("mkdtemp");
			exit(1);
		}
	}
	snprintf(path, cap, "%s/%s", tmp_dir, name);
	f = fopen(path, "w");
	if (f == NULL || fputs(content, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	if (n_tmp_files < 32)
		snprintf(tmp_files[n_tmp_files++], sizeof(tmp_files[0]), "%s", path);
}

static void remove_tmp(void)
{
	for (int i = 0; i < n_tmp_files; i++)
		unlink(tmp_files[i]);
	if (tmp_dir[0] != '\0') {
		char admin[128];
		snprintf(admin, sizeof(admin), "%s/admin.token", tmp_dir);
		unlink(admin);
		rmdir(tmp_dir);
	}
}

/* n copies of c and a NUL into dst (n + 1 bytes). */
static void fill(char *dst, char c, size_t n)
{
	memset(dst, c, n);
	dst[n] = '\0';
}

static int parse(const char *text, char *err, size_t cap)
{
	return antre_config_parse(text, strlen(text), "t.ini", "/etc/antre", &cfg, err, cap);
}

/* Parse text, expect a refusal naming `line` and containing `phrase`. */
static void expect_error(const char *text, int line, const char *phrase, const char *where)
{
	char err[600], prefix[32];
	int rc = parse(text, err, sizeof(err));
	snprintf(prefix, sizeof(prefix), "t.ini:%d: ", line);
	if (rc != -1) {
		fprintf(stderr, "%s: accepted bad config\n", where);
		test_failures++;
		return;
	}
	if (strncmp(err, prefix, strlen(prefix)) != 0 || strstr(err, phrase) == NULL) {
		fprintf(stderr, "%s: got \"%s\", want \"%s...%s\"\n", where, err, prefix, phrase);
		test_failures++;
	}
}

#define BASE "[office]\nname = X\n[service A1]\nprefix = A\nname = One\n" /* 5 lines */

TEST(shipped_ltsa_ini)
{
	char err[600] = "";
	ASSERT_EQ_INT(antre_config_load(ANTRE_SOURCE_DIR "/config/ltsa.ini", &cfg, err,
					sizeof(err)), 0);
	ASSERT_EQ_INT(cfg.n_services, 8);
	ASSERT_EQ_INT(cfg.n_counters, 10);
	ASSERT_EQ_INT(cfg.n_journeys, 1);
	ASSERT_EQ_INT(cfg.n_kiosks, 1);
	ASSERT_EQ_INT(cfg.n_displays, 1);
	ASSERT_EQ_STR(cfg.journeys[0].id, "CPMI");
	ASSERT_EQ_INT(cfg.journeys[0].n_steps, 6);
	{
		static const char *const steps[] = { "DISNAKER", "KESEHATAN", "SKCK", "IMIGRASI",
						     "BPJS", "PAP" };
		for (int k = 0; k < 6; k++)
			ASSERT_EQ_STR(cfg.services[cfg.journeys[0].steps[k]].id, steps[k]);
	}
	ASSERT_EQ_INT(cfg.priority_policy, ANTRE_PRIORITY_ONE_IN_N);
	ASSERT_EQ_INT(cfg.priority_n, 3);
	ASSERT_EQ_STR(cfg.timezone, "Asia/Jakarta");
	ASSERT_CONTAINS(cfg.marquee, "calo! Jangan serahkan");   /* continuation joined */
	ASSERT_CONTAINS(cfg.db, "/config/../var/antre.db");
	for (int s = 0; s < cfg.n_services; s++) {
		ASSERT_TRUE(cfg.services[s].name[0] && cfg.services[s].name_en[0]);
		ASSERT_TRUE(cfg.services[s].prefix[0] >= 'A' && cfg.services[s].prefix[0] <= 'Z');
	}
	for (int c = 0; c < cfg.n_counters; c++)
		ASSERT_TRUE(cfg.counters[c].n_services > 0);
}

TEST(defaults_and_paths)
{
	char err[600] = "";
	ASSERT_EQ_INT(parse(BASE "[server]\ndb = var/x.db\nadmin_token_file = /abs/t\n", err,
			    sizeof(err)), 0);
	ASSERT_EQ_STR(cfg.db, "/etc/antre/var/x.db");
	ASSERT_EQ_STR(cfg.admin_token_file, "/abs/t");
	ASSERT_EQ_INT(cfg.number_width, 3);
	ASSERT_EQ_INT(cfg.reset_at_min, 0);
	ASSERT_EQ_INT(cfg.services[0].est_service_s, 300);
	ASSERT_EQ_INT(parse(BASE "[office]\n", err, sizeof(err)), -1);
	ASSERT_CONTAINS(err, "t.ini:6: duplicate section [office] (first on line 1)");
}

TEST(bad_inputs_name_their_line)
{
	expect_error(BASE "[services B]\n", 6, "unknown section [services]", "unknown section");
	expect_error(BASE "colour = red\n", 6, "unknown key 'colour' in [service]", "unknown key");
	expect_error(BASE "[service B1]\nprefix = A\n", 6,
		     "prefix A of B1 is already used by A1 (line 3)", "duplicate prefix");
	expect_error(BASE "[journey J]\nprefix = A\nsteps = A1\n", 6,
		     "prefix A of J is already used by A1", "journey prefix clash");
	expect_error(BASE "[service A1]\nprefix = B\n", 6,
		     "duplicate service id A1 (first on line 3)", "duplicate id");
	expect_error(BASE "[counter 1]\nservices = A1\n[counter 1]\nservices = A1\n", 8,
		     "duplicate counter id 1", "duplicate counter id");
	expect_error(BASE "[journey CPMI]\nprefix = P\nsteps = A1, NOPE\n", 8,
		     "journey CPMI names 'NOPE', which is not a [service]", "unknown step");
	expect_error(BASE "[counter 4]\nname = Loket 4\n", 6, "counter 4 serves nothing",
		     "counter without services");
	expect_error(BASE "[counter 4]\nservices = ,\n", 7, "counter 4 serves nothing",
		     "counter with empty services");
	expect_error(BASE "[office]\n", 6, "duplicate section", "dup office");
	expect_error("[office]\nreset_at = 25:00\n[service A1]\nprefix = A\n", 2,
		     "reset_at: '25:00' is not a time of day", "bad hour");
	expect_error("[office]\nreset_at = 7:5\n[service A1]\nprefix = A\n", 2,
		     "is not a time of day", "bad time format");
	{
		char text[600];
		char longname[260];
		memset(longname, 'x', sizeof(longname) - 1);
		longname[sizeof(longname) - 1] = '\0';
		snprintf(text, sizeof(text), BASE "name_en = %s\n", longname);
		expect_error(text, 6, "line is 269 characters long, the limit is 199",
			     "over-long line");
	}
	expect_error(BASE "prefix = B\n", 6, "duplicate key 'prefix' (first on line 4)",
		     "duplicate key");
	expect_error("[office]\npriority_policy = 3in1\n[service A1]\nprefix = A\n", 2,
		     "priority_policy must be strict or 1inN", "bad policy");
	expect_error("[office]\nnumber_width = 9\n[service A1]\nprefix = A\n", 2,
		     "number_width must be a whole number from 1 to 6", "bad width");
	expect_error("[office]\ntimezone = Mars/Olympus\n[service A1]\nprefix = A\n", 2,
		     "unknown timezone 'Mars/Olympus'", "bad timezone");
	expect_error(BASE "[service B1]\nprefix = bb\n", 7, "prefix must be one capital letter",
		     "bad prefix");
	expect_error(BASE "this line has no equals sign\n", 6, "syntax error", "syntax");
	expect_error("name = X\n[service A1]\nprefix = A\n", 1, "outside any valid section",
		     "key before section");
	expect_error("[office]\nname = X\n", 2, "no [service ID] section", "no services");
	expect_error(BASE "[service]\n", 6, "needs an id", "section without id");
	expect_error(BASE "[display d]\nlayout = counter:99\n", 6,
		     "layout must be wall or counter:ID", "display naming unknown counter");
	expect_error(BASE "  [counter 1]\n", 6, "must start at the beginning", "indented section");
	expect_error(BASE "[kiosk k]\npaper = 57\n", 7, "paper must be 58 or 80", "paper");
	expect_error(BASE "[display tv]\naddress = 192.168.1\n", 7, "address must be the device's "
		     "IPv4 address", "short address");
	expect_error(BASE "[kiosk k]\naddress = lobby.local\n", 7, "address must be", "host name");
	expect_error(BASE "est_service_s = -5\n", 6, "est_service_s must be a whole number",
		     "negative estimate");
}

/* Numbers are read whole by antre_parse_int: sscanf and strtol took "7: 05" as 07:05,
 * "+3" as 3 and "1in 3" as 1in3. */
TEST(numbers_are_checked_whole)
{
	char err[600] = "";

	ASSERT_EQ_INT(parse("[office]\nreset_at = 7: 05\n[service A1]\nprefix = A\n", err,
			    sizeof(err)), -1);
	ASSERT_EQ_STR(err, "t.ini:2: reset_at: '7: 05' is not a time of day (HH:MM, 00:00 to "
		      "23:59)");
	expect_error("[office]\nreset_at = 07:5x\n[service A1]\nprefix = A\n", 2,
		     "reset_at: '07:5x' is not a time of day", "minutes not a number");
	expect_error("[office]\nreset_at = 07:-5\n[service A1]\nprefix = A\n", 2,
		     "is not a time of day", "negative minutes");
	expect_error("[office]\nreset_at = 23:60\n[service A1]\nprefix = A\n", 2,
		     "is not a time of day", "minute 60");
	ASSERT_EQ_INT(parse("[office]\nnumber_width = +3\n[service A1]\nprefix = A\n", err,
			    sizeof(err)), -1);
	ASSERT_EQ_STR(err, "t.ini:2: number_width must be a whole number from 1 to 6, not '+3'");
	expect_error(BASE "est_service_s = 300s\n", 6, "est_service_s must be a whole number "
		     "from 1 to 86400, not '300s'", "seconds with a unit");
	expect_error("[office]\npriority_policy = 1in 3\n[service A1]\nprefix = A\n", 2,
		     "priority_policy must be strict or 1inN with N from 2 to 100 (e.g. 1in3), "
		     "not '1in 3'", "space in 1inN");
	expect_error("[office]\npriority_policy = 1in101\n[service A1]\nprefix = A\n", 2,
		     "priority_policy must be strict or 1inN", "N too large");
	expect_error(BASE "[kiosk k]\npaper = 80x\n", 7, "paper must be 58 or 80 (mm), not '80x'",
		     "paper with a unit");

	ASSERT_EQ_INT(parse("[office]\nreset_at = 23:59\nnumber_width = 6\npriority_policy = "
			    "1in100\n[service A1]\nprefix = A\nest_service_s = 86400\n[kiosk k]\n"
			    "paper = 58\n", err, sizeof(err)), 0);
	ASSERT_EQ_INT(cfg.reset_at_min, 23 * 60 + 59);
	ASSERT_EQ_INT(cfg.number_width, 6);
	ASSERT_EQ_INT(cfg.priority_policy, ANTRE_PRIORITY_ONE_IN_N);
	ASSERT_EQ_INT(cfg.priority_n, 100);
	ASSERT_EQ_INT(cfg.services[0].est_service_s, 86400);
	ASSERT_EQ_INT(cfg.kiosks[0].paper_mm, 58);
}

/* What the section table says: the kinds, ids apart, room, defaults. */
TEST(sections_come_from_the_table)
{
	char text[4096], err[600] = "";
	size_t n;

	ASSERT_EQ_INT(parse(BASE "[desk 1]\n", err, sizeof(err)), -1);
	ASSERT_EQ_STR(err, "t.ini:6: unknown section [desk] (expected office, server, service ID, "
		      "journey ID, counter ID, kiosk ID, display ID or export)");
	expect_error(BASE "[server x]\n", 6, "section [server] takes no id", "id on [server]");
	expect_error(BASE "[journey A1]\n", 6, "journey id A1 is already a service id (line 3)",
		     "journey named as a service");
	expect_error("[journey J]\nprefix = J\nsteps = A1\n[service J]\n", 4,
		     "service id J is already a journey id (line 1)", "service named as a journey");
	n = (size_t)snprintf(text, sizeof(text), BASE);
	for (int i = 0; i <= ANTRE_MAX_KIOSKS; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "[kiosk k%d]\n", i);
	expect_error(text, 6 + ANTRE_MAX_KIOSKS, "too many kiosk sections (at most 32)",
		     "too many kiosks");

	ASSERT_EQ_INT(parse(BASE "[kiosk k]\n[display d]\n[counter 1]\nservices = A1\n", err,
			    sizeof(err)), 0);
	ASSERT_EQ_INT(cfg.kiosks[0].paper_mm, 80);
	ASSERT_EQ_INT(cfg.kiosks[0].line, 6);
	ASSERT_EQ_INT(cfg.displays[0].audio, 1);
	ASSERT_EQ_STR(cfg.displays[0].layout, "wall");
	ASSERT_EQ_STR(cfg.counters[0].name, "Loket 1");
	ASSERT_EQ_INT(cfg.counters[0].line, 8);
	ASSERT_EQ_STR(cfg.counters[0].id, "1");
	expect_error(BASE "[kiosk k]\nservices = A1\n", 7, "unknown key 'services' in [kiosk]",
		     "a counter's key in a kiosk");
	expect_error(BASE "[office]\nname = Y\n", 6, "duplicate section [office]", "second office");
	expect_error(BASE "name = One\n", 6, "duplicate key 'name' (first on line 5)", "dup key");
	expect_error(BASE "name_en = One\n  more\n", 7,
		     "name_en cannot continue on an indented line", "continued short text");
}

/* [export] (issue 16): the centre's conninfo without a password, and the office id the
 * centre keys its rows by; both required once the section is there. */
TEST(export_section)
{
	char err[600] = "";

	ASSERT_EQ_INT(parse(BASE "[export]\npostgres = host=127.0.0.1 port=5432 dbname=antre\n"
			    "password_file = centre.pw\noffice_id = indramayu\n", err,
			    sizeof(err)), 0);
	ASSERT_EQ_INT(cfg.export_line, 6);
	ASSERT_EQ_STR(cfg.export_postgres, "host=127.0.0.1 port=5432 dbname=antre");
	ASSERT_EQ_STR(cfg.export_password_file, "/etc/antre/centre.pw");
	ASSERT_EQ_STR(cfg.export_office_id, "indramayu");
	ASSERT_EQ_INT(parse(BASE, err, sizeof(err)), 0);
	ASSERT_EQ_INT(cfg.export_line, 0);
	expect_error(BASE "[export]\noffice_id = indramayu\n", 6, "[export] needs postgres",
		     "export without postgres");
	expect_error(BASE "[export]\npostgres = dbname=antre\n", 6, "[export] needs office_id",
		     "export without office_id");
	expect_error(BASE "[export]\npostgres = dbname=antre\noffice_id = Indramayu\n", 8,
		     "office_id must be 1 to 31 lower-case", "office_id with a capital");
	expect_error(BASE "[export]\npostgres = dbname=antre\noffice_id = a b\n", 8,
		     "office_id must be", "office_id with a space");
	expect_error(BASE "[export]\npostgres = dbname=antre password=secret\n", 7,
		     "must not hold the password", "inline password");
	expect_error(BASE "[export]\npostgres = postgresql://u:secret@h/antre\n", 7,
		     "must not hold the password", "password in a URI");
	ASSERT_EQ_INT(parse(BASE "[export]\npostgres = password=secret\n", err, sizeof(err)), -1);
	ASSERT_TRUE(strstr(err, "secret") == NULL);   /* the refusal never quotes it */
	expect_error(BASE "[export]\npostgres = dbname=a\noffice_id = x\n[export]\n", 9,
		     "duplicate section [export]", "two [export]");
	expect_error(BASE "[export]\nhost = x\n", 7, "unknown key 'host' in [export]",
		     "unknown export key");
}

TEST(shipped_fixtures)
{
	static const char *const files[] = { "/tests/fixtures/office.ini",
					     "/tests/fixtures/hall30.ini" };
	char err[600] = "", path[512];
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s%s", ANTRE_SOURCE_DIR, files[i]);
		ASSERT_EQ_INT(antre_config_load(path, &cfg, err, sizeof(err)), 0);
	}
	ASSERT_EQ_STR(cfg.admin_token, "admin-test-token-0000");
}

TEST(line_at_the_limit_is_kept_whole)
{
	char text[600], err[600] = "", name[190];
	fill(name, 'x', 189);
	snprintf(text, sizeof(text), BASE "name_en = %s\n", name);   /* a line of 199 bytes */
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	ASSERT_EQ_INT(strlen(cfg.services[0].name_en), 189);
}

TEST(inline_tokens_are_checked)
{
	char text[600], err[600] = "", token[192];

	expect_error(BASE "[kiosk k]\ntoken = kiosk-token\n", 7,
		     "token is shorter than 16 characters", "short token");
	ASSERT_EQ_INT(parse(BASE "[kiosk k]\ntoken = kiosk-token\n", err, sizeof(err)), -1);
	ASSERT_TRUE(strstr(err, "kiosk-token") == NULL);   /* never in a message */
	expect_error("[office]\nname = X\n[server]\nadmin_token = short\n"
		     "[service A1]\nprefix = A\n", 4, "admin_token is shorter than 16 characters", "short admin token");
	expect_error(BASE "[counter 1]\nservices = A1\ntoken = counter one test token\n", 8,
		     "token contains spaces, tabs or control characters", "token with spaces");
	expect_error(BASE "[kiosk k]\ntoken = kiosk-token\twith-a-tab\n", 7,
		     "token contains spaces, tabs or control characters", "token with a tab");
	expect_error(BASE "[kiosk k]\ntoken = kiosk-token-\x01-control\n", 7,
		     "token contains spaces, tabs or control characters", "token with a control");
	expect_error(BASE "[kiosk k]\ntoken = kiosk-token-00000\ntoken_file = k.token\n", 8,
		     "both token (line 7) and token_file are set", "token and token_file");
	expect_error("[server]\nadmin_token_file = a.token\nadmin_token = admin-token-000000\n", 3,
		     "both admin_token_file (line 2) and admin_token are set", "admin both ways");

	/* 16 characters is enough; the longest that fits on a line is kept whole. */
	ASSERT_EQ_INT(parse(BASE "[kiosk k]\ntoken = 0123456789abcdef\n", err, sizeof(err)), 0);
	ASSERT_EQ_STR(cfg.kiosks[0].token, "0123456789abcdef");
	fill(token, 'k', 191);
	snprintf(text, sizeof(text), BASE "[kiosk k]\ntoken = %s\n", token);
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	ASSERT_EQ_INT(strlen(cfg.kiosks[0].token), 191);
}

TEST(shared_inline_tokens_are_refused)
{
	char err[600] = "";

	expect_error("[office]\nname = X\n[server]\nadmin_token = same-token-0123456\n"
		     "[service A1]\nprefix = A\n[kiosk k]\ntoken = same-token-0123456\n", 8,
		     "kiosk k's token is the same as the admin's (t.ini:4); every device needs "
		     "its own token", "admin and kiosk");
	expect_error(BASE "[counter 1]\nservices = A1\ntoken = counter-token-0000\n"
		     "[counter 2]\nservices = A1\ntoken = counter-token-0000\n", 11,
		     "counter 2's token is the same as counter 1's (t.ini:8)", "two counters");
	expect_error(BASE "[kiosk a]\ntoken = kiosk-token-00000\n"
		     "[kiosk b]\ntoken = kiosk-token-00000\n", 9, "kiosk b's token is the same as kiosk a's (t.ini:7)", "two kiosks");
	/* In file order: the kiosk comes first here, so the counter is the second use. */
	ASSERT_EQ_INT(parse(BASE "[kiosk k]\ntoken = device-token-00000\n"
			    "[counter 1]\nservices = A1\ntoken = device-token-00000\n", err,
			    sizeof(err)), -1);
	ASSERT_EQ_STR(err, "t.ini:10: counter 1's token is the same as kiosk k's (t.ini:7); every "
		      "device needs its own token");
}

TEST(token_files_are_checked)
{
	char text[600], err[800] = "", path[128], want[400], header[400], token[301];
	antre_who_t who;

	/* 300 characters cannot be written inline (lines stop at 199), so via a file. */
	fill(token, 't', 300);
	snprintf(text, sizeof(text), "%s\n", token);
	write_tmp("long.token", text, path, sizeof(path));
	snprintf(text, sizeof(text), BASE "[server]\nadmin_token = admin-token-000000\n"
		 "[kiosk k]\ntoken_file = %s\n", path);
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	ASSERT_EQ_INT(antre_auth_load(&cfg, "/nonexistent/antre.db", err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "token in %s is longer than 256 characters", path);
	ASSERT_EQ_STR(err, want);

	write_tmp("space.token", "abcdefghij klmnopqrstuvwxyz\n", path, sizeof(path));
	snprintf(text, sizeof(text), BASE "[server]\nadmin_token = admin-token-000000\n"
		 "[kiosk k]\ntoken_file = %s\n", path);
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	ASSERT_EQ_INT(antre_auth_load(&cfg, "/nonexistent/antre.db", err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "token in %s contains spaces, tabs or control characters",
		 path);
	ASSERT_EQ_STR(err, want);
	ASSERT_TRUE(strstr(err, "abcdefghij") == NULL);

	write_tmp("short.token", "abc\n", path, sizeof(path));
	snprintf(text, sizeof(text), BASE "[server]\nadmin_token = admin-token-000000\n"
		 "[kiosk k]\ntoken_file = %s\n", path);
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	ASSERT_EQ_INT(antre_auth_load(&cfg, "/nonexistent/antre.db", err, sizeof(err)), -1);
	ASSERT_CONTAINS(err, "is shorter than 16 characters");

	/* White space around the token is not part of it. */
	write_tmp("crlf.token", "  kiosk-token-crlf-01\r\n", path, sizeof(path));
	snprintf(text, sizeof(text), BASE "[server]\nadmin_token = admin-token-000000\n"
		 "[kiosk k]\ntoken_file = %s\n", path);
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	ASSERT_EQ_INT(antre_auth_load(&cfg, "/nonexistent/antre.db", err, sizeof(err)), 0);
	ASSERT_EQ_STR(cfg.kiosks[0].token, "kiosk-token-crlf-01");

	/* 256 characters fit whole, and only all of them authenticate. */
	fill(token, 'z', 256);
	snprintf(text, sizeof(text), "%s\n", token);
	write_tmp("256.token", text, path, sizeof(path));
	snprintf(text, sizeof(text), BASE "[server]\nadmin_token = admin-token-000000\n"
		 "[kiosk k]\ntoken_file = %s\n", path);
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	ASSERT_EQ_INT(antre_auth_load(&cfg, "/nonexistent/antre.db", err, sizeof(err)), 0);
	ASSERT_EQ_STR(cfg.kiosks[0].token, token);
	snprintf(header, sizeof(header), "Bearer %s", token);
	who = antre_auth_identify(&cfg, header);
	ASSERT_EQ_INT(who.role, ANTRE_ROLE_KIOSK);
	ASSERT_EQ_INT(who.index, 0);
	snprintf(header, sizeof(header), "Bearer %sz", token);
	ASSERT_EQ_INT(antre_auth_identify(&cfg, header).role, ANTRE_ROLE_NONE);
	snprintf(header, sizeof(header), "Bearer %.255s", token);
	ASSERT_EQ_INT(antre_auth_identify(&cfg, header).role, ANTRE_ROLE_NONE);
}

TEST(shared_token_files_are_refused)
{
	char text[800], err[800] = "", c1[128], c2[128], k[128], admin[128], want[600];

	/* two counters, two files, one token */
	write_tmp("c1.token", "shared-file-token-01\n", c1, sizeof(c1));
	write_tmp("c2.token", "shared-file-token-01\n", c2, sizeof(c2));
	snprintf(text, sizeof(text), BASE "[server]\nadmin_token = admin-token-000000\n"
		 "[counter 1]\nservices = A1\ntoken_file = %s\n"
		 "[counter 2]\nservices = A1\ntoken_file = %s\n", c1, c2);
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	ASSERT_EQ_INT(antre_auth_load(&cfg, "/nonexistent/antre.db", err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "t.ini:13: counter 2's token (%s) is the same as counter 1's "
		 "(%s); every device needs its own token", c2, c1);
	ASSERT_EQ_STR(err, want);
	ASSERT_TRUE(strstr(err, "shared-file-token") == NULL);

	/* a kiosk's file holds the admin's inline token */
	write_tmp("k.token", "admin-token-000000\n", k, sizeof(k));
	snprintf(text, sizeof(text), BASE "[server]\nadmin_token = admin-token-000000\n"
		 "[kiosk k]\ntoken_file = %s\n", k);
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	ASSERT_EQ_INT(antre_auth_load(&cfg, "/nonexistent/antre.db", err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "t.ini:9: kiosk k's token (%s) is the same as the admin's "
		 "(t.ini:7); every device needs its own token", k);
	ASSERT_EQ_STR(err, want);

	/* an inline counter token after the kiosk's file */
	snprintf(text, sizeof(text), BASE "[kiosk k]\ntoken_file = %s\n"
		 "[counter 1]\nservices = A1\ntoken = admin-token-000000\n"
		 "[server]\nadmin_token = admin-token-000001\n", k);
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	ASSERT_EQ_INT(antre_auth_load(&cfg, "/nonexistent/antre.db", err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "t.ini:10: counter 1's token is the same as kiosk k's (%s); "
		 "every device needs its own token", k);
	ASSERT_EQ_STR(err, want);

	/* the default admin.token beside the database */
	write_tmp("admin.token", "counter-token-0001\n", admin, sizeof(admin));
	snprintf(text, sizeof(text), BASE "[counter 1]\nservices = A1\n"
		 "token = counter-token-0001\n");
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	snprintf(text, sizeof(text), "%s/antre.db", tmp_dir);
	ASSERT_EQ_INT(antre_auth_load(&cfg, text, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "t.ini:8: counter 1's token is the same as the admin's (%s); "
		 "every device needs its own token", admin);
	ASSERT_EQ_STR(err, want);
}

TEST(text_must_be_valid_utf8)
{
	char err[600] = "";

	expect_error(BASE "[service B1]\nprefix = B\nname = Kantor Imigrasi caf\xe9\n", 8,
		     "text is not valid UTF-8", "latin-1 byte in a name");
	expect_error(BASE "name_en = over\xc0\xaflong\n", 6, "text is not valid UTF-8", "overlong");
	expect_error(BASE "name_en = \xed\xa0\x80 surrogate\n", 6, "text is not valid UTF-8",
		     "surrogate");
	expect_error(BASE "name_en = cut \xe2\x82\n", 6, "text is not valid UTF-8", "cut short");
	expect_error(BASE "name_en = \xf4\x90\x80\x80 past U+10FFFF\n", 6,
		     "text is not valid UTF-8", "past U+10FFFF");
	expect_error(BASE "; a comment \xff\n", 6, "text is not valid UTF-8", "in a comment");
	expect_error(BASE "[counter \xff]\n", 6, "text is not valid UTF-8", "in a header");

	expect_error(BASE "name_en = \xe0\x9f\xbf overlong\n", 6, "text is not valid UTF-8",
		     "overlong three bytes");
	expect_error(BASE "name_en = \xf0\x8f\xbf\xbf overlong\n", 6, "text is not valid UTF-8",
		     "overlong four bytes");
	expect_error(BASE "name_en = \xc1\xbf\n", 6, "text is not valid UTF-8", "C1 lead");
	expect_error(BASE "name_en = \xe2\x82x\n", 6, "text is not valid UTF-8", "bad third byte");
	ASSERT_EQ_INT(parse(BASE "name_en = \xed\x9f\xbf \xef\xbf\xbf \xf4\x8f\xbf\xbf\n", err,
			    sizeof(err)), 0);   /* U+D7FF, U+FFFF, U+10FFFF: the edges */
	ASSERT_EQ_INT(parse(BASE "name_en = Kesehatan — Ké 健康 😀\n", err, sizeof(err)), 0);
	ASSERT_EQ_STR(cfg.services[0].name_en, "Kesehatan — Ké 健康 😀");
}

TEST(nul_byte_is_refused)
{
	static const char text[] = BASE "name_en = cut\0here\n";
	char err[600] = "";
	ASSERT_EQ_INT(antre_config_parse(text, sizeof(text) - 1, "t.ini", "/etc/antre", &cfg, err,
					 sizeof(err)), -1);
	ASSERT_EQ_STR(err, "t.ini:6: line contains a NUL byte");
}

TEST(byte_order_mark_is_accepted)
{
	char err[600] = "";

	ASSERT_EQ_INT(parse("\xEF\xBB\xBF" BASE, err, sizeof(err)), 0);
	ASSERT_EQ_STR(cfg.name, "X");
	ASSERT_EQ_INT(cfg.n_services, 1);
	expect_error("\xEF\xBB\xBF" "[office]\nname = X\n[service A1]\nprefix = a\n", 4,
		     "prefix must be one capital letter", "line numbers after a BOM");
	expect_error("[office]\n\xEF\xBB\xBFname = X\n[service A1]\nprefix = A\n", 2,
		     "unknown key", "BOM not at the start");
}

TEST(presented_token_must_match_whole)
{
	char text[600], token[128], tail[901], header[1200], err[600] = "";
	antre_who_t who;

	/* 127 characters: the old 128-byte buffer held just that much of a presented token. */
	fill(token, 'p', 127);
	fill(tail, 'p', 900);
	snprintf(text, sizeof(text), BASE "[kiosk k]\ntoken = %s\n", token);
	ASSERT_EQ_INT(parse(text, err, sizeof(err)), 0);
	snprintf(header, sizeof(header), "Bearer %s", token);
	who = antre_auth_identify(&cfg, header);
	ASSERT_EQ_INT(who.role, ANTRE_ROLE_KIOSK);
	snprintf(header, sizeof(header), "Bearer %sX", token);
	ASSERT_EQ_INT(antre_auth_identify(&cfg, header).role, ANTRE_ROLE_NONE);
	snprintf(header, sizeof(header), "Bearer %s%s", token, tail);
	ASSERT_EQ_INT(antre_auth_identify(&cfg, header).role, ANTRE_ROLE_NONE);
	snprintf(header, sizeof(header), "Bearer %.126s", token);
	ASSERT_EQ_INT(antre_auth_identify(&cfg, header).role, ANTRE_ROLE_NONE);
	ASSERT_EQ_INT(antre_auth_identify(&cfg, "Bearer ").role, ANTRE_ROLE_NONE);
	ASSERT_EQ_INT(antre_auth_identify(&cfg, NULL).role, ANTRE_ROLE_NONE);
}

TEST(missing_file)
{
	char err[600] = "";
	ASSERT_EQ_INT(antre_config_load("/nonexistent/antre.ini", &cfg, err, sizeof(err)), -1);
	ASSERT_CONTAINS(err, "/nonexistent/antre.ini:0: cannot open");
}

/* [service] hours: one or more HH:MM-HH:MM ranges, in order, not overlapping; quota a
 * whole number of tickets a day (issue 13). */
TEST(service_hours_and_quota)
{
	char err[600] = "";

	ASSERT_EQ_INT(parse(BASE "hours = 08:00-12:00, 13:00-15:30\nquota = 120\n", err,
			    sizeof(err)), 0);
	ASSERT_EQ_INT(cfg.services[0].n_hours, 2);
	ASSERT_EQ_INT(cfg.services[0].hours[0].from_min, 8 * 60);
	ASSERT_EQ_INT(cfg.services[0].hours[0].to_min, 12 * 60);
	ASSERT_EQ_INT(cfg.services[0].hours[1].from_min, 13 * 60);
	ASSERT_EQ_INT(cfg.services[0].hours[1].to_min, 15 * 60 + 30);
	ASSERT_EQ_INT(cfg.services[0].quota, 120);
	ASSERT_EQ_INT(parse(BASE, err, sizeof(err)), 0);
	ASSERT_EQ_INT(cfg.services[0].n_hours, 0);   /* no hours: open all day */
	ASSERT_EQ_INT(cfg.services[0].quota, 0);     /* no quota */
	ASSERT_EQ_INT(parse(BASE "hours = 07:30-24:00\n", err, sizeof(err)), 0);
	ASSERT_EQ_INT(cfg.services[0].hours[0].to_min, 24 * 60);
	expect_error(BASE "hours = 08:00\n", 6, "hours: '08:00' is not a range", "one time");
	expect_error(BASE "hours = 8-15\n", 6, "hours: '8-15' is not a range", "no minutes");
	expect_error(BASE "hours = 08:00-25:00\n", 6, "is not a range", "bad hour");
	expect_error(BASE "hours = 15:00-08:00\n", 6, "15:00-08:00 ends before it starts",
		     "backwards");
	expect_error(BASE "hours = 08:00-08:00\n", 6, "ends before it starts", "empty range");
	expect_error(BASE "hours = 08:00-12:00, 11:00-13:00\n", 6,
		     "11:00-13:00 overlaps 08:00-12:00", "overlap");
	expect_error(BASE "hours = 13:00-15:00, 08:00-12:00\n", 6,
		     "08:00-12:00 comes before 13:00-15:00", "out of order");
	expect_error(BASE "hours = 08:00-12:00,\n", 6, "is not a range", "trailing comma");
	expect_error(BASE "hours = 01:00-02:00, 02:00-03:00, 03:00-04:00, 04:00-05:00, "
		     "05:00-06:00, 06:00-07:00, 07:00-08:00, 08:00-09:00, 09:00-10:00\n", 6,
		     "at most 8 ranges", "too many");
	expect_error(BASE "quota = 0\n", 6, "quota must be a whole number from 1 to", "zero");
	expect_error(BASE "quota = lots\n", 6, "quota must be a whole number", "word");
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(shipped_ltsa_ini),
		TEST_CASE(defaults_and_paths),
		TEST_CASE(bad_inputs_name_their_line),
		TEST_CASE(numbers_are_checked_whole),
		TEST_CASE(sections_come_from_the_table),
		TEST_CASE(missing_file),
		TEST_CASE(export_section),
		TEST_CASE(shipped_fixtures),
		TEST_CASE(line_at_the_limit_is_kept_whole),
		TEST_CASE(inline_tokens_are_checked),
		TEST_CASE(shared_inline_tokens_are_refused),
		TEST_CASE(token_files_are_checked),
		TEST_CASE(shared_token_files_are_refused),
		TEST_CASE(text_must_be_valid_utf8),
		TEST_CASE(nul_byte_is_refused),
		TEST_CASE(byte_order_mark_is_accepted),
		TEST_CASE(presented_token_must_match_whole),
		TEST_CASE(service_hours_and_quota),
		{ NULL, NULL },
	};
	int rc = test_main(argc, argv, cases);
	remove_tmp();
	return rc;
}
