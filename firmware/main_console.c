/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * khabar-console — the organisers' web console of khabar (console/
 * console.h says what it does); `khabar console` runs it, so the display
 * never links the HTTP server.
 */
#include "console/console.h"

int main(int argc, char **argv)
{
	return console_main(argc, argv);
}
