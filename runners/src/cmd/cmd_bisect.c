// SPDX-License-Identifier: GPL-2.0
/* hmmbench bisect: git bisect run over a kernel tree (runners/kernel/bisect.sh). */
#include "cmd/commands.h"
#include "util/script_exec.h"

int cmd_bisect(int argc, char **argv)
{
	return script_exec("bisect", "kernel/bisect.sh", argc, argv);
}
