// SPDX-License-Identifier: GPL-2.0
/* Measured sensitivity: false alarms and detected injections (sensitivity.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/results.h"
#include "results/results_config.h"
#include "analysis/sensitivity.h"
#include "results/results_model.h"
#include "stats/stats.h"

void sensitivity_tally_add(struct sensitivity_tally *t, enum compare_verdict v)
{
	t->trials++;
	if (v < COMPARE_NR_VERDICTS)
		t->counts[v]++;
}

double sensitivity_false_alarm_rate(const struct sensitivity_tally *t)
{
	if (!t->trials)
		return NAN;
	return (double)(t->counts[COMPARE_REGRESSION] + t->counts[COMPARE_IMPROVEMENT]) /
	       (double)t->trials;
}

double sensitivity_detection_rate(const struct sensitivity_tally *t)
{
	if (!t->trials)
		return NAN;
	return (double)t->counts[COMPARE_REGRESSION] / (double)t->trials;
}

int sensitivity_smallest_reliable(const double *rates, size_t n, double bar)
{
	int smallest = -1;

	/* From the largest size down, while every size so far meets the bar. */
	for (size_t i = n; i-- > 0;) {
		if (!(rates[i] >= bar))
			break;
		smallest = (int)i;
	}
	return smallest;
}

static uint64_t doc_inject(const struct results_model *doc)
{
	int64_t v = doc->context.inject_ns_per_page;

	return v > 0 ? (uint64_t)v : 0;
}

static char *strdup_known(const char *s)
{
	return strdup(s ? s : "unknown");
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The distinct injected sizes of @docs, ascending. */
static int collect_sizes(const struct results_model *docs, size_t n, struct sensitivity_report *r)
{
	uint64_t *all = calloc(n ? n : 1, sizeof(*all));
	size_t nall = 0;

	if (!all)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (doc_inject(&docs[i]))
			all[nall++] = doc_inject(&docs[i]);
	qsort(all, nall, sizeof(*all), cmp_u64);
	r->sizes = calloc(nall ? nall : 1, sizeof(*r->sizes));
	if (!r->sizes) {
		free(all);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nall; i++) {
		if (r->nr_sizes && r->sizes[r->nr_sizes - 1].inject == all[i]) {
			r->sizes[r->nr_sizes - 1].nr_runs++;
			continue;
		}
		r->sizes[r->nr_sizes].inject = all[i];
		r->sizes[r->nr_sizes].nr_runs = 1;
		r->sizes[r->nr_sizes].rel_min = INFINITY;
		r->sizes[r->nr_sizes].rel_max = -INFINITY;
		r->sizes[r->nr_sizes].change_median = NAN;
		r->sizes[r->nr_sizes].added_median = NAN;
		r->nr_sizes++;
	}
	free(all);
	return 0;
}

static size_t size_index(const struct sensitivity_report *r, uint64_t inject)
{
	for (size_t i = 0; i < r->nr_sizes; i++)
		if (r->sizes[i].inject == inject)
			return i;
	return r->nr_sizes;
}

/* Per-page samples of one configuration, pooled over the baselines. */
static int base_median(const struct results_model *const *base, size_t nbase,
		       const struct results_model_config *config, double *median)
{
	double *pool = NULL;
	size_t npool = 0;
	int ret = 0;

	for (size_t b = 0; b < nbase && !ret; b++) {
		const struct results_model_config *c = results_model_twin(base[b], config);
		double pages, *grown;

		if (!c)
			continue;
		pages = (double)c->pages;
		if (!c->nr_samples) {
			ret = -EINVAL;
			break;
		}
		grown = realloc(pool, (npool + c->nr_samples + 1) * sizeof(*pool));
		if (!grown) {
			ret = -ENOMEM;
			break;
		}
		pool = grown;
		for (size_t k = 0; k < c->nr_samples; k++)
			pool[npool++] = pages > 0 ? c->samples_ns[k] / pages : NAN;
	}
	*median = npool ? stats_median(pool, npool) : NAN;
	free(pool);
	return ret;
}

static int setup_configs(const struct results_model *const *base, size_t nbase,
			 struct sensitivity_report *r)
{
	size_t n = base[0]->nr_configs;

	r->configs = calloc(n ? n : 1, sizeof(*r->configs));
	if (!r->configs)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct results_model_config *c = &base[0]->configs[i];
		struct sensitivity_config *sc = &r->configs[r->nr_configs++];
		const char *name = c->name;
		int ret;

		sc->name = strdup(name ? name : "?");
		sc->per_size = calloc(r->nr_sizes ? r->nr_sizes : 1, sizeof(*sc->per_size));
		sc->smallest = -1;
		if (!sc->name || !sc->per_size)
			return -ENOMEM;
		ret = base_median(base, nbase, c, &sc->base_median);
		if (ret)
			return ret;
	}
	return 0;
}

static struct sensitivity_config *find_config(struct sensitivity_report *r, const char *name)
{
	for (size_t i = 0; i < r->nr_configs; i++)
		if (!strcmp(r->configs[i].name, name))
			return &r->configs[i];
	return NULL;
}

/* Ratios of the trials of each size, for the measured change. */
struct ratio_list {
	double *x;
	size_t n, cap;
};

static int ratio_add(struct ratio_list *l, double v)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		double *grown = realloc(l->x, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		l->x = grown;
		l->cap = cap;
	}
	l->x[l->n++] = v;
	return 0;
}

/*
 * One comparison; its trials go to the A/A tallies (@size == r->nr_sizes)
 * or to @size's, with the ratios into @ratios and the added ns per page
 * into @added.
 */
