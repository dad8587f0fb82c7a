// SPDX-License-Identifier: GPL-2.0
/* The rules of 'hmmbench peers' (peer_check.c), without a kernel. */
#include <string.h>

#include "check.h"
#include "hmm_bench_uapi.h"
#include "check/peer_check.h"
#include "check/peer_uapi.h"

#define ZERO_PFN	0x1234ULL

static uint64_t entry(int valid, int write, unsigned int order, uint64_t pfn)
{
	return hmm_bench_entry_encode(pfn, order, (valid ? HMM_BENCH_ENTRY_VALID : 0) |
						  (write ? HMM_BENCH_ENTRY_WRITE : 0));
}

static void test_expected_prot(void)
{
	EXPECT_EQ_INT(peer_check_dmirror_expected(HMM_BENCH_ENTRY_ERROR, ZERO_PFN), HMM_DMIRROR_PROT_ERROR);
	EXPECT_EQ_INT(peer_check_dmirror_expected(0, ZERO_PFN), HMM_DMIRROR_PROT_NONE);
	/* A pfn without VALID (e.g. a non-present hugetlb entry) is still NONE. */
	EXPECT_EQ_INT(peer_check_dmirror_expected(entry(0, 0, 0, 0x777), ZERO_PFN), HMM_DMIRROR_PROT_NONE);
	EXPECT_EQ_INT(peer_check_dmirror_expected(entry(1, 0, 0, 0x99), ZERO_PFN), HMM_DMIRROR_PROT_READ);
	EXPECT_EQ_INT(peer_check_dmirror_expected(entry(1, 1, 0, 0x99), ZERO_PFN), HMM_DMIRROR_PROT_WRITE);
	EXPECT_EQ_INT(peer_check_dmirror_expected(entry(1, 0, 0, ZERO_PFN), ZERO_PFN),
		      HMM_DMIRROR_PROT_ZERO | HMM_DMIRROR_PROT_READ);
	EXPECT_EQ_INT(peer_check_dmirror_expected(entry(1, 1, 9, 0x200), ZERO_PFN),
		      HMM_DMIRROR_PROT_WRITE | HMM_DMIRROR_PROT_PMD);
	EXPECT_EQ_INT(peer_check_dmirror_expected(entry(1, 0, 18, 0x40000), ZERO_PFN),
		      HMM_DMIRROR_PROT_READ | HMM_DMIRROR_PROT_PUD);
	/* Orders between PTE and PMD (mTHP) carry no size flag in test_hmm. */
	EXPECT_EQ_INT(peer_check_dmirror_expected(entry(1, 1, 4, 0x200), ZERO_PFN), HMM_DMIRROR_PROT_WRITE);
}

static void test_compare(void)
{
	uint64_t fixed[4] = { entry(1, 1, 9, 0x200), entry(1, 1, 9, 0x201), 0, HMM_BENCH_ENTRY_ERROR };
	uint8_t prot[4] = { HMM_DMIRROR_PROT_WRITE | HMM_DMIRROR_PROT_PMD,
			    HMM_DMIRROR_PROT_WRITE | HMM_DMIRROR_PROT_PMD, HMM_DMIRROR_PROT_NONE,
			    HMM_DMIRROR_PROT_ERROR };
	size_t first;

	EXPECT_EQ_INT(peer_check_dmirror(fixed, prot, 4, ZERO_PFN, &first), 0);
	EXPECT_EQ_INT(first, 4);
	/* The write bit and the PMD flag are each caught. */
	prot[1] = HMM_DMIRROR_PROT_READ | HMM_DMIRROR_PROT_PMD;
	prot[3] = HMM_DMIRROR_PROT_NONE;
	EXPECT_EQ_INT(peer_check_dmirror(fixed, prot, 4, ZERO_PFN, &first), 2);
	EXPECT_EQ_INT(first, 1);
	prot[1] = HMM_DMIRROR_PROT_WRITE;
	prot[3] = HMM_DMIRROR_PROT_ERROR;
	EXPECT_EQ_INT(peer_check_dmirror(fixed, prot, 4, ZERO_PFN, &first), 1);
}

static int picked(const size_t *out, size_t n, size_t page)
{
	for (size_t i = 0; i < n; i++)
		if (out[i] == page)
			return 1;
	return 0;
}

static void test_pick_pages(void)
{
	size_t out[32], n;

	n = peer_check_pick_pages(1024, out, 32);
	/* 0, 1, 511, 512, 1023 and the sixteenths 64..960 (512 once). */
	EXPECT_EQ_INT(n, 19);
	EXPECT(picked(out, n, 0) && picked(out, n, 1) && picked(out, n, 511) &&
	       picked(out, n, 512) && picked(out, n, 1023) && picked(out, n, 64) &&
	       picked(out, n, 960));
	for (size_t i = 1; i < n; i++)
		EXPECT(out[i] > out[i - 1]);
	n = peer_check_pick_pages(1024, out, 3);
	EXPECT_EQ_INT(n, 3);
	EXPECT_EQ_INT(out[0], 0);
	n = peer_check_pick_pages(1, out, 32);
	EXPECT_EQ_INT(n, 1);
	EXPECT_EQ_INT(out[0], 0);
	EXPECT_EQ_INT(peer_check_pick_pages(0, out, 32), 0);
	n = peer_check_pick_pages(4096, out, 32);
	EXPECT(n <= 32);
	for (size_t i = 1; i < n; i++)
		EXPECT(out[i] > out[i - 1]);
	for (size_t i = 0; i < n; i++)
		EXPECT(out[i] < 4096);
}

static void test_kmsg_parse(void)
{
	uint64_t v = 0;

	EXPECT_EQ_INT(peer_check_kmsg_parse("6,1201,93345123,-;---- page #511, starting from user virt addr: 0x7f0000000000",
				      &v), PEER_KMSG_PAGE_INDEX);
	EXPECT_EQ_INT(v, 511);
	EXPECT_EQ_INT(peer_check_kmsg_parse("4,1202,93345200,-;page: refcount:514 mapcount:1 mapping:0000000000000000 index:0x7f0000000 pfn:0x10a3ff",
				      &v), PEER_KMSG_PAGE_PFN);
	EXPECT_EQ_INT(v, 0x10a3ff);
	EXPECT_EQ_INT(peer_check_kmsg_parse("page: refcount:1 mapcount:1 mapping:0 index:0x1 pfn:0x42", &v),
		      PEER_KMSG_PAGE_PFN);
	EXPECT_EQ_INT(v, 0x42);
	EXPECT_EQ_INT(peer_check_kmsg_parse("4,1203,93345300,-;head: order:9 mapcount:1", &v), PEER_KMSG_OTHER);
	EXPECT_EQ_INT(peer_check_kmsg_parse("6,1,2,-;---- page #, starting", &v), PEER_KMSG_OTHER);
	EXPECT_EQ_INT(peer_check_kmsg_parse("4,1,2,-;page: refcount:1 mapcount:1", &v), PEER_KMSG_OTHER);
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "dmirror protection expected from a fixed entry", test_expected_prot },
		{ "dmirror protection compared per page", test_compare },
		{ "pages picked for gup_test's dump", test_pick_pages },
		{ "kmsg records of gup_test's page dump", test_kmsg_parse },
	};

	return RUN_TESTS(tests);
}
