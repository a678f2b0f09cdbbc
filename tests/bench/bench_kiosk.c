/* antre-bench-kiosk: the kiosk on the SDL dummy driver, its first service tapped 50 times
 * against a local antred, printing through a private cupsd to a socket:// listener.
 * Prints tap → number on screen, tap → last byte at the listener, and the home screen's
 * frame time at 1920×1080 on the software renderer (medians).
 * The kiosk is driven from outside through its test seam (firmware/ui/ui_app.h): taps
 * and redraws go in as stdin lines (--test-input), and every presented frame comes back
 * as a stdout line with its CLOCK_MONOTONIC time, draw time and screen (--trace-frames).
 *   antre-bench-kiosk [--dir DIR]    (as root: it runs cupsd) */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "printer_env.h"

/* kiosk_model.h's KIOSK_STEP_HOLD_MS and KIOSK_SCREEN_HOLD_MS (the bench does not link
 * the kiosk): taps sooner than these after a screen appears are ignored on purpose */
#define KIOSK_STEP_HOLD_MS_BENCH 500
#define KIOSK_SCREEN_HOLD_MS_BENCH 1500

#define TAPS 50
#define REDRAWS 100
#define MAX_FRAMES 4096

typedef struct {
	FILE *in, *out;   /* the kiosk's stdin (commands) and stdout (the frame trace) */
	pid_t pid;
	double frames[MAX_FRAMES];   /* draw + present of the home screen, ms */
	int n_frames;
} kiosk_t;

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The centre of the home button of the office's first service, from --dump-layout. */
static int control_at(const char *url, const char *show, const char *id, int *x, int *y)
{
	char cmd[512], buf[65536];
	size_t n;
	FILE *p;
	json_t *layout, *b;
	size_t i;
	int rc = -1;

	snprintf(cmd, sizeof(cmd), "%s/kiosk/antre-kiosk --server %s --dump-layout --size 1920x1080 "
		 "--show %s", ANTRE_BINARY_DIR, url, show);
	p = popen(cmd, "r");
	n = p ? fread(buf, 1, sizeof(buf) - 1, p) : 0;
	if (p)
		pclose(p);
	buf[n] = '\0';
	layout = json_loads(buf, 0, NULL);
	json_array_foreach(layout, i, b) {
		if (strcmp(json_string_value(json_object_get(b, "id")), id) == 0) {
			*x = (int)(json_integer_value(json_object_get(b, "x")) +
				   json_integer_value(json_object_get(b, "w")) / 2);
			*y = (int)(json_integer_value(json_object_get(b, "y")) +
				   json_integer_value(json_object_get(b, "h")) / 2);
			rc = 0;
		}
	}
	json_decref(layout);
	return rc;
}

