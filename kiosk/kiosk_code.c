/* A returning applicant's code: scanner timing, keypad entry, the date in words. */
#include "kiosk_code.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void kiosk_scan_init(kiosk_scan_t *s)
{
	memset(s, 0, sizeof(*s));
}

static void drop(kiosk_scan_t *s)
{
	s->n = 0;
	s->over = 0;
	s->buf[0] = '\0';
}

kiosk_scan_out_t kiosk_scan_tick(kiosk_scan_t *s, int64_t now_ms, char *key)
{
	int lone = s->n == 1 && !s->over;
	if (s->n == 0 || now_ms - s->last_ms < KIOSK_SCAN_GAP_MS)
		return KIOSK_SCAN_NONE;
	if (lone && key)
		*key = s->buf[0];
	drop(s);   /* more keys without Enter: not a scan a scanner finished */
	return lone ? KIOSK_SCAN_KEY : KIOSK_SCAN_NONE;
}

kiosk_scan_out_t kiosk_scan_char(kiosk_scan_t *s, char c, int64_t now_ms, char *key)
{
	kiosk_scan_out_t before;
	if ((unsigned char)c < 0x21 || (unsigned char)c > 0x7e)
		return KIOSK_SCAN_NONE;
	before = kiosk_scan_tick(s, now_ms, key);   /* the keys before a quiet are done */
	if (s->n < KIOSK_SCAN_MAX) {
		s->buf[s->n++] = c;
		s->buf[s->n] = '\0';
	} else {
		s->over = 1;
	}
	s->last_ms = now_ms;
	return before;
}

kiosk_scan_out_t kiosk_scan_enter(kiosk_scan_t *s, int64_t now_ms, char *out, size_t cap)
{
	int scan = s->n >= 2 && !s->over && now_ms - s->last_ms < KIOSK_SCAN_GAP_MS &&
		   cap > (size_t)s->n;
	if (scan)
		snprintf(out, cap, "%s", s->buf);
	drop(s);
	return scan ? KIOSK_SCAN_CODE : KIOSK_SCAN_NONE;
}

int kiosk_scan_pending(const kiosk_scan_t *s)
{
	return s->n > 0;
}

void kiosk_entry_clear(kiosk_entry_t *e)
{
	memset(e, 0, sizeof(*e));
}

int kiosk_entry_add(kiosk_entry_t *e, char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == '\0' || strchr(KIOSK_CODE_ALPHABET, c) == NULL || e->n >= KIOSK_CODE_LEN)
		return -1;
	e->c[e->n++] = c;
	e->c[e->n] = '\0';
	return 0;
}

void kiosk_entry_backspace(kiosk_entry_t *e)
{
	if (e->n > 0)
		e->c[--e->n] = '\0';
}

int kiosk_entry_complete(const kiosk_entry_t *e)
{
	return e->n == KIOSK_CODE_LEN;
}

void kiosk_entry_format(const kiosk_entry_t *e, char *out, size_t cap)
{
	if (e->n <= KIOSK_CODE_LEN / 2)
		snprintf(out, cap, "%s", e->c);
	else
		snprintf(out, cap, "%.*s-%s", KIOSK_CODE_LEN / 2, e->c, e->c + KIOSK_CODE_LEN / 2);
}

/* "YYYY-MM-DD" exactly, digits where digits belong: 1 with its numbers. */
static int digits_date(const char *s, int *y, int *m, int *d)
{
	int v[3] = { 0, 0, 0 }, k = 0;
	if (s == NULL || strlen(s) != 10)
		return 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
			k++;
		} else if (s[i] >= '0' && s[i] <= '9') {
			v[k] = v[k] * 10 + (s[i] - '0');
		} else {
			return 0;
		}
	}
	*y = v[0];
	*m = v[1];
	*d = v[2];
	return 1;
}

/* A real day from 1970 on, with its weekday: timegm normalises an impossible one
 * (2027-02-29 comes back as 1 March), so a date is real when it comes back as it went. */
static int real_date(const char *ymd, struct tm *tm)
{
	int y, m, d;
	if (!digits_date(ymd, &y, &m, &d) || y < 1970 || m < 1 || m > 12 || d < 1)
		return 0;
	*tm = (struct tm){ .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
	return timegm(tm) != (time_t)-1 && tm->tm_mon == m - 1 && tm->tm_mday == d;
}

int kiosk_date_words(const char *ymd, int en, char *out, size_t cap)
{
	static const char *const days_id[] = { "Minggu", "Senin", "Selasa", "Rabu", "Kamis",
					       "Jumat", "Sabtu" };
	static const char *const days_en[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
					       "Thursday", "Friday", "Saturday" };
	static const char *const months_id[] = { "Januari", "Februari", "Maret", "April", "Mei",
						 "Juni", "Juli", "Agustus", "September", "Oktober",
						 "November", "Desember" };
	static const char *const months_en[] = { "January", "February", "March", "April", "May",
						 "June", "July", "August", "September", "October",
						 "November", "December" };
	struct tm tm;

	if (!real_date(ymd, &tm)) {
		snprintf(out, cap, "%s", ymd ? ymd : "");
		return -1;
	}
	snprintf(out, cap, "%s, %d %s %d", en ? days_en[tm.tm_wday] : days_id[tm.tm_wday],
		 tm.tm_mday, en ? months_en[tm.tm_mon] : months_id[tm.tm_mon], tm.tm_year + 1900);
	return 0;
}
