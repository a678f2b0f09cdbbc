#define _GNU_SOURCE   /* memmem */
/* Printer library without hardware: the text folding, golden ESC/POS bytes for a
 * service and a journey ticket at both widths, the QR code in the PNG preview decoding
 * to the status URL, the file: and png: backends, the URI table, and antre-print's
 * --width. */
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escpos.h"
#include "printer.h"
#include "render.h"
#include "test.h"
#include "ticket_json.h"
#include "xmalloc.h"

#define GOLDEN ANTRE_SOURCE_DIR "/tests/fixtures/golden/"

static void service_ticket(antre_print_ticket_t *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->office, sizeof(t->office), "LTSA P2MI Kabupaten Indramayu");
	snprintf(t->office_en, sizeof(t->office_en), "One-Stop Service for Migrant Workers");
	snprintf(t->number, sizeof(t->number), "A017");
	snprintf(t->service, sizeof(t->service), "Dinas Tenaga Kerja");
	snprintf(t->service_en, sizeof(t->service_en), "Manpower Office");
	t->ahead = 0;
	snprintf(t->issued_at, sizeof(t->issued_at), "2026-11-27T08:01:12+07:00");
	snprintf(t->status_url, sizeof(t->status_url), "http://antre.local/t/0123456789abcdef");
	snprintf(t->footer, sizeof(t->footer), "Layanan ini GRATIS.");
}

static antre_bytes_t encode(const antre_print_ticket_t *t, int mm)
{
	antre_bytes_t b = { 0 };
	antre_escpos_encode_ticket(t, mm, &b);
	return b;
}

/* Compare with tests/fixtures/golden/NAME (ANTRE_UPDATE_GOLDEN=1 rewrites it). */
static void check_golden(const antre_bytes_t *b, const char *name)
{
	char path[512], *want = NULL;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), GOLDEN "%s", name);
	if (getenv("ANTRE_UPDATE_GOLDEN")) {
		f = fopen(path, "wb");
		fwrite(b->v, 1, b->n, f);
		fclose(f);
	}
	f = fopen(path, "rb");
	ASSERT_TRUE(f != NULL);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	want = xmalloc((size_t)n + 1);
	ASSERT_EQ_INT(fread(want, 1, (size_t)n, f), n);
	fclose(f);
	ASSERT_EQ_INT(b->n, n);
	if (memcmp(want, b->v, b->n) != 0) {
		free(want);
		TEST_FAIL_("bytes differ from %s", path);
	}
	free(want);
}

/* The bytes every ticket must have, whatever the golden says. */
static void check_structure(const antre_bytes_t *b, const char *url, const char *number)
{
	const uint8_t init[] = { 0x1B, '@' }, cut[] = { 0x1D, 'V', 66, 0 };
	const uint8_t qr_print[] = { 0x1D, '(', 'k', 3, 0, 49, 81, 48 };
	const uint8_t gsv0[] = { 0x1D, 'v', '0', 0 };
	const uint8_t *raster = memmem(b->v, b->n, gsv0, sizeof(gsv0));
	size_t r0, r1;
	ASSERT_TRUE(b->n > 200);
	ASSERT_TRUE(memcmp(b->v, init, 2) == 0);
	ASSERT_TRUE(memcmp(b->v + b->n - 4, cut, 4) == 0);
	ASSERT_TRUE(memmem(b->v, b->n, url, strlen(url)) != NULL);
	/* the number is an image, and small text beside the time */
	ASSERT_TRUE(raster != NULL);
	ASSERT_TRUE(memmem(b->v, b->n, number, strlen(number)) != NULL);
	r0 = (size_t)(raster - b->v);   /* the raster's header and bits may be anything */
	r1 = r0 + 8 + (size_t)(raster[4] | raster[5] << 8) * (size_t)(raster[6] | raster[7] << 8);
	ASSERT_TRUE(r1 <= b->n);
	ASSERT_TRUE(memmem(b->v, b->n, qr_print, sizeof(qr_print)) != NULL);
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i] >= 0x80 && (i < r0 || i >= r1))
			TEST_FAIL_("byte %zu is 0x%02x: raw UTF-8 would print as garbage", i, b->v[i]);
}

