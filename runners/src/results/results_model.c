// SPDX-License-Identifier: GPL-2.0
/* A results document as C structures (results_model.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/results_config.h"
#include "results/results_load.h"
#include "results/results_model.h"
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

static void read_context(const json_t *ctx, struct results_model_context *c)
{
	const json_t *cpus = json_object_get(ctx, "num_cpus");

	c->mode = str_at(ctx, "mode");
	c->kernel_release = str_at(json_object_get(ctx, "kernel"), "release");
	c->cpu_model = str_at(ctx, "cpu_model");
	c->host_name = str_at(ctx, "host_name");
	c->date = str_at(ctx, "date");
	c->hmmbench_version = str_at(ctx, "hmmbench_version");
	c->has_num_cpus = json_is_integer(cpus);
	c->num_cpus = c->has_num_cpus ? json_integer_value(cpus) : 0;
}

static void read_stats(const json_t *s, struct results_model_stats *out)
{
	const json_t *ci = json_object_get(s, "median_ci");

	out->median = num_at(s, "median");
	out->median_ci_low = num_at(ci, "low");
	out->median_ci_high = num_at(ci, "high");
}

int results_model_from_json(json_t *doc, struct results_model *m, char *err, size_t errlen)
{
	size_t n = results_config_count(doc), total = 0, used = 0;

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
	read_context(json_object_get(doc, "context"), &m->context);
	for (size_t i = 0; i < n; i++) {
		const json_t *e = results_config_at(doc, i);
		const json_t *samples = json_object_get(e, "samples_ns"), *v;
		struct results_model_config *c = &m->configs[i];
		size_t k;

		c->name = str_at(e, "name");
		if (!c->name) {
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
	ret = results_model_from_json(doc, m, err, errlen);
	json_decref(doc);
	return ret;
}

void results_model_free(struct results_model *m)
{
	free(m->configs);
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
