/* SIGHUP under load (issue 11): a reload copies the office's texts and tokens into the
 * running config while requests read them. Two threads read the office's name and
 * marquee as fast as they can while the main thread flips both between a text of one
 * letter and a text of another, 400 times, each reload seen through the API before
 * the next. Every answer must carry one whole text (never the front of the new one
 * with the back of the old), and no reload may hang antred (the lock it takes is
 * waited on by every request). */
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "test.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define FLIPS 400
#define NAME_LEN 180      /* a line of it stays below ANTRE_TEXT_MAX */
#define MARQUEE_LINES 5   /* of NAME_LEN letters, joined by a space: below ANTRE_LONG_TEXT_MAX */
#define MARQUEE_LEN (MARQUEE_LINES * (NAME_LEN + 1) - 1)

static antred_t d;
static char dir[64], db[128], config[128];
static atomic_int done;   /* the readers' stop flag (shared: atomic, not volatile) */

typedef struct {
	long answers, torn;
	char example[160];
} reader_t;

/* The fixture with [office] name and marquee made of letter only. */
static void write_config(char letter)
{
	char tmp[160], line[4096], name[NAME_LEN + 1];
	FILE *in = fopen(OFFICE, "r"), *out;
	int skipping = 0;

	snprintf(tmp, sizeof(tmp), "%s.new", config);
	out = fopen(tmp, "w");
	ASSERT_TRUE(in != NULL && out != NULL);
	memset(name, letter, NAME_LEN);
	name[NAME_LEN] = '\0';
	while (fgets(line, sizeof(line), in)) {
		if (skipping && (line[0] == ' ' || line[0] == '\t'))
			continue;   /* the marquee's continuation lines */
		skipping = 0;
		if (strncmp(line, "name =", 6) == 0 && strstr(line, "LTSA")) {
			fprintf(out, "name = %s\n", name);
		} else if (strncmp(line, "marquee =", 9) == 0) {
			fprintf(out, "marquee = %s\n", name);
			for (int k = 1; k < MARQUEE_LINES; k++)
				fprintf(out, "  %s\n", name);
			skipping = 1;
		} else {
			fputs(line, out);
		}
	}
	fclose(in);
	fclose(out);
	ASSERT_EQ_INT(rename(tmp, config), 0);
}

/* 1 when text is n characters of one letter (and the spaces that join lines); *letter
 * gets it. */
static int whole(const char *text, size_t n, char *letter)
{
	if (text == NULL || strlen(text) != n)
		return 0;
	for (size_t i = 1; i < n; i++)
		if (text[i] != text[0] && text[i] != ' ')
			return 0;
	*letter = text[0];
	return 1;
}

static void *reader(void *arg)
{
	reader_t *r = arg;
	char url[128];
	snprintf(url, sizeof(url), "%s/api/v1/office", d.url);
	while (!atomic_load(&done)) {
		char *body = NULL, a = 0, b = 0;
		json_t *o = NULL;
		if (http("GET", url, NULL, NULL, &body) == 200)
			o = json_loads(body, 0, NULL);
		if (o) {
			const char *name = json_string_value(json_object_get(o, "name"));
			const char *marquee = json_string_value(json_object_get(o, "marquee"));
			r->answers++;
			if (!whole(name, NAME_LEN, &a) || !whole(marquee, MARQUEE_LEN, &b) || a != b) {
				if (r->torn++ == 0)
					snprintf(r->example, sizeof(r->example), "name %.40s… marquee "
						 "%.40s…", name ? name : "(none)",
						 marquee ? marquee : "(none)");
			}
			json_decref(o);
		}
		free(body);
	}
	return NULL;
}

/* The office's name starts with letter (bounded wait: a hung reload fails here). */
static int reloaded_to(char letter)
{
	char url[128];
	snprintf(url, sizeof(url), "%s/api/v1/office", d.url);
	for (int i = 0; i < 2000; i++) {
		char *body = NULL;
		int ok = http("GET", url, NULL, NULL, &body) == 200 && body &&
			 strstr(body, "\"name\":\"") &&
			 strstr(body, "\"name\":\"")[8] == letter;
		free(body);
		if (ok)
			return 1;
		usleep(5000);
	}
	return 0;
}

static void reloads_under_load_never_show_a_torn_text(void)
{
	pthread_t t[2];
	reader_t r[2];
	int flips = 0;

	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(config, sizeof(config), "%s/office.ini", dir);
	write_config('A');
	ASSERT_EQ_INT(antred_start(&d, dir, config, db, NULL), 0);
	ASSERT_TRUE(reloaded_to('A'));
	memset(r, 0, sizeof(r));
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, reader, &r[i]);
	for (; flips < FLIPS; flips++) {
		char letter = flips % 2 ? 'A' : 'B';
		write_config(letter);
		kill(d.pid, SIGHUP);
		if (!reloaded_to(letter))
			break;
	}
	atomic_store(&done, 1);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("%d reloads, %ld answers read during them, %ld torn\n", flips,
	       r[0].answers + r[1].answers, r[0].torn + r[1].torn);
	ASSERT_EQ_INT(flips, FLIPS);
	if (r[0].torn + r[1].torn)
		TEST_FAIL_("torn texts, e.g. %s", r[0].torn ? r[0].example : r[1].example);
	ASSERT_EQ_INT(antred_stop(&d, SIGTERM), 0);
	test_rmdir(dir);
}

static void kill_left_over(void)
{
	if (d.pid > 0)
		antred_stop(&d, SIGKILL);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(reloads_under_load_never_show_a_torn_text),
		{ NULL, NULL },
	};
	atexit(kill_left_over);
	return test_main(argc, argv, cases);
}
