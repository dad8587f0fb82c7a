// SPDX-License-Identifier: GPL-2.0
/* Building a results document: the context, then one configuration at a time. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hmm_bench_uapi.h"
#include "measure/facts_json.h"
#include "results/results_build.h"
#include "util/errmsg.h"
#include "results/results_mode.h"
#include "stats/stats_warning.h"
#include "util/build_info.h"


/*
 * json_object_set_new() that remembers a failure instead of checking each
 * call: a NULL value (allocation failure, NaN) sets *failed.
 */
static void put(json_t *obj, const char *key, json_t *value, int *failed)
{
	if (!value || json_object_set_new(obj, key, value))
		*failed = 1;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* JSON has no NaN or infinity: statistics that do not exist become null. */
static json_t *num(double v)
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
	return num(v);
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

static json_t *long_or_null(long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static void iso8601_utc(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (!t)
		t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *kernel_json(const struct results_context *c, int *failed)
{
	json_t *k = json_object(), *config = json_object();

	if (!k || !config) {
		json_decref(k);
		json_decref(config);
		return NULL;
	}
	put(k, "release", str_or_null(c->kernel_release), failed);
	for (size_t i = 0; i < c->nr_kconfig; i++)
		put(config, c->kconfig[i].name, str_or_null(c->kconfig[i].value), failed);
	put(k, "config", config, failed);
	return k;
}

static json_t *module_json(const struct results_context *c, int *failed)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} features[] = {
		{ HMM_BENCH_FEAT_MAP_ORDER, "map_order" },
		{ HMM_BENCH_FEAT_FLAG_TABLE, "flag_table" },
		{ HMM_BENCH_FEAT_RAW_ENTRIES, "raw_entries" },
		{ HMM_BENCH_FEAT_INJECT, "inject" },
	};
	json_t *m, *list;

	if (!c->has_module)
		return json_null();
	m = json_object();
	list = json_array();
	if (!m || !list) {
		json_decref(m);
		json_decref(list);
		return NULL;
	}
	put(m, "abi_version", json_integer(c->module_abi), failed);
	put(m, "version", str_or_null(c->module_version), failed);
	put(m, "build_release", str_or_null(c->module_build_release), failed);
	put(m, "page_shift", json_integer(c->page_shift), failed);
	put(m, "inject_ns_per_page", json_integer((json_int_t)c->module_inject_ns_per_page), failed);
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if ((c->module_features & features[i].bit) &&
		    json_array_append_new(list, json_string(features[i].name)))
			*failed = 1;
	put(m, "features", list, failed);
	return m;
}

static json_t *binding_json(const struct results_context *c, int *failed)
{
	json_t *b = json_object();

	if (!b)
		return NULL;
	put(b, "requested", str_or_null(c->binding_requested), failed);
	put(b, "cpuset", str_or_null(c->binding_cpuset), failed);
	put(b, "nodeset", str_or_null(c->binding_nodeset), failed);
	put(b, "sched_policy", str_or_null(c->sched_policy), failed);
	put(b, "sched_priority", json_integer(c->sched_priority), failed);
	return b;
}

static json_t *thp_json(const struct results_context *c, int *failed)
{
	json_t *thp = json_object();

	if (!thp)
		return NULL;
	put(thp, "enabled", str_or_null(c->thp_enabled), failed);
	put(thp, "defrag", str_or_null(c->thp_defrag), failed);
	return thp;
}

static json_t *hugetlb_json(const struct results_context *c, int *failed)
{
	json_t *huge = json_object();

	if (!huge)
		return NULL;
	put(huge, "nr_pages", long_or_null(c->hugetlb_nr_pages), failed);
	put(huge, "free_pages", long_or_null(c->hugetlb_free_pages), failed);
	put(huge, "page_size_kb", long_or_null(c->hugepage_size_kb), failed);
	return huge;
}

static json_t *context_json(const struct results_context *c, char *err, size_t errlen)
{
	json_t *ctx = json_object(), *argv = json_array();
	int failed = 0;
	char date[32];

	if (!ctx || !argv)
		goto nomem;
	iso8601_utc(c->date, date, sizeof(date));
	put(ctx, "hmmbench_version", json_string(build_info_version()), &failed);
	put(ctx, "hmmbench_git_rev", json_string(build_info_git_rev()), &failed);
	put(ctx, "date", json_string(date), &failed);
	put(ctx, "host_name", str_or_null(c->host_name), &failed);
	put(ctx, "mode", json_string(results_mode_name(c->mode)), &failed);
	put(ctx, "qemu_options", str_or_null(c->qemu_options), &failed);
	if (c->qemu_fallback)
		put(ctx, "qemu_fallback", json_string(c->qemu_fallback), &failed);
	if (c->machine)
		put(ctx, "machine", facts_json_tuning(c->machine), &failed);
	put(ctx, "kernel", kernel_json(c, &failed), &failed);
	put(ctx, "module", module_json(c, &failed), &failed);
	put(ctx, "cpu_model", str_or_null(c->cpu_model), &failed);
	put(ctx, "num_cpus", c->num_cpus < 0 ? json_null() : json_integer(c->num_cpus), &failed);
	put(ctx, "topology", str_or_null(c->topology), &failed);
	put(ctx, "binding", binding_json(c, &failed), &failed);
	put(ctx, "clocksource", str_or_null(c->clocksource), &failed);
	put(ctx, "thp", thp_json(c, &failed), &failed);
	put(ctx, "hugetlb", hugetlb_json(c, &failed), &failed);
	for (int i = 0; i < c->argc; i++)
		if (json_array_append_new(argv, json_string(c->argv[i] ? c->argv[i] : "")))
			failed = 1;
	put(ctx, "command_line", argv, &failed);
	argv = NULL;
	put(ctx, "seed", json_integer((json_int_t)c->seed), &failed);
	if (failed)
		goto nomem;
	return ctx;
nomem:
	json_decref(ctx);
	json_decref(argv);
	errmsg_set(err, errlen, "results: out of memory building the context");
	return NULL;
}

json_t *results_build_new(const struct results_context *ctx, char *err, size_t errlen)
{
	json_t *doc, *context;
	int failed = 0;

	if (!results_mode_name(ctx->mode)) {
		errmsg_set(err, errlen, "results: context: unknown mode %d", (int)ctx->mode);
		return NULL;
	}
	if (ctx->seed > INT64_MAX) {
		errmsg_set(err, errlen, "results: context: seed %llu is above 2^63 - 1",
			(unsigned long long)ctx->seed);
		return NULL;
	}
	context = context_json(ctx, err, errlen);
	if (!context)
		return NULL;
	doc = json_object();
	if (!doc) {
		json_decref(context);
		errmsg_set(err, errlen, "results: out of memory");
		return NULL;
	}
	put(doc, "schema_version", json_integer(RESULTS_SCHEMA_VERSION), &failed);
	put(doc, "context", context, &failed);
	put(doc, "benchmarks", json_array(), &failed);
	put(doc, "skipped", json_array(), &failed);
	if (failed) {
		json_decref(doc);
		errmsg_set(err, errlen, "results: out of memory");
		return NULL;
	}
	return doc;
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
	put(o, "low", num(ci->low), failed);
	put(o, "high", num(ci->high), failed);
	put(o, "level", num(ci->level), failed);
	put(o, "resamples", json_integer((json_int_t)ci->resamples), failed);
	put(o, "seed", json_integer((json_int_t)ci->seed), failed);
	put(o, "method", json_string("percentile-bootstrap"), failed);
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
	put(j, "q1", num(o->q1), failed);
	put(j, "q3", num(o->q3), failed);
	put(j, "iqr", num(o->iqr), failed);
	put(j, "low_severe", json_integer((json_int_t)o->low_severe), failed);
	put(j, "low_mild", json_integer((json_int_t)o->low_mild), failed);
	put(j, "high_mild", json_integer((json_int_t)o->high_mild), failed);
	put(j, "high_severe", json_integer((json_int_t)o->high_severe), failed);
	put(fences, "low_severe", num(o->low_severe_fence), failed);
	put(fences, "low_mild", num(o->low_mild_fence), failed);
	put(fences, "high_mild", num(o->high_mild_fence), failed);
	put(fences, "high_severe", num(o->high_severe_fence), failed);
	put(j, "fences", fences, failed);
	return j;
}

static json_t *statistics_json(const struct stats_summary *s, const char *unit, int *failed)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	put(o, "unit", json_string(unit), failed);
	put(o, "n", json_integer((json_int_t)s->n), failed);
	put(o, "min", num(s->min), failed);
	put(o, "max", num(s->max), failed);
	put(o, "mean", num(s->mean), failed);
	put(o, "median", num(s->median), failed);
	put(o, "p5", num(s->p5), failed);
	put(o, "p95", num(s->p95), failed);
	put(o, "stddev", num(s->stddev), failed);
	put(o, "cv", num(s->cv), failed);
	put(o, "mad", num(s->mad), failed);
	put(o, "median_ci", ci_json(&s->median_ci, failed), failed);
	put(o, "outliers", outliers_json(&s->outliers, failed), failed);
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
		put(o, "available", json_boolean(!c->unavailable), failed);
		if (c->unavailable) {
			put(o, "reason", json_string(c->unavailable), failed);
		} else {
			double per_page = c->per_page;

			if (c->samples_per_page && c->nr_samples) {
				per_page = stats_median(c->samples_per_page, c->nr_samples);
				put(o, "samples_per_page",
				    number_array(c->samples_per_page, c->nr_samples), failed);
			}
			put(o, "per_page", num(per_page), failed);
			put(o, "running_fraction", num(c->running_fraction), failed);
		}
		put(all, c->name, o, failed);
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
		put(o, key, json_integer((json_int_t)orders[i]), failed);
	}
	return o;
}

