/* SPDX-License-Identifier: GPL-2.0 */
/* Everything one configuration reports about one series of samples. */
#ifndef HMMBENCH_STATS_SUMMARY_H
#define HMMBENCH_STATS_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "stats/stats.h"
#include "stats/stats_bootstrap.h"

/* What stats_summary_compute() computes and when it warns. */
struct stats_options {
	double ci_level;	/* bootstrap CI level, (0, 1) */
	size_t resamples;	/* bootstrap resamples; 0 = no CI (NAN bounds) */
	uint64_t seed;		/* bootstrap seed */
	size_t min_samples;	/* warn below this many samples */
	double cv_warn;		/* warn when CV exceeds this (fraction) */
	double spread_warn;	/* warn when min or max is this far from the median (fraction) */
};

void stats_summary_options_default(struct stats_options *o);

/* Warning flags of a summary (bit set). */
#define STATS_WARN_FEW_SAMPLES	(1U << 0)
#define STATS_WARN_HIGH_CV	(1U << 1)
#define STATS_WARN_MIN_FAR	(1U << 2)
#define STATS_WARN_MAX_FAR	(1U << 3)
#define STATS_WARN_ALL		0xfU

/* Everything one configuration reports about one series of samples. */
struct stats_summary {
	/*
	 * 0, or -EINVAL (no samples), -EDOM (a sample is not finite), -ERANGE
	 * (finite samples whose statistics overflow a double, e.g. a MAD of
	 * +-1e308) or -ENOMEM; then the rest is NAN or unreliable.
	 */
	int error;
	size_t n;
	double min, max, mean, median;
	double p5, p95;
	double stddev, cv, mad;
	struct stats_outliers outliers;
	struct stats_ci median_ci;
	unsigned int warnings;	/* STATS_WARN_* */
	/* The thresholds the warnings were judged against. */
	size_t min_samples;
	double cv_warn, spread_warn;
};

/* Summarise x[0..n); o == NULL means stats_summary_options_default(). */
struct stats_summary stats_summary_compute(const double *x, size_t n, const struct stats_options *o);

/*
 * The same summary divided by @pages (per-page figures): every location and
 * scale value, fence and CI bound is divided; n, CV, counts and warnings are
 * unchanged.
 */
struct stats_summary stats_summary_per_page(const struct stats_summary *s, double pages);

#endif
