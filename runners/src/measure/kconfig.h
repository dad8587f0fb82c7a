/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel config options that change what an HMM measurement means
 * (preemption model, THP defaults, debug options, page-table isolation...),
 * read from the running kernel's config file for the results context.
 */
#ifndef HMMBENCH_KCONFIG_H
#define HMMBENCH_KCONFIG_H

#include <stddef.h>

/* One kernel config option; value NULL means "is not set". */
struct kconfig_option {
	const char *name;	/* "CONFIG_HMM_MIRROR" */
	const char *value;	/* "y", "m", "4096", or NULL */
};

#define KCONFIG_PATH_LEN	256

struct kconfig_facts {
	char path[KCONFIG_PATH_LEN];	/* where they were read, "" when nowhere */
	struct kconfig_option options[32];
	size_t nr_options;
	char values[32][32];		/* storage behind options[].value */
};

/*
 * Read the options listed in kconfig.c from the first config file found:
 * $HMMBENCH_KCONFIG, /proc/config.gz, /boot/config-RELEASE,
 * /lib/modules/RELEASE/build/.config.
 * Options absent from the file are recorded as "is not set" (value NULL);
 * with no file at all, nr_options is 0 and path is "".
 */
void kconfig_gather(const char *release, struct kconfig_facts *facts);

/* The same from the config file @path (gzip or not). 0, or -1 when unreadable. */
int kconfig_gather_file(const char *path, struct kconfig_facts *facts);

/* The value of @name in config-file @text ("y", "m", "1000"), or -1 when not set. */
int kconfig_lookup(const char *text, const char *name, char *value, size_t len);

#endif
