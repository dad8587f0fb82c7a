// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics against reference values computed independently: by hand for
 * tiny arrays, and once with Debian's python3-numpy 1.24 / python3-scipy
 * 1.10 (the calls are named next to each number; the numbers are hard-coded
 * so the test needs no python). Bootstrap behaviour is checked by its
 * coverage on synthetic data with a known median.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "util/rng.h"
#include "stats/stats.h"
#include "stats/stats_bootstrap.h"
#include "stats/stats_ks.h"
#include "stats/stats_summary.h"
#include "stats/stats_warning.h"
#include "stats/stats_mann_whitney.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Sorted: 1 1 2 3 4 5 6 9. */
static const double tiny[] = { 3, 1, 4, 1, 5, 9, 2, 6 };

static void test_descriptive_tiny(void)
{
	size_t n = ARRAY_LEN(tiny);

	/* By hand: sum 31 / 8; the middle two are 3 and 4. */
	EXPECT_NEAR(stats_mean(tiny, n), 3.875, 1e-15);
	EXPECT_NEAR(stats_median(tiny, n), 3.5, 1e-15);
	EXPECT_NEAR(stats_min(tiny, n), 1, 0);
	EXPECT_NEAR(stats_max(tiny, n), 9, 0);
	/* Type 7 by hand: h = 7 * 0.25 = 1.75 -> 1 + 0.75 * (2 - 1). */
	EXPECT_NEAR(stats_percentile(tiny, n, 25), 1.75, 1e-15);
	/* h = 5.25 -> 5 + 0.25 * (6 - 5). */
	EXPECT_NEAR(stats_percentile(tiny, n, 75), 5.25, 1e-15);
	/* numpy.percentile(a, [5, 95, 37.5]) (method='linear'). */
	EXPECT_NEAR(stats_percentile(tiny, n, 5), 1.0, 1e-15);
	EXPECT_NEAR(stats_percentile(tiny, n, 95), 7.949999999999998, 1e-12);
	EXPECT_NEAR(stats_percentile(tiny, n, 37.5), 2.625, 1e-15);
	EXPECT_NEAR(stats_percentile(tiny, n, 0), 1, 0);
	EXPECT_NEAR(stats_percentile(tiny, n, 100), 9, 0);
	/* a.std(ddof=1) and a.std(ddof=1) / a.mean(). */
	EXPECT_NEAR(stats_stddev(tiny, n), 2.748376143938713, 1e-12);
	EXPECT_NEAR(stats_cv(tiny, n), 0.7092583597261195, 1e-12);
	/* By hand: |x - 3.5| sorted .5 .5 1.5 1.5 2.5 2.5 2.5 5.5 -> 2;
	 * scipy.stats.median_abs_deviation(a) == 2.0 (scale=1: raw). */
	EXPECT_NEAR(stats_mad(tiny, n), 2.0, 1e-15);
	/* median_abs_deviation(a, scale='normal'). */
	EXPECT_NEAR(stats_mad(tiny, n) * STATS_MAD_NORMAL_SCALE, 2.965204437011204, 1e-12);
	/* The input is left alone. */
	EXPECT(tiny[0] == 3 && tiny[7] == 6);
}

static void test_edge_cases(void)
{
	double one = 42;
	struct stats_outliers o;

	EXPECT(isnan(stats_mean(NULL, 0)));
	EXPECT(isnan(stats_median(NULL, 0)));
	EXPECT(isnan(stats_percentile(NULL, 0, 50)));
	EXPECT_EQ_INT(stats_tukey(NULL, 0, &o), -EINVAL);
	EXPECT_NEAR(stats_median(&one, 1), 42, 0);
	EXPECT_NEAR(stats_percentile(&one, 1, 95), 42, 0);
	EXPECT_NEAR(stats_stddev(&one, 1), 0, 0);
	EXPECT_NEAR(stats_mad(&one, 1), 0, 0);
	EXPECT_NEAR(stats_mann_whitney_normal_sf(1.96), 0.024997895148220435, 1e-15);	/* scipy.stats.norm.sf */
	EXPECT_NEAR(stats_mann_whitney_normal_sf(-0.5), 0.6914624612740131, 1e-15);
}

