// SPDX-License-Identifier: GPL-2.0
/* The short table of one or more runs (summary.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "measure/matrix.h"
#include "results/results.h"
#include "results/results_config.h"
#include "analysis/summary.h"

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
	size_t n = results_config_count(doc);

	for (size_t i = 0; i < n; i++) {
		json_t *c = results_config_at(doc, i);

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

/* A name field as a range size ("4K", "2M", "1G"), or 0 when it is not one. */
static uint64_t field_size(const char *field, size_t len)
{
	char text[32], err[128];
	uint64_t size;

	if (!len || len >= sizeof(text) || field[0] < '0' || field[0] > '9')
		return 0;
	memcpy(text, field, len);
	text[len] = '\0';
	return matrix_size_parse(text, &size, err, sizeof(err)) ? 0 : size;
}

/*
 * Configuration names field by field ("snapshot/4k/2M/fixed/none"), sizes
 * by value, so 4K < 2M < 64M < 1G where strcmp would put 1G first.
 */
int summary_name_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
		uint64_t sa = field_size(a, la), sb = field_size(b, lb);
		int c;

		if (sa && sb && sa != sb)
			return sa < sb ? -1 : 1;
		c = strncmp(a, b, la < lb ? la : lb);
		if (c)
			return c;
		if (la != lb)
			return la < lb ? -1 : 1;
		a += la + (a[la] == '/');
		b += lb + (b[lb] == '/');
	}
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return summary_name_cmp(*(const char *const *)a, *(const char *const *)b);
}

static double per_page_median(const json_t *c)
{
	const json_t *m = json_object_get(json_object_get(c, "per_page"), "median");

	return json_is_number(m) ? json_number_value(m) : NAN;
}

/* The second file's median against the first's, as a signed percentage. */
static void print_change(FILE *out, const json_t *base, const json_t *new_)
{
	double b = per_page_median(base), n = per_page_median(new_);

	if (base && new_ && b > 0 && isfinite(n))
		fprintf(out, " | %+8.2f%%", 100 * (n / b - 1));
	else
		fprintf(out, " | %9s", "-");
}

void summary_print(FILE *out, json_t *const *docs, size_t nr_docs)
{
	const char **names;
	size_t nr_names = 0, cap = 0;

	for (size_t d = 0; d < nr_docs; d++)
		cap += results_config_count(docs[d]);
	names = calloc(cap ? cap : 1, sizeof(*names));
	if (!names)
		return;
	/* Every configuration once, whichever documents have it, sorted by name. */
	for (size_t d = 0; d < nr_docs; d++) {
		size_t n = results_config_count(docs[d]);

		for (size_t i = 0; i < n; i++) {
			const char *name = json_string_value(json_object_get(
				results_config_at(docs[d], i), "name"));
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
	if (nr_docs == 2)
		fprintf(out, " | %9s", "change");
	fprintf(out, "\n");
	for (size_t i = 0; i < nr_names; i++) {
		fprintf(out, "%-50s", names[i]);
		for (size_t d = 0; d < nr_docs; d++)
			print_cell(out, named(docs[d], names[i]));
		if (nr_docs == 2)
			print_change(out, named(docs[0], names[i]), named(docs[1], names[i]));
		fprintf(out, "\n");
	}
	if (nr_docs == 2)
		fprintf(out, "change: the second file's median against the first's; "
			"'hmmbench compare' says whether it is one\n");
	free(names);
}
