/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Measured sensitivity: how often the regression verdict (compare.h) cries
 * wolf, and which injected cost it finds. Pure logic over loaded results
 * documents; the command is cmd_sensitivity.c, the guest driver
 * runners/sensitivity.sh.
 *
 * Input: results documents of ONE mode, one kernel and one matrix, each
 * labelled by its context.module.inject_ns_per_page (the module parameter
 * that busy-waits a known number of ns per page inside every sample).
 * Documents with 0 are baselines (A), the others injected runs (B).
 *
 * Trials (one trial = one configuration of one comparison):
 *   A/A        every pair of baselines (i < j), compared i -> j; a false
 *              alarm is a regression or improvement verdict. False-alarm
 *              rate = false alarms / trials.
 *   A/B(s)     every injected run of size s against every baseline;
 *              detected = regression verdict. Detection rate of s =
 *              detected / trials.
 *
 * Smallest reliably detected injection: the smallest size s whose
 * detection rate, and that of every larger size measured, is at least the
 * reliability bar (default 95%; 100% = found in every trial). Requiring the
 * larger sizes too keeps one lucky small size from counting. The same rule
 * per configuration gives each configuration's own smallest size.
 *
 * Relative size of an injection = s / the configuration's baseline median
 * (ns per page, over every baseline sample pooled); the measured change is
 * the median, over trials, of compare's median ratio minus 1, and the
 * measured added cost the median of (new median - base median) in ns per
 * page (the delay helpers and their loop cost a little more than asked).
 */
#ifndef HMMBENCH_SENSITIVITY_H
#define HMMBENCH_SENSITIVITY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/compare.h"
#include "results/results_model.h"

#define SENSITIVITY_DEFAULT_BAR	0.95

/* Verdict counts of a set of trials. */
struct sensitivity_tally {
	size_t trials;
	size_t counts[COMPARE_NR_VERDICTS];
};

void sensitivity_tally_add(struct sensitivity_tally *t, enum compare_verdict v);
/* (regression + improvement) / trials; NAN without trials. */
double sensitivity_false_alarm_rate(const struct sensitivity_tally *t);
/* regression / trials; NAN without trials. */
double sensitivity_detection_rate(const struct sensitivity_tally *t);

/*
 * The index of the smallest reliably detected size among @n sizes in
 * ascending order with detection rates @rates: the first i such that
 * rates[i..n-1] are all >= @bar (a NAN rate, no trials, never is). -1 when
 * even the largest size misses the bar.
 */
int sensitivity_smallest_reliable(const double *rates, size_t n, double bar);

/* One injected size. */
struct sensitivity_size {
	uint64_t inject;		/* ns per page */
	size_t nr_runs;			/* injected documents of this size */
	struct sensitivity_tally tally;
	double rel_min, rel_max;	/* inject / baseline median, over configurations */
	double change_median;		/* measured: median over trials of ratio - 1 */
	double added_median;		/* measured: median over trials of new - base median, ns/page */
};

/* One configuration of the matrix. */
struct sensitivity_config {
	char *name;
	double base_median;		/* ns per page, baseline samples pooled */
	struct sensitivity_tally aa;
	struct sensitivity_tally *per_size;	/* [nr_sizes] */
	int smallest;			/* index into sizes, or -1 */
};

struct sensitivity_report {
	char *mode, *kernel;		/* of the first baseline */
	double threshold;		/* the one compare used */
	double bar;
	size_t nr_base_runs;
	struct sensitivity_tally aa;
	struct sensitivity_size *sizes;	/* ascending inject */
	size_t nr_sizes;
	struct sensitivity_config *configs;	/* in the first baseline's order */
	size_t nr_configs;
	int smallest;			/* index into sizes, or -1 */
};

/*
 * Analyse @n loaded documents (see above) with compare options @o and
 * reliability bar @bar. 0 with *r filled (free with sensitivity_report_free()), or
 * -EINVAL (no baseline, no configuration, or compare refused a pair: err
 * says which) / -ENOMEM. *r is zeroed first and safe to free in every case.
 */
int sensitivity_analyze(const struct results_model *docs, size_t n,
			const struct compare_options *o, double bar, struct sensitivity_report *r,
			char *err, size_t errlen);
void sensitivity_report_free(struct sensitivity_report *r);

#endif
