/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_hall_state — libFuzzer entry point for a hall's state message
 * (parse/hall_state.c, what khabar/room/HALL/state carries): any bytes in,
 * full, open or a refusal out, never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>

#include "parse/hall_state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int r = hall_state_parse((const char *)data, size);
	if (r < -1 || r > 1) /* full, open or refused: nothing else */
		__builtin_trap();
	return 0;
}
