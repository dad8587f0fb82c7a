// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench doctor: is this machine ready for a run? Needs no module. One
 * line per check, each with what to do; exit 0 ready, 1 runnable with
 * warnings, 2 not runnable.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "measure/counters.h"
#include "measure/device.h"
#include "measure/kconfig.h"
#include "measure/pin.h"
#include "measure/sysinfo.h"
#include "measure/tuning.h"
#include "util/cli_flag.h"

enum level { LEVEL_OK, LEVEL_NOTE, LEVEL_WARN, LEVEL_FAIL };

static const char *const level_names[] = { "ok", "note", "warn", "FAIL" };

struct doctor {
	struct sys_facts sys;
	struct kconfig_facts kc;
	struct tuning_facts tuning;
	struct hmm_device dev;
	int module_loaded;
	const char *events;
	int events_given;
	unsigned int nr_warn, nr_fail;
};

static void doctor_usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench doctor [--cpu LOCATION] [--events LIST] [--config FILE]\n\n"
		"Check this machine before a run, without the module: kernel config, headers,\n"
		"the module and its ABI, Secure Boot and lockdown, root and perf_event_paranoid,\n"
		"the PMU and which events open, cpufreq governor, boost/turbo, the SMT siblings\n"
		"of the CPU, THP and hugetlb per NUMA node, clocksource, virtualisation. One\n"
		"line per check, each with what to do. Exit 0 ready, 1 runnable with warnings,\n"
		"2 not runnable.\n\n"
		"  --cpu LOCATION  the CPU run --cpu would pin to (core:1, pu:3); default: the\n"
		"                  CPU doctor runs on\n"
		"  --events LIST   the events run --events would count (default cycles,instructions)\n"
		"  --config FILE   judge this kernel config instead of the running kernel's\n"
		"                  (/proc/config.gz, /boot/config-RELEASE)\n");
}

static void __attribute__((format(printf, 4, 5)))
say(struct doctor *d, enum level level, const char *check, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (level == LEVEL_WARN)
		d->nr_warn++;
	if (level == LEVEL_FAIL)
		d->nr_fail++;
	printf("%-4s  %-16s %s\n", level_names[level], check, text);
}

static const char *option(const struct kconfig_facts *kc, const char *name)
{
	for (size_t i = 0; i < kc->nr_options; i++)
		if (!strcmp(kc->options[i].name, name))
			return kc->options[i].value;
	return NULL;
}

static void check_config(struct doctor *d)
{
	const struct kconfig_facts *kc = &d->kc;
	const char *hmm = option(kc, "CONFIG_HMM_MIRROR"), *mods = option(kc, "CONFIG_MODULES");
	const char *thp = option(kc, "CONFIG_TRANSPARENT_HUGEPAGE");
	const char *huge = option(kc, "CONFIG_HUGETLBFS");

	if (!kc->path[0]) {
		say(d, LEVEL_WARN, "kernel config",
		    "not found (/proc/config.gz, /boot/config-%s): not checked; pass --config FILE",
		    d->sys.kernel_release);
		return;
	}
	if (!hmm)
		say(d, LEVEL_FAIL, "kernel config",
		    "CONFIG_HMM_MIRROR is not set in %s: hmm_bench cannot build or load; rebuild the kernel with a driver that selects it (CONFIG_TEST_HMM), see README 'Your own kernel'",
		    kc->path);
	else if (!mods)
		say(d, LEVEL_FAIL, "kernel config",
		    "CONFIG_MODULES is not set in %s: no module can load; rebuild the kernel with modules",
		    kc->path);
	else
		say(d, LEVEL_OK, "kernel config", "CONFIG_HMM_MIRROR=%s CONFIG_MODULES=%s (%s)", hmm,
		    mods, kc->path);
	if (!thp || !huge)
		say(d, LEVEL_WARN, "kernel config",
		    "%s%s%s not set: the thp and hugetlb page kinds are skipped; enable them for the full matrix",
		    thp ? "" : "CONFIG_TRANSPARENT_HUGEPAGE", !thp && !huge ? ", " : "",
		    huge ? "" : "CONFIG_HUGETLBFS");
	else
		say(d, LEVEL_OK, "kernel config", "CONFIG_TRANSPARENT_HUGEPAGE=%s CONFIG_HUGETLBFS=%s",
		    thp, huge);
}

