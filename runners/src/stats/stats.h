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

/* Defaults of struct stats_options (see stats_options_default()). */
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

/*
 * Two-sided Mann-Whitney U test (Wilcoxon rank-sum) of x against y.
 * u_x is the U statistic of x (pairs with x > y, ties counting 1/2; that is
 * scipy's 'statistic'); u_y = nx * ny - u_x.
 * Method: exact when the pooled data have no ties and both samples have at
 * most STATS_MWU_EXACT_MAX values: p = min(1, 2 P(U >= max(u_x, u_y))) from
 * the exact null distribution of U. With ties and at most
 * STATS_MWU_EXACT_TIES_MAX pooled values, an exact permutation test: the
 * distribution of x's midrank sum over all C(nx + ny, nx) ways to label the
 * pooled values x or y, p = min(1, 2 min(P(U_x >= u_x), P(U_x <= u_x)))
 * (the tied null is not symmetric in general, hence both tails). Small tied
 * samples are what icount runs give, and there the normal approximation
 * is anti-conservative: {100, 100, 100} vs {200, 200, 200, 201} has exact
 * p = 2/35 = 0.0571 but asymptotic p 0.036. Otherwise the normal approximation with
 * the tie-corrected variance nx ny / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1)))
 * and a continuity correction of 0.5 toward the mean: z = (max(u_x, u_y) -
 * nx ny / 2 - 0.5) / sigma, p = min(1, 2 (1 - Phi(z))); p = 1 when every
 * value is tied. Both match scipy.stats.mannwhitneyu(method='exact' /
 * 'asymptotic', use_continuity=True); the tied exact test matches a brute
 * enumeration of every labelling (tests/unit/test_stats.c).
 */
#define STATS_MWU_EXACT_MAX	50
#define STATS_MWU_EXACT_TIES_MAX	40

struct stats_mwu {
	double u_x, u_y;
	double z;		/* normal approximation only, else NAN */
	double p;
	int exact;		/* 1: exact (or permutation) distribution, 0: normal approximation */
	int ties;		/* 1: the pooled data have ties */
};

int stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
		       struct stats_mwu *out);

/*
 * Two-sided two-sample Kolmogorov-Smirnov test: d = sup |F_x - F_y| over the
 * empirical CDFs. Method: exact when nx * ny <= STATS_KS_EXACT_MAX_CELLS:
 * p = P(D >= d) under the null, from the lattice paths that stay strictly
 * within the band |i / nx - j / ny| < d (the method of scipy.stats.ks_2samp
 * 'exact'; it assumes no ties, as scipy does). Otherwise the asymptotic
 * Kolmogorov distribution: p = Q(sqrt(nx ny / (nx + ny)) d) with
 * Q(t) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 t^2) (scipy.stats.kstwobign.sf;
 * scipy's own 'asymp' uses kstwo.sf(d, round(en)) instead, which differs a
 * little for moderate sizes).
 */
#define STATS_KS_EXACT_MAX_CELLS	(10000ULL * 10000ULL)

struct stats_ks {
	double d;
	double p;
	int exact;
};

int stats_ks_2samp(const double *x, size_t nx, const double *y, size_t ny,
		   struct stats_ks *out);

/* Standard normal upper tail, 1 - Phi(z). */
double stats_normal_sf(double z);

/* What stats_summarize() computes and when it warns. */
struct stats_options {
	double ci_level;	/* bootstrap CI level, (0, 1) */
	size_t resamples;	/* bootstrap resamples; 0 = no CI (NAN bounds) */
	uint64_t seed;		/* bootstrap seed */
	size_t min_samples;	/* warn below this many samples */
	double cv_warn;		/* warn when CV exceeds this (fraction) */
	double spread_warn;	/* warn when min or max is this far from the median (fraction) */
};

void stats_options_default(struct stats_options *o);

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

/* Summarise x[0..n); o == NULL means stats_options_default(). */
struct stats_summary stats_summarize(const double *x, size_t n, const struct stats_options *o);

/*
 * The same summary divided by @pages (per-page figures): every location and
 * scale value, fence and CI bound is divided; n, CV, counts and warnings are
 * unchanged.
 */
struct stats_summary stats_per_page(const struct stats_summary *s, double pages);

/* Short stable name of one warning flag ("high_cv"), NULL if unknown. */
const char *stats_warning_name(unsigned int flag);

/*
 * A one-line, pyperf-like message for one warning flag of @s, e.g.
 * "CV 12.3% is above 10%: the figures may be unstable". Returns the length
 * snprintf would write, or -1 for an unknown flag.
 */
int stats_warning_message(const struct stats_summary *s, unsigned int flag, char *buf,
			  size_t len);

#endif
