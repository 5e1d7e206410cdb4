/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * qr — libqrencode's symbol copied into a plain matrix. The quiet zone
 * (4 modules) is the drawer's to add.
 *
 * Must not: draw. The only module that includes <qrencode.h>.
 */
#include "show/qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

int qr_encode(const char *text, struct qr *out)
{
	memset(out, 0, sizeof *out);
	size_t n = text ? strlen(text) : 0;
	if (n == 0 || n > QR_MAX_TEXT)
		return -1;
	QRcode *q = QRcode_encodeData((int)n, (const unsigned char *)text, 0, QR_ECLEVEL_M);
	if (!q)
		return -1;
	out->size = q->width;
	out->modules = xmalloc((size_t)q->width * (size_t)q->width);
	for (int i = 0; i < q->width * q->width; i++)
		out->modules[i] = q->data[i] & 1;
	QRcode_free(q);
	return 0;
}

void qr_free(struct qr *q)
{
	if (!q)
		return;
	free(q->modules);
	memset(q, 0, sizeof *q);
}
