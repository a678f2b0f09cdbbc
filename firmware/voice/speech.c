/* Indonesian and English number words for announcements. */
#include "speech.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const digits_id[] = { "nol", "satu", "dua", "tiga", "empat",
					 "lima", "enam", "tujuh", "delapan", "sembilan" };
static const char *const digits_en[] = { "zero", "one", "two", "three", "four",
					 "five", "six", "seven", "eight", "nine" };
static const char *const teens_en[] = { "ten", "eleven", "twelve", "thirteen", "fourteen",
					"fifteen", "sixteen", "seventeen", "eighteen", "nineteen" };
static const char *const tens_en[] = { "", "", "twenty", "thirty", "forty", "fifty", "sixty",
				       "seventy", "eighty", "ninety" };

typedef struct {
	char *out;
	size_t cap, len;
} sbuf_t;

static void put(sbuf_t *b, const char *s)
{
	if (b->len > 0 && b->len + 1 < b->cap && b->out[b->len - 1] != ' ')
		b->out[b->len++] = ' ';
	while (*s && b->len + 1 < b->cap)
		b->out[b->len++] = *s++;
	b->out[b->len] = '\0';
}

/* Indonesian: se- for one (sepuluh, sebelas, seratus, seribu), belas, puluh, ratus, ribu. */
static void words_id(sbuf_t *b, int n)
{
	if (n >= 1000) {
		if (n / 1000 == 1)
			put(b, "seribu");
		else {
			words_id(b, n / 1000);
			put(b, "ribu");
		}
		if (n % 1000)
			words_id(b, n % 1000);
	} else if (n >= 100) {
		if (n / 100 == 1)
			put(b, "seratus");
		else {
			put(b, digits_id[n / 100]);
			put(b, "ratus");
		}
		if (n % 100)
			words_id(b, n % 100);
	} else if (n >= 20) {
		put(b, digits_id[n / 10]);
		put(b, "puluh");
		if (n % 10)
			put(b, digits_id[n % 10]);
	} else if (n >= 12) {
		put(b, digits_id[n % 10]);
		put(b, "belas");
	} else if (n == 11) {
		put(b, "sebelas");
	} else if (n == 10) {
		put(b, "sepuluh");
	} else {
		put(b, digits_id[n]);
	}
}

static void words_en(sbuf_t *b, int n)
{
	if (n >= 1000) {
		words_en(b, n / 1000);
		put(b, "thousand");
		if (n % 1000)
			words_en(b, n % 1000);
	} else if (n >= 100) {
		put(b, digits_en[n / 100]);
		put(b, "hundred");
		if (n % 100)
			words_en(b, n % 100);
	} else if (n >= 20) {
		put(b, tens_en[n / 10]);
		if (n % 10)
			put(b, digits_en[n % 10]);
	} else if (n >= 10) {
		put(b, teens_en[n - 10]);
	} else {
		put(b, digits_en[n]);
	}
}

size_t speech_number_words(int n, speech_lang_t lang, char *out, size_t cap)
{
	sbuf_t b = { out, cap, 0 };
	out[0] = '\0';
	if (n < 0 || n > 9999)
		n = 0;
	if (lang == SPEECH_ID)
		words_id(&b, n);
	else
		words_en(&b, n);
	return b.len;
}

size_t speech_ticket(const char *number, speech_lang_t lang, char *out, size_t cap)
{
	sbuf_t b = { out, cap, 0 };
	out[0] = '\0';
	for (const char *p = number; *p; p++) {
		char one[2] = { *p, 0 };
		if (isdigit((unsigned char)*p))
			put(&b, lang == SPEECH_ID ? digits_id[*p - '0'] : digits_en[*p - '0']);
		else
			put(&b, one);
	}
	return b.len;
}

/* Append s to out (length *len, capacity cap), cutting at the end of the buffer. */
static void append(char *out, size_t cap, size_t *len, const char *s)
{
	*len += (size_t)snprintf(out + *len, cap - *len, "%s", s);
	if (*len >= cap)
		*len = cap - 1;
}

size_t speech_numbers_as_words(const char *text, speech_lang_t lang, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	while (*text && len + 1 < cap) {
		if (isdigit((unsigned char)*text)) {
			int n = 0, k = 0;
			char words[128];
			while (isdigit((unsigned char)text[k]) && k < 4)
				n = n * 10 + (text[k++] - '0');
			text += k;
			speech_number_words(n, lang, words, sizeof(words));
			append(out, cap, &len, words);
		} else {
			out[len++] = *text++;
			out[len] = '\0';
		}
	}
	return len;
}

size_t speech_announcement(const char *tmpl, const char *number, const char *counter,
			   speech_lang_t lang, char *out, size_t cap)
{
	char spoken_number[256], spoken_counter[256];
	size_t len = 0;

	speech_ticket(number, lang, spoken_number, sizeof(spoken_number));
	speech_numbers_as_words(counter, lang, spoken_counter, sizeof(spoken_counter));
	out[0] = '\0';
	while (*tmpl && len + 1 < cap) {
		const char *fill = NULL;
		if (strncmp(tmpl, "{number}", 8) == 0) {
			fill = spoken_number;
			tmpl += 8;
		} else if (strncmp(tmpl, "{counter}", 9) == 0) {
			fill = spoken_counter;
			tmpl += 9;
		}
		if (fill) {
			append(out, cap, &len, fill);
		} else {
			out[len++] = *tmpl++;
			out[len] = '\0';
		}
	}
	return len;
}

void speech_counter_short(const char *name, char *out, size_t cap)
{
	size_t n = strcspn(name, "0123456789");
	if (name[n] != '\0')
		n += strspn(name + n, "0123456789");
	snprintf(out, cap, "%.*s", (int)n, name);
}
