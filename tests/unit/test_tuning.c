// SPDX-License-Identifier: GPL-2.0
/*
 * The machine state on a fake sysfs/proc tree: cpufreq governor, both boost
 * controls, SMT siblings, Secure Boot, lockdown, perf_event_paranoid, PMU,
 * hugetlb per node; the judgements run and doctor print; kconfig from a
 * gzip file as /proc/config.gz is.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "check.h"
#include "measure/kconfig.h"
#include "measure/tuning.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	test_put_file(root, rel, text, strlen(text));
}

static void drop(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s%s", root, rel);
	remove(path);
}

#define CPU0 "/sys/devices/system/cpu/cpu0"

static void fake_machine(void)
{
	static const unsigned char secure_on[5] = { 6, 0, 0, 0, 1 };

	put(CPU0 "/cpufreq/scaling_governor", "powersave\n");
	put(CPU0 "/cpufreq/scaling_driver", "acpi-cpufreq\n");
	put(CPU0 "/cpufreq/cpuinfo_max_freq", "3600000\n");
	put("/sys/devices/system/cpu/cpufreq/boost", "1\n");
	put(CPU0 "/topology/thread_siblings_list", "0,4\n");
	put("/proc/stat", "cpu  1 2 3 4\ncpu0 10 0 0 90 0 0 0 0\ncpu4 50 0 0 50 0 0 0 0\n");
	test_put_file(root, "/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c",
		  secure_on, sizeof(secure_on));
	put("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	put("/proc/sys/kernel/perf_event_paranoid", "2\n");
	put("/sys/bus/event_source/devices/cpu/type", "4\n");
	put("/sys/bus/event_source/devices/software/type", "1\n");
	put("/sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages", "8\n");
	put("/sys/devices/system/node/node0/hugepages/hugepages-2048kB/free_hugepages", "6\n");
	put("/sys/devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages", "0\n");
	put("/sys/devices/system/node/node1/hugepages/hugepages-2048kB/free_hugepages", "0\n");
}

static void test_gather(void)
{
	struct tuning_facts t;

	fake_machine();
	tuning_gather(&t, 0, 0);
	EXPECT(!strcmp(t.governor, "powersave"));
	EXPECT(!strcmp(t.driver, "acpi-cpufreq"));
	EXPECT_EQ_INT(t.max_mhz, 3600);
	EXPECT_EQ_INT(t.boost, 1);
	EXPECT(strstr(t.boost_control, "cpufreq/boost") != NULL);
	EXPECT(!strcmp(t.smt_siblings, "4"));
	EXPECT_EQ_INT(t.sibling_busy, -1);	/* not sampled */
	EXPECT_EQ_INT(t.secure_boot, 1);
	EXPECT(!strcmp(t.lockdown, "integrity"));
	EXPECT_EQ_INT(t.perf_paranoid, 2);
	EXPECT(!strcmp(t.pmu, "cpu"));
	EXPECT_EQ_INT(t.nr_nodes, 2);
	EXPECT_EQ_INT(t.nodes[0].node, 0);
	EXPECT_EQ_INT(t.nodes[0].nr, 8);
	EXPECT_EQ_INT(t.nodes[0].free, 6);
	EXPECT_EQ_INT(t.nodes[1].node, 1);
	EXPECT(tuning_cpu_scaling(&t));
}

static void test_judgements(void)
{
	struct tuning_facts t;
	char text[512];

	fake_machine();
	tuning_gather(&t, 0, 0);
	EXPECT_EQ_INT(tuning_judge_governor(&t, text, sizeof(text)), 1);
	EXPECT(strstr(text, "powersave") && strstr(text, "cpupower frequency-set -g performance"));
	EXPECT_EQ_INT(tuning_judge_boost(&t, text, sizeof(text)), 1);
	EXPECT(strstr(text, "echo 0 > /sys/devices/system/cpu/cpufreq/boost") != NULL);
	t.sibling_busy = 1;
	t.sibling_busy_fraction = 0.5;
	EXPECT_EQ_INT(tuning_judge_smt(&t, text, sizeof(text)), 1);
	EXPECT(strstr(text, "cpu 4, 50% busy") != NULL);
	t.sibling_busy = 0;
	EXPECT_EQ_INT(tuning_judge_smt(&t, text, sizeof(text)), 0);

	/* Tuned: performance, intel_pstate's no_turbo=1 (turbo off), no sibling. */
	put(CPU0 "/cpufreq/scaling_governor", "performance\n");
	drop("/sys/devices/system/cpu/cpufreq/boost");
	put("/sys/devices/system/cpu/intel_pstate/no_turbo", "1\n");
	put(CPU0 "/topology/thread_siblings_list", "0\n");
	tuning_gather(&t, 0, 0);
	EXPECT_EQ_INT(t.boost, 0);
	EXPECT_EQ_INT(tuning_judge_governor(&t, text, sizeof(text)), 0);
	EXPECT_EQ_INT(tuning_judge_boost(&t, text, sizeof(text)), 0);
	EXPECT_EQ_INT(tuning_judge_smt(&t, text, sizeof(text)), 0);
	EXPECT(!tuning_cpu_scaling(&t));
	put("/sys/devices/system/cpu/intel_pstate/no_turbo", "0\n");
	tuning_gather(&t, 0, 0);
	EXPECT_EQ_INT(tuning_judge_boost(&t, text, sizeof(text)), 1);
	EXPECT(strstr(text, "echo 1 > /sys/devices/system/cpu/intel_pstate/no_turbo") != NULL);
}

