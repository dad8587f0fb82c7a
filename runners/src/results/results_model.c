// SPDX-License-Identifier: GPL-2.0
/* A results document as C structures (results_model.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/results_config.h"
#include "results/results_load.h"
#include "results/results_model.h"
#include "results/results_model_check.h"
#include "util/errmsg.h"

static const char *str_at(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* A JSON number as a double; NAN when absent, null or not a number. */
static double num_at(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* An integer; @absent when it is absent or not an integer (JSON null). */
static int64_t int_at(const json_t *obj, const char *key, int64_t absent)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? json_integer_value(v) : absent;
}

/* The strings of the array @obj.@key, malloc'd (others read NULL). 0 or -ENOMEM. */
static int strings_at(const json_t *obj, const char *key, const char *const **out, size_t *n)
{
	const json_t *a = json_object_get(obj, key), *v;
	const char **s = calloc(json_array_size(a) + 1, sizeof(*s));
	size_t i;

	*out = s;
	*n = 0;
	if (!s)
		return -ENOMEM;
	json_array_foreach(a, i, v)
		s[(*n)++] = json_string_value(v);
	return 0;
}

static int read_kernel(const json_t *kernel, struct results_model_context *c)
{
	const json_t *config = json_object_get(kernel, "config"), *v;
	struct kconfig_option *k = calloc(json_object_size(config) + 1, sizeof(*k));
	const char *name;

	c->kernel_release = str_at(kernel, "release");
	c->kconfig = k;
	if (!k)
		return -ENOMEM;
	json_object_foreach((json_t *)config, name, v) {
		k[c->nr_kconfig].name = name;
		k[c->nr_kconfig++].value = json_string_value(v);
	}
	return 0;
}

static int read_module(const json_t *module, struct results_model_context *c)
{
	const json_t *abi = json_object_get(module, "abi_version");

	c->has_module = json_is_object(module);
	c->has_module_abi = json_is_integer(abi);
	c->module_abi = c->has_module_abi ? json_integer_value(abi) : 0;
	c->module_version = str_at(module, "version");
	c->module_build_release = str_at(module, "build_release");
	c->page_shift = int_at(module, "page_shift", 0);
	c->has_inject = json_is_integer(json_object_get(module, "inject_ns_per_page"));
	c->inject_ns_per_page = int_at(module, "inject_ns_per_page", 0);
	c->has_inject_lines = json_is_integer(json_object_get(module, "inject_lines_per_page"));
	c->inject_lines_per_page = int_at(module, "inject_lines_per_page", 0);
	return strings_at(module, "features", &c->module_features, &c->nr_module_features);
}

/* What 'hmmbench run' adds: the matrix, the counters asked for, pinning, timing. */
static int read_run_facts(const json_t *ctx, struct results_model_context *c)
{
	const json_t *matrix = json_object_get(ctx, "matrix");
	const json_t *counters = json_object_get(ctx, "counters");
	const json_t *events = json_object_get(counters, "events"), *v;
	const json_t *pinning = json_object_get(ctx, "pinning");
	const json_t *timing = json_object_get(ctx, "timing");
	struct results_model_event *e = calloc(json_array_size(events) + 1, sizeof(*e));
	size_t i;

	c->has_matrix = json_is_object(matrix);
	c->matrix_description = str_at(matrix, "description");
	c->matrix_source = str_at(matrix, "source");
	c->matrix_configurations = int_at(matrix, "configurations", 0);
	c->matrix_rounds = int_at(matrix, "rounds", 0);
	c->matrix_seed_given = json_is_true(json_object_get(matrix, "seed_given"));
	c->has_counters = json_is_object(counters);
	c->counters_model = str_at(counters, "model");
	c->counters_note = str_at(counters, "note");
	c->counters_grouped = json_is_true(json_object_get(counters, "grouped"));
	c->counter_events = e;
	if (!e)
		return -ENOMEM;
	json_array_foreach(events, i, v) {
		e[c->nr_counter_events].name = str_at(v, "name");
		e[c->nr_counter_events].status = str_at(v, "status");
		e[c->nr_counter_events++].reason = str_at(v, "reason");
	}
	c->has_pinning = json_is_object(pinning);
	c->pinning_requested = str_at(pinning, "requested");
	c->pinning_object = str_at(pinning, "object");
	c->pinning_cpuset = str_at(pinning, "cpuset");
	c->pinning_last_cpu = int_at(pinning, "last_cpu", 0);
	c->pinning_membind = str_at(pinning, "membind");
	c->pinning_sched = str_at(pinning, "sched");
	c->pinning_notes = str_at(pinning, "notes");
	c->kconfig_source = str_at(ctx, "kconfig_source");
	c->clocksources_available = str_at(ctx, "clocksources_available");
	c->has_timing = json_is_object(timing);
	c->timing_clock = str_at(timing, "clock");
	c->timing_sample = str_at(timing, "sample");
	c->interrupted = json_is_true(json_object_get(ctx, "interrupted"));
	c->recovered_from_journal = json_is_true(json_object_get(ctx, "recovered_from_journal"));
	return 0;
}

