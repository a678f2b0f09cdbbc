/* antre-kiosk: the touchscreen where applicants take a ticket.
 *   antre-kiosk --server URL --token T|--token-file F --printer URI [--size WxH] [--lang id|en]
 *               [--paper 58|80] [--dump-layout] [--snapshot PNG --quit-after-ms N]
 *               [--show home|ticket|paper-out|print-failed|unavailable]   (for snapshots)
 * Fullscreen with the cursor hidden unless --size is given. */
#include <SDL.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "clock.h"
#include "kiosk_layout.h"
#include "kiosk_model.h"
#include "printer.h"
#include "ui.h"
#include "kiosk_view.h"
#include "kiosk_worker.h"
#include "xmalloc.h"

typedef struct {
	const char *server, *token, *printer_uri, *snapshot, *show;
	int w, h, fullscreen, paper_mm, quit_after_ms, dump_layout;
	int bench_taps;   /* tap DISNAKER this many times and print timings (benchmark) */
	kiosk_lang_t lang;
} options_t;

static Uint32 result_event, redraw_event;

static int64_t mono_ms(void)
{
	return (int64_t)SDL_GetTicks64();
}

/* CLOCK_MONOTONIC in ms with fractions: comparable across processes (benchmark). */
static double bench_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

typedef struct {
	int left;                  /* taps still to make */
	double tap, number, printed;
	double frames[4096];
	int n_frames;
} bench_t;

/* The benchmark's synthetic finger: a tap on the first service when home and idle. */
static void bench_step(bench_t *b, const kiosk_model_t *m, const kiosk_layout_t *l)
{
	SDL_Event e;
	if (b->left <= 0 || m->screen != KIOSK_HOME || m->busy || b->tap > 0)
		return;
	for (int i = 0; i < l->n; i++) {
		if (strcmp(l->buttons[i].id, "lang") == 0 || strcmp(l->buttons[i].id, "priority") == 0 ||
		    l->buttons[i].journey)
			continue;
		SDL_zero(e);
		e.type = SDL_MOUSEBUTTONUP;
		e.button.button = SDL_BUTTON_LEFT;
		e.button.x = l->buttons[i].r.x + l->buttons[i].r.w / 2;
		e.button.y = l->buttons[i].r.y + l->buttons[i].r.h / 2;
		b->tap = bench_ms();
		SDL_PushEvent(&e);
		b->left--;
		return;
	}
}

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: antre-kiosk --server URL (--token T | --token-file F) --printer URI\n"
		   "         [--size WxH] [--lang id|en] [--paper 58|80] [--dump-layout]\n"
		   "         [--snapshot PNG --quit-after-ms N] [--show SCREEN] [--bench-taps N]\n");
}

static char *read_token(const char *path)
{
	char err[600];
	char *token = antre_client_read_token(path, err, sizeof(err));
	if (token == NULL) {
		fprintf(stderr, "antre-kiosk: %s\n", err);
		exit(2);
	}
	return token;
}

static int parse(int argc, char **argv, options_t *o)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' }, { "token", required_argument, NULL, 't' },
		{ "token-file", required_argument, NULL, 'f' }, { "printer", required_argument, NULL, 'p' },
		{ "size", required_argument, NULL, 'z' }, { "lang", required_argument, NULL, 'l' },
		{ "paper", required_argument, NULL, 'P' }, { "dump-layout", no_argument, NULL, 'd' },
		{ "snapshot", required_argument, NULL, 'S' },
		{ "quit-after-ms", required_argument, NULL, 'q' }, { "show", required_argument, NULL, 'w' },
		{ "bench-taps", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	int opt;
	memset(o, 0, sizeof(*o));
	o->w = 1920;
	o->h = 1080;
	o->fullscreen = 1;
	o->paper_mm = 80;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 's': o->server = optarg; break;
		case 't': o->token = optarg; break;
		case 'f': o->token = read_token(optarg); break;
		case 'p': o->printer_uri = optarg; break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &o->w, &o->h) != 2 || o->w < 320 || o->h < 240)
				return -1;
			o->fullscreen = 0;
			break;
		case 'l': o->lang = strcmp(optarg, "en") == 0 ? KIOSK_LANG_EN : KIOSK_LANG_ID; break;
		case 'P': o->paper_mm = atoi(optarg) == 58 ? 58 : 80; break;
		case 'd': o->dump_layout = 1; break;
		case 'S': o->snapshot = optarg; break;
		case 'q': o->quit_after_ms = atoi(optarg); break;
		case 'w': o->show = optarg; break;
		case 'B': o->bench_taps = atoi(optarg); break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (o->server == NULL || optind != argc)
		return -1;
	if (!o->dump_layout && (o->printer_uri == NULL || o->token == NULL) && o->show == NULL)
		return -1;
	return 0;
}