TEST(text_is_folded_for_the_printer)
{
	char out[64];
	antre_print_ascii("Caf\xc3\xa9 \xe2\x80\x93 \xe2\x80\x9cok\xe2\x80\x9d \xe2\x86\x92 "
			  "\xc3\x9c" "ber\xf0\x9f\x98\x80\t", out, sizeof(out));
	ASSERT_EQ_STR(out, "Cafe - \"ok\" -> Uber? ");
	antre_print_ascii("abcdef", out, 4);
	ASSERT_EQ_STR(out, "abc");
}

/* Both widths of one ticket: the structure every ticket has, then NAME-80.bin and
 * NAME-58.bin; a journey ticket also lists its desks. */
static void check_both_widths(const antre_print_ticket_t *t, const char *name)
{
	static const int widths[] = { 80, 58 };
	for (int i = 0; i < 2; i++) {
		antre_bytes_t b = encode(t, widths[i]);
		char golden[64];
		check_structure(&b, t->status_url, t->number);
		if (t->n_steps > 1 && widths[i] == 80)
			ASSERT_TRUE(memmem(b.v, b.n, "> 2. Pemeriksaan Kesehatan", 26) != NULL);
		snprintf(golden, sizeof(golden), "%s-%d.bin", name, widths[i]);
		check_golden(&b, golden);
		antre_bytes_free(&b);
	}
}

TEST(golden_service_ticket_80_and_58)
{
	antre_print_ticket_t t;
	service_ticket(&t);
	ASSERT_EQ_STR(t.number, "A017");
	check_both_widths(&t, "service");
}

TEST(golden_journey_ticket_80_and_58)
{
	antre_print_ticket_t t;
	antre_print_demo_ticket(&t);
	ASSERT_EQ_STR(t.number, "P017");
	check_both_widths(&t, "journey");
}

TEST(number_is_as_large_as_the_paper_allows)
{
	antre_print_ticket_t t;
	antre_print_layout_t *l = xcalloc(1, sizeof(*l));
	int found = 0;
	service_ticket(&t);
	snprintf(t.number, sizeof(t.number), "A1000");   /* five characters */
	antre_print_layout(&t, 58, l);
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->items[i].text, "A1000") == 0) {
			found = 1;
			/* the size the printer's font falls back to when no TTF font is there */
			ASSERT_EQ_INT(l->items[i].kind, ANTRE_ITEM_RASTER);
			ASSERT_EQ_INT(l->items[i].width_mul, 6);   /* 5 × 12 × 6 = 360 ≤ 384 dots */
		}
	for (int i = 0; i < l->n; i++)
		if (l->items[i].kind == ANTRE_ITEM_TEXT)
			ASSERT_TRUE((int)strlen(l->items[i].text) * l->items[i].width_mul <= l->columns);
	ASSERT_TRUE(found);
	free(l);
}

/* Only the number of a ticket laid out for mm, as a layout of its own. */
static void number_only(const antre_print_ticket_t *t, int mm, antre_print_layout_t *l)
{
	int k = -1;
	antre_print_layout(t, mm, l);
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->items[i].text, t->number) == 0 && k < 0)
			k = i;
	ASSERT_TRUE(k >= 0);
	l->items[0] = l->items[k];
	l->n = 1;
}

/* GS v 0 in b: its width in bytes, height in dots and the bits; -1 if it has none. */
static int find_raster(const antre_bytes_t *b, int *wbytes, int *h, const uint8_t **bits)
{
	const uint8_t gsv0[] = { 0x1D, 'v', '0', 0 };
	const uint8_t *at = memmem(b->v, b->n, gsv0, sizeof(gsv0));
	if (at == NULL || at + 8 > b->v + b->n)
		return -1;
	*wbytes = at[4] | at[5] << 8;
	*h = at[6] | at[7] << 8;
	*bits = at + 8;
	return at + 8 + (size_t)*wbytes * (size_t)*h <= b->v + b->n ? 0 : -1;
}

