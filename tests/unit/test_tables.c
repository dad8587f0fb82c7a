// SPDX-License-Identifier: GPL-2.0
/*
 * The UAPI's flag-table helpers (hmm_bench_table_valid, _encode_page,
 * _decode) on the tables real drivers used, every validity rule on its own,
 * and verify_checks_table_roundtrip() (what verify runs on the module's tables) catching
 * tables that cannot round-trip.
 */
#include <string.h>

#include "check.h"
#include "measure/format.h"
#include "check/verify_checks.h"

/* From the 4.16-5.7 sources (see hmm-api-history.md). */
static const struct hmm_bench_flag_table nouveau = {
	.flags = { 0x1, 0x2, 0x10 }, .values = { ~0x1ULL, 0, ~0x1ULL }, .pfn_shift = 12,
};
static const struct hmm_bench_flag_table amdgpu = {
	.flags = { 0x1, 0x2, 0 },
	.values = { 0xfffffffffffffffeULL, 0, 0xfffffffffffffffcULL }, .pfn_shift = 12,
};
static const struct hmm_bench_flag_table v416 = {
	.flags = { 0x3, 0x4, 0x40 }, .values = { 0x8, 0x10, 0x20 }, .pfn_shift = 7,
};

static void test_real_tables_valid(void)
{
	EXPECT(hmm_bench_table_valid(&nouveau));
	EXPECT(hmm_bench_table_valid(&amdgpu));
	EXPECT(hmm_bench_table_valid(&v416));
	EXPECT(flag_table_invalid_reason(&amdgpu) == NULL);
}

/* Each rule of hmm_bench_table_valid() alone rejects an otherwise good table. */
static void test_validity_rules(void)
{
	struct hmm_bench_flag_table t;

	t = amdgpu;
	t.flags[HMM_BENCH_FLAG_VALID] = 0;
	EXPECT(!hmm_bench_table_valid(&t));
	EXPECT(strstr(flag_table_invalid_reason(&t), "VALID] is zero"));

	t = amdgpu;
	t.reserved = 1;
	EXPECT(!hmm_bench_table_valid(&t));
	EXPECT(strstr(flag_table_invalid_reason(&t), "reserved"));

	t = amdgpu;
	t.pfn_shift = HMM_BENCH_MAX_PFN_SHIFT + 1;
	EXPECT(!hmm_bench_table_valid(&t));
	EXPECT(strstr(flag_table_invalid_reason(&t), "pfn shift 25"));
	t.pfn_shift = HMM_BENCH_MAX_PFN_SHIFT;
	EXPECT(hmm_bench_table_valid(&t));

	for (int i = 0; i < HMM_BENCH_FLAG_MAX; i++) {
		/* Small values, so that no flag choice makes one look like a page. */
		t = (struct hmm_bench_flag_table){ .flags = { 0x1, 0x2, 0x4 },
						   .values = { 0x8, 0, 0x10 }, .pfn_shift = 12 };
		t.flags[i] = 1ULL << 12;	/* at the pfn shift: overlaps the pfn */
		EXPECT(!hmm_bench_table_valid(&t));
		t.flags[i] = 1ULL << 11;	/* just below: fine */
		EXPECT(hmm_bench_table_valid(&t));
	}
	t = amdgpu;
	t.pfn_shift = 0;			/* no room for any flag */
	EXPECT(!hmm_bench_table_valid(&t));

	for (int i = 0; i < HMM_BENCH_VALUE_MAX; i++) {
		t = v416;			/* VALID is two bits, 0x3 */
		t.values[i] = 0x1;		/* one of them: fine */
		EXPECT(hmm_bench_table_valid(&t));
		t.values[i] = 0x3 | 0x100;	/* both: would decode as a page */
		EXPECT(!hmm_bench_table_valid(&t));
		EXPECT(strstr(flag_table_invalid_reason(&t), "would decode as a page"));
	}
}

