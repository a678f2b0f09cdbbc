/* A returning applicant's code at the kiosk (docs/journeys.md): what a USB barcode
 * scanner types, the on-screen keypad's entry, and the return date in words. Pure: the
 * time of every key is an argument. */
#ifndef ANTRE_KIOSK_CODE_H
#define ANTRE_KIOSK_CODE_H

#include <stddef.h>
#include <stdint.h>

/* The engine's code alphabet (firmware/engine/queue.h ANTRE_CODE_ALPHABET): no 0/O,
 * 1/I/L. A code is 8 of them, printed XXXX-XXXX. */
#define KIOSK_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define KIOSK_CODE_LEN 8

/* A scanner types a whole code, id or status URL with keys well under this apart and
 * Enter after it; a person's keys are further apart. A lone key with this much quiet
 * after it is a key of its own (a shortcut such as 's', speech). */
#define KIOSK_SCAN_GAP_MS 300
#define KIOSK_SCAN_MAX 200   /* what POST /api/v1/tickets {"resume"} takes */

typedef struct {
	char buf[KIOSK_SCAN_MAX + 1];
	int n;
	int over;          /* more than KIOSK_SCAN_MAX came: not a code */
	int64_t last_ms;   /* the last key's time */
} kiosk_scan_t;

typedef enum {
	KIOSK_SCAN_NONE,   /* nothing yet (keys gathered, or dropped) */
	KIOSK_SCAN_CODE,   /* a scan ended: *out holds what it typed */
	KIOSK_SCAN_KEY,    /* a lone key: *key is it */
} kiosk_scan_out_t;

void kiosk_scan_init(kiosk_scan_t *s);
/* A printable character typed at now_ms. Keys that came before a quiet of
 * KIOSK_SCAN_GAP_MS are done with first: a lone one is KIOSK_SCAN_KEY (*key), more
 * without Enter are dropped; c starts anew. Other characters (controls, spaces, bytes
 * outside ASCII) are ignored. */
kiosk_scan_out_t kiosk_scan_char(kiosk_scan_t *s, char c, int64_t now_ms, char *key);
/* Enter (or Tab, a scanner's other suffix) at now_ms: two characters or more, each
 * less than KIOSK_SCAN_GAP_MS after the one before and Enter too, are a scan:
 * KIOSK_SCAN_CODE with them in out (cap bytes, at least KIOSK_SCAN_MAX + 1). Anything
 * else is dropped (a lone key before Enter is no shortcut either). */
kiosk_scan_out_t kiosk_scan_enter(kiosk_scan_t *s, int64_t now_ms, char *out, size_t cap);
/* Time passes: a lone key with KIOSK_SCAN_GAP_MS of quiet after it is KIOSK_SCAN_KEY;
 * more keys without Enter are dropped. */
kiosk_scan_out_t kiosk_scan_tick(kiosk_scan_t *s, int64_t now_ms, char *key);
/* Keys are gathered: the caller waits for them (lone-key shortcuts come later). */
int kiosk_scan_pending(const kiosk_scan_t *s);

/* The keypad's entry: at most KIOSK_CODE_LEN characters of the alphabet. */
typedef struct {
	char c[KIOSK_CODE_LEN + 1];
	int n;
} kiosk_entry_t;

void kiosk_entry_clear(kiosk_entry_t *e);
/* Add c (a lower-case letter is taken as upper case); 0, or -1 when it is no code
 * character or the entry is full (nothing changes). */
int kiosk_entry_add(kiosk_entry_t *e, char c);
void kiosk_entry_backspace(kiosk_entry_t *e);
int kiosk_entry_complete(const kiosk_entry_t *e);
/* As the ticket prints it: "K7QX-M2PA"; while typed "K7Q" or "K7QX-M". */
void kiosk_entry_format(const kiosk_entry_t *e, char *out, size_t cap);

/* "YYYY-MM-DD" in words: "Senin, 7 Desember 2026" or "Monday, 7 December 2026".
 * Returns 0, or -1 (out holds the text as it came) for anything but a real date. */
int kiosk_date_words(const char *ymd, int en, char *out, size_t cap);

#endif
