// SPDX-License-Identifier: GPL-2.0
/*
 * The per-entry rules of hmmbench verify on synthetic entries: right
 * entries pass, and each kind of wrong entry is caught with its reason.
 */
#include <string.h>

#include "check.h"
#include "measure/pagemap.h"
#include "check/verify_checks.h"

#define ZERO_PFN	0x1000ULL
#define HUGE_ZERO_PFN	0x200000ULL
#define PAGE_PFN	0x54321ULL

static char why[256];

/* A raw FORMAT_FIXED entry that maps a page. */
static uint64_t stock(uint64_t pfn, int write, unsigned int order)
{
	return hmm_bench_entry_encode(pfn, order, HMM_BENCH_ENTRY_VALID |
						  (write ? HMM_BENCH_ENTRY_WRITE : 0));
}

static uint64_t pm(uint64_t pfn)
{
	return PAGEMAP_PRESENT | pfn;
}

static struct entry_truth truth(uint64_t vpn, uint64_t before, uint64_t after)
{
	struct entry_truth t = {
		.vpn = vpn, .pagemap_before = before, .pagemap_after = after,
		.zero_pfn = ZERO_PFN, .huge_zero_pfn = HUGE_ZERO_PFN,
	};
	return t;
}

static int says(const char *needle)
{
	int ok = strstr(why, needle) != NULL;

	if (!ok)
		fprintf(stderr, "  reason '%s' does not mention '%s'\n", why, needle);
	return ok;
}

static void test_entry_encoding(void)
{
	uint64_t e = stock(0x123, 1, 9);
	uint64_t widest = (1ULL << 40) - 1;

	EXPECT(e & HMM_BENCH_ENTRY_VALID);
	EXPECT(e & HMM_BENCH_ENTRY_WRITE);
	EXPECT(!(e & (HMM_BENCH_ENTRY_ERROR | HMM_BENCH_ENTRY_DEVICE_PRIVATE)));
	EXPECT_EQ_INT(hmm_bench_entry_order(e), 9);
	EXPECT(hmm_bench_entry_pfn(e) == 0x123);
	/* The widest pfn of 52-bit physical addresses, the largest order. */
	e = hmm_bench_entry_encode(widest, HMM_BENCH_NR_ORDERS - 1, HMM_BENCH_ENTRY_VALID);
	EXPECT(hmm_bench_entry_pfn(e) == widest);
	EXPECT_EQ_INT(hmm_bench_entry_order(e), HMM_BENCH_NR_ORDERS - 1);
	EXPECT(!(e & HMM_BENCH_ENTRY_WRITE));
	EXPECT(hmm_bench_entry_pfn(HMM_BENCH_ENTRY_ERROR) == 0);
	EXPECT_EQ_INT(hmm_bench_entry_order(HMM_BENCH_ENTRY_DEVICE_PRIVATE), 0);
}

static void test_snapshot(void)
{
	struct entry_expect e = { .kind = PAGE_KIND_4K, .op = HMM_BENCH_OP_SNAPSHOT };
	struct entry_truth t = truth(0x10000, 0, 0);

	e.populate = POPULATE_NONE;
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, 0, why, sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN, 0, 0), why, sizeof(why)), -1);
	EXPECT(says("valid after SNAPSHOT of an unpopulated page"));
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, HMM_BENCH_ENTRY_ERROR, why, sizeof(why)), -1);
	EXPECT(says("error entry"));

	e.populate = POPULATE_WRITE;
	t = truth(0x10000, pm(PAGE_PFN), pm(PAGE_PFN));
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN, 1, 0), why, sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, 0, why, sizeof(why)), -1);
	EXPECT(says("not valid after SNAPSHOT of a write-touched page"));
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN + 1, 1, 0), why, sizeof(why)), -1);
	EXPECT(says("pagemap pfn 0x54321"));
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN, 0, 0), why, sizeof(why)), -1);
	EXPECT(says("no write bit on a written"));
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN, 1, 9), why, sizeof(why)), -1);
	EXPECT(says("order 9, want 0"));

	e.read_only = 1;
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN, 0, 0), why, sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN, 1, 0), why, sizeof(why)), -1);
	EXPECT(says("read-only"));
}

static void test_zero_page(void)
{
	struct entry_expect e = { .kind = PAGE_KIND_4K, .op = HMM_BENCH_OP_FAULT,
				  .populate = POPULATE_NONE };
	struct entry_truth t = truth(0x10000, 0, pm(ZERO_PFN));

	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(ZERO_PFN, 0, 0), why, sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(ZERO_PFN, 1, 0), why, sizeof(why)), -1);
	EXPECT(says("zero page"));
	t = truth(0x10000, 0, pm(PAGE_PFN));
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN, 0, 0), why, sizeof(why)), -1);
	EXPECT(says("not the zero page"));

	/* THP read fault: the huge zero page, order 9, offset matching. */
	e.kind = PAGE_KIND_THP;
	e.thp_zero_page = 1;
	t = truth(0x10005, 0, pm(HUGE_ZERO_PFN + 5));
	t.kpageflags_known = 1;
	t.kpageflags = (1ULL << KPF_BIT_THP) | (1ULL << KPF_BIT_ZERO_PAGE);
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(HUGE_ZERO_PFN + 5, 0, 9), why, sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(HUGE_ZERO_PFN + 5, 0, 0), why, sizeof(why)), -1);
	EXPECT(says("order 0, want 9"));
	/* A THP entry at the wrong offset of its 2 MiB block. */
	t = truth(0x10006, 0, pm(HUGE_ZERO_PFN + 5));
	t.kpageflags_known = 1;
	t.kpageflags = 1ULL << KPF_BIT_THP;
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(HUGE_ZERO_PFN + 5, 0, 9), why, sizeof(why)), -1);
	EXPECT(says("aligned block"));
}

