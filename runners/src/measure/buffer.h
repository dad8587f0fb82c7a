/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test buffers of one page kind: 4 KiB pages, transparent huge pages or
 * 2 MiB hugetlb pages, and the few things done to them between runs
 * (populate by reading or writing, make read-only, drop the pages).
 * A kind the machine cannot give comes back as an error plus a reason
 * string, which callers print as "skipped: <reason>".
 */
#ifndef HMMBENCH_BUFFER_H
#define HMMBENCH_BUFFER_H

#include <stddef.h>

#include "measure/page_kind.h"

enum touch {
	TOUCH_READ,	/* read one byte per page: anonymous pages map the zero page */
	TOUCH_WRITE,	/* write one byte per page: private pages */
};

struct test_buffer {
	enum page_kind kind;
	char *addr;		/* what mmap returned: 1 GiB aligned, NULL when unmapped */
	size_t len;
	int slot;		/* its place in the buffer region (buffer.c), or -1 */
};

/*
 * Map @len bytes (a multiple of the kind's granule, at most 64 GiB) of
 * @kind, at a fixed address: the lowest free of hmmbench's buffer slots,
 * 1 GiB aligned and below every other mapping of the process, so a
 * configuration's calls find the same address-space layout on every visit.
 * Returns 0, or -errno with a reason in @reason: -EOPNOTSUPP when the
 * kernel or its settings do not offer the kind, -ENOMEM when its pages are
 * not there (or 64 buffers are live), -EEXIST when something else has
 * mapped the slot, -EINVAL for a bad length.
 */
int buffer_alloc(struct test_buffer *buf, enum page_kind kind, size_t len,
		 char *reason, size_t reason_len);
void buffer_free(struct test_buffer *buf);

void buffer_populate(struct test_buffer *buf, enum touch touch);
int buffer_protect(struct test_buffer *buf, int read_only);	/* 0 or -errno */
int buffer_reset(struct test_buffer *buf);			/* MADV_DONTNEED */

#endif
