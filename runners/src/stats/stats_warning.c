// SPDX-License-Identifier: GPL-2.0
/* The text of a summary's warnings (stats_warning.h). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats_summary.h"
#include "stats/stats_warning.h"

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

