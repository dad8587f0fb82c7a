// SPDX-License-Identifier: GPL-2.0
/* The results JSON document: building, atomic writing, loading (results.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hmm_bench_uapi.h"
#include "results/results.h"
#include "util/errmsg.h"

#ifndef HMMBENCH_VERSION
#define HMMBENCH_VERSION "unknown"
#endif
#ifndef HMMBENCH_GIT_REV
#define HMMBENCH_GIT_REV "unknown"
#endif

static const char *const mode_names[] = {
	[RESULTS_MODE_QEMU_TCG] = "qemu-tcg",
	[RESULTS_MODE_QEMU_ICOUNT] = "qemu-icount",
	[RESULTS_MODE_VM] = "vm",
	[RESULTS_MODE_NATIVE] = "native",
};

#define NR_MODES (sizeof(mode_names) / sizeof(mode_names[0]))

const char *results_mode_name(enum results_mode mode)
{
	return (unsigned int)mode < NR_MODES ? mode_names[mode] : NULL;
}

int results_mode_parse(const char *label, enum results_mode *mode)
{
	for (size_t i = 0; i < NR_MODES; i++) {
		if (label && !strcmp(label, mode_names[i])) {
			*mode = (enum results_mode)i;
			return 0;
		}
	}
	return -EINVAL;
}

int results_mode_from_sysinfo(const char *sysinfo_mode, enum results_mode *mode)
{
	if (sysinfo_mode && !strcmp(sysinfo_mode, "tcg")) {
		*mode = RESULTS_MODE_QEMU_TCG;
		return 0;
	}
	if (sysinfo_mode && !strcmp(sysinfo_mode, "icount")) {
		*mode = RESULTS_MODE_QEMU_ICOUNT;
		return 0;
	}
	return results_mode_parse(sysinfo_mode, mode);
}

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
	put(ctx, "hmmbench_version", json_string(HMMBENCH_VERSION), &failed);
	put(ctx, "hmmbench_git_rev", json_string(HMMBENCH_GIT_REV), &failed);
	put(ctx, "date", json_string(date), &failed);
	put(ctx, "host_name", str_or_null(c->host_name), &failed);
	put(ctx, "mode", json_string(results_mode_name(c->mode)), &failed);
	put(ctx, "qemu_options", str_or_null(c->qemu_options), &failed);
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

json_t *results_new(const struct results_context *ctx, char *err, size_t errlen)
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

int results_add_skipped(json_t *doc, const char *name, const char *reason, char *err,
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
	struct stats_summary pp = stats_per_page(s, (double)pages);
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
		struct stats_summary cs = stats_summarize(b->convert_ns, b->nr_samples, o);

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

int results_add_benchmark(json_t *doc, const struct results_benchmark *b,
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
		stats_options_default(&defaults);
		o = &defaults;
	}
	if (o->seed > INT64_MAX) {
		errmsg_set(err, errlen, "results: %s: bootstrap seed is above 2^63 - 1", b->name);
		return -EINVAL;
	}
	s = stats_summarize(b->samples_ns, b->nr_samples, o);
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

/* "dir/name" -> "dir", "name" -> "." */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* 0, or -1 with errno set (a short write that made no progress is -EIO). */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int results_write_atomic(const json_t *doc, const char *path, char *err, size_t errlen)
{
	char *dir = dir_of(path), *tmp = NULL, *text = NULL;
	int fd = -1, dfd, ret = -ENOMEM;

	if (!dir || asprintf(&tmp, "%s/.results.tmp.XXXXXX", dir) < 0) {
		tmp = NULL;
		errmsg_set(err, errlen, "%s: out of memory", path);
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		ret = -errno;
		errmsg_set(err, errlen, "%s: cannot create a temporary file in %s: %s", path, dir,
			strerror(errno));
		goto out;
	}
	errno = 0;
	/*
	 * Encode in memory and write in one go: json_dumpfd() issues a write per
	 * token, which on a 9p share from a QEMU guest costs a round trip each.
	 * 15 significant digits: 0.95 stays "0.95"; integral samples print exactly.
	 */
	text = json_dumps(doc, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
	if (!text || write_all(fd, text, strlen(text)) || write_all(fd, "\n", 1)) {
		ret = errno ? -errno : -EIO;
		errmsg_set(err, errlen, "%s: writing %s failed: %s", path, tmp,
			errno ? strerror(errno) : "JSON encoding error");
		goto unlink;
	}
	if (fchmod(fd, 0644) || fsync(fd)) {
		ret = -errno;
		errmsg_set(err, errlen, "%s: fsync of %s failed: %s", path, tmp, strerror(errno));
		goto unlink;
	}
	if (close(fd)) {
		fd = -1;
		ret = -errno;
		errmsg_set(err, errlen, "%s: closing %s failed: %s", path, tmp, strerror(errno));
		goto unlink;
	}
	fd = -1;
	if (rename(tmp, path)) {
		ret = -errno;
		errmsg_set(err, errlen, "%s: rename from %s failed: %s", path, tmp, strerror(errno));
		goto unlink;
	}
	/* Make the rename itself durable; the data already is. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	ret = 0;
	goto out;
unlink:
	unlink(tmp);
out:
	if (fd >= 0)
		close(fd);
	free(text);
	free(tmp);
	free(dir);
	return ret;
}

static char *journal_path(const char *path)
{
	char *j = NULL;

	return asprintf(&j, "%s.journal", path) < 0 ? NULL : j;
}

static json_t *array_tail(const json_t *array, size_t from)
{
	json_t *tail = json_array();

	for (size_t i = from; tail && i < json_array_size(array); i++)
		if (json_array_append(tail, json_array_get(array, i))) {
			json_decref(tail);
			return NULL;
		}
	return tail;
}

int results_journal_sync(const json_t *doc, const char *path, struct results_journal *mark,
			 char *err, size_t errlen)
{
	const json_t *benchmarks = json_object_get(doc, "benchmarks");
	const json_t *skipped = json_object_get(doc, "skipped");
	char *jpath = journal_path(path), *line = NULL;
	json_t *delta = NULL;
	int fd = -1, ret = -ENOMEM;

	if (json_array_size(benchmarks) == mark->benchmarks &&
	    json_array_size(skipped) == mark->skipped) {
		free(jpath);
		return 0;
	}
	if (!jpath)
		goto fail;
	delta = json_pack("{s:o,s:o}", "benchmarks", array_tail(benchmarks, mark->benchmarks),
			  "skipped", array_tail(skipped, mark->skipped));
	line = delta ? json_dumps(delta, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	if (!line)
		goto fail;
	fd = open(jpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || write_all(fd, line, strlen(line)) || write_all(fd, "\n", 1) || fdatasync(fd)) {
		ret = -errno;
		errmsg_set(err, errlen, "%s: %s", jpath, strerror(errno));
		goto out;
	}
	mark->benchmarks = json_array_size(benchmarks);
	mark->skipped = json_array_size(skipped);
	ret = 0;
	goto out;
fail:
	errmsg_set(err, errlen, "%s: out of memory writing the journal", path);
out:
	if (fd >= 0)
		close(fd);
	free(line);
	json_decref(delta);
	free(jpath);
	return ret;
}

void results_journal_remove(const char *path)
{
	char *jpath = journal_path(path);

	if (jpath)
		unlink(jpath);
	free(jpath);
}

static int has_named(const json_t *array, const json_t *entry)
{
	/* An entry is known by its name, run_type and aggregate_name together. */
	static const char *const keys[] = { "name", "run_type", "aggregate_name" };
	size_t i;
	json_t *e;

	json_array_foreach(array, i, e) {
		int same = 1;

		for (size_t k = 0; k < 3 && same; k++)
			same = json_equal(json_object_get(e, keys[k]), json_object_get(entry, keys[k])) ||
			       (!json_object_get(e, keys[k]) && !json_object_get(entry, keys[k]));
		if (same)
			return 1;
	}
	return 0;
}

/* Fold PATH.journal, if any, into doc: entries it has not got yet. */
static int fold_journal(json_t *doc, const char *path)
{
	char *jpath = journal_path(path), *line = NULL;
	size_t cap = 0;
	int folded = 0;
	FILE *f;

	if (!jpath)
		return -ENOMEM;
	f = fopen(jpath, "r");
	if (!f) {
		free(jpath);
		return 0;
	}
	while (getline(&line, &cap, f) > 0) {
		json_error_t jerr;
		json_t *delta = json_loads(line, 0, &jerr);
		const char *keys[] = { "benchmarks", "skipped" };

		if (!delta) {
			/* A line cut short by the crash: what came before it stands. */
			break;
		}
		for (size_t k = 0; k < 2; k++) {
			json_t *into = json_object_get(doc, keys[k]);
			size_t i;
			json_t *e;

			json_array_foreach(json_object_get(delta, keys[k]), i, e)
				if (json_is_array(into) && !has_named(into, e)) {
					json_array_append(into, e);
					folded = 1;
				}
		}
		json_decref(delta);
	}
	free(line);
	fclose(f);
	free(jpath);
	if (folded)
		json_object_set_new(json_object_get(doc, "context"), "recovered_from_journal",
				    json_true());
	return 0;
}

/* Loader checks: each sets err naming file, place and field. */
struct loader {
	const char *path;
	char *err;
	size_t errlen;
};

static int load_fail(const struct loader *l, const char *where, const char *field,
		     const char *what)
{
	errmsg_set(l->err, l->errlen, "%s: %s%s%s: %s", l->path, where, *where ? ": " : "", field,
		what);
	return -EINVAL;
}

static int need(const struct loader *l, const char *where, const json_t *obj,
		const char *field, json_type type, const char *what)
{
	const json_t *v = json_object_get(obj, field);

	if (!v)
		return load_fail(l, where, field, "missing");
	if (json_typeof(v) != type && !(type == JSON_REAL && json_is_number(v)))
		return load_fail(l, where, field, what);
	return 0;
}

static int check_number_array(const struct loader *l, const char *where, const json_t *obj,
			      const char *field)
{
	const json_t *a = json_object_get(obj, field), *v;
	size_t i;

	if (!json_is_array(a) || !json_array_size(a))
		return load_fail(l, where, field, "expected a non-empty array of numbers");
	json_array_foreach(a, i, v)
		if (!json_is_number(v))
			return load_fail(l, where, field, "expected a non-empty array of numbers");
	return 0;
}

/* Optional "runs_samples": positive integers summing to the number of samples. */
static int check_runs_samples(const struct loader *l, const char *where, const json_t *e)
{
	const json_t *runs = json_object_get(e, "runs_samples"), *v;
	json_int_t sum = 0;
	size_t i;

	if (!runs)
		return 0;
	if (!json_is_array(runs) || json_array_size(runs) < 2)
		return load_fail(l, where, "runs_samples", "expected an array of at least 2 counts");
	json_array_foreach(runs, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return load_fail(l, where, "runs_samples", "expected positive integers");
		sum += json_integer_value(v);
	}
	if (sum != (json_int_t)json_array_size(json_object_get(e, "samples_ns")))
		return load_fail(l, where, "runs_samples", "does not add up to the number of samples");
	return 0;
}

static int check_configuration(const struct loader *l, const json_t *e, const char *where)
{
	const json_t *stats, *v;
	const char *key;
	int ret;

	if ((ret = need(l, where, e, "parameters", JSON_OBJECT, "expected an object")) ||
	    (ret = need(l, where, e, "pages", JSON_INTEGER, "expected an integer")) ||
	    (ret = need(l, where, e, "statistics", JSON_OBJECT, "expected an object")) ||
	    (ret = need(l, where, e, "per_page", JSON_OBJECT, "expected an object")) ||
	    (ret = check_number_array(l, where, e, "samples_ns")))
		return ret;
	json_object_foreach((json_t *)json_object_get(e, "parameters"), key, v)
		if (json_is_object(v) || json_is_array(v))
			return load_fail(l, where, "parameters", "values must be scalars");
	if (json_integer_value(json_object_get(e, "pages")) < 1)
		return load_fail(l, where, "pages", "must be at least 1");
	stats = json_object_get(e, "statistics");
	if ((ret = need(l, where, stats, "median", JSON_REAL, "statistics.median: expected a number")))
		return ret;
	v = json_object_get(e, "counters");
	if (v && !json_is_object(v))
		return load_fail(l, where, "counters", "expected an object");
	return check_runs_samples(l, where, e);
}

json_t *results_load(const char *path, char *err, size_t errlen)
{
	struct loader l = { path, err, errlen };
	json_t *doc, *ctx, *benchmarks, *e;
	json_error_t jerr;
	json_int_t version;
	enum results_mode mode;
	size_t i;

	doc = json_load_file(path, 0, &jerr);
	if (!doc) {
		/* jansson reports line -1 when the file could not be read at all. */
		if (jerr.line < 0)
			errmsg_set(err, errlen, "%s", jerr.text);
		else
			errmsg_set(err, errlen, "%s:%d:%d: %s", path, jerr.line,
				jerr.column, jerr.text);
		return NULL;
	}
	if (!json_is_object(doc)) {
		load_fail(&l, "", "(top level)", "expected an object");
		goto bad;
	}
	if (fold_journal(doc, path)) {
		errmsg_set(err, errlen, "%s: out of memory reading its journal", path);
		goto bad;
	}
	if (need(&l, "", doc, "schema_version", JSON_INTEGER, "expected an integer"))
		goto bad;
	version = json_integer_value(json_object_get(doc, "schema_version"));
	if (version != RESULTS_SCHEMA_VERSION) {
		errmsg_set(err, errlen, "%s: schema_version %lld is not the %d this hmmbench reads", path,
			(long long)version, RESULTS_SCHEMA_VERSION);
		goto bad;
	}
	if (need(&l, "", doc, "context", JSON_OBJECT, "expected an object") ||
	    need(&l, "", doc, "benchmarks", JSON_ARRAY, "expected an array"))
		goto bad;
	ctx = json_object_get(doc, "context");
	if (need(&l, "context", ctx, "mode", JSON_STRING, "expected a string") ||
	    need(&l, "context", ctx, "hmmbench_version", JSON_STRING, "expected a string"))
		goto bad;
	if (results_mode_parse(json_string_value(json_object_get(ctx, "mode")), &mode)) {
		load_fail(&l, "context", "mode",
			  "expected qemu-tcg, qemu-icount, vm or native");
		goto bad;
	}
	benchmarks = json_object_get(doc, "benchmarks");
	json_array_foreach(benchmarks, i, e) {
		char where[200];
		const char *name = json_string_value(json_object_get(e, "name"));
		const char *type = json_string_value(json_object_get(e, "run_type"));

		snprintf(where, sizeof(where), "benchmarks[%zu] (\"%s\")", i, name ? name : "?");
		if (!json_is_object(e)) {
			load_fail(&l, where, "(entry)", "expected an object");
			goto bad;
		}
		if (need(&l, where, e, "name", JSON_STRING, "expected a string") ||
		    need(&l, where, e, "run_type", JSON_STRING, "expected a string"))
			goto bad;
		if (strcmp(type, "iteration") && strcmp(type, "aggregate")) {
			load_fail(&l, where, "run_type", "expected \"iteration\" or \"aggregate\"");
			goto bad;
		}
		if (!strcmp(type, "iteration") && check_configuration(&l, e, where))
			goto bad;
	}
	return doc;
bad:
	json_decref(doc);
	return NULL;
}

static int is_configuration(const json_t *e)
{
	const char *type = json_string_value(json_object_get(e, "run_type"));

	return type && !strcmp(type, "iteration");
}

size_t results_nr_configurations(const json_t *doc)
{
	size_t i, n = 0;
	json_t *e;

	json_array_foreach(json_object_get(doc, "benchmarks"), i, e)
		n += is_configuration(e);
	return n;
}

json_t *results_configuration(const json_t *doc, size_t index)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(doc, "benchmarks"), i, e)
		if (is_configuration(e) && index-- == 0)
			return e;
	return NULL;
}

