// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "measure/kconfig.h"
#include "util/file_text.h"

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

void kconfig_gather(const char *release, struct kconfig_facts *facts)
{
	char candidates[3][KCONFIG_PATH_LEN];
	const char *env = getenv("HMMBENCH_KCONFIG");
	char *text = NULL;
	size_t i;

	memset(facts, 0, sizeof(*facts));
	/* A path that does not fit is left empty, so it is never read cut short. */
	if (snprintf(candidates[0], sizeof(candidates[0]), "%s", env ? env : "") >= KCONFIG_PATH_LEN)
		candidates[0][0] = '\0';
	if (snprintf(candidates[1], sizeof(candidates[1]), "/boot/config-%s", release) >=
	    KCONFIG_PATH_LEN)
		candidates[1][0] = '\0';
	if (snprintf(candidates[2], sizeof(candidates[2]), "/lib/modules/%s/build/.config",
		     release) >= KCONFIG_PATH_LEN)
		candidates[2][0] = '\0';
	for (i = 0; i < 3 && !text; i++) {
		if (!candidates[i][0])
			continue;
		text = file_text_read(candidates[i], SIZE_MAX, NULL);
		if (text)
			memcpy(facts->path, candidates[i], sizeof(facts->path));
	}
	if (!text)
		return;
	for (i = 0; i < NR_INTERESTING; i++) {
		struct kconfig_option *o = &facts->options[facts->nr_options];

		o->name = interesting[i];
		o->value = NULL;
		if (!kconfig_lookup(text, interesting[i], facts->values[facts->nr_options],
				    sizeof(facts->values[0])))
			o->value = facts->values[facts->nr_options];
		facts->nr_options++;
	}
	free(text);
}
