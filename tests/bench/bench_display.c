/* antre-bench-display: how fast a call reaches the wall, and what an idle wall costs.
 *   antre-bench-display --dir DIR
 * Real antred (test office), antre-display on the SDL dummy video driver with audio on
 * (dummy audio driver). For 100 calls: from the moment the counter's call-next HTTP
 * answer is in hand to the moment the display has presented the frame showing that
 * number (the display stamps CLOCK_MONOTONIC right after SDL_RenderPresent, with
 * --trace-frames, the test seam of firmware/ui/ui_app.h). Then a static board: CPU over 10 s and resident memory. */
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

#define CALLS 100

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

int main(int argc, char **argv)
{
	static const struct option opts[] = { { "dir", required_argument, NULL, 'd' },
					      { NULL, 0, NULL, 0 } };
	const char *dir = "/tmp";
	char url[256];
	pid_t antred, display;
	antre_client_t *counter, *kiosk;
	FILE *trace = NULL;
	double lat[CALLS], cpu0, cpu1;
	int n = 0, opt;
	struct timespec settle = { 2, 0 }, idle = { 10, 0 }, flash_over = { 7, 0 };

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (opt == 'd')
			dir = optarg;
	antred = bench_start_antred(dir, url, sizeof(url));
	if (antred < 0)
		return 1;
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
	return n == CALLS ? 0 : 1;
}
