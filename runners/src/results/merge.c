// SPDX-License-Identifier: GPL-2.0
/* Pooling the samples of several results documents (merge.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/merge.h"
#include "results/results_model.h"
#include "results/results_model_write.h"

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

/*
 * The inputs as models, each taking a reference to its document. 0, or
 * -EINVAL/-ENOMEM with err set and nothing left to free.
 */
static int models_of(json_t *const *docs, size_t n, struct results_model **out, char *err,
		     size_t errlen)
{
	struct results_model *m = calloc(n + 1, sizeof(*m));
	int ret;

	*out = m;
	if (!m) {
		snprintf(err, errlen, "merge: out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		ret = results_model_from_json(docs[i], &m[i], err, errlen);
		if (ret) {
			while (i--)
				results_model_free(&m[i]);
			free(m);
			*out = NULL;
			return ret;
		}
	}
	return 0;
}

static void models_free(struct results_model *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++)
		results_model_free(&m[i]);
	free(m);
}

/* The pooled counters of the configurations @parts (n of them), into @into. */
static int pool_counters(const struct results_model_config *const *parts, size_t n,
			 struct results_model_config *into)
{
	const struct results_model_config *first = parts[0];

	into->counters = calloc(first->nr_counters + 1, sizeof(*into->counters));
	if (!into->counters)
		return -ENOMEM;
	for (size_t k = 0; k < first->nr_counters; k++) {
		struct results_model_counter *rc = &into->counters[into->nr_counters++];
		struct series s = { 0 };
		double ratio = 1;
		int usable = 1;

		rc->name = first->counters[k].name;
		for (size_t i = 0; i < n && usable; i++) {
			const struct results_model_counter *pc = results_model_counter(parts[i],
										       rc->name);

			if (!pc || !pc->available) {
				usable = 0;
				break;
			}
			if (pc->has_samples) {
				if (!pc->samples_per_page ||
				    series_add(&s, pc->samples_per_page, pc->nr_samples))
					goto fail;
			} else {
				/* A per-page value that is not a number counts as 0, as it always has. */
				double v = isnan(pc->per_page) ? 0 : pc->per_page;

				if (series_add(&s, &v, 1))
					goto fail;
			}
			if (!isnan(pc->running_fraction) && pc->running_fraction < ratio)
				ratio = pc->running_fraction;
		}
		if (!usable) {
			free(s.v);
			rc->reason = "unavailable in some pooled run";
		} else {
			rc->available = 1;
			rc->has_samples = 1;
			rc->samples_per_page = s.v;
			rc->nr_samples = s.n;
			rc->per_page = NAN;
			rc->running_fraction = ratio;
		}
		continue;
fail:
		free(s.v);
		return -ENOMEM;
	}
	return 0;
}

