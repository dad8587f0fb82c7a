// SPDX-License-Identifier: GPL-2.0
/* A model back into a results document (results_model_write.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/results_build.h"
#include "results/results_model_write.h"
#include "util/errmsg.h"

static json_t *merged_from_json(const struct results_model_context *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < c->nr_merged_from; i++) {
		const struct results_model_source *s = &c->merged_from[i];

		json_array_append_new(a, json_pack("{s:s?, s:s?, s:o, s:s?, s:s?, s:I}",
			"file", s->file,
			"date", s->date,
			"seed", s->has_seed ? json_integer(s->seed) : json_null(),
			"hmmbench_git_rev", s->hmmbench_git_rev,
			"kernel_release", s->kernel_release,
			"configurations", (json_int_t)s->nr_configs));
	}
	return a;
}

/* context.json with the typed fields the model may have changed. */
static json_t *context_json(const struct results_model_context *c)
{
	json_t *ctx = json_deep_copy(c->json), *kernel;
	const char *release;

	if (!ctx)
		return NULL;
	kernel = json_object_get(ctx, "kernel");
	release = json_string_value(json_object_get(kernel, "release"));
	/* A merge of several kernels claims none: set in place, so the keys keep their order. */
	if (json_is_object(kernel) && ((!release) != (!c->kernel_release) ||
					(release && strcmp(release, c->kernel_release)))) {
		json_object_set_new(kernel, "release", c->kernel_release ?
				    json_string(c->kernel_release) : json_null());
	}
	if (c->merged_from &&
	    json_object_set_new(ctx, "merged_from", merged_from_json(c))) {
		json_decref(ctx);
		return NULL;
	}
	return ctx;
}

static int add_config(json_t *doc, const struct results_model_config *c, uint64_t seed,
		      char *err, size_t errlen)
{
	struct results_counter *counters = calloc(c->nr_counters + 1, sizeof(*counters));
	struct results_benchmark b;
	struct stats_options so;
	int ret;

	if (!counters) {
		errmsg_set(err, errlen, "results: out of memory");
		return -ENOMEM;
	}
	for (size_t k = 0; k < c->nr_counters; k++) {
		const struct results_model_counter *m = &c->counters[k];

		counters[k].name = m->name;
		counters[k].unavailable = m->available ? NULL :
					  m->reason ? m->reason : "unavailable";
		counters[k].per_page = m->per_page;
		counters[k].running_fraction = m->running_fraction;
		counters[k].samples_per_page = m->samples_per_page;
		counters[k].nr_samples = m->nr_samples;
	}
	memset(&b, 0, sizeof(b));
	b.name = c->name;
	b.parameters = c->parameters;
	b.pages = c->pages;
	b.samples_ns = c->samples_ns;
	b.nr_samples = c->nr_samples;
	b.run_sizes = c->run_sizes;
	b.nr_runs = c->nr_runs;
	b.convert_ns = c->convert_ns && c->nr_convert == c->nr_samples ? c->convert_ns : NULL;
	b.warmup = c->warmup;
	b.ebusy_total = c->ebusy_total;
	b.read_retry_total = c->read_retry_total;
	b.run_retries = c->run_retries;
	b.orders = c->has_orders ? c->orders : NULL;
	b.counters = counters;
	b.nr_counters = c->nr_counters;
	b.notes = c->notes;
	b.nr_notes = c->nr_notes;
	stats_summary_options_default(&so);
	so.seed = seed;
	b.stats = &so;
	ret = results_build_add_benchmark(doc, &b, NULL, err, errlen);
	free(counters);
	return ret;
}

json_t *results_model_write_document(const struct results_model *m, char *err, size_t errlen)
{
	uint64_t seed = m->context.has_seed ? (uint64_t)m->context.seed : 0;
	json_t *doc = json_pack("{s:I, s:o, s:[], s:[]}", "schema_version",
				(json_int_t)m->schema_version, "context",
				context_json(&m->context), "benchmarks", "skipped");

	if (!doc) {
		errmsg_set(err, errlen, "results: out of memory");
		return NULL;
	}
	for (size_t i = 0; i < m->nr_configs; i++) {
		if (add_config(doc, &m->configs[i], seed, err, errlen)) {
			json_decref(doc);
			return NULL;
		}
	}
	for (size_t i = 0; i < m->nr_skipped; i++) {
		if (results_build_add_skipped(doc, m->skipped[i].name, m->skipped[i].reason, err,
					      errlen)) {
			json_decref(doc);
			return NULL;
		}
	}
	return doc;
}
