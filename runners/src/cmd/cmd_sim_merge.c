// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench sim-merge DIR: after a guest ran under the cache-simulation
 * plugin (guest-run.sh --mode sim, which calls this), pair the plugin's
 * windows (DIR/sim-windows.txt) with the runner's visits
 * (DIR/sim-visits.txt) and add the sim counters to every results file the
 * visits name (results/sim_counters.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "results/results_model.h"
#include "results/results_model_write.h"
#include "results/results_write.h"
#include "results/sim_counters.h"
#include "util/exit_codes.h"
#include "util/file_text.h"
#include "util/parse_number.h"

#define SIM_MERGE_MAX_TEXT (256u << 20)

static void sim_merge_usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench sim-merge DIR [--guest-dir PATH] [--latencies L2:LLC:MEMORY]\n"
		"\n"
		"Add the cache-simulation plugin's counters (sim:instructions, sim:loads,\n"
		"sim:stores, sim:l1i-misses, sim:l1d-misses, sim:l2-misses, sim:llc-misses,\n"
		"sim:cycles) to the results files a guest run under 'guest-run.sh --mode sim'\n"
		"left in DIR, pairing the windows in DIR/sim-windows.txt with the visits in\n"
		"DIR/sim-visits.txt in order and checking every timed call's icount time\n"
		"against its window's instructions.\n"
		"  --guest-dir PATH      where DIR was in the guest (default /out)\n"
		"  --latencies L:C:M     cycles per L1 miss served by L2, per L2 miss served\n"
		"                        by the LLC, per LLC miss (default %d:%d:%d, Zen 4;\n"
		"                        also HMMBENCH_SIM_LATENCIES)\n"
		"Exit 0; 1 when a file's windows do not pair; 2 for bad usage or input.\n",
		SIM_CYCLES_L2_DEFAULT, SIM_CYCLES_LLC_DEFAULT, SIM_CYCLES_MEMORY_DEFAULT);
}

static int sim_merge_latencies(const char *text, struct sim_cycle_model *cm)
{
	char buf[128], *c1, *c2;

	if (snprintf(buf, sizeof(buf), "%s", text) >= (int)sizeof(buf))
		return -EINVAL;
	c1 = strchr(buf, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c2)
		return -EINVAL;
	*c1 = *c2 = '\0';
	if (parse_number_double(buf, 0, 1e6, &cm->l2_latency) ||
	    parse_number_double(c1 + 1, 0, 1e6, &cm->llc_latency) ||
	    parse_number_double(c2 + 1, 0, 1e6, &cm->memory_latency))
		return -EINVAL;
	return 0;
}

/* Pair and write one results file; 0, EXIT_FAIL or EXIT_USAGE. */
static int sim_merge_one(const char *guest_path, const char *host_path,
			 const struct sim_windows *w, const struct sim_visit_log *log,
			 const struct sim_cycle_model *cm)
{
	struct results_model m;
	struct sim_check check;
	json_t *doc = NULL;
	char err[1024];
	int ret;

	if (results_model_load(host_path, &m, err, sizeof(err))) {
		fprintf(stderr, "hmmbench sim-merge: %s\n", err);
		return EXIT_USAGE;
	}
	ret = sim_counters_add(&m, guest_path, w, log, cm, &check, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "hmmbench sim-merge: %s: %s; no sim counters written\n", host_path, err);
		results_model_free(&m);
		return ret == -EINVAL ? EXIT_FAIL : EXIT_USAGE;
	}
	doc = results_model_write_document(&m, err, sizeof(err));
	if (!doc || results_write_atomic(doc, host_path, err, sizeof(err))) {
		fprintf(stderr, "hmmbench sim-merge: %s: %s\n", host_path, err);
		json_decref(doc);
		results_model_free(&m);
		return EXIT_USAGE;
	}
	printf("hmmbench sim-merge: %s: %zu timed calls paired with their windows; icount time - window instructions in [%lld, %lld]",
	       host_path, check.samples, (long long)check.min_diff, (long long)check.max_diff);
	if (check.idle_samples)
		printf(" but for %zu calls that idled inside (the guest clock ran up to %lld ns on with no instruction)",
		       check.idle_samples, (long long)check.idle_max_ns);
	printf("; %zu configurations without sim counters, %zu windows unused\n",
	       check.unpaired_configs, check.windows_left);
	json_decref(doc);
	results_model_free(&m);
	return EXIT_OK;
}

