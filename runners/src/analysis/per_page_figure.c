// SPDX-License-Identifier: GPL-2.0
/* Which per-page figure a configuration is judged and shown on (per_page_figure.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/per_page_figure.h"
#include "results/results_model.h"
#include "stats/stats.h"
#include "stats/stats_bootstrap.h"
#include "stats/stats_summary.h"

/* The sim:cycles counter of @c when it can be used as its per-page series, else NULL. */
static const struct results_model_counter *usable_cycles(const struct results_model_config *c)
{
	const struct results_model_counter *k = results_model_counter(c, "sim:cycles");

	return k && k->available && k->samples_per_page && k->nr_samples == c->nr_samples &&
	       !c->runs_error ? k : NULL;
}

enum per_page_figure per_page_figure_of(const struct results_model_config *c)
{
	return usable_cycles(c) ? PER_PAGE_FIGURE_SIM_CYCLES : PER_PAGE_FIGURE_TIME;
}

enum per_page_figure per_page_figure_pair(const struct results_model_config *base,
					  const struct results_model_config *new_)
{
	return per_page_figure_of(base) == PER_PAGE_FIGURE_SIM_CYCLES &&
	       per_page_figure_of(new_) == PER_PAGE_FIGURE_SIM_CYCLES ?
		       PER_PAGE_FIGURE_SIM_CYCLES : PER_PAGE_FIGURE_TIME;
}

enum per_page_figure per_page_figure_shown(const struct results_model *m)
{
	const char *mode = m->context.mode;

	if (!mode || strcmp(mode, "qemu-sim"))
		return PER_PAGE_FIGURE_TIME;
	for (size_t i = 0; i < m->nr_configs; i++)
		if (usable_cycles(&m->configs[i]))
			return PER_PAGE_FIGURE_SIM_CYCLES;
	return PER_PAGE_FIGURE_TIME;
}

int per_page_figure_samples(const struct results_model_config *c, enum per_page_figure f,
			    double **x, size_t *n)
{
	const struct results_model_counter *k;
	int ret;

	*x = NULL;
	*n = 0;
	if (f == PER_PAGE_FIGURE_TIME) {
		ret = results_model_per_page(c, x, n);
		if (!ret && c->runs_error)
			ret = -EINVAL;
		if (ret) {
			free(*x);
			*x = NULL;
			*n = 0;
		}
		return ret;
	}
	k = usable_cycles(c);
	if (!k)
		return -EINVAL;
	*x = malloc(k->nr_samples * sizeof(**x));
	if (!*x)
		return -ENOMEM;
	memcpy(*x, k->samples_per_page, k->nr_samples * sizeof(**x));
	*n = k->nr_samples;
	return 0;
}

int per_page_figure_median(const struct results_model *m, const struct results_model_config *c,
			   enum per_page_figure f, struct per_page_figure_median *out)
{
	const struct results_model_counter *k;
	struct stats_options so;
	struct stats_ci ci;
	int ret;

	if (f == PER_PAGE_FIGURE_TIME) {
		out->median = c->per_page.median;
		out->low = c->per_page.median_ci_low;
		out->high = c->per_page.median_ci_high;
		return 0;
	}
	out->median = out->low = out->high = NAN;
	k = usable_cycles(c);
	if (!k || !k->nr_samples || !stats_all_finite(k->samples_per_page, k->nr_samples))
		return 0;
	out->median = stats_median(k->samples_per_page, k->nr_samples);
	/* The runner's bootstrap of the document's per_page: same options, same seed. */
	stats_summary_options_default(&so);
	so.seed = m->context.has_seed ? (uint64_t)m->context.seed : 0;
	ret = stats_bootstrap_median_ci(k->samples_per_page, k->nr_samples, so.ci_level,
					so.resamples, so.seed, &ci);
	if (ret == -ENOMEM)
		return ret;
	if (!ret) {
		out->low = ci.low;
		out->high = ci.high;
	}
	return 0;
}
