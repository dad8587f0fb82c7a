// SPDX-License-Identifier: GPL-2.0
/* hmmbench merge A1.json A2.json ... --out A.json: pool runs' samples (merge.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "results/merge.h"
#include "results/results.h"
#include "results/results_write.h"
#include "results/results_journal.h"
#include "results/results_load.h"
#include "results/results_model_check.h"

int cmd_merge(int argc, char **argv)
{
	const char *out = NULL;
	json_t **docs = calloc((size_t)argc, sizeof(*docs)), *merged = NULL;
	const char **files = calloc((size_t)argc, sizeof(*files));
	size_t n = 0;
	char err[1024];
	int ret = EXIT_USAGE, force = 0;

	if (!docs || !files)
		goto done;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: hmmbench merge RESULTS.json... --out MERGED.json [--force]\n"
			       "Pool the samples of runs per configuration (paired by parameters);\n"
			       "statistics are recomputed. Runs of different kernels, modes, CPUs,\n"
			       "module ABIs or matrices are refused unless --force.\n");
			ret = EXIT_OK;
			goto done;
		} else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
			out = argv[++i];
		} else if (!strncmp(argv[i], "--out=", 6)) {
			out = argv[i] + 6;
		} else if (!strcmp(argv[i], "--force")) {
			force = 1;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "hmmbench merge: unexpected argument '%s'\n", argv[i]);
			goto done;
		} else if (!(docs[n] = results_load(argv[i], err, sizeof(err))) ||
			   results_model_check_document(docs[n], argv[i], err, sizeof(err))) {
			fprintf(stderr, "hmmbench merge: %s\n", err);
			json_decref(docs[n]);
			goto done;
		} else {
			files[n++] = argv[i];
		}
	}
	if (!n || !out) {
		fprintf(stderr, "usage: hmmbench merge RESULTS.json... --out MERGED.json [--force]\n");
		goto done;
	}
	if (merge_check(docs, files, n, err, sizeof(err))) {
		fprintf(stderr, force ? "hmmbench merge: warning: %s (forced)\n" :
			"hmmbench merge: %s (--force pools them anyway)\n", err);
		if (!force)
			goto done;
	}
	merged = merge_named(docs, files, n, force, err, sizeof(err));
	if (!merged || results_write_atomic(merged, out, err, sizeof(err))) {
		fprintf(stderr, "hmmbench merge: %s\n", err);
		goto done;
	}
	ret = EXIT_OK;
done:
	json_decref(merged);
	for (size_t i = 0; i < n; i++)
		json_decref(docs[i]);
	free(docs);
	free(files);
	return ret;
}
