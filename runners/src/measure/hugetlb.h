/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 2 MiB hugetlb pool a run needs, on the NUMA node the run's memory is
 * bound to (hugetlb_set_node(), from --cpu), else the global pool.
 */
#ifndef HMMBENCH_HUGETLB_H
#define HMMBENCH_HUGETLB_H

#include <stddef.h>

/*
 * Reserve on NUMA node @node (an OS node number), through
 * /sys/devices/system/node/node@node/hugepages/hugepages-2048kB/, or on the
 * global pool (/proc/sys/vm/nr_hugepages) when @node < 0 or the kernel has
 * no per-node pools. Gives back what was added to the previous pool first.
 */
void hugetlb_set_node(int node);

/*
 * Where the pool files are looked up: @root prefixed to every /sys and /proc
 * path ("" or NULL: the real ones). For tests, with a fake sysfs tree.
 */
void hugetlb_set_root(const char *root);

/*
 * The pool file @file ("nr_hugepages", "free_hugepages") of the current
 * pool into @buf, and the pool's name ("node 1", "the global pool") into
 * @label when not NULL. 0, or -ENAMETOOLONG.
 */
int hugetlb_pool_path(const char *file, char *buf, size_t len, char *label, size_t label_len);

/*
 * Make sure @pages 2 MiB hugetlb pages are free in the current pool,
 * raising its nr_hugepages when it may be written (root). 0, or -errno
 * with a reason naming the pool (a shortfall names its node).
 */
int hugetlb_ensure_free(long pages, char *reason, size_t reason_len);

/* Give back what hugetlb_ensure_free() added to the pool. */
void hugetlb_restore(void);

#endif
