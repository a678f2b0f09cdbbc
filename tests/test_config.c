/* Config loader: the shipped ltsa.ini, and one refusal per kind of bad input with the
 * line it names. */
#include "config.h"
#include "test.h"

static antre_config_t cfg;

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
	expect_error(BASE "est_service_s = -5\n", 6, "est_service_s must be a whole number",
		     "negative estimate");
}

TEST(missing_file)
{
	char err[600] = "";
	ASSERT_EQ_INT(antre_config_load("/nonexistent/antre.ini", &cfg, err, sizeof(err)), -1);
	ASSERT_CONTAINS(err, "/nonexistent/antre.ini:0: cannot open");
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(shipped_ltsa_ini),
		TEST_CASE(defaults_and_paths),
		TEST_CASE(bad_inputs_name_their_line),
		TEST_CASE(missing_file),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
