/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_display — the display's figures at 1920x1080 with the software
 * renderer: start to first card, card build time for the seed article,
 * CPU while rotating (ticker off and on) and on one static card, crossfade
 * frames per second (SDL's renderer, and the window's own software way),
 * the cost of one ticker frame, peak memory; and the ticker through the
 * GPU renderer (OpenGL, here on the CPU), plain and turned. Prints
 * figures; asserts nothing.
 *
 * Environment: KHABAR (the binary), BENCH_SECONDS (each CPU run, default 60).
 */
#include <SDL.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "show/card.h"
#include "base/config.h"
#include "screen/display.h"
#include "screen/fade.h"
#include "screen/screen.h"
#include "screen/ticker.h"
#include "base/util.h"

static const char *khabar;
static char tmp[256];

static double tv(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

/* Run khabar with args; returns CPU seconds and peak RSS (KiB) of the
 * child, and (when first_ms) the time until it logged its first card. */
static int run(char *const argv[], double *cpu, long *rss_kb, double *first_ms)
{
	int fd[2];
	if (pipe(fd))
		return -1;
	double t0 = time_mono();
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	FILE *f = fdopen(fd[0], "r");
	char line[512];
	while (f && fgets(line, sizeof line, f)) {
		if (first_ms && strstr(line, "first card on screen")) {
			*first_ms = (time_mono() - t0) * 1000;
			first_ms = NULL;
		}
	}
	if (f)
		fclose(f);
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*cpu = tv(ru.ru_utime) + tv(ru.ru_stime);
	*rss_kb = ru.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void cpu_run(const char *label, const char *ini, const char *db, int seconds)
{
	char conf[300], secs[32], dbopt[300];
	snprintf(conf, sizeof conf, "%s/%s.ini", tmp, label);
	write_file(conf, ini);
	snprintf(secs, sizeof secs, "%d", seconds);
	snprintf(dbopt, sizeof dbopt, "%s", db);
	char *argv[] = {(char *)khabar,
			(char *)"--config",
			conf,
			(char *)"--db",
			dbopt,
			(char *)"run",
			(char *)"--windowed",
			(char *)"1920x1080",
			(char *)"--exit-after",
			secs,
			NULL};
	double cpu;
	long rss;
	if (run(argv, &cpu, &rss, NULL)) {
		printf("  %-44s failed\n", label);
		return;
	}
	printf("  %-44s %6.2f%% of a core   peak RSS %5.1f MiB\n", label, 100 * cpu / seconds,
	       (double)rss / 1024);
}

static void crossfade_fps(void)
{
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	if (SDL_Init(SDL_INIT_VIDEO))
		return;
	SDL_Window *w = SDL_CreateWindow("bench", 0, 0, 1920, 1080, 0);
	SDL_Renderer *r = w ? SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE) : NULL;
	if (!r) {
		printf("  crossfade: %s\n", SDL_GetError());
		SDL_Quit();
		return;
	}
	SDL_Surface *a =
	    SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080 - 198, 32, SDL_PIXELFORMAT_RGB888);
	SDL_Surface *b =
	    SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080 - 198, 32, SDL_PIXELFORMAT_RGB888);
	SDL_FillRect(a, NULL, 0xff10161f);
	SDL_FillRect(b, NULL, 0xfff2efe8);
	SDL_Texture *ta = SDL_CreateTextureFromSurface(r, a),
		    *tb = SDL_CreateTextureFromSurface(r, b);
	SDL_SetTextureBlendMode(tb, SDL_BLENDMODE_BLEND);
	SDL_Rect area = {0, 120, 1920, 1080 - 198};
	double t0 = time_mono();
	int frames = 0;
	while (time_mono() - t0 < 2.0) {
		SDL_RenderCopy(r, ta, NULL, &area);
		SDL_SetTextureAlphaMod(tb, (Uint8)(frames * 7 & 255));
		SDL_RenderCopy(r, tb, NULL, &area);
		SDL_RenderPresent(r);
		frames++;
	}
	printf("  crossfade, opaque card textures              %6.0f fps\n",
	       frames / (time_mono() - t0));
	SDL_DestroyTexture(ta);
	SDL_DestroyTexture(tb);
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
	SDL_DestroyRenderer(r);
	SDL_DestroyWindow(w);
	SDL_Quit();
}