json_t *results_find_configuration(const json_t *doc, const json_t *parameters)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(doc, "benchmarks"), i, e)
		if (is_configuration(e) && json_equal(json_object_get(e, "parameters"), (json_t *)parameters))
			return e;
	return NULL;
}

char *results_parameters_key(const json_t *config)
{
	return json_dumps(json_object_get(config, "parameters"), JSON_SORT_KEYS | JSON_COMPACT);
}

int results_config_samples(const json_t *config, const char *field, double **out, size_t *n)
{
	const json_t *a = json_object_get(config, field), *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!json_is_array(a) || !json_array_size(a))
		return -EINVAL;
	*out = malloc(json_array_size(a) * sizeof(**out));
	if (!*out)
		return -ENOMEM;
	json_array_foreach(a, i, v) {
		if (!json_is_number(v)) {
			free(*out);
			*out = NULL;
			return -EINVAL;
		}
		(*out)[i] = json_number_value(v);
	}
	*n = json_array_size(a);
	return 0;
}

int results_config_per_page(const json_t *config, double **out, size_t *n)
{
	double pages = (double)json_integer_value(json_object_get(config, "pages"));
	int ret = results_config_samples(config, "samples_ns", out, n);

	if (ret)
		return ret;
	if (!(pages > 0)) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -EINVAL;
	}
	for (size_t i = 0; i < *n; i++)
		(*out)[i] /= pages;
	return 0;
}

int results_config_runs(const json_t *config, size_t **sizes, size_t *n)
{
	const json_t *runs = json_object_get(config, "runs_samples"), *v;
	size_t nr = json_is_array(runs) ? json_array_size(runs) : 0, i, sum = 0;

	*sizes = malloc((nr ? nr : 1) * sizeof(**sizes));
	*n = 0;
	if (!*sizes)
		return -ENOMEM;
	if (!nr) {
		(*sizes)[0] = json_array_size(json_object_get(config, "samples_ns"));
		*n = 1;
		return 0;
	}
	json_array_foreach(runs, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			free(*sizes);
			*sizes = NULL;
			return -EINVAL;
		}
		(*sizes)[i] = (size_t)json_integer_value(v);
		sum += (*sizes)[i];
	}
	if (sum != json_array_size(json_object_get(config, "samples_ns"))) {
		free(*sizes);
		*sizes = NULL;
		return -EINVAL;
	}
	*n = nr;
	return 0;
}
