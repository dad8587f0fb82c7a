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

#include "hmm_bench_uapi.h"
#include "measure/kconfig.h"
#include "measure/tuning.h"

/* One input of a merged document ("context.merged_from" entry). */
struct results_model_source {
	const char *file;		/* NULL when not known */
	const char *date;
	int has_seed;
	int64_t seed;
	const char *hmmbench_git_rev;
	const char *kernel_release;
	size_t nr_configs;		/* "configurations" */
};

/* One event of context.counters: a counter the run asked for. */
struct results_model_event {
	const char *name;
	const char *status;		/* "counted" or "unavailable" */
	const char *reason;		/* why not; NULL when counted (the key is then absent) */
};

/*
 * Where and how the run was made ("context", results/SCHEMA.md). A string
 * the document lacks is NULL (JSON null when written), an integer marked
 * "-1 = null" likewise; a has_X of 0 says the object X is absent (or null).
 */
struct results_model_context {
	const char *hmmbench_version;
	const char *hmmbench_git_rev;
	const char *date;		/* ISO 8601, UTC */
	const char *host_name;
	const char *mode;		/* the label: "qemu-icount", ... */
	const char *qemu_options;
	const char *qemu_fallback;	/* why the asked-for mode did not run; NULL: it did */
	/* The machine state a run gathered (NULL when read: carried in json). */
	const struct tuning_facts *machine;
	const char *kernel_release;
	const struct kconfig_option *kconfig;	/* kernel.config, in order */
	size_t nr_kconfig;
	int has_module;			/* module is an object (else null) */
	int has_module_abi;
	int64_t module_abi;		/* module.abi_version */
	const char *module_version, *module_build_release;
	int64_t page_shift;
	int has_inject;			/* module.inject_ns_per_page is recorded */
	int64_t inject_ns_per_page;	/* 0 when not recorded */
	int has_inject_lines;		/* module.inject_lines_per_page is recorded */
	int64_t inject_lines_per_page;	/* 0 when not recorded */
	const char *const *module_features;	/* "map_order", ... */
	size_t nr_module_features;
	const char *cpu_model;
	int has_num_cpus;
	int64_t num_cpus;
	const char *topology;
	struct {
		const char *requested, *cpuset, *nodeset, *sched_policy;
		int64_t sched_priority;
	} binding;
	const char *clocksource;
	const char *thp_enabled, *thp_defrag;
	int64_t hugetlb_nr_pages, hugetlb_free_pages, hugepage_size_kb;	/* -1 = null */
	const char *const *command_line;
	size_t nr_command_line;
	int has_seed;
	int64_t seed;			/* the run's seed, which also seeds its bootstrap */
	/* What 'hmmbench run' adds. */
	int has_matrix;
	const char *matrix_description;	/* matrix.description */
	const char *matrix_source;
	int64_t matrix_configurations, matrix_rounds;
	int matrix_seed_given;
	int has_counters;
	const char *counters_model, *counters_note;
	const struct results_model_event *counter_events;
	size_t nr_counter_events;
	int counters_grouped;
	int has_pinning;
	const char *pinning_requested, *pinning_object, *pinning_cpuset, *pinning_membind,
		   *pinning_sched, *pinning_notes;
	int64_t pinning_last_cpu;
	const char *kconfig_source;
	const char *clocksources_available;
	int has_timing;
	const char *timing_clock, *timing_sample;
	int interrupted;		/* the run was stopped: true, else absent */
	int recovered_from_journal;	/* folded from a journal: true, else absent */
	int cpu_scaling_enabled;	/* machine.cpu_scaling_enabled; -1 not recorded */
	int64_t max_mhz;		/* machine.max_mhz; 0 not recorded */
	/*
	 * The context object the model was read from, or NULL. The writer
	 * keeps its keys and their order (a key the model does not type, it
	 * carries over as it is), so a document read and written back is the
	 * same document.
	 */
	const json_t *json;
	/* Set by a merge (NULL otherwise: merged_from, if any, is carried in json). */
	const struct results_model_source *merged_from;
	size_t nr_merged_from;
};

