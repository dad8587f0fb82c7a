/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Subcommands that are driver scripts (ab, kernel, bisect): they boot QEMU
 * guests and run make and git, which shell does best. The runner finds them
 * under runners/ of its data directory (util/datadir.h), installed or in
 * the source tree, and hands over its arguments.
 */
#ifndef HMMBENCH_SCRIPT_EXEC_H
#define HMMBENCH_SCRIPT_EXEC_H

/*
 * Replace this process with "bash DATADIR/runners/@script ARGS", ARGS being
 * argv[1..], with $HMMBENCH_BIN set to this binary for the script to call.
 * Returns only on failure, with the usage exit code after saying why on
 * stderr.
 */
int script_exec(const char *command, const char *script, int argc, char **argv);

#endif