static void test_tukey(void)
{
	/* 1..20 plus -30, 29, 45, 60, 100. numpy.percentile: q1 6, q3 18, IQR 12;
	 * fences -30 / -12 / 36 / 54. -30 sits on the severe fence: mild. */
	double t[25];
	struct stats_outliers o;

	for (int i = 0; i < 20; i++)
		t[i] = i + 1;
	t[20] = -30;
	t[21] = 29;
	t[22] = 45;
	t[23] = 60;
	t[24] = 100;
	EXPECT_EQ_INT(stats_tukey(t, 25, &o), 0);
	EXPECT_NEAR(o.q1, 6, 1e-12);
	EXPECT_NEAR(o.q3, 18, 1e-12);
	EXPECT_NEAR(o.iqr, 12, 1e-12);
	EXPECT_NEAR(o.low_mild_fence, -12, 1e-12);
	EXPECT_NEAR(o.high_severe_fence, 54, 1e-12);
	EXPECT_EQ_INT(o.low_severe, 0);
	EXPECT_EQ_INT(o.low_mild, 1);
	EXPECT_EQ_INT(o.high_mild, 1);
	EXPECT_EQ_INT(o.high_severe, 2);
}

/* Exp(1) draws: population median ln 2. */
static void exp_draws(struct rng *r, double *x, size_t n, double scale)
{
	for (size_t i = 0; i < n; i++)
		x[i] = -log(1 - rng_uniform(r)) * scale;
}

static void test_bootstrap_reproducible(void)
{
	double x[40];
	struct stats_ci a, b, c;
	int differs = 0;
	struct rng r;

	rng_seed(&r, 7);
	exp_draws(&r, x, ARRAY_LEN(x), 1);
	EXPECT_EQ_INT(stats_bootstrap_median_ci(x, 40, 0.95, 2000, 99, &a), 0);
	EXPECT_EQ_INT(stats_bootstrap_median_ci(x, 40, 0.95, 2000, 99, &b), 0);
	EXPECT(a.low == b.low && a.high == b.high);
	/* Resampled medians are discrete, so one other seed may land on the same
	 * interval; some of ten must not. */
	for (uint64_t seed = 100; seed < 110; seed++) {
		EXPECT_EQ_INT(stats_bootstrap_median_ci(x, 40, 0.95, 2000, seed, &c), 0);
		differs += a.low != c.low || a.high != c.high;
	}
	EXPECT(differs > 0);
	EXPECT(a.low <= stats_median(x, 40) && stats_median(x, 40) <= a.high);
	EXPECT(a.low < a.high);
	EXPECT_EQ_INT(a.resamples, 2000);
	EXPECT_EQ_INT(a.seed, 99);
	EXPECT_EQ_INT(stats_bootstrap_median_ci(x, 40, 1.5, 2000, 99, &a), -EINVAL);
	EXPECT_EQ_INT(stats_bootstrap_median_ci(x, 0, 0.95, 2000, 99, &a), -EINVAL);
}

/*
 * Coverage: over many seeded data sets of 51 Exp(1) draws, the 95% CI of
 * the median should contain ln 2 about 95% of the time. 400 trials give a
 * binomial standard error of ~1.1%; percentile intervals of a median run a
 * little narrow on small skewed samples, so accept 91%..98.5%.
 */
static void test_bootstrap_coverage(void)
{
	const int trials = 400;
	int covered = 0;
	double x[51];
	struct rng r;

	rng_seed(&r, 2024);
	for (int t = 0; t < trials; t++) {
		struct stats_ci ci;

		exp_draws(&r, x, ARRAY_LEN(x), 1);
		EXPECT_EQ_INT(stats_bootstrap_median_ci(x, 51, 0.95, 1000, (uint64_t)t, &ci), 0);
		covered += ci.low <= M_LN2 && M_LN2 <= ci.high;
	}
	printf("  median CI coverage %d/%d\n", covered, trials);
	EXPECT(covered >= trials * 91 / 100);
	EXPECT(covered <= trials * 985 / 1000);
}

