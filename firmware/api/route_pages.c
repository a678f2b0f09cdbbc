/* GET /t/{id}: the ticket's status page behind the QR code, for an applicant's phone.
 * Server-rendered here (it works without JavaScript); its style and live script are
 * files of firmware/web/ (ticket.css, ticket.js, served at /web/NAME with an ETag),
 * and the script reloads the page when its ticket moves, someone at its service is
 * called, a counter or a service changes, or the day starts anew. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api_internal.h"
#include "xmalloc.h"

typedef struct {
	char *buf;
	size_t len, cap;
} html_t;

static void raw(html_t *h, const char *s)
{
	size_t n = strlen(s);
	if (h->len + n + 1 > h->cap) {
		h->cap = (h->len + n + 1) * 2;
		h->buf = xrealloc(h->buf, h->cap);
	}
	memcpy(h->buf + h->len, s, n + 1);
	h->len += n;
}

/* Text into HTML: & < > " escaped. */
static void text(html_t *h, const char *s)
{
	char one[2] = { 0, 0 };
	for (; *s; s++) {
		switch (*s) {
		case '&': raw(h, "&amp;"); break;
		case '<': raw(h, "&lt;"); break;
		case '>': raw(h, "&gt;"); break;
		case '"': raw(h, "&quot;"); break;
		default: one[0] = *s; raw(h, one); break;
		}
	}
}

static void fmt(html_t *h, const char *f, ...) __attribute__((format(printf, 2, 3)));

static void fmt(html_t *h, const char *f, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, f);
	vsnprintf(tmp, sizeof(tmp), f, ap);
	va_end(ap);
	text(h, tmp);
}

/* The sentence for the ticket's state, Indonesian first. */
static void state_line(html_t *h, const antre_config_t *cfg, const antre_ticket_t *t)
{
	const char *cls = "", *id = "", *en = "";
	char counter[ANTRE_TEXT_MAX] = "";
	if (t->counter >= 0)
		snprintf(counter, sizeof(counter), "%s", cfg->counters[t->counter].name);
	switch (t->state) {
	case ANTRE_TS_WAITING: id = "Menunggu dipanggil"; en = "Waiting to be called"; break;
	case ANTRE_TS_CALLED: cls = "called"; id = "Silakan menuju"; en = "Please go to"; break;
	case ANTRE_TS_SERVING: cls = "called"; id = "Sedang dilayani di"; en = "Being served at"; break;
	case ANTRE_TS_DONE: id = "Selesai. Terima kasih!"; en = "Done. Thank you!"; break;
	case ANTRE_TS_NO_SHOW: cls = "gone"; id = "Tidak hadir saat dipanggil - hubungi petugas";
		en = "Missed the call - please see staff"; break;
	case ANTRE_TS_CANCELLED: cls = "gone"; id = "Dibatalkan"; en = "Cancelled"; break;
	case ANTRE_TS_EXPIRED: cls = "gone"; id = "Kedaluwarsa (hari sudah berganti)";
		en = "Expired (the day is over)"; break;
	case ANTRE_TS_DEFERRED: cls = "called"; id = "Ditunda - silakan datang kembali";
		en = "Deferred - please come back"; break;
	}
	raw(h, "<div class=\"state ");
	raw(h, cls);
	raw(h, "\">");
	text(h, id);
	if (counter[0] && (t->state == ANTRE_TS_CALLED || t->state == ANTRE_TS_SERVING)) {
		raw(h, " ");
		text(h, counter);
	}
	raw(h, "<br><span class=\"en\">");
	text(h, en);
	if (counter[0] && (t->state == ANTRE_TS_CALLED || t->state == ANTRE_TS_SERVING)) {
		raw(h, " ");
		text(h, counter);
	}
	raw(h, "</span></div>");
}

static const char *svc_id_of(const antre_config_t *cfg, const antre_ticket_t *t)
{
	return cfg->services[t->service].id;
}

/* What the page shows, copied out of the committed view so that the HTML is built
 * after the core's lock is let go (a slow phone must never hold up a commit). */
typedef struct {
	int service;
	antre_service_status_t status;   /* limited or closed */
	char reason[ANTRE_REASON_MAX];
} page_notice_t;