/* The big number is a TTF raster sent as GS v 0, the full printable width, crisp (no
 * 8 × 8 blocks of a scaled printer font), at least as tall as a glyph is wide, and the
 * preview shows exactly those bits. */
TEST(number_is_a_crisp_raster)
{
	static const char *const numbers[] = { "A017", "A1000" };
	antre_print_layout_t *l = xcalloc(1, sizeof(*l));
	antre_print_ticket_t t;
	char err[256];

	service_ticket(&t);
	for (int mm = 58; mm <= 80; mm += 22)
		for (int n = 0; n < 2; n++) {
			antre_bytes_t b = { 0 };
			antre_image_t img = { 0 };
			const uint8_t *bits = NULL;
			int wb = 0, h = 0, dots = mm == 58 ? 384 : 576, top = -1, bottom = -1;
			int xres[8] = { 0 }, yres[8] = { 0 }, nx = 0, ny = 0;

			snprintf(t.number, sizeof(t.number), "%s", numbers[n]);
			b = encode(&t, mm);
			ASSERT_EQ_INT(find_raster(&b, &wb, &h, &bits), 0);
			ASSERT_EQ_INT(wb, dots / 8);
			antre_bytes_free(&b);

			number_only(&t, mm, l);
			antre_escpos_encode(l, &b);
			ASSERT_EQ_INT(find_raster(&b, &wb, &h, &bits), 0);
			ASSERT_EQ_INT(antre_print_render(l, &img, err, sizeof(err)), 0);
			ASSERT_TRUE(img.h >= 32 + h);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < dots; x++) {
					int bit = bits[y * wb + x / 8] >> (7 - x % 8) & 1;
					int px = img.px[(16 + y) * img.w + 16 + x];
					if (bit != (px < 128))
						TEST_FAIL_("%d mm %s: preview (%d,%d) = %d, raster bit %d", mm,
							   t.number, x, y, px, bit);
					if (bit && top < 0)
						top = y;
					if (bit)
						bottom = y;
					if (x > 0 && bit != (bits[y * wb + (x - 1) / 8] >> (7 - (x - 1) % 8) & 1))
						xres[x % 8] = 1;
					if (y > 0 && bit != (bits[(y - 1) * wb + x / 8] >> (7 - x % 8) & 1))
						yres[y % 8] = 1;
				}
			for (int r = 0; r < 8; r++)
				nx += xres[r], ny += yres[r];
			/* a font scaled 8× changes colour only every 8th dot */
			ASSERT_TRUE(nx >= 6 && ny >= 6);
			ASSERT_TRUE(top >= 0);
			if (bottom - top + 1 < (dots - 16) / (int)strlen(t.number))
				TEST_FAIL_("%d mm %s: the digits are %d dots tall, want >= %d", mm,
					   t.number, bottom - top + 1, (dots - 16) / (int)strlen(t.number));
			antre_image_free(&img);
			antre_bytes_free(&b);
		}
	free(l);
}

/* The lines a layout prints, joined by '\n'. */
static void layout_text(const antre_print_layout_t *l, char *out, size_t cap)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < l->n && used < cap; i++)
		if (l->items[i].kind == ANTRE_ITEM_TEXT)
			used += (size_t)snprintf(out + used, cap - used, "%s\n", l->items[i].text);
}

