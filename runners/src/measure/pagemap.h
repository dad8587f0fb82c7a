/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own view of our page tables, the ground truth verify checks
 * HMM against: /proc/self/pagemap (one entry per virtual page, see
 * Documentation/admin-guide/mm/pagemap.rst) and /proc/kpageflags (one entry
 * per physical page). PFNs read as 0 without CAP_SYS_ADMIN; kpageflags needs
 * root.
 */
#ifndef HMMBENCH_PAGEMAP_H
#define HMMBENCH_PAGEMAP_H

#include <stddef.h>
#include <stdint.h>

#define PAGEMAP_PRESENT		(1ULL << 63)
#define PAGEMAP_SWAPPED		(1ULL << 62)
#define PAGEMAP_FILE_OR_SHARED	(1ULL << 61)
#define PAGEMAP_EXCLUSIVE	(1ULL << 56)
#define PAGEMAP_SOFT_DIRTY	(1ULL << 55)
#define PAGEMAP_PFN_MASK	((1ULL << 55) - 1)

/* Bits of /proc/kpageflags (include/uapi/linux/kernel-page-flags.h). */
#define KPF_BIT_COMPOUND_HEAD	15
#define KPF_BIT_COMPOUND_TAIL	16
#define KPF_BIT_HUGE		17
#define KPF_BIT_THP		22
#define KPF_BIT_ZERO_PAGE	24

static inline int pagemap_present(uint64_t entry)
{
	return !!(entry & PAGEMAP_PRESENT);
}

/* The PFN of a present, not swapped entry (0 when hidden from us). */
static inline uint64_t pagemap_pfn(uint64_t entry)
{
	return pagemap_present(entry) ? entry & PAGEMAP_PFN_MASK : 0;
}

static inline int kpageflags_has(uint64_t flags, int bit)
{
	return (flags >> bit) & 1;
}

/* Open /proc/self/pagemap; -errno on failure. */
int pagemap_open(void);

/* Read the entries of @nr_pages pages from @addr; 0 or -errno. */
int pagemap_read(int fd, uintptr_t addr, size_t nr_pages, uint64_t *entries);

/* Open /proc/kpageflags; -errno (usually -EACCES or -EPERM) on failure. */
int pagemap_kpageflags_open(void);

/* The flags of physical page @pfn; 0 or -errno. */
int pagemap_kpageflags_read(int fd, uint64_t pfn, uint64_t *flags);

/* The PFN of the shared zero page, found by read-faulting a fresh page. */
int pagemap_zero_pfn(int fd, uint64_t *pfn);

#endif
