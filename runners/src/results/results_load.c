// SPDX-License-Identifier: GPL-2.0
/* Reading a results file and checking what its readers rely on. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/results_journal.h"
#include "results/results.h"
#include "results/results_load.h"
#include "util/errmsg.h"
#include "results/results_mode.h"

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
	if (results_journal_fold(doc, path)) {
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
			  "expected qemu-tcg, qemu-icount, qemu-sim, qemu-kvm, vm or native");
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

