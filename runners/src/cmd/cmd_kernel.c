// SPDX-License-Identifier: GPL-2.0
/* hmmbench kernel: register or build a user's kernel (runners/kernel/kernel.sh). */
#include "cmd/commands.h"
#include "util/script_exec.h"

int cmd_kernel(int argc, char **argv)
{
	return script_exec("kernel", "kernel/kernel.sh", argc, argv);
}