/* The context; 0 or -ENOMEM (what was allocated is freed with the model). */
static int read_context(const json_t *ctx, struct results_model_context *c)
{
	const json_t *cpus = json_object_get(ctx, "num_cpus");
	const json_t *binding = json_object_get(ctx, "binding");
	const json_t *thp = json_object_get(ctx, "thp");
	const json_t *hugetlb = json_object_get(ctx, "hugetlb");
	const json_t *machine, *scaling;

	c->json = ctx;
	c->hmmbench_version = str_at(ctx, "hmmbench_version");
	c->hmmbench_git_rev = str_at(ctx, "hmmbench_git_rev");
	c->date = str_at(ctx, "date");
	c->host_name = str_at(ctx, "host_name");
	c->mode = str_at(ctx, "mode");
	c->qemu_options = str_at(ctx, "qemu_options");
	c->cpu_model = str_at(ctx, "cpu_model");
	c->has_num_cpus = json_is_integer(cpus);
	c->num_cpus = c->has_num_cpus ? json_integer_value(cpus) : 0;
	c->topology = str_at(ctx, "topology");
	c->binding.requested = str_at(binding, "requested");
	c->binding.cpuset = str_at(binding, "cpuset");
	c->binding.nodeset = str_at(binding, "nodeset");
	c->binding.sched_policy = str_at(binding, "sched_policy");
	c->binding.sched_priority = int_at(binding, "sched_priority", 0);
	c->clocksource = str_at(ctx, "clocksource");
	c->thp_enabled = str_at(thp, "enabled");
	c->thp_defrag = str_at(thp, "defrag");
	c->hugetlb_nr_pages = int_at(hugetlb, "nr_pages", -1);
	c->hugetlb_free_pages = int_at(hugetlb, "free_pages", -1);
	c->hugepage_size_kb = int_at(hugetlb, "page_size_kb", -1);
	c->has_seed = json_is_integer(json_object_get(ctx, "seed"));
	c->seed = json_integer_value(json_object_get(ctx, "seed"));
	c->qemu_fallback = str_at(ctx, "qemu_fallback");
	machine = json_object_get(ctx, "machine");
	scaling = json_object_get(machine, "cpu_scaling_enabled");
	c->cpu_scaling_enabled = json_is_boolean(scaling) ? json_is_true(scaling) : -1;
	c->max_mhz = json_integer_value(json_object_get(machine, "max_mhz"));
	if (read_kernel(json_object_get(ctx, "kernel"), c) ||
	    read_module(json_object_get(ctx, "module"), c) ||
	    strings_at(ctx, "command_line", &c->command_line, &c->nr_command_line))
		return -ENOMEM;
	return read_run_facts(ctx, c);
}

static void context_free(struct results_model_context *c)
{
	free((void *)c->kconfig);
	free((void *)c->module_features);
	free((void *)c->command_line);
	free((void *)c->counter_events);
}

/* The counters object of a configuration, in its order. 0 or -ENOMEM. */
static int read_counters(const json_t *counters, struct results_model_config *c)
{
	const char *name;
	json_t *v;

	if (!json_is_object(counters))
		return 0;
	c->counters = calloc(json_object_size(counters) + 1, sizeof(*c->counters));
	if (!c->counters)
		return -ENOMEM;
	json_object_foreach((json_t *)counters, name, v) {
		struct results_model_counter *k = &c->counters[c->nr_counters++];
		const json_t *samples = json_object_get(v, "samples_per_page");

		k->name = name;
		k->available = json_is_true(json_object_get(v, "available"));
		k->reason = k->available ? NULL : str_at(v, "reason");
		k->per_page = num_at(v, "per_page");
		k->running_fraction = num_at(v, "running_fraction");
		k->has_samples = json_is_array(samples);
		if (k->has_samples && results_config_samples(v, "samples_per_page",
							     &k->samples_per_page, &k->nr_samples) == -ENOMEM)
			return -ENOMEM;
	}
	return 0;
}

