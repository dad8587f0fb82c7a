/* SPDX-License-Identifier: GPL-2.0 */
/* Geometric means of a compare report's ratios, per operation and page kind. */
#ifndef HMMBENCH_COMPARE_GEOMEAN_H
#define HMMBENCH_COMPARE_GEOMEAN_H

#include <stddef.h>

#include "analysis/compare.h"

/*
 * Geometric mean of the time ratios of the rows with one, per (operation,
 * page kind) in the rows' order, then one "all" over every such row
 * *out is calloc'ed (free it); 0 or -ENOMEM.
 */
struct compare_geomean {
	char group[64];		/* "snapshot/4k" (parameters op/kind), or "all" */
	size_t n;		/* configurations averaged */
	double ratio;		/* exp(mean(log ratio)); NAN when n is 0 */
	double log_sum;
};

int compare_geomean_compute(const struct compare_report *r, struct compare_geomean **out, size_t *nr);

#endif
