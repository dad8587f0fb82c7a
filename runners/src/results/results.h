/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results document of one hmmbench run (results/SCHEMA.md describes
 * every field): a 'context' saying where and how the run was made, and
 * 'benchmarks' shaped like Google Benchmark's JSON with hmmbench's own
 * fields. The runner builds the document as configurations finish and
 * rewrites the file atomically after each, so an interrupted run still
 * leaves valid JSON holding every finished configuration.
 */
#ifndef HMMBENCH_RESULTS_H
#define HMMBENCH_RESULTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "measure/kconfig.h"
#include "stats/stats.h"

/* Bumped on any change a reader of older documents would misread. */
#define RESULTS_SCHEMA_VERSION	1

/* Where the measured kernel ran; the labels are the JSON 'mode' values. */
enum results_mode {
	RESULTS_MODE_QEMU_TCG,		/* "qemu-tcg": QEMU, TCG, wall-clock time */
	RESULTS_MODE_QEMU_ICOUNT,	/* "qemu-icount": QEMU, TCG, -icount (deterministic) */
	RESULTS_MODE_VM,		/* "vm": another virtual machine (KVM, a cloud VM) */
	RESULTS_MODE_NATIVE,		/* "native": on the machine itself */
};

const char *results_mode_name(enum results_mode mode);
/* 0 and *mode set, or -EINVAL for an unknown label. */
int results_mode_parse(const char *label, enum results_mode *mode);
/* From sysinfo's struct sys_facts.mode ("tcg", "icount", "vm", "native"). */
int results_mode_from_sysinfo(const char *sysinfo_mode, enum results_mode *mode);

/*
 * What the caller knows about the run. Strings may be NULL (unknown: JSON
 * null); numbers use -1 for unknown where noted.
 */
struct results_context {
	enum results_mode mode;
	const char *qemu_options;	/* e.g. "-accel tcg -icount shift=0,sleep=off"; NULL natively */
	const char *host_name;

	const char *kernel_release;
	const struct kconfig_option *kconfig;
	size_t nr_kconfig;

	int has_module;			/* 0: the fields below are unknown (null) */
	uint32_t module_abi;		/* hmm_bench_info.abi_version */
	uint32_t module_features;	/* HMM_BENCH_FEAT_* bits */
	uint32_t page_shift;
	const char *module_version;
	const char *module_build_release;
	uint64_t module_inject_ns_per_page;	/* hmm_bench_info.inject_ns_per_page; 0 = off */

	const char *cpu_model;
	int num_cpus;			/* -1 unknown */
	const char *topology;		/* hwloc summary, e.g. "1 package, 2 cores, 2 PUs, 1 NUMA node" */
	const char *binding_requested;	/* --cpu as given, e.g. "core:1"; NULL = unpinned */
	const char *binding_cpuset;	/* obtained, hwloc bitmap string */
	const char *binding_nodeset;	/* memory binding obtained */
	const char *sched_policy;	/* "SCHED_FIFO", "SCHED_OTHER" */
	int sched_priority;

	const char *clocksource;
	const char *thp_enabled;	/* /sys/kernel/mm/transparent_hugepage/enabled, as read */
	const char *thp_defrag;
	long hugetlb_nr_pages;		/* 2 MiB pages reserved, -1 unknown */
	long hugetlb_free_pages;	/* -1 unknown */
	long hugepage_size_kb;		/* -1 unknown */

	int argc;
	char *const *argv;
	uint64_t seed;			/* at most INT64_MAX (a JSON integer every reader keeps exact) */
	time_t date;			/* 0 = now */
};

/* A new document: {"schema_version", "context", "benchmarks": []}. NULL and err on failure. */
json_t *results_new(const struct results_context *ctx, char *err, size_t errlen);

/* Record a configuration that will not run, and why (e.g. no flag-table patch). */
int results_add_skipped(json_t *doc, const char *name, const char *reason, char *err,
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
	const struct stats_options *stats;	/* NULL = stats_options_default() */
};

/*
 * Append one configuration: its "iteration" entry (all of hmmbench's
 * fields) and Google Benchmark's mean, median, stddev and cv "aggregate"
 * entries. Fills *summary (may be NULL) with the per-call statistics, so
 * the caller can print the warnings. 0, or -EINVAL/-ENOMEM with err set.
 */
int results_add_benchmark(json_t *doc, const struct results_benchmark *b,
			  struct stats_summary *summary, char *err, size_t errlen);

/*
 * Write doc to path atomically: a temporary file in the same directory,
 * fsync, rename over path, fsync the directory. On failure path is left as
 * it was, the temporary file is removed, and err names the path and cause.
 */
int results_write_atomic(const json_t *doc, const char *path, char *err, size_t errlen);

/*
 * The journal. Rewriting the whole document after every configuration
 * makes a long run quadratic (the document grows with each), so the runner
 * rewrites it every few seconds and, in between, appends what changed to
 * PATH.journal: one compact JSON line {"benchmarks": [...], "skipped":
 * [...]} per sync, flushed to disk. A crash therefore loses no finished
 * configuration: results_load() folds a journal it finds back in.
 */
struct results_journal {
	size_t benchmarks;	/* entries of doc already in the file or the journal */
	size_t skipped;
};

/* Append what @doc gained since @mark to PATH.journal (fdatasync'd); advance @mark. */
int results_journal_sync(const json_t *doc, const char *path, struct results_journal *mark,
			 char *err, size_t errlen);

/* After a successful results_write_atomic(): the journal is no longer needed. */
void results_journal_remove(const char *path);

/*
 * Read a results file and check the parts 'compare' relies on. A journal
 * left beside it by an interrupted run is folded in first (and the context
 * gets "recovered_from_journal": true). NULL on
 * failure with err like "FILE: benchmarks[2] (\"name\"): samples_ns: ...".
 */
json_t *results_load(const char *path, char *err, size_t errlen);

/* Configurations ("iteration" entries) of a document, in order. */
size_t results_nr_configurations(const json_t *doc);
json_t *results_configuration(const json_t *doc, size_t index);
/* The configuration whose parameters equal @parameters, or NULL. */
json_t *results_find_configuration(const json_t *doc, const json_t *parameters);
/* A canonical string of a configuration's parameters (sorted keys); free() it. */
char *results_parameters_key(const json_t *config);
/* A malloc'd copy of a numeric array field ("samples_ns"); 0 or -EINVAL/-ENOMEM. */
int results_config_samples(const json_t *config, const char *field, double **out, size_t *n);
/* samples_ns / pages (ns per page); 0 or -EINVAL/-ENOMEM. */
int results_config_per_page(const json_t *config, double **out, size_t *n);
/*
 * The runs a configuration's samples came from: a malloc'd array of sample
 * counts, in sample order ("runs_samples"; one run of all the samples when
 * the field is absent). 0, -EINVAL (counts that are not positive or do not
 * add up to the samples) or -ENOMEM.
 */
int results_config_runs(const json_t *config, size_t **sizes, size_t *n);

#endif
