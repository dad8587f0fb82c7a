// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "results.h"
#include "summary.h"

static const char *kernel_of(const json_t *doc)
{
	const char *r = json_string_value(json_object_get(
		json_object_get(json_object_get(doc, "context"), "kernel"), "release"));

	return r ? r : "unknown kernel";
}

static const char *mode_of(const json_t *doc)
{
	const char *m = json_string_value(json_object_get(json_object_get(doc, "context"), "mode"));

	return m ? m : "unknown mode";
}

/* The configuration of @doc named @name, or NULL. */
static json_t *named(const json_t *doc, const char *name)
{
	size_t n = results_nr_configurations(doc);

	for (size_t i = 0; i < n; i++) {
		json_t *c = results_configuration(doc, i);

		if (!strcmp(json_string_value(json_object_get(c, "name")), name))
			return c;
	}
	return NULL;
}

static void print_cell(FILE *out, const json_t *c)
{
	const json_t *pp = json_object_get(c, "per_page");
	const json_t *ci = json_object_get(pp, "median_ci");

	if (!c) {
		fprintf(out, " | %10s %23s", "-", "");
		return;
	}
	fprintf(out, " | %10.2f [%9.2f, %9.2f]", json_number_value(json_object_get(pp, "median")),
		json_number_value(json_object_get(ci, "low")),
		json_number_value(json_object_get(ci, "high")));
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void summary_print(FILE *out, json_t *const *docs, size_t nr_docs)
{
	const char **names;
	size_t nr_names = 0, cap = 0;

	for (size_t d = 0; d < nr_docs; d++)
		cap += results_nr_configurations(docs[d]);
	names = calloc(cap ? cap : 1, sizeof(*names));
	if (!names)
		return;
	/* Every configuration once, whichever documents have it, sorted by name. */
	for (size_t d = 0; d < nr_docs; d++) {
		size_t n = results_nr_configurations(docs[d]);

		for (size_t i = 0; i < n; i++) {
			const char *name = json_string_value(json_object_get(
				results_configuration(docs[d], i), "name"));
			int seen = 0;

			for (size_t j = 0; j < nr_names && !seen; j++)
				seen = !strcmp(names[j], name);
			if (!seen)
				names[nr_names++] = name;
		}
	}
	qsort(names, nr_names, sizeof(*names), cmp_name);

	fprintf(out, "%-50s", "median ns/page [95% CI]");
	for (size_t d = 0; d < nr_docs; d++) {
		char head[64];

		snprintf(head, sizeof(head), "%.40s %s", kernel_of(docs[d]), mode_of(docs[d]));
		fprintf(out, " | %-34s", head);
	}
	fprintf(out, "\n");
	for (size_t i = 0; i < nr_names; i++) {
		fprintf(out, "%-50s", names[i]);
		for (size_t d = 0; d < nr_docs; d++)
			print_cell(out, named(docs[d], names[i]));
		fprintf(out, "\n");
	}
	free(names);
}
