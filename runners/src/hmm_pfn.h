/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the stock HMM pfns that HMM_BENCH_FORMAT_FIXED returns: the layout
 * of include/linux/hmm.h from 5.9 up to at least 6.12 (VALID bit 63, WRITE
 * bit 62, ERROR bit 61, the mapping order in bits 56..60, the pfn below).
 * Kernels around 6.16 moved the order field; when hmmbench meets one, this
 * is the one place to teach it.
 */
#ifndef HMMBENCH_HMM_PFN_H
#define HMMBENCH_HMM_PFN_H

#include <stdint.h>

#define HMM_PFN_VALID_BIT	(1ULL << 63)
#define HMM_PFN_WRITE_BIT	(1ULL << 62)
#define HMM_PFN_ERROR_BIT	(1ULL << 61)
#define HMM_PFN_ORDER_SHIFT	56
#define HMM_PFN_ORDER_MASK	0x1fULL
#define HMM_PFN_FLAGS_MASK	(0xffULL << HMM_PFN_ORDER_SHIFT)

struct hmm_pfn {
	int valid;
	int write;
	int error;
	unsigned int order;
	uint64_t pfn;
};

static inline struct hmm_pfn hmm_pfn_decode(uint64_t entry)
{
	struct hmm_pfn d = {
		.valid = !!(entry & HMM_PFN_VALID_BIT),
		.write = !!(entry & HMM_PFN_WRITE_BIT),
		.error = !!(entry & HMM_PFN_ERROR_BIT),
		.order = (entry >> HMM_PFN_ORDER_SHIFT) & HMM_PFN_ORDER_MASK,
		.pfn = entry & ~HMM_PFN_FLAGS_MASK,
	};
	return d;
}

#endif
