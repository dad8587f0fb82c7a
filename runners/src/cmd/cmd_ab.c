// SPDX-License-Identifier: GPL-2.0
/* hmmbench ab: the A/B driver is runners/ab.sh (it boots QEMU guests). */
#include "cmd/commands.h"
#include "util/script_exec.h"

int cmd_ab(int argc, char **argv)
{
	return script_exec("ab", "ab.sh", argc, argv);
}
