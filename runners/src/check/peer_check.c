// SPDX-License-Identifier: GPL-2.0
/*
 * What the in-tree peers must answer, given hmmbench's stock entries for
 * the same memory (see peer.h). Pure functions, so the rules are tested
 * without a kernel.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hmm_bench_uapi.h"
#include "check/peer_check.h"
#include "check/peer_uapi.h"

/* Mapping orders of a PMD and a PUD of 4 KiB pages (x86-64). */
#define PEER_ORDER_PMD	9
#define PEER_ORDER_PUD	18

uint8_t peer_check_dmirror_expected(uint64_t fixed_entry, uint64_t zero_pfn)
{
	unsigned int order = hmm_bench_entry_order(fixed_entry);
	uint8_t prot;

	if (fixed_entry & HMM_BENCH_ENTRY_ERROR)
		return HMM_DMIRROR_PROT_ERROR;
	if (!(fixed_entry & HMM_BENCH_ENTRY_VALID))
		return HMM_DMIRROR_PROT_NONE;
	prot = hmm_bench_entry_pfn(fixed_entry) == zero_pfn ? HMM_DMIRROR_PROT_ZERO :
							      HMM_DMIRROR_PROT_NONE;
	prot |= fixed_entry & HMM_BENCH_ENTRY_WRITE ? HMM_DMIRROR_PROT_WRITE :
						      HMM_DMIRROR_PROT_READ;
	if (order == PEER_ORDER_PMD)
		prot |= HMM_DMIRROR_PROT_PMD;
	else if (order == PEER_ORDER_PUD)
		prot |= HMM_DMIRROR_PROT_PUD;
	return prot;
}

size_t peer_check_dmirror(const uint64_t *fixed, const uint8_t *prot, size_t n,
			    uint64_t zero_pfn, size_t *first)
{
	size_t bad = 0;

	*first = n;
	for (size_t i = 0; i < n; i++) {
		if (prot[i] == peer_check_dmirror_expected(fixed[i], zero_pfn))
			continue;
		if (!bad++)
			*first = i;
	}
	return bad;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

size_t peer_check_pick_pages(size_t nr_pages, size_t *out, size_t max)
{
	size_t cand[96], nc = 0, n = 0;

	if (!nr_pages || !max)
		return 0;
	cand[nc++] = 0;
	cand[nc++] = nr_pages - 1;
	cand[nc++] = nr_pages / 2;
	for (size_t b = 512; b < nr_pages && nc + 2 <= 64; b += 512) {
		cand[nc++] = b - 1;
		cand[nc++] = b;
	}
	if (nr_pages > 1)
		cand[nc++] = 1;
	/* Sixteenths of the range, so pages inside huge pages are covered too. */
	for (size_t k = 1; k < 16 && nc < sizeof(cand) / sizeof(cand[0]); k++)
		cand[nc++] = nr_pages * k / 16;
	qsort(cand, nc, sizeof(cand[0]), cmp_size);
	for (size_t i = 0; i < nc && n < max; i++)
		if (!n || cand[i] != out[n - 1])
			out[n++] = cand[i];
	return n;
}

enum peer_kmsg_line peer_check_kmsg_parse(const char *record, uint64_t *value)
{
	const char *msg = strchr(record, ';');
	const char *p;
	char *end;

	msg = msg ? msg + 1 : record;
	if (!strncmp(msg, "---- page #", 11)) {
		*value = strtoull(msg + 11, &end, 10);
		return end != msg + 11 && *end == ',' ? PEER_KMSG_PAGE_INDEX : PEER_KMSG_OTHER;
	}
	if (!strncmp(msg, "page: refcount:", 15)) {
		p = strstr(msg, " pfn:0x");
		if (!p)
			return PEER_KMSG_OTHER;
		*value = strtoull(p + 7, &end, 16);
		return end != p + 7 ? PEER_KMSG_PAGE_PFN : PEER_KMSG_OTHER;
	}
	return PEER_KMSG_OTHER;
}
