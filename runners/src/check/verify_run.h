/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checking the module's output against the kernel's page tables on real
 * memory of every page kind, and every device format against the stock
 * entries: what 'hmmbench verify' runs.
 */
#ifndef HMMBENCH_VERIFY_RUN_H
#define HMMBENCH_VERIFY_RUN_H

#include <stddef.h>

#include "hmm_bench_uapi.h"

#define VERIFY_RUN_DEFAULT_PAGES	1024	/* 4 MiB: a few seconds per kind under QEMU TCG */
#define VERIFY_RUN_MAX_PAGES		(1U << 20)

struct verify_run_options {
	unsigned int kinds;		/* 1 << enum page_kind */
	size_t nr_pages;		/* per buffer */
	int verbose;			/* print every check, not only failures and skips */
	int strict;			/* known kernel deviations fail */
	int have_user_table;
	struct hmm_bench_flag_table user_table;
};

/*
 * Open the device, run every check, print each failure and a summary.
 * EXIT_OK all passed, EXIT_FAIL a check failed, EXIT_USAGE no usable module.
 */
int verify_run(const struct verify_run_options *opt);

#endif
