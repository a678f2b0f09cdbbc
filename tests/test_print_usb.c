/* The USB backend against a umockdev printer (libusb talks to a fake usbdevfs device
 * whose ioctls fake_usb.c answers): the bytes arrive exactly, DLE EOT 4 reports paper
 * end, and with no device the error says so. Run under umockdev-wrapper; skipped
 * otherwise. */
#include <stdio.h>

#include "escpos.h"
#include "fake_usb.h"
#include "printer.h"
#include "test.h"
#include "xmalloc.h"

static UMockdevTestbed *bed;

TEST(usb_printer_receives_exactly_the_bytes)
{
	antre_print_ticket_t t;
	antre_bytes_t want = { 0 };
	antre_printer_status_t st;
	antre_printer_t *p;
	char err[256];

	fake_usb_reset(0x12);
	p = antre_printer_open("usb:auto", err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	if (antre_printer_status(p, &st) != 0)
		fprintf(stderr, "status: %s\n", st.message);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_READY);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_READY);
	antre_print_demo_ticket(&t);
	fake_usb_reset(0x12);
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 58, &st), 0);
	antre_escpos_encode_ticket(&t, 58, &want);
	/* the status question, then the ticket, byte for byte, once */
	ASSERT_EQ_INT(fake.out_n, 3 + want.n);
	ASSERT_TRUE(memcmp(fake.out, antre_escpos_paper_status, 3) == 0);
	ASSERT_TRUE(memcmp(fake.out + 3, want.v, want.n) == 0);
	antre_printer_close(p);

	p = antre_printer_open("usb:0416:5011", err, sizeof(err));
	ASSERT_EQ_INT(antre_printer_status(p, &st), 0);
	antre_printer_close(p);
	antre_bytes_free(&want);
}

TEST(a_stalled_endpoint_is_cleared_and_nothing_sent_twice)
{
	antre_print_ticket_t t;
	antre_bytes_t want = { 0 };
	antre_printer_status_t st;
	antre_printer_t *p;
	char err[256];

	p = antre_printer_open("usb:auto", err, sizeof(err));
	antre_print_demo_ticket(&t);
	fake_usb_reset(0x12);
	pthread_mutex_lock(&fake.lock);
	fake.stall_next = 2;   /* the status question, then the first ticket chunk */
	pthread_mutex_unlock(&fake.lock);
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 80, &st), 0);
	antre_escpos_encode_ticket(&t, 80, &want);
	ASSERT_EQ_INT(fake.out_n, 3 + want.n);
	ASSERT_TRUE(memcmp(fake.out + 3, want.v, want.n) == 0);
	/* four stalls in a row are too many: give up with the reason */
	fake_usb_reset(0x12);
	pthread_mutex_lock(&fake.lock);
	fake.stall_next = 1 + 4;
	pthread_mutex_unlock(&fake.lock);
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 80, &st), -1);
	ASSERT_CONTAINS(st.message, "bytes sent");
	antre_printer_close(p);
	antre_bytes_free(&want);
}

TEST(paper_end_is_reported_and_nothing_printed)
{
	antre_print_ticket_t t;
	antre_printer_status_t st;
	antre_printer_t *p;
	char err[256];

	fake_usb_reset(0x72);
	p = antre_printer_open("usb:auto", err, sizeof(err));
	ASSERT_EQ_INT(antre_printer_status(p, &st), -1);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_PAPER_OUT);
	ASSERT_CONTAINS(st.message, "out of paper");
	antre_print_demo_ticket(&t);
	fake_usb_reset(0x72);
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 80, &st), -1);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_PAPER_OUT);
	ASSERT_EQ_INT(fake.out_n, 3);   /* only the status question went out */
	fake_usb_reset(0x1E);                   /* bits 2-3: paper near end, still prints */
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
	umockdev_testbed_remove_device(bed, FAKE_USB_SYSFS);
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
		TEST_CASE(a_stalled_endpoint_is_cleared_and_nothing_sent_twice),
		TEST_CASE(paper_end_is_reported_and_nothing_printed),
		TEST_CASE(no_device_is_a_clear_error),
		{ NULL, NULL },
	};
	int rc;

	if (!fake_usb_available()) {
		fprintf(stderr, "skipped: run under umockdev-wrapper\n");
		return 77;
	}
	bed = fake_usb_start();
	if (bed == NULL)
		return 1;
	rc = test_main(argc, argv, cases);
	fake_usb_stop(bed);
	return rc;
}
