/* SPDX-License-Identifier: GPL-2.0 */
/* The page kinds a test buffer is made of: 4 KiB pages, THP, 2 MiB hugetlb. */
#ifndef HMMBENCH_PAGE_KIND_H
#define HMMBENCH_PAGE_KIND_H

#include <stddef.h>

enum page_kind {
	PAGE_KIND_4K,		/* MADV_NOHUGEPAGE */
	PAGE_KIND_THP,		/* 2 MiB aligned, MADV_HUGEPAGE */
	PAGE_KIND_HUGETLB_2M,	/* MAP_HUGETLB | MAP_HUGE_2MB */
	PAGE_KIND_COUNT
};

#define PAGE_KINDS_ALL	((1U << PAGE_KIND_COUNT) - 1)
#define HUGE_2M		(2UL << 20)

const char *page_kind_name(enum page_kind kind);
int page_kind_parse(const char *text, enum page_kind *kind);

/* "4k,thp,hugetlb2m" (or "all") into a mask of 1 << kind; -EINVAL + @err. */
int page_kind_parse_list(const char *text, unsigned int *mask, char *err, size_t err_len);

/* Buffer lengths of @kind are multiples of this. */
size_t page_kind_granule(enum page_kind kind);

#endif
