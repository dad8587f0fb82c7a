/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ratio reports this layer writes, read back as C structures:
 * 'hmmbench compare --format json' (new/base per configuration, one series
 * per format) and 'hmmbench formats --format json' (table/convert, one
 * series per table). Their readers (plot/plot_ratios.c) use these instead
 * of the reports' JSON keys, which only compare_output.c, format_ratios.c
 * and this file know.
 *
 * A string the report lacks reads "" (the rows' parameters) or NULL (the
 * sides' facts), a figure NAN. Strings point into the report, which the
 * structure holds a reference to.
 */
#ifndef HMMBENCH_RATIO_REPORT_H
#define HMMBENCH_RATIO_REPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* One configuration's row. */
struct ratio_report_row {
	const char *op, *kind, *pattern, *size_label;	/* its parameters */
	int64_t size;					/* parameters.size; 0 when absent */
	const char *series;	/* the table (formats report) or the format (compare) */
	double ratio;		/* new/base or table/convert of the medians */
	double ci_low, ci_high;	/* its 95% CI */
};

struct ratio_report {
	int formats;		/* a formats report; else a compare report */
	/* The measured side (compare: new; formats: the one document). */
	const char *mode, *kernel, *date;
	const char *base_kernel;	/* compare: the base's kernel; formats: NULL */
	double threshold;	/* the noise threshold as a fraction */
	struct ratio_report_row *rows;
	size_t nr_rows;
	json_t *doc;
};

/* Whether @doc is a compare or formats report (not a results document). */
int ratio_report_is_report(const json_t *doc);

/*
 * The report @doc as structures, taking a reference to it. 0, or -EINVAL
 * (no configurations array) / -ENOMEM with err set; *r is then empty.
 */
int ratio_report_read(json_t *doc, struct ratio_report *r, char *err, size_t errlen);

void ratio_report_free(struct ratio_report *r);

#endif
