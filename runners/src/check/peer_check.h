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
 * the pure functions below (unit-tested).
 */
#ifndef HMMBENCH_PEER_CHECK_H
#define HMMBENCH_PEER_CHECK_H

#include <stddef.h>
#include <stdint.h>

/*
 * The byte test_hmm's SNAPSHOT gives for a page whose stock HMM pfn is
 * @fixed_entry: dmirror_mkentry() of lib/test_hmm.c restated (ERROR, else
 * NONE without VALID, else ZERO for the shared zero page @zero_pfn, READ or
 * WRITE, and PMD for order 9, PUD for order 18). Device pages cannot occur
 * in hmmbench's buffers.
 */
uint8_t peer_check_dmirror_expected(uint64_t fixed_entry, uint64_t zero_pfn);

/* Pages of @n whose @prot differs from the expectation; the first in *first (n if none). */
size_t peer_check_dmirror(const uint64_t *fixed, const uint8_t *prot, size_t n,
			    uint64_t zero_pfn, size_t *first);

/*
 * Up to @max distinct page indices of a range of @nr_pages, ascending: the
 * first two and the last page, both sides of the first 2 MiB boundaries,
 * and every sixteenth of the range.
 * Returns how many were written to @out.
 */
size_t peer_check_pick_pages(size_t nr_pages, size_t *out, size_t max);

/* What one /dev/kmsg record of gup_test's page dump says. */
enum peer_kmsg_line {
	PEER_KMSG_OTHER,	/* anything else */
	PEER_KMSG_PAGE_INDEX,	/* "---- page #N, starting from user virt addr: ..." (0-based N) */
	PEER_KMSG_PAGE_PFN,	/* "page: refcount:... pfn:0x..." */
};

/* Classify @record ("prio,seq,usec,flags;message", or a bare message); the number in *value. */
enum peer_kmsg_line peer_check_kmsg_parse(const char *record, uint64_t *value);

#endif
