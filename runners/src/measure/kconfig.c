// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "measure/kconfig.h"

/* The options a reader of a result needs to judge the kernel it came from. */
static const char *const interesting[] = {
	"CONFIG_HMM_MIRROR", "CONFIG_MMU_NOTIFIER", "CONFIG_DEVICE_PRIVATE",
	"CONFIG_TRANSPARENT_HUGEPAGE", "CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS",
	"CONFIG_TRANSPARENT_HUGEPAGE_MADVISE", "CONFIG_HUGETLBFS",
	"CONFIG_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD", "CONFIG_PGTABLE_LEVELS",
	"CONFIG_SPLIT_PTE_PTLOCKS", "CONFIG_PER_VMA_LOCK",
	"CONFIG_PREEMPT_NONE", "CONFIG_PREEMPT_VOLUNTARY", "CONFIG_PREEMPT",
	"CONFIG_PREEMPT_DYNAMIC", "CONFIG_HZ", "CONFIG_NUMA",
	"CONFIG_PAGE_TABLE_ISOLATION", "CONFIG_MITIGATION_PAGE_TABLE_ISOLATION",
	"CONFIG_KASAN", "CONFIG_PROVE_LOCKING", "CONFIG_DEBUG_VM",
	"CONFIG_DEBUG_ATOMIC_SLEEP", "CONFIG_LOCKDEP",
	"CONFIG_MODULES", "CONFIG_MODULE_SIG_FORCE",
};

#define NR_INTERESTING	(sizeof(interesting) / sizeof(interesting[0]))

int kconfig_lookup(const char *text, const char *name, char *value, size_t len)
{
	size_t name_len = strlen(name);
	const char *line = text;

	while (line && *line) {
		if (!strncmp(line, name, name_len) && line[name_len] == '=') {
			const char *v = line + name_len + 1;
			size_t n = strcspn(v, "\n");

			if (n && v[0] == '"' && v[n - 1] == '"' && n >= 2) {
				v++;
				n -= 2;
			}
			snprintf(value, len, "%.*s", (int)n, v);
			return 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -1;
}

/*
 * The whole of @path, gzip-compressed (/proc/config.gz) or not: zlib reads
 * both. NULL when unreadable or larger than any kernel config (8 MiB).
 */
static char *read_config(const char *path)
{
	gzFile in = gzopen(path, "rb");
	size_t used = 0, cap = 1 << 16;
	char *text = NULL;
	int got;

	if (!in)
		return NULL;
	text = malloc(cap);
	while (text) {
		char *bigger;

		got = gzread(in, text + used, (unsigned int)(cap - used - 1));
		if (got <= 0)
			break;
		used += (size_t)got;
		if (cap - used > 1)
			continue;
		bigger = cap < (8u << 20) ? realloc(text, cap * 2) : NULL;
		if (!bigger) {
			free(text);
			text = NULL;
			break;
		}
		text = bigger;
		cap *= 2;
	}
	if (text && got < 0) {
		free(text);
		text = NULL;
	}
	gzclose(in);
	if (text)
		text[used] = '\0';
	return text;
}

static void pick_options(const char *text, struct kconfig_facts *facts)
{
	for (size_t i = 0; i < NR_INTERESTING; i++) {
		struct kconfig_option *o = &facts->options[facts->nr_options];

		o->name = interesting[i];
		o->value = NULL;
		if (!kconfig_lookup(text, interesting[i], facts->values[facts->nr_options],
				    sizeof(facts->values[0])))
			o->value = facts->values[facts->nr_options];
		facts->nr_options++;
	}
}

int kconfig_gather_file(const char *path, struct kconfig_facts *facts)
{
	char *text;

	memset(facts, 0, sizeof(*facts));
	if (strlen(path) >= KCONFIG_PATH_LEN)
		return -1;
	text = read_config(path);
	if (!text)
		return -1;
	memcpy(facts->path, path, strlen(path) + 1);
	pick_options(text, facts);
	free(text);
	return 0;
}

void kconfig_gather(const char *release, struct kconfig_facts *facts)
{
	char candidates[4][KCONFIG_PATH_LEN];
	const char *env = getenv("HMMBENCH_KCONFIG");
	size_t i;

	memset(facts, 0, sizeof(*facts));
	/* A path that does not fit is left empty, so it is never read cut short. */
	if (snprintf(candidates[0], sizeof(candidates[0]), "%s", env ? env : "") >= KCONFIG_PATH_LEN)
		candidates[0][0] = '\0';
	/* The running kernel's own, when it has CONFIG_IKCONFIG_PROC. */
	snprintf(candidates[1], sizeof(candidates[1]), "/proc/config.gz");
	if (snprintf(candidates[2], sizeof(candidates[2]), "/boot/config-%s", release) >=
	    KCONFIG_PATH_LEN)
		candidates[2][0] = '\0';
	if (snprintf(candidates[3], sizeof(candidates[3]), "/lib/modules/%s/build/.config",
		     release) >= KCONFIG_PATH_LEN)
		candidates[3][0] = '\0';
	for (i = 0; i < 4; i++)
		if (candidates[i][0] && !kconfig_gather_file(candidates[i], facts))
			return;
}
