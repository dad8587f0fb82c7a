/* SPDX-License-Identifier: GPL-2.0 */
/* The Mann-Whitney U test (conventions: stats.h). */
#ifndef HMMBENCH_STATS_MANN_WHITNEY_H
#define HMMBENCH_STATS_MANN_WHITNEY_H

#include <stddef.h>
#include <stdint.h>

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


/* Standard normal upper tail, 1 - Phi(z). */
double stats_mann_whitney_normal_sf(double z);

#endif
