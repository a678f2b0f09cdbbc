/* What the wall display says: numbers and counters as Indonesian (or English) words for
 * espeak-ng, and the office's announcement phrase filled in. Pure. */
#ifndef ANTRE_SPEECH_H
#define ANTRE_SPEECH_H

#include <stddef.h>

typedef enum { SPEECH_ID, SPEECH_EN } speech_lang_t;

/* 0..9999 in words: 17 → "tujuh belas" / "seventeen". Returns the length. */
size_t speech_number_words(int n, speech_lang_t lang, char *out, size_t cap);
/* A ticket number read out character by character: "A017" → "A nol satu tujuh". */
size_t speech_ticket(const char *number, speech_lang_t lang, char *out, size_t cap);
/* Any text with its numbers as words: "Loket 12" → "Loket dua belas". */
size_t speech_numbers_as_words(const char *text, speech_lang_t lang, char *out, size_t cap);
/* The phrase an office without its own `announce` gets (the wall display and antred's
 * rendered announcements say the same). */
#define SPEECH_DEFAULT_ANNOUNCE "Nomor antrian, {number}, silakan menuju {counter}"

/* A counter's name up to its number: "Loket 2 Kependudukan" → "Loket 2". */
void speech_counter_short(const char *name, char *out, size_t cap);
/* The template with {number} and {counter} filled in for speaking. */
size_t speech_announcement(const char *tmpl, const char *number, const char *counter,
			   speech_lang_t lang, char *out, size_t cap);

#endif
