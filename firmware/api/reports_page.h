/* The /reports page: a report (one day or a range, with its days) as HTML with
 * server-rendered SVG charts and the tables under them, printable on A4. */
#ifndef ANTRE_REPORTS_PAGE_H
#define ANTRE_REPORTS_PAGE_H

#include "config.h"
#include "report.h"

/* The page. r is NULL for the login form only; error (may be NULL) is a sentence shown
 * above the form. token goes back into the form's hidden field so that choosing another
 * day needs no second login; it is never put into a URL. Returns a malloc'd string. */
char *api_reports_page(const antre_config_t *cfg, const antre_report_t *r,
		       const antre_report_t *days, int n_days, const char *token,
		       const char *error);

#endif