/* The ratio CI covers a known ratio of medians (1.5) at about its level. */
static void test_bootstrap_ratio(void)
{
	const int trials = 200;
	int covered = 0;
	double base[41], new_[37], zero[3] = { 0, 0, 0 };
	struct stats_ci ci, again;
	struct rng r;

	rng_seed(&r, 5);
	for (int t = 0; t < trials; t++) {
		exp_draws(&r, base, ARRAY_LEN(base), 1);
		exp_draws(&r, new_, ARRAY_LEN(new_), 1.5);
		EXPECT_EQ_INT(stats_bootstrap_ratio_ci(base, 41, new_, 37, 0.95, 1000, (uint64_t)t, &ci), 0);
		covered += ci.low <= 1.5 && 1.5 <= ci.high;
	}
	printf("  ratio CI coverage %d/%d\n", covered, trials);
	EXPECT(covered >= trials * 88 / 100);
	EXPECT(covered <= trials * 99 / 100);
	EXPECT_EQ_INT(stats_bootstrap_ratio_ci(base, 41, new_, 37, 0.95, 1000, 3, &again), 0);
	EXPECT_EQ_INT(stats_bootstrap_ratio_ci(base, 41, new_, 37, 0.95, 1000, 3, &ci), 0);
	EXPECT(ci.low == again.low && ci.high == again.high);
	/* An all-zero base: every resample is +inf (new > 0), none is dropped. */
	EXPECT_EQ_INT(stats_bootstrap_ratio_ci(zero, 3, new_, 37, 0.95, 100, 3, &ci), 0);
	EXPECT(isinf(ci.low) && ci.low > 0 && isinf(ci.high));
	EXPECT_EQ_INT(ci.zero_base, 100);
	/* 0 against 0 is no change. */
	EXPECT_EQ_INT(stats_bootstrap_ratio_ci(zero, 3, zero, 3, 0.95, 100, 3, &ci), 0);
	EXPECT_NEAR(ci.low, 1, 0);
	EXPECT_NEAR(ci.high, 1, 0);
}

/*
 * The zero-base-median reproducer: base {0, 100..108}, new {200..218}. A resample
 * draws at least 5 of its 10 base values from the single 0 (an even
 * median of (0 + 100) / 2 is not 0; 6 zeros are) with probability
 * P(Bin(10, 0.1) >= 6) = 1.5e-4, so a few of 10000 resamples have a zero
 * base median. Before, any one of them abandoned the CI; now they are
 * +inf ratios in the upper tail, far fewer than 2.5%, and the interval
 * must lie around the true ratio 209 / 104 for every seed.
 */
static void test_bootstrap_ratio_zero_base(void)
{
	double base[10], new_[19];
	size_t zero_seen = 0;
	struct stats_ci ci;

	base[0] = 0;
	for (int i = 1; i < 10; i++)
		base[i] = 99 + i;
	for (int i = 0; i < 19; i++)
		new_[i] = 200 + i;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		EXPECT_EQ_INT(stats_bootstrap_ratio_ci(base, 10, new_, 19, 0.95, 10000, seed, &ci), 0);
		EXPECT(isfinite(ci.low) && isfinite(ci.high));
		EXPECT(ci.low > 1.8 && ci.low <= 209.0 / 104 && 209.0 / 104 <= ci.high &&
		       ci.high < 2.3);
		EXPECT(ci.zero_base < 250);
		zero_seen += ci.zero_base;
		if (seed == 1)
			printf("  zero base {0,100..108} vs {200..218}: CI [%.4f, %.4f], "
			       "%zu of 10000 resamples with base median 0\n", ci.low, ci.high,
			       ci.zero_base);
	}
	/* 8 x 10000 x 1.5e-4 = 12 expected: the case the fix is for did occur. */
	EXPECT(zero_seen > 0);
}

