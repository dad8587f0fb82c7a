// SPDX-License-Identifier: GPL-2.0
/* The summary of one series of samples (stats_summary.h). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats.h"
#include "stats/stats_bootstrap.h"
#include "stats/stats_summary.h"

void stats_summary_options_default(struct stats_options *o)
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

struct stats_summary stats_summary_compute(const double *x, size_t n, const struct stats_options *o)
{
	struct stats_options defaults;
	struct stats_summary s;
	double *sorted;

	if (!o) {
		stats_summary_options_default(&defaults);
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
	sorted = stats_sorted_copy(x, n);
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
	stats_tukey_sorted(sorted, n, &s.outliers);
	free(sorted);
	if (stats_mad_about(x, n, s.median, &s.mad)) {
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

struct stats_summary stats_summary_per_page(const struct stats_summary *s, double pages)
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
