// SPDX-License-Identifier: GPL-2.0
/* The configurations of a loaded document and their samples. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/results_config.h"
#include "util/errmsg.h"

static int is_configuration(const json_t *e)
{
	const char *type = json_string_value(json_object_get(e, "run_type"));

	return type && !strcmp(type, "iteration");
}

size_t results_config_count(const json_t *doc)
{
	size_t i, n = 0;
	json_t *e;

	json_array_foreach(json_object_get(doc, "benchmarks"), i, e)
		n += is_configuration(e);
	return n;
}

json_t *results_config_at(const json_t *doc, size_t index)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(doc, "benchmarks"), i, e)
		if (is_configuration(e) && index-- == 0)
			return e;
	return NULL;
}

json_t *results_config_find(const json_t *doc, const json_t *parameters)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(doc, "benchmarks"), i, e)
		if (is_configuration(e) && json_equal(json_object_get(e, "parameters"), (json_t *)parameters))
			return e;
	return NULL;
}

char *results_config_parameters_key(const json_t *config)
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

