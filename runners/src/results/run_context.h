/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results context every measuring command (run, scenario) fills the
 * same way: the machine, the kernel and its config, the module. Callers add
 * what only they know (pinning, topology) afterwards.
 */
#ifndef HMMBENCH_RUN_CONTEXT_H
#define HMMBENCH_RUN_CONTEXT_H

#include <stdint.h>

#include "hmm_bench_uapi.h"
#include "measure/kconfig.h"
#include "results/results.h"
#include "measure/sysinfo.h"

/* @ctx points into @facts, @kc and @info: they must outlive it. */
void run_context_fill(struct results_context *ctx, const struct sys_facts *facts,
		      const struct kconfig_facts *kc, const struct hmm_bench_info *info,
		      int argc, char **argv, uint64_t seed);

#endif
