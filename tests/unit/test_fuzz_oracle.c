// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's oracle on hand-made calls: a wrong oracle would hide module
 * bugs (too lax) or flood the fuzz report with false failures (too strict).
 */
#include <string.h>

#include "check.h"
#include "check/fuzz_oracle.h"

#define PG	4096ULL
#define BASE	0x10000000ULL	/* a made-up arena */

static struct fuzz_memory mem;
static uint8_t bitmap[64];

/* RW 0..7, RO 8..11, NONE 12..13, HOLE 14..15, CHURN 16..19, RW buffer at 1 MiB. */
static void setup(void)
{
	memset(&mem, 0, sizeof(mem));
	mem.task_size = (1ULL << 47) - PG;
	mem.nr_tables = 3;
	mem.privileged = 1;
	fuzz_oracle_memory_add(&mem, BASE + 16 * PG, BASE + 20 * PG, FUZZ_PAGE_CHURN);
	fuzz_oracle_memory_add(&mem, BASE, BASE + 8 * PG, FUZZ_PAGE_RW);
	fuzz_oracle_memory_add(&mem, BASE + 12 * PG, BASE + 14 * PG, FUZZ_PAGE_NONE);
	fuzz_oracle_memory_add(&mem, BASE + 8 * PG, BASE + 12 * PG, FUZZ_PAGE_RO);
	fuzz_oracle_memory_add(&mem, BASE + 14 * PG, BASE + 16 * PG, FUZZ_PAGE_HOLE);
	fuzz_oracle_memory_add(&mem, BASE + 256 * PG, BASE + 512 * PG, FUZZ_PAGE_RW);
}

static struct hmm_bench_run good(uint64_t first, uint64_t pages, uint32_t op)
{
	struct hmm_bench_run r;

	memset(&r, 0, sizeof(r));
	r.addr = BASE + first * PG;
	r.len = pages * PG;
	r.op = op;
	r.format = HMM_BENCH_FORMAT_FIXED;
	r.nr_samples = 2;
	r.samples_ptr = BASE + 256 * PG;
	return r;
}

static struct fuzz_expect expect(const struct hmm_bench_run *r)
{
	struct fuzz_expect e;

	fuzz_oracle_expect_run(&mem, r, bitmap, FUZZ_ACCESS_OK, FUZZ_ACCESS_OK, &e);
	return e;
}

static int only(const struct fuzz_expect *e, enum fuzz_path path)
{
	return e->nr_causes == 1 && e->causes[0] == path &&
	       !(e->allowed & FUZZ_BIT(FUZZ_OK));
}

static void regions_sorted_and_disjoint(void)
{
	setup();
	EXPECT_EQ_INT(mem.nr_regions, 6);
	for (size_t i = 1; i < mem.nr_regions; i++)
		EXPECT(mem.regions[i - 1].end <= mem.regions[i].start);
	EXPECT_EQ_INT(fuzz_oracle_memory_add(&mem, BASE + PG, BASE + 2 * PG, FUZZ_PAGE_RW), -1);
	EXPECT_EQ_INT(fuzz_oracle_memory_page(&mem, BASE + 9 * PG), FUZZ_PAGE_RO);
	EXPECT_EQ_INT(fuzz_oracle_memory_page(&mem, BASE + 100 * PG), FUZZ_PAGE_UNKNOWN);
}

static void access_rules(void)
{
	setup();
	EXPECT_EQ_INT(fuzz_oracle_memory_access(&mem, BASE, 8 * PG, 1), FUZZ_ACCESS_OK);
	EXPECT_EQ_INT(fuzz_oracle_memory_access(&mem, BASE + 7 * PG, 2 * PG, 0), FUZZ_ACCESS_OK);
	EXPECT_EQ_INT(fuzz_oracle_memory_access(&mem, BASE + 7 * PG, 2 * PG, 1), FUZZ_ACCESS_FAULT);
	EXPECT_EQ_INT(fuzz_oracle_memory_access(&mem, BASE + 13 * PG, 8, 0), FUZZ_ACCESS_FAULT);
	EXPECT_EQ_INT(fuzz_oracle_memory_access(&mem, BASE + 16 * PG, 8, 1), FUZZ_ACCESS_UNKNOWN);
	EXPECT_EQ_INT(fuzz_oracle_memory_access(&mem, 0xffff888000000000ULL, 8, 0), FUZZ_ACCESS_FAULT);
	EXPECT_EQ_INT(fuzz_oracle_memory_access(&mem, mem.task_size - 4, 8, 0), FUZZ_ACCESS_FAULT);
	EXPECT_EQ_INT(fuzz_oracle_memory_access(&mem, BASE + 100 * PG, 8, 0), FUZZ_ACCESS_UNKNOWN);
}

