/* The service manager's notification socket (sd_notify's protocol, written here: one
 * datagram to $NOTIFY_SOCKET, so antred needs no libsystemd and runs the same without
 * systemd). */
#ifndef ANTRE_NOTIFY_H
#define ANTRE_NOTIFY_H

#include <stdint.h>

/* Send state ("READY=1", "WATCHDOG=1", "RELOADING=1", ...) when NOTIFY_SOCKET is set.
 * Returns 1 when sent, 0 when there is no socket, -1 when sending failed. */
int antre_notify(const char *state);

/* How often the watchdog wants a keep-alive, in ms: half of $WATCHDOG_USEC when it is
 * set for this process (WATCHDOG_PID absent or ours), else 0. */
int64_t antre_notify_watchdog_ms(void);

#endif
