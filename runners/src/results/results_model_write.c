// SPDX-License-Identifier: GPL-2.0
/* A model back into a results document (results_model_write.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/results_build.h"
#include "measure/facts_json.h"
#include "results/results_model_write.h"
#include "util/errmsg.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *int_or_null(int64_t v)
{
	return v < 0 ? json_null() : json_integer((json_int_t)v);
}

static json_t *kernel_json(const struct results_model_context *c, int *failed)
{
	json_t *k = json_object(), *config = json_object();

	if (!k || !config) {
		json_decref(k);
		json_decref(config);
		return NULL;
	}
	results_build_put(k, "release", str_or_null(c->kernel_release), failed);
	for (size_t i = 0; i < c->nr_kconfig; i++)
		results_build_put(config, c->kconfig[i].name, str_or_null(c->kconfig[i].value),
				  failed);
	results_build_put(k, "config", config, failed);
	return k;
}

static json_t *module_json(const struct results_model_context *c, int *failed)
{
	json_t *m;

	if (!c->has_module)
		return json_null();
	m = json_object();
	if (!m)
		return NULL;
	results_build_put(m, "abi_version", json_integer((json_int_t)c->module_abi), failed);
	results_build_put(m, "version", str_or_null(c->module_version), failed);
	results_build_put(m, "build_release", str_or_null(c->module_build_release), failed);
	results_build_put(m, "page_shift", json_integer((json_int_t)c->page_shift), failed);
	if (c->has_inject)
		results_build_put(m, "inject_ns_per_page",
				  json_integer((json_int_t)c->inject_ns_per_page), failed);
	if (c->has_inject_lines)
		results_build_put(m, "inject_lines_per_page",
				  json_integer((json_int_t)c->inject_lines_per_page), failed);
	results_build_put(m, "features",
			  results_build_strings(c->module_features, c->nr_module_features, failed),
			  failed);
	return m;
}

static json_t *binding_json(const struct results_model_context *c)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:I}",
			 "requested", str_or_null(c->binding.requested),
			 "cpuset", str_or_null(c->binding.cpuset),
			 "nodeset", str_or_null(c->binding.nodeset),
			 "sched_policy", str_or_null(c->binding.sched_policy),
			 "sched_priority", (json_int_t)c->binding.sched_priority);
}

static json_t *matrix_json(const struct results_model_context *c)
{
	return json_pack("{s:o, s:o, s:I, s:I, s:b}",
			 "description", str_or_null(c->matrix_description),
			 "source", str_or_null(c->matrix_source),
			 "configurations", (json_int_t)c->matrix_configurations,
			 "rounds", (json_int_t)c->matrix_rounds, "seed_given", c->matrix_seed_given);
}

static json_t *counters_json(const struct results_model_context *c, int *failed)
{
	json_t *events = json_array();

	for (size_t i = 0; events && i < c->nr_counter_events; i++) {
		const struct results_model_event *e = &c->counter_events[i];

		if (json_array_append_new(events, json_pack("{s:o, s:o, s:s*}",
							     "name", str_or_null(e->name),
							     "status", str_or_null(e->status),
							     "reason", e->reason)))
			*failed = 1;
	}
	return json_pack("{s:o, s:o, s:b, s:o}", "model", str_or_null(c->counters_model),
			 "events", events, "grouped", c->counters_grouped,
			 "note", str_or_null(c->counters_note));
}

static json_t *pinning_json(const struct results_model_context *c)
{
	return json_pack("{s:o, s:o, s:o, s:I, s:o, s:o, s:o}",
			 "requested", str_or_null(c->pinning_requested),
			 "object", str_or_null(c->pinning_object),
			 "cpuset", str_or_null(c->pinning_cpuset),
			 "last_cpu", (json_int_t)c->pinning_last_cpu,
			 "membind", str_or_null(c->pinning_membind),
			 "sched", str_or_null(c->pinning_sched),
			 "notes", str_or_null(c->pinning_notes));
}

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

/* The context from the typed fields alone, in the order 'hmmbench run' writes it. */
static json_t *typed_context(const struct results_model_context *c, int *failed)
{
	json_t *ctx = json_object();

	if (!ctx)
		return NULL;
	results_build_put(ctx, "hmmbench_version", str_or_null(c->hmmbench_version), failed);
	results_build_put(ctx, "hmmbench_git_rev", str_or_null(c->hmmbench_git_rev), failed);
	results_build_put(ctx, "date", str_or_null(c->date), failed);
	results_build_put(ctx, "host_name", str_or_null(c->host_name), failed);
	results_build_put(ctx, "mode", str_or_null(c->mode), failed);
	results_build_put(ctx, "qemu_options", str_or_null(c->qemu_options), failed);
	if (c->qemu_fallback)
		results_build_put(ctx, "qemu_fallback", json_string(c->qemu_fallback), failed);
	if (c->machine)
		results_build_put(ctx, "machine", facts_json_tuning(c->machine), failed);
	results_build_put(ctx, "kernel", kernel_json(c, failed), failed);
	results_build_put(ctx, "module", module_json(c, failed), failed);
	results_build_put(ctx, "cpu_model", str_or_null(c->cpu_model), failed);
	results_build_put(ctx, "num_cpus",
			  c->has_num_cpus ? json_integer((json_int_t)c->num_cpus) : json_null(),
			  failed);
	results_build_put(ctx, "topology", str_or_null(c->topology), failed);
	results_build_put(ctx, "binding", binding_json(c), failed);
	results_build_put(ctx, "clocksource", str_or_null(c->clocksource), failed);
	results_build_put(ctx, "thp", json_pack("{s:o, s:o}",
						"enabled", str_or_null(c->thp_enabled),
						"defrag", str_or_null(c->thp_defrag)), failed);
	results_build_put(ctx, "hugetlb", json_pack("{s:o, s:o, s:o}",
						    "nr_pages", int_or_null(c->hugetlb_nr_pages),
						    "free_pages", int_or_null(c->hugetlb_free_pages),
						    "page_size_kb", int_or_null(c->hugepage_size_kb)),
			  failed);
	results_build_put(ctx, "command_line",
			  results_build_strings(c->command_line, c->nr_command_line, failed), failed);
	results_build_put(ctx, "seed", json_integer((json_int_t)c->seed), failed);
	if (c->has_matrix)
		results_build_put(ctx, "matrix", matrix_json(c), failed);
	if (c->has_counters)
		results_build_put(ctx, "counters", counters_json(c, failed), failed);
	if (c->has_pinning)
		results_build_put(ctx, "pinning", pinning_json(c), failed);
	if (c->kconfig_source)
		results_build_put(ctx, "kconfig_source", json_string(c->kconfig_source), failed);
	if (c->clocksources_available)
		results_build_put(ctx, "clocksources_available",
				  json_string(c->clocksources_available), failed);
	if (c->has_timing)
		results_build_put(ctx, "timing", json_pack("{s:o, s:o}",
							   "clock", str_or_null(c->timing_clock),
							   "sample", str_or_null(c->timing_sample)),
				  failed);
	if (c->interrupted)
		results_build_put(ctx, "interrupted", json_true(), failed);
	if (c->recovered_from_journal)
		results_build_put(ctx, "recovered_from_journal", json_true(), failed);
	if (c->merged_from)
		results_build_put(ctx, "merged_from", merged_from_json(c), failed);
	return ctx;
}

