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

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "measure/kconfig.h"
#include "measure/tuning.h"
#include "results/results_mode.h"

/* Bumped on any change a reader of older documents would misread. */
#define RESULTS_SCHEMA_VERSION	1

/*
 * What the caller knows about the run. Strings may be NULL (unknown: JSON
 * null); numbers use -1 for unknown where noted.
 */
struct results_context {
	enum results_mode mode;
	const char *qemu_options;	/* e.g. "-accel tcg -icount shift=0,sleep=off"; NULL natively */
	const char *qemu_fallback;	/* why KVM was asked for and not used; NULL otherwise */
	const struct tuning_facts *machine;	/* cpufreq, boost, SMT...; NULL unknown */
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
	uint64_t module_inject_lines_per_page;	/* hmm_bench_info.inject_lines_per_page; 0 = off */

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

#endif