/* NaN and infinity are refused everywhere, at once (the KS walk used to spin on NaN). */
static void test_non_finite_rejected(void)
{
	double with_nan[] = { 1, 2, NAN, 4 }, with_inf[] = { 1, INFINITY, 3, 4 };
	double fine[] = { 1, 2, 3, 4 };
	struct stats_outliers o;
	struct stats_summary s;
	struct stats_mwu m;
	struct stats_ks k;
	struct stats_ci ci;

	EXPECT(!stats_all_finite(with_nan, 4));
	EXPECT(!stats_all_finite(with_inf, 4));
	EXPECT(stats_all_finite(fine, 4));
	EXPECT(isnan(stats_min(with_nan, 4)) && isnan(stats_max(with_inf, 4)));
	EXPECT(isnan(stats_mean(with_inf, 4)) && isnan(stats_stddev(with_nan, 4)));
	EXPECT(isnan(stats_cv(with_nan, 4)) && isnan(stats_median(with_nan, 4)));
	EXPECT(isnan(stats_percentile(with_inf, 4, 50)) && isnan(stats_mad(with_inf, 4)));
	EXPECT(isnan(stats_percentile_sorted(with_inf, 4, 10)));
	EXPECT_EQ_INT(stats_tukey(with_nan, 4, &o), -EDOM);
	EXPECT_EQ_INT(stats_bootstrap_median_ci(with_nan, 4, 0.95, 100, 1, &ci), -EDOM);
	EXPECT_EQ_INT(stats_bootstrap_ratio_ci(fine, 4, with_inf, 4, 0.95, 100, 1, &ci), -EDOM);
	EXPECT_EQ_INT(stats_bootstrap_ratio_ci(with_nan, 4, fine, 4, 0.95, 100, 1, &ci), -EDOM);
	EXPECT_EQ_INT(stats_mann_whitney(fine, 4, with_nan, 4, &m), -EDOM);
	EXPECT_EQ_INT(stats_ks_2samp(fine, 4, with_nan, 4, &k), -EDOM);
	EXPECT_EQ_INT(stats_ks_2samp(with_inf, 4, fine, 4, &k), -EDOM);
	s = stats_summary_compute(with_nan, 4, NULL);
	EXPECT_EQ_INT(s.error, -EDOM);
	EXPECT(strstr(stats_strerror(s.error), "not a finite number") != NULL);
}

/*
 * Finite samples whose statistics overflow are -ERANGE, not a failed
 * allocation: the middle two are 3.4e308 apart, so the interpolated median
 * and with it every deviation (and the MAD) is +inf.
 */
static void test_overflow_not_enomem(void)
{
	double huge[] = { -1.7e308, -1.7e308, 1.7e308, 1.7e308 };
	struct stats_summary s = stats_summary_compute(huge, 4, NULL);

	EXPECT(isinf(stats_mad(huge, 4)));
	EXPECT_EQ_INT(s.error, -ERANGE);
	EXPECT(strcmp(stats_strerror(-ERANGE), stats_strerror(-ENOMEM)) != 0);
}

