/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two reports hmmbench writes about results documents, as C
 * structures: 'hmmbench compare --format json' (and history's verdicts),
 * new against base per configuration (results/VERDICT.md), and 'hmmbench
 * formats --format json', table:<t> against convert:<t> per table. The
 * analysis layer fills them and writes them with report_model_write.h;
 * plot/ reads them back with report_model_read(). Only the results layer
 * knows their JSON keys.
 *
 * Read back, a figure the report lacks (absent or null) is NAN, a string
 * NULL, a count 0. Strings are never owned: they point into the report the
 * model holds (read) or into the caller's structures (written). The arrays
 * are malloc'd, by the loader or by whoever fills the model, and
 * report_model_*_release() frees them.
 */
#ifndef HMMBENCH_REPORT_MODEL_H
#define HMMBENCH_REPORT_MODEL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* One side against the other: a configuration's time per page, or one of its counters. */
struct report_model_metric {
	int64_t n_base, n_new;		/* formats: n_convert, n_table */
	double base_median, new_median;	/* formats: convert_median, table_median */
	double ratio;			/* new/base of the medians ("change_pct" follows from it) */
	double ratio_ci_low, ratio_ci_high;
	int64_t ratio_ci_zero_base;	/* resamples whose base median was 0 (compare only) */
	double mwu_p;
	double ks_p;			/* compare only */
	int constant;			/* both sides constant, so no test */
	const char *verdict;		/* "same", "regression", ... (formats: "saves", "costs", ...) */
	const char *reason;
};

/* A counter's metric in a compare report ("counters" of a configuration). */
struct report_model_counter {
	const char *name;
	struct report_model_metric metric;
};

/* One configuration of a compare report. */
struct report_model_compare_row {
	const char *name;
	const json_t *parameters;	/* the object of scalars; results_model_param() reads it */
	struct report_model_metric time;	/* ns/page */
	struct report_model_counter *counters;
	size_t nr_counters;
	/* history's verdicts: the baseline runs pooled for it ("baseline_runs"), if has_baseline_runs */
	int has_baseline_runs;
	const char **baseline_runs;
	size_t nr_baseline_runs;
};

/* The facts of one side of a compare ("base", "new"). */
struct report_model_side {
	const char *file, *kernel, *mode, *date, *hmmbench_git_rev, *cpu_model;
};

/* A geometric mean of new/base over a group of configurations. */
struct report_model_geomean {
	const char *group;
	int64_t configurations;
	double ratio;
};

struct report_model_compare {
	struct report_model_side base, new_;
	/* "options" ("test" is always the Mann-Whitney U test) */
	double threshold, alpha, ci_level;
	int64_t resamples, seed, min_samples;
	int forced;
	const char *only;		/* --only, or NULL */
	const char **warnings;
	size_t nr_warnings;
	/* "summary" ("configurations" is nr_rows) */
	int64_t same, regression, improvement, unknown;
	const char *verdict;		/* the overall verdict */
	int exit_code;
	struct report_model_compare_row *rows;
	size_t nr_rows;
	struct report_model_geomean *geomeans;
	size_t nr_geomeans;
	const char **only_in_base, **only_in_new;
	size_t nr_only_in_base, nr_only_in_new;
};

/* One table:<t> configuration of a formats report against its convert:<t> twin. */
struct report_model_formats_row {
	const char *name, *convert_name;
	const json_t *parameters;	/* the table side's */
	const char *table;		/* <t> */
	double fixed_median;		/* ns/page of the fixed configuration beside them */
	struct report_model_metric m;	/* base = convert:<t>, new = table:<t> */
};

struct report_model_formats {
	const char *file, *kernel, *mode, *date;	/* the one document's */
	double threshold;
	double alpha, ci_level;		/* "options" */
	int64_t resamples, seed;
	struct report_model_formats_row *rows;
	size_t nr_rows;
	const char **unpaired;		/* table:<t> configurations without a convert:<t> */
	size_t nr_unpaired;
	int64_t saves, costs, same, unknown;	/* "summary" ("pairs" is nr_rows) */
};

/* A report read back: one of the two, and the document the strings point into. */
struct report_model {
	int formats;			/* a formats report; else a compare report */
	struct report_model_compare compare;
	struct report_model_formats fmt;
	json_t *doc;
};

/* Whether @doc is a compare or formats report (not a results document). */
int report_model_is_report(const json_t *doc);

/*
 * The report @doc as structures, taking a reference to it. 0, or -EINVAL
 * (not a report, or no configurations array) / -ENOMEM with err set; *r is
 * then empty and safe to free.
 */
int report_model_read(json_t *doc, struct report_model *r, char *err, size_t errlen);

void report_model_free(struct report_model *r);

/* Free the arrays of a model (not the strings it points to); zero it. */
void report_model_compare_release(struct report_model_compare *c);
void report_model_formats_release(struct report_model_formats *f);

#endif
