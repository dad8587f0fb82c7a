/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Facts about the machine that change what a measurement means: kernel,
 * clocksource, THP and hugetlb settings, CPU, and whether we run natively or
 * under QEMU (and in which QEMU mode). `hmmbench info` prints them and every
 * results file records them; gathering is kept apart from printing.
 */
#ifndef HMMBENCH_SYSINFO_H
#define HMMBENCH_SYSINFO_H

#include <stddef.h>

#define SYSINFO_UNKNOWN		"unknown"

struct sys_facts {
	char kernel_release[128];	/* uname -r */
	char kernel_version[160];	/* uname -v */
	char machine[32];		/* uname -m */
	char clocksource[64];		/* current_clocksource */
	char clocksources[256];		/* available_clocksource */
	char thp_enabled[32];		/* the [chosen] word, or "unavailable" */
	char thp_defrag[32];
	char thp_use_zero_page[16];	/* "1", "0" or "unavailable" */
	long hugetlb_2m_nr;		/* -1 when the kernel has no 2 MiB hugetlb */
	long hugetlb_2m_free;
	long hugetlb_default_kb;	/* Hugepagesize of /proc/meminfo, -1 if none */
	char cpu_model[128];
	long nr_cpus_online;
	long page_size;
	char sys_vendor[64];		/* DMI, "" when absent */
	int cpu_hypervisor_flag;	/* cpuinfo has the "hypervisor" flag */
	int under_qemu;			/* DMI says QEMU */
	char mode[16];			/* "tcg", "icount", "kvm", "sim", "vm" or "native" */
};

void sysinfo_gather(struct sys_facts *facts);

/* Pure helpers, exposed for the unit tests. */

/* "always [madvise] never" -> "madvise"; -1 when there is no [word]. */
int sysinfo_bracketed(const char *text, char *out, size_t len);

/* The first "model name" of /proc/cpuinfo text; -1 when none. */
int sysinfo_cpu_model(const char *cpuinfo, char *out, size_t len);

/* Whether the first "flags" line of /proc/cpuinfo text lists @flag. */
int sysinfo_cpu_has_flag(const char *cpuinfo, const char *flag);

/*
 * The run mode: HMMBENCH_MODE (set by the guest's /init: "tcg", "icount",
 * "kvm" or "sim") when valid, else "vm" under any hypervisor, else "native".
 */
const char *sysinfo_mode(const char *env_mode, int under_hypervisor);

#endif
