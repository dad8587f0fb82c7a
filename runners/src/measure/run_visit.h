/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One visit of one configuration of 'hmmbench run': map the range of its
 * page kind, bring it to the state its operation measures, call the module
 * for the visit's samples with the counters running around the calls only,
 * and add what came back to the configuration's accumulated series.
 */
#ifndef HMMBENCH_RUN_VISIT_H
#define HMMBENCH_RUN_VISIT_H

#include <stddef.h>
#include <stdint.h>

#include "measure/counters.h"
#include "measure/device.h"
#include "measure/matrix.h"

/* Everything measured for one configuration so far, over its visits. */
struct config_series {
	double *total_ns;		/* every timed call */
	double *convert_ns;
	size_t nr, cap;
	uint64_t ebusy_total;		/* warm-up and samples, as the module counts */
	uint64_t read_retry_total;
	uint64_t orders[HMM_BENCH_NR_ORDERS];	/* of the last call */
	uint64_t nr_valid, nr_write, nr_error, nr_none;
	/* Counter totals over the timed calls, per event of the run's counters. */
	double counter_total[COUNTERS_MAX];
	double counter_ratio_min[COUNTERS_MAX];	/* worst running/enabled seen */
	/* Per visit and event, the count per page per call: compare tests these. */
	double *counter_visits[COUNTERS_MAX];
	size_t counter_nr_visits[COUNTERS_MAX];
	double minor_faults;		/* getrusage(RUSAGE_THREAD) over the timed calls */
	unsigned int visits;
	char skipped[160];		/* why the configuration could not run, "" if it did */
	int error;			/* the module's -errno that stopped it, 0 if none */
};

void run_visit_series_init(struct config_series *s);
void run_visit_series_free(struct config_series *s);

/*
 * Run @samples timed calls of @config (after @warmup untimed ones) and add
 * them to @series. Returns 0; a kind this machine cannot give or a module
 * error is recorded in @series (skipped / error) and returns -errno, with
 * @err saying what happened.
 */
int run_visit(const struct hmm_device *dev, const struct matrix_config *config,
	      unsigned int warmup, unsigned int samples, struct counters *counters,
	      struct config_series *series, char *err, size_t errlen);

/* The results note saying how the operation prepares its pages. */
const char *run_visit_op_note(enum matrix_op op);

#endif
