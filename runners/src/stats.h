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
 * draws both sides independently, with replacement. -EDOM when a resampled
 * base median is 0 (the ratio has no meaning).
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
 * the exact null distribution of U. Otherwise the normal approximation with
 * the tie-corrected variance nx ny / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1)))
 * and a continuity correction of 0.5 toward the mean: z = (max(u_x, u_y) -
 * nx ny / 2 - 0.5) / sigma, p = min(1, 2 (1 - Phi(z))); p = 1 when every
 * value is tied. Both match scipy.stats.mannwhitneyu(method='exact' /
 * 'asymptotic', use_continuity=True).
 */
#define STATS_MWU_EXACT_MAX	50

struct stats_mwu {
	double u_x, u_y;
	double z;		/* normal approximation only, else NAN */
	double p;
	int exact;		/* 1: exact distribution, 0: normal approximation */
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
	int error;		/* 0, or -EINVAL (no samples) / -ENOMEM; then the rest is NAN */
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
