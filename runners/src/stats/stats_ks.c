// SPDX-License-Identifier: GPL-2.0
/* The two-sample Kolmogorov-Smirnov test (stats_ks.h). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats.h"
#include "stats/stats_ks.h"

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
	sx = stats_sorted_copy(x, nx);
	sy = stats_sorted_copy(y, ny);
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