typedef struct {
	int found;
	antre_ticket_t ticket;
	int ahead, est_wait_s;     /* for a waiting ticket */
	int64_t seq;               /* the stream resumes from here */
	int deferred_counter;      /* a deferred journey: the desk that deferred it, -1 */
	page_notice_t notices[ANTRE_MAX_SERVICES];   /* its desks not open as usual */
	int n_notices;
} page_facts_t;

/* Journeys across days (docs/journeys.md): an id that is no ticket of today may be a
 * deferred journey's, shown as its deferred ticket, or once it is back today as
 * today's ticket; a deferred ticket also says where it comes back. */
static const antre_ticket_t *deferral_facts(const antre_queue_t *q, const char *id,
					    const antre_ticket_t *t, page_facts_t *f)
{
	const antre_deferral_t *d = antre_queue_find_deferral(q, t ? t->id : id);

	f->deferred_counter = -1;
	if (d == NULL || (t && t->state != ANTRE_TS_DEFERRED))
		return t;
	if (d->resumed_id[0] && antre_queue_find(q, d->resumed_id))
		return antre_queue_find(q, d->resumed_id);
	f->deferred_counter = d->counter;
	if (t)
		return t;
	memset(&f->ticket, 0, sizeof(f->ticket));
	antre_strlcpy(f->ticket.id, d->id, sizeof(f->ticket.id));
	antre_strlcpy(f->ticket.number, d->number, sizeof(f->ticket.number));
	antre_strlcpy(f->ticket.code, d->code, sizeof(f->ticket.code));
	antre_strlcpy(f->ticket.return_on, d->return_on, sizeof(f->ticket.return_on));
	f->ticket.service = d->service;
	f->ticket.journey = d->journey;
	f->ticket.step = d->step;
	f->ticket.counter = -1;
	f->ticket.visit = d->visit;
	f->ticket.state = ANTRE_TS_DEFERRED;
	f->found = 1;
	return NULL;
}

/* The ticket's code, and for a deferred one when and where to come back. */
static void render_return(html_t *h, const antre_config_t *cfg, const page_facts_t *f)
{
	const antre_ticket_t *t = &f->ticket;
	char code[ANTRE_CODE_LEN + 2];

	antre_code_format(t->code, code);
	raw(h, "<dt>Kode<br><span class=\"en\">Code</span></dt><dd id=\"code\">");
	text(h, code);
	raw(h, "</dd>");
	if (t->visit > 1)
		fmt(h, "<dt>Kunjungan<br><span class=\"en\">Visit</span></dt><dd>ke-%d / #%d</dd>",
		    t->visit, t->visit);
	if (t->state != ANTRE_TS_DEFERRED)
		return;
	raw(h, "<dt>Kembali pada<br><span class=\"en\">Come back on</span></dt>"
	       "<dd id=\"return-on\">");
	text(h, t->return_on);
	raw(h, "</dd><dt>Ke<br><span class=\"en\">At</span></dt><dd id=\"return-at\">");
	text(h, cfg->services[t->service].name);
	if (f->deferred_counter >= 0) {
		raw(h, " (");
		text(h, cfg->counters[f->deferred_counter].name);
		raw(h, ")");
	}
	raw(h, "<br>Bawa tiket ini atau kodenya ke kios<br><span class=\"en\">Bring this ticket "
	       "or its code to the kiosk</span></dd>");
}

static void render_return(html_t *h, const antre_config_t *cfg, const page_facts_t *f);

/* The desks still ahead of a ticket that is not done (its own, and a journey's later
 * ones) whose status is limited or closed: the applicant is told, as the wall tells. */
static void notice_facts(const antre_config_t *cfg, const antre_queue_t *q, page_facts_t *f)
{
	const antre_ticket_t *t = &f->ticket;
	int ahead[ANTRE_MAX_SERVICES], n = 0;

	if (t->state != ANTRE_TS_WAITING && t->state != ANTRE_TS_CALLED &&
	    t->state != ANTRE_TS_SERVING && t->state != ANTRE_TS_DEFERRED)
		return;
	ahead[n++] = t->service;
	if (t->journey >= 0)
		for (int k = t->step + 1; k < cfg->journeys[t->journey].n_steps; k++)
			ahead[n++] = cfg->journeys[t->journey].steps[k];
	for (int i = 0; i < n; i++) {
		const char *reason = NULL;
		antre_service_status_t st = antre_queue_service_status(q, ahead[i], &reason);
		page_notice_t *pn = &f->notices[f->n_notices];

		if (st == ANTRE_SS_OPEN)
			continue;
		pn->service = ahead[i];
		pn->status = st;
		antre_strlcpy(pn->reason, reason ? reason : "", sizeof(pn->reason));
		f->n_notices++;
	}
}

