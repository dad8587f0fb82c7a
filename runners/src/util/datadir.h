/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hmmbench's data directory: the driver scripts (runners/...), the gnuplot
 * scripts (plots/) and the matrix files (kernel-patch/flagtable.matrix), laid out
 * as in the source tree. Looked up, first found wins:
 *
 *   1. $HMMBENCH_DATADIR;
 *   2. <dir of the binary>/../share/hmmbench (make install: PREFIX/bin/hmmbench
 *      and PREFIX/share/hmmbench, relocatable with the prefix);
 *   3. <dir of the binary>/.. (the source tree: runners/hmmbench).
 *
 * A candidate counts when it holds plots/common.gp. Nothing is resolved
 * relative to the current directory.
 */
#ifndef HMMBENCH_DATADIR_H
#define HMMBENCH_DATADIR_H

#include <stddef.h>

/*
 * The data directory into @buf, found from the binary @exe (a path, e.g.
 * /proc/self/exe resolved). @buf, or NULL when no candidate holds the
 * data (then @buf says what was searched).
 */
const char *datadir_find_from(const char *exe, char *buf, size_t len);

/* datadir_find_from() for the running binary. */
const char *datadir_find(char *buf, size_t len);

/* The running binary's path into @buf; NULL when it cannot be read. */
const char *datadir_self_exe(char *buf, size_t len);

#endif
