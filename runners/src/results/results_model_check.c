// SPDX-License-Identifier: GPL-2.0
/* The schema's rules for the fields the model reads (results_model_check.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/results_model_check.h"
#include "util/errmsg.h"

/* json_int_t is long long (jansson's JSON_INTEGER_IS_LONG_LONG). */
#define INT_MAX_JSON	((json_int_t)INT64_MAX)
#define INT_MIN_JSON	((json_int_t)INT64_MIN)

struct checker {
	const char *path;
	char *err;
	size_t errlen;
	char where[200];
};

static int fail(struct checker *c, const char *field, const char *what)
{
	errmsg_set(c->err, c->errlen, "%s: %s: %s: %s", c->path, c->where, field, what);
	return -EINVAL;
}

/* Rules a value may have to meet; a field is checked only for the ones given. */
enum rule {
	REQUIRED = 1,		/* absent fails */
	NULLABLE = 2,		/* null passes */
};

/*
 * @field of @obj when it must be checked further, checked to be of @type
 * (JSON_REAL: any number); NULL when it is absent or null and @rules allow
 * that (*ret 0), or when it is missing or of another type (*ret set).
 */
static const json_t *field_of(struct checker *c, const json_t *obj, const char *field,
			      int rules, json_type type, const char *what, int *ret)
{
	const json_t *v = json_object_get(obj, field);

	*ret = 0;
	if (!v && (rules & REQUIRED))
		*ret = fail(c, field, "missing");
	if (!v || (json_is_null(v) && (rules & NULLABLE)))
		return NULL;
	if (json_typeof(v) != type && !(type == JSON_REAL && json_is_number(v))) {
		*ret = fail(c, field, what);
		return NULL;
	}
	return v;
}

static int check_string(struct checker *c, const json_t *obj, const char *field, int rules)
{
	int ret;
	const json_t *v = field_of(c, obj, field, rules, JSON_STRING, "expected a string", &ret);

	if (v && !(rules & NULLABLE) && !json_string_length(v))
		return fail(c, field, "must not be empty");
	return ret;
}

/* An integer in [min, max]. */
static int check_integer(struct checker *c, const json_t *obj, const char *field, int rules,
			 json_int_t min, json_int_t max)
{
	int ret;
	const json_t *v = field_of(c, obj, field, rules, JSON_INTEGER, "expected an integer", &ret);

	if (v && (json_integer_value(v) < min || json_integer_value(v) > max))
		return fail(c, field, "out of range");
	return ret;
}

static int check_number(struct checker *c, const json_t *obj, const char *field, int rules)
{
	int ret;

	field_of(c, obj, field, rules, JSON_REAL, "expected a number", &ret);
	return ret;
}

/* An array of numbers; @min_items 1 for the ones that must not be empty. */
static int check_numbers(struct checker *c, const json_t *obj, const char *field, int rules,
			 size_t min_items)
{
	static const char what[] = "expected an array of numbers";
	int ret;
	const json_t *a = field_of(c, obj, field, rules, JSON_ARRAY, what, &ret), *v;
	size_t i;

	if (a && json_array_size(a) < min_items)
		return fail(c, field, what);
	json_array_foreach(a, i, v)
		if (!json_is_number(v))
			return fail(c, field, what);
	return ret;
}

/* A number of @obj at least @min, or (with @below_one) also below 1 and above @min. */
static int check_bounded(struct checker *c, const json_t *obj, const char *field, int rules,
			 double min, int below_one)
{
	int ret;
	const json_t *v = field_of(c, obj, field, rules, JSON_REAL, "expected a number", &ret);

	if (v && below_one && (json_number_value(v) <= min || json_number_value(v) >= 1))
		return fail(c, field, "must be between 0 and 1");
	if (v && json_number_value(v) < min)
		return fail(c, field, "must not be negative");
	return ret;
}

/* A string of @obj that is one of @values (NULL-terminated). */
static int check_enum(struct checker *c, const json_t *obj, const char *field, int rules,
		      const char *const *values)
{
	int ret;
	const json_t *v = field_of(c, obj, field, rules, JSON_STRING, "expected a string", &ret);

	if (!v)
		return ret;
	for (size_t i = 0; values[i]; i++)
		if (!strcmp(json_string_value(v), values[i]))
			return 0;
	return fail(c, field, "not one of the values the schema allows");
}

