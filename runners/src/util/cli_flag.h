/* SPDX-License-Identifier: GPL-2.0 */
/* Command-line flags that take a value. */
#ifndef HMMBENCH_CLI_FLAG_H
#define HMMBENCH_CLI_FLAG_H

/*
 * Whether argv[*i] is the flag @name with a value, written "--name VALUE"
 * (the value consumed) or "--name=VALUE". 1 with *value set, 0 when it is
 * another word, -1 after printing "hmmbench @cmd: @name needs a value".
 */
int cli_flag_value(const char *cmd, int argc, char **argv, int *i, const char *name,
		   const char **value);

#endif
