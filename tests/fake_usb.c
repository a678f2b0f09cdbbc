/* The umockdev printer: answers the usbdevfs ioctls libusb sends. */
#include "fake_usb.h"

#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"

fake_printer_t fake = { PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0x12, 0, 0, { 0 }, 0 };
static UMockdevIoctlBase *handler;

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

#define DEVNODE "/dev/bus/usb/001/002"



static gboolean on_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client, gpointer user)
{
	fake_printer_t *f = user;
	gulong req = umockdev_ioctl_client_get_request(client);
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
	(void)base;

	if (req == USBDEVFS_GET_CAPABILITIES) {
		UMockdevIoctlData *caps = umockdev_ioctl_data_resolve(arg, 0, sizeof(uint32_t), NULL);
		memset(caps->data, 0, sizeof(uint32_t));
		umockdev_ioctl_client_complete(client, 0, 0);
		return TRUE;
	}
	if (req == USBDEVFS_CLAIMINTERFACE || req == USBDEVFS_RELEASEINTERFACE ||
	    req == USBDEVFS_CLEAR_HALT || req == USBDEVFS_RESET || req == USBDEVFS_RESETEP ||
	    req == USBDEVFS_SETINTERFACE || req == USBDEVFS_DISCARDURB) {
		umockdev_ioctl_client_complete(client, 0, 0);
		return TRUE;
	}
	if (req == USBDEVFS_SUBMITURB) {
		UMockdevIoctlData *urb_data =
			umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
		struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urb_data->data;
		UMockdevIoctlData *buf = umockdev_ioctl_data_resolve(
			urb_data, offsetof(struct usbdevfs_urb, buffer), (gsize)urb->buffer_length,
			NULL);
		pthread_mutex_lock(&f->lock);
		if (urb->endpoint & 0x80) {
			buf->data[0] = f->status;   /* the answer to DLE EOT 4 */
			urb->actual_length = 1;
		} else if (f->stall_next > 0) {
			/* an endpoint halt: nothing taken, the host must clear it and resend */
			f->stall_next--;
			urb->actual_length = 0;
			urb->status = -EPIPE;
			if (f->queued < 64)
				f->queue[f->queued++] = umockdev_ioctl_data_ref(urb_data);
			pthread_mutex_unlock(&f->lock);
			umockdev_ioctl_client_complete(client, 0, 0);
			return TRUE;
		} else {
			f->out = xrealloc(f->out, f->out_n + (size_t)urb->buffer_length);
			memcpy(f->out + f->out_n, buf->data, (size_t)urb->buffer_length);
			f->out_n += (size_t)urb->buffer_length;
			f->last_out_ms = mono_ms();
			urb->actual_length = urb->buffer_length;
		}
		urb->status = 0;
		if (f->queued < 64)
			f->queue[f->queued++] = umockdev_ioctl_data_ref(urb_data);
		pthread_mutex_unlock(&f->lock);
		umockdev_ioctl_client_complete(client, 0, 0);
		return TRUE;
	}
	if (req == USBDEVFS_REAPURB || req == USBDEVFS_REAPURBNDELAY) {
		UMockdevIoctlData *urb = NULL;
		pthread_mutex_lock(&f->lock);
		if (f->queued > 0) {
			urb = f->queue[0];
			/* the queue holds pointers: moving pointers is meant */
			memmove(f->queue, f->queue + 1,
				(size_t)--f->queued * sizeof(f->queue[0])); /* NOLINT(bugprone-sizeof-expression) */
		}
		pthread_mutex_unlock(&f->lock);
		if (urb == NULL) {
			umockdev_ioctl_client_complete(client, -1, EAGAIN);
			return TRUE;
		}
		umockdev_ioctl_data_set_ptr(umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL),
					    0, urb);
		umockdev_ioctl_data_unref(urb);
		umockdev_ioctl_client_complete(client, 0, 0);
		return TRUE;
	}
	if (req == USBDEVFS_GETDRIVER) {   /* no kernel driver bound */
		umockdev_ioctl_client_complete(client, -1, ENODATA);
		return TRUE;
	}
	if (req == USBDEVFS_DISCONNECT_CLAIM || req == USBDEVFS_IOCTL) {
		umockdev_ioctl_client_complete(client, 0, 0);
		return TRUE;
	}
	fprintf(stderr, "fake printer: unexpected ioctl 0x%lx\n", (unsigned long)req);
	return FALSE;
}

static const char printer_device[] =
	"P: /devices/pci0000:00/usb1/1-1\n"
	"N: bus/usb/001/002\n"
	"E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: BUSNUM=001\nE: DEVNUM=002\n"
	"E: DEVNAME=/dev/bus/usb/001/002\n"
	"A: busnum=1\nA: devnum=2\nA: bConfigurationValue=1\nA: speed=12\n"
	"H: descriptors=120100020000004016041150000101020301"
	"09022000010100c032090400000207010200"
	"0705010240000007058202400000\n";


int fake_usb_available(void)
{
	const char *preload = getenv("LD_PRELOAD");
	return preload != NULL && strstr(preload, "umockdev") != NULL;
}

UMockdevTestbed *fake_usb_start(void)
{
	UMockdevTestbed *bed = umockdev_testbed_new();
	GError *gerr = NULL;

	if (!umockdev_testbed_add_from_string(bed, printer_device, &gerr)) {
		fprintf(stderr, "umockdev: %s\n", gerr->message);
		return NULL;
	}
	handler = umockdev_ioctl_base_new();
	g_signal_connect(handler, "handle-ioctl", G_CALLBACK(on_ioctl), &fake);
	if (!umockdev_testbed_attach_ioctl(bed, DEVNODE, handler, &gerr)) {
		fprintf(stderr, "umockdev: %s\n", gerr->message);
		return NULL;
	}
	return bed;
}

void fake_usb_stop(UMockdevTestbed *bed)
{
	g_object_unref(handler);
	g_object_unref(bed);
	fake_usb_reset(0);
}

void fake_usb_reset(uint8_t status)
{
	pthread_mutex_lock(&fake.lock);
	free(fake.out);
	fake.out = NULL;
	fake.out_n = 0;
	fake.status = status;
	fake.stall_next = 0;
	pthread_mutex_unlock(&fake.lock);
}