/* numpy.random.default_rng(12345): normal(10, 2, 20) and normal(11, 2, 25), rounded to 3 decimals. */
static const double xm[] = {
	7.152, 12.527, 8.259, 9.482, 9.849, 8.518, 7.264, 11.298, 10.722, 6.094,
	14.695, 11.937, 8.481, 11.804, 9.066, 9.879, 11.578, 7.487, 11.152, 12.798,
};
static const double ym[] = {
	13.645, 10.401, 12.806, 7.757, 10.684, 11.899, 8.313, 10.837, 14.449, 16.236,
	12.555, 12.657, 9.082, 8.581, 8.175, 12.083, 12.504, 9.682, 8.543, 11.515,
	11.626, 10.738, 13.54, 10.814, 10.868,
};
/* The same generator, then integers(0, 8, 30) and integers(1, 9, 40): many ties. */
static const double xt[] = {
	2, 2, 5, 2, 6, 2, 0, 0, 0, 5, 2, 2, 4, 0, 4, 4, 0, 1, 3, 2, 7, 3, 5, 1, 6, 1, 6, 3, 3, 3,
};
static const double yt[] = {
	5, 3, 1, 3, 8, 3, 6, 3, 7, 4, 5, 2, 5, 4, 6, 2, 5, 7, 4, 2,
	1, 7, 5, 2, 3, 7, 3, 5, 7, 2, 7, 7, 3, 2, 3, 1, 4, 5, 7, 5,
};
static const double xs[] = { 1.1, 2.3, 3.5, 4.0, 5.9 };
static const double ys[] = { 2.0, 4.5, 6.1, 7.2, 8.8, 9.3 };
static const double xe[] = { 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5 };
static const double ye[] = { 3.1, 4.1, 5.1, 6.1, 7.1, 8.1, 9.1, 10.1 };

static void test_mann_whitney(void)
{
	struct stats_mwu m;

	/* By hand: x beats y in (2.3>2.0) (3.5>2.0) (4.0>2.0) (5.9>2.0) (5.9>4.5) -> U 5.
	 * scipy.stats.mannwhitneyu(xs, ys, alternative='two-sided', method='exact'). */
	EXPECT_EQ_INT(stats_mann_whitney(xs, 5, ys, 6, &m), 0);
	EXPECT_NEAR(m.u_x, 5, 0);
	EXPECT_NEAR(m.u_y, 25, 0);
	EXPECT_NEAR(m.p, 0.08225108225108226, 1e-12);
	EXPECT(m.exact && !m.ties);
	/* The test is symmetric. */
	EXPECT_EQ_INT(stats_mann_whitney(ys, 6, xs, 5, &m), 0);
	EXPECT_NEAR(m.u_x, 25, 0);
	EXPECT_NEAR(m.p, 0.08225108225108226, 1e-12);

	/* mannwhitneyu(xe, ye, method='exact'): 15.0, 0.08298368298368297. */
	EXPECT_EQ_INT(stats_mann_whitney(xe, 8, ye, 8, &m), 0);
	EXPECT_NEAR(m.u_x, 15, 0);
	EXPECT_NEAR(m.p, 0.08298368298368297, 1e-12);

	/* mannwhitneyu(xm, ym, method='exact'): 175.0, 0.08892880427584958. */
	EXPECT_EQ_INT(stats_mann_whitney(xm, 20, ym, 25, &m), 0);
	EXPECT_NEAR(m.u_x, 175, 0);
	EXPECT_NEAR(m.p, 0.08892880427584958, 1e-12);
	EXPECT(m.exact);

	/* Ties: mannwhitneyu(xt, yt, method='asymptotic', use_continuity=True):
	 * 368.5, 0.005593913149385601. */
	EXPECT_EQ_INT(stats_mann_whitney(xt, 30, yt, 40, &m), 0);
	EXPECT_NEAR(m.u_x, 368.5, 0);
	EXPECT_NEAR(m.p, 0.005593913149385601, 1e-12);
	EXPECT(!m.exact && m.ties);

	/* All equal: nothing to tell apart. */
	EXPECT_EQ_INT(stats_mann_whitney(xt, 1, xt + 1, 1, &m), 0);
	EXPECT_NEAR(m.p, 1, 0);
	EXPECT_EQ_INT(stats_mann_whitney(xt + 6, 3, xt + 7, 2, &m), 0);	/* 0 0 0 vs 0 0 */
	EXPECT_NEAR(m.p, 1, 0);
	EXPECT_EQ_INT(stats_mann_whitney(xt, 0, yt, 3, &m), -EINVAL);
}

/*
 * Small tied samples: the exact permutation test. References by brute
 * force in python (fractions, itertools.combinations over all C(N, nx)
 * labellings of the pooled values, p = min(1, 2 min(P(R >= r), P(R <= r)))
 * on x's midrank sum).
 */
