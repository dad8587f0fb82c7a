// SPDX-License-Identifier: GPL-2.0
/* Pooling the samples of several results documents (merge.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hmm_bench_uapi.h"
#include "results/merge.h"
#include "results/results.h"
#include "results/results_build.h"
#include "results/results_config.h"

/* A growing array of doubles. */
struct series {
	double *v;
	size_t n;
};

static int series_add(struct series *s, const double *x, size_t n)
{
	double *grown = realloc(s->v, (s->n + n + 1) * sizeof(*s->v));

	if (!grown)
		return -ENOMEM;
	s->v = grown;
	memcpy(s->v + s->n, x, n * sizeof(*x));
	s->n += n;
	return 0;
}

static int series_add_field(struct series *s, const json_t *obj, const char *field)
{
	double *x;
	size_t n;
	int ret = results_config_samples(obj, field, &x, &n);

	if (ret)
		return ret;
	ret = series_add(s, x, n);
	free(x);
	return ret;
}

static json_int_t retry(const json_t *config, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(config, "retries"), key));
}

/* The pooled counters of the configurations @parts (n of them). */
static int pool_counters(const json_t *const *parts, size_t n, struct results_counter **out,
			 size_t *nr, struct series **store)
{
	const json_t *first = json_object_get(parts[0], "counters");
	const char *name;
	json_t *c;
	size_t k = 0;

	*out = calloc(json_object_size(first) + 1, sizeof(**out));
	*store = calloc(json_object_size(first) + 1, sizeof(**store));
	*nr = 0;
	if (!*out || !*store)
		return -ENOMEM;
	json_object_foreach((json_t *)first, name, c) {
		struct results_counter *rc = &(*out)[*nr];
		struct series *s = &(*store)[k++];
		double ratio = 1;
		int usable = 1;

		for (size_t i = 0; i < n && usable; i++) {
			const json_t *pc = json_object_get(json_object_get(parts[i], "counters"), name);
			const json_t *rf = json_object_get(pc, "running_fraction");

			if (!json_is_true(json_object_get(pc, "available"))) {
				usable = 0;
				break;
			}
			if (json_is_array(json_object_get(pc, "samples_per_page"))) {
				if (series_add_field(s, pc, "samples_per_page"))
					return -ENOMEM;
			} else {
				double v = json_number_value(json_object_get(pc, "per_page"));

				if (series_add(s, &v, 1))
					return -ENOMEM;
			}
			if (json_is_number(rf) && json_number_value(rf) < ratio)
				ratio = json_number_value(rf);
		}
		rc->name = name;
		if (!usable) {
			rc->unavailable = "unavailable in some pooled run";
		} else {
			rc->samples_per_page = s->v;
			rc->nr_samples = s->n;
			rc->running_fraction = ratio;
		}
		(*nr)++;
	}
	return 0;
}

static void orders_of(const json_t *config, uint64_t *orders, int *have)
{
	const json_t *o = json_object_get(config, "orders");
	const char *key;
	json_t *v;

	memset(orders, 0, HMM_BENCH_NR_ORDERS * sizeof(*orders));
	*have = json_is_object(o);
	json_object_foreach((json_t *)o, key, v) {
		long i = strtol(key, NULL, 10);

		if (i >= 0 && i < HMM_BENCH_NR_ORDERS)
			orders[i] = (uint64_t)json_integer_value(v);
	}
}

/*
 * Append the runs behind configuration @c (its runs_samples, or one run of
 * all its samples) to @runs, which has room for @cap entries.
 */
static int add_runs(size_t **runs, size_t *nr, size_t *cap, const json_t *c)
{
	size_t *sizes, n;
	int ret = results_config_runs(c, &sizes, &n);

	if (ret)
		return ret;
	if (*nr + n > *cap) {
		size_t want = 2 * (*nr + n);
		size_t *grown = realloc(*runs, want * sizeof(**runs));

		if (!grown) {
			free(sizes);
			return -ENOMEM;
		}
		*runs = grown;
		*cap = want;
	}
	memcpy(*runs + *nr, sizes, n * sizeof(*sizes));
	*nr += n;
	free(sizes);
	return 0;
}

