// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench compare BASE.json NEW.json: the regression verdict (compare.h)
 * as a table, Markdown or JSON, with an exit code for CI and git bisect.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "analysis/compare.h"
#include "analysis/compare_cli.h"
#include "results/results_model.h"
#include "util/cli_flag.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench compare BASE.json NEW.json [OPTIONS]\n"
		"\n"
		"Per configuration (paired by parameters): ns/page medians, the change with the\n"
		"95%% bootstrap CI of the median ratio, Mann-Whitney U and Kolmogorov-Smirnov\n"
		"p-values, and a verdict: same, regression, improvement or unknown.\n"
		"\n"
		"  --threshold PCT  noise threshold in percent (default per mode: qemu-icount 0.5,\n"
		"                   qemu-sim 0.5, native 2, qemu-tcg 5, qemu-kvm 5, vm 5; two\n"
		"                   qemu-sim documents are judged on sim:cycles per page)\n"
		"  --alpha A        significance level of the U test (default 0.05)\n"
		"  --resamples N    bootstrap resamples (default 10000)\n"
		"  --seed N         bootstrap seed (default %d)\n"
		"  --format F       table (default: changes first, then geometric means per\n"
		"                   operation and page kind, then every configuration),\n"
		"                   markdown, csv or json\n"
		"  --out FILE       write the report to FILE instead of stdout\n"
		"  --list VERDICT   print only the names of the configurations with that verdict\n"
		"                   (same, regression, improvement, unknown), one per line\n"
		"  --only PATTERN[,PATTERN]  judge only the configurations whose name matches\n"
		"                   one of these fnmatch(3) globs ('snapshot/*', 'fault-*/thp/*',\n"
		"                   exact names); the verdict and exit code are theirs alone\n"
		"Every flag with a value also takes the form --flag=VALUE.\n"
		"  --force          compare different modes, CPUs, module ABIs or matrices\n"
		"                   anyway (warnings; only common configurations)\n"
		"\n"
		"exit: 0 no regression, 1 regression, 2 usage or input error,\n"
		"      125 no regression but some configuration unknown (git bisect run skips)\n"
		"Rules: results/VERDICT.md.\n", COMPARE_DEFAULT_SEED);
}

int cmd_compare(int argc, char **argv)
{
	enum compare_format format = COMPARE_FORMAT_TABLE;
	struct compare_options o;
	struct compare_report r;
	struct compare_sides s = { 0 };
	const char *files[2] = { NULL, NULL }, *out = NULL, *list = NULL;
	struct results_model docs[2];
	char err[1024];
	int nfiles = 0, ret;

	memset(docs, 0, sizeof(docs));
	compare_options_default(&o);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		}
		ret = cli_flag_value("compare", argc, argv, &i, "--list", &list);
		if (!ret)
			ret = cli_flag_value("compare", argc, argv, &i, "--only", &o.only);
		if (ret < 0)
			return EXIT_USAGE;
		if (ret)
			continue;
		ret = compare_cli_parse_flag("compare", argc, argv, &i, &o, &format, &out);
		if (ret < 0)
			return EXIT_USAGE;
		if (ret)
			continue;
		if ((argv[i][0] == '-' && argv[i][1]) || nfiles == 2) {
			fprintf(stderr, "hmmbench compare: unexpected argument '%s' (see --help)\n",
				argv[i]);
			return EXIT_USAGE;
		}
		files[nfiles++] = argv[i];
	}
	if (nfiles != 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (list && strcmp(list, "same") && strcmp(list, "regression") &&
	    strcmp(list, "improvement") && strcmp(list, "unknown")) {
		fprintf(stderr, "hmmbench compare: --list '%s': want same, regression, improvement "
			"or unknown\n", list);
		return EXIT_USAGE;
	}
	for (int i = 0; i < 2; i++) {
		if (results_model_load(files[i], &docs[i], err, sizeof(err))) {
			fprintf(stderr, "hmmbench compare: %s\n", err);
			results_model_free(&docs[0]);
			return EXIT_USAGE;
		}
	}
	ret = compare_documents(&docs[0], &docs[1], &o, &r, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "hmmbench compare: %s vs %s: %s\n", files[0], files[1], err);
		ret = EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < r.nr_warnings; i++)
		fprintf(stderr, "hmmbench compare: warning: %s\n", r.warnings[i]);
	s.base_file = files[0];
	s.new_file = files[1];
	s.base = &docs[0];
	s.new_ = &docs[1];
	if (list) {
		/* For scripts: 'hmmbench ab' re-runs exactly the unknown configurations. */
		for (size_t i = 0; i < r.nr_rows; i++)
			if (!strcmp(compare_verdict_name(r.rows[i].time.verdict), list))
				printf("%s\n", r.rows[i].name);
		ret = compare_exit_code(&r);
		goto out;
	}
	ret = compare_cli_emit("compare", &r, &s, format, out) ? EXIT_USAGE : compare_exit_code(&r);
out:
	compare_report_free(&r);
	results_model_free(&docs[0]);
	results_model_free(&docs[1]);
	return ret;
}
