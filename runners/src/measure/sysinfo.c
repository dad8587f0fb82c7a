// SPDX-License-Identifier: GPL-2.0
/* Gathering the machine facts of struct sys_facts. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "measure/sysinfo.h"
#include "util/file_text.h"

#define THP_DIR		"/sys/kernel/mm/transparent_hugepage"
#define HUGETLB_2M_DIR	"/sys/kernel/mm/hugepages/hugepages-2048kB"

/* Copy @text into @out, cut to fit: facts are informative, never fatal. */
static void copy_string(char *out, size_t len, const char *text)
{
	size_t n = strnlen(text, len - 1);

	memcpy(out, text, n);
	out[n] = '\0';
}

int sysinfo_bracketed(const char *text, char *out, size_t len)
{
	const char *open = strchr(text, '['), *close;

	if (!open)
		return -1;
	close = strchr(open, ']');
	if (!close)
		return -1;
	snprintf(out, len, "%.*s", (int)(close - open - 1), open + 1);
	return 0;
}

/* The value of the first "key<spaces>: value" line of @text. */
static const char *field_value(const char *text, const char *key, size_t *value_len)
{
	size_t key_len = strlen(key);

	for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *p = line;

		if (strncmp(p, key, key_len))
			continue;
		p += key_len;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != ':')
			continue;
		p++;
		while (*p == ' ')
			p++;
		*value_len = strcspn(p, "\n");
		return p;
	}
	return NULL;
}

int sysinfo_cpu_model(const char *cpuinfo, char *out, size_t len)
{
	size_t n;
	const char *v = field_value(cpuinfo, "model name", &n);

	if (!v || !n)
		return -1;
	snprintf(out, len, "%.*s", (int)n, v);
	return 0;
}

int sysinfo_cpu_has_flag(const char *cpuinfo, const char *flag)
{
	size_t n, flag_len = strlen(flag);
	const char *v = field_value(cpuinfo, "flags", &n);

	if (!v)
		return 0;
	for (const char *p = v; p < v + n;) {
		size_t word = strcspn(p, " \n");

		if (word == flag_len && !strncmp(p, flag, flag_len))
			return 1;
		p += word;
		while (*p == ' ')
			p++;
	}
	return 0;
}

const char *sysinfo_mode(const char *env_mode, int under_hypervisor)
{
	if (env_mode && !strcmp(env_mode, "tcg"))
		return "tcg";
	if (env_mode && !strcmp(env_mode, "icount"))
		return "icount";
	if (env_mode && !strcmp(env_mode, "sim"))
		return "sim";
	if (env_mode && !strcmp(env_mode, "kvm"))
		return "kvm";
	return under_hypervisor ? "vm" : "native";
}

static void gather_cpu(struct sys_facts *f)
{
	static char cpuinfo[1 << 16];
	FILE *in = fopen("/proc/cpuinfo", "r");
	size_t n = 0;

	copy_string(f->cpu_model, sizeof(f->cpu_model), SYSINFO_UNKNOWN);
	if (!in)
		return;
	/* The first CPU's block is enough: every field we want is in it. */
	n = fread(cpuinfo, 1, sizeof(cpuinfo) - 1, in);
	fclose(in);
	cpuinfo[n] = '\0';
	sysinfo_cpu_model(cpuinfo, f->cpu_model, sizeof(f->cpu_model));
	f->cpu_hypervisor_flag = sysinfo_cpu_has_flag(cpuinfo, "hypervisor");
}

static void gather_thp(struct sys_facts *f)
{
	char buf[256];

	copy_string(f->thp_enabled, sizeof(f->thp_enabled), "unavailable");
	copy_string(f->thp_defrag, sizeof(f->thp_defrag), "unavailable");
	copy_string(f->thp_use_zero_page, sizeof(f->thp_use_zero_page), "unavailable");
	if (!file_text_read_small(THP_DIR "/enabled", buf, sizeof(buf)))
		sysinfo_bracketed(buf, f->thp_enabled, sizeof(f->thp_enabled));
	if (!file_text_read_small(THP_DIR "/defrag", buf, sizeof(buf)))
		sysinfo_bracketed(buf, f->thp_defrag, sizeof(f->thp_defrag));
	if (!file_text_read_small(THP_DIR "/use_zero_page", buf, sizeof(buf)))
		copy_string(f->thp_use_zero_page, sizeof(f->thp_use_zero_page), buf);
}

static void gather_hugetlb(struct sys_facts *f)
{
	static char meminfo[8192];
	size_t n;
	const char *v;

	f->hugetlb_2m_nr = file_text_read_long(HUGETLB_2M_DIR "/nr_hugepages");
	f->hugetlb_2m_free = file_text_read_long(HUGETLB_2M_DIR "/free_hugepages");
	f->hugetlb_default_kb = -1;
	if (file_text_read_small("/proc/meminfo", meminfo, sizeof(meminfo)))
		return;
	v = field_value(meminfo, "Hugepagesize", &n);
	if (v)
		f->hugetlb_default_kb = strtol(v, NULL, 10);
}

void sysinfo_gather(struct sys_facts *f)
{
	struct utsname u;
	char buf[256];

	memset(f, 0, sizeof(*f));
	if (!uname(&u)) {
		copy_string(f->kernel_release, sizeof(f->kernel_release), u.release);
		copy_string(f->kernel_version, sizeof(f->kernel_version), u.version);
		copy_string(f->machine, sizeof(f->machine), u.machine);
	}
	if (file_text_read_small("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		      f->clocksource, sizeof(f->clocksource)))
		copy_string(f->clocksource, sizeof(f->clocksource), SYSINFO_UNKNOWN);
	if (file_text_read_small("/sys/devices/system/clocksource/clocksource0/available_clocksource",
		      f->clocksources, sizeof(f->clocksources)))
		copy_string(f->clocksources, sizeof(f->clocksources), SYSINFO_UNKNOWN);
	gather_thp(f);
	gather_hugetlb(f);
	gather_cpu(f);
	f->nr_cpus_online = sysconf(_SC_NPROCESSORS_ONLN);
	f->page_size = sysconf(_SC_PAGESIZE);
	if (!file_text_read_small("/sys/class/dmi/id/sys_vendor", buf, sizeof(buf)))
		copy_string(f->sys_vendor, sizeof(f->sys_vendor), buf);
	f->under_qemu = !strncmp(f->sys_vendor, "QEMU", 4);
	copy_string(f->mode, sizeof(f->mode),
		    sysinfo_mode(getenv("HMMBENCH_MODE"), f->under_qemu || f->cpu_hypervisor_flag));
}