static void build_time(void)
{
	char *err = NULL;
	size_t len;
	char *path = xasprintf("%s/assets/sample/000_eddeb88cb7a96027.txt", datadir());
	char *text = file_read(path, 0, &len, &err);
	free(path);
	struct config cfg;
	config_defaults(&cfg);
	struct card_fonts fonts;
	double t0 = time_mono();
	if (!text || card_fonts_open(&fonts, &err)) {
		printf("  card build: %s\n", err ? err : "no seed article");
		free(err);
		free(text);
		config_free(&cfg);
		return;
	}
	double t_fonts = time_mono() - t0;
	char *nl = strchr(text, '\n');
	struct article a = {0};
	a.id = (char *)"seed";
	a.title = xstrndup(text, nl ? (size_t)(nl - text) : len);
	a.body = xstrdup(nl ? nl + 1 : "");
	a.summary = (char *)"";
	a.published = 1654672154;
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	/* The first build pays for glyph caches; report it and a warm one. */
	for (int pass = 0; pass < 2; pass++) {
		t0 = time_mono();
		struct card *c = card_article(&g, &cfg, &fonts, &a, -1, 0, 1654684200, &err);
		double t_layout = time_mono() - t0;
		SDL_Surface *s = c ? display_card_surface(c, &err) : NULL;
		double t_total = time_mono() - t0;
		printf("  seed headline card (%s): layout %.1f ms, drawn %.1f ms\n",
		       pass ? "warm" : "cold", t_layout * 1000, t_total * 1000);
		SDL_FreeSurface(s);
		card_free(c);
	}
	t0 = time_mono();
	int pages = card_page_count(&g, &cfg, &fonts, &a);
	double t_count = time_mono() - t0;
	t0 = time_mono();
	struct card *c = card_article(&g, &cfg, &fonts, &a, 0, 0, 1654684200, &err);
	SDL_Surface *s = c ? display_card_surface(c, &err) : NULL;
	printf("  seed article: %d pages, counted in %.1f ms; page 1 built and drawn in %.1f ms\n",
	       pages, t_count * 1000, (time_mono() - t0) * 1000);
	printf("  fonts opened in %.1f ms\n", t_fonts * 1000);
	SDL_FreeSurface(s);
	card_free(c);
	free((char *)a.title);
	free(a.body);
	free(text);
	card_fonts_close(&fonts);
	config_free(&cfg);
}

/* The window's software way, in the process: a crossfade between the seed
 * headline card and its first page through screen.c and fade.c, and one
 * ticker frame (the strip's rows only), each into a 1920x1080 surface. */
static void screen_path(void)
{
	char *err = NULL;
	size_t len;
	char *path = xasprintf("%s/assets/sample/000_eddeb88cb7a96027.txt", datadir());
	char *text = file_read(path, 0, &len, &err);
	free(path);
	struct config cfg;
	config_defaults(&cfg);
	struct card_fonts fonts;
	if (!text || card_fonts_open(&fonts, &err)) {
		printf("  screen: %s\n", err ? err : "no seed article");
		free(err);
		free(text);
		config_free(&cfg);
		return;
	}
	char *nl = strchr(text, '\n');
	struct article a = {0};
	a.id = (char *)"seed";
	a.title = xstrndup(text, nl ? (size_t)(nl - text) : len);
	a.body = xstrdup(nl ? nl + 1 : "");
	a.summary = (char *)"";
	a.published = 1654672154;
	struct card_geometry g;
	card_geometry(1920, 1080, 1, &g);
	struct screen sc = {.g = g};
	sc.surface = SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080, 32, SDL_PIXELFORMAT_RGB888);
	struct card *c1 = card_article(&g, &cfg, &fonts, &a, -1, 0, 1654684200, &err);
	struct card *c2 = card_article(&g, &cfg, &fonts, &a, 0, 0, 1654684200, &err);
	struct screen_parts p = {.background = cfg.theme.background,
				 .transition = TRANSITION_CROSSFADE};
	p.prev = c1 ? screen_image_of_card(&sc, c1) : NULL;
	p.card = c2 ? screen_image_of_card(&sc, c2) : NULL;
	if (!p.prev || !p.card) {
		printf("  screen: cards failed\n");
	} else {
		struct fade *f = fade_new(p.prev->s, p.card->s);
		p.fade = f;
		double t0 = time_mono();
		int frames = 0;
		while (time_mono() - t0 < 2.0) {
			p.progress = (frames % 36) / 36.0;
			screen_draw_card_area(&sc, &p);
			frames++;
		}
		printf("  %-44s %6.0f fps\n",
		       f ? "crossfade, software window (differing pixels)"
			 : "crossfade, software window (alpha blend)",
		       frames / (time_mono() - t0));
		fade_free(f);
	}
	struct buf tb = {0};
	for (int i = 0; i < 12; i++)
		buf_printf(&tb, "\xe2\x81\xa7%s\xe2\x81\xa9   \xe2\x80\xa2   ", a.title);
	int area_x = 0, area_w = 0;
	struct card *bar = card_ticker_bar(&g, &cfg, &fonts, &area_x, &area_w);
	struct ticker *tk = ticker_new(&g, &cfg, &fonts, tb.data, area_x, area_w);
	int n;
	p.bar = screen_image_of_card(&sc, bar);
	p.ticker = tk;
	p.strip = screen_strip_images(&sc, tk, &n);
	double t0 = time_mono();
	int frames = 0;
	while (time_mono() - t0 < 2.0) {
		p.ticker_t = frames / 60.0;
		screen_draw_ticker(&sc, &p);
		frames++;
	}
	printf("  one ticker frame, its %d rows drawn           %6.1f us\n", g.ticker_h,
	       (time_mono() - t0) / frames * 1e6);
	for (int i = 0; i < n; i++)
		screen_image_free(p.strip[i]);
	free(p.strip);
	screen_image_free(p.bar);
	screen_image_free(p.prev);
	screen_image_free(p.card);
	ticker_free(tk);
	card_free(bar);
	card_free(c1);
	card_free(c2);
	buf_free(&tb);
	SDL_FreeSurface(sc.surface);
	free((char *)a.title);
	free(a.body);
	free(text);
	card_fonts_close(&fonts);
	config_free(&cfg);
}

