/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_text — `khabar layout` (the engine's result as JSON) and
 * `khabar render --text` (laid-out text drawn to a PNG, no display).
 *
 * Must not: know about cards, the cache or windows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "text/font.h"
#include "screen/render.h"
#include "text/text.h"
#include "base/util.h"

/* Largest input `khabar layout` and `render --text` read. */
#define TEXT_INPUT_MAX (64u << 20)

struct text_opts {
	struct text_style style;
	const char *fonts[16];
	int nfonts;
	const char *text_file; /* render only */
	const char *out;       /* render only */
	double margin;
};

static const char *const align_names[] = {"start", "end", "center", "justify"};
static const char *const dir_names[] = {"rtl", "ltr", "auto"};
static const char *const justify_names[] = {"kashida", "spaces"};

/* Returns 0, 1 for --help, or 2 for a usage error. */
static int parse_text_opts(int argc, char **argv, struct text_opts *o, int render)
{
	text_style_init(&o->style);
	o->margin = 48;
	struct cmd_args a;
	cmd_args_init(&a, argc, argv);
	while (cmd_args_next(&a)) {
		const char *v;
		long n;
		int e;
		if (cmd_opt_double(&a, "--width", 1, 100000, &o->style.width) ||
		    cmd_opt_double(&a, "--size", 1, 2000, &o->style.size) ||
		    cmd_opt_double(&a, "--line-height", 0.5, 10, &o->style.line_height))
			continue;
		if (cmd_opt_str(&a, "--font", &v)) {
			if (o->nfonts == (int)ARRAY_LEN(o->fonts)) {
				fprintf(stderr, "khabar: at most %zu --font options\n",
					ARRAY_LEN(o->fonts));
				return 2;
			}
			o->fonts[o->nfonts++] = v;
		} else if (cmd_opt_enum(&a, "--align", align_names, 4, &e)) {
			o->style.align = (enum text_align)e;
		} else if (cmd_opt_enum(&a, "--dir", dir_names, 3, &e)) {
			o->style.dir = (enum text_dir)e;
		} else if (cmd_opt_long(&a, "--max-lines", 0, 1000000, &n)) {
			o->style.max_lines = (int)n;
		} else if (cmd_opt_enum(&a, "--justify", justify_names, 2, &e)) {
			o->style.justify = (enum text_justify)e;
		} else if (cmd_opt_flag(&a, "--balance")) {
			o->style.balance = 1;
		} else if (cmd_opt_flag(&a, "--raw")) {
			o->style.norm = 0;
		} else if (render && (cmd_opt_str(&a, "--text", &o->text_file) ||
				      cmd_opt_str(&a, "--out", &o->out) ||
				      cmd_opt_double(&a, "--margin", 0, 10000, &o->margin))) {
			continue;
		} else if (cmd_opt_flag(&a, "--help")) {
			return 1;
		} else {
			cmd_args_unknown(&a);
		}
	}
	return a.status;
}

static const char layout_usage[] =
    "usage: khabar layout [--width PX] [--size PX] [--font FILE]... [--align "
    "start|end|center|justify]\n"
    "                     [--justify kashida|spaces] [--balance] [--dir rtl|ltr|auto]\n"
    "                     [--line-height K] [--max-lines N] [--raw] < TEXT\n"
    "Lays out UTF-8 from stdin (each newline ends a paragraph) and prints the lines as JSON.\n"
    "--justify: how justified lines fill the width (kashida: spaces, then kashida, then spaces;\n"
    "spaces: spaces only). --balance: lines of near-equal width, as for headlines.\n"
    "Defaults: width 1000, size 32, the bundled Vazirmatn Regular, start, kashida, rtl, 1.7.\n";

/* The chain from --font options, else the bundled default. */
static struct font_chain *open_fonts(const struct text_opts *o)
{
	char *err = NULL;
	struct font_chain *c;
	if (o->nfonts == 0) {
		c = font_chain_default("Regular", &err);
	} else {
		c = font_chain_new();
		for (int i = 0; i < o->nfonts && c; i++) {
			if (font_chain_add_file(c, o->fonts[i], &err) != 0) {
				font_chain_free(c);
				c = NULL;
			}
		}
	}
	if (!c) {
		fprintf(stderr, "khabar: %s\n", err);
		free(err);
	}
	return c;
}

static char *read_input(const char *path, size_t *len)
{
	char *err = NULL;
	char *text = file_read(path, TEXT_INPUT_MAX, len, &err);
	if (!text) {
		fprintf(stderr, "khabar: %s\n", err);
		free(err);
	}
	return text;
}

int cmd_layout(const struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	struct text_opts o = {0};
	int r = parse_text_opts(argc, argv, &o, 0);
	if (r) {
		fputs(layout_usage, r == 1 ? stdout : stderr);
		return r == 1 ? 0 : 2;
	}
	struct font_chain *fonts = open_fonts(&o);
	if (!fonts)
		return 1;
	size_t len;
	char *text = read_input("-", &len);
	if (!text) {
		font_chain_free(fonts);
		return 1;
	}
	o.style.fonts = fonts;
	struct text_layout *l = text_layout(text, len, &o.style);
	char *json = text_layout_json(l);
	fputs(json, stdout);
	free(json);
	text_layout_free(l);
	free(text);
	font_chain_free(fonts);
	return 0;
}

static const char render_usage[] =
    "usage: khabar render --text FILE|- --out FILE.png [--width PX] [--margin PX] [layout "
    "options]\n"
    "Draws laid-out text, dark on light, to a PNG without a display.\n"
    "Layout options as for `khabar layout`.\n";

int cmd_render_text(const struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	struct text_opts o = {0};
	int r = parse_text_opts(argc, argv, &o, 1);
	if (r || !o.text_file || !o.out) {
		if (!r)
			fprintf(stderr, "khabar render: --text and --out are required\n");
		fputs(render_usage, r == 1 ? stdout : stderr);
		return r == 1 ? 0 : 2;
	}
	int rc = 1;
	char *err = NULL, *text = NULL;
	struct text_layout *l = NULL;
	SDL_Surface *s = NULL;
	struct font_chain *fonts = open_fonts(&o);
	if (!fonts)
		goto done;
	size_t len;
	if (!(text = read_input(o.text_file, &len)))
		goto done;
	o.style.fonts = fonts;
	l = text_layout(text, len, &o.style);
	int w = (int)(o.style.width + 2 * o.margin);
	int h = (int)(l->height + 2 * o.margin);
	if (h > 32767) {
		fprintf(stderr, "khabar: %s: the text is %d px tall; too tall for one image\n",
			o.text_file, h);
		goto done;
	}
	if (!(s = render_surface_new(w, MAX(h, 1), 0xFFFAF8F2u, &err)))
		goto fail;
	render_layout(s, l, (float)o.margin, (float)o.margin, 0xFF1B1D22u);
	if (render_save_png(s, o.out, &err) != 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "khabar: %s\n", err);
	free(err);
done:
	SDL_FreeSurface(s);
	text_layout_free(l);
	free(text);
	font_chain_free(fonts);
	return rc;
}
