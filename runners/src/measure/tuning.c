// SPDX-License-Identifier: GPL-2.0
/* Gathering the machine state of struct tuning_facts from sysfs, /proc and efivars. */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "measure/sysinfo.h"
#include "measure/tuning.h"
#include "util/file_text.h"

#define CPU_DIR		"/sys/devices/system/cpu"
#define NODE_DIR	"/sys/devices/system/node"
#define PMU_DIR		"/sys/bus/event_source/devices"
/* EFI_GLOBAL_VARIABLE's GUID: the variable the firmware sets to say Secure Boot is on. */
#define SECURE_BOOT_VAR	"/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

static char tuning_root[PATH_MAX];

void tuning_set_root(const char *root)
{
	snprintf(tuning_root, sizeof(tuning_root), "%s", root ? root : "");
}

/* @fmt under the root into @buf; 0, or -1 when it does not fit (then never read). */
static int __attribute__((format(printf, 3, 4))) path_of(char *buf, size_t len, const char *fmt, ...)
{
	char rel[PATH_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(rel))
		return -1;
	n = snprintf(buf, len, "%s%s", tuning_root, rel);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int read_at(char *buf, size_t len, const char *path)
{
	buf[0] = '\0';
	return file_text_read_small(path, buf, len);
}

void tuning_other_cpus(const char *list, int cpu, char *out, size_t len)
{
	const char *p = list;
	size_t used = 0;

	out[0] = '\0';
	while (*p) {
		char *end;
		long lo = strtol(p, &end, 10), hi = lo;

		if (end == p)
			break;
		if (*end == '-')
			hi = strtol(end + 1, &end, 10);
		for (long c = lo; c <= hi && c - lo < 4096; c++) {
			int n;

			if (c == cpu)
				continue;
			n = snprintf(out + used, len - used, "%s%ld", used ? "," : "", c);
			if (n < 0 || (size_t)n >= len - used)
				return;
			used += (size_t)n;
		}
		p = *end == ',' ? end + 1 : end + strlen(end);
	}
}

/* The "cpuN" line's fields summed into @all, idle + iowait into @idle; -1 if absent. */
static int stat_times(const char *stat, int cpu, unsigned long long *all, unsigned long long *idle)
{
	char key[32];
	const char *line;
	size_t key_len;

	snprintf(key, sizeof(key), "cpu%d ", cpu);
	key_len = strlen(key);
	for (line = stat; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		unsigned long long v[8] = { 0 };

		if (strncmp(line, key, key_len))
			continue;
		if (sscanf(line + key_len, "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
			   &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) < 4)
			return -1;
		*all = 0;
		for (int i = 0; i < 8; i++)
			*all += v[i];
		*idle = v[3] + v[4];
		return 0;
	}
	return -1;
}

double tuning_busy_fraction(const char *stat_before, const char *stat_after, int cpu)
{
	unsigned long long a0, i0, a1, i1;

	if (stat_times(stat_before, cpu, &a0, &i0) || stat_times(stat_after, cpu, &a1, &i1) ||
	    a1 <= a0 || i1 < i0)
		return -1;
	return (double)((a1 - a0) - (i1 - i0)) / (double)(a1 - a0);
}

static void gather_cpufreq(struct tuning_facts *t)
{
	char path[PATH_MAX], buf[256];
	long khz;

	if (!path_of(path, sizeof(path), CPU_DIR "/cpu%d/cpufreq/scaling_governor", t->cpu))
		read_at(t->governor, sizeof(t->governor), path);
	if (!path_of(path, sizeof(path), CPU_DIR "/cpu%d/cpufreq/scaling_driver", t->cpu))
		read_at(t->driver, sizeof(t->driver), path);
	t->max_mhz = -1;
	if (!path_of(path, sizeof(path), CPU_DIR "/cpu%d/cpufreq/cpuinfo_max_freq", t->cpu)) {
		khz = file_text_read_long(path);
		if (khz > 0)
			t->max_mhz = khz / 1000;
	}
	if (t->max_mhz < 0 && !path_of(path, sizeof(path), "/proc/cpuinfo")) {
		static char cpuinfo[1 << 16];
		const char *v;

		if (!read_at(cpuinfo, sizeof(cpuinfo), path) && (v = strstr(cpuinfo, "cpu MHz"))) {
			v = strchr(v, ':');
			if (v)
				t->max_mhz = lround(strtod(v + 1, NULL));
		}
	}
	/* acpi-cpufreq and amd-pstate: boost 1 = on; intel_pstate: no_turbo 1 = off. */
	t->boost = -1;
	if (!path_of(path, sizeof(path), CPU_DIR "/cpufreq/boost") && !read_at(buf, sizeof(buf), path) &&
	    (buf[0] == '0' || buf[0] == '1')) {
		t->boost = buf[0] == '1';
		snprintf(t->boost_control, sizeof(t->boost_control), "%s", CPU_DIR "/cpufreq/boost");
	} else if (!path_of(path, sizeof(path), CPU_DIR "/intel_pstate/no_turbo") &&
		   !read_at(buf, sizeof(buf), path) && (buf[0] == '0' || buf[0] == '1')) {
		t->boost = buf[0] == '0';
		snprintf(t->boost_control, sizeof(t->boost_control), "%s",
			 CPU_DIR "/intel_pstate/no_turbo");
	}
}

static char *read_stat(void)
{
	char path[PATH_MAX];

	if (path_of(path, sizeof(path), "/proc/stat"))
		return NULL;
	return file_text_read(path, 1 << 22, NULL);
}

static void gather_smt(struct tuning_facts *t, unsigned int sample_ms)
{
	char path[PATH_MAX], list[TUNING_STR_LEN], *before, *after;
	struct timespec pause = { sample_ms / 1000, (long)(sample_ms % 1000) * 1000000L };

	t->sibling_busy = -1;
	t->sibling_busy_fraction = -1;
	if (path_of(path, sizeof(path), CPU_DIR "/cpu%d/topology/thread_siblings_list", t->cpu) ||
	    read_at(list, sizeof(list), path))
		return;
	tuning_other_cpus(list, t->cpu, t->smt_siblings, sizeof(t->smt_siblings));
	if (!t->smt_siblings[0] || !sample_ms)
		return;
	before = read_stat();
	nanosleep(&pause, NULL);
	after = read_stat();
	if (before && after) {
		for (const char *p = t->smt_siblings; *p;) {
			char *end;
			int sibling = (int)strtol(p, &end, 10);
			double busy = tuning_busy_fraction(before, after, sibling);

			if (busy > t->sibling_busy_fraction)
				t->sibling_busy_fraction = busy;
			p = *end ? end + 1 : end;
		}
		/* A quarter of its time: more than the odd daemon's wake-up. */
		if (t->sibling_busy_fraction >= 0)
			t->sibling_busy = t->sibling_busy_fraction > 0.25;
	}
	free(before);
	free(after);
}

static void gather_security(struct tuning_facts *t)
{
	char path[PATH_MAX], buf[128];
	unsigned char var[5];
	FILE *f;

	t->secure_boot = -1;
	/* 4 bytes of attributes, then the value: 1 = Secure Boot on. */
	if (!path_of(path, sizeof(path), SECURE_BOOT_VAR) && (f = fopen(path, "rb"))) {
		if (fread(var, 1, sizeof(var), f) == sizeof(var))
			t->secure_boot = var[4] == 1;
		fclose(f);
	}
	if (!path_of(path, sizeof(path), "/sys/kernel/security/lockdown") &&
	    !read_at(buf, sizeof(buf), path))
		sysinfo_bracketed(buf, t->lockdown, sizeof(t->lockdown));
	t->perf_paranoid = -100;
	if (!path_of(path, sizeof(path), "/proc/sys/kernel/perf_event_paranoid") &&
	    !read_at(buf, sizeof(buf), path)) {
		char *end;
		long v = strtol(buf, &end, 10);

		if (end != buf)
			t->perf_paranoid = (int)v;
	}
	t->is_root = geteuid() == 0;
}

/* The hardware PMUs: "cpu" on x86 (and under KVM's virtual PMU), cpu_core/cpu_atom, armv8_*. */
static void gather_pmu(struct tuning_facts *t)
{
	char path[PATH_MAX];
	struct dirent *e;
	size_t used = 0;
	DIR *d;

	if (path_of(path, sizeof(path), PMU_DIR) || !(d = opendir(path)))
		return;
	while ((e = readdir(d))) {
		int n;

		if (strcmp(e->d_name, "cpu") && strncmp(e->d_name, "cpu_", 4) &&
		    strncmp(e->d_name, "armv", 4))
			continue;
		n = snprintf(t->pmu + used, sizeof(t->pmu) - used, "%s%s", used ? " " : "", e->d_name);
		if (n < 0 || (size_t)n >= sizeof(t->pmu) - used)
			break;
		used += (size_t)n;
	}
	closedir(d);
}

static void gather_nodes(struct tuning_facts *t)
{
	char path[PATH_MAX];

	for (int node = 0; node < 1024 && t->nr_nodes < TUNING_MAX_NODES; node++) {
		struct tuning_node_pool *p = &t->nodes[t->nr_nodes];

		if (path_of(path, sizeof(path), NODE_DIR "/node%d", node) || access(path, F_OK))
			continue;
		p->node = node;
		p->nr = p->free = -1;
		if (!path_of(path, sizeof(path),
			     NODE_DIR "/node%d/hugepages/hugepages-2048kB/nr_hugepages", node))
			p->nr = file_text_read_long(path);
		if (!path_of(path, sizeof(path),
			     NODE_DIR "/node%d/hugepages/hugepages-2048kB/free_hugepages", node))
			p->free = file_text_read_long(path);
		t->nr_nodes++;
	}
}

void tuning_gather(struct tuning_facts *t, int cpu, unsigned int busy_sample_ms)
{
	memset(t, 0, sizeof(*t));
	t->cpu = cpu < 0 ? 0 : cpu;
	gather_cpufreq(t);
	gather_smt(t, busy_sample_ms);
	gather_security(t);
	gather_pmu(t);
	gather_nodes(t);
}

int tuning_cpu_scaling(const struct tuning_facts *t)
{
	return (t->governor[0] && strcmp(t->governor, "performance")) || t->boost == 1;
}

int tuning_judge_governor(const struct tuning_facts *t, char *buf, size_t len)
{
	if (!t->governor[0]) {
		snprintf(buf, len, "cpu %d: no cpufreq (a fixed clock, or a VM that hides it)", t->cpu);
		return 0;
	}
	if (!strcmp(t->governor, "performance")) {
		snprintf(buf, len, "cpu %d: performance (%s)", t->cpu, t->driver);
		return 0;
	}
	snprintf(buf, len,
		 "cpu %d: governor %s (%s), the clock follows the load: for steady timings, cpupower frequency-set -g performance",
		 t->cpu, t->governor, t->driver);
	return 1;
}

int tuning_judge_boost(const struct tuning_facts *t, char *buf, size_t len)
{
	if (t->boost < 0) {
		snprintf(buf, len, "no boost/turbo control (no cpufreq/boost, no intel_pstate/no_turbo)");
		return 0;
	}
	if (!t->boost) {
		snprintf(buf, len, "off (%s)", t->boost_control);
		return 0;
	}
	if (strstr(t->boost_control, "no_turbo"))
		snprintf(buf, len,
			 "turbo on, the clock depends on temperature and the other cores: echo 1 > %s",
			 t->boost_control);
	else
		snprintf(buf, len,
			 "boost on, the clock depends on temperature and the other cores: echo 0 > %s",
			 t->boost_control);
	return 1;
}

int tuning_judge_smt(const struct tuning_facts *t, char *buf, size_t len)
{
	if (!t->smt_siblings[0]) {
		snprintf(buf, len, "cpu %d has no SMT sibling", t->cpu);
		return 0;
	}
	if (t->sibling_busy == 1) {
		snprintf(buf, len,
			 "cpu %d shares its core with cpu %s, %.0f%% busy: it takes the core's time; move that load, or echo 0 > /sys/devices/system/cpu/cpuN/online",
			 t->cpu, t->smt_siblings, 100 * t->sibling_busy_fraction);
		return 1;
	}
	if (t->sibling_busy == 0)
		snprintf(buf, len, "cpu %d shares its core with cpu %s, idle (%.0f%% busy)", t->cpu,
			 t->smt_siblings, 100 * t->sibling_busy_fraction);
	else
		snprintf(buf, len, "cpu %d shares its core with cpu %s (not sampled)", t->cpu,
			 t->smt_siblings);
	return 0;
}
