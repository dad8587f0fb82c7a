// SPDX-License-Identifier: GPL-2.0
/* Descriptive statistics over arrays of doubles; the methods are documented in stats.h. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats.h"

int stats_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A sorted copy of x, or NULL (n == 0 or no memory). */
double *stats_sorted_copy(const double *x, size_t n)
{
	double *s;

	if (!n)
		return NULL;
	s = malloc(n * sizeof(*s));
	if (!s)
		return NULL;
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), stats_cmp_double);
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
double stats_percentile_sorted_extended(const double *sorted, size_t n, double p)
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
	return stats_percentile_sorted_extended(sorted, n, p);
}

double stats_percentile(const double *x, size_t n, double p)
{
	double *s;
	double v;

	if (unusable(x, n))
		return NAN;
	s = stats_sorted_copy(x, n);
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
int stats_mad_about(const double *x, size_t n, double median, double *out)
{
	double *dev = malloc(n * sizeof(*dev));

	if (!dev)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		dev[i] = fabs(x[i] - median);
	qsort(dev, n, sizeof(*dev), stats_cmp_double);
	*out = stats_percentile_sorted_extended(dev, n, 50);
	free(dev);
	return 0;
}

double stats_mad(const double *x, size_t n)
{
	double med = stats_median(x, n), v;

	if (isnan(med) || stats_mad_about(x, n, med, &v))
		return NAN;
	return v;
}

void stats_tukey_sorted(const double *s, size_t n, struct stats_outliers *o)
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
	s = stats_sorted_copy(x, n);
	if (!s)
		return -ENOMEM;
	stats_tukey_sorted(s, n, out);
	free(s);
	return 0;
}

