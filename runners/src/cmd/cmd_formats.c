// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench formats: within one results document of a patched kernel, what
 * table:<t> (HMM writes the device format) costs or saves against
 * convert:<t> (stock walk plus the driver's conversion pass), per
 * configuration, as ratios with bootstrap CIs. The pairing and the verdict
 * are format_ratios.c's; this file parses flags and prints.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "analysis/format_ratios.h"
#include "results/results.h"
#include "results/results_journal.h"
#include "results/results_load.h"
#include "util/parse_number.h"
#include "results/results_model.h"

enum out_format { OUT_TABLE, OUT_MARKDOWN, OUT_JSON };

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench formats RESULTS.json [OPTIONS]\n\n"
		"Pair every table:<t> configuration with its convert:<t> twin (same op, kind,\n"
		"size and pattern, same run) and print median ns/page of fixed, convert:<t> and\n"
		"table:<t>, the ratio table/convert with its 95%% bootstrap CI, the Mann-Whitney\n"
		"U p-value, and a verdict by compare's rules (results/VERDICT.md): saves,\n"
		"costs, same or unknown.\n\n"
		"  --threshold PCT  noise threshold in percent (default per mode, as compare)\n"
		"  --resamples N    bootstrap resamples (default %d)\n"
		"  --seed N         bootstrap seed (default %d)\n"
		"  --format F       table (default), markdown or json\n"
		"  --out FILE       write there instead of stdout\n\n"
		"exit: 0 printed, 2 usage or input error (or no table:<t> configuration)\n",
		COMPARE_DEFAULT_RESAMPLES, COMPARE_DEFAULT_SEED);
}

static double pct(double ratio)
{
	return 100.0 * (ratio - 1.0);
}

static void print_rows(FILE *f, const struct format_ratio_report *r, int markdown)
{
	const char *sep = markdown ? " | " : "  ";

	if (markdown) {
		fprintf(f, "| op | kind | size | pattern | table | fixed | convert | table | table/convert [95%% CI] | p (MWU) | verdict |\n");
		fprintf(f, "|---|---|---:|---|---|---:|---:|---:|---:|---:|---|\n");
	} else {
		fprintf(f, "%-17s %-9s %5s %-7s %-8s %9s %9s %9s  %-28s %8s  %s\n", "op", "kind",
			"size", "pattern", "table", "fixed", "convert", "table",
			"table/convert [95% CI]", "p", "verdict");
	}
	for (size_t i = 0; i < r->nr_rows; i++) {
		const struct format_ratio *row = &r->rows[i];
		const json_t *p = row->parameters;
		char ratio[64];

		snprintf(ratio, sizeof(ratio), "%+.1f%% [%+.1f%%, %+.1f%%]", pct(row->m.ratio),
			 pct(row->m.ratio_ci.low), pct(row->m.ratio_ci.high));
		if (markdown)
			fprintf(f, "| ");
		fprintf(f, markdown ? "%s%s%s%s%s%s%s%s%s%s%.1f%s%.1f%s%.1f%s%s%s%.3g%s%s" :
				      "%-17s%s%-9s%s%5s%s%-7s%s%-8s%s%9.1f%s%9.1f%s%9.1f%s%-28s%s%8.3g%s%s",
			results_model_param_string(p, "op"), sep,
			results_model_param_string(p, "kind"), sep,
			results_model_param_string(p, "size_label"), sep,
			results_model_param_string(p, "pattern"), sep, row->table, sep,
			row->fixed_median, sep, row->m.base_median, sep, row->m.new_median, sep,
			ratio, sep, row->m.mwu_p, sep, format_ratios_verdict_name(row->m.verdict));
		fprintf(f, markdown ? " |\n" : "\n");
	}
}

static void print_text(FILE *f, const struct format_ratio_report *r, int markdown)
{
	if (markdown) {
		fprintf(f, "table:<t> against convert:<t> on %s (%s, run of %s): median ns/page; ratio = table/convert, same run; verdict by compare's rules at +-%.3g%%.\n\n",
			r->kernel ? r->kernel : "?", r->mode ? r->mode : "?",
			r->date ? r->date : "unknown date", 100 * r->threshold);
	}
	print_rows(f, r, markdown);
	fprintf(f, "\n%s%zu pairs: %zu saves, %zu costs, %zu same, %zu unknown (threshold %.3g%%)\n",
		markdown ? "" : "", r->nr_rows, r->counts[COMPARE_IMPROVEMENT],
		r->counts[COMPARE_REGRESSION], r->counts[COMPARE_SAME], r->counts[COMPARE_UNKNOWN],
		100 * r->threshold);
	for (size_t i = 0; i < r->nr_unpaired; i++)
		fprintf(f, "%sunpaired (no convert twin): %s\n", markdown ? "- " : "", r->unpaired[i]);
}

