/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_jsonfeed — libFuzzer entry point for the JSON Feed importer: any
 * bytes in, articles or a refusal out, never a crash or a leak.
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
	import_jsonfeed_is((const char *)data, size);
	import_jsonfeed_parse((const char *)data, size, &lim, &r);
	import_result_free(&r);
	import_parse((const char *)data, size, &lim, &r);
	import_result_free(&r);
	return 0;
}
