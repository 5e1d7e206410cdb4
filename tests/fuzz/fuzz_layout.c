/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_layout — libFuzzer entry point for the text engine: any bytes, at a
 * width, size, alignment, justification, balance, direction and line limit
 * taken from the first bytes, lay out without a crash or a leak, and every
 * run and glyph (tatweels added by justification too) stays inside its
 * paragraph's text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct font_chain *fonts;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fonts) {
		char *err = NULL;
		fonts = font_chain_default("Regular", &err);
		if (!fonts)
			abort();
	}
	if (size < 4)
		return 0;
	struct text_style st;
	text_style_init(&st);
	st.fonts = fonts;
	st.width = 20 + data[0] * 8;
	st.size = 8 + data[1] % 64;
	st.align = (enum text_align)(data[2] % 4);
	st.dir = (enum text_dir)((data[2] >> 2) % 3);
	st.justify = (enum text_justify)((data[2] >> 4) & 1);
	st.balance = (data[2] >> 5) & 1;
	st.max_lines = data[3] % 5;
	st.norm = data[3] & 0x80 ? 0 : TEXT_NORM_ALL;
	struct text_layout *l = text_layout((const char *)data + 4, size - 4, &st);
	for (size_t i = 0; i < l->nlines; i++) {
		size_t plen = strlen(l->paragraphs[l->lines[i].paragraph]);
		for (size_t r = 0; r < l->lines[i].nruns; r++) {
			const struct text_run *run = &l->lines[i].runs[r];
			if (run->start > run->end || run->end > plen)
				abort();
			for (size_t g = 0; g < run->nglyphs; g++)
				if (run->glyphs[g].cluster >= plen)
					abort();
		}
	}
	if (st.max_lines && l->nlines > (size_t)st.max_lines)
		abort();
	char *json = text_layout_json(l);
	free(json);
	text_layout_free(l);
	return 0;
}