/* @obj has no key but @keys (NULL-terminated): the schema's "additionalProperties": false. */
static int check_closed(struct checker *c, const json_t *obj, const char *const *keys)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		size_t i = 0;

		while (keys[i] && strcmp(keys[i], key))
			i++;
		if (!keys[i])
			return fail(c, key, "not a field of this object");
	}
	return 0;
}

/* Checks of @obj.@field, an object, with "@field" added to the place while they run. */
static int check_object_at(struct checker *c, const json_t *obj, const char *field,
			   int (*each)(struct checker *c, const json_t *o))
{
	const json_t *o = json_object_get(obj, field);
	size_t len = strlen(c->where);
	int ret;

	if (!json_is_object(o))
		return fail(c, field, o ? "expected an object" : "missing");
	snprintf(c->where + len, sizeof(c->where) - len, ".%s", field);
	ret = each(c, o);
	c->where[len] = '\0';
	return ret;
}

static int check_date(struct checker *c, const json_t *ctx)
{
	const char *d = json_string_value(json_object_get(ctx, "date"));
	/* ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$, digit by digit. */
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	int ret = check_string(c, ctx, "date", REQUIRED);

	if (ret)
		return ret;
	if (strlen(d) != sizeof(shape) - 1)
		return fail(c, "date", "expected YYYY-MM-DDTHH:MM:SSZ");
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != shape[i])
			return fail(c, "date", "expected YYYY-MM-DDTHH:MM:SSZ");
	return 0;
}

/*
 * The optional array @field of @obj: each entry an object meeting @each,
 * with the place named "@where[i]".
 */
static int check_entries(struct checker *c, const json_t *obj, const char *field,
			 const char *where, int (*each)(struct checker *c, const json_t *e))
{
	const json_t *a = json_object_get(obj, field), *e;
	size_t i;
	int ret;

	if (!a)
		return 0;
	if (!json_is_array(a))
		return fail(c, field, "expected an array");
	json_array_foreach(a, i, e) {
		snprintf(c->where, sizeof(c->where), "%s[%zu]", where, i);
		if (!json_is_object(e))
			return fail(c, "(entry)", "expected an object");
		if ((ret = each(c, e)))
			return ret;
	}
	return 0;
}

/* A merged_from entry; its file is absent in documents merged before it was recorded. */
static int check_source(struct checker *c, const json_t *e)
{
	const json_t *file = json_object_get(e, "file");
	int ret;

	if (file && !json_is_string(file))
		return fail(c, "file", "expected a string");
	if ((ret = check_string(c, e, "date", NULLABLE)) ||
	    (ret = check_integer(c, e, "seed", NULLABLE, INT_MIN_JSON, INT_MAX_JSON)) ||
	    (ret = check_string(c, e, "hmmbench_git_rev", NULLABLE)) ||
	    (ret = check_string(c, e, "kernel_release", NULLABLE)))
		return ret;
	return check_integer(c, e, "configurations", REQUIRED, 0, INT_MAX_JSON);
}

/* kernel.config: CONFIG_ names, each a string or null. */
static int check_kconfig(struct checker *c, const json_t *config)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)config, key, v) {
		size_t n = strlen(key);

		if (n <= 7 || strncmp(key, "CONFIG_", 7) ||
		    strspn(key + 7, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") !=
		    n - 7)
			return fail(c, key, "not a CONFIG_ option name");
		if (!json_is_string(v) && !json_is_null(v))
			return fail(c, key, "expected a string or null");
	}
	return 0;
}

static int check_kernel(struct checker *c, const json_t *kernel)
{
	int ret = check_string(c, kernel, "release", REQUIRED | NULLABLE);

	return ret ? ret : check_object_at(c, kernel, "config", check_kconfig);
}

static int check_module(struct checker *c, const json_t *module)
{
	static const char *const names[] = { "map_order", "flag_table", "raw_entries", "inject",
					     NULL };
	const json_t *features = json_object_get(module, "features"), *f;
	size_t i;
	int ret;

	if ((ret = check_integer(c, module, "abi_version", REQUIRED, 1, INT_MAX_JSON)) ||
	    (ret = check_string(c, module, "version", REQUIRED | NULLABLE)) ||
	    (ret = check_string(c, module, "build_release", REQUIRED | NULLABLE)) ||
	    (ret = check_integer(c, module, "page_shift", REQUIRED, 0, INT_MAX_JSON)) ||
	    (ret = check_integer(c, module, "inject_ns_per_page", 0, 0, 100000)))
		return ret;
	if (!json_is_array(features))
		return fail(c, "features", features ? "expected an array" : "missing");
	json_array_foreach(features, i, f) {
		size_t k = 0;

		while (names[k] && (!json_is_string(f) || strcmp(names[k], json_string_value(f))))
			k++;
		if (!names[k])
			return fail(c, "features", "not one of the features the schema allows");
		for (size_t j = 0; j < i; j++)
			if (json_equal(f, json_array_get(features, j)))
				return fail(c, "features", "must not repeat");
	}
	return 0;
}

