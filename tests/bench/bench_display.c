/* antre-bench-display: how fast a call reaches the wall, and what an idle wall costs.
 *   antre-bench-display --dir DIR [--steady N] [--voice-only]
 * Real antred (test office), antre-display on the SDL dummy video driver with audio on
 * (dummy audio driver). For 100 calls: from the moment the counter's call-next HTTP
 * answer is in hand to the moment the display has presented the frame showing that
 * number (the display stamps CLOCK_MONOTONIC right after SDL_RenderPresent, with
 * --trace-frames, the test seam of firmware/ui/ui_app.h). Then a static board: CPU over 10 s and resident memory.
 * Then the voice (tests/fixtures/hall30.ini: its [display] has the English repeat, its
 * counters long names): SDL's disk audio driver plays at real-time pace, and the lag is
 * from the call-next answer to the display's "speaking NUMBER ... at MS ms" log line
 * (CLOCK_MONOTONIC, when that call's words start): 6 calls 2 s apart, 6 at once, and a
 * steady 4 calls a minute (--steady N calls, 8 by default). */
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "client.h"
#include "number.h"

#define CALLS 100
#define HALL ANTRE_SOURCE_DIR "/tests/fixtures/hall30.ini"
#define ADMIN "admin-test-token-0000"
#define VOICE_CALLS 64

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Start antre-display; its stdout (the frame trace) comes back through *out. */
static pid_t start_display(const char *url, const char *dir, FILE **out)
{
	int fds[2];
	pid_t pid;
	char log[512];
	if (pipe(fds) < 0)
		return -1;
	snprintf(log, sizeof(log), "%s/bench-display.log", dir);
	pid = fork();
	if (pid == 0) {
		FILE *f = fopen(log, "w");
		dup2(fds[1], 1);
		if (f)
			dup2(fileno(f), 2);
		close(fds[0]);
		setenv("SDL_VIDEODRIVER", "dummy", 1);
		setenv("SDL_AUDIODRIVER", "dummy", 1);
		execl(ANTRE_BINARY_DIR "/display/antre-display", "antre-display", "--server", url,
		      "--size", "1920x1080", "--trace-frames", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	*out = fdopen(fds[0], "r");
	return pid;
}

/* Wait for the frame that first shows number; returns its timestamp, or -1. The trace
 * (--trace-frames, firmware/ui/ui_app.h) is "frame AT_MS DRAW_MS NUMBER COUNTER …". */
static double frame_of(FILE *trace, const char *number)
{
	char line[512];
	double at, draw_ms;
	while (fgets(line, sizeof(line), trace)) {
		char *shows, *save = NULL;
		if (bench_frame_line(line, &at, &draw_ms, &shows) < 0)
			continue;
		for (char *tok = strtok_r(shows, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
			if (strcmp(tok, number) == 0)
				return at;
	}
	return -1;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	if (f == NULL)
		return calloc(1, 1);
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = (cap ? cap * 2 : 8192);
			buf = realloc(buf, cap);
		}
		size_t got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* antred on the hall's config, its address from the "listening on" line. */
static pid_t start_hall(const char *dir, char *url, size_t cap)
{
	char db[512], log[512];
	pid_t pid;
	snprintf(db, sizeof(db), "%s/bench-voice.db", dir);
	snprintf(log, sizeof(log), "%s/bench-voice-antred.log", dir);
	unlink(db);
	unlink(log);
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		execl(ANTRE_BINARY_DIR "/firmware/antred/antred", "antred", "--config", HALL, "--db",
		      db, "--listen", "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 2000; i++) {
		char *text = slurp(log), *at = strstr(text, "listening on ");
		if (at && strchr(at, '\n')) {
			snprintf(url, cap, "%.*s", (int)strcspn(at + 13, "\n"), at + 13);
			free(text);
			return pid;
		}
		free(text);
		sleep_ms(5);
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	return -1;
}

/* The display with its voice on the disk audio driver (real-time pace). */
static pid_t start_speaking_display(const char *url, const char *dir, const char *log)
{
	char audio[512];
	pid_t pid;
	snprintf(audio, sizeof(audio), "%s/bench-voice.raw", dir);
	unlink(log);
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600), null = open("/dev/null", O_WRONLY);
		dup2(fd, 2);
		dup2(null, 1);
		setenv("SDL_VIDEODRIVER", "dummy", 1);
		setenv("SDL_AUDIODRIVER", "disk", 1);
		setenv("SDL_DISKAUDIOFILE", audio, 1);
		execl(ANTRE_BINARY_DIR "/display/antre-display", "antre-display", "--server", url,
		      "--size", "1280x720", (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* call-next at counter c: the number, and when the answer was in hand. */
static int voice_call(antre_client_t *admin, int c, char *number, size_t cap, double *answered)
{
	char path[96], *resp = NULL;
	const char *p;
	int status;
	snprintf(path, sizeof(path), "/api/v1/counters/%d/call-next", c);
	status = antre_client_request(admin, "POST", path, "{}", &resp);
	*answered = mono_ms();
	p = resp ? strstr(resp, "\"number\":\"") : NULL;
	if (status == 200 && p)
		snprintf(number, cap, "%.*s", (int)strcspn(p + 10, "\""), p + 10);
	free(resp);
	return status == 200 && p ? 0 : -1;
}

/* When the display started saying number (its log's CLOCK_MONOTONIC ms), waiting up to
 * 180 s; -1 if it never did. */
static double words_start(const char *log, const char *number)
{
	char needle[64];
	snprintf(needle, sizeof(needle), "speaking %s at ", number);
	for (int i = 0; i < 1800; i++) {
		char *text = slurp(log), *at = strstr(text, needle), *ms;
		double v = -1;
		ms = at ? strstr(at, ") at ") : NULL;
		if (ms && strchr(ms, '\n'))
			v = strtod(ms + 5, NULL);
		free(text);
		if (v >= 0)
			return v;
		sleep_ms(100);
	}
	return -1;
}

/* n calls gap_ms apart at counters 1..6 in turn; prints the lag's p50 and max. */
static int voice_run(antre_client_t *admin, const char *log, const char *what, int n,
		     long gap_ms)
{
	static int next_counter;
	char number[VOICE_CALLS][32];
	double answered[VOICE_CALLS], lag[VOICE_CALLS], newest;
	int brief = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0)
			sleep_ms(gap_ms);
		if (voice_call(admin, next_counter++ % 6 + 1, number[i], sizeof(number[i]),
			       &answered[i]) < 0)
			return -1;
	}
	for (int i = 0; i < n; i++) {
		double at = words_start(log, number[i]);
		if (at < 0) {
			fprintf(stderr, "bench: %s was never said\n", number[i]);
			return -1;
		}
		lag[i] = (at - answered[i]) / 1000;
	}
	{
		char *text = slurp(log);
		for (const char *p = strstr(text, ", brief)"); p; p = strstr(p + 1, ", brief)"))
			brief++;
		free(text);
	}
	newest = lag[n - 1];
	bench_sort(lag, n);
	printf("display voice: %s: %d calls, call-next answer -> its words start: newest %.1f s, "
	       "p50 %.1f s, max %.1f s (%d said brief so far)\n", what, n, newest, lag[n / 2],
	       lag[n - 1], brief);
	return 0;
}

/* The voice at peak and at a steady pace, on the hall's config. */
static int bench_voice(const char *dir, int steady)
{
	char url[256], log[512];
	pid_t antred = start_hall(dir, url, sizeof(url)), display;
	antre_client_t *admin;
	int rc = 0;
	static const char *const services[] = { "DISNAKER", "DUKCAPIL", "KESEHATAN", "SKCK",
						"IMIGRASI", "BPJS" };
	if (antred < 0)
		return -1;
	admin = antre_client_create(url, ADMIN, 5000);
	for (int c = 1; c <= 6; c++) {
		char path[96];
		snprintf(path, sizeof(path), "/api/v1/counters/%d/open", c);
		antre_client_request(admin, "POST", path, "{}", NULL);
		for (int i = 0; i < 2 + (12 + steady) / 6; i++) {
			char body[64];
			snprintf(body, sizeof(body), "{\"service\":\"%s\"}", services[c - 1]);
			antre_client_request(admin, "POST", "/api/v1/tickets", body, NULL);
		}
	}
	snprintf(log, sizeof(log), "%s/bench-voice-display.log", dir);
	display = start_speaking_display(url, dir, log);
	for (int i = 0; i < 300; i++) {
		char *text = slurp(log);
		int up = strstr(text, "antre-display: online") != NULL;
		free(text);
		if (up)
			break;
		sleep_ms(100);
	}
	sleep_ms(1000);
	if (voice_run(admin, log, "6 calls 2 s apart (10 s)", 6, 2000) < 0 ||
	    (sleep_ms(40000), voice_run(admin, log, "6 calls at once", 6, 0)) < 0 ||
	    (sleep_ms(40000), voice_run(admin, log, "steady 4 calls a minute", steady, 15000)) < 0)
		rc = -1;
	kill(display, SIGTERM);
	waitpid(display, NULL, 0);
	antre_client_destroy(admin);
	kill(antred, SIGTERM);
	waitpid(antred, NULL, 0);
	return rc;
}

/* Call -> frame for CALLS calls, then an idle wall's CPU and memory. 0 or -1. */
static int bench_frames(const char *dir)
{
	char url[256];
	pid_t antred, display;
	antre_client_t *counter, *kiosk;
	FILE *trace = NULL;
	double lat[CALLS], cpu0, cpu1;
	int n = 0;
	struct timespec settle = { 2, 0 }, idle = { 10, 0 }, flash_over = { 7, 0 };

	antred = bench_start_antred(dir, url, sizeof(url));
	if (antred < 0)
		return -1;
	counter = antre_client_create(url, "counter-1-test-token", 5000);
	kiosk = antre_client_create(url, "kiosk-test-token-0000", 5000);
	antre_client_request(counter, "POST", "/api/v1/counters/1/open", "{}", NULL);
	for (int i = 0; i < CALLS; i++)
		antre_client_request(kiosk, "POST", "/api/v1/tickets", "{\"service\":\"DISNAKER\"}",
				     NULL);
	display = start_display(url, dir, &trace);
	nanosleep(&settle, NULL);   /* connected, first frame drawn */

	for (int i = 0; i < CALLS; i++) {
		char *resp = NULL, number[32] = "";
		const char *p;
		double answered, shown;
		struct timespec gap = { 0, 20L * 1000000 };
		int status = antre_client_request(counter, "POST", "/api/v1/counters/1/call-next",
						  "{}", &resp);
		answered = mono_ms();
		p = resp ? strstr(resp, "\"number\":\"") : NULL;
		if (status == 200 && p)
			snprintf(number, sizeof(number), "%.*s", (int)strcspn(p + 10, "\""), p + 10);
		free(resp);
		if (number[0] == '\0')
			break;
		shown = frame_of(trace, number);
		if (shown < 0)
			break;
		lat[n++] = shown - answered;
		nanosleep(&gap, NULL);   /* calls a moment apart, as at a real counter */
	}
	bench_sort(lat, n);
	printf("display: %d calls, call-next answer -> frame presented: p50 %.2f ms, p90 %.2f ms, "
	       "p99 %.2f ms, max %.2f ms\n", n, n ? lat[n / 2] : 0, n ? lat[n * 9 / 10] : 0,
	       n ? lat[n * 99 / 100] : 0, n ? lat[n - 1] : 0);

	nanosleep(&flash_over, NULL);   /* the last flash has stopped */
	cpu0 = bench_proc_cpu_s(display);
	nanosleep(&idle, NULL);
	cpu1 = bench_proc_cpu_s(display);
	printf("display: board still, its %d announcements playing in real time: CPU over 10 s "
	       "%.2f %% of one core, RSS %.1f MB\n", n, (cpu1 - cpu0) * 10.0,
	       bench_proc_rss_mb(display));
	kill(display, SIGTERM);
	waitpid(display, NULL, 0);
	fclose(trace);

	/* a wall that has nothing to say: the static board of a quiet hour */
	display = start_display(url, dir, &trace);
	nanosleep(&settle, NULL);
	cpu0 = bench_proc_cpu_s(display);
	nanosleep(&idle, NULL);
	cpu1 = bench_proc_cpu_s(display);
	printf("display: static board, nothing to announce: CPU over 10 s %.2f %% of one core, "
	       "RSS %.1f MB\n", (cpu1 - cpu0) * 10.0, bench_proc_rss_mb(display));
	kill(display, SIGTERM);
	waitpid(display, NULL, 0);
	fclose(trace);
	antre_client_destroy(counter);
	antre_client_destroy(kiosk);
	kill(antred, SIGTERM);
	waitpid(antred, NULL, 0);
	return n == CALLS ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = { { "dir", required_argument, NULL, 'd' },
					      { "steady", required_argument, NULL, 's' },
					      { "voice-only", no_argument, NULL, 'v' },
					      { NULL, 0, NULL, 0 } };
	const char *dir = "/tmp";
	int opt, steady = 8, voice_only = 0, rc = 0;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (opt == 'd')
			dir = optarg;
		else if (opt == 's' && antre_parse_int(optarg, 1, VOICE_CALLS, &steady) != 0)
			steady = 0;
		else if (opt == 'v')
			voice_only = 1;
	if (steady == 0) {
		fprintf(stderr, "antre-bench-display: --steady takes 1..%d calls\n", VOICE_CALLS);
		return 2;
	}
	if (!voice_only)
		rc = bench_frames(dir);
	fflush(stdout);
	if (bench_voice(dir, steady) < 0)
		rc = -1;
	return rc == 0 ? 0 : 1;
}
