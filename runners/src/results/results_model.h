/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A results document as C structures: what its readers (summary, export,
 * ...) use, so that only the results layer knows the JSON keys of
 * results/SCHEMA.md.
 *
 * A figure the document lacks (absent or null: statistics of a run with
 * no bootstrap, a context written by an older runner) is NAN, a string it
 * lacks NULL. Strings point into the document the model holds, so they
 * live as long as the model.
 */
#ifndef HMMBENCH_RESULTS_MODEL_H
#define HMMBENCH_RESULTS_MODEL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Where and how the run was made ("context"). */
struct results_model_context {
	const char *mode;		/* the label: "qemu-icount", ... */
	const char *kernel_release;
	const char *cpu_model;
	const char *host_name;
	const char *date;		/* ISO 8601, UTC */
	const char *hmmbench_version;
	int has_num_cpus;
	int64_t num_cpus;
};

/* Statistics of one series ("statistics" per call, "per_page"). */
struct results_model_stats {
	double median;
	double median_ci_low, median_ci_high;
};

/* One configuration (an "iteration" entry). */
struct results_model_config {
	const char *name;
	uint64_t pages;			/* pages mirrored per call; 0 when not recorded */
	const double *samples_ns;	/* total_ns of each timed call */
	size_t nr_samples;
	struct results_model_stats per_page;
};

struct results_model {
	struct results_model_context context;
	struct results_model_config *configs;	/* in document order */
	size_t nr_configs;
	json_t *doc;				/* the document the strings point into */
	double *samples;			/* storage behind configs[].samples_ns */
};

/*
 * The model of @doc, which must have passed results_load()'s checks (or be
 * one the runner is building); the model takes a reference to it. 0, or
 * -EINVAL/-ENOMEM with @err set; *m is then empty and safe to free.
 */
int results_model_from_json(json_t *doc, struct results_model *m, char *err, size_t errlen);

/* results_load() and results_model_from_json() in one. */
int results_model_load(const char *path, struct results_model *m, char *err, size_t errlen);

void results_model_free(struct results_model *m);

/* The configuration named @name, or NULL. */
const struct results_model_config *results_model_find(const struct results_model *m,
						      const char *name);

#endif