/* New waiting figures, from the stream's thread to the model on the UI thread. */
typedef struct {
	int n;
	kiosk_count_t counts[KIOSK_MAX_COUNTS];
} counts_msg_t;

static void push_counts(json_t *state)
{
	SDL_Event e;
	counts_msg_t *msg = xmalloc(sizeof(*msg));
	msg->n = kiosk_counts_from_json(state, msg->counts, KIOSK_MAX_COUNTS);
	SDL_zero(e);
	e.type = redraw_event;
	e.user.data1 = msg;
	if (SDL_PushEvent(&e) != 1)
		free(msg);
}

/* The live counts: the stream tells us when they changed; the state says what to. */
static void on_stream(void *ctx, int64_t id, const char *event, const char *data)
{
	antre_client_t *c = ctx;
	json_t *state = NULL;
	char *body = NULL;
	(void)id;
	if (strcmp(event, "snapshot") == 0) {
		state = json_loads(data, 0, NULL);
	} else if (strncmp(event, "ticket.", 7) == 0 || strcmp(event, "day.reset") == 0) {
		if (antre_client_request(c, "GET", "/api/v1/state", NULL, &body) == 200)
			state = json_loads(body, 0, NULL);
		free(body);
	}
	if (state) {
		push_counts(state);
		json_decref(state);
	}
}

static void on_result(void *ctx, const kiosk_result_t *r)
{
	SDL_Event e;
	(void)ctx;
	SDL_zero(e);
	e.type = result_event;
	e.user.data1 = xmalloc(sizeof(*r));
	memcpy(e.user.data1, r, sizeof(*r));
	SDL_PushEvent(&e);
}

static void apply_result(kiosk_model_t *m, const kiosk_result_t *r, int64_t now)
{
	switch (r->kind) {
	case KIOSK_R_ISSUED: kiosk_model_issued(m, &r->ticket, now); break;
	case KIOSK_R_PRINTED: kiosk_model_printed(m, now); break;
	case KIOSK_R_PRINTER_FAULT: kiosk_model_printer_fault(m, &r->status, now); break;
	case KIOSK_R_PRINT_FAILED: kiosk_model_print_failed(m, &r->status, now); break;
	case KIOSK_R_UNREACHABLE: kiosk_model_unreachable(m, now); break;
	case KIOSK_R_REACHABLE: kiosk_model_reachable(m, now); break;
	}
}

/* --show: put the model on a given screen (for snapshots of every screen). */
static void force_screen(kiosk_model_t *m, const char *show, int64_t now)
{
	antre_printer_status_t st;
	antre_print_ticket_t t;
	if (strcmp(show, "ticket") == 0) {
		antre_print_demo_ticket(&t);
		kiosk_model_tap(m, "demo", now);
		kiosk_model_issued(m, &t, now);
		kiosk_model_printed(m, now);
	} else if (strcmp(show, "paper-out") == 0) {
		antre_printer_set(&st, ANTRE_PRINTER_PAPER_OUT, "cups:ticket is out of paper "
				  "(media-empty-report)");
		kiosk_model_printer_fault(m, &st, now);
	} else if (strcmp(show, "print-failed") == 0) {
		antre_printer_set(&st, ANTRE_PRINTER_OFFLINE, "USB printer auto stopped taking data");
		kiosk_model_print_failed(m, &st, now);
	} else if (strcmp(show, "unavailable") == 0) {
		kiosk_model_unreachable(m, now);
	}
}

static int snapshot(SDL_Renderer *r, int w, int h, const char *path)
{
	char err[256];
	int rc = ui_snapshot(r, w, h, path, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "antre-kiosk: snapshot failed: %s\n", err);
	return rc;
}

