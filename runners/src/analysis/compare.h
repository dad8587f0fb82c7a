/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The regression verdict: two results documents (a base and a new run)
 * compared configuration by configuration. Pure logic, no output: the
 * renderers are in compare_output.c, the command in cmd_compare.c.
 *
 * Pairing. Configurations pair when their "parameters" objects are equal
 * (results_config_find()); names are only labels. Each side's
 * samples are samples_ns / pages (ns per page), so a run whose page size
 * differs still compares per page.
 *
 * Per configuration (struct compare_metric), from the raw samples:
 *   ratio     = median(new) / median(base)      (> 1: slower)
 *   ratio CI  = 95% percentile bootstrap of that ratio, both sides
 *               resampled independently (stats_bootstrap_ratio_ci; a
 *               resample whose base median is 0 has ratio +inf, so the
 *               CI's high end is +inf only when more than 2.5% did), seeded
 *               from the options' seed and the configuration's parameters,
 *               so the same files give the same verdicts in any order
 *   p         = two-sided Mann-Whitney U p-value; Kolmogorov-Smirnov is
 *               reported beside it but does not decide (see below)
 *
 * Verdict, with t = threshold (a fraction) and alpha:
 *   unknown      fewer than COMPARE_MIN_SAMPLES samples on a side, or a
 *                base median of 0 (no ratio)
 *   constant     both sides constant (every sample equal, as deterministic
 *                icount runs can be): MWU cannot say anything (all ties give
 *                p = 1, or p floors for few samples), and the ratio is then
 *                exact, so the ratio alone decides:
 *                ratio > 1 + t regression, ratio < 1 - t improvement,
 *                else same
 *   regression   p < alpha AND the whole ratio CI lies above 1 + t
 *   improvement  p < alpha AND the whole ratio CI lies below 1 - t
 *   same         the whole ratio CI lies within [1 - t, 1 + t]: the data
 *                rule out a change as large as the threshold, significant
 *                or not (a significant 0.2% change is "same" at t = 0.5%)
 *   unknown      anything else: the CI straddles 1 + t or 1 - t, or the
 *                change is beyond t but not significant. More samples
 *                decide it ('hmmbench ab' re-runs exactly these).
 * Between-run guard: when a side pools several runs (hmmbench merge records
 * "runs_samples"), a regression or improvement also needs the runs to
 * agree: every new run's median beyond every base run's median by more than
 * t (for a regression: min new > max base * (1 + t)), else unknown ("run
 * medians overlap"). Pooled samples are not independent when runs drift
 * apart (TCG: one boot's 4k walk at 100 ns/page, the next at 160), and
 * MWU on them mistakes that drift for a change; the guard asks what LKP
 * asks, non-overlapping ranges, with the run as the unit. One run a side:
 * no guard.
 * The CI rule is stricter than comparing the median ratio with t: a change
 * is a regression only when even its optimistic end is beyond the noise
 * threshold, and "same" only when even its pessimistic end is within it.
 *
 * Why MWU decides and KS does not: a per-page cost change shifts the
 * distribution, which is what MWU tests (and Google Benchmark's compare.py
 * uses); Pinpoint's min(MWU, KS) tests two hypotheses at once and so raises
 * the false-alarm rate toward 2 alpha, and KS's extra power is on shape
 * changes that the median ratio (our effect size) does not see. KS is
 * reported so a shape change is visible.
 *
 * Thresholds default per mode (compare_default_threshold()): qemu-icount
 * 0.5% (deterministic guest time), native 2%, qemu-tcg 5% and vm 5% (host
 * noise). When forced across modes, the larger of the two applies.
 *
 * Counters: an event available on both sides is compared the same way per
 * page when both sides have samples_per_page; with one value per side only
 * the ratio is given (verdict unknown, "one value a side"). Higher counts
 * are worse. Counter verdicts are shown but do not change the exit code:
 * time is the figure of merit, counters explain it.
 *
 * Focus (o->only): only configurations whose name matches one of the
 * patterns take part, on either side, so the refusal of different matrices,
 * the verdict counts and the exit code are about them alone; a pattern
 * that matches no configuration of either document is an error.
 *
 * Refusals (compare_check()): different mode, different CPU model,
 * different module ABI, or different configuration sets. Each is an error
 * (exit 2) unless forced, then a warning; forced, only the intersection of
 * the configuration sets is compared, and an empty intersection is always
 * an error. The kernel release never matters: comparing kernels is the point.
 * A different context.module.inject_ns_per_page (a known injected cost, see
 * 'hmmbench sensitivity') is only a warning: measuring it is the point.
 *
 * Exit code (compare_exit_code()): 1 when any configuration regressed,
 * else 125 when any is unknown (git bisect run skips the revision), else 0.
 * Usage and input errors are 2 (EXIT_USAGE).
 */
#ifndef HMMBENCH_COMPARE_H
#define HMMBENCH_COMPARE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "results/results.h"
#include "results/results_model.h"
#include "stats/stats.h"
#include "stats/stats_bootstrap.h"
#include "stats/stats_ks.h"
#include "stats/stats_mann_whitney.h"

#define COMPARE_DEFAULT_ALPHA		0.05
#define COMPARE_DEFAULT_CI_LEVEL	0.95
#define COMPARE_DEFAULT_RESAMPLES	10000
#define COMPARE_DEFAULT_SEED		20250131
/* Below this many samples on a side, a configuration is unknown. */
#define COMPARE_MIN_SAMPLES		3

/* Default noise thresholds (fractions), per mode. */
#define COMPARE_THRESHOLD_ICOUNT	0.005
#define COMPARE_THRESHOLD_NATIVE	0.02
#define COMPARE_THRESHOLD_TCG		0.05
#define COMPARE_THRESHOLD_VM		0.05

/* Exit code for "no regression, but some configuration is unknown". */
#define COMPARE_EXIT_UNKNOWN		125

enum compare_verdict {
	COMPARE_SAME,
	COMPARE_REGRESSION,
	COMPARE_IMPROVEMENT,
	COMPARE_UNKNOWN,
	COMPARE_NR_VERDICTS
};

/* "same", "regression", "improvement", "unknown". */
const char *compare_verdict_name(enum compare_verdict v);

struct compare_options {
	double threshold;	/* fraction; NAN = the mode's default */
	double alpha;
	double ci_level;
	size_t resamples;
	uint64_t seed;
	size_t min_samples;
	int force;		/* turn refusals into warnings */
	const char *only;	/* PATTERN[,PATTERN] (name_patterns.h); NULL = every configuration */
};

void compare_options_default(struct compare_options *o);
double compare_default_threshold(enum results_mode mode);

/* One quantity compared between the two sides. */
struct compare_metric {
	size_t n_base, n_new;
	double base_median, new_median;
	double ratio;			/* new / base; NAN without one */
	struct stats_ci ratio_ci;	/* NAN bounds when not computed */
	double mwu_p, ks_p;		/* NAN when not computed */
	int constant;			/* both sides constant: the ratio alone decided */
	enum compare_verdict verdict;
	char reason[96];		/* why, in a few words */
};

/*
 * The verdict on two series of samples (same unit; higher is worse).
 * @seed seeds the bootstrap. Returns 0, -EDOM (a sample is NaN or
 * infinite: bad input, no verdict) or -ENOMEM.
 */
int compare_samples(const double *base, size_t nbase, const double *new_, size_t nnew,
		    double threshold, const struct compare_options *o, uint64_t seed,
		    struct compare_metric *out);

/*
 * Apply the between-run guard to a regression or improvement verdict in @m:
 * @base and @new_ hold their runs back to back, @base_runs / @new_runs
 * samples each. 0, or -ENOMEM.
 */
int compare_guard_runs(struct compare_metric *m, const double *base, const size_t *base_runs,
		       size_t nr_base_runs, const double *new_, const size_t *new_runs,
		       size_t nr_new_runs, double threshold);

/*
 * The time verdict on one configuration of each side: ns per page compared
 * with compare_samples(), then the between-run guard; when both sides carry
 * the cache simulation's sim:cycles (qemu-sim), estimated cycles per page
 * instead of ns (per_page_figure_pair()). 0, -EINVAL (no usable
 * samples), -EDOM (a non-finite sample) or -ENOMEM.
 */
int compare_configurations(const struct results_model_config *base,
			   const struct results_model_config *new_, double threshold,
			   const struct compare_options *o, uint64_t seed,
			   struct compare_metric *out);

struct compare_counter {
	char *name;			/* the event string */
	struct compare_metric metric;
};

/* One paired configuration. */
struct compare_row {
	char *name;			/* the new side's name */
	char *key;			/* results_config_parameters_key() */
	json_t *parameters;		/* a reference to the new side's parameters */
	struct compare_metric time;	/* ns per page */
	struct compare_counter *counters;
	size_t nr_counters;
};

struct compare_report {
	const char *base_mode, *new_mode;	/* context.mode of each side */
	double threshold;			/* the one used */
	struct compare_options options;
	struct compare_row *rows;		/* in the new document's order */
	size_t nr_rows;
	char **only_base, **only_new;		/* names of unpaired configurations */
	size_t nr_only_base, nr_only_new;
	char **warnings;			/* forced refusals and other caveats */
	size_t nr_warnings;
	size_t counts[COMPARE_NR_VERDICTS];	/* of time verdicts */
};

/*
 * Check that @base and @new_ may be compared. Every problem is added to
 * @r's warnings when o->force is set; otherwise the first is written to err
 * and -EINVAL returned. Used by compare_documents(); exposed for tests.
 */
int compare_check(const struct results_model *base, const struct results_model *new_,
		  const struct compare_options *o, struct compare_report *r, char *err, size_t errlen);

/*
 * Compare two loaded documents (results_model_load()); the report points
 * into them, so they must outlive it. 0 with *r filled (free it
 * with compare_report_free()), or -EINVAL (a refusal, err says which) /
 * -ENOMEM. @r is zeroed first and safe to free in every case.
 */
int compare_documents(const struct results_model *base, const struct results_model *new_,
		      const struct compare_options *o, struct compare_report *r, char *err,
		      size_t errlen);

void compare_report_free(struct compare_report *r);

/* 0, EXIT_FAIL (1) or COMPARE_EXIT_UNKNOWN (125), from the time verdicts. */
int compare_exit_code(const struct compare_report *r);

/* Overall: "regression" if any, else "unknown" if any, else "same"/"improvement". */
const char *compare_overall(const struct compare_report *r);

#endif
