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
#include "measure/tuning.h"

/* @ctx points into @facts, @kc and @info: they must outlive it. */
void run_context_fill(struct results_context *ctx, const struct sys_facts *facts,
		      const struct kconfig_facts *kc, const struct hmm_bench_info *info,
		      int argc, char **argv, uint64_t seed);

/*
 * Gather the machine state of @cpu (-1: where the caller runs) into @t, and
 * point @ctx->machine at it: cpufreq governor, boost, SMT siblings and
 * whether they are busy, Secure Boot, perf, hugetlb per node.
 */
void run_context_add_machine(struct results_context *ctx, struct tuning_facts *t, int cpu);

#endif
