/* Real print servers for tests and benchmarks: a private cupsd with a raw queue that
 * sends to a TCP sink we read back, and ippeveprinter as an IPP printer whose paper
 * can run out (the set-ups of RECIPES.md). */
#ifndef ANTRE_TEST_PRINTER_ENV_H
#define ANTRE_TEST_PRINTER_ENV_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct {
	char dir[64];
	pid_t cupsd;
	int port;               /* cupsd */
	int sink_fd, sink_port; /* where the queue's socket:// device sends */
	pthread_t sink;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint8_t *got;           /* bytes of the last finished connection */
	size_t got_n;
	int jobs;               /* connections finished */
	double last_byte_ms;    /* CLOCK_MONOTONIC ms of the last byte of the last job */
	double job_last_ms[256];/* the same for each job, in order */
} cups_env_t;

/* 0 started (cups:ticket is the raw queue, libcups points at it), 77 when this
 * machine cannot run it (no cupsd, not root), -1 on failure (message on stderr). */
int cups_env_start(cups_env_t *e);
void cups_env_stop(cups_env_t *e);
/* Wait (≤ timeout_ms) until `jobs` connections have finished at the sink. */
int cups_env_wait_jobs(cups_env_t *e, int jobs, int timeout_ms);

typedef struct {
	char dir[64];
	pid_t dbus, ipp;
	int port;
	char uri[128];          /* ipp://localhost:PORT/ipp/print */
} ipp_env_t;

int ipp_env_start(ipp_env_t *e);
void ipp_env_stop(ipp_env_t *e);
/* Set the paper level through ippeveprinter's /media page (0: empty). */
int ipp_env_set_paper(ipp_env_t *e, int level);
/* Number of documents ippeveprinter has written out. */
int ipp_env_outputs(ipp_env_t *e);

double env_now_ms(void);

#endif
