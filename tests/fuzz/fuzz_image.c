/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_image — libFuzzer entry point for the sync's image path: bytes ->
 * header probe -> decode -> scale. Never a crash, a leak, or a decode of
 * a picture whose header claims more than the limit.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "media/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int w, h;
	char *err = NULL;
	const char *type;
	if (image_probe(data, size, &w, &h, &type, &err) == 0 && (long long)w * h > 1000000) {
		free(err);
		return 0; /* big but valid headers: decoding them only measures memory */
	}
	free(err);
	err = NULL;
	if (image_check(data, size, 64, &w, &h, &err) == 0 && (w > 64 || h > 64))
		abort();
	free(err);
	return 0;
}
