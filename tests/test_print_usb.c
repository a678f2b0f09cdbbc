/* The USB backend against a umockdev printer (libusb talks to a fake usbdevfs device
 * whose ioctls we answer): the bytes arrive exactly, DLE EOT 4 reports paper end, and
 * with no device the error says so. Run under umockdev-wrapper; skipped otherwise. */
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <umockdev.h>

#include "escpos.h"
#include "printer.h"
#include "test.h"
#include "xmalloc.h"

#define DEVNODE "/dev/bus/usb/001/002"

/* What the fake printer saw and will answer. */
typedef struct {
	pthread_mutex_t lock;
	uint8_t *out;                  /* every byte sent to bulk OUT */
	size_t out_n;
	uint8_t status;                /* DLE EOT 4 answer: 0x12 paper ok, 0x72 paper end */
	UMockdevIoctlData *queue[64];  /* submitted URBs waiting to be reaped */
	int queued;
} fake_printer_t;

static fake_printer_t fake = { PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0x12, { 0 }, 0 };

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
		} else {
			f->out = xrealloc(f->out, f->out_n + (size_t)urb->buffer_length);
			memcpy(f->out + f->out_n, buf->data, (size_t)urb->buffer_length);
			f->out_n += (size_t)urb->buffer_length;
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
			memmove(f->queue, f->queue + 1, (size_t)--f->queued * sizeof(f->queue[0]));
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

static UMockdevTestbed *bed;

static void reset_fake(uint8_t status)
{
	pthread_mutex_lock(&fake.lock);
	free(fake.out);
	fake.out = NULL;
	fake.out_n = 0;
	fake.status = status;
	pthread_mutex_unlock(&fake.lock);
}

TEST(usb_printer_receives_exactly_the_bytes)
{
	antre_print_ticket_t t;
	antre_print_layout_t *l = xcalloc(1, sizeof(*l));
	antre_bytes_t want = { 0 };
	antre_printer_status_t st;
	antre_printer_t *p;
	char err[256];

	reset_fake(0x12);
	p = antre_printer_open("usb:auto", err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	if (antre_printer_status(p, &st) != 0)
		fprintf(stderr, "status: %s\n", st.message);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_READY);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_READY);
	antre_print_demo_ticket(&t);
	reset_fake(0x12);
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 58, &st), 0);
	antre_print_layout(&t, 58, l);
	antre_escpos_encode(l, &want);
	/* the status question, then the ticket, byte for byte, once */
	ASSERT_EQ_INT(fake.out_n, 3 + want.n);
	ASSERT_TRUE(memcmp(fake.out, antre_escpos_paper_status, 3) == 0);
	ASSERT_TRUE(memcmp(fake.out + 3, want.v, want.n) == 0);
	antre_printer_close(p);

	p = antre_printer_open("usb:0416:5011", err, sizeof(err));
	ASSERT_EQ_INT(antre_printer_status(p, &st), 0);
	antre_printer_close(p);
	antre_bytes_free(&want);
	free(l);
}

TEST(paper_end_is_reported_and_nothing_printed)
{
	antre_print_ticket_t t;
	antre_printer_status_t st;
	antre_printer_t *p;
	char err[256];

	reset_fake(0x72);
	p = antre_printer_open("usb:auto", err, sizeof(err));
	ASSERT_EQ_INT(antre_printer_status(p, &st), -1);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_PAPER_OUT);
	ASSERT_CONTAINS(st.message, "out of paper");
	antre_print_demo_ticket(&t);
	reset_fake(0x72);
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 80, &st), -1);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_PAPER_OUT);
	ASSERT_EQ_INT(fake.out_n, 3);   /* only the status question went out */
	reset_fake(0x1E);                   /* bits 2-3: paper near end, still prints */
	ASSERT_EQ_INT(antre_printer_status(p, &st), 0);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_PAPER_LOW);
	antre_printer_close(p);
}

TEST(no_device_is_a_clear_error)
{
	antre_printer_status_t st;
	antre_printer_t *p;
	char err[256];

	p = antre_printer_open("usb:1234:5678", err, sizeof(err));
	ASSERT_EQ_INT(antre_printer_status(p, &st), -1);
	ASSERT_CONTAINS(st.message, "no USB printer 1234:5678 found");
	antre_printer_close(p);
	umockdev_testbed_remove_device(bed, "/sys/devices/pci0000:00/usb1/1-1");
	p = antre_printer_open("usb:auto", err, sizeof(err));
	ASSERT_EQ_INT(antre_printer_status(p, &st), -1);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_OFFLINE);
	ASSERT_CONTAINS(st.message, "no USB printer found");
	antre_printer_close(p);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(usb_printer_receives_exactly_the_bytes),
		TEST_CASE(paper_end_is_reported_and_nothing_printed),
		TEST_CASE(no_device_is_a_clear_error),
		{ NULL, NULL },
	};
	UMockdevIoctlBase *handler;
	GError *gerr = NULL;
	const char *preload = getenv("LD_PRELOAD");
	int rc;

	if (preload == NULL || strstr(preload, "umockdev") == NULL) {
		fprintf(stderr, "skipped: run under umockdev-wrapper\n");
		return 77;
	}
	bed = umockdev_testbed_new();
	if (!umockdev_testbed_add_from_string(bed, printer_device, &gerr)) {
		fprintf(stderr, "umockdev: %s\n", gerr->message);
		return 1;
	}
	handler = umockdev_ioctl_base_new();
	g_signal_connect(handler, "handle-ioctl", G_CALLBACK(on_ioctl), &fake);
	if (!umockdev_testbed_attach_ioctl(bed, DEVNODE, handler, &gerr)) {
		fprintf(stderr, "umockdev: %s\n", gerr->message);
		return 1;
	}
	rc = test_main(argc, argv, cases);
	g_object_unref(handler);
	g_object_unref(bed);
	reset_fake(0);
	return rc;
}
