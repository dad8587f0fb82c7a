// SPDX-License-Identifier: GPL-2.0
/* Building a results document: the context, then one configuration at a time. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmm_bench_uapi.h"
#include "results/results_build.h"
#include "util/errmsg.h"
#include "stats/stats_warning.h"


/*
 * json_object_set_new() that remembers a failure instead of checking each
 * call: a NULL value (allocation failure, NaN) sets *failed.
 */
void results_build_put(json_t *obj, const char *key, json_t *value, int *failed)
{
	if (!value || json_object_set_new(obj, key, value))
		*failed = 1;
}

/* JSON has no NaN or infinity: statistics that do not exist become null. */
json_t *results_build_number(double v)
{
	if (!isfinite(v))
		return json_null();
	return json_real(v);
}

/* Integral sample values print as integers: shorter and exact. */
static json_t *sample_value(double v)
{
	if (isfinite(v) && v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return results_build_number(v);
}

static json_t *number_array(const double *x, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++) {
		if (json_array_append_new(a, sample_value(x[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

int results_build_add_skipped(json_t *doc, const char *name, const char *reason, char *err,
			size_t errlen)
{
	json_t *skipped = json_object_get(doc, "skipped");
	json_t *entry;

	if (!json_is_array(skipped) || !name || !*name || !reason || !*reason) {
		errmsg_set(err, errlen, "results: a skipped configuration needs a name and a reason");
		return -EINVAL;
	}
	entry = json_pack("{s:s, s:s}", "name", name, "reason", reason);
	if (!entry || json_array_append_new(skipped, entry)) {
		errmsg_set(err, errlen, "results: out of memory");
		return -ENOMEM;
	}
	return 0;
}

static json_t *ci_json(const struct stats_ci *ci, int *failed)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	results_build_put(o, "low", results_build_number(ci->low), failed);
	results_build_put(o, "high", results_build_number(ci->high), failed);
	results_build_put(o, "level", results_build_number(ci->level), failed);
	results_build_put(o, "resamples", json_integer((json_int_t)ci->resamples), failed);
	results_build_put(o, "seed", json_integer((json_int_t)ci->seed), failed);
	results_build_put(o, "method", json_string("percentile-bootstrap"), failed);
	return o;
}

static json_t *outliers_json(const struct stats_outliers *o, int *failed)
{
	json_t *j = json_object(), *fences = json_object();

	if (!j || !fences) {
		json_decref(j);
		json_decref(fences);
		return NULL;
	}
	results_build_put(j, "q1", results_build_number(o->q1), failed);
	results_build_put(j, "q3", results_build_number(o->q3), failed);
	results_build_put(j, "iqr", results_build_number(o->iqr), failed);
	results_build_put(j, "low_severe", json_integer((json_int_t)o->low_severe), failed);
	results_build_put(j, "low_mild", json_integer((json_int_t)o->low_mild), failed);
	results_build_put(j, "high_mild", json_integer((json_int_t)o->high_mild), failed);
	results_build_put(j, "high_severe", json_integer((json_int_t)o->high_severe), failed);
	results_build_put(fences, "low_severe", results_build_number(o->low_severe_fence), failed);
	results_build_put(fences, "low_mild", results_build_number(o->low_mild_fence), failed);
	results_build_put(fences, "high_mild", results_build_number(o->high_mild_fence), failed);
	results_build_put(fences, "high_severe", results_build_number(o->high_severe_fence), failed);
	results_build_put(j, "fences", fences, failed);
	return j;
}

static json_t *statistics_json(const struct stats_summary *s, const char *unit, int *failed)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	results_build_put(o, "unit", json_string(unit), failed);
	results_build_put(o, "n", json_integer((json_int_t)s->n), failed);
	results_build_put(o, "min", results_build_number(s->min), failed);
	results_build_put(o, "max", results_build_number(s->max), failed);
	results_build_put(o, "mean", results_build_number(s->mean), failed);
	results_build_put(o, "median", results_build_number(s->median), failed);
	results_build_put(o, "p5", results_build_number(s->p5), failed);
	results_build_put(o, "p95", results_build_number(s->p95), failed);
	results_build_put(o, "stddev", results_build_number(s->stddev), failed);
	results_build_put(o, "cv", results_build_number(s->cv), failed);
	results_build_put(o, "mad", results_build_number(s->mad), failed);
	results_build_put(o, "median_ci", ci_json(&s->median_ci, failed), failed);
	results_build_put(o, "outliers", outliers_json(&s->outliers, failed), failed);
	return o;
}

static json_t *warnings_json(const struct stats_summary *s, int *failed)
{
	json_t *a = json_array();

	if (!a)
		return NULL;
	for (unsigned int bit = 1; bit & STATS_WARN_ALL; bit <<= 1) {
		json_t *w;
		char msg[200];

		if (!(s->warnings & bit))
			continue;
		stats_warning_message(s, bit, msg, sizeof(msg));
		w = json_pack("{s:s, s:s}", "code", stats_warning_name(bit), "message", msg);
		if (!w || json_array_append_new(a, w))
			*failed = 1;
	}
	return a;
}

static json_t *counters_json(const struct results_benchmark *b, int *failed)
{
	json_t *all = json_object();

	if (!all)
		return NULL;
	for (size_t i = 0; i < b->nr_counters; i++) {
		const struct results_counter *c = &b->counters[i];
		json_t *o = json_object();

		if (!o) {
			*failed = 1;
			break;
		}
		results_build_put(o, "available", json_boolean(!c->unavailable), failed);
		if (c->unavailable) {
			results_build_put(o, "reason", json_string(c->unavailable), failed);
		} else {
			double per_page = c->per_page;

			if (c->samples_per_page && c->nr_samples) {
				per_page = stats_median(c->samples_per_page, c->nr_samples);
				results_build_put(o, "samples_per_page",
				    number_array(c->samples_per_page, c->nr_samples), failed);
			}
			results_build_put(o, "per_page", results_build_number(per_page), failed);
			results_build_put(o, "running_fraction", results_build_number(c->running_fraction), failed);
		}
		results_build_put(all, c->name, o, failed);
	}
	return all;
}

static json_t *orders_json(const uint64_t *orders, int *failed)
{
	json_t *o;

	if (!orders)
		return json_null();
	o = json_object();
	if (!o)
		return NULL;
	for (unsigned int i = 0; i < HMM_BENCH_NR_ORDERS; i++) {
		char key[12];

		if (!orders[i])
			continue;
		snprintf(key, sizeof(key), "%u", i);
		results_build_put(o, key, json_integer((json_int_t)orders[i]), failed);
	}
	return o;
}

json_t *results_build_strings(const char *const *s, size_t n, int *failed)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, json_string(s[i] ? s[i] : "")))
			*failed = 1;
	return a;
}

/* The per-call and per-page statistics of one series, as {"statistics", "per_page"}. */
static json_t *series_json(const struct stats_summary *s, uint64_t pages, int *failed)
{
	struct stats_summary pp = stats_summary_per_page(s, (double)pages);
	json_t *o = json_object();

	if (!o)
		return NULL;
	results_build_put(o, "statistics", statistics_json(s, "ns", failed), failed);
	results_build_put(o, "per_page", statistics_json(&pp, "ns/page", failed), failed);
	return o;
}

static json_t *iteration_entry(const struct results_benchmark *b, const struct stats_summary *s,
			       const struct stats_options *o, int *failed)
{
	json_t *e = json_object(), *total;
	json_t *retries;

	if (!e)
		return NULL;
	results_build_put(e, "name", json_string(b->name), failed);
	results_build_put(e, "run_name", json_string(b->name), failed);
	results_build_put(e, "run_type", json_string("iteration"), failed);
	results_build_put(e, "repetitions", json_integer((json_int_t)b->nr_samples), failed);
	results_build_put(e, "repetition_index", json_integer(0), failed);
	results_build_put(e, "threads", json_integer(1), failed);
	results_build_put(e, "iterations", json_integer(1), failed);
	results_build_put(e, "real_time", results_build_number(s->median), failed);
	results_build_put(e, "cpu_time", results_build_number(s->median), failed);
	results_build_put(e, "time_unit", json_string("ns"), failed);

	results_build_put(e, "parameters", json_deep_copy(b->parameters), failed);
	results_build_put(e, "pages", json_integer((json_int_t)b->pages), failed);
	results_build_put(e, "samples", json_integer((json_int_t)b->nr_samples), failed);
	results_build_put(e, "warmup", json_integer(b->warmup), failed);
	total = series_json(s, b->pages, failed);
	if (total) {
		results_build_put(e, "statistics", json_incref(json_object_get(total, "statistics")), failed);
		results_build_put(e, "per_page", json_incref(json_object_get(total, "per_page")), failed);
		json_decref(total);
	} else {
		*failed = 1;
	}
	results_build_put(e, "warnings", warnings_json(s, failed), failed);
	if (b->convert_ns) {
		struct stats_summary cs = stats_summary_compute(b->convert_ns, b->nr_samples, o);

		results_build_put(e, "convert_ns", series_json(&cs, b->pages, failed), failed);
	} else {
		results_build_put(e, "convert_ns", json_null(), failed);
	}
	retries = json_pack("{s:I, s:I, s:I}", "ebusy_total", (json_int_t)b->ebusy_total,
			    "read_retry_total", (json_int_t)b->read_retry_total,
			    "run_retries", (json_int_t)b->run_retries);
	results_build_put(e, "retries", retries, failed);
	results_build_put(e, "orders", orders_json(b->orders, failed), failed);
	results_build_put(e, "counters", counters_json(b, failed), failed);
	results_build_put(e, "notes", results_build_strings(b->notes, b->nr_notes, failed), failed);
	results_build_put(e, "samples_ns", number_array(b->samples_ns, b->nr_samples), failed);
	if (b->run_sizes && b->nr_runs >= 2) {
		json_t *runs = json_array();

		for (size_t r = 0; runs && r < b->nr_runs; r++)
			json_array_append_new(runs, json_integer((json_int_t)b->run_sizes[r]));
		results_build_put(e, "runs_samples", runs, failed);
	}
	results_build_put(e, "convert_samples_ns",
	    b->convert_ns ? number_array(b->convert_ns, b->nr_samples) : json_null(), failed);
	return e;
}

/* Google Benchmark's aggregate entry: "<name>_<aggregate>", over all samples. */
static json_t *aggregate_entry(const struct results_benchmark *b, const char *aggregate,
			       double value, int is_percentage)
{
	json_t *e;
	char *name;
	int failed = 0;

	if (asprintf(&name, "%s_%s", b->name, aggregate) < 0)
		return NULL;
	e = json_object();
	if (e) {
		results_build_put(e, "name", json_string(name), &failed);
		results_build_put(e, "run_name", json_string(b->name), &failed);
		results_build_put(e, "run_type", json_string("aggregate"), &failed);
		results_build_put(e, "repetitions", json_integer((json_int_t)b->nr_samples), &failed);
		results_build_put(e, "threads", json_integer(1), &failed);
		results_build_put(e, "aggregate_name", json_string(aggregate), &failed);
		results_build_put(e, "aggregate_unit", json_string(is_percentage ? "percentage" : "time"), &failed);
		results_build_put(e, "iterations", json_integer((json_int_t)b->nr_samples), &failed);
		results_build_put(e, "real_time", results_build_number(value), &failed);
		results_build_put(e, "cpu_time", results_build_number(value), &failed);
		results_build_put(e, "time_unit", json_string("ns"), &failed);
	}
	free(name);
	if (failed) {
		json_decref(e);
		return NULL;
	}
	return e;
}

static int check_benchmark(const json_t *doc, const struct results_benchmark *b, char *err,
			   size_t errlen)
{
	const char *key, *run_name;
	size_t i;
	json_t *e, *v;

	if (!b->name || !*b->name) {
		errmsg_set(err, errlen, "results: a configuration has no name");
		return -EINVAL;
	}
	if (!json_is_object(b->parameters)) {
		errmsg_set(err, errlen, "results: %s: parameters must be a JSON object", b->name);
		return -EINVAL;
	}
	json_object_foreach((json_t *)b->parameters, key, v) {
		if (json_is_object(v) || json_is_array(v)) {
			errmsg_set(err, errlen, "results: %s: parameter values must be scalars", b->name);
			return -EINVAL;
		}
	}
	if (!b->pages || !b->nr_samples || !b->samples_ns) {
		errmsg_set(err, errlen, "results: %s: needs at least one page and one sample", b->name);
		return -EINVAL;
	}
	if (b->run_sizes && b->nr_runs >= 2) {
		size_t sum = 0;

		for (i = 0; i < b->nr_runs; i++)
			sum += b->run_sizes[i];
		if (sum != b->nr_samples) {
			errmsg_set(err, errlen, "results: %s: runs of %zu samples in all, but %zu samples",
				b->name, sum, b->nr_samples);
			return -EINVAL;
		}
	}
	for (i = 0; i < b->nr_counters; i++) {
		if (!b->counters[i].name || !*b->counters[i].name) {
			errmsg_set(err, errlen, "results: %s: counter %zu has no name", b->name, i);
			return -EINVAL;
		}
	}
	json_array_foreach(json_object_get(doc, "benchmarks"), i, e) {
		run_name = json_string_value(json_object_get(e, "run_name"));
		if (run_name && !strcmp(run_name, b->name)) {
			errmsg_set(err, errlen, "results: configuration name '%s' is already in the document",
				b->name);
			return -EINVAL;
		}
	}
	return 0;
}

int results_build_add_benchmark(json_t *doc, const struct results_benchmark *b,
			  struct stats_summary *summary, char *err, size_t errlen)
{
	struct stats_options defaults;
	const struct stats_options *o = b->stats;
	json_t *benchmarks = json_object_get(doc, "benchmarks");
	json_t *entries[5];
	struct stats_summary s;
	int failed = 0, ret;

	if (!json_is_array(benchmarks)) {
		errmsg_set(err, errlen, "results: the document has no benchmarks array");
		return -EINVAL;
	}
	ret = check_benchmark(doc, b, err, errlen);
	if (ret)
		return ret;
	if (!o) {
		stats_summary_options_default(&defaults);
		o = &defaults;
	}
	if (o->seed > INT64_MAX) {
		errmsg_set(err, errlen, "results: %s: bootstrap seed is above 2^63 - 1", b->name);
		return -EINVAL;
	}
	s = stats_summary_compute(b->samples_ns, b->nr_samples, o);
	if (s.error) {
		errmsg_set(err, errlen, "results: %s: statistics failed: %s", b->name,
			stats_strerror(s.error));
		return s.error;
	}
	entries[0] = iteration_entry(b, &s, o, &failed);
	entries[1] = aggregate_entry(b, "mean", s.mean, 0);
	entries[2] = aggregate_entry(b, "median", s.median, 0);
	entries[3] = aggregate_entry(b, "stddev", s.stddev, 0);
	entries[4] = aggregate_entry(b, "cv", s.cv, 1);
	for (int i = 0; i < 5; i++)
		failed |= !entries[i];
	if (!failed)
		for (int i = 0; i < 5; i++)
			failed |= json_array_append(benchmarks, entries[i]);
	for (int i = 0; i < 5; i++)
		json_decref(entries[i]);
	if (failed) {
		errmsg_set(err, errlen, "results: %s: out of memory", b->name);
		return -ENOMEM;
	}
	if (summary)
		*summary = s;
	return 0;
}