static json_t *strings_json(const char *const *s, size_t n, int *failed)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, json_string(s[i])))
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
	put(o, "statistics", statistics_json(s, "ns", failed), failed);
	put(o, "per_page", statistics_json(&pp, "ns/page", failed), failed);
	return o;
}

static json_t *iteration_entry(const struct results_benchmark *b, const struct stats_summary *s,
			       const struct stats_options *o, int *failed)
{
	json_t *e = json_object(), *total;
	json_t *retries;

	if (!e)
		return NULL;
	put(e, "name", json_string(b->name), failed);
	put(e, "run_name", json_string(b->name), failed);
	put(e, "run_type", json_string("iteration"), failed);
	put(e, "repetitions", json_integer((json_int_t)b->nr_samples), failed);
	put(e, "repetition_index", json_integer(0), failed);
	put(e, "threads", json_integer(1), failed);
	put(e, "iterations", json_integer(1), failed);
	put(e, "real_time", num(s->median), failed);
	put(e, "cpu_time", num(s->median), failed);
	put(e, "time_unit", json_string("ns"), failed);

	put(e, "parameters", json_deep_copy(b->parameters), failed);
	put(e, "pages", json_integer((json_int_t)b->pages), failed);
	put(e, "samples", json_integer((json_int_t)b->nr_samples), failed);
	put(e, "warmup", json_integer(b->warmup), failed);
	total = series_json(s, b->pages, failed);
	if (total) {
		put(e, "statistics", json_incref(json_object_get(total, "statistics")), failed);
		put(e, "per_page", json_incref(json_object_get(total, "per_page")), failed);
		json_decref(total);
	} else {
		*failed = 1;
	}
	put(e, "warnings", warnings_json(s, failed), failed);
	if (b->convert_ns) {
		struct stats_summary cs = stats_summary_compute(b->convert_ns, b->nr_samples, o);

		put(e, "convert_ns", series_json(&cs, b->pages, failed), failed);
	} else {
		put(e, "convert_ns", json_null(), failed);
	}
	retries = json_pack("{s:I, s:I, s:I}", "ebusy_total", (json_int_t)b->ebusy_total,
			    "read_retry_total", (json_int_t)b->read_retry_total,
			    "run_retries", (json_int_t)b->run_retries);
	put(e, "retries", retries, failed);
	put(e, "orders", orders_json(b->orders, failed), failed);
	put(e, "counters", counters_json(b, failed), failed);
	put(e, "notes", strings_json(b->notes, b->nr_notes, failed), failed);
	put(e, "samples_ns", number_array(b->samples_ns, b->nr_samples), failed);
	if (b->run_sizes && b->nr_runs >= 2) {
		json_t *runs = json_array();

		for (size_t r = 0; runs && r < b->nr_runs; r++)
			json_array_append_new(runs, json_integer((json_int_t)b->run_sizes[r]));
		put(e, "runs_samples", runs, failed);
	}
	put(e, "convert_samples_ns",
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
		put(e, "name", json_string(name), &failed);
		put(e, "run_name", json_string(b->name), &failed);
		put(e, "run_type", json_string("aggregate"), &failed);
		put(e, "repetitions", json_integer((json_int_t)b->nr_samples), &failed);
		put(e, "threads", json_integer(1), &failed);
		put(e, "aggregate_name", json_string(aggregate), &failed);
		put(e, "aggregate_unit", json_string(is_percentage ? "percentage" : "time"), &failed);
		put(e, "iterations", json_integer((json_int_t)b->nr_samples), &failed);
		put(e, "real_time", num(value), &failed);
		put(e, "cpu_time", num(value), &failed);
		put(e, "time_unit", json_string("ns"), &failed);
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


int results_build_context_set(json_t *doc, const char *key, json_t *value)
{
	json_t *ctx = json_object_get(doc, "context");

	if (!value || !json_is_object(ctx)) {
		json_decref(value);
		return -1;
	}
	return json_object_set_new(ctx, key, value);
}
