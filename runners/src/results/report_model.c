// SPDX-License-Identifier: GPL-2.0
/* Compare and formats reports read back (report_model.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/report_model.h"
#include "util/errmsg.h"

int report_model_is_report(const json_t *doc)
{
	return json_is_object(doc) && (json_object_get(doc, "hmmbench_compare") ||
				       json_object_get(doc, "hmmbench_formats"));
}

static const char *text(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static double number(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static double element(const json_t *array, size_t i)
{
	const json_t *v = json_array_get(array, i);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static int64_t count(const json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

/* The strings of @obj.@key (others read NULL); 0 or -ENOMEM. */
static int strings(const json_t *obj, const char *key, const char ***out, size_t *n)
{
	const json_t *a = json_object_get(obj, key), *v;
	size_t i;

	*n = 0;
	*out = calloc(json_array_size(a) + 1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	json_array_foreach(a, i, v)
		(*out)[(*n)++] = json_string_value(v);
	return 0;
}

/* A compare metric, or a formats row with its own names for the two sides. */
static void read_metric(const json_t *o, int formats, struct report_model_metric *m)
{
	const json_t *ci = json_object_get(o, "ratio_ci");

	m->n_base = count(o, formats ? "n_convert" : "n_base");
	m->n_new = count(o, formats ? "n_table" : "n_new");
	m->base_median = number(o, formats ? "convert_median" : "base_median");
	m->new_median = number(o, formats ? "table_median" : "new_median");
	m->ratio = number(o, "ratio");
	m->ratio_ci_low = element(ci, 0);
	m->ratio_ci_high = element(ci, 1);
	m->ratio_ci_zero_base = count(o, "ratio_ci_zero_base");
	m->mwu_p = number(o, "mwu_p");
	m->ks_p = number(o, "ks_p");
	m->constant = json_is_true(json_object_get(o, "constant"));
	m->verdict = text(o, "verdict");
	m->reason = text(o, "reason");
}

static void read_side(const json_t *o, struct report_model_side *s)
{
	s->file = text(o, "file");
	s->kernel = text(o, "kernel");
	s->mode = text(o, "mode");
	s->date = text(o, "date");
	s->hmmbench_git_rev = text(o, "hmmbench_git_rev");
	s->cpu_model = text(o, "cpu_model");
}

static int read_compare_row(const json_t *o, struct report_model_compare_row *row)
{
	const json_t *counters = json_object_get(o, "counters"), *v;
	const char *name;

	row->name = text(o, "name");
	row->parameters = json_object_get(o, "parameters");
	read_metric(o, 0, &row->time);
	row->counters = calloc(json_object_size(counters) + 1, sizeof(*row->counters));
	if (!row->counters)
		return -ENOMEM;
	json_object_foreach((json_t *)counters, name, v) {
		row->counters[row->nr_counters].name = name;
		read_metric(v, 0, &row->counters[row->nr_counters++].metric);
	}
	row->has_baseline_runs = json_is_array(json_object_get(o, "baseline_runs"));
	return strings(o, "baseline_runs", &row->baseline_runs, &row->nr_baseline_runs);
}

static int read_compare(const json_t *doc, struct report_model_compare *c)
{
	const json_t *rows = json_object_get(doc, "configurations"), *v;
	const json_t *options = json_object_get(doc, "options");
	const json_t *summary = json_object_get(doc, "summary");
	const json_t *geomeans = json_object_get(doc, "geomean");
	size_t i;

	read_side(json_object_get(doc, "base"), &c->base);
	read_side(json_object_get(doc, "new"), &c->new_);
	c->threshold = number(options, "threshold");
	c->alpha = number(options, "alpha");
	c->ci_level = number(options, "ci_level");
	c->resamples = count(options, "resamples");
	c->seed = count(options, "seed");
	c->min_samples = count(options, "min_samples");
	c->forced = json_is_true(json_object_get(options, "forced"));
	c->only = text(options, "only");
	c->same = count(summary, "same");
	c->regression = count(summary, "regression");
	c->improvement = count(summary, "improvement");
	c->unknown = count(summary, "unknown");
	c->verdict = text(summary, "verdict");
	c->exit_code = (int)count(summary, "exit_code");
	if (strings(doc, "warnings", &c->warnings, &c->nr_warnings) ||
	    strings(doc, "only_in_base", &c->only_in_base, &c->nr_only_in_base) ||
	    strings(doc, "only_in_new", &c->only_in_new, &c->nr_only_in_new))
		return -ENOMEM;
	c->rows = calloc(json_array_size(rows) + 1, sizeof(*c->rows));
	c->geomeans = calloc(json_array_size(geomeans) + 1, sizeof(*c->geomeans));
	if (!c->rows || !c->geomeans)
		return -ENOMEM;
	json_array_foreach(rows, i, v)
		if (read_compare_row(v, &c->rows[c->nr_rows++]))
			return -ENOMEM;
	json_array_foreach(geomeans, i, v) {
		struct report_model_geomean *g = &c->geomeans[c->nr_geomeans++];

		g->group = text(v, "group");
		g->configurations = count(v, "configurations");
		g->ratio = number(v, "ratio");
	}
	return 0;
}

static int read_formats(const json_t *doc, struct report_model_formats *f)
{
	const json_t *rows = json_object_get(doc, "configurations"), *v;
	const json_t *options = json_object_get(doc, "options");
	const json_t *summary = json_object_get(doc, "summary");
	size_t i;

	f->file = text(doc, "file");
	f->kernel = text(doc, "kernel");
	f->mode = text(doc, "mode");
	f->date = text(doc, "date");
	f->threshold = number(doc, "threshold");
	f->alpha = number(options, "alpha");
	f->ci_level = number(options, "ci_level");
	f->resamples = count(options, "resamples");
	f->seed = count(options, "seed");
	f->saves = count(summary, "saves");
	f->costs = count(summary, "costs");
	f->same = count(summary, "same");
	f->unknown = count(summary, "unknown");
	if (strings(doc, "unpaired", &f->unpaired, &f->nr_unpaired))
		return -ENOMEM;
	f->rows = calloc(json_array_size(rows) + 1, sizeof(*f->rows));
	if (!f->rows)
		return -ENOMEM;
	json_array_foreach(rows, i, v) {
		struct report_model_formats_row *row = &f->rows[f->nr_rows++];

		row->name = text(v, "name");
		row->convert_name = text(v, "convert_name");
		row->parameters = json_object_get(v, "parameters");
		row->table = text(v, "table");
		row->fixed_median = number(v, "fixed_median");
		read_metric(v, 1, &row->m);
	}
	return 0;
}

int report_model_read(json_t *doc, struct report_model *r, char *err, size_t errlen)
{
	int ret;

	memset(r, 0, sizeof(*r));
	if (!report_model_is_report(doc) || !json_is_array(json_object_get(doc, "configurations"))) {
		errmsg_set(err, errlen, "the report has no configurations array");
		return -EINVAL;
	}
	r->formats = json_object_get(doc, "hmmbench_formats") != NULL;
	ret = r->formats ? read_formats(doc, &r->fmt) : read_compare(doc, &r->compare);
	if (ret) {
		report_model_free(r);
		errmsg_set(err, errlen, "out of memory");
		return ret;
	}
	r->doc = json_incref(doc);
	return 0;
}

void report_model_compare_release(struct report_model_compare *c)
{
	for (size_t i = 0; c->rows && i < c->nr_rows; i++) {
		free(c->rows[i].counters);
		free(c->rows[i].baseline_runs);
	}
	free(c->rows);
	free(c->geomeans);
	free(c->warnings);
	free(c->only_in_base);
	free(c->only_in_new);
	memset(c, 0, sizeof(*c));
}

void report_model_formats_release(struct report_model_formats *f)
{
	free(f->rows);
	free(f->unpaired);
	memset(f, 0, sizeof(*f));
}

void report_model_free(struct report_model *r)
{
	report_model_compare_release(&r->compare);
	report_model_formats_release(&r->fmt);
	json_decref(r->doc);
	memset(r, 0, sizeof(*r));
}