/* est_wait_s null (open_counters 0): no estimate, "no counter open" instead. */
TEST(null_estimate_says_no_counter_open)
{
	static const char *const docs[] = {
		"{\"number\":\"A004\",\"service\":\"DISNAKER\",\"ahead\":3,\"est_wait_s\":null,"
		"\"open_counters\":0}",
		"{\"number\":\"A004\",\"service\":\"DISNAKER\",\"ahead\":3,\"est_wait_s\":600,"
		"\"open_counters\":0}",
	};
	antre_print_layout_t *l = xcalloc(1, sizeof(*l));
	antre_print_ticket_t t;
	char err[256], text[8192];

	for (int d = 0; d < 2; d++)
		for (int mm = 58; mm <= 80; mm += 22) {
			json_t *j = json_loads(docs[d], 0, NULL);
			ASSERT_EQ_INT(antre_print_ticket_from_json(j, NULL, &t, err, sizeof(err)), 0);
			json_decref(j);
			antre_print_layout(&t, mm, l);
			layout_text(l, text, sizeof(text));
			ASSERT_CONTAINS(text, "Belum ada loket yang buka");
			ASSERT_CONTAINS(text, "No counter open yet");
			ASSERT_TRUE(strstr(text, "menit") == NULL && strstr(text, "segera") == NULL);
		}
	{
		json_t *j = json_loads("{\"number\":\"A004\",\"ahead\":3,\"est_wait_s\":600,"
				       "\"open_counters\":1}", 0, NULL);
		ASSERT_EQ_INT(antre_print_ticket_from_json(j, NULL, &t, err, sizeof(err)), 0);
		json_decref(j);
		antre_print_layout(&t, 80, l);
		layout_text(l, text, sizeof(text));
		ASSERT_CONTAINS(text, "+/- 10 menit");
	}
	free(l);
}

/* The footer is the office's: none configured, no footer line (no GRATIS on a
 * passport-fee office's ticket); configured, it prints. */
TEST(footer_comes_from_the_office)
{
	antre_print_layout_t *l = xcalloc(1, sizeof(*l));
	antre_print_ticket_t t;
	char err[256], text[8192];
	json_t *ticket = json_loads("{\"number\":\"B002\",\"service\":\"IMIGRASI\"}", 0, NULL);
	json_t *bare = json_loads("{\"name\":\"Kantor Imigrasi\",\"services\":[]}", 0, NULL);
	json_t *free_office = json_loads("{\"name\":\"LTSA\",\"ticket_footer\":\"Layanan ini "
					 "GRATIS.\",\"ticket_footer_en\":\"This service is FREE.\"}",
					 0, NULL);

	ASSERT_EQ_INT(antre_print_ticket_from_json(ticket, bare, &t, err, sizeof(err)), 0);
	ASSERT_EQ_STR(t.footer, "");
	ASSERT_EQ_STR(t.footer_en, "");
	antre_print_layout(&t, 58, l);
	layout_text(l, text, sizeof(text));
	ASSERT_TRUE(strstr(text, "GRATIS") == NULL && strstr(text, "FREE") == NULL);
	ASSERT_EQ_INT(antre_print_ticket_from_json(ticket, NULL, &t, err, sizeof(err)), 0);
	ASSERT_EQ_STR(t.footer, "");
	ASSERT_EQ_INT(antre_print_ticket_from_json(ticket, free_office, &t, err, sizeof(err)), 0);
	ASSERT_EQ_STR(t.footer, "Layanan ini GRATIS.");
	ASSERT_EQ_STR(t.footer_en, "This service is FREE.");
	antre_print_layout(&t, 58, l);
	layout_text(l, text, sizeof(text));
	ASSERT_CONTAINS(text, "Layanan ini GRATIS.\nThis service is FREE.\n");
	json_decref(ticket);
	json_decref(bare);
	json_decref(free_office);
	free(l);
}

TEST(preview_qr_decodes_to_the_status_url)
{
	antre_print_ticket_t t;
	antre_print_layout_t *l = xcalloc(1, sizeof(*l));
	antre_image_t img = { 0 };
	char err[256], path[] = "/tmp/antre-preview-XXXXXX.png", line[512] = "";
	FILE *zbar;
	int fd = mkstemps(path, 4);

	ASSERT_TRUE(fd >= 0);
	close(fd);
	antre_print_demo_ticket(&t);
	for (int mm = 58; mm <= 80; mm += 22) {
		char cmd[600];
		antre_print_layout(&t, mm, l);
		ASSERT_EQ_INT(antre_print_render(l, &img, err, sizeof(err)), 0);
		ASSERT_EQ_INT(img.w, (mm == 58 ? 384 : 576) + 32);
		ASSERT_EQ_INT(antre_image_write_png(&img, path, err, sizeof(err)), 0);
		antre_image_free(&img);
		snprintf(cmd, sizeof(cmd), "zbarimg -q --raw '%s' 2>/dev/null", path);
		zbar = popen(cmd, "r");
		ASSERT_TRUE(zbar != NULL);
		line[0] = '\0';
		if (fgets(line, sizeof(line), zbar) == NULL)
			line[0] = '\0';
		pclose(zbar);
		line[strcspn(line, "\n")] = '\0';
		ASSERT_EQ_STR(line, t.status_url);
	}
	unlink(path);
	free(l);
}