/* A hmm_bench.ko for the running kernel: DKMS's, one installed by hand, the guest's. */
static int find_module(const char *release, char *buf, size_t len)
{
	static const char *const where[] = {
		"/lib/modules/%s/updates/dkms/hmm_bench.ko", "/lib/modules/%s/updates/dkms/hmm_bench.ko.xz",
		"/lib/modules/%s/updates/dkms/hmm_bench.ko.zst", "/lib/modules/%s/extra/hmm_bench.ko",
		"/lib/modules/%s/updates/hmm_bench.ko",
	};

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		if (snprintf(buf, len, where[i], release) < (int)len && !access(buf, R_OK))
			return 1;
	}
	/* runners/qemu/mkinitramfs.sh packs it there for the guest's /init. */
	snprintf(buf, len, "/lib/hmm_bench.ko");
	if (!access(buf, R_OK))
		return 1;
	snprintf(buf, len, "bench-module/hmm_bench.ko");
	return !access(buf, R_OK);
}

static void check_module(struct doctor *d)
{
	char err[512], path[PATH_MAX], headers[PATH_MAX];
	const struct hmm_bench_info *m = &d->dev.info;
	int have_headers, ret;

	snprintf(headers, sizeof(headers), "/lib/modules/%s/build/Makefile", d->sys.kernel_release);
	have_headers = !access(headers, R_OK);
	ret = device_open(&d->dev, err, sizeof(err));
	d->module_loaded = !ret;
	if (!ret) {
		int same = !strncmp(d->sys.kernel_release, m->build_release, sizeof(m->build_release));

		say(d, same ? LEVEL_OK : LEVEL_WARN, "module",
		    "hmm_bench %.*s loaded, ABI %u (runner %u), built for %.*s%s",
		    (int)sizeof(m->module_version), m->module_version, m->abi_version,
		    HMM_BENCH_ABI_VERSION, (int)sizeof(m->build_release), m->build_release,
		    same ? "" : ": not the running kernel; rebuild it (make module, or dkms install)");
		device_close(&d->dev);
	} else if (ret != -ENOENT && ret != -ENODEV && ret != -ENXIO) {
		say(d, LEVEL_FAIL, "module", "%s", err);
	} else if (find_module(d->sys.kernel_release, path, sizeof(path))) {
		say(d, LEVEL_WARN, "module", "not loaded; load it: insmod %s%s", path,
		    strstr(path, "/dkms/") ? " (or modprobe hmm_bench)" : "");
	} else if (have_headers) {
		say(d, LEVEL_WARN, "module",
		    "not built for %s: make module && insmod bench-module/hmm_bench.ko, or DKMS (README 'On test hardware')",
		    d->sys.kernel_release);
	} else {
		say(d, LEVEL_FAIL, "module",
		    "not loaded, none built for %s and no headers to build one: install the kernel's headers (apt-get install linux-headers-%s), then make module or DKMS",
		    d->sys.kernel_release, d->sys.kernel_release);
	}
	if (have_headers)
		say(d, LEVEL_OK, "headers", "%s", headers);
	else
		say(d, d->module_loaded ? LEVEL_NOTE : LEVEL_WARN, "headers",
		    "none for %s (no %s): needed only to build the module; apt-get install linux-headers-%s",
		    d->sys.kernel_release, headers, d->sys.kernel_release);
}

static void check_signing(struct doctor *d)
{
	const struct tuning_facts *t = &d->tuning;
	/* A loaded module has passed whatever signature check there is. */
	enum level blocked = d->module_loaded ? LEVEL_NOTE : LEVEL_WARN;

	if (t->secure_boot < 0)
		say(d, LEVEL_OK, "secure boot", "no SecureBoot EFI variable (not booted by EFI, or efivarfs not mounted)");
	else if (!t->secure_boot)
		say(d, LEVEL_OK, "secure boot", "off");
	else
		say(d, blocked, "secure boot",
		    "on: the kernel loads only signed modules; DKMS signs with its key (enrol it: mokutil --import /var/lib/dkms/mok.pub, reboot), or sign hmm_bench.ko with scripts/sign-file, or turn Secure Boot off");
	if (!t->lockdown[0])
		say(d, LEVEL_OK, "lockdown", "no lockdown LSM (/sys/kernel/security/lockdown)");
	else if (!strcmp(t->lockdown, "none"))
		say(d, LEVEL_OK, "lockdown", "none");
	else
		say(d, blocked, "lockdown",
		    "%s: unsigned modules are refused%s; sign the module (as for Secure Boot) or boot with lockdown=none",
		    t->lockdown,
		    strcmp(t->lockdown, "confidentiality") ? "" : " and kernel perf counting is restricted");
}

