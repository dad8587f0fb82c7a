// SPDX-License-Identifier: GPL-2.0
/* Statistics over arrays of doubles; the methods are documented in stats.h. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/rng.h"
#include "stats/stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A sorted copy of x, or NULL (n == 0 or no memory). */
static double *sorted_copy(const double *x, size_t n)
{
	double *s;

	if (!n)
		return NULL;
	s = malloc(n * sizeof(*s));
	if (!s)
		return NULL;
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	return s;
}

int stats_all_finite(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return 0;
	return 1;
}

const char *stats_strerror(int err)
{
	switch (err) {
	case 0:
		return "no error";
	case -EINVAL:
		return "no samples, or an invalid argument";
	case -EDOM:
		return "a sample is not a finite number (NaN or infinity)";
	case -ERANGE:
		return "the samples' statistics overflow a double";
	case -ENOMEM:
		return "out of memory";
	}
	return "unknown statistics error";
}

/* Empty or holding a non-finite value: what every scalar function answers NAN to. */
static int unusable(const double *x, size_t n)
{
	return !n || !stats_all_finite(x, n);
}

double stats_min(const double *x, size_t n)
{
	double m;

	if (unusable(x, n))
		return NAN;
	m = x[0];
	for (size_t i = 1; i < n; i++)
		if (x[i] < m)
			m = x[i];
	return m;
}

double stats_max(const double *x, size_t n)
{
	double m;

	if (unusable(x, n))
		return NAN;
	m = x[0];
	for (size_t i = 1; i < n; i++)
		if (x[i] > m)
			m = x[i];
	return m;
}

double stats_mean(const double *x, size_t n)
{
	double sum = 0;

	if (unusable(x, n))
		return NAN;
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	return sum / (double)n;
}

double stats_stddev(const double *x, size_t n)
{
	double mean, ss = 0;

	if (unusable(x, n))
		return NAN;
	if (n == 1)
		return 0;
	/* Two passes: summing squares about the mean avoids cancellation. */
	mean = stats_mean(x, n);
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	return sqrt(ss / (double)(n - 1));
}

double stats_cv(const double *x, size_t n)
{
	double mean = stats_mean(x, n);

	if (isnan(mean) || mean == 0)
		return NAN;
	return stats_stddev(x, n) / mean;
}

/*
 * Type 7 on sorted data that may hold infinities (the ratio bootstrap's
 * +inf ratios): an exact order statistic is returned as it is, and
 * interpolating toward +inf gives +inf, never inf - inf = NaN.
 */
static double percentile_sorted_extended(const double *sorted, size_t n, double p)
{
	double h, lo, a, b;
	size_t i;

	if (p < 0)
		p = 0;
	if (p > 100)
		p = 100;
	h = (double)(n - 1) * p / 100.0;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return sorted[n - 1];
	a = sorted[i];
	b = sorted[i + 1];
	if (h == lo || a == b)
		return a;
	if (isinf(a) || isinf(b))
		return isinf(b) && b > 0 ? b : a;
	return a + (h - lo) * (b - a);
}

double stats_percentile_sorted(const double *sorted, size_t n, double p)
{
	if (unusable(sorted, n) || isnan(p))
		return NAN;
	return percentile_sorted_extended(sorted, n, p);
}

double stats_percentile(const double *x, size_t n, double p)
{
	double *s;
	double v;

	if (unusable(x, n))
		return NAN;
	s = sorted_copy(x, n);
	if (!s)
		return NAN;
	v = stats_percentile_sorted(s, n, p);
	free(s);
	return v;
}

double stats_median(const double *x, size_t n)
{
	return stats_percentile(x, n, 50);
}

/*
 * median(|x - median|) into *out, which may be +inf when finite samples
 * overflow (|-1e308 - 1e308|): only a failed allocation is an error, so a
 * caller can tell the two apart.
 */
static int mad_about(const double *x, size_t n, double median, double *out)
{
	double *dev = malloc(n * sizeof(*dev));

	if (!dev)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		dev[i] = fabs(x[i] - median);
	qsort(dev, n, sizeof(*dev), cmp_double);
	*out = percentile_sorted_extended(dev, n, 50);
	free(dev);
	return 0;
}

double stats_mad(const double *x, size_t n)
{
	double med = stats_median(x, n), v;

	if (isnan(med) || mad_about(x, n, med, &v))
		return NAN;
	return v;
}