TEST(file_printer_receives_exactly_the_encoder_bytes)
{
	char dir[] = "/tmp/antre-fileprn-XXXXXX", uri[300], path[256], err[256];
	antre_printer_status_t st;
	antre_print_ticket_t t;
	antre_printer_t *p;
	antre_bytes_t want;
	struct stat sb;
	FILE *f;
	uint8_t *got;

	ASSERT_TRUE(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/out.bin", dir);
	snprintf(uri, sizeof(uri), "file:%s", path);
	p = antre_printer_open(uri, err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	ASSERT_EQ_INT(antre_printer_status(p, &st), 0);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_READY);
	service_ticket(&t);
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 58, &st), 0);
	want = encode(&t, 58);
	ASSERT_EQ_INT(stat(path, &sb), 0);
	ASSERT_EQ_INT(sb.st_size, want.n);
	got = xmalloc(want.n);
	f = fopen(path, "rb");
	ASSERT_EQ_INT(fread(got, 1, want.n, f), want.n);
	fclose(f);
	ASSERT_TRUE(memcmp(got, want.v, want.n) == 0);
	free(got);
	antre_bytes_free(&want);
	antre_printer_close(p);

	/* png: writes the rendered ticket named after its number */
	snprintf(uri, sizeof(uri), "png:%s", dir);
	p = antre_printer_open(uri, err, sizeof(err));
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 80, &st), 0);
	snprintf(path, sizeof(path), "%s/ticket-A017.png", dir);
	ASSERT_EQ_INT(stat(path, &sb), 0);
	ASSERT_TRUE(sb.st_size > 1000);
	antre_printer_close(p);

	/* a folder that is not there: offline, with the reason */
	p = antre_printer_open("file:/nonexistent/dir/out.bin", err, sizeof(err));
	ASSERT_EQ_INT(antre_printer_status(p, &st), -1);
	ASSERT_EQ_INT(st.state, ANTRE_PRINTER_OFFLINE);
	ASSERT_CONTAINS(st.message, "/nonexistent/dir");
	ASSERT_EQ_INT(antre_printer_print_ticket(p, &t, 80, &st), -1);
	antre_printer_close(p);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ASSERT_EQ_INT(system(path), 0);
}

TEST(bad_uris_are_explained)
{
	char err[256] = "";
	ASSERT_TRUE(antre_printer_open("lpt1", err, sizeof(err)) == NULL);
	ASSERT_EQ_STR(err, "unknown printer 'lpt1' (use cups:QUEUE, ipp://..., usb:auto, "
		      "usb:VID:PID, file:PATH or png:DIR)");
	ASSERT_TRUE(antre_printer_open("usb:zz", err, sizeof(err)) == NULL);
	ASSERT_CONTAINS(err, "usb:VID:PID");
	ASSERT_TRUE(antre_printer_open("cups:", err, sizeof(err)) == NULL);
	ASSERT_CONTAINS(err, "queue name");
}

/* Every scheme in the table opens its backend (an absent printer still opens). */
TEST(each_scheme_opens)
{
	static const char *const uris[] = { "cups:ticket", "ipp://127.0.0.1:1/ipp/print",
					    "ipps://127.0.0.1:1/ipp/print", "usb:auto",
					    "file:/nonexistent/out.bin", "png:/nonexistent" };
	char err[256];
	for (size_t i = 0; i < sizeof(uris) / sizeof(uris[0]); i++) {
		antre_printer_t *p = antre_printer_open(uris[i], err, sizeof(err));
		if (p == NULL)
			TEST_FAIL_("%s refused: %s", uris[i], err);
		antre_printer_close(p);
	}
	antre_printer_uri_help(err, 12);
	ASSERT_EQ_STR(err, "cups:QUEUE,");
}