static void table_rules(void)
{
	struct hmm_bench_flag_table t = { .flags = { 0x3, 0x4, 0x40 }, .values = { 0x8, 0x10, 0x20 },
					  .pfn_shift = 7 };

	EXPECT(fuzz_oracle_table_valid(&t));
	EXPECT(hmm_bench_table_valid(&t));
	t.flags[1] = 0x80;	/* at pfn_shift */
	EXPECT(!fuzz_oracle_table_valid(&t));
	t.flags[1] = 0x4;
	t.values[2] = 0x23;	/* contains VALID */
	EXPECT(!fuzz_oracle_table_valid(&t));
	t.values[2] = 0x21;	/* contains only part of VALID: fine */
	EXPECT(fuzz_oracle_table_valid(&t));
	t.pfn_shift = HMM_BENCH_MAX_PFN_SHIFT + 1;
	EXPECT(!fuzz_oracle_table_valid(&t));
}

static void valid_runs_must_succeed(void)
{
	struct hmm_bench_run r;
	struct fuzz_expect e;

	setup();
	r = good(0, 8, HMM_BENCH_OP_FAULT);
	r.write_pattern = HMM_BENCH_WRITE_ALL;
	e = expect(&r);
	EXPECT(e.allowed & FUZZ_BIT(FUZZ_OK));
	EXPECT_EQ_INT(e.nr_causes, 0);
	EXPECT(e.walk_known);
	EXPECT_EQ_INT(e.expect_writes, 8);
	EXPECT(!(e.allowed & FUZZ_BIT(FUZZ_EFAULT)));

	r = good(0, 16, HMM_BENCH_OP_SNAPSHOT);	/* RW, RO, NONE, HOLE: all fine for SNAPSHOT */
	e = expect(&r);
	EXPECT(e.allowed & FUZZ_BIT(FUZZ_OK));
	EXPECT_EQ_INT(e.expect_errors, 4);
	EXPECT_EQ_INT(e.success, FUZZ_RUN_OK_HOLES);
}

/* @r breaks the rule of unused input fields, and no other. */
static int only_unused(const struct hmm_bench_run *r)
{
	struct fuzz_expect e = expect(r);

	return only(&e, FUZZ_RUN_UNUSED);
}

static void static_rules(void)
{
	struct hmm_bench_run r;
	struct fuzz_expect e;

	setup();
	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.flags = 1;
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_FLAGS));

	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.write_pattern = HMM_BENCH_WRITE_ALL;
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_PATTERN_SNAPSHOT));

	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.len = HMM_BENCH_MAX_LEN + PG;
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_LEN_BIG));

	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.addr = mem.task_size;
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_BEYOND_USER));

	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.addr = ~0ULL & ~(PG - 1);
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_OVERFLOW));

	r = good(0, 16, HMM_BENCH_OP_FAULT);
	r.write_pattern = HMM_BENCH_WRITE_BITMAP;
	r.bitmap_bytes = 1;	/* 16 pages need 2 bytes */
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_BITMAP_SHORT));

	/* Input fields the run does not use must be zero. */
	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.table = 1234;
	EXPECT(only_unused(&r));
	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.user_table.pfn_shift = 12;
	EXPECT(only_unused(&r));
	r.format = HMM_BENCH_FORMAT_CONVERT;	/* with built-in table 0 */
	r.user_table.pfn_shift = 0;
	r.user_table.reserved = 1;
	EXPECT(only_unused(&r));
	r = good(0, 8, HMM_BENCH_OP_FAULT);
	r.write_pattern = HMM_BENCH_WRITE_ALL;
	r.write_every = 2;
	EXPECT(only_unused(&r));
	r.write_pattern = HMM_BENCH_WRITE_ALTERNATE;
	r.write_every = 0;
	r.bitmap_bytes = 1;
	EXPECT(only_unused(&r));
	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.entries_bytes = 8;
	EXPECT(only_unused(&r));

	/* The output fields are outputs: ignored on input. */
	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.nr_valid = 99;
	r.reserved[1] = 1;
	e = expect(&r);
	EXPECT_EQ_INT(e.nr_causes, 0);

	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.format = HMM_BENCH_FORMAT_TABLE;
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_TABLE_UNSUPPORTED));

	mem.privileged = 0;
	r = good(0, 1, HMM_BENCH_OP_SNAPSHOT);
	r.entries_ptr = BASE + 300 * PG;
	r.entries_bytes = 8;
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_ENTRIES_PERM));
}

