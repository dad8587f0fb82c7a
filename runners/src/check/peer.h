/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 'hmmbench peers': cross-checks of hmmbench's stock output against the
 * kernel's own HMM and GUP test drivers, and their timings as peer figures.
 *
 * - test_hmm ("dmirror", /dev/hmm_dmirror0, CONFIG_TEST_HMM): its SNAPSHOT
 *   ioctl runs hmm_range_fault() itself and returns one protection byte per
 *   page (peer_hmm.c).
 * - gup_test (debugfs gup_test, CONFIG_GUP_TEST): pins pages and dumps the
 *   chosen ones' struct page, PFN included, to the kernel log; it also
 *   times get_user_pages_fast()/pin_user_pages_fast() (peer_gup.c).
 * What each answer must be, given hmmbench's fixed entries, is decided by
 * the pure functions of peer_check.c.
 */
#ifndef HMMBENCH_PEER_H
#define HMMBENCH_PEER_H

#include <stddef.h>
#include <stdint.h>

/* --- peer_check.c: pure, unit-tested. */

/*
 * The byte test_hmm's SNAPSHOT gives for a page whose stock HMM pfn is
 * @fixed_entry: dmirror_mkentry() of lib/test_hmm.c restated (ERROR, else
 * NONE without VALID, else ZERO for the shared zero page @zero_pfn, READ or
 * WRITE, and PMD for order 9, PUD for order 18). Device pages cannot occur
 * in hmmbench's buffers.
 */
uint8_t peer_dmirror_expected(uint64_t fixed_entry, uint64_t zero_pfn);

/* Pages of @n whose @prot differs from the expectation; the first in *first (n if none). */
size_t peer_dmirror_compare(const uint64_t *fixed, const uint8_t *prot, size_t n,
			    uint64_t zero_pfn, size_t *first);

/*
 * Up to @max distinct page indices of a range of @nr_pages, ascending: the
 * first two and the last page, both sides of the first 2 MiB boundaries,
 * and every sixteenth of the range.
 * Returns how many were written to @out.
 */
size_t peer_pick_pages(size_t nr_pages, size_t *out, size_t max);

/* What one /dev/kmsg record of gup_test's page dump says. */
enum peer_kmsg_line {
	PEER_KMSG_OTHER,	/* anything else */
	PEER_KMSG_PAGE_INDEX,	/* "---- page #N, starting from user virt addr: ..." (0-based N) */
	PEER_KMSG_PAGE_PFN,	/* "page: refcount:... pfn:0x..." */
};

/* Classify @record ("prio,seq,usec,flags;message", or a bare message); the number in *value. */
enum peer_kmsg_line peer_kmsg_parse(const char *record, uint64_t *value);

/* --- peer_hmm.c: test_hmm's dmirror device. */

/* Open /dev/hmm_dmirror0: the fd, or -errno with the reason to skip in @reason. */
int peer_dmirror_open(char *reason, size_t len);

/* SNAPSHOT of @nr_pages pages at @addr into @prot; its wall time (ns) in *wall_ns. 0 or -errno. */
int peer_dmirror_snapshot(int fd, const void *addr, size_t nr_pages, uint8_t *prot,
			  uint64_t *wall_ns);

/* --- peer_gup.c: gup_test's debugfs file. */

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
