/* SPDX-License-Identifier: GPL-2.0 */
/* Plots of ratio reports (compare and formats, read by results/report_model.h). */
#ifndef HMMBENCH_PLOT_RATIOS_H
#define HMMBENCH_PLOT_RATIOS_H

#include <jansson.h>
#include <stddef.h>

#include "plot/plot_data.h"
#include "results/report_model.h"

/*
 * Ratio reports instead of results documents: 'hmmbench
 * compare --format json' (new/base per configuration, series = format) and
 * 'hmmbench formats --format json' (table/convert, series = table). Per
 * operation, at its largest size without write requests: the change in
 * percent with its 95% CI, one bar per series, grouped by page kind
 * (plots/ratios.gp). Same return convention as plot_data_write().
 */
int plot_ratios_write(const struct report_model *report, const char *outdir, const char *plotdir,
		      struct plot_set *set, char *err, size_t errlen);

#endif