static void check_privileges(struct doctor *d)
{
	const struct tuning_facts *t = &d->tuning;

	if (t->is_root)
		say(d, LEVEL_OK, "root", "yes");
	else
		say(d, LEVEL_WARN, "root",
		    "no: /dev/hmm_bench is root-only, and SCHED_FIFO and hugetlb reservation need root; run as root (sudo)");
	if (t->perf_paranoid == -100)
		say(d, LEVEL_WARN, "perf_event_paranoid",
		    "unreadable (no perf events in this kernel?): counters will not count");
	else if (t->perf_paranoid <= 1 || t->is_root)
		say(d, LEVEL_OK, "perf_event_paranoid", "%d%s", t->perf_paranoid,
		    t->perf_paranoid > 1 ? " (root counts the kernel regardless)" : "");
	else
		say(d, LEVEL_WARN, "perf_event_paranoid",
		    "%d: counting the kernel needs <= 1 or CAP_PERFMON: sysctl -w kernel.perf_event_paranoid=1, or run as root",
		    t->perf_paranoid);
}

static void check_counters(struct doctor *d)
{
	struct counters c;
	char err[512], text[768];
	size_t used = 0;

	memset(&c, 0, sizeof(c));
	if (d->tuning.pmu[0])
		say(d, LEVEL_OK, "pmu", "%s", d->tuning.pmu);
	else
		say(d, LEVEL_NOTE, "pmu",
		    "no hardware PMU (QEMU TCG, or a VM without a virtual PMU): cycles and instructions will not count; under KVM, -cpu host gives one");
	if (counters_open(&c, d->events, err, sizeof(err))) {
		say(d, LEVEL_FAIL, "events", "%s", err);
		counters_close(&c);
		return;
	}
	text[0] = '\0';
	for (size_t i = 0; i < c.nr; i++) {
		int n;

		if (c.ev[i].status == COUNTER_COUNTED)
			continue;
		n = snprintf(text + used, sizeof(text) - used, "%s%s: %s", used ? "; " : "",
			     c.ev[i].name, c.ev[i].reason);
		if (n < 0 || (size_t)n >= sizeof(text) - used)
			break;
		used += (size_t)n;
	}
	if (!used)
		say(d, LEVEL_OK, "events", "%s open", d->events);
	else
		/* Unrequested defaults that do not open are worth knowing, not a warning. */
		say(d, d->events_given ? LEVEL_WARN : LEVEL_NOTE, "events", "%zu of %zu open; %s",
		    counters_nr_counted(&c), c.nr, text);
	counters_close(&c);
}

static void check_tuning(struct doctor *d)
{
	char text[512];

	say(d, tuning_judge_governor(&d->tuning, text, sizeof(text)) ? LEVEL_WARN : LEVEL_OK,
	    "governor", "%s", text);
	say(d, tuning_judge_boost(&d->tuning, text, sizeof(text)) ? LEVEL_WARN : LEVEL_OK,
	    "boost", "%s", text);
	say(d, tuning_judge_smt(&d->tuning, text, sizeof(text)) ? LEVEL_WARN : LEVEL_OK,
	    "smt", "%s", text);
}

static void check_memory(struct doctor *d)
{
	const struct sys_facts *s = &d->sys;
	const struct tuning_facts *t = &d->tuning;

	if (!strcmp(s->thp_enabled, "unavailable"))
		say(d, LEVEL_WARN, "thp", "unavailable: the thp page kind is skipped");
	else if (!strcmp(s->thp_enabled, "never"))
		say(d, LEVEL_WARN, "thp",
		    "enabled [never]: the thp page kind gets no huge pages; echo madvise > /sys/kernel/mm/transparent_hugepage/enabled");
	else
		say(d, LEVEL_OK, "thp", "enabled %s, defrag %s", s->thp_enabled, s->thp_defrag);
	if (s->hugetlb_2m_nr < 0) {
		say(d, LEVEL_WARN, "hugetlb", "no 2 MiB hugetlb pages: the hugetlb page kind is skipped");
		return;
	}
	for (size_t i = 0; i < t->nr_nodes; i++) {
		const struct tuning_node_pool *p = &t->nodes[i];

		if (p->nr < 0)
			say(d, LEVEL_NOTE, "hugetlb", "node %d: no 2 MiB pool", p->node);
		else if (p->free > 0 || t->is_root)
			say(d, LEVEL_OK, "hugetlb", "node %d: %ld 2 MiB pages, %ld free%s", p->node,
			    p->nr, p->free, p->free > 0 ? "" : " (run reserves them on its node, as root)");
		else
			say(d, LEVEL_WARN, "hugetlb",
			    "node %d: %ld 2 MiB pages free: run can reserve them only as root; or echo 64 > /sys/devices/system/node/node%d/hugepages/hugepages-2048kB/nr_hugepages",
			    p->node, p->free, p->node);
	}
	if (!t->nr_nodes)
		say(d, s->hugetlb_2m_free > 0 || t->is_root ? LEVEL_OK : LEVEL_WARN, "hugetlb",
		    "%ld 2 MiB pages, %ld free (no NUMA nodes in sysfs: the global pool)",
		    s->hugetlb_2m_nr, s->hugetlb_2m_free);
}

