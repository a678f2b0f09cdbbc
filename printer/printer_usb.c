/* usb:auto and usb:VID:PID printers through libusb: the printer-class interface, bulk
 * OUT for the ticket, bulk IN for DLE EOT 4 paper status. Writes follow the retry rules
 * of CUPS's own USB backend: a timeout keeps what was already sent (nothing goes twice),
 * a stall clears the halt and retries, an interrupted transfer retries; anything else
 * gives up with the reason. */
#include <ctype.h>
#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer_backend.h"

#define USB_CHUNK 4096
#define USB_TIMEOUT_MS 2000
#define USB_MAX_STALLS 3

typedef struct {
	antre_printer_t base;
	int any;                   /* usb:auto */
	uint16_t vid, pid;
	char label[32];
} usb_printer_t;

typedef struct {
	libusb_context *ctx;
	libusb_device_handle *h;
	int iface;
	unsigned char ep_out, ep_in;   /* ep_in 0: the printer cannot report status */
} usb_link_t;

/* The first interface of class 7 (printer) with a bulk OUT endpoint. */
static int find_printer_iface(libusb_device *dev, int *iface, unsigned char *out, unsigned char *in)
{
	struct libusb_config_descriptor *cfg = NULL;
	int found = 0;

	if (libusb_get_active_config_descriptor(dev, &cfg) != 0 &&
	    libusb_get_config_descriptor(dev, 0, &cfg) != 0)
		return 0;
	for (int i = 0; i < cfg->bNumInterfaces && !found; i++) {
		const struct libusb_interface_descriptor *alt = &cfg->interface[i].altsetting[0];
		if (cfg->interface[i].num_altsetting < 1 || alt->bInterfaceClass != LIBUSB_CLASS_PRINTER)
			continue;
		*out = *in = 0;
		for (int e = 0; e < alt->bNumEndpoints; e++) {
			const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];
			if ((ep->bmAttributes & 3) != LIBUSB_TRANSFER_TYPE_BULK)
				continue;
			if (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN)
				*in = ep->bEndpointAddress;
			else
				*out = ep->bEndpointAddress;
		}
		if (*out) {
			*iface = alt->bInterfaceNumber;
			found = 1;
		}
	}
	libusb_free_config_descriptor(cfg);
	return found;
}

static void usb_unlink(usb_link_t *link)
{
	if (link->h) {
		libusb_release_interface(link->h, link->iface);
		libusb_close(link->h);
	}
	if (link->ctx)
		libusb_exit(link->ctx);
	memset(link, 0, sizeof(*link));
}

/* Open and claim the printer, fresh each time (a printer may be replugged). */
static int usb_link(usb_printer_t *p, usb_link_t *link, antre_printer_status_t *st)
{
	libusb_device **list = NULL;
	ssize_t n;
	int rc;

	memset(link, 0, sizeof(*link));
	if (libusb_init(&link->ctx) != 0) {
		antre_printer_set(st, ANTRE_PRINTER_OFFLINE, "USB is not available here");
		link->ctx = NULL;
		return -1;
	}
	n = libusb_get_device_list(link->ctx, &list);
	for (ssize_t i = 0; i < n && link->h == NULL; i++) {
		struct libusb_device_descriptor d;
		if (libusb_get_device_descriptor(list[i], &d) != 0)
			continue;
		if (!p->any && (d.idVendor != p->vid || d.idProduct != p->pid))
			continue;
		if (!find_printer_iface(list[i], &link->iface, &link->ep_out, &link->ep_in))
			continue;
		rc = libusb_open(list[i], &link->h);
		if (rc != 0) {
			antre_printer_set(st, ANTRE_PRINTER_OFFLINE, "USB printer %04x:%04x found but "
					  "cannot be opened: %s (permissions?)", d.idVendor,
					  d.idProduct, libusb_strerror(rc));
			link->h = NULL;
			libusb_free_device_list(list, 1);
			usb_unlink(link);
			return -1;
		}
	}
	if (list)
		libusb_free_device_list(list, 1);
	if (link->h == NULL) {
		if (p->any)
			antre_printer_set(st, ANTRE_PRINTER_OFFLINE, "no USB printer found: is it "
					  "plugged in and switched on?");
		else
			antre_printer_set(st, ANTRE_PRINTER_OFFLINE, "no USB printer %s found: is it "
					  "plugged in and switched on?", p->label);
		usb_unlink(link);
		return -1;
	}
	libusb_set_auto_detach_kernel_driver(link->h, 1);
	rc = libusb_claim_interface(link->h, link->iface);
	if (rc != 0) {
		antre_printer_set(st, ANTRE_PRINTER_OFFLINE, "USB printer %s is busy: %s", p->label,
				  libusb_strerror(rc));
		usb_unlink(link);
		return -1;
	}
	return 0;
}