static void read_stats(const json_t *s, struct results_model_stats *out)
{
	const json_t *ci = json_object_get(s, "median_ci");

	out->median = num_at(s, "median");
	out->median_ci_low = num_at(ci, "low");
	out->median_ci_high = num_at(ci, "high");
}

static json_int_t retry(const json_t *config, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(config, "retries"), key));
}

/*
 * What a configuration records beside its samples and statistics: the
 * conversion pass, warm-up, retries, orders and notes. 0 or -ENOMEM.
 */
static int read_run_details(const json_t *e, struct results_model_config *c)
{
	const json_t *orders = json_object_get(e, "orders");
	const json_t *notes = json_object_get(e, "notes"), *v;
	const char *key;
	size_t i;

	c->has_convert = json_is_array(json_object_get(e, "convert_samples_ns"));
	if (c->has_convert && results_config_samples(e, "convert_samples_ns", &c->convert_ns,
						     &c->nr_convert) == -ENOMEM)
		return -ENOMEM;
	c->warmup = (uint32_t)json_integer_value(json_object_get(e, "warmup"));
	c->ebusy_total = (uint64_t)retry(e, "ebusy_total");
	c->read_retry_total = (uint64_t)retry(e, "read_retry_total");
	c->run_retries = (uint32_t)retry(e, "run_retries");
	c->has_orders = json_is_object(orders);
	json_object_foreach((json_t *)orders, key, v) {
		long o = strtol(key, NULL, 10);

		if (o >= 0 && o < HMM_BENCH_NR_ORDERS)
			c->orders[o] = (uint64_t)json_integer_value(v);
	}
	c->notes = calloc(json_array_size(notes) + 1, sizeof(*c->notes));
	if (!c->notes)
		return -ENOMEM;
	json_array_foreach(notes, i, v)
		if (json_is_string(v))
			c->notes[c->nr_notes++] = json_string_value(v);
	return 0;
}

/* The "skipped" entries. 0 or -ENOMEM. */
static int read_skipped(const json_t *doc, struct results_model *m)
{
	const json_t *skipped = json_object_get(doc, "skipped"), *v;
	size_t i;

	m->skipped = calloc(json_array_size(skipped) + 1, sizeof(*m->skipped));
	if (!m->skipped)
		return -ENOMEM;
	json_array_foreach(skipped, i, v) {
		m->skipped[m->nr_skipped].name = str_at(v, "name");
		m->skipped[m->nr_skipped++].reason = str_at(v, "reason");
	}
	return 0;
}

int results_model_from_json(json_t *doc, struct results_model *m, char *err, size_t errlen)
{
	size_t n = results_config_count(doc), total = 0, used = 0;
	int ret;

	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < n; i++)
		total += json_array_size(json_object_get(results_config_at(doc, i), "samples_ns"));
	m->configs = calloc(n ? n : 1, sizeof(*m->configs));
	m->samples = calloc(total ? total : 1, sizeof(*m->samples));
	if (!m->configs || !m->samples) {
		results_model_free(m);
		errmsg_set(err, errlen, "results: out of memory");
		return -ENOMEM;
	}
	m->schema_version = json_integer_value(json_object_get(doc, "schema_version"));
	if (read_context(json_object_get(doc, "context"), &m->context) || read_skipped(doc, m)) {
		results_model_free(m);
		errmsg_set(err, errlen, "results: out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *e = results_config_at(doc, i);
		const json_t *samples = json_object_get(e, "samples_ns"), *v;
		struct results_model_config *c = &m->configs[i];
		size_t k;

		c->name = str_at(e, "name");
		if (!c->name) {
			m->nr_configs = i;
			results_model_free(m);
			errmsg_set(err, errlen, "results: configuration %zu has no name", i);
			return -EINVAL;
		}
		c->pages = (uint64_t)json_integer_value(json_object_get(e, "pages"));
		c->samples_ns = m->samples + used;
		json_array_foreach(samples, k, v)
			m->samples[used++] = json_number_value(v);
		c->nr_samples = json_array_size(samples);
		read_stats(json_object_get(e, "per_page"), &c->per_page);
		c->parameters = json_object_get(e, "parameters");
		c->parameters_key = c->parameters ? results_config_parameters_key(e) : NULL;
		ret = results_config_runs(e, &c->run_sizes, &c->nr_runs);
		c->runs_error = ret == -EINVAL;
		if ((c->parameters && !c->parameters_key) || ret == -ENOMEM || read_counters(json_object_get(e, "counters"), c) ||
		    read_run_details(e, c)) {
			m->nr_configs = i + 1;
			results_model_free(m);
			errmsg_set(err, errlen, "results: out of memory");
			return -ENOMEM;
		}
	}
	m->nr_configs = n;
	m->doc = json_incref(doc);
	return 0;
}