static void test_mann_whitney_tied_exact(void)
{
	static const double flat[] = { 100, 100, 100 };
	static const double step[] = { 200, 200, 200, 201 };
	static const double a[] = { 10, 10, 11, 12, 12 };
	static const double b[] = { 11, 12, 12, 13, 13, 13 };
	struct stats_mwu m, swapped, exact;

	/* The tied-sample reproducer: only 1 of C(7, 3) = 35 labellings gives U 0. */
	EXPECT_EQ_INT(stats_mann_whitney(flat, 3, step, 4, &m), 0);
	EXPECT(m.exact && m.ties);
	EXPECT_NEAR(m.u_x, 0, 0);
	EXPECT_NEAR(m.p, 2.0 / 35, 1e-15);
	printf("  {100,100,100} vs {200,200,200,201}: p %.4f\n", m.p);
	/* Brute force: U 4.5, p 16/231. */
	EXPECT_EQ_INT(stats_mann_whitney(a, 5, b, 6, &m), 0);
	EXPECT_NEAR(m.u_x, 4.5, 0);
	EXPECT_NEAR(m.p, 16.0 / 231, 1e-14);
	/* xt[0..8) vs yt[0..10): U 18, p 1123/21879; the same either way round. */
	EXPECT_EQ_INT(stats_mann_whitney(xt, 8, yt, 10, &m), 0);
	EXPECT_EQ_INT(stats_mann_whitney(yt, 10, xt, 8, &swapped), 0);
	EXPECT_NEAR(m.u_x, 18, 0);
	EXPECT_NEAR(m.p, 1123.0 / 21879, 1e-14);
	EXPECT_NEAR(swapped.p, m.p, 1e-15);
	/* Past STATS_MWU_EXACT_TIES_MAX pooled values: the normal approximation. */
	EXPECT_EQ_INT(stats_mann_whitney(xt, 30, yt, 40, &m), 0);
	EXPECT(!m.exact);
	/* Without ties the permutation count is the no-tie exact distribution:
	 * nudging one tie apart must land on the existing exact method's value. */
	{
		double c[] = { 1, 2, 3, 4 }, d[] = { 2.5, 5, 6, 7, 8 };

		EXPECT_EQ_INT(stats_mann_whitney(c, 4, d, 5, &exact), 0);
		EXPECT(exact.exact && !exact.ties);
		d[0] = 2;	/* now tied with c[1] */
		EXPECT_EQ_INT(stats_mann_whitney(c, 4, d, 5, &m), 0);
		EXPECT(m.exact && m.ties);
		EXPECT(m.p >= exact.p);	/* a tie moves U by 1/2 toward the middle */
	}
}

/* Past STATS_MWU_EXACT_MAX without ties the normal approximation is used. */
static void test_mann_whitney_large(void)
{
	double a[60], b[60];
	struct stats_mwu m;

	for (int i = 0; i < 60; i++) {
		a[i] = 2 * i;
		b[i] = 2 * i + 1;
	}
	EXPECT_EQ_INT(stats_mann_whitney(a, 60, b, 60, &m), 0);
	EXPECT(!m.exact && !m.ties);
	/* By hand: b[j] > a[i] iff j >= i, so U_a = sum_i i = 1770, U_b = 1830.
	 * z = (1830 - 1800 - 0.5) / sqrt(3600 * 121 / 12) = 29.5 / 190.526... */
	EXPECT_NEAR(m.u_x, 1770, 0);
	EXPECT_NEAR(m.z, 29.5 / sqrt(3600.0 * 121 / 12), 1e-12);
	EXPECT_NEAR(m.p, 2 * stats_mann_whitney_normal_sf(29.5 / sqrt(3600.0 * 121 / 12)), 1e-12);
}

