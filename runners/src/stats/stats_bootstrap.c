// SPDX-License-Identifier: GPL-2.0
/* Seeded percentile-bootstrap intervals (stats_bootstrap.h). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats.h"
#include "stats/stats_bootstrap.h"
#include "util/rng.h"

/* The k-th smallest of a[0..n) (0-based); reorders a. Wirth's selection. */
static double select_kth(double *a, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;

	while (lo < hi) {
		double pivot = a[kk];
		ptrdiff_t i = lo, j = hi;

		do {
			while (a[i] < pivot)
				i++;
			while (pivot < a[j])
				j--;
			if (i <= j) {
				double t = a[i];

				a[i] = a[j];
				a[j] = t;
				i++;
				j--;
			}
		} while (i <= j);
		if (j < kk)
			lo = i;
		if (kk < i)
			hi = j;
	}
	return a[kk];
}

/* Median of a[0..n), type 7 (the mean of the middle two for even n); reorders a. */
static double median_inplace(double *a, size_t n)
{
	size_t k = (n - 1) / 2;
	double lo = select_kth(a, n, k), hi;

	if (n % 2)
		return lo;
	/* After selection everything past k is >= a[k]: the next order statistic is their minimum. */
	hi = a[k + 1];
	for (size_t i = k + 2; i < n; i++)
		if (a[i] < hi)
			hi = a[i];
	return lo + (hi - lo) / 2;
}

static double resampled_median(struct rng *r, const double *x, size_t n, double *buf)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = x[rng_below(r, n)];
	return median_inplace(buf, n);
}

static void ci_from_estimates(double *est, size_t b, double level, struct stats_ci *out)
{
	qsort(est, b, sizeof(*est), stats_cmp_double);
	out->low = stats_percentile_sorted_extended(est, b, 100.0 * (1 - level) / 2);
	out->high = stats_percentile_sorted_extended(est, b, 100.0 * (1 + level) / 2);
}

static int ci_args_ok(double level, size_t resamples)
{
	return level > 0 && level < 1 && resamples > 0;
}

int stats_bootstrap_median_ci(const double *x, size_t n, double level, size_t resamples,
			      uint64_t seed, struct stats_ci *out)
{
	double *buf, *est;
	struct rng r;

	out->low = out->high = NAN;
	out->level = level;
	out->resamples = resamples;
	out->seed = seed;
	out->zero_base = 0;
	if (!n || !ci_args_ok(level, resamples))
		return -EINVAL;
	if (!stats_all_finite(x, n))
		return -EDOM;
	buf = malloc(n * sizeof(*buf));
	est = malloc(resamples * sizeof(*est));
	if (!buf || !est) {
		free(buf);
		free(est);
		return -ENOMEM;
	}
	rng_seed(&r, seed);
	for (size_t b = 0; b < resamples; b++)
		est[b] = resampled_median(&r, x, n, buf);
	ci_from_estimates(est, resamples, level, out);
	free(buf);
	free(est);
	return 0;
}

/*
 * The ratio of one resample's medians. A zero base median gives +-inf
 * (IEEE division) and equal medians give 1, so 0 against 0 reads as "no
 * change" rather than NaN, which has no place in the sorted estimates.
 */
static double resampled_ratio(double base_median, double new_median)
{
	return new_median == base_median ? 1 : new_median / base_median;
}

int stats_bootstrap_ratio_ci(const double *base, size_t nbase, const double *new_,
			     size_t nnew, double level, size_t resamples, uint64_t seed,
			     struct stats_ci *out)
{
	double *buf, *est;
	struct rng r;

	out->low = out->high = NAN;
	out->level = level;
	out->resamples = resamples;
	out->seed = seed;
	out->zero_base = 0;
	if (!nbase || !nnew || !ci_args_ok(level, resamples))
		return -EINVAL;
	if (!stats_all_finite(base, nbase) || !stats_all_finite(new_, nnew))
		return -EDOM;
	buf = malloc((nbase > nnew ? nbase : nnew) * sizeof(*buf));
	est = malloc(resamples * sizeof(*est));
	if (!buf || !est) {
		free(buf);
		free(est);
		return -ENOMEM;
	}
	rng_seed(&r, seed);
	for (size_t b = 0; b < resamples; b++) {
		double mb = resampled_median(&r, base, nbase, buf);
		double mn = resampled_median(&r, new_, nnew, buf);

		out->zero_base += mb == 0;
		est[b] = resampled_ratio(mb, mn);
	}
	ci_from_estimates(est, resamples, level, out);
	free(buf);
	free(est);
	return 0;
}
