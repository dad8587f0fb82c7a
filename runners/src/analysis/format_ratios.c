// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing table:<t> with convert:<t> inside one results document, and the
 * verdict on each pair (see format_ratios.h).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/format_ratios.h"
#include "analysis/per_page_figure.h"
#include "results/results_model.h"
#include "results/results.h"
#include "results/results_mode.h"
#include "results/report_model_write.h"

static const char *const op_order[] = { "snapshot", "fault-present", "fault-unpopulated" };
static const char *const kind_order[] = { "4k", "thp", "hugetlb2m" };

int format_ratios_partner(const char *format, char *partner, size_t plen, char *table,
			 size_t tlen)
{
	const char *t;

	if (!format || strncmp(format, "table:", 6) || !format[6])
		return -EINVAL;
	t = format + 6;
	if ((size_t)snprintf(partner, plen, "convert:%s", t) >= plen ||
	    (size_t)snprintf(table, tlen, "%s", t) >= tlen)
		return -EINVAL;
	return 0;
}

const char *format_ratios_verdict_name(enum compare_verdict v)
{
	switch (v) {
	case COMPARE_SAME:
		return "same";
	case COMPARE_REGRESSION:
		return "costs";
	case COMPARE_IMPROVEMENT:
		return "saves";
	default:
		return "unknown";
	}
}

static const char *param_string(const json_t *params, const char *key)
{
	const char *s = results_model_param_string(params, key);

	return s ? s : "";
}

static int rank(const char *const *order, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(order[i], s))
			return (int)i;
	return (int)n;
}

int format_ratios_cmp(const void *a, const void *b)
{
	const json_t *x = ((const struct format_ratio *)a)->parameters;
	const json_t *y = ((const struct format_ratio *)b)->parameters;
	json_int_t sx, sy;
	int d;

	d = rank(op_order, 3, param_string(x, "op")) - rank(op_order, 3, param_string(y, "op"));
	if (d)
		return d;
	d = rank(kind_order, 3, param_string(x, "kind")) -
	    rank(kind_order, 3, param_string(y, "kind"));
	if (d)
		return d;
	sx = results_model_param_int(x, "size");
	sy = results_model_param_int(y, "size");
	if (sx != sy)
		return sx < sy ? -1 : 1;
	d = strcmp(param_string(x, "pattern"), param_string(y, "pattern"));
	if (d)
		return d;
	return strcmp(((const struct format_ratio *)a)->table, ((const struct format_ratio *)b)->table);
}

/* FNV-1a of the parameters key: each pair's bootstrap has its own seed. */
static uint64_t key_seed(const char *key, uint64_t seed)
{
	uint64_t h = 1469598103934665603ULL ^ seed;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	return h;
}

/* The median of the figure @config is judged on (per_page_figure_of()), or NAN. */
static double median_per_page(const struct results_model_config *config)
{
	double *x, m;
	size_t n;

	if (!config || per_page_figure_samples(config, per_page_figure_of(config), &x, &n))
		return NAN;
	m = n ? stats_median(x, n) : NAN;
	free(x);
	return m;
}

static int add_row(struct format_ratio_report *r, const struct results_model *m,
		   const struct results_model_config *tconf,
		   const struct results_model_config *cconf, const char *table,
		   const struct compare_options *o)
{
	struct format_ratio *row = &r->rows[r->nr_rows];
	const char *key = tconf->parameters_key;
	int ret = 0;

	memset(row, 0, sizeof(*row));
	row->name = strdup(tconf->name);
	row->convert_name = strdup(cconf->name);
	row->parameters = json_incref((json_t *)tconf->parameters);
	snprintf(row->table, sizeof(row->table), "%s", table);
	r->nr_rows++;
	if (!row->name || !row->convert_name)
		return -ENOMEM;
	row->fixed_median = median_per_page(results_model_sibling(m, tconf, "format", "fixed"));
	if (!key)
		ret = -ENOMEM;
	if (!ret)
		ret = compare_configurations(cconf, tconf, r->threshold, o, key_seed(key, o->seed),
					     &row->m);
	if (!ret)
		r->counts[row->m.verdict]++;
	return ret;
}

