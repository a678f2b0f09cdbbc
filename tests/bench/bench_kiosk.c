/* antre-bench-kiosk: the kiosk on the SDL dummy driver taps its first service 50 times
 * (--bench-taps) against a local antred, printing through a private cupsd to a
 * socket:// listener. Prints tap → number on screen, tap → last byte at the listener,
 * and the home screen's frame time at 1920×1080 on the software renderer (medians).
 *   antre-bench-kiosk [--dir DIR]    (as root: it runs cupsd) */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "bench.h"
#include "printer_env.h"

#define TAPS 50

int main(int argc, char **argv)
{
	const char *dir = argc > 2 && strcmp(argv[1], "--dir") == 0 ? argv[2] : ".";
	double number[TAPS], paper[TAPS];
	char url[128], cmd[1024], line[256];
	cups_env_t env;
	FILE *kiosk;
	pid_t antred;
	int n = 0;

	if (cups_env_start(&env) != 0) {
		fprintf(stderr, "antre-bench-kiosk: cupsd is needed (run as root)\n");
		cups_env_stop(&env);
		return 1;
	}
	antred = bench_start_antred(dir, url, sizeof(url));
	snprintf(cmd, sizeof(cmd), "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy CUPS_SERVER=127.0.0.1:%d "
		 "%s/kiosk/antre-kiosk --server %s --token kiosk-test-token-0000 --printer cups:ticket "
		 "--size 1920x1080 --bench-taps %d 2>/dev/null", env.port, ANTRE_BINARY_DIR, url, TAPS);
	kiosk = popen(cmd, "r");
	while (kiosk && fgets(line, sizeof(line), kiosk)) {
		double tap, shown, printed, median, p90;
		int frames;
		if (sscanf(line, "bench tap=%lf number=%lf printed=%lf", &tap, &shown, &printed) == 3 &&
		    n < TAPS) {
			if (cups_env_wait_jobs(&env, n + 1, 10000) < 0)
				break;
			number[n] = shown - tap;
			paper[n] = env.job_last_ms[n] - tap;
			n++;
		} else if (sscanf(line, "bench frames=%d median_ms=%lf p90_ms=%lf", &frames, &median,
				  &p90) == 3) {
			printf("kiosk: home screen frame at 1920x1080 (software renderer): median %.2f ms, "
			       "p90 %.2f ms over %d frames\n", median, p90, frames);
		}
	}
	if (kiosk)
		pclose(kiosk);
	if (n > 0) {
		bench_sort(number, n);
		bench_sort(paper, n);
		printf("kiosk: tap -> number on screen: median %.1f ms, p90 %.1f ms (%d taps)\n",
		       number[n / 2], number[n * 9 / 10], n);
		printf("kiosk: tap -> last byte at the cupsd socket:// listener: median %.1f ms, p90 "
		       "%.1f ms\n", paper[n / 2], paper[n * 9 / 10]);
	} else {
		printf("kiosk: no taps measured\n");
	}
	kill(antred, SIGTERM);
	waitpid(antred, NULL, 0);
	cups_env_stop(&env);
	return n == TAPS ? 0 : 1;
}
