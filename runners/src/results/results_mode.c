// SPDX-License-Identifier: GPL-2.0
/* The mode labels of a results document ("qemu-icount", ...). */
#include <errno.h>
#include <string.h>

#include "results/results_mode.h"
#include "util/errmsg.h"

static const char *const mode_names[] = {
	[RESULTS_MODE_QEMU_TCG] = "qemu-tcg",
	[RESULTS_MODE_QEMU_ICOUNT] = "qemu-icount",
	[RESULTS_MODE_VM] = "vm",
	[RESULTS_MODE_NATIVE] = "native",
	[RESULTS_MODE_QEMU_SIM] = "qemu-sim",
	[RESULTS_MODE_QEMU_KVM] = "qemu-kvm",
};

#define NR_MODES (sizeof(mode_names) / sizeof(mode_names[0]))

const char *results_mode_name(enum results_mode mode)
{
	return (unsigned int)mode < NR_MODES ? mode_names[mode] : NULL;
}

int results_mode_parse(const char *label, enum results_mode *mode)
{
	for (size_t i = 0; i < NR_MODES; i++) {
		if (label && !strcmp(label, mode_names[i])) {
			*mode = (enum results_mode)i;
			return 0;
		}
	}
	return -EINVAL;
}

int results_mode_from_sysinfo(const char *sysinfo_mode, enum results_mode *mode)
{
	if (sysinfo_mode && !strcmp(sysinfo_mode, "tcg")) {
		*mode = RESULTS_MODE_QEMU_TCG;
		return 0;
	}
	if (sysinfo_mode && !strcmp(sysinfo_mode, "icount")) {
		*mode = RESULTS_MODE_QEMU_ICOUNT;
		return 0;
	}
	if (sysinfo_mode && !strcmp(sysinfo_mode, "sim")) {
		*mode = RESULTS_MODE_QEMU_SIM;
		return 0;
	}
	if (sysinfo_mode && !strcmp(sysinfo_mode, "kvm")) {
		*mode = RESULTS_MODE_QEMU_KVM;
		return 0;
	}
	return results_mode_parse(sysinfo_mode, mode);
}