static int check_binding(struct checker *c, const json_t *b)
{
	int ret;

	if ((ret = check_string(c, b, "requested", REQUIRED | NULLABLE)) ||
	    (ret = check_string(c, b, "cpuset", REQUIRED | NULLABLE)) ||
	    (ret = check_string(c, b, "nodeset", REQUIRED | NULLABLE)) ||
	    (ret = check_string(c, b, "sched_policy", REQUIRED | NULLABLE)))
		return ret;
	return check_integer(c, b, "sched_priority", REQUIRED, INT_MIN_JSON, INT_MAX_JSON);
}

static int check_thp(struct checker *c, const json_t *thp)
{
	int ret = check_string(c, thp, "enabled", REQUIRED | NULLABLE);

	return ret ? ret : check_string(c, thp, "defrag", REQUIRED | NULLABLE);
}

static int check_hugetlb(struct checker *c, const json_t *h)
{
	int ret;

	if ((ret = check_integer(c, h, "nr_pages", REQUIRED | NULLABLE, 0, INT_MAX_JSON)) ||
	    (ret = check_integer(c, h, "free_pages", REQUIRED | NULLABLE, 0, INT_MAX_JSON)))
		return ret;
	return check_integer(c, h, "page_size_kb", REQUIRED | NULLABLE, 0, INT_MAX_JSON);
}

/* The machine's side of the context: where the run's memory and threads were. */
static int check_machine(struct checker *c, const json_t *ctx)
{
	const json_t *argv = json_object_get(ctx, "command_line"), *v;
	size_t i;
	int ret;

	if ((ret = check_string(c, ctx, "qemu_options", NULLABLE)) ||
	    (ret = check_string(c, ctx, "topology", REQUIRED | NULLABLE)) ||
	    (ret = check_string(c, ctx, "clocksource", REQUIRED | NULLABLE)) ||
	    (ret = check_object_at(c, ctx, "binding", check_binding)) ||
	    (ret = check_object_at(c, ctx, "thp", check_thp)) ||
	    (ret = check_object_at(c, ctx, "hugetlb", check_hugetlb)))
		return ret;
	if (!json_is_array(argv))
		return fail(c, "command_line", argv ? "expected an array" : "missing");
	json_array_foreach(argv, i, v)
		if (!json_is_string(v))
			return fail(c, "command_line", "expected strings");
	return 0;
}

static int check_context(struct checker *c, const json_t *ctx)
{
	const json_t *module = json_object_get(ctx, "module");
	int ret;

	snprintf(c->where, sizeof(c->where), "context");
	if ((ret = check_string(c, ctx, "hmmbench_version", REQUIRED)) ||
	    (ret = check_string(c, ctx, "hmmbench_git_rev", REQUIRED)) ||
	    (ret = check_date(c, ctx)) ||
	    (ret = check_string(c, ctx, "host_name", NULLABLE)) ||
	    (ret = check_string(c, ctx, "cpu_model", REQUIRED | NULLABLE)) ||
	    (ret = check_integer(c, ctx, "num_cpus", REQUIRED | NULLABLE, 0, INT_MAX_JSON)) ||
	    (ret = check_integer(c, ctx, "seed", REQUIRED, 0, INT_MAX_JSON)))
		return ret;
	if ((ret = check_object_at(c, ctx, "kernel", check_kernel)))
		return ret;
	if (!module)
		return fail(c, "module", "missing");
	if (!json_is_null(module)) {
		if (!json_is_object(module))
			return fail(c, "module", "expected an object or null");
		if ((ret = check_object_at(c, ctx, "module", check_module)))
			return ret;
	}
	if ((ret = check_machine(c, ctx)))
		return ret;
	snprintf(c->where, sizeof(c->where), "context.matrix");
	if (json_is_object(json_object_get(ctx, "matrix")) &&
	    (ret = check_string(c, json_object_get(ctx, "matrix"), "description", NULLABLE)))
		return ret;
	snprintf(c->where, sizeof(c->where), "context");
	return check_entries(c, ctx, "merged_from", "context.merged_from", check_source);
}