static void test_helpers(void)
{
	char out[64];
	const char *before = "cpu0 100 0 0 900 0 0 0 0\ncpu1 0 0 0 1000 0 0 0 0\n";
	const char *after = "cpu0 175 0 0 925 0 0 0 0\ncpu1 0 0 0 1100 0 0 0 0\n";

	tuning_other_cpus("0-3", 1, out, sizeof(out));
	EXPECT(!strcmp(out, "0,2,3"));
	tuning_other_cpus("0,64", 64, out, sizeof(out));
	EXPECT(!strcmp(out, "0"));
	tuning_other_cpus("5", 5, out, sizeof(out));
	EXPECT(!strcmp(out, ""));
	EXPECT_NEAR(tuning_busy_fraction(before, after, 0), 0.75, 1e-12);
	EXPECT_NEAR(tuning_busy_fraction(before, after, 1), 0.0, 1e-12);
	EXPECT(tuning_busy_fraction(before, after, 2) < 0);
	EXPECT(tuning_busy_fraction(before, before, 0) < 0);
}

static void test_missing_everything(void)
{
	struct tuning_facts t;

	tuning_set_root("/nonexistent-hmmbench-root");
	tuning_gather(&t, 3, 50);
	EXPECT(!t.governor[0]);
	EXPECT_EQ_INT(t.boost, -1);
	EXPECT_EQ_INT(t.secure_boot, -1);
	EXPECT(!t.lockdown[0]);
	EXPECT_EQ_INT(t.perf_paranoid, -100);
	EXPECT_EQ_INT(t.nr_nodes, 0);
	EXPECT_EQ_INT(t.sibling_busy, -1);
	EXPECT(!tuning_cpu_scaling(&t));
	tuning_set_root(root);
}

static void test_kconfig_gz(void)
{
	char path[PATH_MAX];
	struct kconfig_facts kc;
	gzFile out;
	const char *hmm = NULL, *mods = "unset";

	snprintf(path, sizeof(path), "%s/config.gz", root);
	out = gzopen(path, "wb");
	EXPECT(out != NULL);
	if (!out)
		return;
	gzputs(out, "CONFIG_HMM_MIRROR=y\n# CONFIG_MODULES is not set\nCONFIG_HZ=250\n");
	gzclose(out);
	EXPECT_EQ_INT(kconfig_gather_file(path, &kc), 0);
	EXPECT(!strcmp(kc.path, path));
	for (size_t i = 0; i < kc.nr_options; i++) {
		if (!strcmp(kc.options[i].name, "CONFIG_HMM_MIRROR"))
			hmm = kc.options[i].value;
		if (!strcmp(kc.options[i].name, "CONFIG_MODULES"))
			mods = kc.options[i].value;
	}
	EXPECT(hmm && !strcmp(hmm, "y"));
	EXPECT(mods == NULL);	/* listed, and "is not set" */
	snprintf(path, sizeof(path), "%s/no-such-config", root);
	EXPECT_EQ_INT(kconfig_gather_file(path, &kc), -1);
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "governor, boost, SMT, Secure Boot, lockdown, perf, PMU, nodes", test_gather },
		{ "the run warnings: governor, boost (both controls), busy sibling", test_judgements },
		{ "sibling lists and /proc/stat busy fractions", test_helpers },
		{ "a machine with none of it: unknowns, no warnings", test_missing_everything },
		{ "kconfig from a gzip file, as /proc/config.gz", test_kconfig_gz },
	};
	char cmd[128];
	int ret;

	snprintf(root, sizeof(root), "/tmp/hmmbench-tuning.XXXXXX");
	if (!mkdtemp(root))
		return 2;
	tuning_set_root(root);
	ret = RUN_TESTS(tests);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", root);
	return ret;
}