static void check_platform(struct doctor *d)
{
	const struct sys_facts *s = &d->sys;

	if (!strcmp(s->clocksource, "tsc") || !strcmp(s->clocksource, "kvm-clock") ||
	    !strcmp(s->clocksource, "arch_sys_counter"))
		say(d, LEVEL_OK, "clocksource", "%s", s->clocksource);
	else
		say(d, LEVEL_WARN, "clocksource",
		    "%s (available: %s): each timestamp costs more than with tsc; echo tsc > /sys/devices/system/clocksource/clocksource0/current_clocksource if listed",
		    s->clocksource, s->clocksources);
	if (s->under_qemu || s->cpu_hypervisor_flag)
		say(d, LEVEL_NOTE, "virtualisation",
		    "%s%s%s (mode %s): results say so and are compared only with results of the same mode",
		    s->cpu_hypervisor_flag ? "cpuinfo hypervisor flag" : "",
		    s->cpu_hypervisor_flag && s->sys_vendor[0] ? ", DMI " : "",
		    s->sys_vendor[0] ? s->sys_vendor : "", s->mode);
	else
		say(d, LEVEL_OK, "virtualisation", "none (native)");
}

/* The OS CPU number of --cpu (its first PU), or where this thread runs. */
static int chosen_cpu(const char *location, char *err, size_t errlen)
{
	struct pin_topology topo;
	hwloc_obj_t obj;
	int cpu;

	if (!location) {
		cpu = sched_getcpu();
		return cpu < 0 ? 0 : cpu;
	}
	if (pin_topology_load(&topo, err, errlen))
		return -1;
	obj = pin_parse_location(&topo, location, err, errlen);
	cpu = obj ? hwloc_bitmap_first(obj->cpuset) : -1;
	pin_topology_free(&topo);
	return cpu;
}

int cmd_doctor(int argc, char **argv)
{
	const char *cpu_arg = NULL, *config = NULL;
	struct doctor d;
	char err[512];
	int cpu;

	memset(&d, 0, sizeof(d));
	d.events = "cycles,instructions";
	for (int i = 1; i < argc; i++) {
		const char *value = NULL;
		int got;

		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			doctor_usage(stdout);
			return EXIT_OK;
		}
		if ((got = cli_flag_value("doctor", argc, argv, &i, "--cpu", &value)) > 0) {
			cpu_arg = value;
		} else if (!got &&
			   (got = cli_flag_value("doctor", argc, argv, &i, "--events", &value)) > 0) {
			d.events = value;
			d.events_given = 1;
		} else if (!got &&
			   (got = cli_flag_value("doctor", argc, argv, &i, "--config", &value)) > 0) {
			config = value;
		} else if (!got) {
			fprintf(stderr, "hmmbench doctor: unknown option '%s' (try --help)\n", argv[i]);
			return EXIT_USAGE;
		} else {
			return EXIT_USAGE;
		}
	}
	cpu = chosen_cpu(cpu_arg, err, sizeof(err));
	if (cpu < 0) {
		fprintf(stderr, "hmmbench doctor: %s\n", err);
		return EXIT_USAGE;
	}
	sysinfo_gather(&d.sys);
	if (config) {
		if (kconfig_gather_file(config, &d.kc)) {
			fprintf(stderr, "hmmbench doctor: --config %s: %s\n", config, strerror(errno ? errno : EIO));
			return EXIT_USAGE;
		}
	} else {
		kconfig_gather(d.sys.kernel_release, &d.kc);
	}
	/* 200 ms of the siblings' /proc/stat: long enough to tell a busy loop from idle. */
	tuning_gather(&d.tuning, cpu, 200);
	printf("hmmbench doctor: kernel %s, %s, cpu %d%s\n", d.sys.kernel_release, d.sys.cpu_model,
	       cpu, cpu_arg ? "" : " (where doctor ran; --cpu as for run)");
	check_config(&d);
	check_module(&d);
	check_signing(&d);
	check_privileges(&d);
	check_counters(&d);
	check_tuning(&d);
	check_memory(&d);
	check_platform(&d);
	if (d.nr_fail) {
		printf("hmmbench doctor: not runnable: %u failed, %u warnings\n", d.nr_fail, d.nr_warn);
		return EXIT_USAGE;
	}
	if (d.nr_warn) {
		printf("hmmbench doctor: runnable, %u warnings\n", d.nr_warn);
		return EXIT_FAIL;
	}
	printf("hmmbench doctor: ready\n");
	return EXIT_OK;
}
