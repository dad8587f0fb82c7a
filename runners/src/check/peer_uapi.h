/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two in-tree peers' ioctl interfaces, as 'hmmbench peers' needs them.
 * Neither header is exported to user space (no make headers_install copy,
 * no distribution package), so the parts used here are mirrored, unchanged
 * in layout and numbers, from Linux 6.12.117 (Debian linux-source-6.12
 * 6.12.117-1~deb12u1, the tree kernel-patch/ pins):
 *
 *   lib/test_hmm_uapi.h  struct hmm_dmirror_cmd, HMM_DMIRROR_SNAPSHOT and
 *                        the HMM_DMIRROR_PROT_* bytes SNAPSHOT returns
 *   mm/gup_test.h        struct gup_test and its benchmark/dump ioctls
 *
 * Both have been stable since 5.x; a change there must be copied here.
 */
#ifndef HMMBENCH_PEER_UAPI_H
#define HMMBENCH_PEER_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* lib/test_hmm_uapi.h */
struct hmm_dmirror_cmd {
	__u64 addr;
	__u64 ptr;
	__u64 npages;
	__u64 cpages;
	__u64 faults;
};

#define HMM_DMIRROR_SNAPSHOT		_IOWR('H', 0x04, struct hmm_dmirror_cmd)

#define HMM_DMIRROR_PROT_ERROR		0xFF
#define HMM_DMIRROR_PROT_NONE		0x00
#define HMM_DMIRROR_PROT_READ		0x01
#define HMM_DMIRROR_PROT_WRITE		0x02
#define HMM_DMIRROR_PROT_PMD		0x04
#define HMM_DMIRROR_PROT_PUD		0x08
#define HMM_DMIRROR_PROT_ZERO		0x10

#define HMM_DMIRROR_DEVICE_PATH		"/dev/hmm_dmirror0"

/* mm/gup_test.h */
#define GUP_TEST_MAX_PAGES_TO_DUMP	8
#define GUP_TEST_FLAG_DUMP_PAGES_USE_PIN	0x1

struct gup_test {
	__u64 get_delta_usec;
	__u64 put_delta_usec;
	__u64 addr;
	__u64 size;
	__u32 nr_pages_per_call;
	__u32 gup_flags;
	__u32 test_flags;
	/* 1-based page numbers from .addr; 0 = none. */
	__u32 which_pages[GUP_TEST_MAX_PAGES_TO_DUMP];
};

#define GUP_FAST_BENCHMARK		_IOWR('g', 1, struct gup_test)
#define PIN_FAST_BENCHMARK		_IOWR('g', 2, struct gup_test)
#define DUMP_USER_PAGES_TEST		_IOWR('g', 6, struct gup_test)

#define GUP_TEST_DEBUGFS_PATH		"/sys/kernel/debug/gup_test"

#endif