static void tukey_sorted(const double *s, size_t n, struct stats_outliers *o)
{
	memset(o, 0, sizeof(*o));
	o->q1 = stats_percentile_sorted(s, n, 25);
	o->q3 = stats_percentile_sorted(s, n, 75);
	o->iqr = o->q3 - o->q1;
	o->low_severe_fence = o->q1 - STATS_TUKEY_SEVERE * o->iqr;
	o->low_mild_fence = o->q1 - STATS_TUKEY_MILD * o->iqr;
	o->high_mild_fence = o->q3 + STATS_TUKEY_MILD * o->iqr;
	o->high_severe_fence = o->q3 + STATS_TUKEY_SEVERE * o->iqr;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < o->low_severe_fence)
			o->low_severe++;
		else if (s[i] < o->low_mild_fence)
			o->low_mild++;
		else if (s[i] > o->high_severe_fence)
			o->high_severe++;
		else if (s[i] > o->high_mild_fence)
			o->high_mild++;
	}
}

int stats_tukey(const double *x, size_t n, struct stats_outliers *out)
{
	double *s;

	if (!n)
		return -EINVAL;
	if (!stats_all_finite(x, n))
		return -EDOM;
	s = sorted_copy(x, n);
	if (!s)
		return -ENOMEM;
	tukey_sorted(s, n, out);
	free(s);
	return 0;
}

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
	qsort(est, b, sizeof(*est), cmp_double);
	out->low = percentile_sorted_extended(est, b, 100.0 * (1 - level) / 2);
	out->high = percentile_sorted_extended(est, b, 100.0 * (1 + level) / 2);
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

double stats_normal_sf(double z)
{
	return 0.5 * erfc(z / M_SQRT2);
}

struct labelled {
	double v;
	int from_x;
};

static int cmp_labelled(const void *a, const void *b)
{
	return cmp_double(&((const struct labelled *)a)->v, &((const struct labelled *)b)->v);
}

/*
 * P(U >= u) for U of samples of sizes m and n with no ties. counts[k][u] is
 * the number of orderings of k x's and j y's with U = u; the largest of the
 * pooled values is either an x (beating all j y's) or a y, so
 * counts(k, j)(u) = counts(k - 1, j)(u - j) + counts(k, j - 1)(u).
 * Only additions of non-negative numbers: no cancellation.
 */
static int mwu_exact_sf(size_t m, size_t n, double u, double *p)
{
	double **row = calloc(m + 1, sizeof(*row));
	double total = 0, tail = 0;
	int ret = -ENOMEM;

	if (!row)
		return -ENOMEM;
	for (size_t k = 0; k <= m; k++) {
		row[k] = calloc(k * n + 1, sizeof(**row));
		if (!row[k])
			goto out;
		row[k][0] = 1;	/* j = 0: no y to beat */
	}
	for (size_t j = 1; j <= n; j++)
		for (size_t k = 1; k <= m; k++)
			for (size_t v = k * j + 1; v-- > j;)
				row[k][v] += row[k - 1][v - j];
	for (size_t v = 0; v <= m * n; v++) {
		total += row[m][v];
		if ((double)v >= u)
			tail += row[m][v];
	}
	*p = tail / total;
	ret = 0;
out:
	for (size_t k = 0; k <= m; k++)
		free(row[k]);
	free(row);
	return ret;
}

/*
 * The exact permutation p-value with ties. @rank2[0..n) are the pooled
 * midranks doubled (integers), @m how many of them one side has and
 * @observed2 that side's doubled rank sum. ways[k][s] counts the subsets
 * of k of the values seen so far with doubled rank sum s (a knapsack
 * count over the pooled values); the tails are read off ways[m]. Counts
 * stay below C(STATS_MWU_EXACT_TIES_MAX, 20) ~ 1.4e11: exact in a double.
 */
static int mwu_permutation_p(const long *rank2, size_t n, size_t m, long observed2, double *p)
{
	long max_sum = 0;
	double *ways, total = 0, upper = 0, lower = 0;
	size_t width;

	for (size_t i = 0; i < n; i++)
		max_sum += rank2[i];
	width = (size_t)max_sum + 1;
	ways = calloc((m + 1) * width, sizeof(*ways));
	if (!ways)
		return -ENOMEM;
	ways[0] = 1;
	for (size_t i = 0; i < n; i++)
		for (size_t k = (i + 1 < m ? i + 1 : m); k >= 1; k--)
			for (size_t s = width; s-- > (size_t)rank2[i];)
				ways[k * width + s] += ways[(k - 1) * width + s - (size_t)rank2[i]];
	for (size_t s = 0; s < width; s++) {
		double w = ways[m * width + s];

		total += w;
		if ((long)s >= observed2)
			upper += w;
		if ((long)s <= observed2)
			lower += w;
	}
	free(ways);
	*p = fmin(1, 2 * fmin(upper, lower) / total);
	return 0;
}

int stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
		       struct stats_mwu *out)
{
	size_t n = nx + ny, i = 0;
	double rank_x = 0, tie_term = 0, mu, sigma, umax;
	struct labelled *all;
	long *rank2, rank2_x = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	out->u_x = out->u_y = out->z = out->p = NAN;
	if (!nx || !ny)
		return -EINVAL;
	if (!stats_all_finite(x, nx) || !stats_all_finite(y, ny))
		return -EDOM;
	all = malloc(n * sizeof(*all));
	rank2 = malloc(n * sizeof(*rank2));
	if (!all || !rank2) {
		free(all);
		free(rank2);
		return -ENOMEM;
	}
	if (!all)
		return -ENOMEM;
	for (size_t k = 0; k < nx; k++)
		all[k] = (struct labelled){ x[k], 1 };
	for (size_t k = 0; k < ny; k++)
		all[nx + k] = (struct labelled){ y[k], 0 };
	qsort(all, n, sizeof(*all), cmp_labelled);
	/* Average ranks (1-based) over each run of equal values. */
	while (i < n) {
		size_t j = i + 1;
		double avg;

		while (j < n && all[j].v == all[i].v)
			j++;
		avg = (double)(i + 1 + j) / 2;
		for (size_t k = i; k < j; k++) {
			rank2[k] = (long)(i + 1 + j);
			if (all[k].from_x) {
				rank_x += avg;
				rank2_x += rank2[k];
			}
		}
		if (j - i > 1) {
			double t = (double)(j - i);

			out->ties = 1;
			tie_term += t * t * t - t;
		}
		i = j;
	}
	free(all);
	out->u_x = rank_x - (double)nx * (double)(nx + 1) / 2;
	out->u_y = (double)nx * (double)ny - out->u_x;
	umax = out->u_x > out->u_y ? out->u_x : out->u_y;

	if (out->ties && n <= STATS_MWU_EXACT_TIES_MAX) {
		/* Count over the smaller side: the same p, a smaller table. */
		if (nx <= ny)
			ret = mwu_permutation_p(rank2, n, nx, rank2_x, &out->p);
		else
			ret = mwu_permutation_p(rank2, n, ny, (long)(n * (n + 1)) - rank2_x, &out->p);
		free(rank2);
		if (ret)
			return ret;
		out->exact = 1;
		return 0;
	}
	free(rank2);
	if (!out->ties && nx <= STATS_MWU_EXACT_MAX && ny <= STATS_MWU_EXACT_MAX) {
		double tail;

		ret = mwu_exact_sf(nx, ny, umax, &tail);
		if (ret)
			return ret;
		out->exact = 1;
		out->p = fmin(1, 2 * tail);
		return 0;
	}
	mu = (double)nx * (double)ny / 2;
	sigma = sqrt((double)nx * (double)ny / 12 *
		     ((double)(n + 1) - tie_term / ((double)n * (double)(n - 1))));
	if (!(sigma > 0)) {
		/* Every value tied: no evidence of any difference. */
		out->p = 1;
		return 0;
	}
	out->z = (umax - mu - 0.5) / sigma;
	out->p = fmin(1, 2 * stats_normal_sf(out->z));
	return 0;
}

/* Kolmogorov's limiting distribution, P(K > t). */
static double kolmogorov_sf(double t)
{
	double sum = 0;

	if (t <= 0)
		return 1;
	if (t < 1.18) {
		/* The theta-function form converges fast for small t. */
		double c = M_PI * M_PI / (8 * t * t);

		for (int k = 1; k < 100; k++) {
			double term = exp(-(double)((2 * k - 1) * (2 * k - 1)) * c);

			sum += term;
			if (term < 1e-17 * sum)
				break;
		}
		return fmax(0, 1 - sqrt(2 * M_PI) / t * sum);
	}
	for (int k = 1; k < 100; k++) {
		double term = exp(-2.0 * k * k * t * t);

		sum += (k % 2 ? term : -term);
		if (term < 1e-17)
			break;
	}
	return fmin(1, fmax(0, 2 * sum));
}

