// SPDX-License-Identifier: GPL-2.0
/* The Mann-Whitney U test (stats_mann_whitney.h). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats.h"
#include "stats/stats_mann_whitney.h"

double stats_mann_whitney_normal_sf(double z)
{
	return 0.5 * erfc(z / M_SQRT2);
}

struct labelled {
	double v;
	int from_x;
};

static int cmp_labelled(const void *a, const void *b)
{
	return stats_cmp_double(&((const struct labelled *)a)->v, &((const struct labelled *)b)->v);
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
	out->p = fmin(1, 2 * stats_mann_whitney_normal_sf(out->z));
	return 0;
}

