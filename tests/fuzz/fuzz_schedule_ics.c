/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_schedule_ics — libFuzzer entry point for the schedule_ics parser: any
 * bytes in, events or a refusal out, never a crash or a leak. No database.
 */
#include <stddef.h>
#include <stdint.h>

#include "parse/schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_limits lim;
	import_limits_default(&lim);
	struct schedule_result r = {0};
	schedule_ics_parse((const char *)data, size, &lim, &r);
	schedule_result_free(&r);
	/* And through detection and the UTF-8 check. */
	schedule_parse((const char *)data, size, &lim, "fuzz", &r);
	schedule_result_free(&r);
	return 0;
}
