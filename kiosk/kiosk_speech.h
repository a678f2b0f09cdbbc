/* The kiosk's speech mode: the issued number and the first desk said aloud (chime +
 * espeak-ng through SDL audio) on a thread of its own, never on the UI thread. */
#ifndef ANTRE_KIOSK_SPEECH_H
#define ANTRE_KIOSK_SPEECH_H

typedef struct kiosk_speech kiosk_speech_t;

/* The thread; SDL's audio subsystem must be initialised. NULL if it cannot start. */
kiosk_speech_t *kiosk_speech_start(void);
/* Say number and desk in lang ("id" or "en"); a newer request replaces one not yet
 * begun. Copies the strings; returns at once. NULL s: nothing. */
void kiosk_speech_say(kiosk_speech_t *s, const char *number, const char *desk, const char *lang);
void kiosk_speech_stop(kiosk_speech_t *s);

/* The sentence for number and desk (pure; speech.h words): "Nomor antrian Anda, A nol
 * nol satu. Silakan menuju Dinas Tenaga Kerja." Returns the length. */
int kiosk_speech_text(const char *number, const char *desk, int en, char *out, int cap);

#endif