int cmd_sim_merge(int argc, char **argv)
{
	struct sim_cycle_model cm = { SIM_CYCLES_L2_DEFAULT, SIM_CYCLES_LLC_DEFAULT,
				      SIM_CYCLES_MEMORY_DEFAULT };
	const char *dir = NULL, *guest_dir = "/out", *lat = getenv("HMMBENCH_SIM_LATENCIES");
	struct sim_visit_log log = { 0 };
	struct sim_windows w = { 0 };
	char *wtext = NULL, *vtext = NULL, path[4096], err[512];
	int ret = EXIT_USAGE, worst = EXIT_OK;
	size_t len;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			sim_merge_usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--guest-dir") && i + 1 < argc) {
			guest_dir = argv[++i];
		} else if (!strcmp(argv[i], "--latencies") && i + 1 < argc) {
			lat = argv[++i];
		} else if (argv[i][0] != '-' && !dir) {
			dir = argv[i];
		} else {
			fprintf(stderr, "hmmbench sim-merge: unexpected argument '%s' (see --help)\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!dir) {
		sim_merge_usage(stderr);
		return EXIT_USAGE;
	}
	if (lat && *lat && sim_merge_latencies(lat, &cm)) {
		fprintf(stderr, "hmmbench sim-merge: latencies '%s': want L2:LLC:MEMORY cycles, e.g. 14:50:300\n", lat);
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "%s/sim-windows.txt", dir);
	wtext = file_text_read(path, SIM_MERGE_MAX_TEXT, &len);
	if (!wtext) {
		fprintf(stderr, "hmmbench sim-merge: cannot read %s: was the guest run with --mode sim?\n", path);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/sim-visits.txt", dir);
	vtext = file_text_read(path, SIM_MERGE_MAX_TEXT, &len);
	if (!vtext) {
		fprintf(stderr, "hmmbench sim-merge: cannot read %s: did the job run 'hmmbench run'?\n", path);
		goto out;
	}
	if (sim_windows_parse(wtext, &w, err, sizeof(err)) ||
	    sim_visit_log_parse(vtext, &log, err, sizeof(err))) {
		fprintf(stderr, "hmmbench sim-merge: %s: %s\n", dir, err);
		goto out;
	}
	/* Every results file the visits name, once, in the order first named. */
	for (size_t v = 0; v < log.n; v++) {
		const char *guest = log.v[v].results;
		size_t gl = strlen(guest_dir), seen = 0;
		int rc;

		for (size_t u = 0; u < v && !seen; u++)
			seen = !strcmp(log.v[u].results, guest);
		if (seen)
			continue;
		if (strncmp(guest, guest_dir, gl) || guest[gl] != '/') {
			fprintf(stderr, "hmmbench sim-merge: %s is not under the guest's %s: skipped\n", guest, guest_dir);
			worst = EXIT_USAGE;
			continue;
		}
		snprintf(path, sizeof(path), "%s%s", dir, guest + gl);
		rc = sim_merge_one(guest, path, &w, &log, &cm);
		if (rc > worst)
			worst = rc;
	}
	if (!log.n)
		fprintf(stderr, "hmmbench sim-merge: %s: the visit log names no visit\n", dir);
	ret = log.n ? worst : EXIT_USAGE;
out:
	sim_windows_free(&w);
	sim_visit_log_free(&log);
	free(wtext);
	free(vtext);
	return ret;
}
