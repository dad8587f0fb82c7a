/* SPDX-License-Identifier: GPL-2.0 */
/* gup_test's debugfs file (CONFIG_GUP_TEST), a peer to cross-check against. */
#ifndef HMMBENCH_PEER_GUP_H
#define HMMBENCH_PEER_GUP_H

#include <stddef.h>
#include <stdint.h>

/* Open debugfs gup_test: the fd, or -errno with the reason to skip in @reason. */
int peer_gup_open(char *reason, size_t len);

/*
 * GUP_FAST_BENCHMARK (@pin = 0, get_user_pages_fast) or PIN_FAST_BENCHMARK
 * (@pin = 1) over [addr, addr + nr_pages pages) in one call; gup_test's
 * own microsecond figures for getting and putting the pages. 0 or -errno
 * (-EFAULT when it took fewer pages than asked).
 */
int peer_gup_benchmark(int fd, int pin, const void *addr, size_t nr_pages, uint64_t *get_us,
		       uint64_t *put_us);

/*
 * Pin the whole range with DUMP_USER_PAGES_TEST, have gup_test dump pages
 * @pages[0..n) (0-based), and read their PFNs back from /dev/kmsg into
 * @pfns (UINT64_MAX for a page whose dump was not found). 0 or -errno with
 * a message in @err.
 */
int peer_gup_dump_pfns(int fd, const void *addr, size_t nr_pages, const size_t *pages,
		       size_t n, uint64_t *pfns, char *err, size_t errlen);

#endif
