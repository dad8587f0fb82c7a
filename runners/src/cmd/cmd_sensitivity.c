// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench sensitivity FILE...: the false-alarm rate and the smallest
 * reliably detected injected cost, from results documents of baseline and
 * injected runs (sensitivity.h). runners/sensitivity.sh makes the runs.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "analysis/compare_cli.h"
#include "results/results.h"
#include "results/results_journal.h"
#include "results/results_load.h"
#include "analysis/sensitivity.h"
#include "analysis/sensitivity_output.h"
#include "util/parse_number.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench sensitivity FILE... [OPTIONS]\n"
		"\n"
		"FILEs are results documents of one mode and one matrix; each is a baseline\n"
		"when its context.module.inject_ns_per_page is 0, else an injected run.\n"
		"Every pair of baselines is compared (A/A: a regression or improvement is a\n"
		"false alarm), and every injected run against every baseline (detected = a\n"
		"regression verdict). Prints a Markdown report: the false-alarm rate, the\n"
		"detection rate per injected size, and the smallest size detected in at\n"
		"least the bar's share of its trials (and so is every larger size).\n"
		"\n"
		"  --bar PCT        reliability bar in percent (default %.0f)\n"
		"  --markdown FILE  write the Markdown there instead of stdout\n"
		"  --json FILE      also write the report as JSON\n"
		"  --threshold PCT, --alpha A, --resamples N, --seed N, --force: as for compare\n"
		"\n"
		"exit: 0 report written, 2 usage or input error. Runs: runners/sensitivity.sh.\n",
		100 * SENSITIVITY_DEFAULT_BAR);
}

static int write_json(const struct sensitivity_report *r, const char *path)
{
	json_t *j = sensitivity_output_json(r);
	int ret = j ? json_dump_file(j, path, JSON_INDENT(1) | JSON_REAL_PRECISION(8)) : -1;

	json_decref(j);
	if (ret)
		fprintf(stderr, "hmmbench sensitivity: --json %s: cannot write it\n", path);
	return ret;
}

static int write_markdown(const struct sensitivity_report *r, const char *path)
{
	FILE *out = path ? fopen(path, "w") : stdout;

	if (!out) {
		fprintf(stderr, "hmmbench sensitivity: --markdown %s: %s\n", path, strerror(errno));
		return -1;
	}
	sensitivity_output_markdown(out, r);
	if (path ? fclose(out) : fflush(out)) {
		fprintf(stderr, "hmmbench sensitivity: writing the report failed\n");
		return -1;
	}
	return 0;
}

static int parse_bar(const char *s, double *bar)
{
	double v;

	if (parse_number_double(s, 0, 100, &v) || v == 0)
		return -1;
	*bar = v / 100;
	return 0;
}

static int analyse(char **files, int nfiles, const struct compare_options *o, double bar,
		   const char *md, const char *json)
{
	struct results_model *docs = calloc((size_t)nfiles, sizeof(*docs));
	struct sensitivity_report r;
	char err[1024];
	int ret = EXIT_OK;

	memset(&r, 0, sizeof(r));
	if (!docs) {
		fprintf(stderr, "hmmbench sensitivity: out of memory\n");
		return EXIT_FAIL;
	}
	for (int i = 0; i < nfiles && ret == EXIT_OK; i++) {
		if (results_model_load(files[i], &docs[i], err, sizeof(err))) {
			fprintf(stderr, "hmmbench sensitivity: %s: %s\n", files[i], err);
			ret = EXIT_USAGE;
		}
	}
	if (ret == EXIT_OK && sensitivity_analyze(docs, (size_t)nfiles, o, bar, &r, err, sizeof(err))) {
		fprintf(stderr, "hmmbench sensitivity: %s\n", err);
		ret = EXIT_USAGE;
	}
	if (ret == EXIT_OK && (write_markdown(&r, md) || (json && write_json(&r, json))))
		ret = EXIT_FAIL;
	sensitivity_report_free(&r);
	for (int i = 0; i < nfiles; i++)
		results_model_free(&docs[i]);
	free(docs);
	return ret;
}

int cmd_sensitivity(int argc, char **argv)
{
	enum compare_format unused_format = COMPARE_FORMAT_TABLE;
	const char *md = NULL, *json = NULL, *unused_out = NULL;
	double bar = SENSITIVITY_DEFAULT_BAR;
	struct compare_options o;
	char **files = calloc((size_t)argc, sizeof(*files));
	int nfiles = 0, ret;

	if (!files)
		return EXIT_FAIL;
	compare_options_default(&o);
	for (int i = 1; i < argc; i++) {
		const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(flag, "--help") || !strcmp(flag, "-h")) {
			usage(stdout);
			free(files);
			return EXIT_OK;
		}
		if (!strcmp(flag, "--bar") || !strcmp(flag, "--markdown") || !strcmp(flag, "--json")) {
			if (!value) {
				fprintf(stderr, "hmmbench sensitivity: %s needs a value\n", flag);
				goto usage_error;
			}
			i++;
			if (!strcmp(flag, "--markdown")) {
				md = value;
			} else if (!strcmp(flag, "--json")) {
				json = value;
			} else if (parse_bar(value, &bar)) {
				fprintf(stderr, "hmmbench sensitivity: --bar '%s': want a percentage "
					"in (0, 100]\n", value);
				goto usage_error;
			}
			continue;
		}
		/* compare's --format and --out make no sense here. */
		if (strcmp(flag, "--format") && strcmp(flag, "--out")) {
			ret = compare_cli_parse_flag("sensitivity", argc, argv, &i, &o, &unused_format,
						 &unused_out);
			if (ret < 0)
				goto usage_error;
			if (ret)
				continue;
		}
		if (flag[0] == '-' && flag[1]) {
			fprintf(stderr, "hmmbench sensitivity: unknown option '%s' (try --help)\n", flag);
			goto usage_error;
		}
		files[nfiles++] = argv[i];
	}
	if (!nfiles) {
		fprintf(stderr, "hmmbench sensitivity: no results documents given (try --help)\n");
		goto usage_error;
	}
	ret = analyse(files, nfiles, &o, bar, md, json);
	free(files);
	return ret;
usage_error:
	free(files);
	return EXIT_USAGE;
}
