/* SPDX-License-Identifier: GPL-2.0 */
/* The 2 MiB hugetlb pool a run needs. */
#ifndef HMMBENCH_HUGETLB_H
#define HMMBENCH_HUGETLB_H

#include <stddef.h>

/*
 * Make sure @pages 2 MiB hugetlb pages are free, raising
 * /proc/sys/vm/nr_hugepages when root. 0, or -errno with a reason.
 */
int hugetlb_ensure_free(long pages, char *reason, size_t reason_len);

/* Give back what hugetlb_ensure_free() added to the pool. */
void hugetlb_restore(void);

#endif
