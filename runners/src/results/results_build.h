/* SPDX-License-Identifier: GPL-2.0 */
/* The configurations of a results document, for the model writer (results_model_write.h). */
#ifndef HMMBENCH_RESULTS_BUILD_H
#define HMMBENCH_RESULTS_BUILD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "results/results.h"
#include "stats/stats.h"
#include "stats/stats_summary.h"

/* Record a configuration that will not run, and why (e.g. no flag-table patch). */
int results_build_add_skipped(json_t *doc, const char *name, const char *reason, char *err,
			size_t errlen);

/* One performance counter of a configuration. */
struct results_counter {
	const char *name;		/* the libpfm4 event string as given */
	const char *unavailable;	/* NULL when counted; else why not, e.g. "ENOENT: no PMU" */
	double per_page;		/* scaled count per page (the samples' median when given) */
	double running_fraction;	/* time_running / time_enabled; NAN = not known */
	const double *samples_per_page;	/* optional, one value per measured batch */
	size_t nr_samples;
};

/* One finished configuration. Arrays are read, never kept. */
struct results_benchmark {
	const char *name;		/* unique in the document, e.g. "fault/thp/2MiB/fixed/none" */
	const json_t *parameters;	/* object of scalars; copied; pairs configurations in compare */
	uint64_t pages;			/* pages mirrored per call */
	const double *samples_ns;	/* total_ns of each timed call */
	size_t nr_samples;
	const double *convert_ns;	/* NULL, or nr_samples conversion-pass times */
	uint32_t warmup;
	uint64_t ebusy_total;
	uint64_t read_retry_total;
	uint32_t run_retries;		/* times the runner re-ran the configuration */
	const uint64_t *orders;		/* NULL, or HMM_BENCH_NR_ORDERS pages per mapping order */
	const struct results_counter *counters;
	size_t nr_counters;
	const char *const *notes;	/* e.g. "pages reset with MADV_DONTNEED between samples" */
	size_t nr_notes;
	/*
	 * Pooled runs (hmmbench merge): how many of samples_ns, in order, each
	 * run contributed; NULL or fewer than 2 = one run. Recorded as
	 * "runs_samples" so compare can tell drift between runs from a change.
	 */
	const size_t *run_sizes;
	size_t nr_runs;
	const struct stats_options *stats;	/* NULL = stats_summary_options_default() */
};

/*
 * Append one configuration: its "iteration" entry (all of hmmbench's
 * fields) and Google Benchmark's mean, median, stddev and cv "aggregate"
 * entries. Fills *summary (may be NULL) with the per-call statistics, so
 * the caller can print the warnings. 0, or -EINVAL/-ENOMEM with err set.
 */
int results_build_add_benchmark(json_t *doc, const struct results_benchmark *b,
			  struct stats_summary *summary, char *err, size_t errlen);

/*
 * json_object_set_new() that remembers a failure instead of checking each
 * call: a NULL value (allocation failure, NaN) sets *failed. For the
 * model writer, which builds the context the same way.
 */
void results_build_put(json_t *obj, const char *key, json_t *value, int *failed);

/* @v as a JSON real, or null when it is not finite (JSON has no NaN). */
json_t *results_build_number(double v);

/* An array of the strings @s (NULL ones as ""); a failure sets *failed. */
json_t *results_build_strings(const char *const *s, size_t n, int *failed);

#endif
