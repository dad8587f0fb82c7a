/* SPDX-License-Identifier: GPL-2.0 */
/* The two-sample Kolmogorov-Smirnov test (conventions: stats.h). */
#ifndef HMMBENCH_STATS_KS_H
#define HMMBENCH_STATS_KS_H

#include <stddef.h>
#include <stdint.h>

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

#endif
