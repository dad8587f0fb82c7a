/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test buffers of one page kind: 4 KiB pages, transparent huge pages or
 * 2 MiB hugetlb pages, and the few things done to them between runs
 * (populate by reading or writing, make read-only, drop the pages).
 * A kind the machine cannot give comes back as an error plus a reason
 * string, which callers print as "skipped: <reason>".
 */
#ifndef HMMBENCH_BUFFERS_H
#define HMMBENCH_BUFFERS_H

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
int page_kinds_parse_list(const char *text, unsigned int *mask, char *err, size_t err_len);

/* Buffer lengths of @kind are multiples of this. */
size_t page_kind_granule(enum page_kind kind);

enum touch {
	TOUCH_READ,	/* read one byte per page: anonymous pages map the zero page */
	TOUCH_WRITE,	/* write one byte per page: private pages */
};

struct test_buffer {
	enum page_kind kind;
	char *addr;		/* aligned to page_kind_granule() */
	size_t len;
	void *map;		/* what mmap returned, for munmap */
	size_t map_len;
};

/*
 * Map @len bytes (a multiple of the kind's granule) of @kind. Returns 0, or
 * -errno with a reason in @reason: -EOPNOTSUPP when the kernel or its
 * settings do not offer the kind, -ENOMEM when its pages are not there.
 */
int buffer_alloc(struct test_buffer *buf, enum page_kind kind, size_t len,
		 char *reason, size_t reason_len);
void buffer_free(struct test_buffer *buf);

void buffer_populate(struct test_buffer *buf, enum touch touch);
int buffer_protect(struct test_buffer *buf, int read_only);	/* 0 or -errno */
int buffer_reset(struct test_buffer *buf);			/* MADV_DONTNEED */

/*
 * Make sure @pages 2 MiB hugetlb pages are free, raising
 * /proc/sys/vm/nr_hugepages when root. 0, or -errno with a reason.
 */
int hugetlb_ensure_free(long pages, char *reason, size_t reason_len);

/* Give back what hugetlb_ensure_free() added to the pool. */
void hugetlb_restore(void);

#endif
