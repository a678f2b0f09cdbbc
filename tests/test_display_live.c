/* antre-display against a real antred: calls made through the API are shown and
 * announced (SDL's disk audio driver captures real samples), the last picture stays up
 * with the offline mark while antred is down, and after antred is killed and restarted
 * between calls every call is shown once and announced once. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "test.h"

#define OFFICE ANTRE_SOURCE_DIR "/tests/fixtures/office.ini"
#define KIOSK "kiosk-test-token-0000"
#define COUNTER1 "counter-1-test-token"
#define ADMIN "admin-test-token-0000"

static char dir[128], db[192], log_path[256], audio[256], png[256];
static antred_t d;
static pid_t display;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (f == NULL)
		return calloc(1, 1);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		buf[0] = '\0';
	fclose(f);
	return buf;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Wait (≤ 20 s) until the display's log holds needle `times` times. */
static int wait_log(const char *needle, int times)
{
	for (int i = 0; i < 400; i++) {
		char *text = slurp(log_path);
		int n = count(text, needle);
		free(text);
		if (n >= times)
			return 0;
		usleep(50 * 1000);
	}
	fprintf(stderr, "  the display never logged \"%s\" %d times\n", needle, times);
	return -1;
}

/* A failed assert ends the test with the display still running: stop it, or ctest
 * waits for the output it holds open until its timeout. */
static void stop_display(void)
{
	if (display > 0 && waitpid(display, NULL, WNOHANG) == 0) {
		kill(display, SIGKILL);
		waitpid(display, NULL, 0);
	}
}

/* ... and antred, which would hold ctest's pipe open as long. */
static void stop_antred(void)
{
	antred_stop(&d, SIGKILL);
}

static void start_display(void)
{
	atexit(stop_display);
	atexit(stop_antred);
	display = fork();
	if (display == 0) {
		int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		setenv("SDL_VIDEODRIVER", "dummy", 1);
		setenv("SDL_AUDIODRIVER", "disk", 1);
		setenv("SDL_DISKAUDIOFILE", audio, 1);
		setenv("SDL_DISKAUDIODELAY", "1", 1);   /* ~40x real time, still paced */
		execl(ANTRE_BINARY_DIR "/display/antre-display", "antre-display", "--server", d.url,
		      "--size", "1280x720", "--snapshot", png, (char *)NULL);
		_exit(127);
	}
}

static int post(const char *path, const char *token, const char *body)
{
	char url[256], *resp = NULL;
	int status;
	snprintf(url, sizeof(url), "%s%s", d.url, path);
	status = http("POST", url, token, body, &resp);
	free(resp);
	return status;
}

/* The number a call-next at counter 1 gives. */
static void call_next(char *number, size_t cap)
{
	char url[256], *resp = NULL, *p;
	snprintf(url, sizeof(url), "%s/api/v1/counters/1/call-next", d.url);
	ASSERT_EQ_INT(http("POST", url, COUNTER1, "{}", &resp), 200);
	p = strstr(resp, "\"number\":\"");
	ASSERT_TRUE(p != NULL);
	snprintf(number, cap, "%.*s", (int)strcspn(p + 10, "\""), p + 10);
	free(resp);
}

/* What tesseract reads in the picture's box (pixels) scaled by zoom % and then put
 * through the convert options filter ("" for none), O read as 0. */
static char *ocr_with(const char *path, int x, int y, int w, int h, int zoom, const char *filter)
{
	char cmd[2048], *text;
	snprintf(cmd, sizeof(cmd),
		 "convert '%s' -crop %dx%d+%d+%d +repage -resize %d%% %s '%s/crop.png' && "
		 "tesseract '%s/crop.png' '%s/ocr' >/dev/null 2>&1 && tr O 0 < '%s/ocr.txt' > '%s/ocr0.txt'",
		 path, w, h, x, y, zoom, filter, dir, dir, dir, dir, dir);
	if (system(cmd) != 0)
		return calloc(1, 1);
	snprintf(cmd, sizeof(cmd), "%s/ocr0.txt", dir);
	text = slurp(cmd);
	return text;
}

static char *ocr(const char *path, int x, int y, int w, int h, int zoom)
{
	return ocr_with(path, x, y, w, h, zoom, "");
}

/* The now-calling number reads as number. The tile may be in either phase of its flash
 * (yellow on blue, or ink on yellow), which tesseract reads differently: the picture is
 * read as it is and as black on white, at two zooms, and any reading will do. */
