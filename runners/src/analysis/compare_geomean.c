// SPDX-License-Identifier: GPL-2.0
/*
 * The overall change of a comparison per (operation, page kind): the
 * geometric mean of the configurations' median ratios (compare.h), as Google
 * Benchmark's compare.py prints OVERALL_GEOMEAN. A geometric mean because
 * ratios multiply: +10% on one configuration and -10% on another are not
 * "no change" (1.1 * 0.9 = 0.99), and the mean of logs weighs a halving and
 * a doubling alike.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "analysis/compare_geomean.h"
#include "results/results_model.h"

/* The row's "op/kind" group, e.g. "snapshot/thp". */
static void group_of(const struct compare_row *row, char *buf, size_t len)
{
	const char *op = results_model_param_string(row->parameters, "op");
	const char *kind = results_model_param_string(row->parameters, "kind");

	snprintf(buf, len, "%s/%s", op ? op : "?", kind ? kind : "?");
}

static void add_ratio(struct compare_geomean *g, double ratio)
{
	g->log_sum += log(ratio);
	g->n++;
	g->ratio = exp(g->log_sum / (double)g->n);
}

int compare_geomean_compute(const struct compare_report *r, struct compare_geomean **out, size_t *nr)
{
	/* At most one group per row, plus "all". */
	struct compare_geomean *g = calloc(r->nr_rows + 1, sizeof(*g)), *all;
	size_t n = 0;

	*out = NULL;
	*nr = 0;
	if (!g)
		return -ENOMEM;
	for (size_t i = 0; i < r->nr_rows; i++) {
		const struct compare_row *row = &r->rows[i];
		char group[sizeof(g->group)];
		size_t k = 0;

		/* No ratio (too few samples, base median 0): nothing to average. */
		if (!(row->time.ratio > 0) || !isfinite(row->time.ratio))
			continue;
		group_of(row, group, sizeof(group));
		while (k < n && strcmp(g[k].group, group))
			k++;
		if (k == n)
			memcpy(g[n++].group, group, sizeof(group));
		add_ratio(&g[k], row->time.ratio);
	}
	all = &g[n];
	snprintf(all->group, sizeof(all->group), "all");
	for (size_t k = 0; k < n; k++) {
		all->log_sum += g[k].log_sum;
		all->n += g[k].n;
	}
	all->ratio = all->n ? exp(all->log_sum / (double)all->n) : NAN;
	*out = g;
	*nr = n + 1;
	return 0;
}