int format_ratios_build(const json_t *doc, const struct compare_options *o,
			struct format_ratio_report *r, char *err, size_t errlen)
{
	size_t n, tables = 0;
	struct results_model model;
	enum results_mode mode;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	if (results_model_from_json((json_t *)doc, &model, err, errlen))
		return -ENOMEM;
	r->options = *o;
	n = model.nr_configs;
	r->mode = model.context.mode;
	r->kernel = model.context.kernel_release;
	r->date = model.context.date;
	if (!isnan(o->threshold))
		r->threshold = o->threshold;
	else
		r->threshold = r->mode && !results_mode_parse(r->mode, &mode) ?
			       compare_default_threshold(mode) : COMPARE_THRESHOLD_TCG;
	r->rows = calloc(n ? n : 1, sizeof(*r->rows));
	r->unpaired = calloc(n ? n : 1, sizeof(*r->unpaired));
	if (!r->rows || !r->unpaired)
		goto nomem;
	for (size_t i = 0; i < n && !ret; i++) {
		const struct results_model_config *c = &model.configs[i];
		char partner[64], table[HMM_BENCH_TABLE_NAME_LEN];
		const struct results_model_config *cconf;

		if (format_ratios_partner(param_string(c->parameters, "format"), partner, sizeof(partner),
					 table, sizeof(table)))
			continue;
		tables++;
		cconf = results_model_sibling(&model, c, "format", partner);
		if (!cconf) {
			r->unpaired[r->nr_unpaired] = strdup(c->name);
			if (!r->unpaired[r->nr_unpaired++])
				goto nomem;
			continue;
		}
		ret = add_row(r, &model, c, cconf, table, o);
	}
	if (ret == -ENOMEM)
		goto nomem;
	if (ret) {
		snprintf(err, errlen, "cannot read the samples of %s", r->rows[r->nr_rows - 1].name);
		results_model_free(&model);
		return ret;
	}
	if (!tables) {
		snprintf(err, errlen,
			 "no table:<t> configuration (run the matrix with table: formats on a kernel with the flag-table patch)");
		results_model_free(&model);
		return -EINVAL;
	}
	qsort(r->rows, r->nr_rows, sizeof(*r->rows), format_ratios_cmp);
	results_model_free(&model);
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	results_model_free(&model);
	return -ENOMEM;
}

void format_ratios_free(struct format_ratio_report *r)
{
	for (size_t i = 0; i < r->nr_rows; i++) {
		free(r->rows[i].name);
		free(r->rows[i].convert_name);
		json_decref(r->rows[i].parameters);
	}
	for (size_t i = 0; i < r->nr_unpaired; i++)
		free(r->unpaired[i]);
	free(r->rows);
	free(r->unpaired);
	memset(r, 0, sizeof(*r));
}

json_t *format_ratios_json(const struct format_ratio_report *r, const char *file)
{
	struct report_model_formats m = {
		.file = file, .kernel = r->kernel, .mode = r->mode, .date = r->date,
		.threshold = r->threshold, .alpha = r->options.alpha,
		.ci_level = r->options.ci_level, .resamples = (int64_t)r->options.resamples,
		.seed = (int64_t)r->options.seed,
		.unpaired = (const char **)r->unpaired, .nr_unpaired = r->nr_unpaired,
		.saves = (int64_t)r->counts[COMPARE_IMPROVEMENT],
		.costs = (int64_t)r->counts[COMPARE_REGRESSION],
		.same = (int64_t)r->counts[COMPARE_SAME],
		.unknown = (int64_t)r->counts[COMPARE_UNKNOWN],
	};
	json_t *doc;

	m.rows = calloc(r->nr_rows + 1, sizeof(*m.rows));
	if (!m.rows)
		return NULL;
	for (size_t i = 0; i < r->nr_rows; i++) {
		const struct format_ratio *row = &r->rows[i];

		m.rows[m.nr_rows++] = (struct report_model_formats_row){
			.name = row->name, .convert_name = row->convert_name,
			.parameters = row->parameters, .table = row->table,
			.fixed_median = row->fixed_median,
			.m = {
				.n_base = (int64_t)row->m.n_base, .n_new = (int64_t)row->m.n_new,
				.base_median = row->m.base_median, .new_median = row->m.new_median,
				.ratio = row->m.ratio, .ratio_ci_low = row->m.ratio_ci.low,
				.ratio_ci_high = row->m.ratio_ci.high, .mwu_p = row->m.mwu_p,
				.constant = row->m.constant,
				.verdict = format_ratios_verdict_name(row->m.verdict),
				.reason = row->m.reason,
			},
		};
	}
	doc = report_model_write_formats(&m);
	free(m.rows);
	return doc;
}
