/* cups:QUEUE, ipp:// and ipps:// printers through libcups: status from printer-state and
 * printer-state-reasons, a raw ESC/POS Print-Job followed until it completes, and a
 * job that stalls (paper out, offline, too slow) cancelled so it never prints later. */
#define _GNU_SOURCE   /* memfd_create */
#include <cups/cups.h>
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "printer_backend.h"

typedef struct {
	antre_printer_t base;
	char host[256];
	int port;
	char resource[256];
	char printer_uri[1024];
	char label[300];           /* for messages: cups:ticket, ipp://host:port/ipp/print */
} cups_printer_t;

static http_t *connect_to(cups_printer_t *p, antre_printer_status_t *st)
{
	http_t *http = httpConnect2(p->host, p->port, NULL, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED,
				    1, 3000, NULL);
	if (http == NULL)
		antre_printer_set(st, ANTRE_PRINTER_OFFLINE, "cannot reach the print server for %s "
				  "(%s:%d)", p->label, p->host, p->port);
	return http;
}

static ipp_t *new_request(cups_printer_t *p, ipp_op_t op)
{
	ipp_t *req = ippNewRequest(op);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, p->printer_uri);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
	return req;
}

/* printer-state-reasons keyword → our state (ANTRE_PRINTER_READY when it does not matter). */
static antre_printer_state_t reason_state(const char *reason)
{
	static const struct {
		const char *prefix;
		antre_printer_state_t state;
	} map[] = {
		{ "media-empty", ANTRE_PRINTER_PAPER_OUT }, { "media-needed", ANTRE_PRINTER_PAPER_OUT },
		{ "media-low", ANTRE_PRINTER_PAPER_LOW },  { "offline", ANTRE_PRINTER_OFFLINE },
		{ "shutdown", ANTRE_PRINTER_OFFLINE },      { "paused", ANTRE_PRINTER_OFFLINE },
		{ "connecting-to-device", ANTRE_PRINTER_OFFLINE },
		{ "media-jam", ANTRE_PRINTER_ERROR },       { "door-open", ANTRE_PRINTER_ERROR },
		{ "cover-open", ANTRE_PRINTER_ERROR },
	};
	size_t n = strlen(reason);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncmp(reason, map[i].prefix, strlen(map[i].prefix)) == 0)
			return map[i].state;
	if (n > 6 && strcmp(reason + n - 6, "-error") == 0)
		return ANTRE_PRINTER_ERROR;
	return ANTRE_PRINTER_READY;
}

static int query_status(cups_printer_t *p, http_t *http, antre_printer_status_t *st)
{
	/* which reason to report when there are several: the one staff must act on */
	static const int rank[] = { [ANTRE_PRINTER_READY] = 0, [ANTRE_PRINTER_PAPER_LOW] = 1,
				    [ANTRE_PRINTER_ERROR] = 2, [ANTRE_PRINTER_OFFLINE] = 3,
				    [ANTRE_PRINTER_PAPER_OUT] = 4 };
	static const char *const attrs[] = { "printer-state", "printer-state-reasons",
					     "printer-is-accepting-jobs" };
	ipp_t *req = new_request(p, IPP_OP_GET_PRINTER_ATTRIBUTES), *resp;
	ipp_attribute_t *a;
	int state = IPP_PSTATE_IDLE;
	antre_printer_state_t worst = ANTRE_PRINTER_READY;
	char reasons[200] = "";

	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, NULL,
		      attrs);
	resp = cupsDoRequest(http, req, p->resource);
	if (resp == NULL || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		antre_printer_set(st, cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND
					      ? ANTRE_PRINTER_ERROR : ANTRE_PRINTER_OFFLINE,
				  "%s: %s", p->label, cupsLastErrorString());
		ippDelete(resp);
		return -1;
	}
	if ((a = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM)) != NULL)
		state = ippGetInteger(a, 0);
	if ((a = ippFindAttribute(resp, "printer-state-reasons", IPP_TAG_KEYWORD)) != NULL) {
		for (int i = 0; i < ippGetCount(a); i++) {
			const char *r = ippGetString(a, i, NULL);
			antre_printer_state_t s = reason_state(r);
			if (rank[s] > rank[worst]) {
				worst = s;
				snprintf(reasons, sizeof(reasons), "%s", r);
			}
		}
	}
	if (worst == ANTRE_PRINTER_READY && state == IPP_PSTATE_STOPPED) {
		worst = ANTRE_PRINTER_OFFLINE;
		snprintf(reasons, sizeof(reasons), "printer stopped");
	}
	if (worst == ANTRE_PRINTER_READY && (a = ippFindAttribute(resp, "printer-is-accepting-jobs",
								   IPP_TAG_BOOLEAN)) && !ippGetBoolean(a, 0)) {
		worst = ANTRE_PRINTER_OFFLINE;
		snprintf(reasons, sizeof(reasons), "not accepting jobs");
	}
	ippDelete(resp);
	switch (worst) {
	case ANTRE_PRINTER_PAPER_OUT:
		antre_printer_set(st, worst, "%s is out of paper (%s)", p->label, reasons);
		return -1;
	case ANTRE_PRINTER_PAPER_LOW:
		antre_printer_set(st, worst, "%s is low on paper (%s)", p->label, reasons);
		return 0;
	case ANTRE_PRINTER_OFFLINE:
		antre_printer_set(st, worst, "%s is offline (%s)", p->label, reasons);
		return -1;
	case ANTRE_PRINTER_ERROR:
		antre_printer_set(st, worst, "%s reports a fault (%s)", p->label, reasons);
		return -1;
	default:
		antre_printer_set(st, ANTRE_PRINTER_READY, "%s is ready", p->label);
		return 0;
	}
}