/* Pool the configuration @params over every document that has it. */
static int merge_configuration(json_t *out, json_t *const *docs, size_t nr_docs,
			       const json_t *params, char *err, size_t errlen)
{
	const json_t **parts = calloc(nr_docs, sizeof(*parts));
	struct series samples = { 0 }, convert = { 0 }, *counter_store = NULL;
	struct results_counter *counters = NULL;
	struct results_benchmark b;
	struct stats_options so;
	const char **notes = NULL;
	uint64_t orders[HMM_BENCH_NR_ORDERS];
	char pooled_note[64];
	size_t *runs = NULL, nr_runs = 0, runs_cap = 0;
	size_t n = 0, nr_counters = 0, nr_notes = 0;
	int have_orders, all_convert = 1, ret = -ENOMEM;
	const json_t *first, *note;

	if (!parts)
		goto out;
	for (size_t d = 0; d < nr_docs; d++) {
		const json_t *c = results_config_find(docs[d], params);

		if (!c)
			continue;
		parts[n++] = c;
		if (series_add_field(&samples, c, "samples_ns"))
			goto out;
		ret = add_runs(&runs, &nr_runs, &runs_cap, c);
		if (ret == -EINVAL)
			snprintf(err, errlen, "merge: %s: unusable runs_samples",
				 json_string_value(json_object_get(c, "name")));
		if (ret)
			goto out;
		ret = -ENOMEM;
		if (json_is_array(json_object_get(c, "convert_samples_ns"))) {
			if (series_add_field(&convert, c, "convert_samples_ns"))
				goto out;
		} else {
			all_convert = 0;
		}
	}
	first = parts[0];
	memset(&b, 0, sizeof(b));
	b.name = json_string_value(json_object_get(first, "name"));
	b.parameters = params;
	b.pages = (uint64_t)json_integer_value(json_object_get(first, "pages"));
	b.samples_ns = samples.v;
	b.nr_samples = samples.n;
	b.run_sizes = runs;
	b.nr_runs = nr_runs;
	b.convert_ns = all_convert && convert.n == samples.n ? convert.v : NULL;
	b.warmup = (uint32_t)json_integer_value(json_object_get(first, "warmup"));
	for (size_t i = 0; i < n; i++) {
		b.ebusy_total += (uint64_t)retry(parts[i], "ebusy_total");
		b.read_retry_total += (uint64_t)retry(parts[i], "read_retry_total");
		b.run_retries += (uint32_t)retry(parts[i], "run_retries");
	}
	orders_of(first, orders, &have_orders);
	b.orders = have_orders ? orders : NULL;
	if (pool_counters(parts, n, &counters, &nr_counters, &counter_store))
		goto out;
	b.counters = counters;
	b.nr_counters = nr_counters;
	notes = calloc(json_array_size(json_object_get(first, "notes")) + 1, sizeof(*notes));
	if (!notes)
		goto out;
	/* Every note but an earlier merge's count, which the new one replaces. */
	for (size_t i = 0; (note = json_array_get(json_object_get(first, "notes"), i)); i++)
		if (json_is_string(note) && strncmp(json_string_value(note), "pooled from ", 12))
			notes[nr_notes++] = json_string_value(note);
	snprintf(pooled_note, sizeof(pooled_note), "pooled from %zu runs", nr_runs);
	notes[nr_notes++] = pooled_note;
	b.notes = notes;
	b.nr_notes = nr_notes;
	stats_summary_options_default(&so);
	so.seed = (uint64_t)json_integer_value(json_object_get(json_object_get(out, "context"),
							       "seed"));
	b.stats = &so;
	ret = results_build_add_benchmark(out, &b, NULL, err, errlen);
out:
	if (ret == -ENOMEM)
		snprintf(err, errlen, "merge: out of memory");
	for (size_t i = 0; counter_store && i < nr_counters; i++)
		free(counter_store[i].v);
	free(counter_store);
	free(counters);
	free(notes);
	free(samples.v);
	free(convert.v);
	free(runs);
	free(parts);
	return ret;
}