/* Send everything, resuming after what a timed-out transfer already delivered. */
static int usb_write(usb_printer_t *p, usb_link_t *link, const uint8_t *data, size_t len,
		     antre_printer_status_t *st)
{
	size_t done = 0;
	int stalls = 0, idle_timeouts = 0;

	while (done < len) {
		int chunk = (int)(len - done < USB_CHUNK ? len - done : USB_CHUNK), sent = 0;
		int rc = libusb_bulk_transfer(link->h, link->ep_out, (unsigned char *)data + done,
					      chunk, &sent, USB_TIMEOUT_MS);
		done += (size_t)sent;   /* what went out stays out: never sent twice */
		if (rc == 0)
			continue;
		if (rc == LIBUSB_ERROR_TIMEOUT) {
			if (sent > 0)
				idle_timeouts = 0;
			else if (++idle_timeouts * USB_TIMEOUT_MS >= p->base.timeout_ms) {
				antre_printer_set(st, ANTRE_PRINTER_OFFLINE, "USB printer %s stopped "
						  "taking data (%zu of %zu bytes sent)", p->label,
						  done, len);
				return -1;
			}
			continue;
		}
		if (rc == LIBUSB_ERROR_PIPE && ++stalls <= USB_MAX_STALLS) {
			libusb_clear_halt(link->h, link->ep_out);
			continue;
		}
		if (rc == LIBUSB_ERROR_INTERRUPTED)
			continue;
		antre_printer_set(st, rc == LIBUSB_ERROR_NO_DEVICE ? ANTRE_PRINTER_OFFLINE
								    : ANTRE_PRINTER_ERROR,
				  "USB printer %s: %s (%zu of %zu bytes sent)", p->label,
				  libusb_strerror(rc), done, len);
		return -1;
	}
	return 0;
}

/* DLE EOT 4: bits 5-6 paper end, bits 2-3 paper near end. */
static int usb_query(usb_printer_t *p, usb_link_t *link, antre_printer_status_t *st)
{
	unsigned char reply[8];
	int got = 0, rc;

	if (link->ep_in == 0) {
		antre_printer_set(st, ANTRE_PRINTER_READY, "USB printer %s is ready (it has no "
				  "status channel)", p->label);
		return 0;
	}
	if (usb_write(p, link, antre_escpos_paper_status, sizeof(antre_escpos_paper_status), st) < 0)
		return -1;
	rc = libusb_bulk_transfer(link->h, link->ep_in, reply, sizeof(reply), &got, 1000);
	if (rc != 0 || got < 1) {
		antre_printer_set(st, ANTRE_PRINTER_OFFLINE, "USB printer %s did not answer the "
				  "status request (%s)", p->label,
				  rc ? libusb_strerror(rc) : "no data");
		return -1;
	}
	if (reply[got - 1] & 0x60) {
		antre_printer_set(st, ANTRE_PRINTER_PAPER_OUT, "USB printer %s is out of paper",
				  p->label);
		return -1;
	}
	if (reply[got - 1] & 0x0C)
		antre_printer_set(st, ANTRE_PRINTER_PAPER_LOW, "USB printer %s is low on paper",
				  p->label);
	else
		antre_printer_set(st, ANTRE_PRINTER_READY, "USB printer %s is ready", p->label);
	return 0;
}

static int usb_status(antre_printer_t *base, antre_printer_status_t *st)
{
	usb_printer_t *p = (usb_printer_t *)base;
	usb_link_t link;
	int rc;
	if (usb_link(p, &link, st) < 0)
		return -1;
	rc = usb_query(p, &link, st);
	usb_unlink(&link);
	return rc;
}

static int usb_print(antre_printer_t *base, const antre_print_layout_t *l, const antre_bytes_t *b,
		     antre_printer_status_t *st)
{
	usb_printer_t *p = (usb_printer_t *)base;
	usb_link_t link;
	int rc = -1;
	(void)l;

	if (usb_link(p, &link, st) < 0)
		return -1;
	if (usb_query(p, &link, st) == 0 && usb_write(p, &link, b->v, b->n, st) == 0) {
		antre_printer_set(st, ANTRE_PRINTER_READY, "printed on USB printer %s", p->label);
		rc = 0;
	}
	usb_unlink(&link);
	return rc;
}

static const antre_printer_ops_t usb_ops = { usb_status, usb_print, antre_printer_free };

/* VID or PID: 1 to 4 hex digits, then stop. Returns what follows them, or NULL. */
static const char *parse_hex16(const char *s, char stop, uint16_t *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned v = 0;
	size_t n = 0;

	for (; s[n] != stop && n < 5; n++) {
		const char *d = s[n] ? strchr(hex, tolower((unsigned char)s[n])) : NULL;
		if (d == NULL)
			return NULL;
		v = v * 16 + (unsigned)(d - hex);
	}
	if (n == 0 || n > 4)
		return NULL;
	*out = (uint16_t)v;
	return s + n;
}

antre_printer_t *antre_printer_open_usb(const char *spec, char *err, size_t errcap)
{
	usb_printer_t *p = antre_printer_alloc(sizeof(*p), &usb_ops);
	const char *rest;

	if (strcmp(spec, "auto") == 0) {
		p->any = 1;
		snprintf(p->label, sizeof(p->label), "auto");
		return &p->base;
	}
	rest = parse_hex16(spec, ':', &p->vid);
	if (rest && parse_hex16(rest + 1, '\0', &p->pid)) {
		snprintf(p->label, sizeof(p->label), "%04x:%04x", p->vid, p->pid);
		return &p->base;
	}
	snprintf(err, errcap, "usb:%s is not usb:auto or usb:VID:PID (hex, e.g. usb:0416:5011)",
		 spec);
	antre_printer_free(&p->base);
	return NULL;
}