static void assert_reads_number(const char *path, const int box[4], int zoom, const char *number)
{
	static const char *const filters[] = {
		"", "-colorspace Gray -threshold 60% -negate -bordercolor white -border 20",
	};
	char seen[512] = "";
	for (int z = 0; z < 2; z++) {
		for (size_t f = 0; f < sizeof(filters) / sizeof(filters[0]); f++) {
			char *text = ocr_with(path, box[0], box[1], box[2], box[3],
					      z ? zoom * 4 / 3 : zoom, filters[f]);
			int found = strstr(text, number) != NULL;
			size_t used = strlen(seen);
			snprintf(seen + used, sizeof(seen) - used, " \"%.*s\"",
				 (int)strcspn(text, "\n"), text);
			free(text);
			if (found)
				return;
		}
	}
	TEST_FAIL_("the now-calling box does not read %s: read%s", number, seen);
}

/* The wall's number box and offline mark at 1280x720, from the display's own layout
 * (--dump-layout), so the crops follow the layout; and the zoom that brings the
 * number's cap height to ~50 px, the size tesseract reads best. */
static void parse_rect(const char *line, const char *key, int box[4])
{
	const char *at = strstr(line, key);
	char *end;
	if (at == NULL)
		return;
	at += strlen(key);
	for (int i = 0; i < 4; i++) {
		box[i] = (int)strtol(at, &end, 10);
		at = end + strspn(end, ", ");
	}
}

static void now_number_box(int box[4], int offline[4], int *zoom)
{
	char cmd[512], line[256];
	FILE *p;
	int cap = 0;
	snprintf(cmd, sizeof(cmd), ANTRE_BINARY_DIR "/display/antre-display --server %s "
		 "--size 1280x720 --dump-layout", d.url);
	p = popen(cmd, "r");
	ASSERT_TRUE(p != NULL);
	box[2] = 0;
	while (fgets(line, sizeof(line), p)) {
		const char *c = strstr(line, "\"now_cap_px\": ");
		if (c)
			cap = (int)strtol(c + strlen("\"now_cap_px\": "), NULL, 10);
		parse_rect(line, "\"now_number\": [", box);
		parse_rect(line, "\"offline\": [", offline);
	}
	pclose(p);
	ASSERT_TRUE(box[2] > 0 && offline[2] > 0 && cap > 0);
	*zoom = 5000 / cap;
}

/* Lines saying number was shown as a call (not as a recall). */
static int shown_as_call(const char *text, const char *number)
{
	char needle[96];
	int n = 0;
	snprintf(needle, sizeof(needle), "shown %s at ", number);
	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n += strncmp(p + strcspn(p, ")") - 8, ", recall", 8) != 0;
	return n;
}

/* Restart antred on the port it had, so the display's reconnects find it; a port that
 * something else took meanwhile is tried again a few times before the test fails. */
static void restart(void)
{
	char listen[400];
	int rc = -1;
	snprintf(listen, sizeof(listen), "%s", d.url + strlen("http://"));
	for (int try = 0; try < 5 && rc != 0; try++) {
		struct timespec pause_ts = { 0, 200 * 1000000L };
		if (try > 0)
			nanosleep(&pause_ts, NULL);
		rc = antred_start(&d, dir, OFFICE, db, listen);
	}
	ASSERT_EQ_INT(rc, 0);
}

/* From the display's log: each call on the glass once, and said once with its seq. */
static void each_call_shown_and_said_once(char number[4][16])
{
	char *text = slurp(log_path), needle[96];

	fprintf(stderr, "%s", text);   /* the display's own account, for a failure's reader */
	for (int i = 0; i < 4; i++) {
		const char *p;
		char said[96], *end;
		long long seq;
		snprintf(needle, sizeof(needle), "shown %s at Loket 1 (seq ", number[i]);
		p = strstr(text, needle);
		if (p == NULL)
			break;
		seq = strtoll(p + strlen(needle), &end, 10);
		if (shown_as_call(text, number[i]) != 1 || end == p + strlen(needle))
			break;
		snprintf(said, sizeof(said), "announced %s at Loket 1 (seq %lld,", number[i], seq);
		if (count(text, said) != 1)
			break;
		needle[0] = '\0';
	}
	free(text);
	if (needle[0])
		TEST_FAIL_("not shown once or not said once: \"%s\"", needle);
}

