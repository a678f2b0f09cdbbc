/* antred as a process: the shipped config, /healthz and /api/v1/state, SIGTERM,
 * restart on the same port after kill -9, and a bad config refused before start. */
#include <jansson.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"
#include "test.h"

#define LTSA ANTRE_SOURCE_DIR "/config/ltsa.ini"

/* METHOD d's path: the status, the body in *body (caller frees). */
static int at(const antred_t *d, const char *method, const char *path, char **body)
{
	char url[160];
	snprintf(url, sizeof(url), "%s%s", d->url, path);
	return http(method, url, NULL, NULL, body);
}

TEST(serves_state_of_the_shipped_office)
{
	char dir[64], db[128], *body = NULL;
	antred_t d;
	json_t *state;
	json_error_t jerr;
	int status;

	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	ASSERT_EQ_INT(antred_start(&d, dir, LTSA, db, NULL), 0);
	ASSERT_EQ_INT(at(&d, "GET", "/healthz", &body), 200);
	ASSERT_EQ_STR(body, "ok\n");
	free(body);

	ASSERT_EQ_INT(at(&d, "GET", "/api/v1/state", &body), 200);
	state = json_loads(body, 0, &jerr);
	free(body);
	ASSERT_TRUE(state != NULL);
	ASSERT_EQ_INT(json_array_size(json_object_get(state, "services")), 8);
	ASSERT_EQ_INT(json_array_size(json_object_get(state, "counters")), 10);
	ASSERT_EQ_STR(json_string_value(json_object_get(
			      json_array_get(json_object_get(state, "services"), 0), "id")),
		      "DISNAKER");
	ASSERT_EQ_STR(json_string_value(json_object_get(
			      json_array_get(json_object_get(state, "counters"), 3), "state")),
		      "closed");
	ASSERT_TRUE(json_is_integer(json_object_get(state, "seq")));
	ASSERT_EQ_INT(strlen(json_string_value(json_object_get(state, "day"))), 10);
	json_decref(state);

	ASSERT_EQ_INT(at(&d, "GET", "/api/v1/nothing", &body), 404);
	ASSERT_CONTAINS(body, "\"error\":\"not_found\"");
	free(body);
	ASSERT_EQ_INT(at(&d, "DELETE", "/api/v1/state", &body), 405);
	free(body);

	status = antred_stop(&d, SIGTERM);
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	test_rmdir(dir);
}

TEST(restarts_on_the_same_port_after_kill_9)
{
	char dir[64], db[128], listen[64], *body = NULL;
	antred_t d;
	int port;

	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	ASSERT_EQ_INT(antred_start(&d, dir, LTSA, db, NULL), 0);
	port = d.port;
	ASSERT_EQ_INT(at(&d, "GET", "/api/v1/state", &body), 200);   /* a connection existed */
	free(body);
	antred_stop(&d, SIGKILL);
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
	ASSERT_EQ_INT(antred_start(&d, dir, LTSA, db, listen), 0);
	ASSERT_EQ_INT(d.port, port);
	ASSERT_EQ_INT(at(&d, "GET", "/api/v1/state", &body), 200);
	free(body);
	antred_stop(&d, SIGTERM);
	test_rmdir(dir);
}

TEST(bad_config_is_refused_before_start)
{
	char dir[64], path[128], db[128];
	antred_t d;
	FILE *f;
	char log[4096] = "";
	size_t n;

	test_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/bad.ini", dir);
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	f = fopen(path, "w");
	fputs("[office]\nname = X\n[service A]\nprefix = A\n[counter 1]\nservices = B\n", f);
	fclose(f);
	ASSERT_EQ_INT(antred_start(&d, dir, path, db, NULL), -1);
	f = fopen(d.log, "r");
	ASSERT_TRUE(f != NULL);
	n = fread(log, 1, sizeof(log) - 1, f);
	log[n] = '\0';
	fclose(f);
	ASSERT_CONTAINS(log, "bad.ini:6: counter 1 names 'B', which is not a [service]");
	ASSERT_TRUE(access(db, F_OK) != 0);   /* nothing was started or created */
	test_rmdir(dir);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(serves_state_of_the_shipped_office),
		TEST_CASE(restarts_on_the_same_port_after_kill_9),
		TEST_CASE(bad_config_is_refused_before_start),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
