/* SPDX-License-Identifier: GPL-2.0 */
/* Finding hmmbench's gnuplot scripts and running one of them. */
#ifndef HMMBENCH_GNUPLOT_H
#define HMMBENCH_GNUPLOT_H

#include <stddef.h>

/*
 * The scripts' directory: $HMMBENCH_PLOTDIR, else plots/ of the data
 * directory (util/datadir.h: installed or the source tree), else "plots".
 */
const char *gnuplot_script_dir(char *buf, size_t len);

/* Run gnuplot -e @assignments @dir/@script; 0 when it succeeded, else -errno. */
int gnuplot_run(const char *dir, const char *script, const char *assignments);

#endif
