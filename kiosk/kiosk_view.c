/* The kiosk screens, drawn with the shared screen text (firmware/ui). */
#include "kiosk_view.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui.h"

static const SDL_Color INK = { 0x1b, 0x24, 0x30, 255 }, WHITE = { 255, 255, 255, 255 },
		       MUTED = { 0x5b, 0x66, 0x75, 255 }, BLUE = { 0x0b, 0x53, 0x94, 255 },
		       GREEN = { 0x0a, 0x7d, 0x32, 255 }, RED = { 0xa6, 0x1b, 0x1b, 255 },
		       AMBER = { 0xff, 0xf4, 0xce, 255 }, PAPER = { 0xf4, 0xf6, 0xf8, 255 };

static SDL_Rect rect(kiosk_rect_t r)
{
	return (SDL_Rect){ r.x, r.y, r.w, r.h };
}

static void header(ui_t *ui, const kiosk_office_t *o, const kiosk_layout_t *l,
		   const kiosk_model_t *m, int64_t wall_ms)
{
	static const char *const days_id[] = { "Minggu", "Senin", "Selasa", "Rabu", "Kamis",
					       "Jumat", "Sabtu" };
	static const char *const days_en[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
					       "Thursday", "Friday", "Saturday" };
	SDL_Rect h = rect(l->header);
	int pad = h.h / 8;
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	char clock[96];

	localtime_r(&t, &tm);
	snprintf(clock, sizeof(clock), "%s, %02d-%02d-%04d  %02d:%02d",
		 m->lang == KIOSK_LANG_ID ? days_id[tm.tm_wday] : days_en[tm.tm_wday], tm.tm_mday,
		 tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	ui_fill(ui, h, BLUE);
	ui_text(ui, m->lang == KIOSK_LANG_ID ? o->name : o->name_en,
		 (SDL_Rect){ pad, pad, h.w * 3 / 4 - 2 * pad, h.h * 6 / 10 - pad }, h.h / 3, 1, WHITE,
		 0, 2);
	ui_text(ui, clock, (SDL_Rect){ pad, h.h * 6 / 10, h.w * 3 / 4 - 2 * pad, h.h * 4 / 10 - pad },
		 h.h / 5, 0, WHITE, 0, 1);
}

static void home(ui_t *ui, const kiosk_model_t *m, const kiosk_layout_t *l)
{
	for (int i = 0; i < l->n; i++) {
		const kiosk_button_t *b = &l->buttons[i];
		SDL_Rect r = rect(b->r);
		int pad = r.h / 10 > 8 ? r.h / 10 : 8;
		SDL_Rect label = { r.x + pad, r.y + pad, r.w - 2 * pad, r.h * 45 / 100 };
		SDL_Rect sub = { r.x + pad, r.y + r.h * 55 / 100, r.w - 2 * pad, r.h * 18 / 100 };
		SDL_Rect info = { r.x + pad, r.y + r.h * 74 / 100, r.w - 2 * pad, r.h * 20 / 100 };
		const kiosk_count_t *c = kiosk_model_count(m, b->id);
		char line[128];

		if (strcmp(b->id, "lang") == 0) {
			ui_frame(ui, r, WHITE, 3);
			ui_text(ui, b->label, (SDL_Rect){ r.x + 8, r.y + 4, r.w - 16, r.h - 8 }, r.h / 3,
				 1, WHITE, 1, 1);
			continue;
		}
		if (strcmp(b->id, "priority") == 0) {
			ui_fill(ui, r, AMBER);
			ui_frame(ui, r, m->priority ? GREEN : MUTED, m->priority ? 6 : 2);
			ui_text(ui, b->label, (SDL_Rect){ r.x + pad, r.y + 4, r.w - 2 * pad, r.h - 8 },
				 r.h / 3, 1, INK, 1, 1);
			continue;
		}
		ui_fill(ui, r, b->journey ? GREEN : WHITE);
		ui_frame(ui, r, b->journey ? GREEN : BLUE, 3);
		if (b->journey) {
			label.h = r.h * 50 / 100;
			sub = (SDL_Rect){ r.x + pad, r.y + r.h * 60 / 100, r.w - 2 * pad, r.h * 30 / 100 };
		}
		ui_text(ui, b->label, label, r.h / 4, 1, b->journey ? WHITE : INK, 1, 2);
		ui_text(ui, b->sublabel, sub, r.h / 7, 0, b->journey ? WHITE : MUTED, 1, 1);
		if (c && !b->journey) {
			if (c->waiting == 0)
				snprintf(line, sizeof(line), "%s", m->lang == KIOSK_LANG_ID
					 ? "Tidak ada antrian - langsung dilayani" : "Nobody waiting");
			else if (m->lang == KIOSK_LANG_ID)
				snprintf(line, sizeof(line), "%d menunggu - sekitar %d menit", c->waiting,
					 (c->est_wait_s + 59) / 60);
			else
				snprintf(line, sizeof(line), "%d waiting - about %d min", c->waiting,
					 (c->est_wait_s + 59) / 60);
			ui_text(ui, line, info, r.h / 7, 0, BLUE, 1, 1);
		}
	}
}

/* A full-screen message in both languages, the screen's language first. */
static void message(ui_t *ui, const kiosk_model_t *m, const kiosk_layout_t *l,
		    SDL_Color accent, const char *id_title, const char *en_title, const char *id_text,
		    const char *en_text, const char *detail)
{
	int top = l->header.h, w = l->w, h = l->h - top, pad = w / 20;
	SDL_Rect band = { 0, top, w, h / 40 > 8 ? h / 40 : 8 };
	int first_en = m->lang == KIOSK_LANG_EN;

	ui_fill(ui, band, accent);
	ui_text(ui, first_en ? en_title : id_title, (SDL_Rect){ pad, top + h / 10, w - 2 * pad, h / 6 },
		 h / 10, 1, accent, 1, 2);
	ui_text(ui, first_en ? en_text : id_text, (SDL_Rect){ pad, top + h * 30 / 100, w - 2 * pad, h / 7 },
		 h / 18, 0, INK, 1, 3);
	ui_text(ui, first_en ? id_title : en_title, (SDL_Rect){ pad, top + h * 50 / 100, w - 2 * pad,
								h / 10 }, h / 16, 1, MUTED, 1, 2);
	ui_text(ui, first_en ? id_text : en_text, (SDL_Rect){ pad, top + h * 62 / 100, w - 2 * pad,
							      h / 8 }, h / 24, 0, MUTED, 1, 3);
	if (detail && detail[0])
		ui_text(ui, detail, (SDL_Rect){ pad, top + h * 84 / 100, w - 2 * pad, h / 12 }, h / 40, 0,
			 MUTED, 1, 2);
}

static void ticket(ui_t *ui, const kiosk_model_t *m, const kiosk_layout_t *l)
{
	int top = l->header.h, w = l->w, h = l->h - top, pad = w / 20;
	char line[256];
	int id = m->lang == KIOSK_LANG_ID;

	ui_text(ui, id ? "Nomor antrian Anda" : "Your queue number",
		 (SDL_Rect){ pad, top + h / 30, w - 2 * pad, h / 12 }, h / 16, 0, MUTED, 1, 1);
	ui_text(ui, m->number, (SDL_Rect){ pad, top + h / 9, w - 2 * pad, h * 36 / 100 }, h / 3, 1,
		 BLUE, 1, 1);
	ui_text(ui, id ? m->service : (m->service_en[0] ? m->service_en : m->service),
		 (SDL_Rect){ pad, top + h * 48 / 100, w - 2 * pad, h / 10 }, h / 14, 1, INK, 1, 2);
	if (m->ahead == 0)
		snprintf(line, sizeof(line), "%s", id ? "Anda berikutnya - tunggu panggilan"
						      : "You are next - wait for your call");
	else if (id)
		snprintf(line, sizeof(line), "%d orang di depan Anda  -  +/- %d menit", m->ahead,
			 (m->est_wait_s + 59) / 60);
	else
		snprintf(line, sizeof(line), "%d people ahead of you  -  about %d min", m->ahead,
			 (m->est_wait_s + 59) / 60);
	ui_text(ui, line, (SDL_Rect){ pad, top + h * 60 / 100, w - 2 * pad, h / 12 }, h / 20, 0, INK,
		 1, 2);
	ui_fill(ui, (SDL_Rect){ pad, top + h * 74 / 100, w - 2 * pad, h / 6 }, GREEN);
	ui_text(ui, id ? "Silakan ambil tiket Anda" : "Please take your ticket",
		 (SDL_Rect){ pad * 2, top + h * 75 / 100, w - 4 * pad, h / 10 }, h / 14, 1, WHITE, 1, 1);
	ui_text(ui, id ? "Please take your ticket" : "Silakan ambil tiket Anda",
		 (SDL_Rect){ pad * 2, top + h * 84 / 100, w - 4 * pad, h / 20 }, h / 28, 0, WHITE, 1, 1);
}

void kiosk_view_draw(ui_t *ui, const kiosk_model_t *m, const kiosk_office_t *o,
		     const kiosk_layout_t *l, int64_t wall_ms, int64_t now_ms)
{
	ui_clear(ui, PAPER);
	header(ui, o, l, m, wall_ms);
	switch (m->screen) {
	case KIOSK_HOME:
		home(ui, m, l);
		break;
	case KIOSK_ISSUING: {
		/* a moving bar: the screen is alive while the request is in flight */
		int w = l->w / 3, x = (int)((now_ms / 4) % (l->w + w)) - w;
		message(ui, m, l, BLUE, "Mohon tunggu...", "Please wait...", "Tiket Anda sedang dibuat",
			"Your ticket is being made", "");
		ui_fill(ui, (SDL_Rect){ x, l->h - l->h / 20, w, l->h / 60 }, BLUE);
		break;
	}
	case KIOSK_TICKET:
		ticket(ui, m, l);
		break;
	case KIOSK_PRINTER_FAULT:
		message(ui, m, l, RED,
			m->printer.state == ANTRE_PRINTER_PAPER_OUT ? "Kertas tiket habis"
								    : "Printer tidak siap",
			m->printer.state == ANTRE_PRINTER_PAPER_OUT ? "Out of ticket paper"
								    : "Printer not ready",
			"Tidak ada tiket yang dibuat. Silakan hubungi petugas.",
			"No ticket was issued. Please ask a staff member for help.",
			m->printer.message);
		break;
	case KIOSK_PRINT_FAILED:
		message(ui, m, l, RED, "Tiket gagal dicetak", "The ticket could not be printed",
			"Nomor ini dibatalkan dan tidak akan dipanggil. Silakan hubungi petugas.",
			"That number was cancelled and will not be called. Please ask a staff member.",
			m->printer.message);
		break;
	case KIOSK_UNAVAILABLE:
		message(ui, m, l, RED, "Layanan sementara tidak tersedia",
			"Service temporarily unavailable",
			"Mohon tunggu, kami mencoba menyambung kembali. Silakan hubungi petugas.",
			"Please wait, we are reconnecting. Please ask a staff member.", "");
		break;
	}
}