int results_model_load(const char *path, struct results_model *m, char *err, size_t errlen)
{
	json_t *doc = results_load(path, err, errlen);
	int ret;

	memset(m, 0, sizeof(*m));
	if (!doc)
		return -EINVAL;
	ret = results_model_check_document(doc, path, err, errlen);
	if (!ret)
		ret = results_model_from_json(doc, m, err, errlen);
	json_decref(doc);
	return ret;
}

void results_model_free(struct results_model *m)
{
	for (size_t i = 0; m->configs && i < m->nr_configs; i++) {
		struct results_model_config *c = &m->configs[i];

		free(c->parameters_key);
		free(c->run_sizes);
		for (size_t k = 0; k < c->nr_counters; k++)
			free(c->counters[k].samples_per_page);
		free(c->counters);
		free(c->convert_ns);
		free(c->notes);
	}
	context_free(&m->context);
	free(m->configs);
	free(m->skipped);
	free(m->samples);
	json_decref(m->doc);
	memset(m, 0, sizeof(*m));
}

const struct results_model_config *results_model_find(const struct results_model *m,
						      const char *name)
{
	for (size_t i = 0; i < m->nr_configs; i++)
		if (!strcmp(m->configs[i].name, name))
			return &m->configs[i];
	return NULL;
}

int results_model_per_page(const struct results_model_config *c, double **out, size_t *n)
{
	double pages = (double)c->pages;

	*out = NULL;
	*n = 0;
	if (!c->nr_samples || !(pages > 0))
		return -EINVAL;
	*out = malloc(c->nr_samples * sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t i = 0; i < c->nr_samples; i++)
		(*out)[i] = c->samples_ns[i] / pages;
	*n = c->nr_samples;
	return 0;
}

const struct results_model_config *results_model_twin(const struct results_model *m,
						      const struct results_model_config *c)
{
	for (size_t i = 0; i < m->nr_configs; i++)
		if (m->configs[i].parameters_key && c->parameters_key &&
		    !strcmp(m->configs[i].parameters_key, c->parameters_key))
			return &m->configs[i];
	return NULL;
}

const struct results_model_counter *results_model_counter(const struct results_model_config *c,
							  const char *name)
{
	for (size_t k = 0; k < c->nr_counters; k++)
		if (!strcmp(c->counters[k].name, name))
			return &c->counters[k];
	return NULL;
}

const json_t *results_model_param(const json_t *parameters, const char *key)
{
	return json_object_get(parameters, key);
}

const char *results_model_param_string(const json_t *parameters, const char *key)
{
	return json_string_value(json_object_get(parameters, key));
}

int64_t results_model_param_int(const json_t *parameters, const char *key)
{
	return json_integer_value(json_object_get(parameters, key));
}

const struct results_model_config *results_model_find_parameters(const struct results_model *m,
								 const json_t *parameters)
{
	struct results_model_config wanted = { 0 };
	const struct results_model_config *found;

	wanted.parameters_key = json_dumps(parameters, JSON_SORT_KEYS | JSON_COMPACT);
	found = wanted.parameters_key ? results_model_twin(m, &wanted) : NULL;
	free(wanted.parameters_key);
	return found;
}

const struct results_model_config *results_model_sibling(const struct results_model *m,
							 const struct results_model_config *c,
							 const char *key, const char *value)
{
	const struct results_model_config *found;
	json_t *p = json_deep_copy(c->parameters);

	if (!p)
		return NULL;
	json_object_set_new(p, key, json_string(value));
	found = results_model_find_parameters(m, p);
	json_decref(p);
	return found;
}

void results_model_median_ci(const struct results_model_config *c, double *median, double *low,
			     double *high)
{
	*median = isnan(c->per_page.median) ? 0 : c->per_page.median;
	*low = isnan(c->per_page.median_ci_low) ? *median : c->per_page.median_ci_low;
	*high = isnan(c->per_page.median_ci_high) ? *median : c->per_page.median_ci_high;
}
