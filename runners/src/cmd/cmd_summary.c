// SPDX-License-Identifier: GPL-2.0
/* hmmbench summary: the short table of one or more results documents. */
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "results/results_model.h"
#include "analysis/summary.h"

#define MAX_DOCS	16

int cmd_summary(int argc, char **argv)
{
	struct results_model docs[MAX_DOCS];
	size_t n = 0;
	int ret = EXIT_OK;
	char err[512];

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fprintf(argc < 2 ? stderr : stdout,
			"usage: hmmbench summary RESULTS.json [RESULTS.json ...]\n"
			"Median ns/page and its 95%% CI per configuration, one column per file\n"
			"(qemu-sim files: estimated cycles per page of the cache simulation);\n"
			"sizes sort by value. With two files, a last column with the change of\n"
			"the median (second against first).\n");
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (argc - 1 > MAX_DOCS) {
		fprintf(stderr, "hmmbench summary: at most %d files\n", MAX_DOCS);
		return EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		if (results_model_load(argv[i], &docs[n], err, sizeof(err))) {
			fprintf(stderr, "hmmbench summary: %s\n", err);
			ret = EXIT_USAGE;
			break;
		}
		n++;
	}
	if (ret == EXIT_OK)
		summary_print(stdout, docs, n);
	for (size_t i = 0; i < n; i++)
		results_model_free(&docs[i]);
	return ret;
}
