/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit codes every part of hmmbench means the same by. They live at the
 * bottom layer so that analysis code (a verdict's exit code) and commands
 * share them without the analysis depending on the command table.
 */
#ifndef HMMBENCH_EXIT_CODES_H
#define HMMBENCH_EXIT_CODES_H

#define EXIT_OK		0
#define EXIT_FAIL	1	/* the check failed, or a regression */
#define EXIT_USAGE	2	/* bad flags, unreadable input, missing module */

#endif
