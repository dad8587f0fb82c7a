/* SPDX-License-Identifier: GPL-2.0 */
/*
 * table:<t> against convert:<t> within one results document: what direct
 * flag-table encoding by HMM (the kernel patch) costs or saves against the
 * stock walk plus the driver's conversion pass, per configuration.
 *
 * Pairing: a configuration whose parameters.format is "table:<t>" pairs
 * with the one whose parameters are equal except format = "convert:<t>";
 * the "fixed" one beside them is reported for scale. Both sides run on the
 * same kernel in the same boot, interleaved round by round, so the pair
 * differs only in who encodes the device entries.
 *
 * Each pair goes through compare_samples() with convert as the base and
 * table as the new side, on ns per page: ratio = median(table) /
 * median(convert) with its bootstrap CI, the Mann-Whitney U p-value, and
 * compare's verdict rules and per-mode threshold (results/VERDICT.md):
 * IMPROVEMENT = the table saves, REGRESSION = the table costs more.
 */
#ifndef HMMBENCH_FORMAT_RATIOS_H
#define HMMBENCH_FORMAT_RATIOS_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/compare.h"
#include "hmm_bench_uapi.h"

struct format_ratio {
	char *name;			/* the table:<t> configuration's name */
	char *convert_name;		/* its convert:<t> partner's */
	json_t *parameters;		/* a reference to the table side's parameters */
	char table[HMM_BENCH_TABLE_NAME_LEN];
	double fixed_median;		/* ns/page of the fixed configuration, NAN if absent */
	struct compare_metric m;	/* base = convert:<t>, new = table:<t> */
};

struct format_ratio_report {
	const char *mode;		/* context.mode */
	const char *kernel;		/* context.kernel.release */
	const char *date;		/* context.date: when the run was made */
	double threshold;
	struct compare_options options;
	struct format_ratio *rows;	/* sorted: op, kind, size, pattern, table */
	size_t nr_rows;
	char **unpaired;		/* table:<t> configurations without convert:<t> */
	size_t nr_unpaired;
	size_t counts[COMPARE_NR_VERDICTS];
};

/*
 * "table:nouveau" -> @partner "convert:nouveau" and @table "nouveau".
 * 0, or -EINVAL when @format is not a table:<t> format (or does not fit).
 */
int format_ratios_partner(const char *format, char *partner, size_t plen, char *table,
			 size_t tlen);

/*
 * Pair and judge every table:<t> configuration of @doc (results_load()).
 * o->threshold NAN = the mode's default. 0 with *r filled (free it with
 * format_ratios_free()), -EINVAL with err when @doc has no table:<t>
 * configuration at all, or -ENOMEM.
 */
int format_ratios_build(const json_t *doc, const struct compare_options *o,
			struct format_ratio_report *r, char *err, size_t errlen);

void format_ratios_free(struct format_ratio_report *r);

/*
 * The 'hmmbench formats --format json' report of @r, read from @file
 * (results/report_model.h, written by report_model_write.h); a new
 * reference, or NULL on allocation failure.
 */
json_t *format_ratios_json(const struct format_ratio_report *r, const char *file);

/* "saves", "costs", "same", "unknown": a verdict in the table's words. */
const char *format_ratios_verdict_name(enum compare_verdict v);

/* Order of two rows as in the report (qsort comparator, exposed for tests). */
int format_ratios_cmp(const void *a, const void *b);

#endif
