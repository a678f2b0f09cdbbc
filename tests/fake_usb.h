/* A USB thermal printer faked with umockdev, for the USB test and the print benchmark:
 * libusb sees a printer-class device (0416:5011) whose bulk OUT bytes are recorded and
 * whose bulk IN answers DLE EOT 4 with a chosen status byte. Needs umockdev-wrapper. */
#ifndef ANTRE_FAKE_USB_H
#define ANTRE_FAKE_USB_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <umockdev.h>

typedef struct {
	pthread_mutex_t lock;
	uint8_t *out;                  /* every byte sent to bulk OUT */
	size_t out_n;
	uint8_t status;                /* DLE EOT 4 answer: 0x12 paper ok, 0x72 paper end */
	double last_out_ms;            /* CLOCK_MONOTONIC ms of the last OUT transfer */
	int stall_next;                /* refuse (STALL) the next N bulk OUT transfers */
	UMockdevIoctlData *queue[64];  /* submitted URBs waiting to be reaped */
	int queued;
} fake_printer_t;

extern fake_printer_t fake;

/* 1 when running under umockdev-wrapper. */
int fake_usb_available(void);
/* Add the printer to a new testbed; returns it, or NULL (message on stderr). */
UMockdevTestbed *fake_usb_start(void);
void fake_usb_stop(UMockdevTestbed *bed);
/* Forget recorded bytes and set the status byte. */
void fake_usb_reset(uint8_t status);

#define FAKE_USB_SYSFS "/sys/devices/pci0000:00/usb1/1-1"

#endif