static const json_t *ctx_of(const json_t *doc)
{
	return json_object_get(doc, "context");
}

static const char *kernel_release(const json_t *doc)
{
	return json_string_value(json_object_get(json_object_get(ctx_of(doc), "kernel"),
						 "release"));
}

static json_t *merged_from(json_t *const *docs, const char *const *files, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++) {
		const json_t *ctx = ctx_of(docs[i]);

		json_array_append_new(a, json_pack("{s:s?, s:O?, s:O?, s:O?, s:s?, s:I}",
			"file", files ? files[i] : NULL,
			"date", json_object_get(ctx, "date"),
			"seed", json_object_get(ctx, "seed"),
			"hmmbench_git_rev", json_object_get(ctx, "hmmbench_git_rev"),
			"kernel_release", kernel_release(docs[i]),
			"configurations", (json_int_t)results_config_count(docs[i])));
	}
	return a;
}

/* Append "; " and a formatted difference to @buf (used bytes in *used). */
static void add_difference(char *buf, size_t len, size_t *used, const char *what,
			   const char *a, const char *b)
{
	int w;

	if (*used >= len)
		return;
	w = snprintf(buf + *used, len - *used, "%s%s %s vs %s", *used ? "; " : "", what,
		     a ? a : "?", b ? b : "?");
	*used += w > 0 ? (size_t)w : 0;
}

static int strings_differ(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b));
}

/*
 * The matrix a run was made from, without what differs between runs of
 * it: the five axes of context.matrix.description (from "ops" to the
 * note after the patterns). The part before them names the source with
 * its overrides (--seed N, --only ...), and the part after them the
 * samples, the seed and the counts, all of which differ between the
 * batches of one A/B; a description without the axes is used up to its
 * "; seed" part. 0 when the document has no description.
 */
static int matrix_definition(const json_t *doc, char *buf, size_t len)
{
	const char *d = json_string_value(json_object_get(json_object_get(ctx_of(doc), "matrix"),
							  "description"));
	const char *start, *end;

	if (!d)
		return 0;
	start = strstr(d, ": ops ");
	end = start ? strstr(start, " (fault ops only") : NULL;
	if (start && end) {
		start += 2;
	} else {
		start = d;
		end = strstr(d, "; seed ");
		if (!end)
			end = d + strlen(d);
	}
	snprintf(buf, len, "%.*s", (int)(end - start), start);
	return 1;
}

/* Whether every configuration of @a is in @b (paired by parameters). */
static int configurations_within(const json_t *a, const json_t *b)
{
	size_t n = results_config_count(a);

	for (size_t i = 0; i < n; i++)
		if (!results_config_find(b, json_object_get(results_config_at(a, i),
								   "parameters")))
			return 0;
	return 1;
}

static int matrices_differ(const json_t *a, const json_t *b)
{
	char da[4096], db[4096];

	if (matrix_definition(a, da, sizeof(da)) && matrix_definition(b, db, sizeof(db)))
		return strcmp(da, db) != 0;
	/* Undescribed (older or hand-made documents): a subset still pools, as ab's re-runs do. */
	return !configurations_within(a, b) && !configurations_within(b, a);
}

static void abi_text(const json_t *doc, char *buf, size_t len)
{
	const json_t *v = json_object_get(json_object_get(ctx_of(doc), "module"), "abi_version");

	if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else
		snprintf(buf, len, "?");
}

