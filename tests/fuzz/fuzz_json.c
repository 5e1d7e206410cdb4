/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_json — libFuzzer entry point for the json importer: any bytes in,
 * articles or a refusal out, never a crash or a leak. No database.
 */
#include <stddef.h>
#include <stdint.h>

#include "parse/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_limits lim;
	import_limits_default(&lim);
	struct import_result r = {0};
	import_json_parse((const char *)data, size, &lim, &r);
	import_result_free(&r);
	/* And through the whole path: detection and the UTF-8 check. */
	import_parse((const char *)data, size, &lim, &r);
	import_result_free(&r);
	return 0;
}