static int start_kiosk(kiosk_t *k, const char *url, int cups_port)
{
	int in[2], out[2];
	char cups[64];
	if (pipe(in) < 0 || pipe(out) < 0)
		return -1;
	snprintf(cups, sizeof(cups), "127.0.0.1:%d", cups_port);
	k->pid = fork();
	if (k->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(127);
		close(in[1]);
		close(out[0]);
		setenv("SDL_VIDEODRIVER", "dummy", 1);
		setenv("SDL_AUDIODRIVER", "dummy", 1);
		setenv("CUPS_SERVER", cups, 1);
		execl(ANTRE_BINARY_DIR "/kiosk/antre-kiosk", "antre-kiosk", "--server", url, "--token",
		      "kiosk-test-token-0000", "--printer", "cups:ticket", "--size", "1920x1080",
		      "--trace-frames", "--test-input", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	k->in = fdopen(in[1], "w");
	k->out = fdopen(out[0], "r");
	return k->pid > 0 ? 0 : -1;
}

static void send_line(kiosk_t *k, const char *line)
{
	fputs(line, k->in);
	fflush(k->in);
}

/* The next frame whose label starts with want; its time, or -1 when the kiosk ended.
 * Home frames' draw times are kept. */
static double frame(kiosk_t *k, const char *want, char *label, size_t cap)
{
	char line[512];
	while (fgets(line, sizeof(line), k->out)) {
		double at, draw_ms;
		char *shows;
		if (bench_frame_line(line, &at, &draw_ms, &shows) < 0)
			continue;
		if (strncmp(shows, "home", 4) == 0 && k->n_frames < MAX_FRAMES)
			k->frames[k->n_frames++] = draw_ms;
		if (strncmp(shows, want, strlen(want)) == 0) {
			snprintf(label, cap, "%s", shows);
			return at;
		}
	}
	return -1;
}

/* Tap, wait for the number, for the print to finish and the job to reach the listener,
 * then tap the ticket screen to go home. 0, or -1 when a step did not happen. */
static int one_tap(kiosk_t *k, cups_env_t *env, int n, const char *tap, const char *pick,
		   double *number, double *paper)
{
	char label[256];
	double t0, shown;
	/* the service, then "regular" on the priority step once its hold has passed: the
	 * figure is from the tap that issues */
	send_line(k, tap);
	if (frame(k, "priority", label, sizeof(label)) < 0)
		return -1;
	usleep((KIOSK_STEP_HOLD_MS_BENCH + 50) * 1000);
	t0 = mono_ms();
	send_line(k, pick);
	shown = frame(k, "ticket", label, sizeof(label));
	while (shown >= 0 && strstr(label, " busy"))   /* the number shows while it prints */
		if (frame(k, "", label, sizeof(label)) < 0 || strncmp(label, "ticket", 6) != 0)
			return -1;
	if (shown < 0 || cups_env_wait_jobs(env, n + 1, 10000) < 0)
		return -1;
	*number = shown - t0;
	*paper = env->job_last_ms[n] - t0;
	/* a tap on the ticket screen goes home early, once the number has been shown for
	 * the minimum time (an earlier one is ignored and no home frame would come) */
	while (mono_ms() < shown + KIOSK_SCREEN_HOLD_MS_BENCH + 50)
		usleep(10000);
	send_line(k, tap);
	return frame(k, "home", label, sizeof(label)) < 0 ? -1 : 0;
}

static void report(kiosk_t *k, double *number, double *paper, int n)
{
	bench_sort(k->frames, k->n_frames);
	printf("kiosk: home screen frame at 1920x1080 (software renderer): median %.2f ms, "
	       "p90 %.2f ms over %d frames\n", k->n_frames ? k->frames[k->n_frames / 2] : 0,
	       k->n_frames ? k->frames[k->n_frames * 9 / 10] : 0, k->n_frames);
	if (n == 0) {
		printf("kiosk: no taps measured\n");
		return;
	}
	bench_sort(number, n);
	bench_sort(paper, n);
	printf("kiosk: tap -> number on screen: median %.1f ms, p90 %.1f ms (%d taps)\n",
	       number[n / 2], number[n * 9 / 10], n);
	printf("kiosk: tap -> last byte at the cupsd socket:// listener: median %.1f ms, p90 "
	       "%.1f ms\n", paper[n / 2], paper[n * 9 / 10]);
}

/* The private cupsd, stopped however the benchmark ends: an exit on the way (antred not
 * starting exits) would leave it running, holding antre-bench all's pipe open. */
static cups_env_t env;
static void stop_cups(void)
{
	cups_env_stop(&env);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 2 && strcmp(argv[1], "--dir") == 0 ? argv[2] : ".";
	static kiosk_t k;
	double number[TAPS], paper[TAPS];
	char url[128], tap[64], pick[64], label[256];
	pid_t antred;
	int n = 0, x, y, rx, ry;

	if (cups_env_start(&env) != 0) {
		fprintf(stderr, "antre-bench-kiosk: cupsd is needed (run as root)\n");
		cups_env_stop(&env);
		return 1;
	}
	atexit(stop_cups);
	antred = bench_start_antred(dir, url, sizeof(url));
	if (control_at(url, "home", "DISNAKER", &x, &y) == 0 &&
	    control_at(url, "priority", "regular", &rx, &ry) == 0 &&
	    start_kiosk(&k, url, env.port) == 0 && frame(&k, "home", label, sizeof(label)) >= 0) {
		snprintf(tap, sizeof(tap), "tap %d %d\n", x, y);
		snprintf(pick, sizeof(pick), "tap %d %d\n", rx, ry);
		while (n < TAPS && one_tap(&k, &env, n, tap, pick, &number[n], &paper[n]) == 0)
			n++;
		/* the home screen drawn and presented REDRAWS times more */
		for (int i = 0; i < REDRAWS; i++) {
			send_line(&k, "expose\n");
			if (frame(&k, "home", label, sizeof(label)) < 0)
				break;
		}
		send_line(&k, "quit\n");
		waitpid(k.pid, NULL, 0);
	}
	report(&k, number, paper, n);
	kill(antred, SIGTERM);
	waitpid(antred, NULL, 0);
	return n == TAPS ? 0 : 1;
}
