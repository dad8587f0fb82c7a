/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A results document in other tools' formats, so their dashboards and
 * fleets read hmmbench's figures:
 *
 * gbench  Google Benchmark JSON, a strict subset its compare.py and
 *         dashboards read: a context with date, host_name, executable,
 *         num_cpus, mhz_per_cpu (0: not recorded), cpu_scaling_enabled,
 *         caches, load_avg, library_build_type, library_version (plus
 *         hmmbench_mode, kernel_release, cpu_model); per configuration one
 *         "iteration" entry per sample (repetition_index 0..n-1, real_time
 *         = cpu_time = that sample's ns per call, time_unit "ns"), so
 *         compare.py's U test sees every repetition, then the mean, median,
 *         stddev and cv aggregates (cv as a fraction, aggregate_unit
 *         "percentage"). Each entry also carries "ns_per_page", a
 *         user-counter-like extra key that compare.py ignores, and so
 *         do the document's counters (libpfm4 events, or a qemu-sim run's
 *         sim:*), per page: an iteration entry the value of its call where
 *         the counter kept one per call, the median entry the counter's
 *         median.
 * bmf     bencher's Benchmark Metric Format: {name: {"ns_per_page": {value,
 *         lower_value, upper_value}}}, the per-page median and its 95% CI,
 *         and a measure {value} per available counter (its per-page
 *         median, e.g. "sim:cycles" of a qemu-sim run).
 * lava    one line per configuration, "lava-test-case NAME --result pass
 *         --measurement V --units ns/page", V the per-page median
 *         with 3 decimals; NAME keeps [A-Za-z0-9_.-] and turns every other
 *         character into '_' ("snapshot/4k/2M/fixed/none" ->
 *         "snapshot_4k_2M_fixed_none").
 *
 * The per-page median and CI are the document's own (per_page.median and
 * per_page.median_ci); where a CI is missing its bounds equal the median.
 */
#ifndef HMMBENCH_EXPORT_H
#define HMMBENCH_EXPORT_H

#include <jansson.h>
#include <stdio.h>

#include "results/results_model.h"

enum export_format {
	EXPORT_GBENCH,
	EXPORT_BMF,
	EXPORT_LAVA,
};

int export_format_parse(const char *s, enum export_format *f);

/* New references, NULL on allocation failure. */
json_t *export_gbench(const struct results_model *m);
json_t *export_bmf(const struct results_model *m);
/* 0, or -1 on a write error. */
int export_lava(FILE *out, const struct results_model *m);
/* LAVA's test case name of a configuration name. */
void export_lava_name(const char *name, char *buf, size_t len);

#endif
