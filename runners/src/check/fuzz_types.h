/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The options and the report of a fuzzing session: what the command gives
 * fuzz_run() and gets back, and what every fuzzing thread (fuzz_gen.h)
 * tallies into. A header of its own so the generator need not include the
 * session's entry point.
 */
#ifndef HMMBENCH_FUZZ_TYPES_H
#define HMMBENCH_FUZZ_TYPES_H

#include <stdint.h>
#include <stdio.h>

#include "check/fuzz_oracle.h"

#define FUZZ_MAX_THREADS	8

struct fuzz_options {
	uint64_t seed;
	uint64_t calls;		/* over all threads */
	unsigned int threads;	/* 1 .. FUZZ_MAX_THREADS */
	int churn;		/* run the churn thread */
	unsigned int show;	/* failures printed in full */
	FILE *log;		/* failures and progress */
};

enum fuzz_cmd { FUZZ_CMD_RUN, FUZZ_CMD_INFO, FUZZ_CMD_TABLE, FUZZ_CMD_UNKNOWN, FUZZ_NR_CMDS };

struct fuzz_report {
	uint64_t calls;
	uint64_t by_cmd[FUZZ_NR_CMDS];
	uint64_t outcomes[FUZZ_NR_OUTCOMES];
	uint64_t sole_hits[FUZZ_NR_PATHS];	/* the path was the call's only cause, and matched */
	uint64_t multi_cause;			/* calls breaking several rules at once */
	uint64_t unknown_memory;		/* calls whose range met churned or foreign memory */
	uint64_t on_shared_fd, on_own_fd, on_fresh_fd;
	uint64_t heavy;				/* calls at a work limit (MAX samples, MAX len) */
	uint64_t churn_ops;
	uint64_t ebusy_total, read_retry_total;	/* of successful runs */
	uint64_t failures;
	/* What the machine offered. */
	int la57, flag_table, privileged, thp;
	uint32_t nr_tables;
};

#endif
