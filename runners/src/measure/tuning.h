/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine state a benchmark's numbers depend on and that a tuned
 * machine (pyperf's "system tune", mmtests) sets: the cpufreq governor,
 * boost/turbo, the SMT siblings of the measuring CPU and whether they are
 * busy, and what decides whether the module may load and counters may
 * count: Secure Boot, lockdown, perf_event_paranoid, root, the PMU, the
 * per-NUMA-node hugetlb pools. `hmmbench doctor` judges them, every
 * results context records them, `hmmbench run` warns about the first three.
 */
#ifndef HMMBENCH_TUNING_H
#define HMMBENCH_TUNING_H

#include <stddef.h>

#define TUNING_MAX_NODES	16
#define TUNING_STR_LEN		128

struct tuning_node_pool {
	int node;		/* OS node number */
	long nr, free;		/* 2 MiB pages; -1 when the node has no pool */
};

struct tuning_facts {
	int cpu;				/* the CPU judged */
	char governor[32];			/* scaling_governor, "" without cpufreq */
	char driver[32];			/* scaling_driver, "" without cpufreq */
	long max_mhz;				/* cpuinfo_max_freq, else cpuinfo "cpu MHz"; -1 */
	int boost;				/* 1 on, 0 off, -1 no control found */
	char boost_control[TUNING_STR_LEN];	/* the file that says so, "" when none */
	char smt_siblings[TUNING_STR_LEN];	/* the other PUs of cpu's core, "" when none */
	int sibling_busy;			/* 1 busy, 0 idle, -1 not sampled */
	double sibling_busy_fraction;		/* the busiest sibling's, over the sample */
	int secure_boot;			/* 1 on, 0 off, -1 no EFI variable */
	char lockdown[32];			/* the [chosen] word, "" without the LSM */
	int perf_paranoid;			/* -100 when unreadable */
	int is_root;
	char pmu[TUNING_STR_LEN];		/* "cpu", "cpu_core cpu_atom", "" without one */
	struct tuning_node_pool nodes[TUNING_MAX_NODES];
	size_t nr_nodes;
};

/*
 * Gather the facts about @cpu (an OS CPU number), sampling its SMT
 * siblings' /proc/stat times over @busy_sample_ms (0: not sampled).
 */
void tuning_gather(struct tuning_facts *t, int cpu, unsigned int busy_sample_ms);

/*
 * Where sysfs, /proc and efivars are looked up: @root prefixed to every
 * path ("" or NULL: the real ones). For tests, with a fake tree.
 */
void tuning_set_root(const char *root);

/* Whether the CPU's clock may move under a run (Google Benchmark's cpu_scaling_enabled). */
int tuning_cpu_scaling(const struct tuning_facts *t);

/*
 * The three states pyperf warns about, judged for `hmmbench run` and
 * `hmmbench doctor` alike: the state in words into @buf, with what to do
 * when it is not as a benchmark wants. 1 when it should be warned about, else 0.
 */
int tuning_judge_governor(const struct tuning_facts *t, char *buf, size_t len);
int tuning_judge_boost(const struct tuning_facts *t, char *buf, size_t len);
int tuning_judge_smt(const struct tuning_facts *t, char *buf, size_t len);

/* Pure helpers, exposed for the unit tests. */

/* "0-1,4" without @cpu, into @out ("1,4"); "" when @cpu is alone. */
void tuning_other_cpus(const char *list, int cpu, char *out, size_t len);

/*
 * The busy fraction of "cpuN" between two /proc/stat texts: (all - idle -
 * iowait) / all of the deltas; -1 when the line is missing or no time passed.
 */
double tuning_busy_fraction(const char *stat_before, const char *stat_after, int cpu);

#endif
