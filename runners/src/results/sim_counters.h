/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cache-simulation plugin's figures as counters of a results document
 * (MODE=sim). The plugin (sim-plugin/hmm_sim_plugin.c) writes one line per
 * driver-loop call it saw between the module's window markers, the runner
 * one line per visit (measure/sim_visits.h); both in the order they
 * happened. Pairing them in order gives each timed call its window, and
 * the pairing is checked: under -icount shift=0 a call's total_ns counts
 * its guest instructions, so it must equal the window's instruction count
 * but for ktime_get_ns()'s own instructions outside the markers and the
 * clock's drift (SIM_COUNTERS_CHECK_* below).
 *
 * Each configuration then gets the counters sim:instructions, sim:loads,
 * sim:stores, sim:l1i-misses, sim:l1d-misses, sim:l2-misses,
 * sim:llc-misses and sim:cycles, one value per page per timed call, of the
 * shape libpfm4's counters have; context.sim records the caches, the
 * latencies and the cross-check.
 */
#ifndef HMMBENCH_SIM_COUNTERS_H
#define HMMBENCH_SIM_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

#include "results/results_model.h"

/*
 * ktime_get_ns()'s instructions after its clock read and before the next
 * (44 on Debian 6.12, 47-50 on 6.1), and the drift of the guest's TSC-to-ns
 * conversion from one ns per instruction (its calibrated frequency is a few
 * ppm off: +66 over a 1 GiB walk's 29 million instructions on 6.12):
 * a timed call's total_ns minus its window's instructions must lie in
 * [-drift, SIM_COUNTERS_CHECK_SLACK + drift], drift = instructions x
 * SIM_COUNTERS_CHECK_PPM / 1e6.
 */
#define SIM_COUNTERS_CHECK_SLACK 128
#define SIM_COUNTERS_CHECK_PPM 10

/*
 * A call can also take more icount time than it has instructions: when the
 * task sleeps inside it and the vCPU halts, -icount sleep=off moves the
 * guest clock on to the next timer without executing anything (seen on
 * Debian 6.1: THP and 4 KiB fault-unpopulated 16 MiB calls now and then
 * take +37 to +52 ms, in plain icount runs too), and other tasks run
 * meanwhile, their instructions in the window. Such a call still pairs when
 * its window has at least what its configuration's median window has, less
 * SIM_COUNTERS_IDLE_MATCH_PPM, and such calls are at most 1 in
 * SIM_COUNTERS_IDLE_MAX_SHARE of its samples; the others must pass the
 * check above. A lost or extra window already fails the count.
 */
#define SIM_COUNTERS_IDLE_MATCH_PPM 10000
#define SIM_COUNTERS_IDLE_MAX_SHARE 4

/* One window of the plugin: what one driver-loop call did. */
struct sim_window {
	uint64_t insns, loads, stores;
	uint64_t l1i_misses, l1d_misses, l2_misses, llc_misses;
};

/*
 * Estimated cycles = instructions + (L1i + L1d misses) x l2 + L2 misses x
 * llc + LLC misses x memory: each miss pays the latency of the level that
 * serves it, every instruction one cycle, nothing overlaps. Defaults: AMD
 * Zen 4's load-to-use latencies, L2 14 and L3 50 cycles (AMD's Zen 4
 * software optimization guide, pub. 57647), memory an assumed 300 cycles
 * (about 100 ns at 3 GHz).
 */
struct sim_cycle_model {
	double l2_latency, llc_latency, memory_latency;
};

#define SIM_CYCLES_L2_DEFAULT 14
#define SIM_CYCLES_LLC_DEFAULT 50
#define SIM_CYCLES_MEMORY_DEFAULT 300

double sim_counters_cycles(const struct sim_cycle_model *cm, const struct sim_window *w);

/* The plugin's file, parsed. */
struct sim_windows {
	char caches[256];	/* its header's cache geometries, as written */
	struct sim_window *w;
	size_t n;
	size_t aborted;		/* windows a call left without their end marker */
};

/* 0, or -EINVAL/-ENOMEM with @err set. */
int sim_windows_parse(const char *text, struct sim_windows *out, char *err, size_t errlen);
void sim_windows_free(struct sim_windows *w);

/* The runner's visit log, parsed. */
struct sim_visit {
	char *results;		/* the results file, as the guest named it */
	char *config;
	unsigned int warmup, samples;
	int skipped, failed;
	char *line;		/* the storage of results and config */
};

struct sim_visit_log {
	struct sim_visit *v;
	size_t n;
};

int sim_visit_log_parse(const char *text, struct sim_visit_log *out, char *err, size_t errlen);
void sim_visit_log_free(struct sim_visit_log *log);

/* How the pairing went, for the run's report and context.sim.cross_check. */
struct sim_check {
	size_t samples;			/* timed calls given a window */
	int64_t min_diff, max_diff;	/* total_ns - window instructions, of the calls that ran throughout */
	size_t idle_samples;		/* calls that also idled (see SIM_COUNTERS_IDLE_*) */
	int64_t idle_max_ns;		/* the largest total_ns - window instructions among them */
	size_t windows_used, windows_left;
	size_t unpaired_configs;	/* configurations left without sim counters */
};

/*
 * Add the sim counters to every configuration of @m that @results (the
 * guest's name of its file, as in the visit log) measured, and context.sim.
 * 0; -EINVAL with @err set when the windows and visits do not pair (too
 * few windows, a sample outside the cross-check): @m is then unchanged but
 * for configurations already given counters; -ENOMEM.
 */
int sim_counters_add(struct results_model *m, const char *results, const struct sim_windows *w,
		     const struct sim_visit_log *log, const struct sim_cycle_model *cm,
		     struct sim_check *check, char *err, size_t errlen);

#endif
