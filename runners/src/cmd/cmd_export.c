// SPDX-License-Identifier: GPL-2.0
/* hmmbench export RESULTS.json --format gbench|bmf|lava: other tools' formats (export.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "results/export.h"
#include "results/results_model.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench export RESULTS.json --format gbench|bmf|lava [--out FILE]\n"
		"\n"
		"  gbench  Google Benchmark JSON (compare.py reads it): one repetition per sample\n"
		"  bmf     bencher's BMF JSON: ns_per_page median with its 95%% CI as bounds\n"
		"  lava    lava-test-case lines, measurement = median ns per page\n");
}

int cmd_export(int argc, char **argv)
{
	const char *input = NULL, *path = NULL, *format_name = NULL;
	enum export_format format;
	char err[512];
	FILE *out = stdout;
	struct results_model m;
	json_t *j = NULL;
	int ret = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
			format_name = argv[++i];
		} else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
			path = argv[++i];
		} else if (argv[i][0] == '-' || input) {
			fprintf(stderr, "hmmbench export: unexpected argument '%s' (see --help)\n",
				argv[i]);
			return EXIT_USAGE;
		} else {
			input = argv[i];
		}
	}
	if (!input || !format_name) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (export_format_parse(format_name, &format)) {
		fprintf(stderr, "hmmbench export: --format '%s': want gbench, bmf or lava\n",
			format_name);
		return EXIT_USAGE;
	}
	if (results_model_load(input, &m, err, sizeof(err))) {
		fprintf(stderr, "hmmbench export: %s\n", err);
		return EXIT_USAGE;
	}
	if (format != EXPORT_LAVA) {
		j = format == EXPORT_GBENCH ? export_gbench(&m) : export_bmf(&m);
		if (!j) {
			fprintf(stderr, "hmmbench export: %s: out of memory or unreadable samples\n",
				input);
			results_model_free(&m);
			return EXIT_USAGE;
		}
	}
	if (path && !(out = fopen(path, "w"))) {
		fprintf(stderr, "hmmbench export: --out %s: %s\n", path, strerror(errno));
		json_decref(j);
		results_model_free(&m);
		return EXIT_USAGE;
	}
	if (j)
		ret = json_dumpf(j, out, JSON_INDENT(1) | JSON_REAL_PRECISION(15)) ||
		      fputc('\n', out) == EOF;
	else
		ret = export_lava(out, &m);
	if ((path ? fclose(out) : fflush(out)) || ret) {
		fprintf(stderr, "hmmbench export: writing %s failed\n", path ? path : "stdout");
		ret = EXIT_USAGE;
	}
	json_decref(j);
	results_model_free(&m);
	return ret ? EXIT_USAGE : EXIT_OK;
}
