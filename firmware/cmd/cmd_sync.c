/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_sync — `khabar sync`: runs the network program's sync (`khabar-net
 * sync`, found by app/netproc.h's rule) in this process's place, so the
 * display program never links libcurl. Its options, output and exit
 * status are khabar-net's (`khabar sync --help`).
 *
 * Must not: know about SDL or layout; talk HTTP itself.
 */
#include "app/netproc.h"
#include "cmd/cmd.h"

int cmd_sync(const struct cmd_ctx *ctx, int argc, char **argv)
{
	return netproc_exec(ctx->config_path, ctx->db_path, argc, argv);
}