/* Append the runs behind configuration @c to @into's runs. */
static int add_runs(struct results_model_config *into, const struct results_model_config *c)
{
	size_t *grown = realloc(into->run_sizes, (into->nr_runs + c->nr_runs + 1) *
				sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	into->run_sizes = grown;
	memcpy(grown + into->nr_runs, c->run_sizes, c->nr_runs * sizeof(*grown));
	into->nr_runs += c->nr_runs;
	return 0;
}

/* What pool_configuration() allocated in @c. */
static void pooled_free(struct results_model_config *c)
{
	for (size_t k = 0; k < c->nr_counters; k++)
		free(c->counters[k].samples_per_page);
	free(c->counters);
	free((double *)c->samples_ns);
	free(c->convert_ns);
	free(c->run_sizes);
	free(c->notes);
	free(c->parameters_key);
	memset(c, 0, sizeof(*c));
}

/*
 * Pool configuration @want over every input that has it into @into, whose
 * @note (room for 64 bytes) becomes its "pooled from N runs" note.
 */
static int pool_configuration(struct results_model_config *into, char *note,
			      const struct results_model *in, size_t nr_in,
			      const struct results_model_config *want, char *err, size_t errlen)
{
	const struct results_model_config **parts = calloc(nr_in + 1, sizeof(*parts));
	struct series samples = { 0 }, convert = { 0 };
	const struct results_model_config *first;
	size_t n = 0;
	int all_convert = 1, ret = -ENOMEM;

	memset(into, 0, sizeof(*into));
	if (!parts)
		goto out;
	for (size_t d = 0; d < nr_in; d++) {
		const struct results_model_config *c = results_model_twin(&in[d], want);

		if (!c)
			continue;
		parts[n++] = c;
		if (c->runs_error || !c->nr_samples) {
			snprintf(err, errlen, "merge: %s: unusable %s", c->name,
				 c->runs_error ? "runs_samples" : "samples_ns");
			ret = -EINVAL;
			goto out;
		}
		if (series_add(&samples, c->samples_ns, c->nr_samples) || add_runs(into, c))
			goto out;
		if (c->has_convert) {
			if (!c->convert_ns || series_add(&convert, c->convert_ns, c->nr_convert))
				goto out;
		} else {
			all_convert = 0;
		}
	}
	first = parts[0];
	into->name = first->name;
	into->parameters = first->parameters;
	into->parameters_key = strdup(first->parameters_key);
	into->pages = first->pages;
	into->samples_ns = samples.v;
	into->nr_samples = samples.n;
	samples.v = NULL;
	if (all_convert && convert.n == into->nr_samples) {
		into->convert_ns = convert.v;
		into->nr_convert = convert.n;
		into->has_convert = 1;
		convert.v = NULL;
	}
	into->warmup = first->warmup;
	for (size_t i = 0; i < n; i++) {
		into->ebusy_total += parts[i]->ebusy_total;
		into->read_retry_total += parts[i]->read_retry_total;
		into->run_retries += parts[i]->run_retries;
	}
	into->has_orders = first->has_orders;
	memcpy(into->orders, first->orders, sizeof(into->orders));
	into->per_page.median = into->per_page.median_ci_low = into->per_page.median_ci_high = NAN;
	if (!into->parameters_key || pool_counters(parts, n, into))
		goto out;
	into->notes = calloc(first->nr_notes + 2, sizeof(*into->notes));
	if (!into->notes)
		goto out;
	/* Every note but an earlier merge's count, which the new one replaces. */
	for (size_t i = 0; i < first->nr_notes; i++)
		if (strncmp(first->notes[i], "pooled from ", 12))
			into->notes[into->nr_notes++] = first->notes[i];
	snprintf(note, 64, "pooled from %zu runs", into->nr_runs);
	into->notes[into->nr_notes++] = note;
	ret = 0;
out:
	if (ret == -ENOMEM)
		snprintf(err, errlen, "merge: out of memory");
	if (ret)
		pooled_free(into);
	free(samples.v);
	free(convert.v);
	free(parts);
	return ret;
}

static struct results_model_source *sources_of(const struct results_model *in,
					       const char *const *files, size_t n)
{
	struct results_model_source *s = calloc(n + 1, sizeof(*s));

	for (size_t i = 0; s && i < n; i++) {
		s[i].file = files ? files[i] : NULL;
		s[i].date = in[i].context.date;
		s[i].has_seed = in[i].context.has_seed;
		s[i].seed = in[i].context.seed;
		s[i].hmmbench_git_rev = in[i].context.hmmbench_git_rev;
		s[i].kernel_release = in[i].context.kernel_release;
		s[i].nr_configs = in[i].nr_configs;
	}
	return s;
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
static int matrix_definition(const struct results_model *doc, char *buf, size_t len)
{
	const char *d = doc->context.matrix_description;
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
static int configurations_within(const struct results_model *a, const struct results_model *b)
{
	for (size_t i = 0; i < a->nr_configs; i++)
		if (!results_model_twin(b, &a->configs[i]))
			return 0;
	return 1;
}

static int matrices_differ(const struct results_model *a, const struct results_model *b)
{
	char da[4096], db[4096];

	if (matrix_definition(a, da, sizeof(da)) && matrix_definition(b, db, sizeof(db)))
		return strcmp(da, db) != 0;
	/* Undescribed (older or hand-made documents): a subset still pools, as ab's re-runs do. */
	return !configurations_within(a, b) && !configurations_within(b, a);
}

static void abi_text(const struct results_model *doc, char *buf, size_t len)
{
	if (doc->context.has_module_abi)
		snprintf(buf, len, "%lld", (long long)doc->context.module_abi);
	else
		snprintf(buf, len, "?");
}

/* Everything input @i differs from input 0 in, "; "-separated; 0 when nothing. */
static size_t differences(const struct results_model *in, size_t i, char *buf, size_t len)
{
	const struct results_model_context *a = &in[0].context, *b = &in[i].context;
	char aa[32], ab[32];
	size_t used = 0;

	buf[0] = '\0';
	if (strings_differ(a->kernel_release, b->kernel_release))
		add_difference(buf, len, &used, "kernel", a->kernel_release, b->kernel_release);
	if (strings_differ(a->mode, b->mode))
		add_difference(buf, len, &used, "mode", a->mode, b->mode);
	if (strings_differ(a->cpu_model, b->cpu_model))
		add_difference(buf, len, &used, "CPU", a->cpu_model, b->cpu_model);
	abi_text(&in[0], aa, sizeof(aa));
	abi_text(&in[i], ab, sizeof(ab));
	if (strcmp(aa, ab))
		add_difference(buf, len, &used, "module ABI", aa, ab);
	if (matrices_differ(&in[0], &in[i])) {
		snprintf(aa, sizeof(aa), "%zu configurations", in[0].nr_configs);
		snprintf(ab, sizeof(ab), "%zu", in[i].nr_configs);
		add_difference(buf, len, &used, "matrix", aa, ab);
	}
	return used;
}

int merge_check(json_t *const *docs, const char *const *files, size_t n, char *err,
			size_t errlen)
{
	struct results_model *in;
	char diff[1024];
	int ret = models_of(docs, n, &in, err, errlen);

	for (size_t i = 1; !ret && i < n; i++) {
		char first[32], other[32];

		if (!differences(in, i, diff, sizeof(diff)))
			continue;
		snprintf(first, sizeof(first), "input 1");
		snprintf(other, sizeof(other), "input %zu", i + 1);
		snprintf(err, errlen, "%s differs from %s: %s", files ? files[i] : other,
			 files ? files[0] : first, diff);
		ret = -EINVAL;
	}
	if (in)
		models_free(in, n);
	return ret;
}

json_t *merge_named(json_t *const *docs, const char *const *files, size_t n, int force,
			    char *err, size_t errlen)
{
	struct results_model *in = NULL, out;
	struct results_model_source *sources = NULL;
	char (*notes)[64] = NULL;
	size_t cap = 0;
	json_t *doc = NULL;
	int one_kernel = 1;

	memset(&out, 0, sizeof(out));
	if (!n) {
		snprintf(err, errlen, "merge: no document");
		return NULL;
	}
	if (models_of(docs, n, &in, err, errlen))
		return NULL;
	for (size_t i = 1; i < n; i++) {
		const char *mode = in[0].context.mode, *m = in[i].context.mode;

		if (!force && (!mode || !m || strcmp(mode, m))) {
			snprintf(err, errlen, "merge: input %zu is mode %s, input 1 is %s", i + 1,
				 m ? m : "?", mode ? mode : "?");
			goto out;
		}
		one_kernel &= !strings_differ(in[0].context.kernel_release,
					      in[i].context.kernel_release);
	}
	out.schema_version = in[0].schema_version;
	out.context = in[0].context;
	out.skipped = in[0].skipped;
	out.nr_skipped = in[0].nr_skipped;
	sources = sources_of(in, files, n);
	for (size_t d = 0; d < n; d++)
		cap += in[d].nr_configs;
	out.configs = calloc(cap + 1, sizeof(*out.configs));
	notes = calloc(cap + 1, sizeof(*notes));
	if (!sources || !out.configs || !notes) {
		snprintf(err, errlen, "merge: out of memory");
		goto out;
	}
	out.context.merged_from = sources;
	out.context.nr_merged_from = n;
	/* Pooled across kernels (forced): no one release is this document's; merged_from has each. */
	if (!one_kernel)
		out.context.kernel_release = NULL;
	for (size_t d = 0; d < n; d++) {
		for (size_t i = 0; i < in[d].nr_configs; i++) {
			const struct results_model_config *c = &in[d].configs[i];

			if (!c->parameters_key || results_model_twin(&out, c))
				continue;
			if (pool_configuration(&out.configs[out.nr_configs], notes[out.nr_configs],
					       in, n, c, err, errlen))
				goto out;
			out.nr_configs++;
		}
	}
	doc = results_model_write_document(&out, err, errlen);
out:
	for (size_t i = 0; i < out.nr_configs; i++)
		pooled_free(&out.configs[i]);
	free(out.configs);
	free(notes);
	free(sources);
	models_free(in, n);
	return doc;
}

json_t *merge_runs(json_t *const *docs, size_t n, char *err, size_t errlen)
{
	return merge_named(docs, NULL, n, 0, err, errlen);
}