static int one_pair(const struct results_model *a, const struct results_model *b,
		    const struct compare_options *o,
		    struct sensitivity_report *r, size_t size, struct ratio_list *ratios,
		    struct ratio_list *added, char *err, size_t errlen)
{
	struct compare_report cr;
	int ret = compare_documents(a, b, o, &cr, err, errlen);

	if (ret) {
		compare_report_free(&cr);
		return ret;
	}
	r->threshold = cr.threshold;
	for (size_t i = 0; i < cr.nr_rows && !ret; i++) {
		const struct compare_row *row = &cr.rows[i];
		struct sensitivity_config *sc = row->name ? find_config(r, row->name) : NULL;
		enum compare_verdict v = row->time.verdict;

		if (!row->name)
			continue;
		if (size == r->nr_sizes) {
			sensitivity_tally_add(&r->aa, v);
			if (sc)
				sensitivity_tally_add(&sc->aa, v);
			continue;
		}
		sensitivity_tally_add(&r->sizes[size].tally, v);
		if (sc)
			sensitivity_tally_add(&sc->per_size[size], v);
		if (isfinite(row->time.ratio))
			ret = ratio_add(&ratios[size], row->time.ratio - 1);
		if (!ret && isfinite(row->time.new_median - row->time.base_median))
			ret = ratio_add(&added[size], row->time.new_median - row->time.base_median);
	}
	compare_report_free(&cr);
	return ret;
}

static void finish(struct sensitivity_report *r, const struct ratio_list *ratios,
		   const struct ratio_list *added)
{
	double *rates = calloc(r->nr_sizes ? r->nr_sizes : 1, sizeof(*rates));

	for (size_t s = 0; s < r->nr_sizes; s++) {
		struct sensitivity_size *sz = &r->sizes[s];

		if (ratios[s].n)
			sz->change_median = stats_median(ratios[s].x, ratios[s].n);
		if (added[s].n)
			sz->added_median = stats_median(added[s].x, added[s].n);
		for (size_t c = 0; c < r->nr_configs; c++) {
			double rel = (double)sz->inject / r->configs[c].base_median;

			if (!isfinite(rel))
				continue;
			sz->rel_min = fmin(sz->rel_min, rel);
			sz->rel_max = fmax(sz->rel_max, rel);
		}
		if (!isfinite(sz->rel_min))
			sz->rel_min = sz->rel_max = NAN;
	}
	if (!rates) {
		r->smallest = -1;
		return;
	}
	for (size_t s = 0; s < r->nr_sizes; s++)
		rates[s] = sensitivity_detection_rate(&r->sizes[s].tally);
	r->smallest = sensitivity_smallest_reliable(rates, r->nr_sizes, r->bar);
	for (size_t c = 0; c < r->nr_configs; c++) {
		for (size_t s = 0; s < r->nr_sizes; s++)
			rates[s] = sensitivity_detection_rate(&r->configs[c].per_size[s]);
		r->configs[c].smallest = sensitivity_smallest_reliable(rates, r->nr_sizes, r->bar);
	}
	free(rates);
}

int sensitivity_analyze(const struct results_model *docs, size_t n,
			const struct compare_options *o, double bar, struct sensitivity_report *r,
			char *err, size_t errlen)
{
	const struct results_model **base = calloc(n ? n : 1, sizeof(*base));
	struct ratio_list *ratios = NULL, *added = NULL;
	int ret;

	memset(r, 0, sizeof(*r));
	r->bar = bar;
	r->smallest = -1;
	r->threshold = NAN;
	if (!base)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (!doc_inject(&docs[i]))
			base[r->nr_base_runs++] = &docs[i];
	if (!r->nr_base_runs) {
		snprintf(err, errlen, "no baseline: every document has an injected cost "
			 "(context.module.inject_ns_per_page)");
		ret = -EINVAL;
		goto out;
	}
	r->mode = strdup_known(base[0]->context.mode);
	r->kernel = strdup_known(base[0]->context.kernel_release);
	ret = collect_sizes(docs, n, r);
	if (!ret)
		ret = setup_configs(base, r->nr_base_runs, r);
	if (ret)
		goto out;
	if (!r->nr_configs) {
		snprintf(err, errlen, "the baseline has no configuration");
		ret = -EINVAL;
		goto out;
	}
	ratios = calloc(r->nr_sizes + 1, sizeof(*ratios));
	added = calloc(r->nr_sizes + 1, sizeof(*added));
	if (!ratios || !added) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < r->nr_base_runs && !ret; i++)
		for (size_t j = i + 1; j < r->nr_base_runs && !ret; j++)
			ret = one_pair(base[i], base[j], o, r, r->nr_sizes, ratios, added, err,
				       errlen);
	for (size_t d = 0; d < n && !ret; d++) {
		size_t s = size_index(r, doc_inject(&docs[d]));

		if (s == r->nr_sizes)
			continue;
		for (size_t b = 0; b < r->nr_base_runs && !ret; b++)
			ret = one_pair(base[b], &docs[d], o, r, s, ratios, added, err, errlen);
	}
	if (!ret)
		finish(r, ratios, added);
out:
	for (size_t s = 0; s <= r->nr_sizes; s++) {
		if (ratios)
			free(ratios[s].x);
		if (added)
			free(added[s].x);
	}
	free(ratios);
	free(added);
	free(base);
	return ret;
}

void sensitivity_report_free(struct sensitivity_report *r)
{
	for (size_t i = 0; i < r->nr_configs; i++) {
		free(r->configs[i].name);
		free(r->configs[i].per_size);
	}
	free(r->configs);
	free(r->sizes);
	free(r->mode);
	free(r->kernel);
	memset(r, 0, sizeof(*r));
}
