// SPDX-License-Identifier: GPL-2.0
/* hmmbench info: what the module, the kernel and the machine offer. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/commands.h"
#include "measure/device.h"
#include "measure/facts_json.h"
#include "measure/format.h"
#include "measure/sysinfo.h"
#include "util/build_info.h"

struct info_report {
	struct hmm_bench_info module;
	struct hmm_bench_table_query tables[DEVICE_MAX_TABLES];
	unsigned int nr_tables;
	struct sys_facts sys;
};

static void info_usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench info [--json]\n\n"
		"Print the module's ABI version, features, clock, limits and built-in tables,\n"
		"and the machine facts that matter to a measurement (kernel, clocksource,\n"
		"THP and hugetlb settings, CPU, native or QEMU mode).\n\n"
		"  --json   print the same as one JSON object\n");
}

static int gather(struct info_report *r)
{
	char err[512];
	struct hmm_device dev;
	int ret;

	memset(r, 0, sizeof(*r));
	ret = device_open(&dev, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "hmmbench info: %s\n", err);
		return EXIT_USAGE;
	}
	r->module = dev.info;
	ret = device_load_tables(&dev, r->tables, DEVICE_MAX_TABLES, &r->nr_tables);
	device_close(&dev);
	if (ret) {
		fprintf(stderr, "hmmbench info: GET_TABLE: %s\n", strerror(-ret));
		return EXIT_FAIL;
	}
	sysinfo_gather(&r->sys);
	return EXIT_OK;
}

static void print_features(unsigned int features)
{
	for (unsigned int bit = 0; bit < 32; bit++) {
		const char *name = device_feature_name(1U << bit);

		if (features & (1U << bit)) {
			if (name)
				printf(" %s", name);
			else
				printf(" bit%u", bit);
		}
	}
	if (!(features & HMM_BENCH_FEAT_FLAG_TABLE))
		printf(" (no flag_table: table:<t> formats need the kernel patch)");
	printf("\n");
}

static void print_text(const struct info_report *r)
{
	const struct hmm_bench_info *m = &r->module;
	const struct sys_facts *s = &r->sys;
	const char *clock = device_clock_name(m->clock);
	char table[256];

	printf("hmmbench %s (git %s)\n", build_info_version(), build_info_git_rev());
	printf("%-18s runner %u, module %u\n", "ABI version:", HMM_BENCH_ABI_VERSION, m->abi_version);
	printf("%-18s %.*s\n", "module version:", (int)sizeof(m->module_version), m->module_version);
	printf("%-18s running %s, module built for %.*s%s\n", "kernel release:",
	       s->kernel_release, (int)sizeof(m->build_release), m->build_release,
	       strncmp(s->kernel_release, m->build_release, sizeof(m->build_release)) ?
	       " (MISMATCH)" : "");
	printf("%-18s", "features:");
	print_features(m->features);
	printf("%-18s %s (%u)\n", "clock:", clock ? clock : "unknown", m->clock);
	printf("%-18s len %llu bytes, samples %u, warmup %u, bitmap %u bytes\n", "limits:",
	       (unsigned long long)m->max_len, m->max_samples, m->max_warmup,
	       m->max_bitmap_bytes);
	printf("%-18s %u\n", "page shift:", m->page_shift);
	printf("%-18s %llu ns per page%s\n", "injected cost:",
	       (unsigned long long)m->inject_ns_per_page,
	       m->inject_ns_per_page ? " (SET: samples include a known extra cost)" : " (off)");
	printf("%-18s %llu cache lines per page%s\n", "injected memory:",
	       (unsigned long long)m->inject_lines_per_page,
	       m->inject_lines_per_page ? " (SET: samples include a known memory cost)" : " (off)");
	for (unsigned int i = 0; i < r->nr_tables; i++) {
		flag_table_to_string(&r->tables[i].table, table, sizeof(table));
		printf("%-18s %-8s %s\n", i ? "" : "tables:", r->tables[i].name, table);
	}
	if (!r->nr_tables)
		printf("%-18s none\n", "tables:");
	printf("%-18s %s (available: %s)\n", "clocksource:", s->clocksource, s->clocksources);
	printf("%-18s enabled %s, defrag %s, use_zero_page %s\n", "THP:", s->thp_enabled,
	       s->thp_defrag, s->thp_use_zero_page);
	if (s->hugetlb_2m_nr < 0)
		printf("%-18s unavailable\n", "hugetlb 2 MiB:");
	else
		printf("%-18s %ld reserved, %ld free (default size %ld kB)\n", "hugetlb 2 MiB:",
		       s->hugetlb_2m_nr, s->hugetlb_2m_free, s->hugetlb_default_kb);
	printf("%-18s %s (%ld online)\n", "CPU:", s->cpu_model, s->nr_cpus_online);
	if (s->under_qemu)
		printf("%-18s %s (QEMU: DMI vendor %s)\n", "mode:", s->mode, s->sys_vendor);
	else
		printf("%-18s %s\n", "mode:", s->mode);
}

static int print_json(const struct info_report *r)
{
	json_t *doc = json_pack("{s:o, s:o, s:o}", "runner", facts_json_runner(),
				"module", facts_json_module(&r->module, r->tables, r->nr_tables),
				"system", facts_json_sys(&r->sys));
	int ret;

	if (!doc) {
		fprintf(stderr, "hmmbench info: could not build the JSON document\n");
		return EXIT_FAIL;
	}
	ret = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	printf("\n");
	json_decref(doc);
	return ret ? EXIT_FAIL : EXIT_OK;
}

int cmd_info(int argc, char **argv)
{
	struct info_report report;
	int json = 0, ret;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			info_usage(stdout);
			return EXIT_OK;
		} else {
			fprintf(stderr, "hmmbench info: unknown option '%s' (try --help)\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	ret = gather(&report);
	if (ret)
		return ret;
	if (json)
		return print_json(&report);
	print_text(&report);
	return EXIT_OK;
}
