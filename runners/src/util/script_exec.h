/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Subcommands that are driver scripts (ab, kernel, bisect): they boot QEMU
 * guests and run make and git, which shell does best. The runner finds them
 * beside its own binary and hands over its arguments.
 */
#ifndef HMMBENCH_SCRIPT_EXEC_H
#define HMMBENCH_SCRIPT_EXEC_H

/*
 * Replace this process with "bash DIR/@script ARGS", DIR being the runner
 * binary's directory and ARGS argv[1..]. Returns only on failure, with the
 * usage exit code after saying why on stderr.
 */
int script_exec(const char *command, const char *script, int argc, char **argv);

#endif