/*
 * P(D < d) with d = dint / (nx ny): the probability that a uniformly random
 * lattice path from (0, 0) to (nx, ny) keeps |i ny - j nx| < dint at every
 * point. The walk's step probabilities make every path equally likely, so
 * the DP stays in [0, 1] instead of counting C(nx + ny, nx) paths.
 */
static int ks_exact_inside(size_t nx, size_t ny, long long dint, double *inside)
{
	double *row = calloc(ny + 1, sizeof(*row));
	double total = (double)(nx + ny);

	if (!row)
		return -ENOMEM;
	for (size_t i = 0; i <= nx; i++) {
		for (size_t j = 0; j <= ny; j++) {
			long long gap = (long long)i * (long long)ny - (long long)j * (long long)nx;
			double p = 0;

			if (i == 0 && j == 0) {
				row[0] = 1;
				continue;
			}
			if (i > 0)	/* from (i - 1, j): an x step */
				p += row[j] * (double)(nx - i + 1) / (total - (double)(i - 1 + j));
			if (j > 0)	/* from (i, j - 1): a y step */
				p += row[j - 1] * (double)(ny - j + 1) / (total - (double)(i + j - 1));
			row[j] = llabs(gap) < dint ? p : 0;
		}
	}
	*inside = row[ny];
	free(row);
	return 0;
}

int stats_ks_2samp(const double *x, size_t nx, const double *y, size_t ny,
		   struct stats_ks *out)
{
	double *sx, *sy;
	size_t i = 0, j = 0;
	long long dint = 0;

	out->d = out->p = NAN;
	out->exact = 0;
	if (!nx || !ny)
		return -EINVAL;
	/* A NaN equals nothing, not even itself: the walk below would never pass it. */
	if (!stats_all_finite(x, nx) || !stats_all_finite(y, ny))
		return -EDOM;
	sx = sorted_copy(x, nx);
	sy = sorted_copy(y, ny);
	if (!sx || !sy) {
		free(sx);
		free(sy);
		return -ENOMEM;
	}
	/* Walk the distinct pooled values; F_x = i / nx, F_y = j / ny just after each. */
	while (i < nx || j < ny) {
		double v = (j >= ny || (i < nx && sx[i] <= sy[j])) ? sx[i] : sy[j];
		long long gap;

		while (i < nx && sx[i] == v)
			i++;
		while (j < ny && sy[j] == v)
			j++;
		gap = llabs((long long)i * (long long)ny - (long long)j * (long long)nx);
		if (gap > dint)
			dint = gap;
	}
	free(sx);
	free(sy);
	out->d = (double)dint / ((double)nx * (double)ny);
	if (dint == 0) {
		out->p = 1;
		out->exact = 1;
		return 0;
	}
	if ((unsigned long long)nx * ny <= STATS_KS_EXACT_MAX_CELLS) {
		double inside;
		int ret = ks_exact_inside(nx, ny, dint, &inside);

		if (ret)
			return ret;
		out->exact = 1;
		out->p = fmin(1, fmax(0, 1 - inside));
		return 0;
	}
	out->p = kolmogorov_sf(sqrt((double)nx * (double)ny / (double)(nx + ny)) * out->d);
	return 0;
}

void stats_options_default(struct stats_options *o)
{
	o->ci_level = STATS_DEFAULT_CI_LEVEL;
	o->resamples = STATS_DEFAULT_RESAMPLES;
	o->seed = 0;
	o->min_samples = STATS_DEFAULT_MIN_SAMPLES;
	o->cv_warn = STATS_DEFAULT_CV_WARN;
	o->spread_warn = STATS_DEFAULT_SPREAD_WARN;
}

static void summary_set_nan(struct stats_summary *s)
{
	s->min = s->max = s->mean = s->median = NAN;
	s->p5 = s->p95 = s->stddev = s->cv = s->mad = NAN;
	s->outliers.q1 = s->outliers.q3 = s->outliers.iqr = NAN;
	s->outliers.low_severe_fence = s->outliers.low_mild_fence = NAN;
	s->outliers.high_mild_fence = s->outliers.high_severe_fence = NAN;
	s->median_ci.low = s->median_ci.high = NAN;
}

static unsigned int summary_warnings(const struct stats_summary *s)
{
	unsigned int w = 0;

	if (s->n < s->min_samples)
		w |= STATS_WARN_FEW_SAMPLES;
	if (s->cv > s->cv_warn)
		w |= STATS_WARN_HIGH_CV;
	if (s->median > 0) {
		if ((s->median - s->min) / s->median > s->spread_warn)
			w |= STATS_WARN_MIN_FAR;
		if ((s->max - s->median) / s->median > s->spread_warn)
			w |= STATS_WARN_MAX_FAR;
	}
	return w;
}