/* VID and PID are 1 to 4 hex digits each, nothing else (sscanf's %4x took "0x1" and
 * " 1" too). */
TEST(usb_ids_are_hex)
{
	static const char *const good[] = { "usb:0416:5011", "usb:416:5011", "usb:ABCD:ef01",
					    "usb:auto" };
	static const char *const bad[] = { "usb:0x16:5011", "usb: 416:5011", "usb:0416:+011",
					   "usb:04160:5011", "usb:0416:5011:", "usb:0416",
					   "usb::5011", "usb:0416:", "usb:" };
	char err[256];
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		antre_printer_t *p = antre_printer_open(good[i], err, sizeof(err));
		if (p == NULL)
			TEST_FAIL_("%s refused: %s", good[i], err);
		antre_printer_close(p);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		antre_printer_t *p = antre_printer_open(bad[i], err, sizeof(err));
		if (p != NULL) {
			antre_printer_close(p);
			TEST_FAIL_("%s accepted", bad[i]);
		}
		ASSERT_CONTAINS(err, "is not usb:auto or usb:VID:PID");
	}
}

/* Run antre-print with args; its exit status, and the first line of stderr in line. */
static int run_antre_print(const char *args, char *line, size_t cap)
{
	char cmd[600];
	FILE *f;
	int status;

	snprintf(cmd, sizeof(cmd), ANTRE_BINARY_DIR "/printer/antre-print %s 2>&1 >/dev/null", args);
	f = popen(cmd, "r");
	if (f == NULL)
		return -1;
	if (fgets(line, (int)cap, f) == NULL)
		line[0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	while (fgetc(f) != EOF)
		;
	status = pclose(f);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* --width is 58 or 80, checked whole: atoi made "80x" 80 and "57" a usage error. */
TEST(print_width_is_checked_whole)
{
	char dir[] = "/tmp/antre-width-XXXXXX", args[300], line[512];

	ASSERT_TRUE(mkdtemp(dir) != NULL);
	snprintf(args, sizeof(args), "--demo --preview %s/t.png --width 80x", dir);
	ASSERT_EQ_INT(run_antre_print(args, line, sizeof(line)), 2);
	ASSERT_EQ_STR(line, "antre-print: --width takes 58 or 80 (mm), not '80x'");
	snprintf(args, sizeof(args), "--demo --preview %s/t.png --width 57", dir);
	ASSERT_EQ_INT(run_antre_print(args, line, sizeof(line)), 2);
	ASSERT_EQ_STR(line, "antre-print: --width takes 58 or 80 (mm), not '57'");
	snprintf(args, sizeof(args), "--demo --preview %s/t.png --width 58", dir);
	ASSERT_EQ_INT(run_antre_print(args, line, sizeof(line)), 0);
	snprintf(args, sizeof(args), "rm -rf '%s'", dir);
	ASSERT_EQ_INT(system(args), 0);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(text_is_folded_for_the_printer),
		TEST_CASE(golden_service_ticket_80_and_58),
		TEST_CASE(golden_journey_ticket_80_and_58),
		TEST_CASE(number_is_as_large_as_the_paper_allows),
		TEST_CASE(number_is_a_crisp_raster),
		TEST_CASE(null_estimate_says_no_counter_open),
		TEST_CASE(footer_comes_from_the_office),
		TEST_CASE(preview_qr_decodes_to_the_status_url),
		TEST_CASE(file_printer_receives_exactly_the_encoder_bytes),
		TEST_CASE(bad_uris_are_explained),
		TEST_CASE(each_scheme_opens),
		TEST_CASE(usb_ids_are_hex),
		TEST_CASE(print_width_is_checked_whole),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