static void walk_rules(void)
{
	struct hmm_bench_run r;
	struct fuzz_expect e;

	setup();
	r = good(6, 4, HMM_BENCH_OP_FAULT);	/* RW 6..7, RO 8..9 */
	r.write_pattern = HMM_BENCH_WRITE_EVERY_NTH;
	r.write_every = 3;	/* pages 0 and 3 of the range: page 9 is RO */
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_WRITE_READONLY));

	r.write_every = 4;	/* only page 0 (= 6, RW) */
	e = expect(&r);
	EXPECT(e.allowed & FUZZ_BIT(FUZZ_OK));

	r = good(10, 4, HMM_BENCH_OP_FAULT);	/* RO 10..11, NONE 12..13 */
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_FAULT_PROT_NONE));

	r = good(14, 1, HMM_BENCH_OP_FAULT);
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_FAULT_HOLE));

	r = good(15, 3, HMM_BENCH_OP_FAULT);	/* a hole, then churned memory */
	e = expect(&r);
	EXPECT(!(e.allowed & FUZZ_BIT(FUZZ_OK)));
	EXPECT(!e.walk_known);

	r = good(16, 4, HMM_BENCH_OP_SNAPSHOT);	/* churned: success or -EBUSY */
	e = expect(&r);
	EXPECT(e.allowed & FUZZ_BIT(FUZZ_OK));
	EXPECT(e.allowed & FUZZ_BIT(FUZZ_EBUSY));
	EXPECT(!(e.allowed & FUZZ_BIT(FUZZ_EFAULT)));

	r = good(0, 4, HMM_BENCH_OP_FAULT);
	r.write_pattern = HMM_BENCH_WRITE_BITMAP;
	r.bitmap_bytes = 1;
	r.bitmap_ptr = BASE + 13 * PG;	/* PROT_NONE */
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_BITMAP_FAULT));

	r = good(0, 4, HMM_BENCH_OP_SNAPSHOT);
	r.samples_ptr = BASE + 9 * PG;	/* read-only */
	e = expect(&r);
	EXPECT(only(&e, FUZZ_RUN_SAMPLES_FAULT));
}

static void outcomes(void)
{
	EXPECT_EQ_INT(fuzz_oracle_outcome_of(0), FUZZ_OK);
	EXPECT_EQ_INT(fuzz_oracle_outcome_of(-22), FUZZ_EINVAL);
	EXPECT_EQ_INT(fuzz_oracle_outcome_of(-12345), FUZZ_OTHER);
	for (int p = 0; p < FUZZ_NR_PATHS; p++)
		EXPECT(fuzz_oracle_paths[p].name && fuzz_oracle_paths[p].what);
}

#define TEST(fn) { #fn, fn }

int main(void)
{
	static const struct test_case tests[] = {
		TEST(regions_sorted_and_disjoint),
		TEST(access_rules),
		TEST(table_rules),
		TEST(valid_runs_must_succeed),
		TEST(static_rules),
		TEST(walk_rules),
		TEST(outcomes),
	};

	return RUN_TESTS(tests);
}
