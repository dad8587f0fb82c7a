// SPDX-License-Identifier: GPL-2.0
/* Building the JSON form of the machine, module and runner facts. */
#include <stdio.h>
#include <string.h>

#include "measure/device.h"
#include "measure/facts_json.h"
#include "measure/format.h"
#include "measure/tuning.h"
#include "util/build_info.h"


/* A count the kernel does not have (-1) is null, not a made-up number. */
static json_t *count_or_null(long value)
{
	return value < 0 ? json_null() : json_integer(value);
}

json_t *facts_json_sys(const struct sys_facts *f)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:{s:o, s:o, s:o}, s:s, s:I, s:I, s:{s:s, s:b, s:b, s:s}}",
			 "kernel_release", f->kernel_release,
			 "kernel_version", f->kernel_version,
			 "machine", f->machine,
			 "clocksource", f->clocksource,
			 "clocksources_available", f->clocksources,
			 "thp", "enabled", f->thp_enabled, "defrag", f->thp_defrag,
			 "use_zero_page", f->thp_use_zero_page,
			 "hugetlb", "nr_2m", count_or_null(f->hugetlb_2m_nr),
			 "free_2m", count_or_null(f->hugetlb_2m_free),
			 "default_kb", count_or_null(f->hugetlb_default_kb),
			 "cpu_model", f->cpu_model,
			 "cpus_online", (json_int_t)f->nr_cpus_online,
			 "page_size", (json_int_t)f->page_size,
			 "virtualization", "sys_vendor", f->sys_vendor,
			 "qemu", f->under_qemu, "hypervisor_flag", f->cpu_hypervisor_flag,
			 "mode", f->mode);
}

static json_t *string_or_null(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

static json_t *tristate(int value)
{
	return value < 0 ? json_null() : json_boolean(value);
}

json_t *facts_json_tuning(const struct tuning_facts *t)
{
	json_t *nodes = json_array();

	for (size_t i = 0; i < t->nr_nodes; i++)
		json_array_append_new(nodes, json_pack("{s:i, s:o, s:o}", "node", t->nodes[i].node,
						       "nr_2m", count_or_null(t->nodes[i].nr),
						       "free_2m", count_or_null(t->nodes[i].free)));
	return json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}",
			 "cpu", t->cpu,
			 "cpufreq_governor", string_or_null(t->governor),
			 "cpufreq_driver", string_or_null(t->driver),
			 "max_mhz", count_or_null(t->max_mhz),
			 "boost", tristate(t->boost),
			 "boost_control", string_or_null(t->boost_control),
			 "cpu_scaling_enabled", tuning_cpu_scaling(t),
			 "smt_siblings", string_or_null(t->smt_siblings),
			 "smt_sibling_busy", tristate(t->sibling_busy),
			 "smt_sibling_busy_fraction", t->sibling_busy_fraction < 0 ? json_null() :
			 json_real(t->sibling_busy_fraction),
			 "secure_boot", tristate(t->secure_boot),
			 "lockdown", string_or_null(t->lockdown),
			 "perf_event_paranoid", t->perf_paranoid == -100 ? json_null() :
			 json_integer(t->perf_paranoid),
			 "root", t->is_root,
			 "pmu", string_or_null(t->pmu),
			 "hugetlb_nodes", nodes);
}

json_t *facts_json_module(const struct hmm_bench_info *info,
			  const struct hmm_bench_table_query *tables, unsigned int nr_tables)
{
	json_t *features = json_array(), *table_list = json_array();
	const char *clock = device_clock_name(info->clock);
	char text[256];

	for (unsigned int bit = 0; bit < 32; bit++) {
		const char *name;

		if (!(info->features & (1U << bit)))
			continue;
		name = device_feature_name(1U << bit);
		if (name) {
			json_array_append_new(features, json_string(name));
		} else {
			snprintf(text, sizeof(text), "bit%u", bit);
			json_array_append_new(features, json_string(text));
		}
	}
	for (unsigned int i = 0; i < nr_tables; i++) {
		flag_table_to_string(&tables[i].table, text, sizeof(text));
		json_array_append_new(table_list,
				      json_pack("{s:s, s:s}", "name", tables[i].name, "table", text));
	}
	return json_pack("{s:I, s:s%, s:s%, s:s%, s:o, s:I, s:s, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I}, s:o}",
			 "abi_version", (json_int_t)info->abi_version,
			 "module_version", info->module_version,
			 strnlen(info->module_version, sizeof(info->module_version)),
			 "kernel_release", info->kernel_release,
			 strnlen(info->kernel_release, sizeof(info->kernel_release)),
			 "build_release", info->build_release,
			 strnlen(info->build_release, sizeof(info->build_release)),
			 "features", features,
			 "features_mask", (json_int_t)info->features,
			 "clock", clock ? clock : "unknown",
			 "page_shift", (json_int_t)info->page_shift,
			 "inject_ns_per_page", (json_int_t)info->inject_ns_per_page,
			 "inject_lines_per_page", (json_int_t)info->inject_lines_per_page,
			 "limits", "max_len", (json_int_t)info->max_len,
			 "max_samples", (json_int_t)info->max_samples,
			 "max_warmup", (json_int_t)info->max_warmup,
			 "max_bitmap_bytes", (json_int_t)info->max_bitmap_bytes,
			 "tables", table_list);
}

json_t *facts_json_runner(void)
{
	return json_pack("{s:s, s:s, s:i}", "version", build_info_version(),
			 "git_revision", build_info_git_rev(), "abi_version", HMM_BENCH_ABI_VERSION);
}
