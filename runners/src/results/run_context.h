/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results context every measuring command (run, scenario) fills the
 * same way: the machine, the kernel and its config, the module. Callers add
 * what only they know (pinning, topology) afterwards, then turn it into the
 * model's typed context (run_context_model()), which the one model writer
 * (results_model_write.h) writes.
 */
#ifndef HMMBENCH_RUN_CONTEXT_H
#define HMMBENCH_RUN_CONTEXT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "hmm_bench_uapi.h"
#include "measure/kconfig.h"
#include "measure/sysinfo.h"
#include "measure/tuning.h"
#include "results/results.h"
#include "results/results_model.h"

/* @ctx points into @facts, @kc and @info: they must outlive it. */
void run_context_fill(struct results_context *ctx, const struct sys_facts *facts,
		      const struct kconfig_facts *kc, const struct hmm_bench_info *info,
		      int argc, char **argv, uint64_t seed);

/* The typed context of a run, with the storage of what it spells out. */
struct run_context {
	struct results_model_context model;
	char date[32];				/* ISO 8601, UTC */
	const char *features[8];		/* the module's feature bits by name */
};

/*
 * @in as the model's context: this hmmbench's version and revision, the
 * date (now when in->date is 0), the mode's label, the module's features
 * by name. @out points into @in, which must outlive it. 0, or -EINVAL
 * (unknown mode, or a seed above 2^63 - 1) with err set.
 */
int run_context_model(const struct results_context *in, struct run_context *out, char *err,
		      size_t errlen);

/*
 * A new document of @in and no configuration yet, written by
 * results_model_write_new(). NULL with err on failure.
 */
json_t *run_context_document(const struct results_context *in, char *err, size_t errlen);

/*
 * Gather the machine state of @cpu (-1: where the caller runs) into @t, and
 * point @ctx->machine at it: cpufreq governor, boost, SMT siblings and
 * whether they are busy, Secure Boot, perf, hugetlb per node.
 */
void run_context_add_machine(struct results_context *ctx, struct tuning_facts *t, int cpu);

#endif