static void read_facts(const antre_config_t *cfg, antre_core_t *core, const char *ticket_id,
		       page_facts_t *f)
{
	const antre_queue_t *q = antre_core_read_begin(core);
	const antre_ticket_t *t = antre_queue_find(q, ticket_id);

	memset(f, 0, sizeof(*f));
	f->seq = antre_queue_seq(q);
	t = deferral_facts(q, ticket_id, t, f);
	if (t) {
		f->found = 1;
		f->ticket = *t;
		f->ahead = antre_queue_ahead(q, t);
		f->est_wait_s = t->state == ANTRE_TS_WAITING
					? antre_queue_est_wait_s(q, t->service, f->ahead)
					: 0;
	}
	if (f->found)
		notice_facts(cfg, q, f);
	antre_core_read_end(core);
}

static void render_head(html_t *h, const antre_config_t *cfg, const page_facts_t *f)
{
	raw(h, "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">"
	       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
	raw(h, "<noscript><meta http-equiv=\"refresh\" content=\"30\"></noscript><title>");
	text(h, f->found ? f->ticket.number : "Tiket");
	raw(h, " - ");
	text(h, cfg->name);
	raw(h, "</title><link rel=\"icon\" href=\"/web/favicon.svg\" type=\"image/svg+xml\">"
	       "<link rel=\"stylesheet\" href=\"/web/ticket.css\"></head><body");
	if (f->found) {   /* what /web/ticket.js listens for */
		raw(h, " data-ticket=\"");
		text(h, f->ticket.id);
		raw(h, "\" data-service=\"");
		text(h, svc_id_of(cfg, &f->ticket));
		raw(h, "\" data-seq=\"");
		fmt(h, "%lld", (long long)f->seq);
		raw(h, "\"");
	}
	raw(h, "><header><h1>");
	text(h, cfg->name);
	raw(h, "</h1><p>");
	text(h, cfg->name_en);
	raw(h, "</p></header><main>");
}

static void render_journey(html_t *h, const antre_config_t *cfg, const antre_ticket_t *t)
{
	const antre_journey_t *j = &cfg->journeys[t->journey];

	raw(h, "<div class=\"card\"><b>");
	text(h, j->name);
	raw(h, "</b><ol>");
	for (int k = 0; k < j->n_steps; k++) {
		int done = k < t->step || t->state == ANTRE_TS_DONE;
		raw(h, done ? "<li class=\"done\">" : k == t->step ? "<li class=\"now\">" : "<li>");
		text(h, cfg->services[j->steps[k]].name);
		raw(h, "</li>");
	}
	raw(h, "</ol></div>");
}

/* One line per desk ahead that is not open as usual, in the wall's words (display/
 * board.c), Indonesian first; a closed desk takes no new tickets, but serves this one. */
static void render_notices(html_t *h, const antre_config_t *cfg, const page_facts_t *f)
{
	int holder = f->ticket.state != ANTRE_TS_DEFERRED;   /* a number of today */

	for (int i = 0; i < f->n_notices; i++) {
		const page_notice_t *n = &f->notices[i];
		const antre_service_t *svc = &cfg->services[n->service];
		const char *en = svc->name_en[0] ? svc->name_en : svc->name;
		char id_line[3 * ANTRE_TEXT_MAX], en_line[3 * ANTRE_TEXT_MAX];

		if (n->status == ANTRE_SS_CLOSED) {
			snprintf(id_line, sizeof(id_line), "%s ditutup untuk nomor baru%s%s%s", svc->name,
				 n->reason[0] ? ": " : "", n->reason,
				 holder ? " \xe2\x80\x93 nomor Anda tetap dilayani" : "");
			snprintf(en_line, sizeof(en_line), "%s is closed to new tickets%s%s%s", en,
				 n->reason[0] ? ": " : "", n->reason,
				 holder ? " \xe2\x80\x93 your number is still served" : "");
		} else if (n->reason[0]) {
			snprintf(id_line, sizeof(id_line), "%s terbatas: %s", svc->name, n->reason);
			snprintf(en_line, sizeof(en_line), "%s limited: %s", en, n->reason);
		} else {
			snprintf(id_line, sizeof(id_line), "%s: Sistem pusat gangguan \xe2\x80\x93 berkas "
				 "diterima, diproses kemudian", svc->name);
			snprintf(en_line, sizeof(en_line), "%s: Central system down \xe2\x80\x93 papers "
				 "accepted, processed later", en);
		}
		raw(h, n->status == ANTRE_SS_CLOSED ? "<div class=\"card notice bad\">"
						    : "<div class=\"card notice\">");
		text(h, id_line);
		raw(h, "<br><span class=\"en\">");
		text(h, en_line);
		raw(h, "</span></div>");
	}
}

static void render_ticket(html_t *h, const antre_config_t *cfg, const page_facts_t *f)
{
	const antre_ticket_t *t = &f->ticket;
	const antre_service_t *svc = &cfg->services[t->service];

	raw(h, "<div class=\"card\"><div class=\"en\" style=\"text-align:center\">Nomor Antrian"
	       " / Queue Number</div><div class=\"num\" id=\"number\">");
	text(h, t->number);
	raw(h, "</div>");
	state_line(h, cfg, t);
	raw(h, "</div>");
	render_notices(h, cfg, f);
	raw(h, "<div class=\"card\"><dl><dt>Layanan<br><span class=\"en\">Service</span>"
	       "</dt><dd>");
	text(h, svc->name);
	raw(h, "<br><span class=\"en\">");
	text(h, svc->name_en);
	raw(h, "</span></dd>");
	if (t->state == ANTRE_TS_WAITING) {
		raw(h, "<dt>Di depan Anda<br><span class=\"en\">Ahead of you</span></dt><dd>");
		fmt(h, "%d orang / people", f->ahead);
		raw(h, "</dd><dt>Perkiraan tunggu<br><span class=\"en\">Estimated wait</span>"
		       "</dt><dd>");
		if (f->est_wait_s == ANTRE_EST_UNKNOWN)
			raw(h, "Belum ada loket yang buka<br><span class=\"en\">No counter open "
			       "yet</span>");
		else if (f->ahead == 0)
			raw(h, "segera / soon");
		else
			fmt(h, "± %d menit / min", (f->est_wait_s + 59) / 60);
		raw(h, "</dd>");
	}
	render_return(h, cfg, f);
	raw(h, "</dl></div>");
	if (t->journey >= 0)
		render_journey(h, cfg, t);
}

static void get_ticket_page(api_req_t *req, api_resp_t *resp)
{
	const antre_config_t *cfg = req->cfg;
	page_facts_t f;
	html_t h = { NULL, 0, 0 };

	read_facts(cfg, req->core, req->params[0], &f);   /* the only part under the lock */
	render_head(&h, cfg, &f);
	if (f.found) {
		render_ticket(&h, cfg, &f);
		resp->status = 200;
	} else {
		raw(&h, "<div class=\"card\"><div class=\"state gone\">Tiket tidak ditemukan untuk hari ini"
			"<br><span class=\"en\">No ticket with this code today</span></div></div>");
		resp->status = 404;
	}
	raw(&h, "</main><footer>");   /* the office's own last words, as on the paper */
	text(&h, cfg->ticket_footer);
	if (cfg->ticket_footer_en[0]) {
		raw(&h, "<br><span class=\"en\">");
		text(&h, cfg->ticket_footer_en);
		raw(&h, "</span>");
	}
	raw(&h, "</footer>");
	if (f.found)   /* live: /web/ticket.js reloads the page when its facts change */
		raw(&h, "<script src=\"/web/protocol.js\"></script>"
			"<script src=\"/web/ticket.js\"></script>");
	raw(&h, "</body></html>");
	resp->content_type = "text/html; charset=utf-8";
	resp->body = h.buf;
}

const api_route_t api_routes_pages[] = {
	{ "GET", "/t/{}", get_ticket_page },
	{ NULL, NULL, NULL },
};