static int cups_status(antre_printer_t *base, antre_printer_status_t *st)
{
	cups_printer_t *p = (cups_printer_t *)base;
	http_t *http = connect_to(p, st);
	int rc;
	if (http == NULL)
		return -1;
	rc = query_status(p, http, st);
	httpClose(http);
	return rc;
}

static int job_state(cups_printer_t *p, http_t *http, int job_id)
{
	static const char *const attrs[] = { "job-state" };
	ipp_t *req = new_request(p, IPP_OP_GET_JOB_ATTRIBUTES), *resp;
	ipp_attribute_t *a;
	int state = -1;

	ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 1, NULL,
		      attrs);
	resp = cupsDoRequest(http, req, p->resource);
	if (resp && (a = ippFindAttribute(resp, "job-state", IPP_TAG_ENUM)) != NULL)
		state = ippGetInteger(a, 0);
	ippDelete(resp);
	return state;
}

static void cancel_job(cups_printer_t *p, http_t *http, int job_id)
{
	ipp_t *req = new_request(p, IPP_OP_CANCEL_JOB);
	ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
	ippDelete(cupsDoRequest(http, req, p->resource));
}

/* Print-Job with the bytes as a raw document. The document goes through a memfd so
 * libcups streams it in one request (cupsDoIORequest). */
