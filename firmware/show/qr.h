/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * qr — a QR code as a square matrix of modules, for the link to the full
 * story on an article's card. The card draws it; this only encodes.
 *
 * Must not: draw, or know about articles and cards.
 */
#ifndef KHABAR_QR_H
#define KHABAR_QR_H

#include <stddef.h>

/* Texts longer than this get no code (a phone struggles with the dense
 * symbol, and such a link is rarely one a person wants). */
#define QR_MAX_TEXT 300

struct qr {
	int size;		/* modules per side, without the quiet zone */
	unsigned char *modules; /* size * size, row by row; 1 dark, 0 light */
};

/* Encode text (8-bit, error correction level M). 0, or -1 when text is
 * empty, longer than QR_MAX_TEXT bytes, or cannot be encoded. Free with
 * qr_free(). */
int qr_encode(const char *text, struct qr *out);
void qr_free(struct qr *q);

#endif