int main(int argc, char **argv)
{
	options_t o;
	antre_client_t *client;
	kiosk_office_t *office = xcalloc(1, sizeof(*office));
	kiosk_layout_t *layout = xcalloc(1, sizeof(*layout));
	kiosk_model_t model;
	char *office_text = NULL, err[256];
	json_t *office_json = NULL;
	antre_printer_t *printer = NULL;
	kiosk_worker_t *worker = NULL;
	antre_sse_t *stream = NULL;
	antre_client_t *stream_client = NULL;
	SDL_Window *win;
	SDL_Renderer *ren;
	kiosk_view_t *view;
	int64_t start;
	int running = 1, rc = 0, status;
	kiosk_screen_t shown = KIOSK_HOME;
	static bench_t bench;
	int64_t drawn_minute = -1;

	if (parse(argc, argv, &o) < 0) {
		usage(stderr);
		return 2;
	}
	client = antre_client_create(o.server, o.token, 5000);
	status = antre_client_request(client, "GET", "/api/v1/office", NULL, &office_text);
	if (status == 200)
		office_json = json_loads(office_text, 0, NULL);
	if (office_json == NULL || kiosk_office_from_json(office_json, office) < 0) {
		if (o.dump_layout) {
			fprintf(stderr, "antre-kiosk: cannot read the office from %s\n", o.server);
			rc = 3;
			goto done;
		}
		snprintf(office->name, sizeof(office->name), "antre");
	}
	if (office_json && json_is_string(json_object_get(office_json, "timezone")))
		antre_clock_set_timezone(json_string_value(json_object_get(office_json, "timezone")));
	if (o.dump_layout) {
		json_t *a;
		char *s;
		kiosk_layout_home(office, o.w, o.h, o.lang, 0, layout);
		a = kiosk_layout_json(layout);
		s = json_dumps(a, JSON_INDENT(1));
		puts(s);
		free(s);
		json_decref(a);
		goto done;
	}

	if (SDL_Init(SDL_INIT_VIDEO) < 0) {
		fprintf(stderr, "antre-kiosk: SDL: %s\n", SDL_GetError());
		return 1;
	}
	result_event = SDL_RegisterEvents(2);
	redraw_event = result_event + 1;
	win = SDL_CreateWindow("antre-kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o.w, o.h,
			       o.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
	if (win == NULL) {
		fprintf(stderr, "antre-kiosk: SDL window: %s\n", SDL_GetError());
		return 1;
	}
	SDL_GetWindowSize(win, &o.w, &o.h);
	if (o.fullscreen)
		SDL_ShowCursor(SDL_DISABLE);
	ren = SDL_CreateRenderer(win, -1, 0);
	if (ren == NULL)
		ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
	view = ren ? kiosk_view_create(ren, err, sizeof(err)) : NULL;
	if (view == NULL) {
		fprintf(stderr, "antre-kiosk: %s\n", ren ? err : SDL_GetError());
		return 1;
	}

	start = mono_ms();
	bench.left = o.bench_taps;
	kiosk_model_init(&model, start);
	model.lang = o.lang;
	if (o.printer_uri && (printer = antre_printer_open(o.printer_uri, err, sizeof(err))) == NULL) {
		fprintf(stderr, "antre-kiosk: %s\n", err);
		return 2;
	}
	if (printer)
		worker = kiosk_worker_start(o.server, o.token, printer, o.paper_mm, office_text,
					    on_result, NULL);
	if (office_json == NULL)
		kiosk_model_unreachable(&model, start);
	if (o.show)
		force_screen(&model, o.show, start);
	stream_client = antre_client_create(o.server, NULL, 5000);
	if (!o.show)
		stream = antre_sse_start(o.server, -1, on_stream, NULL, stream_client);

	while (running) {
		SDL_Event e;
		int64_t now = mono_ms();
		int animating = model.screen == KIOSK_ISSUING;
		kiosk_job_t job;

		if (SDL_WaitEventTimeout(&e, animating ? 16 : 250)) {
			do {
				now = mono_ms();
				if (e.type == SDL_QUIT) {
					running = 0;
				} else if (e.type == result_event) {
					const kiosk_result_t *res = e.user.data1;
					if (bench.tap > 0 && (res->kind == KIOSK_R_PRINTED ||
							      res->kind == KIOSK_R_PRINT_FAILED))
						bench.printed = bench_ms();
					apply_result(&model, e.user.data1, now);
					free(e.user.data1);
				} else if (e.type == redraw_event) {
					const counts_msg_t *msg = e.user.data1;
					kiosk_model_counts(&model, msg->counts, msg->n);
					free(e.user.data1);
				} else if (e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERUP) {
					int x = e.type == SDL_FINGERUP ? (int)(e.tfinger.x * o.w) : e.button.x;
					int y = e.type == SDL_FINGERUP ? (int)(e.tfinger.y * o.h) : e.button.y;
					const kiosk_button_t *b;
					if (e.type == SDL_MOUSEBUTTONUP && e.button.which == SDL_TOUCH_MOUSEID)
						continue;   /* the finger event handles it */
					kiosk_layout_home(office, o.w, o.h, model.lang, model.priority, layout);
					b = model.screen == KIOSK_HOME ? kiosk_layout_hit(layout, x, y) : NULL;
					if (b == NULL) {
						kiosk_model_tap_screen(&model, now);
					} else if (kiosk_model_tap(&model, b->id, now) == KIOSK_DO_ISSUE &&
						   worker) {
						kiosk_worker_issue(worker, b->id, b->journey, model.priority,
								   model.lang == KIOSK_LANG_ID ? "id" : "en");
					}
				} else if (e.type == SDL_KEYUP && e.key.keysym.sym == SDLK_ESCAPE &&
					   !o.fullscreen) {
					running = 0;
				}
			} while (SDL_PollEvent(&e));
		}
		job = kiosk_model_tick(&model, now);
		if (model.screen != shown) {   /* one line per screen change, for the log */
			static const char *const names[] = { "home", "issuing", "ticket",
							     "printer-fault", "print-failed",
							     "unavailable" };
			shown = model.screen;
			fprintf(stderr, "antre-kiosk: screen %s%s%s\n", names[shown],
				shown == KIOSK_TICKET ? " " : "", shown == KIOSK_TICKET ? model.number : "");
		}
		if (job == KIOSK_DO_PROBE && worker)
			kiosk_worker_probe(worker);
		/* draw only on change, animation, or when the clock's minute turns */
		if (model.dirty || animating ||
		    (model.screen == KIOSK_HOME && wall_ms() / 60000 != drawn_minute)) {
			double f0 = bench_ms();
			drawn_minute = wall_ms() / 60000;
			kiosk_layout_home(office, o.w, o.h, model.lang, model.priority, layout);
			kiosk_view_draw(view, &model, office, layout, wall_ms(), now);
			SDL_RenderPresent(ren);
			model.dirty = 0;
			if (o.bench_taps && model.screen == KIOSK_HOME && bench.n_frames < 4096)
				bench.frames[bench.n_frames++] = bench_ms() - f0;
			if (bench.tap > 0 && bench.number == 0 && model.screen == KIOSK_TICKET)
				bench.number = bench_ms();   /* the number is on the glass */
		}
		if (o.bench_taps) {
			if (bench.tap > 0 && bench.number > 0 && bench.printed > 0) {
				printf("bench tap=%.3f number=%.3f printed=%.3f\n", bench.tap,
				       bench.number, bench.printed);
				fflush(stdout);
				bench.tap = bench.number = bench.printed = 0;
				kiosk_model_tap_screen(&model, now);   /* back home for the next */
			}
			bench_step(&bench, &model, layout);
			if (bench.left == 0 && bench.tap == 0 && model.screen == KIOSK_HOME) {
				/* frame time of the home screen, drawn and presented 100 times */
				for (int i = 0; i < 100 && bench.n_frames < 4096; i++) {
					double f0 = bench_ms();
					kiosk_view_draw(view, &model, office, layout, wall_ms(), now);
					SDL_RenderPresent(ren);
					bench.frames[bench.n_frames++] = bench_ms() - f0;
				}
				qsort(bench.frames, (size_t)bench.n_frames, sizeof(double), cmp_double);
				printf("bench frames=%d median_ms=%.3f p90_ms=%.3f\n", bench.n_frames,
				       bench.n_frames ? bench.frames[bench.n_frames / 2] : 0,
				       bench.n_frames ? bench.frames[bench.n_frames * 9 / 10] : 0);
				running = 0;
			}
		}
		if (o.quit_after_ms > 0 && now - start >= o.quit_after_ms) {
			if (o.snapshot) {
				kiosk_view_draw(view, &model, office, layout, wall_ms(), now);
				rc = snapshot(ren, o.w, o.h, o.snapshot) == 0 ? 0 : 1;
			}
			running = 0;
		}
	}
	antre_sse_stop(stream);
	antre_client_destroy(stream_client);
	kiosk_worker_stop(worker);
	antre_printer_close(printer);
	kiosk_view_destroy(view);
	SDL_DestroyRenderer(ren);
	SDL_DestroyWindow(win);
	SDL_Quit();
done:
	json_decref(office_json);
	free(office_text);
	antre_client_destroy(client);
	free(office);
	free(layout);
	return rc;
}
