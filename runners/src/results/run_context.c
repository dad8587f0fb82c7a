// SPDX-License-Identifier: GPL-2.0
/*
 * The context of a measuring run (run_context.h): filled from the machine's
 * facts, then turned into the results model's typed context.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "results/results_mode.h"
#include "results/results_model_write.h"
#include "results/run_context.h"
#include "util/build_info.h"
#include "util/errmsg.h"

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
	ctx->module_inject_lines_per_page = info->inject_lines_per_page;
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

int run_context_model(const struct results_context *in, struct run_context *out, char *err,
		      size_t errlen)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} features[] = {
		{ HMM_BENCH_FEAT_MAP_ORDER, "map_order" },
		{ HMM_BENCH_FEAT_FLAG_TABLE, "flag_table" },
		{ HMM_BENCH_FEAT_RAW_ENTRIES, "raw_entries" },
		{ HMM_BENCH_FEAT_INJECT, "inject" },
	};
	struct results_model_context *c = &out->model;
	time_t t = in->date ? in->date : time(NULL);
	struct tm tm;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (!results_mode_name(in->mode)) {
		errmsg_set(err, errlen, "results: context: unknown mode %d", (int)in->mode);
		return -EINVAL;
	}
	if (in->seed > INT64_MAX) {
		errmsg_set(err, errlen, "results: context: seed %llu is above 2^63 - 1",
			   (unsigned long long)in->seed);
		return -EINVAL;
	}
	gmtime_r(&t, &tm);
	strftime(out->date, sizeof(out->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (in->module_features & features[i].bit)
			out->features[n++] = features[i].name;
	c->hmmbench_version = build_info_version();
	c->hmmbench_git_rev = build_info_git_rev();
	c->date = out->date;
	c->host_name = in->host_name;
	c->mode = results_mode_name(in->mode);
	c->qemu_options = in->qemu_options;
	c->qemu_fallback = in->qemu_fallback;
	c->machine = in->machine;
	c->kernel_release = in->kernel_release;
	c->kconfig = in->kconfig;
	c->nr_kconfig = in->nr_kconfig;
	c->has_module = in->has_module;
	c->has_module_abi = in->has_module;
	c->module_abi = in->module_abi;
	c->module_version = in->module_version;
	c->module_build_release = in->module_build_release;
	c->page_shift = in->page_shift;
	c->has_inject = in->has_module;
	c->inject_ns_per_page = (int64_t)in->module_inject_ns_per_page;
	c->has_inject_lines = in->has_module;
	c->inject_lines_per_page = (int64_t)in->module_inject_lines_per_page;
	c->module_features = out->features;
	c->nr_module_features = n;
	c->cpu_model = in->cpu_model;
	c->has_num_cpus = in->num_cpus >= 0;
	c->num_cpus = in->num_cpus;
	c->topology = in->topology;
	c->binding.requested = in->binding_requested;
	c->binding.cpuset = in->binding_cpuset;
	c->binding.nodeset = in->binding_nodeset;
	c->binding.sched_policy = in->sched_policy;
	c->binding.sched_priority = in->sched_priority;
	c->clocksource = in->clocksource;
	c->thp_enabled = in->thp_enabled;
	c->thp_defrag = in->thp_defrag;
	c->hugetlb_nr_pages = in->hugetlb_nr_pages;
	c->hugetlb_free_pages = in->hugetlb_free_pages;
	c->hugepage_size_kb = in->hugepage_size_kb;
	c->command_line = (const char *const *)in->argv;
	c->nr_command_line = in->argc > 0 ? (size_t)in->argc : 0;
	c->has_seed = 1;
	c->seed = (int64_t)in->seed;
	return 0;
}

json_t *run_context_document(const struct results_context *in, char *err, size_t errlen)
{
	struct run_context rc;

	if (run_context_model(in, &rc, err, errlen))
		return NULL;
	return results_model_write_new(&rc.model, RESULTS_SCHEMA_VERSION, err, errlen);
}

void run_context_add_machine(struct results_context *ctx, struct tuning_facts *t, int cpu)
{
	if (cpu < 0)
		cpu = sched_getcpu();
	/* 100 ms of the SMT siblings' times: enough to tell a busy loop from idle. */
	tuning_gather(t, cpu, 100);
	ctx->machine = t;
}
