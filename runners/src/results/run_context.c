// SPDX-License-Identifier: GPL-2.0
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "results/run_context.h"
#include "results/results_mode.h"

void run_context_fill(struct results_context *ctx, const struct sys_facts *facts,
		      const struct kconfig_facts *kc, const struct hmm_bench_info *info,
		      int argc, char **argv, uint64_t seed)
{
	memset(ctx, 0, sizeof(*ctx));
	if (results_mode_from_sysinfo(facts->mode, &ctx->mode))
		ctx->mode = RESULTS_MODE_NATIVE;
	/* Set by runners/qemu/guest-run.sh in the guest's job. */
	ctx->qemu_options = getenv("HMMBENCH_QEMU_OPTIONS");
	/* Set by guest-run.sh when KVM was asked for and its probe boot failed. */
	ctx->qemu_fallback = getenv("HMMBENCH_QEMU_FALLBACK");
	ctx->kernel_release = facts->kernel_release;
	ctx->kconfig = kc->options;
	ctx->nr_kconfig = kc->nr_options;
	ctx->has_module = 1;
	ctx->module_abi = info->abi_version;
	ctx->module_features = info->features;
	ctx->page_shift = info->page_shift;
	ctx->module_version = info->module_version;
	ctx->module_build_release = info->build_release;
	ctx->module_inject_ns_per_page = info->inject_ns_per_page;
	ctx->cpu_model = facts->cpu_model;
	ctx->num_cpus = (int)facts->nr_cpus_online;
	ctx->sched_policy = "SCHED_OTHER";
	ctx->clocksource = facts->clocksource;
	ctx->thp_enabled = facts->thp_enabled;
	ctx->thp_defrag = facts->thp_defrag;
	ctx->hugetlb_nr_pages = facts->hugetlb_2m_nr;
	ctx->hugetlb_free_pages = facts->hugetlb_2m_free;
	ctx->hugepage_size_kb = facts->hugetlb_default_kb;
	ctx->argc = argc;
	ctx->argv = argv;
	ctx->seed = seed;
}

void run_context_add_machine(struct results_context *ctx, struct tuning_facts *t, int cpu)
{
	if (cpu < 0)
		cpu = sched_getcpu();
	/* 100 ms of the SMT siblings' times: enough to tell a busy loop from idle. */
	tuning_gather(t, cpu, 100);
	ctx->machine = t;
}
