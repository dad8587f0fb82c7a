/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rules `hmmbench verify` holds every output entry to, as pure functions
 * of the entry and the kernel's own view of the page (pagemap, kpageflags),
 * so the unit tests can feed them wrong entries and see them caught.
 */
#ifndef HMMBENCH_VERIFY_CHECKS_H
#define HMMBENCH_VERIFY_CHECKS_H

#include <stddef.h>
#include <stdint.h>

#include "measure/buffer.h"
#include "hmm_bench_uapi.h"

enum populate {
	POPULATE_NONE,		/* never touched */
	POPULATE_READ,		/* read-touched: anonymous memory maps the zero page */
	POPULATE_WRITE,		/* write-touched: private pages */
	POPULATE_COUNT
};

const char *verify_checks_populate_name(enum populate populate);

/* What the test did to one page. */
struct entry_expect {
	enum page_kind kind;
	enum populate populate;
	int read_only;
	uint32_t op;			/* HMM_BENCH_OP_* */
	int any_write_request;		/* the run requested a write on some page */
	int write_requested;		/* ... on this page */
	int huge_head_write_requested;	/* ... on the first 4 KiB page of its hugetlb page */
	int thp_zero_page;		/* THP read faults map the huge zero page */
};

/* What the kernel says about it. */
struct entry_truth {
	uint64_t vpn;			/* virtual address >> 12 */
	uint64_t pagemap_before;	/* before the run */
	uint64_t pagemap_after;		/* after it */
	int kpageflags_known;
	uint64_t kpageflags;		/* of the entry's own pfn, when known */
	uint64_t zero_pfn;		/* the shared zero page */
	uint64_t huge_zero_pfn;		/* first pfn of the huge zero page, 0 unknown */
};

/* Whether @pfn is the zero page or part of the huge zero page. */
int verify_checks_pfn_is_zero_page(const struct entry_truth *truth, uint64_t pfn);

/* verify_checks_fixed_entry(): the entry shows a known kernel deviation (see there). */
#define CHECK_KNOWN_DEVIATION	2

/*
 * Check one stock entry (FORMAT_FIXED) of a successful run. Returns 0, or -1
 * with the first broken rule in @why, or CHECK_KNOWN_DEVIATION (reason in
 * @why) when the only thing wrong is a kernel bug hmmbench knows about:
 * hmm_vma_walk_hugetlb_entry() (6.1, 6.12) decides whether to fault from the
 * request of the hugetlb page's first 4 KiB page only, so a write request on
 * any other subpage is ignored and hmm_range_fault() still succeeds without
 * HMM_PFN_WRITE, against its documented contract.
 */
int verify_checks_fixed_entry(const struct entry_expect *expect, const struct entry_truth *truth,
		      uint64_t entry, char *why, size_t why_len);

/*
 * Check that @converted (in @table's format) says what the stock entry
 * @fixed says: the same pfn and write bit for a page, values[ERROR] for an
 * error, values[NONE] for no page. 0, or -1 with the reason in @why.
 */
int verify_checks_converted_entry(const struct hmm_bench_flag_table *table, uint64_t fixed,
			  uint64_t converted, char *why, size_t why_len);

/*
 * Encode every kind of entry with the UAPI helpers and decode it back:
 * pages with and without write and device-private over a spread of pfns,
 * and each of values[]. Returns the number of failed round trips; the
 * first is described in @why.
 */
int verify_checks_table_roundtrip(const struct hmm_bench_flag_table *table, char *why, size_t why_len);

#endif
