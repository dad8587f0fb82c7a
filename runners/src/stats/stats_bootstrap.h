/* SPDX-License-Identifier: GPL-2.0 */
/* Seeded percentile-bootstrap confidence intervals (conventions: stats.h). */
#ifndef HMMBENCH_STATS_BOOTSTRAP_H
#define HMMBENCH_STATS_BOOTSTRAP_H

#include <stddef.h>
#include <stdint.h>

/* A confidence interval and how it was obtained. */
struct stats_ci {
	double low, high;
	double level;		/* e.g. 0.95 */
	size_t resamples;
	uint64_t seed;
	size_t zero_base;	/* ratio CIs: resamples whose base median was 0 */
};

/*
 * Percentile-bootstrap CI of the median: @resamples times, draw n values
 * with replacement and take their median; the interval is the type 7
 * (1 - level) / 2 and (1 + level) / 2 percentiles of those medians.
 * The same seed gives the same interval.
 */
int stats_bootstrap_median_ci(const double *x, size_t n, double level, size_t resamples,
			      uint64_t seed, struct stats_ci *out);

/*
 * Percentile-bootstrap CI of median(new) / median(base): each resample
 * draws both sides independently, with replacement. A resample whose base
 * median is 0 (counters often count 0) keeps its place in the order: its
 * ratio is +infinity when the new median is above 0, 1 when both are 0 (no
 * change), and they are counted in out->zero_base. So the interval stays
 * the plain percentile interval of the resampled ratios: it is finite as
 * long as fewer than (1 - level) / 2 of the resamples had a zero base
 * median, and its high end is +infinity (no upper bound) otherwise. No
 * resample is dropped, since dropping them would bias the interval low.
 */
int stats_bootstrap_ratio_ci(const double *base, size_t nbase, const double *new_,
			     size_t nnew, double level, size_t resamples, uint64_t seed,
			     struct stats_ci *out);

#endif
