// SPDX-License-Identifier: GPL-2.0
/* hmmbench merge A1.json A2.json ... --out A.json: pool runs' samples (merge.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "merge.h"
#include "results.h"

int cmd_merge(int argc, char **argv)
{
	const char *out = NULL;
	json_t **docs = calloc((size_t)argc, sizeof(*docs)), *merged = NULL;
	size_t n = 0;
	char err[1024];
	int ret = EXIT_USAGE;

	if (!docs)
		return EXIT_USAGE;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: hmmbench merge RESULTS.json... --out MERGED.json\n"
			       "Pool the samples of runs of the same mode, per configuration\n"
			       "(paired by parameters); statistics are recomputed.\n");
			ret = EXIT_OK;
			goto done;
		} else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
			out = argv[++i];
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "hmmbench merge: unexpected argument '%s'\n", argv[i]);
			goto done;
		} else if (!(docs[n] = results_load(argv[i], err, sizeof(err)))) {
			fprintf(stderr, "hmmbench merge: %s\n", err);
			goto done;
		} else {
			n++;
		}
	}
	if (!n || !out) {
		fprintf(stderr, "usage: hmmbench merge RESULTS.json... --out MERGED.json\n");
		goto done;
	}
	merged = results_merge(docs, n, err, sizeof(err));
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
	return ret;
}
