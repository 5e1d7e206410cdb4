/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_console — `khabar console`: runs the organisers' web console
 * (`khabar-console console`, found by app/netproc.h's rule) in this
 * process's place, so the display program never links libmicrohttpd,
 * libcrypt or an MQTT library. Its options, output and exit status are
 * khabar-console's (`khabar console --help`).
 *
 * Must not: serve HTTP itself.
 */
#include "app/netproc.h"
#include "cmd/cmd.h"

int cmd_console(const struct cmd_ctx *ctx, int argc, char **argv)
{
	return netproc_exec_of("khabar-console", ctx->config_path, ctx->db_path, argc, argv);
}
