/* UTF-8 to printer-safe ASCII. ESC/POS printers print raw UTF-8 bytes as two or three
 * code-page glyphs of garbage; Indonesian needs only ASCII, so names with accents or
 * curly quotes are folded rather than mangled. */
#include <stdint.h>
#include <string.h>

#include "ticket_layout.h"

/* Decode one UTF-8 sequence; returns its length (1 for a bad byte, as U+FFFD). */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
	    (s[3] & 0xC0) == 0x80) {
		*cp = 0x10000;   /* outside the BMP: nothing a receipt font has */
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

/* Latin-1 Supplement letters U+00C0..U+00FF to their base letters. */
static const char latin1[] =
	"AAAAAAACEEEEIIII" "DNOOOOOxOUUUUYTs" "aaaaaaaceeeeiiii" "dnooooo/ouuuuyty";

static const char *fold(uint32_t cp)
{
	static char one[2];
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x2032: return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x2033: return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212: return "-";
	case 0x2026: return "...";
	case 0x2022: case 0x00B7: return "*";
	case 0x2192: return "->";
	case 0x2190: return "<-";
	case 0x00A0: case 0x2009: case 0x202F: return " ";
	case 0x00D7: return "x";
	case 0x00AB: return "<<";
	case 0x00BB: return ">>";
	default: break;
	}
	if (cp >= 0xC0 && cp <= 0xFF) {
		one[0] = latin1[cp - 0xC0];
		one[1] = '\0';
		return one;
	}
	return "?";
}

size_t antre_print_ascii(const char *utf8, char *out, size_t cap)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t len = 0;

	while (*s && len + 1 < cap) {
		uint32_t cp;
		size_t n = decode(s, &cp);
		const char *rep;
		char one[2];
		if (cp < 0x80) {
			one[0] = (char)(cp >= 0x20 && cp != 0x7F ? cp : ' ');
			one[1] = '\0';
			rep = one;
		} else {
			rep = fold(cp);
		}
		for (; *rep && len + 1 < cap; rep++)
			out[len++] = *rep;
		s += n;
	}
	out[len] = '\0';
	return len;
}