/* One performance counter of a configuration ("counters"). */
struct results_model_counter {
	const char *name;		/* the event string */
	int available;
	const char *reason;		/* why not available; NULL when available */
	double per_page;
	double running_fraction;	/* NAN when not a number */		/* NAN when not a number */
	int has_samples;		/* "samples_per_page" is an array */
	/* Its values; NULL when the array is empty or holds anything but numbers. */
	double *samples_per_page;
	size_t nr_samples;
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
	/*
	 * The configuration's parameters, the object of scalars that pairs it
	 * with its twin in another document; parameters_key is its canonical
	 * text (sorted keys): equal keys, equal parameters. NULL, both, in a
	 * document being built without them.
	 */
	const json_t *parameters;
	char *parameters_key;
	/*
	 * How many of the samples, in order, each pooled run contributed (one
	 * run of all of them when the document does not say); NULL with
	 * runs_error set when "runs_samples" does not add up.
	 */
	size_t *run_sizes;
	size_t nr_runs;
	int runs_error;
	struct results_model_counter *counters;	/* in the document's order */
	size_t nr_counters;
	struct results_model_stats per_page;
	/* The conversion pass's times ("convert_samples_ns"), or NULL. */
	double *convert_ns;
	size_t nr_convert;
	int has_convert;		/* "convert_samples_ns" is an array (maybe unusable) */
	uint32_t warmup;
	uint64_t ebusy_total, read_retry_total;	/* "retries" */
	uint32_t run_retries;
	int has_orders;			/* "orders" is an object */
	uint64_t orders[HMM_BENCH_NR_ORDERS];	/* pages per mapping order */
	const char **notes;		/* its string notes, in order */
	size_t nr_notes;
};

/* A configuration that did not run ("skipped" entry). */
struct results_model_skipped {
	const char *name;
	const char *reason;
};

struct results_model {
	struct results_model_context context;
	struct results_model_config *configs;	/* in document order */
	size_t nr_configs;
	int64_t schema_version;
	struct results_model_skipped *skipped;
	size_t nr_skipped;
	json_t *doc;				/* the document the strings point into */
	double *samples;			/* storage behind configs[].samples_ns */
};

/*
 * The model of @doc, which must have passed results_load()'s checks (or be
 * one the runner is building); the model takes a reference to it. 0, or
 * -EINVAL/-ENOMEM with @err set; *m is then empty and safe to free.
 */
int results_model_from_json(json_t *doc, struct results_model *m, char *err, size_t errlen);

/*
 * results_load(), the schema's rules for what the model reads
 * (results_model_check_document()) and results_model_from_json() in one.
 */
int results_model_load(const char *path, struct results_model *m, char *err, size_t errlen);

void results_model_free(struct results_model *m);

/*
 * Its samples per page (samples_ns / pages), malloc'd. 0, -EINVAL (no
 * samples, or no pages recorded) or -ENOMEM.
 */
int results_model_per_page(const struct results_model_config *c, double **out, size_t *n);

/* The first configuration whose parameters equal those of @c, or NULL. */
const struct results_model_config *results_model_twin(const struct results_model *m,
						      const struct results_model_config *c);

/*
 * The per-page median and its CI for a report that must print numbers: a
 * median the document lacks reads 0 (as its JSON null always has), a bound
 * it lacks the median.
 */
void results_model_median_ci(const struct results_model_config *c, double *median, double *low,
			     double *high);

/* The first configuration whose parameters equal @parameters, or NULL. */
const struct results_model_config *results_model_find_parameters(const struct results_model *m,
								 const json_t *parameters);

/*
 * The first configuration whose parameters are those of @c with @key set
 * to the string @value ("format" -> "fixed": the same walk in another
 * format), or NULL.
 */
const struct results_model_config *results_model_sibling(const struct results_model *m,
							 const struct results_model_config *c,
							 const char *key, const char *value);

/* The counter named @name of @c, or NULL. */
const struct results_model_counter *results_model_counter(const struct results_model_config *c,
							  const char *name);

/*
 * One parameter of a configuration's parameters object (config->parameters,
 * or a copy a report keeps): the scalar, or NULL when absent.
 */
const json_t *results_model_param(const json_t *parameters, const char *key);
/* Its string, or NULL when absent or not a string. */
const char *results_model_param_string(const json_t *parameters, const char *key);
/* Its integer, or 0 when absent or not an integer. */
int64_t results_model_param_int(const json_t *parameters, const char *key);

/* The configuration named @name, or NULL. */
const struct results_model_config *results_model_find(const struct results_model *m,
						      const char *name);

#endif