static void test_ks(void)
{
	double xl[12000], yl[10000];
	struct stats_ks k;

	/* scipy.stats.ks_2samp(xs, ys, method='exact'): 0.6666666666666666, 0.10822510822510821. */
	EXPECT_EQ_INT(stats_ks_2samp(xs, 5, ys, 6, &k), 0);
	EXPECT_NEAR(k.d, 0.6666666666666666, 1e-15);
	EXPECT_NEAR(k.p, 0.10822510822510821, 1e-12);
	EXPECT(k.exact);
	/* ks_2samp(xe, ye, method='exact'): 0.375, 0.6601398601398599. */
	EXPECT_EQ_INT(stats_ks_2samp(xe, 8, ye, 8, &k), 0);
	EXPECT_NEAR(k.d, 0.375, 1e-15);
	EXPECT_NEAR(k.p, 0.6601398601398599, 1e-12);
	/* ks_2samp(xm, ym, method='exact'): 0.27, 0.33570035263225584. */
	EXPECT_EQ_INT(stats_ks_2samp(xm, 20, ym, 25, &k), 0);
	EXPECT_NEAR(k.d, 0.27, 1e-15);
	EXPECT_NEAR(k.p, 0.33570035263225584, 1e-12);
	/* Ties: d over distinct values; ks_2samp(xt, yt, method='exact'): 0.275, 0.12755887464860563. */
	EXPECT_EQ_INT(stats_ks_2samp(xt, 30, yt, 40, &k), 0);
	EXPECT_NEAR(k.d, 0.275, 1e-15);
	EXPECT_NEAR(k.p, 0.12755887464860563, 1e-12);
	/* Identical samples. */
	EXPECT_EQ_INT(stats_ks_2samp(xm, 20, xm, 20, &k), 0);
	EXPECT_NEAR(k.d, 0, 0);
	EXPECT_NEAR(k.p, 1, 0);

	/* 12000 x 10000 cells is past the exact limit: asymptotic.
	 * x = 3 i, y = 3.655 j + 0.5; ks_2samp gives d 0.015133333333333332 and
	 * kstwobign.sf(sqrt(12000 * 10000 / 22000) * d) = 0.16434547443243716. */
	for (int i = 0; i < 12000; i++)
		xl[i] = 3.0 * i;
	for (int j = 0; j < 10000; j++)
		yl[j] = j * 3.655 + 0.5;
	EXPECT_EQ_INT(stats_ks_2samp(xl, 12000, yl, 10000, &k), 0);
	EXPECT(!k.exact);
	EXPECT_NEAR(k.d, 0.015133333333333332, 1e-15);
	EXPECT_NEAR(k.p, 0.16434547443243716, 1e-10);
	EXPECT_EQ_INT(stats_ks_2samp(xl, 0, yl, 1, &k), -EINVAL);
}

