// SPDX-License-Identifier: GPL-2.0
/* A results document as Google Benchmark JSON, bencher BMF or LAVA lines (export.h). */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "results/export.h"
#include "results/results_build.h"
#include "results/results_model.h"
#include "stats/stats.h"

int export_format_parse(const char *s, enum export_format *f)
{
	if (!strcmp(s, "gbench"))
		*f = EXPORT_GBENCH;
	else if (!strcmp(s, "bmf"))
		*f = EXPORT_BMF;
	else if (!strcmp(s, "lava"))
		*f = EXPORT_LAVA;
	else
		return -1;
	return 0;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static json_t *gbench_context(const struct results_model_context *c)
{
	/* Unrecorded (older documents): Google Benchmark's "not known" values. */
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:b, s:[], s:[], s:s, s:s, s:i, s:s, s:s, s:s}",
			 "date", or_empty(c->date), "host_name", or_empty(c->host_name),
			 "executable", "hmmbench",
			 "num_cpus", (json_int_t)c->num_cpus,
			 "mhz_per_cpu", (json_int_t)c->max_mhz,
			 "cpu_scaling_enabled", c->cpu_scaling_enabled == 1, "caches", "load_avg",
			 "library_build_type", "release",
			 "library_version", or_empty(c->hmmbench_version),
			 "json_schema_version", 1,
			 "hmmbench_mode", or_empty(c->mode),
			 "kernel_release", or_empty(c->kernel_release),
			 "cpu_model", or_empty(c->cpu_model));
}

static json_t *gbench_entry(const char *name, const char *run_name, const char *run_type,
			    size_t family, size_t reps, double value, double pages)
{
	return json_pack("{s:s, s:I, s:i, s:s, s:s, s:I, s:i, s:I, s:f, s:f, s:s, s:o}",
			 "name", name, "family_index", (json_int_t)family,
			 "per_family_instance_index", 0, "run_name", run_name,
			 "run_type", run_type, "repetitions", (json_int_t)reps,
			 "threads", 1, "iterations", (json_int_t)1, "real_time", value,
			 "cpu_time", value, "time_unit", "ns", "ns_per_page", results_build_number(value / pages));
}

/*
 * The configuration's counters as extra keys of entry @e: sample @i's value
 * per page, or (@i == SIZE_MAX) each counter's median per page.
 */
static int gbench_counters(json_t *e, const struct results_model_config *c, size_t i)
{
	for (size_t k = 0; k < c->nr_counters; k++) {
		const struct results_model_counter *ctr = &c->counters[k];
		double v;

		if (!ctr->available)
			continue;
		if (i == SIZE_MAX)
			v = ctr->per_page;
		else if (ctr->samples_per_page && ctr->nr_samples == c->nr_samples)
			v = ctr->samples_per_page[i];
		else
			continue;
		if (isfinite(v) && json_object_set_new(e, ctr->name, json_real(v)))
			return -1;
	}
	return 0;
}

static int gbench_configuration(json_t *benchmarks, const struct results_model_config *c,
				size_t family)
{
	const char *name = c->name;
	double pages = (double)c->pages;
	static const char *const aggregates[] = { "mean", "median", "stddev", "cv" };
	const double *x = c->samples_ns;
	size_t n = c->nr_samples;

	if (!n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *e = gbench_entry(name, name, "iteration", family, n, x[i], pages);

		if (!e || json_object_set_new(e, "repetition_index", json_integer((json_int_t)i)) ||
		    gbench_counters(e, c, i) || json_array_append_new(benchmarks, e))
			return -1;
	}
	for (size_t a = 0; a < 4; a++) {
		double v = a == 0 ? stats_mean(x, n) : a == 1 ? stats_median(x, n) :
			   a == 2 ? stats_stddev(x, n) : stats_cv(x, n);
		char *agg_name;
		json_t *e;

		if (asprintf(&agg_name, "%s_%s", name, aggregates[a]) < 0)
			return -1;
		/* A percentage aggregate has no per-page figure. */
		e = gbench_entry(agg_name, name, "aggregate", family, n, isfinite(v) ? v : 0,
				 a == 3 ? NAN : pages);
		free(agg_name);
		if (!e)
			return -1;
		json_object_set_new(e, "aggregate_name", json_string(aggregates[a]));
		json_object_set_new(e, "aggregate_unit", json_string(a == 3 ? "percentage" : "time"));
		json_object_set_new(e, "iterations", json_integer((json_int_t)n));
		if (a == 3)
			json_object_del(e, "ns_per_page");
		if ((a == 1 && gbench_counters(e, c, SIZE_MAX)) || json_array_append_new(benchmarks, e))
			return -1;
	}
	return 0;
}

json_t *export_gbench(const struct results_model *m)
{
	json_t *out = json_object(), *benchmarks = json_array();

	if (!out || !benchmarks ||
	    json_object_set_new(out, "context", gbench_context(&m->context)) ||
	    json_object_set(out, "benchmarks", benchmarks))
		goto fail;
	for (size_t i = 0; i < m->nr_configs; i++)
		if (gbench_configuration(benchmarks, &m->configs[i], i))
			goto fail;
	json_decref(benchmarks);
	return out;
fail:
	json_decref(benchmarks);
	json_decref(out);
	return NULL;
}

json_t *export_bmf(const struct results_model *m)
{
	json_t *out = json_object();

	for (size_t i = 0; out && i < m->nr_configs; i++) {
		const struct results_model_config *c = &m->configs[i];
		double median, low, high;
		json_t *e;

		results_model_median_ci(c, &median, &low, &high);
		e = json_pack("{s:{s:f, s:f, s:f}}", "ns_per_page", "value", median, "lower_value",
			      low, "upper_value", high);
		for (size_t k = 0; e && k < c->nr_counters; k++) {
			const struct results_model_counter *ctr = &c->counters[k];

			if (ctr->available && isfinite(ctr->per_page) &&
			    json_object_set_new(e, ctr->name, json_pack("{s:f}", "value", ctr->per_page))) {
				json_decref(e);
				e = NULL;
			}
		}
		if (!e || json_object_set_new(out, c->name, e)) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

void export_lava_name(const char *name, char *buf, size_t len)
{
	size_t i = 0;

	if (!len)
		return;
	for (; name && *name && i + 1 < len; name++, i++) {
		unsigned char ch = (unsigned char)*name;

		buf[i] = isalnum(ch) || ch == '_' || ch == '.' || ch == '-' ? (char)ch : '_';
	}
	buf[i] = '\0';
}

int export_lava(FILE *out, const struct results_model *m)
{
	for (size_t i = 0; i < m->nr_configs; i++) {
		const struct results_model_config *c = &m->configs[i];
		double median, low, high;
		char name[256];

		results_model_median_ci(c, &median, &low, &high);
		export_lava_name(c->name, name, sizeof(name));
		if (fprintf(out, "lava-test-case %s --result pass --measurement %.3f --units ns/page\n",
			    name, median) < 0)
			return -1;
	}
	return 0;
}