static int parse_double(const char *flag, const char *value, double *out)
{
	if (parse_number_double(value, 0, HUGE_VAL, out)) {
		fprintf(stderr, "hmmbench formats: %s: '%s' is not a non-negative number\n", flag, value);
		return -1;
	}
	return 0;
}

int cmd_formats(int argc, char **argv)
{
	struct compare_options o;
	struct format_ratio_report r;
	enum out_format fmt = OUT_TABLE;
	const char *file = NULL, *out = NULL;
	char err[512];
	double v;
	json_t *doc;
	FILE *f = stdout;
	int ret;

	compare_options_default(&o);
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			usage(stdout);
			return EXIT_OK;
		}
		if (arg[0] != '-') {
			if (file) {
				fprintf(stderr, "hmmbench formats: one RESULTS.json only ('%s' is extra)\n", arg);
				return EXIT_USAGE;
			}
			file = arg;
			continue;
		}
		if (!value) {
			fprintf(stderr, "hmmbench formats: unknown option or missing value: '%s' (see --help)\n", arg);
			return EXIT_USAGE;
		}
		i++;
		if (!strcmp(arg, "--threshold")) {
			if (parse_double(arg, value, &v))
				return EXIT_USAGE;
			o.threshold = v / 100;
		} else if (!strcmp(arg, "--resamples") || !strcmp(arg, "--seed")) {
			if (parse_double(arg, value, &v) || v != floor(v) ||
			    (!strcmp(arg, "--resamples") && v < 1)) {
				fprintf(stderr, "hmmbench formats: %s needs a whole number\n", arg);
				return EXIT_USAGE;
			}
			if (!strcmp(arg, "--seed"))
				o.seed = (uint64_t)v;
			else
				o.resamples = (size_t)v;
		} else if (!strcmp(arg, "--format")) {
			if (!strcmp(value, "table")) {
				fmt = OUT_TABLE;
			} else if (!strcmp(value, "markdown")) {
				fmt = OUT_MARKDOWN;
			} else if (!strcmp(value, "json")) {
				fmt = OUT_JSON;
			} else {
				fprintf(stderr, "hmmbench formats: --format: '%s' is not table, markdown or json\n", value);
				return EXIT_USAGE;
			}
		} else if (!strcmp(arg, "--out")) {
			out = value;
		} else {
			fprintf(stderr, "hmmbench formats: unknown option '%s' (see --help)\n", arg);
			return EXIT_USAGE;
		}
	}
	if (!file) {
		usage(stderr);
		return EXIT_USAGE;
	}
	doc = results_load(file, err, sizeof(err));
	if (!doc) {
		fprintf(stderr, "hmmbench formats: %s\n", err);
		return EXIT_USAGE;
	}
	ret = format_ratios_build(doc, &o, &r, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "hmmbench formats: %s: %s\n", file, err);
		format_ratios_free(&r);
		json_decref(doc);
		return ret == -ENOMEM ? EXIT_FAIL : EXIT_USAGE;
	}
	if (out && !(f = fopen(out, "w"))) {
		fprintf(stderr, "hmmbench formats: %s: %s\n", out, strerror(errno));
		ret = EXIT_USAGE;
	} else if (fmt == OUT_JSON) {
		json_t *j = format_ratios_json(&r, file);

		ret = !j || json_dumpf(j, f, JSON_INDENT(1) | JSON_REAL_PRECISION(10)) ? EXIT_FAIL : EXIT_OK;
		fputc('\n', f);
		json_decref(j);
	} else {
		print_text(f, &r, fmt == OUT_MARKDOWN);
		ret = EXIT_OK;
	}
	if (out && f) {
		if (fclose(f)) {
			fprintf(stderr, "hmmbench formats: %s: %s\n", out, strerror(errno));
			ret = EXIT_FAIL;
		} else {
			fprintf(stderr, "hmmbench formats: %zu pairs: %zu saves, %zu costs, %zu same, %zu unknown -> %s\n",
				r.nr_rows, r.counts[COMPARE_IMPROVEMENT], r.counts[COMPARE_REGRESSION],
				r.counts[COMPARE_SAME], r.counts[COMPARE_UNKNOWN], out);
		}
	}
	format_ratios_free(&r);
	json_decref(doc);
	return ret;
}