/* A bootstrap CI of a median ("ci" of the schema). */
static int check_ci(struct checker *c, const json_t *ci)
{
	static const char *const keys[] = { "low", "high", "level", "resamples", "seed", "method",
					    NULL };
	static const char *const methods[] = { "percentile-bootstrap", NULL };
	int ret;

	if ((ret = check_number(c, ci, "low", REQUIRED | NULLABLE)) ||
	    (ret = check_number(c, ci, "high", REQUIRED | NULLABLE)) ||
	    (ret = check_bounded(c, ci, "level", REQUIRED, 0, 1)) ||
	    (ret = check_integer(c, ci, "resamples", REQUIRED, 0, INT_MAX_JSON)) ||
	    (ret = check_integer(c, ci, "seed", REQUIRED, 0, INT_MAX_JSON)) ||
	    (ret = check_enum(c, ci, "method", REQUIRED, methods)))
		return ret;
	return check_closed(c, ci, keys);
}

static int check_fences(struct checker *c, const json_t *fences)
{
	static const char *const required[] = { "low_severe", "low_mild", "high_mild",
						"high_severe", NULL };
	const char *key;
	json_t *v;
	int ret;

	for (size_t i = 0; required[i]; i++)
		if ((ret = check_number(c, fences, required[i], REQUIRED)))
			return ret;
	json_object_foreach((json_t *)fences, key, v)
		if (!json_is_number(v))
			return fail(c, key, "expected a number");
	return 0;
}

static int check_outliers(struct checker *c, const json_t *o)
{
	static const char *const keys[] = { "q1", "q3", "iqr", "low_severe", "low_mild",
					    "high_mild", "high_severe", "fences", NULL };
	int ret;

	if ((ret = check_number(c, o, "q1", REQUIRED)) ||
	    (ret = check_number(c, o, "q3", REQUIRED)) ||
	    (ret = check_bounded(c, o, "iqr", REQUIRED, 0, 0)))
		return ret;
	for (size_t i = 3; i < 7; i++)
		if ((ret = check_integer(c, o, keys[i], REQUIRED, 0, INT_MAX_JSON)))
			return ret;
	if ((ret = check_object_at(c, o, "fences", check_fences)))
		return ret;
	return check_closed(c, o, keys);
}

/* The descriptive statistics of one series ("statistics" of the schema). */
static int check_statistics(struct checker *c, const json_t *s)
{
	static const char *const keys[] = { "unit", "n", "min", "max", "mean", "median", "p5",
					    "p95", "stddev", "cv", "mad", "median_ci", "outliers",
					    NULL };
	static const char *const units[] = { "ns", "ns/page", NULL };
	int ret;

	if ((ret = check_enum(c, s, "unit", REQUIRED, units)) ||
	    (ret = check_integer(c, s, "n", REQUIRED, 1, INT_MAX_JSON)))
		return ret;
	for (size_t i = 2; i < 8; i++)
		if ((ret = check_number(c, s, keys[i], REQUIRED)))
			return ret;
	if ((ret = check_bounded(c, s, "stddev", REQUIRED, 0, 0)) ||
	    (ret = check_number(c, s, "cv", REQUIRED | NULLABLE)) ||
	    (ret = check_bounded(c, s, "mad", REQUIRED, 0, 0)) ||
	    (ret = check_object_at(c, s, "median_ci", check_ci)) ||
	    (ret = check_object_at(c, s, "outliers", check_outliers)))
		return ret;
	return check_closed(c, s, keys);
}

/* The statistics of the conversion pass ("series" of the schema). */
static int check_series(struct checker *c, const json_t *s)
{
	static const char *const keys[] = { "statistics", "per_page", NULL };
	int ret;

	if ((ret = check_object_at(c, s, "statistics", check_statistics)) ||
	    (ret = check_object_at(c, s, "per_page", check_statistics)))
		return ret;
	return check_closed(c, s, keys);
}

static int check_warning(struct checker *c, const json_t *w)
{
	static const char *const keys[] = { "code", "message", NULL };
	static const char *const codes[] = { "few_samples", "high_cv", "min_far_from_median",
					     "max_far_from_median", NULL };
	int ret;

	if ((ret = check_enum(c, w, "code", REQUIRED, codes)) ||
	    (ret = check_string(c, w, "message", REQUIRED)))
		return ret;
	return check_closed(c, w, keys);
}