struct stats_summary stats_summarize(const double *x, size_t n, const struct stats_options *o)
{
	struct stats_options defaults;
	struct stats_summary s;
	double *sorted;

	if (!o) {
		stats_options_default(&defaults);
		o = &defaults;
	}
	memset(&s, 0, sizeof(s));
	summary_set_nan(&s);
	s.n = n;
	s.min_samples = o->min_samples;
	s.cv_warn = o->cv_warn;
	s.spread_warn = o->spread_warn;
	s.median_ci.level = o->ci_level;
	s.median_ci.resamples = o->resamples;
	s.median_ci.seed = o->seed;
	if (!n) {
		s.error = -EINVAL;
		s.warnings = STATS_WARN_FEW_SAMPLES;
		return s;
	}
	if (!stats_all_finite(x, n)) {
		s.error = -EDOM;
		return s;
	}
	sorted = sorted_copy(x, n);
	if (!sorted) {
		s.error = -ENOMEM;
		return s;
	}
	s.min = sorted[0];
	s.max = sorted[n - 1];
	s.median = stats_percentile_sorted(sorted, n, 50);
	s.p5 = stats_percentile_sorted(sorted, n, 5);
	s.p95 = stats_percentile_sorted(sorted, n, 95);
	s.mean = stats_mean(x, n);
	s.stddev = stats_stddev(x, n);
	s.cv = s.mean != 0 ? s.stddev / s.mean : NAN;
	tukey_sorted(sorted, n, &s.outliers);
	free(sorted);
	if (mad_about(x, n, s.median, &s.mad)) {
		s.error = -ENOMEM;
		return s;
	}
	if (!isfinite(s.mean) || !isfinite(s.stddev) || !isfinite(s.median) || !isfinite(s.mad)) {
		s.error = -ERANGE;
		return s;
	}
	if (o->resamples) {
		int ret = stats_bootstrap_median_ci(x, n, o->ci_level, o->resamples, o->seed,
						    &s.median_ci);
		if (ret) {
			s.error = ret;
			return s;
		}
	}
	s.warnings = summary_warnings(&s);
	return s;
}

struct stats_summary stats_per_page(const struct stats_summary *s, double pages)
{
	struct stats_summary p = *s;

	p.min /= pages;
	p.max /= pages;
	p.mean /= pages;
	p.median /= pages;
	p.p5 /= pages;
	p.p95 /= pages;
	p.stddev /= pages;
	p.mad /= pages;
	p.outliers.q1 /= pages;
	p.outliers.q3 /= pages;
	p.outliers.iqr /= pages;
	p.outliers.low_severe_fence /= pages;
	p.outliers.low_mild_fence /= pages;
	p.outliers.high_mild_fence /= pages;
	p.outliers.high_severe_fence /= pages;
	p.median_ci.low /= pages;
	p.median_ci.high /= pages;
	return p;
}

const char *stats_warning_name(unsigned int flag)
{
	switch (flag) {
	case STATS_WARN_FEW_SAMPLES:
		return "few_samples";
	case STATS_WARN_HIGH_CV:
		return "high_cv";
	case STATS_WARN_MIN_FAR:
		return "min_far_from_median";
	case STATS_WARN_MAX_FAR:
		return "max_far_from_median";
	}
	return NULL;
}

int stats_warning_message(const struct stats_summary *s, unsigned int flag, char *buf,
			  size_t len)
{
	switch (flag) {
	case STATS_WARN_FEW_SAMPLES:
		return snprintf(buf, len, "only %zu samples (fewer than %zu): the statistics are unreliable",
				s->n, s->min_samples);
	case STATS_WARN_HIGH_CV:
		return snprintf(buf, len, "CV %.1f%% is above %.0f%%: the figures may be unstable",
				100 * s->cv, 100 * s->cv_warn);
	case STATS_WARN_MIN_FAR:
		return snprintf(buf, len, "minimum %.6g is %.1f%% below the median %.6g",
				s->min, 100 * (s->median - s->min) / s->median, s->median);
	case STATS_WARN_MAX_FAR:
		return snprintf(buf, len, "maximum %.6g is %.1f%% above the median %.6g",
				s->max, 100 * (s->max - s->median) / s->median, s->median);
	}
	return -1;
}
