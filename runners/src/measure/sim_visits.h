/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The visit log of a run under the cache-simulation plugin (MODE=sim).
 * QEMU 7.2's plugins read no guest memory, so the plugin's windows (one
 * per timed or warm-up driver-loop call, sim-plugin/hmm_sim_plugin.c) say
 * nothing of which configuration they measured. The runner therefore
 * appends one line per visit, in the order it made them, to the file named
 * by HMMBENCH_SIM_VISITS (guest-run.sh --mode sim sets it); the host pairs
 * the two in order afterwards (results/sim_counters.h). No variable, no log.
 *
 * A line: "visit<TAB>RESULTS<TAB>CONFIG<TAB>WARMUP<TAB>SAMPLES<TAB>STATUS",
 * with RESULTS the absolute path of the run's results file and STATUS
 * "ok", "skipped" (nothing was called: no windows) or "failed" (the module
 * failed a call: how many windows it left is not known, so pairing stops).
 */
#ifndef HMMBENCH_SIM_VISITS_H
#define HMMBENCH_SIM_VISITS_H

#include <stdio.h>

struct sim_visits {
	FILE *log;		/* NULL: not under the plugin */
	char results[4096];	/* the run's results file, absolute */
};

/*
 * Open the log named by HMMBENCH_SIM_VISITS, if set, for a run writing
 * @results_path. 0, or -errno with @err set (the variable names a file
 * that cannot be appended to).
 */
int sim_visits_open(struct sim_visits *v, const char *results_path, char *err, size_t errlen);

/* One visit: @warmup untimed and @samples timed calls of @config; @status as above. */
void sim_visits_log(struct sim_visits *v, const char *config, unsigned int warmup,
		    unsigned int samples, const char *status);

void sim_visits_close(struct sim_visits *v);

#endif
