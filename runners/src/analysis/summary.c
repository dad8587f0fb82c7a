// SPDX-License-Identifier: GPL-2.0
/* The short table of one or more runs (summary.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "measure/matrix.h"
#include "results/results_model.h"
#include "analysis/per_page_figure.h"
#include "analysis/summary.h"

static const char *kernel_of(const struct results_model *m)
{
	const char *r = m->context.kernel_release;

	return r ? r : "unknown kernel";
}

static const char *mode_of(const struct results_model *m)
{
	const char *mode = m->context.mode;

	return mode ? mode : "unknown mode";
}

/* A figure the document lacks prints as 0, as its JSON null always has. */
static double or_zero(double v)
{
	return isnan(v) ? 0 : v;
}

/* @c's shown figure (per_page_figure_shown()); NANs when it has none. */
static struct per_page_figure_median shown_figure(const struct results_model *m,
						  const struct results_model_config *c)
{
	struct per_page_figure_median fig = { NAN, NAN, NAN };

	if (c && per_page_figure_median(m, c, per_page_figure_shown(m), &fig))
		fig.median = fig.low = fig.high = NAN;
	return fig;
}

static void print_cell(FILE *out, const struct results_model *m,
		       const struct results_model_config *c)
{
	struct per_page_figure_median fig = shown_figure(m, c);

	/* No cycles is no figure, not 0 cycles. */
	if (!c || (per_page_figure_shown(m) == PER_PAGE_FIGURE_SIM_CYCLES &&
		   isnan(fig.median))) {
		fprintf(out, " | %10s %23s", "-", "");
		return;
	}
	fprintf(out, " | %10.2f [%9.2f, %9.2f]", or_zero(fig.median), or_zero(fig.low),
		or_zero(fig.high));
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

/*
 * The second file's median against the first's, as a signed percentage;
 * none when the two show different figures (cycles against time).
 */
static void print_change(FILE *out, const struct results_model *docs, const char *name)
{
	const struct results_model_config *base = results_model_find(&docs[0], name);
	const struct results_model_config *new_ = results_model_find(&docs[1], name);
	double b = shown_figure(&docs[0], base).median, n = shown_figure(&docs[1], new_).median;

	if (base && new_ && b > 0 && isfinite(n) &&
	    per_page_figure_shown(&docs[0]) == per_page_figure_shown(&docs[1]))
		fprintf(out, " | %+8.2f%%", 100 * (n / b - 1));
	else
		fprintf(out, " | %9s", "-");
}

/* The table's unit: ns/page (what time per page is called in every mode), or cycles. */
static const char *table_head(const struct results_model *docs, size_t nr_docs)
{
	size_t cycles = 0;

	for (size_t d = 0; d < nr_docs; d++)
		cycles += per_page_figure_shown(&docs[d]) == PER_PAGE_FIGURE_SIM_CYCLES;
	if (!cycles)
		return "median ns/page [95% CI]";
	if (cycles == nr_docs)
		return "median est. cycles/page (cache sim) [95% CI]";
	return "median ns/page, qemu-sim est. cycles [95% CI]";
}

void summary_print(FILE *out, const struct results_model *docs, size_t nr_docs)
{
	const char **names;
	size_t nr_names = 0, cap = 0;

	for (size_t d = 0; d < nr_docs; d++)
		cap += docs[d].nr_configs;
	names = calloc(cap ? cap : 1, sizeof(*names));
	if (!names)
		return;
	/* Every configuration once, whichever documents have it, sorted by name. */
	for (size_t d = 0; d < nr_docs; d++) {
		for (size_t i = 0; i < docs[d].nr_configs; i++) {
			const char *name = docs[d].configs[i].name;
			int seen = 0;

			for (size_t j = 0; j < nr_names && !seen; j++)
				seen = !strcmp(names[j], name);
			if (!seen)
				names[nr_names++] = name;
		}
	}
	qsort(names, nr_names, sizeof(*names), cmp_name);

	fprintf(out, "%-50s", table_head(docs, nr_docs));
	for (size_t d = 0; d < nr_docs; d++) {
		char head[64];

		snprintf(head, sizeof(head), "%.40s %s", kernel_of(&docs[d]), mode_of(&docs[d]));
		fprintf(out, " | %-34s", head);
	}
	if (nr_docs == 2)
		fprintf(out, " | %9s", "change");
	fprintf(out, "\n");
	for (size_t i = 0; i < nr_names; i++) {
		fprintf(out, "%-50s", names[i]);
		for (size_t d = 0; d < nr_docs; d++)
			print_cell(out, &docs[d], results_model_find(&docs[d], names[i]));
		if (nr_docs == 2)
			print_change(out, docs, names[i]);
		fprintf(out, "\n");
	}
	if (nr_docs == 2)
		fprintf(out, "change: the second file's median against the first's; "
			"'hmmbench compare' says whether it is one\n");
	free(names);
}
