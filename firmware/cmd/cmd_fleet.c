/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_fleet — `khabar fleet`: the network program's `fleet` (every
 * screen's status from the broker), run in place of this process, as
 * `khabar sync` is.
 *
 * Must not: link or talk MQTT itself.
 */
#include "app/netproc.h"
#include "cmd/cmd.h"

int cmd_fleet(const struct cmd_ctx *ctx, int argc, char **argv)
{
	return netproc_exec(ctx->config_path, ctx->db_path, argc, argv);
}
