/* SPDX-License-Identifier: GPL-2.0 */
/* Where a measured kernel ran, and the labels results documents give it. */
#ifndef HMMBENCH_RESULTS_MODE_H
#define HMMBENCH_RESULTS_MODE_H


/* Where the measured kernel ran; the labels are the JSON 'mode' values. */
enum results_mode {
	RESULTS_MODE_QEMU_TCG,		/* "qemu-tcg": QEMU, TCG, wall-clock time */
	RESULTS_MODE_QEMU_ICOUNT,	/* "qemu-icount": QEMU, TCG, -icount (deterministic) */
	RESULTS_MODE_VM,		/* "vm": another virtual machine (KVM, a cloud VM) */
	RESULTS_MODE_NATIVE,		/* "native": on the machine itself */
	RESULTS_MODE_QEMU_SIM,		/* "qemu-sim": -icount plus the cache-simulation plugin */
	RESULTS_MODE_QEMU_KVM,		/* "qemu-kvm": hmmbench's QEMU guest under KVM, -cpu host */
};

const char *results_mode_name(enum results_mode mode);
/* 0 and *mode set, or -EINVAL for an unknown label. */
int results_mode_parse(const char *label, enum results_mode *mode);
/* From sysinfo's struct sys_facts.mode ("tcg", "icount", "kvm", "sim", "vm", "native"). */
int results_mode_from_sysinfo(const char *sysinfo_mode, enum results_mode *mode);

#endif
