/* SPDX-License-Identifier: GPL-2.0 */
/* Flags and report output shared by the commands that compare results. */
#ifndef HMMBENCH_COMPARE_CLI_H
#define HMMBENCH_COMPARE_CLI_H

#include "analysis/compare_output.h"

/*
 * Command-line pieces shared by 'compare' and 'history'.
 * compare_cli_parse_flag() takes --threshold, --alpha, --format, --out, --seed,
 * --resamples (each also as --flag=VALUE) and --force at argv[*i]: 1 taken
 * (value consumed), 0 not one of them, -1 bad value (message printed). compare_cli_emit() writes the report
 * to @path (NULL: stdout, colour on a tty): 0, or -1 after a message.
 */
int compare_cli_parse_flag(const char *cmd, int argc, char **argv, int *i,
		       struct compare_options *o, enum compare_format *format, const char **out);
int compare_cli_emit(const char *cmd, const struct compare_report *r, const struct compare_sides *s,
		 enum compare_format format, const char *path);

#endif