/* An iteration entry's Google Benchmark fields, its statistics and its warnings. */
static int check_iteration(struct checker *c, const json_t *e)
{
	static const char *const ns[] = { "ns", NULL };
	const json_t *convert = json_object_get(e, "convert_ns");
	const json_t *warnings = json_object_get(e, "warnings"), *w;
	size_t len = strlen(c->where), i;
	int ret;

	if ((ret = check_string(c, e, "run_name", REQUIRED)) ||
	    (ret = check_integer(c, e, "repetitions", REQUIRED, 1, INT_MAX_JSON)) ||
	    (ret = check_integer(c, e, "repetition_index", REQUIRED, 0, 0)) ||
	    (ret = check_integer(c, e, "threads", REQUIRED, 1, 1)) ||
	    (ret = check_integer(c, e, "iterations", REQUIRED, 1, 1)) ||
	    (ret = check_number(c, e, "real_time", REQUIRED)) ||
	    (ret = check_number(c, e, "cpu_time", REQUIRED)) ||
	    (ret = check_enum(c, e, "time_unit", REQUIRED, ns)) ||
	    (ret = check_integer(c, e, "samples", REQUIRED, 1, INT_MAX_JSON)) ||
	    (ret = check_object_at(c, e, "statistics", check_statistics)) ||
	    (ret = check_object_at(c, e, "per_page", check_statistics)))
		return ret;
	if (!convert)
		return fail(c, "convert_ns", "missing");
	if (!json_is_null(convert) && (ret = check_object_at(c, e, "convert_ns", check_series)))
		return ret;
	if (!json_is_array(warnings))
		return fail(c, "warnings", warnings ? "expected an array" : "missing");
	json_array_foreach(warnings, i, w) {
		snprintf(c->where + len, sizeof(c->where) - len, ".warnings[%zu]", i);
		if (!json_is_object(w))
			return fail(c, "(entry)", "expected an object");
		if ((ret = check_warning(c, w)))
			return ret;
	}
	c->where[len] = '\0';
	return 0;
}

/* Google Benchmark's aggregate entry ("aggregate" of the schema). */
static int check_aggregate(struct checker *c, const json_t *e)
{
	static const char *const keys[] = { "name", "run_name", "run_type", "repetitions",
					    "threads", "aggregate_name", "aggregate_unit",
					    "iterations", "real_time", "cpu_time", "time_unit", NULL };
	static const char *const names[] = { "mean", "median", "stddev", "cv", NULL };
	static const char *const units[] = { "time", "percentage", NULL };
	static const char *const ns[] = { "ns", NULL };
	int ret;

	if ((ret = check_string(c, e, "name", REQUIRED)) ||
	    (ret = check_string(c, e, "run_name", REQUIRED)) ||
	    (ret = check_integer(c, e, "repetitions", REQUIRED, 1, INT_MAX_JSON)) ||
	    (ret = check_integer(c, e, "threads", REQUIRED, 1, 1)) ||
	    (ret = check_enum(c, e, "aggregate_name", REQUIRED, names)) ||
	    (ret = check_enum(c, e, "aggregate_unit", REQUIRED, units)) ||
	    (ret = check_integer(c, e, "iterations", REQUIRED, 1, INT_MAX_JSON)) ||
	    (ret = check_number(c, e, "real_time", REQUIRED | NULLABLE)) ||
	    (ret = check_number(c, e, "cpu_time", REQUIRED | NULLABLE)) ||
	    (ret = check_enum(c, e, "time_unit", REQUIRED, ns)))
		return ret;
	return check_closed(c, e, keys);
}

static int check_counter(struct checker *c, const char *name, const json_t *k)
{
	const json_t *available = json_object_get(k, "available");
	int ret;

	if (!json_is_object(k))
		return fail(c, name, "expected an object");
	if (!json_is_boolean(available))
		return fail(c, name, "available: expected true or false");
	static const char *const counted[] = { "available", "per_page", "running_fraction",
					       "samples_per_page", NULL };
	static const char *const uncounted[] = { "available", "reason", NULL };

	if (json_is_false(available))
		return (ret = check_string(c, k, "reason", REQUIRED)) ? ret :
		       check_closed(c, k, uncounted);
	if ((ret = check_closed(c, k, counted)) ||
	    (ret = check_number(c, k, "per_page", REQUIRED | NULLABLE)) ||
	    (ret = check_number(c, k, "running_fraction", REQUIRED | NULLABLE)) ||
	    (ret = check_numbers(c, k, "samples_per_page", 0, 0)))
		return ret;
	if (json_is_number(json_object_get(k, "running_fraction"))) {
		double f = json_number_value(json_object_get(k, "running_fraction"));

		if (f < 0 || f > 1)
			return fail(c, "running_fraction", "must be in [0, 1]");
	}
	return 0;
}