/* Real speech went to the sound card: four announcements' worth, not silence. */
static void speech_reached_the_sound_card(void)
{
	struct stat st;
	char *raw;
	const short *s;
	int peak = 0;

	ASSERT_EQ_INT(stat(audio, &st), 0);
	raw = slurp(audio);
	s = (const short *)raw;
	for (off_t i = 0; i < st.st_size / 2; i++)
		peak = abs(s[i]) > peak ? abs(s[i]) : peak;
	fprintf(stderr, "  %.1f s of audio captured, peak %d\n", (double)st.st_size / 2 / 22050,
		peak);
	free(raw);
	ASSERT_TRUE(st.st_size > (off_t)22050 * 2 * 4);
	ASSERT_TRUE(peak > 3000);
}

TEST(calls_are_shown_and_announced_once_across_antred_restarts)
{
	char number[4][16], *text, needle[96];
	int status, now[4], offline[4] = { 0, 0, 0, 0 }, zoom;

	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(log_path, sizeof(log_path), "%s/display.log", dir);
	snprintf(audio, sizeof(audio), "%s/audio.raw", dir);
	snprintf(png, sizeof(png), "%s/display.png", dir);
	if (system("command -v tesseract >/dev/null && command -v convert >/dev/null") != 0) {
		fprintf(stderr, "  skipped: tesseract-ocr or imagemagick missing\n");
		exit(77);
	}
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	now_number_box(now, offline, &zoom);
	start_display();
	ASSERT_EQ_INT(wait_log("antre-display: online", 1), 0);
	ASSERT_EQ_INT(post("/api/v1/counters/1/open", COUNTER1, "{}"), 200);
	for (int i = 0; i < 4; i++)
		ASSERT_EQ_INT(post("/api/v1/tickets", KIOSK, "{\"service\":\"DISNAKER\"}"), 201);

	/* the first call: on the glass, then spoken */
	call_next(number[0], sizeof(number[0]));
	snprintf(needle, sizeof(needle), "shown %s at Loket 1", number[0]);
	ASSERT_EQ_INT(wait_log(needle, 1), 0);
	snprintf(needle, sizeof(needle), "announced %s at Loket 1", number[0]);
	ASSERT_EQ_INT(wait_log(needle, 1), 0);

	/* antred dies: the display says offline and keeps the last picture */
	antred_stop(&d, SIGKILL);
	ASSERT_EQ_INT(wait_log("antre-display: offline", 1), 0);
	kill(display, SIGUSR1);
	ASSERT_EQ_INT(wait_log("antre-display: snapshot", 1), 0);
	assert_reads_number(png, now, zoom, number[0]);
	text = ocr(png, offline[0], offline[1], offline[2], offline[3], 300);  /* the mark */
	fprintf(stderr, "  while offline the header reads: %.*s\n", (int)strcspn(text, "\n"), text);
	ASSERT_CONTAINS(text, "Terputus");
	free(text);

	/* restarted on the same port: a call made at once, and two more across another kill */
	restart();
	call_next(number[1], sizeof(number[1]));
	ASSERT_EQ_INT(post("/api/v1/counters/1/recall", COUNTER1, "{}"), 200);
	ASSERT_EQ_INT(post("/api/v1/counters/1/finish", COUNTER1, "{}"), 200);
	call_next(number[2], sizeof(number[2]));
	antred_stop(&d, SIGKILL);
	restart();
	ASSERT_EQ_INT(post("/api/v1/counters/1/no-show", COUNTER1, "{}"), 200);
	call_next(number[3], sizeof(number[3]));
	snprintf(needle, sizeof(needle), "announced %s at Loket 1", number[3]);
	ASSERT_EQ_INT(wait_log(needle, 1), 0);

	kill(display, SIGTERM);
	waitpid(display, &status, 0);
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	each_call_shown_and_said_once(number);
	speech_reached_the_sound_card();
	assert_reads_number(png, now, zoom, number[3]);
	antred_stop(&d, SIGTERM);
	test_rmdir(dir);
}

/* The first banner's box at 1280x720 from --dump-layout, and how many banners it
 * counts (-1 when it says nothing). */
