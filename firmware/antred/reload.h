/* SIGHUP: what of a re-read config antred takes while running (texts, tokens, printers)
 * and what needs a restart (anything that numbers, routes or stores tickets). */
#ifndef ANTRE_RELOAD_H
#define ANTRE_RELOAD_H

#include <stddef.h>

#include "config.h"

/* 0 when fresh differs from run only in what antre_reload_apply takes; else -1 and a
 * sentence in why naming the first structural change (a prefix, a service removed...). */
int antre_reload_check(const antre_config_t *run, const antre_config_t *fresh, char *why,
		       size_t cap);

/* Copy into run what may change while running: the office's names, marquee and
 * public_url; service and journey names and estimates; counter names; the tokens;
 * kiosk printers and paper; display phrases and audio; device addresses. */
void antre_reload_apply(antre_config_t *run, const antre_config_t *fresh);

#endif
