/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * khabar-net — the network program of khabar: feed rounds, the MQTT
 * subscriber, publishing. netcmd/netcmd.h says what it does; the display
 * (main.c) starts it and never links the network libraries itself.
 */
#include "netcmd/netcmd.h"

int main(int argc, char **argv)
{
	return netcmd_main(argc, argv);
}
