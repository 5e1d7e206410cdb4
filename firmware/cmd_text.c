/*
 * cmd_text — `khabar layout` (the engine's result as JSON) and
 * `khabar render --text` (laid-out text drawn to a PNG, no display), plus
 * the option parsing helpers every command shares.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "font.h"
#include "render.h"
#include "text.h"
#include "util.h"

/* Largest input `khabar layout` and `render --text` read. */
#define TEXT_INPUT_MAX (64u << 20)

const char *cmd_opt(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != 0)
		return NULL;
	if (*i + 1 >= argc) {
		fprintf(stderr, "khabar: %s needs a value\n", name);
		exit(2);
	}
	return argv[++*i];
}

int cmd_parse_int(const char *name, const char *v, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < lo || x > hi) {
		fprintf(stderr, "khabar: %s: '%s' is not a whole number from %ld to %ld\n", name, v,
			lo, hi);
		return -1;
	}
	*out = x;
	return 0;
}

int cmd_parse_double(const char *name, const char *v, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	if (errno || end == v || *end || !(x >= lo && x <= hi)) {
		fprintf(stderr, "khabar: %s: '%s' is not a number from %g to %g\n", name, v, lo, hi);
		return -1;
	}
	*out = x;
	return 0;
}

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

static int parse_enum(const char *name, const char *v, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v, names[i]) == 0)
			return i;
	fprintf(stderr, "khabar: %s: '%s' is not one of", name, v);
	for (int i = 0; i < n; i++)
		fprintf(stderr, " %s", names[i]);
	fprintf(stderr, "\n");
	return -1;
}

/* Returns 0, 1 for --help, or 2 for a usage error. */
static int parse_text_opts(int argc, char **argv, struct text_opts *o, int render)
{
	text_style_init(&o->style);
	o->margin = 48;
	for (int i = 1; i < argc; i++) {
		const char *v;
		long n;
		int e;
		if ((v = cmd_opt(argc, argv, &i, "--width"))) {
			if (cmd_parse_double("--width", v, 1, 100000, &o->style.width))
				return 2;
		} else if ((v = cmd_opt(argc, argv, &i, "--size"))) {
			if (cmd_parse_double("--size", v, 1, 2000, &o->style.size))
				return 2;
		} else if ((v = cmd_opt(argc, argv, &i, "--font"))) {
			if (o->nfonts == (int)ARRAY_LEN(o->fonts)) {
				fprintf(stderr, "khabar: at most %zu --font options\n", ARRAY_LEN(o->fonts));
				return 2;
			}
			o->fonts[o->nfonts++] = v;
		} else if ((v = cmd_opt(argc, argv, &i, "--align"))) {
			if ((e = parse_enum("--align", v, align_names, 4)) < 0)
				return 2;
			o->style.align = (enum text_align)e;
		} else if ((v = cmd_opt(argc, argv, &i, "--dir"))) {
			if ((e = parse_enum("--dir", v, dir_names, 3)) < 0)
				return 2;
			o->style.dir = (enum text_dir)e;
		} else if ((v = cmd_opt(argc, argv, &i, "--line-height"))) {
			if (cmd_parse_double("--line-height", v, 0.5, 10, &o->style.line_height))
				return 2;
		} else if ((v = cmd_opt(argc, argv, &i, "--max-lines"))) {
			if (cmd_parse_int("--max-lines", v, 0, 1000000, &n))
				return 2;
			o->style.max_lines = (int)n;
		} else if (!strcmp(argv[i], "--raw")) {
			o->style.norm = 0;
		} else if (render && (v = cmd_opt(argc, argv, &i, "--text"))) {
			o->text_file = v;
		} else if (render && (v = cmd_opt(argc, argv, &i, "--out"))) {
			o->out = v;
		} else if (render && (v = cmd_opt(argc, argv, &i, "--margin"))) {
			if (cmd_parse_double("--margin", v, 0, 10000, &o->margin))
				return 2;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			return 1;
		} else {
			fprintf(stderr, "khabar %s: unknown option '%s' (see --help)\n", argv[0], argv[i]);
			return 2;
		}
	}
	return 0;
}

static const char layout_usage[] =
	"usage: khabar layout [--width PX] [--size PX] [--font FILE]... [--align start|end|center|justify]\n"
	"                     [--dir rtl|ltr|auto] [--line-height K] [--max-lines N] [--raw] < TEXT\n"
	"Lays out UTF-8 from stdin (each newline ends a paragraph) and prints the lines as JSON.\n"
	"Defaults: width 1000, size 32, the bundled Vazirmatn Regular, start, rtl, 1.7.\n";

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
	"usage: khabar render --text FILE|- --out FILE.png [--width PX] [--margin PX] [layout options]\n"
	"Draws laid-out text, dark on light, to a PNG without a display.\n"
	"Layout options as for `khabar layout`.\n";

int cmd_render(const struct cmd_ctx *ctx, int argc, char **argv)
{
	/* Without --text, render draws a card of the display. */
	int has_text = 0;
	for (int i = 1; i < argc; i++)
		has_text |= !strncmp(argv[i], "--text", 6);
	if (!has_text)
		return display_render_card(ctx, argc, argv);
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