int main(void)
{
	khabar = getenv("KHABAR") ? getenv("KHABAR") : "build/khabar";
	const char *env = getenv("BENCH_SECONDS");
	int seconds = env ? atoi(env) : 60;
	if (seconds < 5)
		seconds = 5;
	snprintf(tmp, sizeof tmp, "/tmp/khabar-bench-%ld", (long)getpid());
	mkdir_p(tmp);
	char db[300], one[300];
	snprintf(db, sizeof db, "%s/k.db", tmp);
	snprintf(one, sizeof one, "%s/one.db", tmp);
	char *cmd = xasprintf("'%s' --db '%s' import '%s/assets/sample/' >/dev/null 2>&1 && "
			      "'%s' --db '%s' import '%s/assets/sample/000_eddeb88cb7a96027.txt' "
			      ">/dev/null 2>&1",
			      khabar, db, datadir(), khabar, one, datadir());
	if (system(cmd) != 0)
		printf("bench_display: importing the samples failed\n");
	free(cmd);

	printf("bench_display (1920x1080, software renderer, %s driver)\n",
	       getenv("SDL_VIDEODRIVER") ? getenv("SDL_VIDEODRIVER") : "default");
	char *argv[] = {(char *)khabar,		(char *)"--db",	      one,
			(char *)"run",		(char *)"--windowed", (char *)"1920x1080",
			(char *)"--exit-after", (char *)"0.3",	      NULL};
	double best = 1e9;
	for (int i = 0; i < 5; i++) {
		double cpu, ms = 0;
		long rss;
		if (run(argv, &cpu, &rss, &ms) == 0 && ms > 0 && ms < best)
			best = ms;
	}
	printf("  start to first card on screen (best of 5)   %6.0f ms\n", best);
	build_time();
	crossfade_fps();
	screen_path();
	printf("  CPU over %d s:\n", seconds);
	cpu_run("rotating every 10 s, ticker off",
		"[ticker]\nenabled = no\n[cards]\nmin_dwell = 10\nmax_dwell = 10\n", db, seconds);
	cpu_run("one static card, ticker off",
		"[ticker]\nenabled = no\n[cards]\narticle_pages = no\nmin_dwell = 3600\n"
		"max_dwell = 3600\n",
		one, seconds);
	cpu_run("rotating every 10 s, ticker on",
		"[ticker]\nenabled = yes\n[cards]\nmin_dwell = 10\nmax_dwell = 10\n", db, seconds);
	/* The GPU path where there is no GPU: SDL's OpenGL renderer on Mesa's
	 * software rasteriser (llvmpipe), so these are the CPU doing a GPU's
	 * work; on a Pi the same frames go to its GPU. */
	printf("  the GPU renderer, OpenGL on the CPU (Mesa llvmpipe) here:\n");
	cpu_run("ticker on, gpu",
		"[display]\nrenderer = gpu\n[ticker]\nenabled = yes\n[cards]\nmin_dwell = 10\n"
		"max_dwell = 10\n",
		db, seconds);
	cpu_run("ticker on, gpu, rotate 90 (kept target)",
		"[display]\nrenderer = gpu\nrotate = 90\n[ticker]\nenabled = yes\n[cards]\n"
		"min_dwell = 10\nmax_dwell = 10\n",
		db, seconds);
	char *rm = xasprintf("rm -rf '%s'", tmp);
	if (system(rm) != 0)
		printf("bench_display: could not remove %s\n", tmp);
	free(rm);
	return 0;
}