static int submit(cups_printer_t *p, http_t *http, const antre_bytes_t *b,
		  antre_printer_status_t *st)
{
	ipp_t *req = new_request(p, IPP_OP_PRINT_JOB), *resp;
	ipp_attribute_t *a;
	int job_id = -1, fd = memfd_create("antre-ticket", MFD_CLOEXEC);

	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", NULL, "antre ticket");
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", NULL,
		     "application/vnd.cups-raw");
	if (fd < 0 || write(fd, b->v, b->n) != (ssize_t)b->n || lseek(fd, 0, SEEK_SET) != 0) {
		antre_printer_set(st, ANTRE_PRINTER_ERROR, "cannot stage the job: %s", strerror(errno));
		ippDelete(req);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	resp = cupsDoIORequest(http, req, p->resource, fd, -1);   /* frees req */
	close(fd);
	if (resp && cupsLastError() <= IPP_STATUS_OK_CONFLICTING &&
	    (a = ippFindAttribute(resp, "job-id", IPP_TAG_INTEGER)) != NULL)
		job_id = ippGetInteger(a, 0);
	ippDelete(resp);
	if (job_id < 0)
		antre_printer_set(st, ANTRE_PRINTER_ERROR, "%s refused the job: %s", p->label,
				  cupsLastErrorString());
	return job_id;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Check the printer first (an empty printer gets no job), submit, then follow the job:
 * done when completed; cancelled and failed when it stops, is held, or takes too long. */
static int cups_print(antre_printer_t *base, const antre_print_layout_t *l,
		      const antre_bytes_t *b, antre_printer_status_t *st)
{
	cups_printer_t *p = (cups_printer_t *)base;
	http_t *http = connect_to(p, st);
	double deadline = now_ms() + base->timeout_ms;
	int job_id, polls = 0, rc = -1;
	(void)l;

	if (http == NULL)
		return -1;
	if (query_status(p, http, st) < 0)
		goto out;
	job_id = submit(p, http, b, st);
	if (job_id < 0)
		goto out;
	for (;;) {
		struct timespec pause_ts = { 0, 10 * 1000000L };
		int js = job_state(p, http, job_id);
		if (js == IPP_JSTATE_COMPLETED) {
			antre_printer_set(st, ANTRE_PRINTER_READY, "printed on %s (job %d)", p->label,
					  job_id);
			rc = 0;
			break;
		}
		if (js == IPP_JSTATE_CANCELED || js == IPP_JSTATE_ABORTED) {
			if (query_status(p, http, st) == 0)
				antre_printer_set(st, ANTRE_PRINTER_ERROR, "%s %s the job", p->label,
						  js == IPP_JSTATE_ABORTED ? "aborted" : "cancelled");
			break;
		}
		/* a held or stopped job, or a printer gone bad: take the job back now */
		if (js == IPP_JSTATE_HELD || js == IPP_JSTATE_STOPPED ||
		    (++polls % 5 == 0 && query_status(p, http, st) < 0) || now_ms() > deadline) {
			cancel_job(p, http, job_id);
			if (st->state == ANTRE_PRINTER_READY || st->state == ANTRE_PRINTER_PAPER_LOW) {
				if (query_status(p, http, st) == 0)
					antre_printer_set(st, ANTRE_PRINTER_ERROR, "%s did not print "
							  "the ticket in time; the job was cancelled",
							  p->label);
			}
			break;
		}
		nanosleep(&pause_ts, NULL);
	}
out:
	httpClose(http);
	return rc;
}

static const antre_printer_ops_t cups_ops = { cups_status, cups_print, antre_printer_free };

/* cups:QUEUE: the queue on the scheduler from CUPS_SERVER / client.conf, like lp. */
antre_printer_t *antre_printer_open_cups(const char *queue, char *err, size_t errcap)
{
	cups_printer_t *p;

	if (*queue == '\0' || strchr(queue, '/')) {
		snprintf(err, errcap, "cups:QUEUE needs a queue name, e.g. cups:ticket");
		return NULL;
	}
	p = antre_printer_alloc(sizeof(*p), &cups_ops);
	snprintf(p->label, sizeof(p->label), "cups:%s", queue);
	snprintf(p->host, sizeof(p->host), "%s", cupsServer());
	p->port = ippPort();
	snprintf(p->resource, sizeof(p->resource), "/printers/%s", queue);
	httpAssembleURIf(HTTP_URI_CODING_ALL, p->printer_uri, sizeof(p->printer_uri), "ipp", NULL,
			 "localhost", p->port, "/printers/%s", queue);
	return &p->base;
}

/* ipp:// and ipps://: a printer (or a scheduler's queue) at its own address. */
antre_printer_t *antre_printer_open_ipp(const char *uri, char *err, size_t errcap)
{
	cups_printer_t *p = antre_printer_alloc(sizeof(*p), &cups_ops);
	char scheme[16], user[64];

	snprintf(p->label, sizeof(p->label), "%s", uri);
	if (httpSeparateURI(HTTP_URI_CODING_ALL, uri, scheme, sizeof(scheme), user, sizeof(user),
			    p->host, sizeof(p->host), &p->port, p->resource,
			    sizeof(p->resource)) < HTTP_URI_STATUS_OK) {
		snprintf(err, errcap, "'%s' is not a valid ipp:// address", uri);
		antre_printer_free(&p->base);
		return NULL;
	}
	snprintf(p->printer_uri, sizeof(p->printer_uri), "%s", uri);
	return &p->base;
}