static void test_write_requests(void)
{
	struct entry_expect e = { .kind = PAGE_KIND_4K, .op = HMM_BENCH_OP_FAULT,
				  .populate = POPULATE_READ, .any_write_request = 1 };
	struct entry_truth t = truth(0x10000, pm(ZERO_PFN), pm(PAGE_PFN));

	e.write_requested = 1;
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN, 1, 0), why, sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN, 0, 0), why, sizeof(why)), -1);
	EXPECT(says("write requested but no write bit"));
	/* Still the zero page after a write request: COW not broken. */
	t = truth(0x10000, pm(ZERO_PFN), pm(ZERO_PFN));
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(ZERO_PFN, 1, 0), why, sizeof(why)), -1);
	EXPECT(says("zero page"));

	/* Not requested: either outcome is fine (HMM faults whole ranges). */
	e.write_requested = 0;
	t = truth(0x10001, pm(ZERO_PFN), pm(ZERO_PFN));
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(ZERO_PFN, 0, 0), why, sizeof(why)), 0);
	t = truth(0x10001, pm(ZERO_PFN), pm(PAGE_PFN));
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock(PAGE_PFN, 1, 0), why, sizeof(why)), 0);
}

static void test_hugetlb_known_deviation(void)
{
	struct entry_expect e = { .kind = PAGE_KIND_HUGETLB_2M, .op = HMM_BENCH_OP_FAULT,
				  .populate = POPULATE_READ, .any_write_request = 1,
				  .write_requested = 1 };
	struct entry_truth t = truth(0x10201, pm(PAGE_PFN & ~511ULL), pm((PAGE_PFN & ~511ULL) + 1));
	uint64_t entry = stock((PAGE_PFN & ~511ULL) + 1, 0, 9);

	/* The head subpage had no request: the kernel's known bug. */
	e.huge_head_write_requested = 0;
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, entry, why, sizeof(why)), CHECK_KNOWN_DEVIATION);
	EXPECT(says("known kernel bug"));
	/* The head had one too: no excuse. */
	e.huge_head_write_requested = 1;
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, entry, why, sizeof(why)), -1);
	/* The excuse never covers another fault of the same entry. */
	e.huge_head_write_requested = 0;
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock((PAGE_PFN & ~511ULL) + 2, 0, 9), why,
					sizeof(why)), -1);
	EXPECT(says("pagemap pfn"));
	EXPECT_EQ_INT(verify_checks_fixed_entry(&e, &t, stock((PAGE_PFN & ~511ULL) + 1, 0, 0), why,
					sizeof(why)), -1);
	EXPECT(says("order 0, want 9"));
}

static void test_converted(void)
{
	const struct hmm_bench_flag_table amdgpu = {
		.flags = { 0x1, 0x2, 0 },
		.values = { 0xfffffffffffffffeULL, 0, 0xfffffffffffffffcULL }, .pfn_shift = 12,
	};
	const struct hmm_bench_flag_table nowrite = {
		.flags = { 0x1, 0, 0 }, .values = { 0x2, 0, 0x4 }, .pfn_shift = 12,
	};

	EXPECT_EQ_INT(verify_checks_converted_entry(&amdgpu, stock(PAGE_PFN, 1, 9), (PAGE_PFN << 12) | 3, why,
					    sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_converted_entry(&amdgpu, stock(PAGE_PFN, 1, 0), (PAGE_PFN << 12) | 1, why,
					    sizeof(why)), -1);
	EXPECT(says("converted write 0, fixed write 1"));
	EXPECT_EQ_INT(verify_checks_converted_entry(&amdgpu, stock(PAGE_PFN, 0, 0), ((PAGE_PFN + 1) << 12) | 1,
					    why, sizeof(why)), -1);
	EXPECT(says("converted pfn"));
	EXPECT_EQ_INT(verify_checks_converted_entry(&amdgpu, stock(PAGE_PFN, 0, 0), 0, why, sizeof(why)), -1);
	EXPECT(says("decodes as a value"));
	EXPECT_EQ_INT(verify_checks_converted_entry(&amdgpu, 0, 0, why, sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_converted_entry(&amdgpu, 0, 0xfffffffffffffffcULL, why, sizeof(why)), -1);
	EXPECT(says("values[NONE]"));
	EXPECT_EQ_INT(verify_checks_converted_entry(&amdgpu, HMM_BENCH_ENTRY_ERROR, 0xfffffffffffffffeULL, why,
					    sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_converted_entry(&amdgpu, HMM_BENCH_ENTRY_ERROR, 0, why, sizeof(why)), -1);
	EXPECT(says("values[ERROR]"));
	/* A table without a write flag cannot say "write": that is right. */
	EXPECT_EQ_INT(verify_checks_converted_entry(&nowrite, stock(PAGE_PFN, 1, 0), (PAGE_PFN << 12) | 1, why,
					    sizeof(why)), 0);
}

static const struct test_case tests[] = {
	{ "entry_encoding", test_entry_encoding },
	{ "snapshot", test_snapshot },
	{ "zero_page", test_zero_page },
	{ "write_requests", test_write_requests },
	{ "hugetlb_known_deviation", test_hugetlb_known_deviation },
	{ "converted", test_converted },
};

int main(void)
{
	return RUN_TESTS(tests);
}
