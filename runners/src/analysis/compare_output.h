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
/*
 * The same, with @annotate called on each configuration's entry (row @row
 * of @r) before it is added, for a caller's own keys (history's ledger
 * adds the baseline runs).
 */
json_t *compare_output_json_annotated(const struct compare_report *r,
				      const struct compare_sides *s,
				      void (*annotate)(json_t *entry, size_t row, void *ctx), void *ctx);

#endif
