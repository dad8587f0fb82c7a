/* SPDX-License-Identifier: GPL-2.0 */
/* A compare report as a terminal table, Markdown, CSV or JSON. */
#ifndef HMMBENCH_COMPARE_OUTPUT_H
#define HMMBENCH_COMPARE_OUTPUT_H

#include <jansson.h>
#include <stdio.h>

#include "analysis/compare.h"
#include "results/results_model.h"

enum compare_format {

	COMPARE_FORMAT_TABLE,
	COMPARE_FORMAT_MARKDOWN,
	COMPARE_FORMAT_JSON,
	COMPARE_FORMAT_CSV,
};

int compare_output_format_parse(const char *s, enum compare_format *f);

/* Labels of the two sides for headings: file names and context. */
struct compare_sides {
	const char *base_file, *new_file;
	const struct results_model *base, *new_;
};

/*
 * Terminal report; @colour adds ANSI colours to the verdicts. The changes
 * first (regressions, improvements, then unknown, each by size of change),
 * then the geometric means, then every configuration in document order.
 */
void compare_output_table(FILE *out, const struct compare_report *r,
			 const struct compare_sides *s, int colour);
/* One CSV row per configuration (RFC 4180 quoting), for spreadsheets. */
void compare_output_csv(FILE *out, const struct compare_report *r);
void compare_output_markdown(FILE *out, const struct compare_report *r,
			    const struct compare_sides *s);
/* The JSON report (results/VERDICT.md documents it); NULL on allocation failure. */
json_t *compare_output_json(const struct compare_report *r, const struct compare_sides *s);
/* The baseline runs history pooled for one row of a report. */
struct compare_output_runs {
	const char *const *names;
	size_t nr;
};

/*
 * The same, each configuration with its "baseline_runs" (@runs holds one
 * entry per row of @r): history's verdicts.
 */
json_t *compare_output_json_with_runs(const struct compare_report *r,
				      const struct compare_sides *s,
				      const struct compare_output_runs *runs);

#endif