static void test_summary_and_warnings(void)
{
	struct stats_options o;
	struct stats_summary s, p;
	double steady[30], noisy[30];
	char msg[160];

	stats_summary_options_default(&o);
	o.resamples = 500;
	o.seed = 11;
	s = stats_summary_compute(tiny, ARRAY_LEN(tiny), &o);
	EXPECT_EQ_INT(s.error, 0);
	EXPECT_EQ_INT(s.n, 8);
	EXPECT_NEAR(s.median, 3.5, 1e-15);
	EXPECT_NEAR(s.p95, 7.949999999999998, 1e-12);
	EXPECT_NEAR(s.mad, 2, 1e-15);
	EXPECT(s.median_ci.low <= 3.5 && 3.5 <= s.median_ci.high);
	/* 8 < 10 samples, CV 71%, min 71% below, max 157% above the median. */
	EXPECT_EQ_INT(s.warnings, STATS_WARN_FEW_SAMPLES | STATS_WARN_HIGH_CV |
		      STATS_WARN_MIN_FAR | STATS_WARN_MAX_FAR);
	EXPECT(stats_warning_message(&s, STATS_WARN_HIGH_CV, msg, sizeof(msg)) > 0);
	EXPECT(strstr(msg, "70.9%") != NULL);
	EXPECT(stats_warning_message(&s, STATS_WARN_FEW_SAMPLES, msg, sizeof(msg)) > 0);
	EXPECT(strstr(msg, "only 8 samples") != NULL);
	EXPECT(stats_warning_message(&s, 1U << 20, msg, sizeof(msg)) == -1);
	EXPECT(!strcmp(stats_warning_name(STATS_WARN_HIGH_CV), "high_cv"));

	/* Per page: locations and scales divide, CV and counts stay. */
	p = stats_summary_per_page(&s, 4);
	EXPECT_NEAR(p.median, 0.875, 1e-15);
	EXPECT_NEAR(p.median_ci.high, s.median_ci.high / 4, 1e-15);
	EXPECT_NEAR(p.outliers.q3, 5.25 / 4, 1e-15);
	EXPECT_NEAR(p.cv, s.cv, 0);
	EXPECT_EQ_INT(p.n, 8);

	for (int i = 0; i < 30; i++) {
		steady[i] = 1000 + (i % 5);
		noisy[i] = 1000 + (i % 5);
	}
	s = stats_summary_compute(steady, 30, &o);
	EXPECT_EQ_INT(s.warnings, 0);
	noisy[3] = 2000;	/* max 100% above the median: one severe outlier */
	s = stats_summary_compute(noisy, 30, &o);
	EXPECT(s.warnings & STATS_WARN_MAX_FAR);
	EXPECT(!(s.warnings & STATS_WARN_MIN_FAR));
	EXPECT_EQ_INT(s.outliers.high_severe, 1);

	s = stats_summary_compute(NULL, 0, NULL);
	EXPECT_EQ_INT(s.error, -EINVAL);
}

static void test_rng(void)
{
	struct rng a, b;
	size_t idx[10], seen = 0;
	uint64_t counts[3] = { 0 };

	rng_seed(&a, 1);
	rng_seed(&b, 1);
	for (int i = 0; i < 100; i++)
		EXPECT(rng_next(&a) == rng_next(&b));
	for (int i = 0; i < 30000; i++) {
		double u = rng_uniform(&a);

		EXPECT(u >= 0 && u < 1);
		counts[rng_below(&a, 3)]++;
	}
	for (int i = 0; i < 3; i++)	/* 10000 each, sd ~82 */
		EXPECT(counts[i] > 9500 && counts[i] < 10500);
	for (size_t i = 0; i < 10; i++)
		idx[i] = i;
	rng_shuffle_indices(&a, idx, 10);
	for (size_t i = 0; i < 10; i++)
		seen |= 1UL << idx[i];
	EXPECT_EQ_INT(seen, 0x3ff);
	EXPECT(rng_derive_seed(1, 0) != rng_derive_seed(1, 1));
	EXPECT(rng_derive_seed(1, 0) == rng_derive_seed(1, 0));
}

static const struct test_case tests[] = {
	{ "descriptive statistics of a tiny array", test_descriptive_tiny },
	{ "empty and single-value inputs", test_edge_cases },
	{ "Tukey fences", test_tukey },
	{ "bootstrap median CI is reproducible", test_bootstrap_reproducible },
	{ "bootstrap median CI coverage", test_bootstrap_coverage },
	{ "bootstrap ratio-of-medians CI", test_bootstrap_ratio },
	{ "bootstrap ratio CI with zero base medians", test_bootstrap_ratio_zero_base },
	{ "non-finite samples are refused", test_non_finite_rejected },
	{ "overflowing statistics are not -ENOMEM", test_overflow_not_enomem },
	{ "Mann-Whitney U, exact and with ties", test_mann_whitney },
	{ "Mann-Whitney U, exact permutation test with ties", test_mann_whitney_tied_exact },
	{ "Mann-Whitney U, large samples", test_mann_whitney_large },
	{ "Kolmogorov-Smirnov two-sample", test_ks },
	{ "summary, per-page figures and warnings", test_summary_and_warnings },
	{ "seeded rng", test_rng },
};

int main(void)
{
	return RUN_TESTS(tests);
}