static void test_encode_decode(void)
{
	__u64 pfn;
	int write, dp, value;
	__u64 e;

	e = hmm_bench_table_encode_page(&nouveau, 0x12345, 1, 1);
	EXPECT(e == ((0x12345ULL << 12) | 0x1 | 0x2 | 0x10));
	EXPECT_EQ_INT(hmm_bench_table_decode(&nouveau, e, &pfn, &write, &dp, &value), 1);
	EXPECT(pfn == 0x12345 && write == 1 && dp == 1);

	e = hmm_bench_table_encode_page(&v416, 0x777, 0, 0);
	EXPECT(e == ((0x777ULL << 7) | 0x3));
	EXPECT_EQ_INT(hmm_bench_table_decode(&v416, e, &pfn, &write, &dp, &value), 1);
	EXPECT(pfn == 0x777 && write == 0 && dp == 0);

	/* Only half of a two-bit VALID: not a page, and no value either. */
	EXPECT_EQ_INT(hmm_bench_table_decode(&v416, (0x777ULL << 7) | 0x1, &pfn, &write, &dp, &value), 0);
	EXPECT_EQ_INT(value, -1);

	/* amdgpu has no device-private bit: a request for one is dropped. */
	e = hmm_bench_table_encode_page(&amdgpu, 5, 1, 1);
	EXPECT(e == ((5ULL << 12) | 0x3));
	EXPECT_EQ_INT(hmm_bench_table_decode(&amdgpu, e, &pfn, &write, &dp, &value), 1);
	EXPECT(dp == 0 && write == 1);

	EXPECT_EQ_INT(hmm_bench_table_decode(&amdgpu, 0xfffffffffffffffcULL, &pfn, &write, &dp, &value), 0);
	EXPECT_EQ_INT(value, HMM_BENCH_VALUE_SPECIAL);
	EXPECT_EQ_INT(hmm_bench_table_decode(&amdgpu, 0, &pfn, &write, &dp, &value), 0);
	EXPECT_EQ_INT(value, HMM_BENCH_VALUE_NONE);
	/* nouveau's ERROR and SPECIAL are equal: the first wins. */
	EXPECT_EQ_INT(hmm_bench_table_decode(&nouveau, ~0x1ULL, &pfn, &write, &dp, &value), 0);
	EXPECT_EQ_INT(value, HMM_BENCH_VALUE_ERROR);
}

static void test_roundtrip_real_tables(void)
{
	char why[256];

	EXPECT_EQ_INT(verify_checks_table_roundtrip(&nouveau, why, sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_table_roundtrip(&amdgpu, why, sizeof(why)), 0);
	EXPECT_EQ_INT(verify_checks_table_roundtrip(&v416, why, sizeof(why)), 0);
}

/* Tables the validity rules accept but that still lose information. */
static void test_roundtrip_catches_lossy_tables(void)
{
	struct hmm_bench_flag_table t;
	char why[256] = "";

	/* WRITE inside VALID: every page decodes as writable. */
	t = amdgpu;
	t.flags[HMM_BENCH_FLAG_WRITE] = 0x1;
	EXPECT(hmm_bench_table_valid(&t));
	EXPECT(verify_checks_table_roundtrip(&t, why, sizeof(why)) > 0);
	EXPECT(strstr(why, "write 0") != NULL);

	/* An invalid table is refused before any round trip. */
	t = amdgpu;
	t.values[HMM_BENCH_VALUE_NONE] = (0x1ULL << 12) | 0x1;
	EXPECT(!hmm_bench_table_valid(&t));
	EXPECT_EQ_INT(verify_checks_table_roundtrip(&t, why, sizeof(why)), 1);
	EXPECT(strstr(why, "not valid") != NULL);

	/* DEVICE_PRIVATE equal to WRITE: the two cannot be told apart. */
	t = nouveau;
	t.flags[HMM_BENCH_FLAG_DEVICE_PRIVATE] = 0x2;
	EXPECT(verify_checks_table_roundtrip(&t, why, sizeof(why)) > 0);

	/* The widest shift still carries a 40-bit pfn. */
	t = amdgpu;
	t.pfn_shift = HMM_BENCH_MAX_PFN_SHIFT;
	EXPECT_EQ_INT(verify_checks_table_roundtrip(&t, why, sizeof(why)), 0);
}

static const struct test_case tests[] = {
	{ "real_tables_valid", test_real_tables_valid },
	{ "validity_rules", test_validity_rules },
	{ "encode_decode", test_encode_decode },
	{ "roundtrip_real_tables", test_roundtrip_real_tables },
	{ "roundtrip_catches_lossy_tables", test_roundtrip_catches_lossy_tables },
};

int main(void)
{
	return RUN_TESTS(tests);
}
