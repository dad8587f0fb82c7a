// SPDX-License-Identifier: GPL-2.0
/* hmmbench lava: LAVA jobs, their local run and their results (runners/lava/lava.sh). */
#include "cmd/commands.h"
#include "util/script_exec.h"

int cmd_lava(int argc, char **argv)
{
	return script_exec("lava", "lava/lava.sh", argc, argv);
}
