/* The ticket's office text end to end: [office] ticket_footer / ticket_footer_en in the
 * config, published by GET /api/v1/office (real antred), and antre-print --ticket-json
 * naming the office and the service from --config or --server instead of raw ids. */
#define _GNU_SOURCE   /* memmem */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "config.h"
#include "daemon.h"
#include "test.h"

#define CONFIG_TEXT                                                                       \
	"[office]\nname = Kantor Imigrasi Kelas I\nname_en = Immigration Office\n"       \
	"ticket_footer = Biaya paspor sesuai PP 28/2019.\n"                              \
	"ticket_footer_en = Passport fees per PP 28/2019.\n"                             \
	"[server]\nadmin_token = admin-test-token-0000\n"                                 \
	"[service PASPOR]\nprefix = B\nname = Permohonan Paspor\nname_en = Passport "    \
	"Application\n[counter 1]\nservices = PASPOR\n"

static char dir[64];
static antred_t d;   /* static: a failed case leaves it for main to stop */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

TEST(footer_keys_are_read_and_default_to_none)
{
	static const char base[] = "[office]\nname = T\n[service INFO]\nprefix = H\n"
				   "[counter 1]\nservices = INFO\n";
	antre_config_t *cfg = calloc(1, sizeof(*cfg));
	char err[512];

	ASSERT_EQ_INT(antre_config_parse(CONFIG_TEXT, strlen(CONFIG_TEXT), "t.ini", NULL, cfg, err,
					 sizeof(err)), 0);
	ASSERT_EQ_STR(cfg->ticket_footer, "Biaya paspor sesuai PP 28/2019.");
	ASSERT_EQ_STR(cfg->ticket_footer_en, "Passport fees per PP 28/2019.");
	ASSERT_EQ_INT(antre_config_parse(base, strlen(base), "t.ini", NULL, cfg, err, sizeof(err)), 0);
	ASSERT_EQ_STR(cfg->ticket_footer, "");
	ASSERT_EQ_STR(cfg->ticket_footer_en, "");
	/* the shipped config keeps its GRATIS text, now written out */
	ASSERT_EQ_INT(antre_config_load(ANTRE_SOURCE_DIR "/config/ltsa.ini", cfg, err, sizeof(err)), 0);
	ASSERT_CONTAINS(cfg->ticket_footer, "GRATIS");
	ASSERT_CONTAINS(cfg->ticket_footer_en, "FREE");
	free(cfg);
}

/* Run antre-print with args; its exit status, stderr in errbuf. */
static int run_print(const char *args, char *errbuf, size_t cap)
{
	char cmd[1024], errpath[128];
	FILE *f;
	size_t n = 0;
	int status;

	snprintf(errpath, sizeof(errpath), "%s/stderr.txt", dir);
	snprintf(cmd, sizeof(cmd), ANTRE_BINARY_DIR "/printer/antre-print %s >/dev/null 2>%s", args,
		 errpath);
	status = system(cmd);
	errbuf[0] = '\0';
	f = fopen(errpath, "r");
	if (f) {
		n = fread(errbuf, 1, cap - 1, f);
		fclose(f);
	}
	errbuf[n] = '\0';
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The ESC/POS bytes a file: printer got; malloc'd, NUL-terminated (length in *n). */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)len + 1);
	*n = fread(buf, 1, (size_t)len, f);
	fclose(f);
	return buf;
}

static int printed_has(const char *path, const char *what)
{
	size_t n = 0;
	char *b = slurp(path, &n);
	int found = b && memmem(b, n, what, strlen(what)) != NULL;
	free(b);
	return found;
}

TEST(office_json_and_antre_print_names)
{
	char cfg_path[128], db[128], ticket_path[128], out[128], args[900], errbuf[2048];
	char *body = NULL;
	json_t *office;

	test_tmpdir(dir, sizeof(dir));
	snprintf(cfg_path, sizeof(cfg_path), "%s/office.ini", dir);
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(ticket_path, sizeof(ticket_path), "%s/ticket.json", dir);
	write_file(cfg_path, CONFIG_TEXT);
	write_file(ticket_path, "{\"id\":\"9f3c\",\"number\":\"B001\",\"service\":\"PASPOR\","
				"\"ahead\":0,\"est_wait_s\":0,\"open_counters\":1}");
	ASSERT_EQ_INT(antred_start(&d, dir, cfg_path, db, NULL), 0);

	{
		char url[128];
		snprintf(url, sizeof(url), "%s/api/v1/office", d.url);
		ASSERT_EQ_INT(http("GET", url, NULL, NULL, &body), 200);
	}
	office = json_loads(body, 0, NULL);
	free(body);
	ASSERT_TRUE(office != NULL);
	ASSERT_EQ_STR(json_string_value(json_object_get(office, "ticket_footer")),
		      "Biaya paspor sesuai PP 28/2019.");
	ASSERT_EQ_STR(json_string_value(json_object_get(office, "ticket_footer_en")),
		      "Passport fees per PP 28/2019.");
	json_decref(office);

	/* --config: names from the ini */
	snprintf(out, sizeof(out), "%s/config.bin", dir);
	snprintf(args, sizeof(args), "--ticket-json %s --config %s --printer file:%s --width 58",
		 ticket_path, cfg_path, out);
	ASSERT_EQ_INT(run_print(args, errbuf, sizeof(errbuf)), 0);
	ASSERT_TRUE(printed_has(out, "Permohonan Paspor"));
	ASSERT_TRUE(printed_has(out, "Passport Application"));
	ASSERT_TRUE(printed_has(out, "Kantor Imigrasi Kelas I"));
	ASSERT_TRUE(printed_has(out, "Biaya paspor sesuai PP 28/2019."));
	ASSERT_TRUE(!printed_has(out, "GRATIS"));

	/* --server: names from GET /api/v1/office */
	snprintf(out, sizeof(out), "%s/server.bin", dir);
	snprintf(args, sizeof(args), "--ticket-json %s --server %s --printer file:%s", ticket_path,
		 d.url, out);
	ASSERT_EQ_INT(run_print(args, errbuf, sizeof(errbuf)), 0);
	ASSERT_TRUE(printed_has(out, "Permohonan Paspor"));
	ASSERT_TRUE(printed_has(out, "Kantor Imigrasi Kelas I"));

	/* neither: the ids, and a word on stderr */
	snprintf(out, sizeof(out), "%s/bare.bin", dir);
	snprintf(args, sizeof(args), "--ticket-json %s --printer file:%s", ticket_path, out);
	ASSERT_EQ_INT(run_print(args, errbuf, sizeof(errbuf)), 0);
	ASSERT_CONTAINS(errbuf, "names are unknown");
	ASSERT_TRUE(printed_has(out, "PASPOR"));

	/* a server that is not there: said, exit 1 */
	snprintf(args, sizeof(args), "--ticket-json %s --server http://127.0.0.1:1 --printer "
		 "file:%s", ticket_path, out);
	ASSERT_EQ_INT(run_print(args, errbuf, sizeof(errbuf)), 1);
	ASSERT_CONTAINS(errbuf, "http://127.0.0.1:1");

	antred_stop(&d, 15);
	test_rmdir(dir);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(footer_keys_are_read_and_default_to_none),
		TEST_CASE(office_json_and_antre_print_names),
		{ NULL, NULL },
	};
	int rc = test_main(argc, argv, cases);
	if (d.pid > 0) {
		antred_stop(&d, 15);
		test_rmdir(dir);
	}
	return rc;
}
