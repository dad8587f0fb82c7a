/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 'hmmbench fuzz': seeded random and mutated ioctls on /dev/hmm_bench from
 * several threads, on one shared fd and on fds of their own, while another
 * thread munmaps, remaps, mprotects and MADV_DONTNEEDs part of the memory
 * the calls mirror. Every result is checked against fuzz_oracle.h.
 *
 * Each fuzzing thread draws from its own stream (rng_derive_seed(seed,
 * thread)), so a seed and a thread count reproduce the same calls; only the
 * outcomes of calls on churned memory depend on timing.
 */
#ifndef HMMBENCH_FUZZ_H
#define HMMBENCH_FUZZ_H

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

/*
 * Open the device, lay out the memory, run the threads, fill @r. Returns 0
 * when the fuzzing ran (failures are in r->failures), -1 with @err when it
 * could not start (no module, no memory).
 */
int fuzz_run(const struct fuzz_options *o, struct fuzz_report *r, char *err, size_t errlen);

const char *fuzz_cmd_name(enum fuzz_cmd c);

#endif
