// SPDX-License-Identifier: GPL-2.0
/* Compare and formats reports written from their model (report_model_write.h). */
#include <math.h>

#include "results/report_model_write.h"
#include "results/results_build.h"

/* JSON has no NaN: absent figures are null. */
static json_t *change_pct(double ratio)
{
	return results_build_number(isnan(ratio) ? NAN : 100 * (ratio - 1));
}

static json_t *strings_json(const char *const *s, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

static json_t *metric_json(const struct report_model_metric *m)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:[o, o], s:I, s:o, s:o, s:b, s:s, s:s}",
			 "n_base", (json_int_t)m->n_base, "n_new", (json_int_t)m->n_new,
			 "base_median", results_build_number(m->base_median),
			 "new_median", results_build_number(m->new_median),
			 "ratio", results_build_number(m->ratio), "change_pct", change_pct(m->ratio),
			 "ratio_ci", results_build_number(m->ratio_ci_low),
			 results_build_number(m->ratio_ci_high),
			 "ratio_ci_zero_base", (json_int_t)m->ratio_ci_zero_base,
			 "mwu_p", results_build_number(m->mwu_p), "ks_p", results_build_number(m->ks_p),
			 "constant", m->constant,
			 "verdict", m->verdict, "reason", m->reason);
}

static json_t *side_json(const struct report_model_side *s)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "file", s->file, "kernel", s->kernel,
			 "mode", s->mode, "date", s->date, "hmmbench_git_rev", s->hmmbench_git_rev,
			 "cpu_model", s->cpu_model);
}

static json_t *geomeans_json(const struct report_model_compare *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < c->nr_geomeans; i++) {
		const struct report_model_geomean *g = &c->geomeans[i];

		json_array_append_new(a, json_pack("{s:s, s:I, s:o, s:o}", "group", g->group,
						   "configurations", (json_int_t)g->configurations,
						   "ratio", results_build_number(g->ratio),
						   "change_pct", results_build_number(100 * (g->ratio - 1))));
	}
	return a;
}

static json_t *compare_row_json(const struct report_model_compare_row *row)
{
	json_t *counters = json_object();
	json_t *c = metric_json(&row->time);

	for (size_t k = 0; counters && k < row->nr_counters; k++)
		json_object_set_new(counters, row->counters[k].name,
				    metric_json(&row->counters[k].metric));
	if (!c || !counters) {
		json_decref(c);
		json_decref(counters);
		return NULL;
	}
	json_object_set_new(c, "name", json_string(row->name));
	json_object_set(c, "parameters", (json_t *)row->parameters);
	json_object_set_new(c, "unit", json_string("ns/page"));
	json_object_set_new(c, "counters", counters);
	if (row->has_baseline_runs)
		json_object_set_new(c, "baseline_runs",
				    strings_json(row->baseline_runs, row->nr_baseline_runs));
	return c;
}

json_t *report_model_write_compare(const struct report_model_compare *c)
{
	json_t *configs = json_array();

	for (size_t i = 0; configs && i < c->nr_rows; i++) {
		json_t *row = compare_row_json(&c->rows[i]);

		if (!row) {
			json_decref(configs);
			return NULL;
		}
		json_array_append_new(configs, row);
	}
	return json_pack("{s:i, s:o, s:o, s:{s:f, s:f, s:f, s:I, s:I, s:I, s:s, s:b, s:s?}, s:o, "
			 "s:{s:I, s:I, s:I, s:I, s:I, s:s, s:i}, s:o, s:o, s:o, s:o}",
			 "hmmbench_compare", 1,
			 "base", side_json(&c->base),
			 "new", side_json(&c->new_),
			 "options", "threshold", c->threshold, "alpha", c->alpha,
			 "ci_level", c->ci_level, "resamples", (json_int_t)c->resamples,
			 "seed", (json_int_t)c->seed, "min_samples", (json_int_t)c->min_samples,
			 "test", "mann-whitney-u", "forced", c->forced, "only", c->only,
			 "warnings", strings_json(c->warnings, c->nr_warnings),
			 "summary", "configurations", (json_int_t)c->nr_rows,
			 "same", (json_int_t)c->same, "regression", (json_int_t)c->regression,
			 "improvement", (json_int_t)c->improvement, "unknown", (json_int_t)c->unknown,
			 "verdict", c->verdict, "exit_code", c->exit_code,
			 "configurations", configs, "geomean", geomeans_json(c),
			 "only_in_base", strings_json(c->only_in_base, c->nr_only_in_base),
			 "only_in_new", strings_json(c->only_in_new, c->nr_only_in_new));
}

static json_t *formats_row_json(const struct report_model_formats_row *row)
{
	const struct report_model_metric *m = &row->m;
	json_t *o = json_pack("{s:s, s:s, s:O, s:s, s:I, s:I, s:b, s:s, s:s}", "name", row->name,
			      "convert_name", row->convert_name, "parameters", row->parameters,
			      "table", row->table, "n_convert", (json_int_t)m->n_base,
			      "n_table", (json_int_t)m->n_new, "constant", m->constant,
			      "verdict", m->verdict, "reason", m->reason);

	if (!o)
		return NULL;
	json_object_set_new(o, "unit", json_string("ns/page"));
	json_object_set_new(o, "fixed_median", results_build_number(row->fixed_median));
	json_object_set_new(o, "convert_median", results_build_number(m->base_median));
	json_object_set_new(o, "table_median", results_build_number(m->new_median));
	json_object_set_new(o, "ratio", results_build_number(m->ratio));
	json_object_set_new(o, "change_pct", change_pct(m->ratio));
	json_object_set_new(o, "ratio_ci", isnan(m->ratio_ci_low) ? json_null() :
			    json_pack("[f, f]", m->ratio_ci_low, m->ratio_ci_high));
	json_object_set_new(o, "mwu_p", results_build_number(m->mwu_p));
	return o;
}

json_t *report_model_write_formats(const struct report_model_formats *f)
{
	json_t *doc = json_pack("{s:i, s:s, s:s?, s:s?, s:s?, s:f, s:{s:f, s:f, s:I, s:I}}",
				"hmmbench_formats", 1, "file", f->file, "kernel", f->kernel,
				"mode", f->mode, "date", f->date, "threshold", f->threshold,
				"options", "alpha", f->alpha, "ci_level", f->ci_level,
				"resamples", (json_int_t)f->resamples, "seed", (json_int_t)f->seed);
	json_t *rows = json_array();

	if (!doc || !rows) {
		json_decref(doc);
		json_decref(rows);
		return NULL;
	}
	for (size_t i = 0; i < f->nr_rows; i++)
		json_array_append_new(rows, formats_row_json(&f->rows[i]));
	json_object_set_new(doc, "configurations", rows);
	json_object_set_new(doc, "unpaired", strings_json(f->unpaired, f->nr_unpaired));
	json_object_set_new(doc, "summary",
			    json_pack("{s:I, s:I, s:I, s:I, s:I}", "pairs", (json_int_t)f->nr_rows,
				      "saves", (json_int_t)f->saves, "costs", (json_int_t)f->costs,
				      "same", (json_int_t)f->same, "unknown", (json_int_t)f->unknown));
	return doc;
}