/*
 * @typed laid out as @source: its keys, in its order, each with the typed
 * value where there is one (objects likewise, key by key) and the
 * source's otherwise; then merged_from if only @typed has it. A new
 * reference, or NULL.
 */
static json_t *in_source_order(json_t *typed, const json_t *source, int *failed)
{
	const char *key;
	json_t *out, *v;

	if (!json_is_object(typed) || !json_is_object(source))
		return json_incref(typed);
	out = json_object();
	if (!out)
		return NULL;
	json_object_foreach((json_t *)source, key, v) {
		json_t *t = json_object_get(typed, key);

		results_build_put(out, key, t ? in_source_order(t, v, failed) : json_deep_copy(v),
				  failed);
	}
	if (json_object_get(typed, "merged_from") && !json_object_get(source, "merged_from"))
		results_build_put(out, "merged_from",
				  json_incref(json_object_get(typed, "merged_from")), failed);
	return out;
}

/* The context of @c: its typed fields, in the order of the document it was read from. */
static json_t *context_json(const struct results_model_context *c)
{
	int failed = 0;
	json_t *typed = typed_context(c, &failed), *ctx;

	if (!typed || failed) {
		json_decref(typed);
		return NULL;
	}
	ctx = c->json ? in_source_order(typed, c->json, &failed) : json_incref(typed);
	json_decref(typed);
	if (failed) {
		json_decref(ctx);
		return NULL;
	}
	return ctx;
}

int results_model_write_config(json_t *doc, const struct results_model_config *c,
				const struct stats_options *o, struct stats_summary *summary,
				char *err, size_t errlen)
{
	struct results_counter *counters = calloc(c->nr_counters + 1, sizeof(*counters));
	struct results_benchmark b;
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
	b.stats = o;
	ret = results_build_add_benchmark(doc, &b, summary, err, errlen);
	free(counters);
	return ret;
}

int results_model_write_skipped(json_t *doc, const struct results_model_skipped *s, char *err,
				size_t errlen)
{
	return results_build_add_skipped(doc, s->name, s->reason, err, errlen);
}

json_t *results_model_write_new(const struct results_model_context *c, int64_t schema_version,
				char *err, size_t errlen)
{
	json_t *doc = json_pack("{s:I, s:o, s:[], s:[]}", "schema_version",
				(json_int_t)schema_version, "context", context_json(c),
				"benchmarks", "skipped");

	if (!doc)
		errmsg_set(err, errlen, "results: out of memory writing the context");
	return doc;
}

int results_model_write_context(json_t *doc, const struct results_model_context *c, char *err,
				size_t errlen)
{
	json_t *ctx = context_json(c);

	if (!ctx || json_object_set_new(doc, "context", ctx)) {
		errmsg_set(err, errlen, "results: out of memory writing the context");
		return -ENOMEM;
	}
	return 0;
}

json_t *results_model_write_document(const struct results_model *m, char *err, size_t errlen)
{
	json_t *doc = results_model_write_new(&m->context, m->schema_version, err, errlen);
	struct stats_options so;

	if (!doc)
		return NULL;
	stats_summary_options_default(&so);
	so.seed = m->context.has_seed ? (uint64_t)m->context.seed : 0;
	for (size_t i = 0; i < m->nr_configs; i++) {
		if (results_model_write_config(doc, &m->configs[i], &so, NULL, err, errlen)) {
			json_decref(doc);
			return NULL;
		}
	}
	for (size_t i = 0; i < m->nr_skipped; i++) {
		if (results_model_write_skipped(doc, &m->skipped[i], err, errlen)) {
			json_decref(doc);
			return NULL;
		}
	}
	return doc;
}