/* Everything input @i differs from input 0 in, "; "-separated; 0 when nothing. */
static size_t differences(json_t *const *docs, size_t i, char *buf, size_t len)
{
	const json_t *a = ctx_of(docs[0]), *b = ctx_of(docs[i]);
	const char *ma = json_string_value(json_object_get(a, "mode"));
	const char *mb = json_string_value(json_object_get(b, "mode"));
	const char *ca = json_string_value(json_object_get(a, "cpu_model"));
	const char *cb = json_string_value(json_object_get(b, "cpu_model"));
	char aa[32], ab[32];
	size_t used = 0;

	buf[0] = '\0';
	if (strings_differ(kernel_release(docs[0]), kernel_release(docs[i])))
		add_difference(buf, len, &used, "kernel", kernel_release(docs[0]),
			       kernel_release(docs[i]));
	if (strings_differ(ma, mb))
		add_difference(buf, len, &used, "mode", ma, mb);
	if (strings_differ(ca, cb))
		add_difference(buf, len, &used, "CPU", ca, cb);
	abi_text(docs[0], aa, sizeof(aa));
	abi_text(docs[i], ab, sizeof(ab));
	if (strcmp(aa, ab))
		add_difference(buf, len, &used, "module ABI", aa, ab);
	if (matrices_differ(docs[0], docs[i])) {
		snprintf(aa, sizeof(aa), "%zu configurations", results_config_count(docs[0]));
		snprintf(ab, sizeof(ab), "%zu", results_config_count(docs[i]));
		add_difference(buf, len, &used, "matrix", aa, ab);
	}
	return used;
}

int merge_check(json_t *const *docs, const char *const *files, size_t n, char *err,
			size_t errlen)
{
	char diff[1024];

	for (size_t i = 1; i < n; i++) {
		char first[32], other[32];

		if (!differences(docs, i, diff, sizeof(diff)))
			continue;
		snprintf(first, sizeof(first), "input 1");
		snprintf(other, sizeof(other), "input %zu", i + 1);
		snprintf(err, errlen, "%s differs from %s: %s", files ? files[i] : other,
			 files ? files[0] : first, diff);
		return -EINVAL;
	}
	return 0;
}

json_t *merge_named(json_t *const *docs, const char *const *files, size_t n, int force,
			    char *err, size_t errlen)
{
	const json_t *skipped;
	const char *mode;
	json_t *out, *ctx;
	int one_kernel = 1;

	if (!n) {
		snprintf(err, errlen, "merge: no document");
		return NULL;
	}
	skipped = json_object_get(docs[0], "skipped");
	mode = json_string_value(json_object_get(ctx_of(docs[0]), "mode"));
	for (size_t i = 1; i < n; i++) {
		const char *m = json_string_value(json_object_get(ctx_of(docs[i]), "mode"));

		if (!force && (!mode || !m || strcmp(mode, m))) {
			snprintf(err, errlen, "merge: input %zu is mode %s, input 1 is %s", i + 1,
				 m ? m : "?", mode ? mode : "?");
			return NULL;
		}
		one_kernel &= !strings_differ(kernel_release(docs[0]), kernel_release(docs[i]));
	}
	out = json_pack("{s:O, s:o, s:[], s:o}", "schema_version",
			json_object_get(docs[0], "schema_version"), "context",
			json_deep_copy(ctx_of(docs[0])), "benchmarks",
			"skipped", json_is_array(skipped) ? json_deep_copy(skipped) : json_array());
	if (!out) {
		snprintf(err, errlen, "merge: out of memory");
		return NULL;
	}
	ctx = json_object_get(out, "context");
	json_object_set_new(ctx, "merged_from", merged_from(docs, files, n));
	/* Pooled across kernels (forced): no one release is this document's; merged_from has each. */
	if (!one_kernel)
		json_object_set_new(json_object_get(ctx, "kernel"), "release", json_null());
	for (size_t d = 0; d < n; d++) {
		size_t nc = results_config_count(docs[d]);

		for (size_t i = 0; i < nc; i++) {
			const json_t *params = json_object_get(results_config_at(docs[d], i),
							       "parameters");

			if (results_config_find(out, params))
				continue;
			if (merge_configuration(out, docs, n, params, err, errlen)) {
				json_decref(out);
				return NULL;
			}
		}
	}
	return out;
}

json_t *merge_runs(json_t *const *docs, size_t n, char *err, size_t errlen)
{
	return merge_named(docs, NULL, n, 0, err, errlen);
}