static int check_orders(struct checker *c, const json_t *e)
{
	const json_t *orders = json_object_get(e, "orders"), *v;
	const char *key;

	if (!orders)
		return fail(c, "orders", "missing");
	if (json_is_null(orders))
		return 0;
	if (!json_is_object(orders))
		return fail(c, "orders", "expected an object or null");
	json_object_foreach((json_t *)orders, key, v) {
		char *end;
		long o = strtol(key, &end, 10);

		/* ^([0-9]|[12][0-9]|3[01])$: an order in decimal without a leading zero. */
		if (!*key || *end || o < 0 || o > 31 || (key[0] == '0' && key[1]) || key[0] == '+' ||
		    key[0] == '-' || key[0] == ' ')
			return fail(c, "orders", "keys must be mapping orders 0 to 31");
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return fail(c, "orders", "values must be positive integers");
	}
	return 0;
}

static int check_configuration(struct checker *c, const json_t *e)
{
	const json_t *retries = json_object_get(e, "retries");
	const json_t *counters = json_object_get(e, "counters");
	const json_t *notes = json_object_get(e, "notes"), *v;
	const char *key;
	size_t i;
	int ret;

	if ((ret = check_string(c, e, "name", REQUIRED)) ||
	    (ret = check_integer(c, e, "warmup", REQUIRED, 0, INT_MAX_JSON)) ||
	    (ret = check_numbers(c, e, "convert_samples_ns", REQUIRED | NULLABLE, 1)) ||
	    (ret = check_orders(c, e)))
		return ret;
	if (!json_is_object(retries))
		return fail(c, "retries", retries ? "expected an object" : "missing");
	if ((ret = check_integer(c, retries, "ebusy_total", REQUIRED, 0, INT_MAX_JSON)) ||
	    (ret = check_integer(c, retries, "read_retry_total", REQUIRED, 0, INT_MAX_JSON)) ||
	    (ret = check_integer(c, retries, "run_retries", REQUIRED, 0, INT_MAX_JSON)))
		return ret;
	json_object_foreach((json_t *)retries, key, v)
		if ((ret = check_integer(c, retries, key, 0, 0, INT_MAX_JSON)))
			return ret;
	if (!json_is_object(counters))
		return fail(c, "counters", counters ? "expected an object" : "missing");
	json_object_foreach((json_t *)counters, key, v)
		if ((ret = check_counter(c, key, v)))
			return ret;
	if (!json_is_array(notes))
		return fail(c, "notes", notes ? "expected an array" : "missing");
	json_array_foreach(notes, i, v)
		if (!json_is_string(v))
			return fail(c, "notes", "expected strings");
	return check_iteration(c, e);
}

static int check_skipped(struct checker *c, const json_t *e)
{
	static const char *const keys[] = { "name", "reason", NULL };
	int ret;

	if ((ret = check_string(c, e, "name", REQUIRED)) ||
	    (ret = check_string(c, e, "reason", REQUIRED)))
		return ret;
	return check_closed(c, e, keys);
}

int results_model_check_document(const json_t *doc, const char *path, char *err, size_t errlen)
{
	struct checker c = { path, err, errlen, "" };
	const json_t *e;
	size_t i;
	int ret;

	if ((ret = check_context(&c, json_object_get(doc, "context"))))
		return ret;
	json_array_foreach(json_object_get(doc, "benchmarks"), i, e) {
		const char *type = json_string_value(json_object_get(e, "run_type"));

		int aggregate = type && !strcmp(type, "aggregate");

		if (!aggregate && (!type || strcmp(type, "iteration")))
			continue;
		snprintf(c.where, sizeof(c.where), "benchmarks[%zu] (\"%s\")", i,
			 json_string_value(json_object_get(e, "name")));
		if ((ret = aggregate ? check_aggregate(&c, e) : check_configuration(&c, e)))
			return ret;
	}
	snprintf(c.where, sizeof(c.where), "(top level)");
	return check_entries(&c, doc, "skipped", "skipped", check_skipped);
}