static int banner_box(int box[4])
{
	char cmd[512], line[512];
	FILE *p;
	int n = -1;
	snprintf(cmd, sizeof(cmd), ANTRE_BINARY_DIR "/display/antre-display --server %s "
		 "--size 1280x720 --dump-layout", d.url);
	p = popen(cmd, "r");
	if (p == NULL)
		return -1;
	box[2] = 0;
	while (fgets(line, sizeof(line), p)) {
		const char *c = strstr(line, "\"banners\": ");
		if (c)
			n = (int)strtol(c + strlen("\"banners\": "), NULL, 10);
		parse_rect(line, "\"banner0\": [", box);
	}
	pclose(p);
	return n;
}

/* What the running display shows in box now (a snapshot by SIGUSR1), read by OCR,
 * its lines joined. */
static char *glass_reads(const int box[4], int *snapshots)
{
	char *text;
	kill(display, SIGUSR1);
	if (wait_log("antre-display: snapshot", ++*snapshots) != 0)
		return calloc(1, 1);
	text = ocr_with(png, box[0], box[1], box[2], box[3], 200, "");
	for (char *c = text; *c; c++)
		if (*c == '\n')
			*c = ' ';
	return text;
}

/* POST /api/v1/services/IMIGRASI/status limited, then closed, then open: the running
 * wall shows the banner at once (its log and its picture), changes it, and takes it
 * away; the layout antre-display dumps agrees. */
TEST(a_service_status_puts_a_banner_up_and_takes_it_down)
{
	int box[4] = { 0, 0, 0, 0 }, snapshots = 0;
	char *text;

	test_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/antre.db", dir);
	snprintf(log_path, sizeof(log_path), "%s/display.log", dir);
	snprintf(audio, sizeof(audio), "%s/audio.raw", dir);
	snprintf(png, sizeof(png), "%s/display.png", dir);
	if (system("command -v tesseract >/dev/null && command -v convert >/dev/null") != 0) {
		fprintf(stderr, "  skipped: tesseract-ocr or imagemagick missing\n");
		exit(77);
	}
	ASSERT_EQ_INT(antred_start(&d, dir, OFFICE, db, NULL), 0);
	ASSERT_EQ_INT(banner_box(box), 0);
	start_display();
	ASSERT_EQ_INT(wait_log("antre-display: online", 1), 0);

	ASSERT_EQ_INT(post("/api/v1/services/IMIGRASI/status", ADMIN, "{\"status\":\"limited\"}"), 200);
	ASSERT_EQ_INT(wait_log("antre-display: banners IMIGRASI limited\n", 1), 0);
	ASSERT_EQ_INT(banner_box(box), 1);
	text = glass_reads(box, &snapshots);
	fprintf(stderr, "  limited: the banner reads \"%s\"\n", text);
	ASSERT_CONTAINS(text, "Sistem pusat gangguan");
	ASSERT_CONTAINS(text, "Immigration");
	free(text);

	ASSERT_EQ_INT(post("/api/v1/services/IMIGRASI/status", ADMIN,
			   "{\"status\":\"closed\",\"reason\":\"SIMKIM mati\"}"), 200);
	ASSERT_EQ_INT(wait_log("antre-display: banners IMIGRASI closed\n", 1), 0);
	text = glass_reads(box, &snapshots);
	fprintf(stderr, "  closed: the banner reads \"%s\"\n", text);
	ASSERT_CONTAINS(text, "ditutup");
	ASSERT_CONTAINS(text, "SIMKIM");
	free(text);

	ASSERT_EQ_INT(post("/api/v1/services/IMIGRASI/status", ADMIN, "{\"status\":\"open\"}"), 200);
	ASSERT_EQ_INT(wait_log("antre-display: banners none\n", 1), 0);
	{
		int none[4];
		ASSERT_EQ_INT(banner_box(none), 0);
	}
	text = glass_reads(box, &snapshots);
	fprintf(stderr, "  open: where the banner was reads \"%s\"\n", text);
	ASSERT_TRUE(strstr(text, "gangguan") == NULL && strstr(text, "ditutup") == NULL);
	free(text);

	stop_display();
	antred_stop(&d, SIGTERM);
	test_rmdir(dir);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(calls_are_shown_and_announced_once_across_antred_restarts),
		TEST_CASE(a_service_status_puts_a_banner_up_and_takes_it_down),
		{ NULL, NULL },
	};
	signal(SIGPIPE, SIG_IGN);
	return test_main(argc, argv, cases);
}
