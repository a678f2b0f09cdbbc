/* antre-bench-print: time from a print call to the last byte at the printer.
 *   antre-bench-print                     through a private cupsd (needs root)
 *   umockdev-wrapper antre-bench-print    also through the umockdev USB printer
 * Prints the median, p90 and max of 50 prints, and first what encoding alone costs
 * (layout, the number's TTF raster, ESC/POS bytes) at both widths. */
#include <stdio.h>
#include <stdlib.h>

#include "fake_usb.h"
#include "printer.h"
#include "printer_env.h"
#include "xmalloc.h"

#define RUNS 50

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *ms, int n)
{
	qsort(ms, (size_t)n, sizeof(double), cmp_double);
	printf("print: %s, %d tickets: median %.1f ms, p90 %.1f ms, max %.1f ms\n", what, n,
	       ms[n / 2], ms[n * 9 / 10], ms[n - 1]);
}

static void bench_encode(void)
{
	antre_print_ticket_t t;
	double ms[RUNS];

	antre_print_demo_ticket(&t);
	for (int mm = 58; mm <= 80; mm += 22) {
		char what[64];
		for (int i = 0; i < RUNS; i++) {
			antre_bytes_t b = { 0 };
			double t0 = env_now_ms();
			antre_escpos_encode_ticket(&t, mm, &b);
			ms[i] = env_now_ms() - t0;
			antre_bytes_free(&b);
		}
		snprintf(what, sizeof(what), "encode a %d mm ticket (raster number included)", mm);
		report(what, ms, RUNS);
	}
}

static void bench_cups(void)
{
	cups_env_t env;
	antre_print_ticket_t t;
	antre_printer_status_t st;
	antre_printer_t *p;
	double ms[RUNS];
	char err[256];
	int rc = cups_env_start(&env);

	if (rc != 0) {
		printf("print: cupsd not available here (%s)\n", rc == 77 ? "needs root" : "failed");
		cups_env_stop(&env);
		return;
	}
	p = antre_printer_open("cups:ticket", err, sizeof(err));
	antre_print_demo_ticket(&t);
	antre_printer_print_ticket(p, &t, 80, &st);   /* warm up */
	cups_env_wait_jobs(&env, 1, 10000);
	for (int i = 0; i < RUNS; i++) {
		double t0 = env_now_ms();
		if (antre_printer_print_ticket(p, &t, 80, &st) < 0 ||
		    cups_env_wait_jobs(&env, i + 2, 10000) < 0) {
			printf("print: cups run %d failed: %s\n", i, st.message);
			break;
		}
		ms[i] = env.last_byte_ms - t0;
	}
	report("print call -> last byte at the socket:// listener through cupsd", ms, RUNS);
	antre_printer_close(p);
	cups_env_stop(&env);
}

static void bench_usb(void)
{
	UMockdevTestbed *bed;
	antre_print_ticket_t t;
	antre_printer_status_t st;
	antre_printer_t *p;
	double ms[RUNS];
	char err[256];

	if (!fake_usb_available()) {
		printf("print: USB figures need umockdev-wrapper\n");
		return;
	}
	bed = fake_usb_start();
	p = antre_printer_open("usb:auto", err, sizeof(err));
	antre_print_demo_ticket(&t);
	for (int i = 0; i < RUNS; i++) {
		double t0;
		fake_usb_reset(0x12);
		t0 = env_now_ms();
		if (antre_printer_print_ticket(p, &t, 80, &st) < 0) {
			printf("print: usb run %d failed: %s\n", i, st.message);
			break;
		}
		ms[i] = fake.last_out_ms - t0;
	}
	report("print call -> last byte at the umockdev USB printer (status check included)", ms,
	       RUNS);
	antre_printer_close(p);
	fake_usb_stop(bed);
}

int main(void)
{
	bench_encode();
	bench_cups();
	bench_usb();
	return 0;
}
