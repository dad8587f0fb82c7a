/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics over arrays of doubles, as plain functions (the shape of Google
 * Benchmark's statistics.cc): descriptive statistics of one configuration's
 * samples, the warnings pyperf would give, and the two-sample tests and
 * bootstrap intervals that 'hmmbench compare' needs.
 *
 * Conventions, shared by every function here:
 * - Inputs are never modified; functions that need order sort a copy.
 * - An empty input gives NAN (scalar functions) or -EINVAL (int functions);
 *   an allocation failure gives NAN or -ENOMEM.
 * - A non-finite value (NaN, +-infinity) anywhere in an input gives NAN or
 *   -EDOM, before any work: samples are measurements, and a NaN has no
 *   place in an order (sorts misplace it, and a walk over equal values
 *   would never pass it). stats_strerror() names each code for messages.
 * - Percentiles use linear interpolation between order statistics, Hyndman
 *   and Fan's type 7 (R's default, numpy's 'linear'): for p in [0, 100],
 *   h = (n - 1) * p / 100 and the value is x[floor h] + (h - floor h) *
 *   (x[floor h + 1] - x[floor h]) on the sorted data. Quartiles, the median
 *   and the bootstrap percentiles all use it.
 * - Randomness comes only from a seed the caller passes (rng.h).
 */
#ifndef HMMBENCH_STATS_H
#define HMMBENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Defaults of struct stats_options (see stats_summary_options_default()). */
#define STATS_DEFAULT_CI_LEVEL		0.95
#define STATS_DEFAULT_RESAMPLES		10000
#define STATS_DEFAULT_MIN_SAMPLES	10
#define STATS_DEFAULT_CV_WARN		0.10
#define STATS_DEFAULT_SPREAD_WARN	0.50

/* MAD * this estimates the standard deviation of normal data. */
#define STATS_MAD_NORMAL_SCALE		1.482602218505602

/* Tukey's fences: mild outliers lie beyond 1.5 IQR, severe ones beyond 3. */
#define STATS_TUKEY_MILD		1.5
#define STATS_TUKEY_SEVERE		3.0

/* Whether every x[i] is finite (no NaN, no infinity); 1 for n == 0. */
int stats_all_finite(const double *x, size_t n);

/* A message for a negative code of this file ("a sample is not finite ..."). */
const char *stats_strerror(int err);

double stats_min(const double *x, size_t n);
double stats_max(const double *x, size_t n);
double stats_mean(const double *x, size_t n);
/* Sample standard deviation (divides by n - 1); 0 for a single value. */
double stats_stddev(const double *x, size_t n);
/* Coefficient of variation: sample stddev / mean; NAN when the mean is 0. */
double stats_cv(const double *x, size_t n);
/* Type 7 percentile, p in [0, 100] (clamped). */
double stats_percentile(const double *x, size_t n, double p);
/* Same, on data the caller already sorted ascending (no copy). */
double stats_percentile_sorted(const double *sorted, size_t n, double p);
double stats_median(const double *x, size_t n);
/*
 * Median absolute deviation, median(|x - median(x)|), raw: NOT scaled to a
 * standard deviation (multiply by STATS_MAD_NORMAL_SCALE for that).
 */
double stats_mad(const double *x, size_t n);

/* Tukey's fences on type 7 quartiles; outliers are counted, never dropped. */
struct stats_outliers {
	double q1, q3, iqr;
	double low_severe_fence;	/* q1 - 3 IQR */
	double low_mild_fence;		/* q1 - 1.5 IQR */
	double high_mild_fence;		/* q3 + 1.5 IQR */
	double high_severe_fence;	/* q3 + 3 IQR */
	size_t low_severe;		/* x < low_severe_fence */
	size_t low_mild;		/* low_severe_fence <= x < low_mild_fence */
	size_t high_mild;		/* high_mild_fence < x <= high_severe_fence */
	size_t high_severe;		/* x > high_severe_fence */
};

int stats_tukey(const double *x, size_t n, struct stats_outliers *out);

/* Building blocks the other stats files share. */
int stats_cmp_double(const void *a, const void *b);	/* qsort() order of doubles */
double *stats_sorted_copy(const double *x, size_t n);	/* malloc'd; NULL on failure */
/* The MAD of @x about @median (scaled, as stats_mad()); 0 or -ENOMEM. */
int stats_mad_about(const double *x, size_t n, double median, double *out);
/*
 * stats_percentile_sorted() without the finiteness check: ratio estimates
 * of a bootstrap may be infinite (a zero base median) and still order.
 */
double stats_percentile_sorted_extended(const double *sorted, size_t n, double p);
/* stats_tukey() on data already sorted. */
void stats_tukey_sorted(const double *sorted, size_t n, struct stats_outliers *out);

#endif
