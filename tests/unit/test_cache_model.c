// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated caches of the sim plugin (sim-plugin/cache_model.h) on
 * synthetic address streams, each with its hit and miss counts worked out
 * by hand: LRU with every level filled on a miss.
 */
#include <errno.h>
#include <stdint.h>

#include "cache_model.h"
#include "check.h"

/* A level of @size bytes, @ways ways and 64-byte lines, for one test. */
static struct cache_model_level level_of(uint64_t size, unsigned int ways)
{
	struct cache_model_geometry g = { size, ways, 64 };
	struct cache_model_level l;

	EXPECT_EQ_INT(cache_model_level_init(&l, &g), 0);
	return l;
}

/* @passes passes over [0, bytes) with @stride, through @l. */
static void sweep(struct cache_model_level *l, uint64_t bytes, uint64_t stride, int passes)
{
	for (int p = 0; p < passes; p++)
		for (uint64_t a = 0; a < bytes; a += stride)
			cache_model_level_access(l, a);
}

static void test_sequential_words(void)
{
	struct cache_model_level l = level_of(32 * 1024, 8);

	/* 8-byte loads over 4 KiB: the first of each 64-byte line misses. */
	sweep(&l, 4096, 8, 1);
	EXPECT_EQ_INT(l.accesses, 512);
	EXPECT_EQ_INT(l.misses, 64);
	cache_model_level_free(&l);
}

static void test_stride_of_a_line(void)
{
	struct cache_model_level l = level_of(32 * 1024, 8);

	/* One access per line: every one a new line, then all cached. */
	sweep(&l, 16 * 1024, 64, 1);
	EXPECT_EQ_INT(l.misses, 256);
	sweep(&l, 16 * 1024, 64, 1);
	EXPECT_EQ_INT(l.misses, 256);
	EXPECT_EQ_INT(l.accesses, 512);
	cache_model_level_free(&l);
}

static void test_stride_of_a_way_fits_the_set(void)
{
	struct cache_model_level l = level_of(32 * 1024, 8);

	/* 64 sets: a 4 KiB stride puts every line in set 0; 8 lines fit its 8 ways. */
	EXPECT_EQ_INT(l.nr_sets, 64);
	sweep(&l, 8 * 4096, 4096, 3);
	EXPECT_EQ_INT(l.misses, 8);
	cache_model_level_free(&l);
}

static void test_stride_of_a_way_one_line_too_many(void)
{
	struct cache_model_level l = level_of(32 * 1024, 8);

	/* 9 lines cycled through one 8-way set: LRU evicts the next one needed. */
	sweep(&l, 9 * 4096, 4096, 3);
	EXPECT_EQ_INT(l.accesses, 27);
	EXPECT_EQ_INT(l.misses, 27);
	cache_model_level_free(&l);
}

static void test_lru_order(void)
{
	struct cache_model_level l = level_of(2 * 64, 2);

	/* One set of two ways: A B A C evicts B, the least recently used. */
	EXPECT(!cache_model_level_access(&l, 0));
	EXPECT(!cache_model_level_access(&l, 64));
	EXPECT(cache_model_level_access(&l, 0));
	EXPECT(!cache_model_level_access(&l, 128));
	EXPECT(cache_model_level_access(&l, 0));
	EXPECT(!cache_model_level_access(&l, 64));
	EXPECT_EQ_INT(l.misses, 4);
	cache_model_level_free(&l);
}

static void test_direct_mapped_conflict(void)
{
	struct cache_model_level dm = level_of(4096, 1), two = level_of(4096, 2);

	/* Two lines 4 KiB apart share a set: one way thrashes, two hold both. */
	for (int i = 0; i < 10; i++) {
		cache_model_level_access(&dm, i % 2 ? 4096 : 0);
		cache_model_level_access(&two, i % 2 ? 2048 : 0);
	}
	EXPECT_EQ_INT(dm.misses, 10);
	EXPECT_EQ_INT(two.nr_sets, 32);
	EXPECT_EQ_INT(two.misses, 2);
	cache_model_level_free(&dm);
	cache_model_level_free(&two);
}

static void test_sets_not_a_power_of_two(void)
{
	struct cache_model_level l = level_of(3 * 64, 1);

	/* Three sets: lines 0 and 3 share set 0, line 1 has its own. */
	EXPECT_EQ_INT(l.nr_sets, 3);
	cache_model_level_access(&l, 0);
	cache_model_level_access(&l, 64);
	EXPECT(cache_model_level_access(&l, 0));
	cache_model_level_access(&l, 3 * 64);
	EXPECT(!cache_model_level_access(&l, 0));
	EXPECT(cache_model_level_access(&l, 64));
	cache_model_level_free(&l);
}

static struct cache_model defaults(void)
{
	struct cache_model m;

	EXPECT_EQ_INT(cache_model_init(&m, &cache_model_default_l1i, &cache_model_default_l1d,
				       &cache_model_default_l2, &cache_model_default_llc), 0);
	return m;
}

/* Two passes of one load per line over @bytes; the counts of the second. */
static void second_pass(uint64_t bytes, uint64_t *l1, uint64_t *l2, uint64_t *llc)
{
	struct cache_model m = defaults();
	uint64_t a, before[3];

	for (a = 0; a < bytes; a += 64)
		cache_model_access(&m, NULL, CACHE_MODEL_DATA, a, 8);
	before[0] = m.l1d.misses;
	before[1] = m.l2.misses;
	before[2] = m.llc.misses;
	for (a = 0; a < bytes; a += 64)
		cache_model_access(&m, NULL, CACHE_MODEL_DATA, a, 8);
	*l1 = m.l1d.misses - before[0];
	*l2 = m.l2.misses - before[1];
	*llc = m.llc.misses - before[2];
	EXPECT_EQ_INT(m.l1i.accesses, 0);
	cache_model_free(&m);
}

/*
 * A working set of exactly a level's size stays in it; one more line per
 * set (the level's size plus sets x 64 bytes) is one line too many in
 * every set, and a cyclic sweep then misses on every access of that level.
 */
static void test_working_set_around_l1d(void)
{
	uint64_t l1, l2, llc;

	second_pass(32 * 1024, &l1, &l2, &llc);
	EXPECT_EQ_INT(l1, 0);
	second_pass(32 * 1024 + 64 * 64, &l1, &l2, &llc);
	EXPECT_EQ_INT(l1, 576);
	EXPECT_EQ_INT(l2, 0);
}

static void test_working_set_around_l2(void)
{
	uint64_t l1, l2, llc;

	second_pass(1024 * 1024, &l1, &l2, &llc);
	EXPECT_EQ_INT(l1, 16384);
	EXPECT_EQ_INT(l2, 0);
	second_pass(1024 * 1024 + 2048 * 64, &l1, &l2, &llc);
	EXPECT_EQ_INT(l1, 18432);
	EXPECT_EQ_INT(l2, 18432);
	EXPECT_EQ_INT(llc, 0);
}

static void test_working_set_around_llc(void)
{
	uint64_t l1, l2, llc;

	second_pass(32 * 1024 * 1024, &l1, &l2, &llc);
	EXPECT_EQ_INT(l2, 524288);
	EXPECT_EQ_INT(llc, 0);
	second_pass(32 * 1024 * 1024 + 32768 * 64, &l1, &l2, &llc);
	EXPECT_EQ_INT(llc, 557056);
}

static void test_fetch_and_data_take_their_own_l1(void)
{
	struct cache_model m = defaults();

	/* The same line fetched and then loaded: two L1 misses, one L2 miss. */
	cache_model_access(&m, NULL, CACHE_MODEL_FETCH, 0x1000, 4);
	cache_model_access(&m, NULL, CACHE_MODEL_DATA, 0x1000, 4);
	EXPECT_EQ_INT(m.l1i.misses, 1);
	EXPECT_EQ_INT(m.l1d.misses, 1);
	EXPECT_EQ_INT(m.l2.accesses, 2);
	EXPECT_EQ_INT(m.l2.misses, 1);
	EXPECT_EQ_INT(m.llc.accesses, 1);
	cache_model_free(&m);
}

static void test_access_across_a_line(void)
{
	struct cache_model m = defaults();

	/* 8 bytes at offset 60 touch two lines; 4 bytes at offset 60 one. */
	EXPECT_EQ_INT(cache_model_access(&m, NULL, CACHE_MODEL_DATA, 60, 8), 2);
	EXPECT_EQ_INT(m.l1d.accesses, 2);
	EXPECT_EQ_INT(m.l1d.misses, 2);
	cache_model_access(&m, NULL, CACHE_MODEL_DATA, 188, 4);
	EXPECT_EQ_INT(m.l1d.accesses, 3);
	/* The last byte of the address space: one line, no wrap-around. */
	cache_model_access(&m, NULL, CACHE_MODEL_DATA, UINT64_MAX, 1);
	EXPECT_EQ_INT(m.l1d.accesses, 4);
	cache_model_free(&m);
}

static void test_shared_llc(void)
{
	struct cache_model a = defaults(), b = defaults();

	/* Two CPUs with one last level: the second finds the first's line there. */
	EXPECT_EQ_INT(cache_model_access(&a, &a.llc, CACHE_MODEL_DATA, 0x40000, 8), 1);
	EXPECT_EQ_INT(cache_model_access(&b, &a.llc, CACHE_MODEL_DATA, 0x40000, 8), 0);
	EXPECT_EQ_INT(b.l2.misses, 1);
	EXPECT_EQ_INT(a.llc.accesses, 2);
	EXPECT_EQ_INT(a.llc.misses, 1);
	EXPECT_EQ_INT(b.llc.accesses, 0);
	cache_model_free(&a);
	cache_model_free(&b);
}

static void test_without_own_llc(void)
{
	struct cache_model_level shared;
	struct cache_model m;

	EXPECT_EQ_INT(cache_model_level_init(&shared, &cache_model_default_llc), 0);
	EXPECT_EQ_INT(cache_model_init(&m, &cache_model_default_l1i, &cache_model_default_l1d,
				       &cache_model_default_l2, NULL), 0);
	EXPECT(m.llc.tags == NULL);
	EXPECT_EQ_INT(cache_model_access(&m, &shared, CACHE_MODEL_FETCH, 0x2000, 15), 1);
	EXPECT_EQ_INT(shared.misses, 1);
	cache_model_free(&m);
	cache_model_level_free(&shared);
}

static void test_geometry_parse(void)
{
	struct cache_model_geometry g;

	EXPECT_EQ_INT(cache_model_geometry_parse("32K:8:64", &g), 0);
	EXPECT_EQ_INT(g.size_bytes, 32768);
	EXPECT_EQ_INT(g.ways, 8);
	EXPECT_EQ_INT(g.line_bytes, 64);
	EXPECT_EQ_INT(cache_model_geometry_parse("48K:12:64", &g), 0);
	EXPECT_EQ_INT(cache_model_geometry_parse("2M:16:64", &g), 0);
	EXPECT_EQ_INT(g.size_bytes, 2 * 1024 * 1024);
	EXPECT_EQ_INT(cache_model_geometry_parse("30000:8:64", &g), -EINVAL);
	/* 60 sets of 8 ways: a set count need not be a power of two. */
	EXPECT_EQ_INT(cache_model_geometry_parse("30K:8:64", &g), 0);
	EXPECT_EQ_INT(cache_model_geometry_parse("32K:8:48", &g), -EINVAL);
	EXPECT_EQ_INT(cache_model_geometry_parse("32K:0:64", &g), -EINVAL);
	EXPECT_EQ_INT(cache_model_geometry_parse("32K:8", &g), -EINVAL);
	EXPECT_EQ_INT(cache_model_geometry_parse("32K:8:64:1", &g), -EINVAL);
	EXPECT_EQ_INT(cache_model_geometry_parse("32X:8:64", &g), -EINVAL);
	EXPECT_EQ_INT(cache_model_geometry_parse(":8:64", &g), -EINVAL);
	EXPECT_EQ_INT(cache_model_geometry_parse("99999999999999999999:8:64", &g), -EINVAL);
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "sequential_words", test_sequential_words },
		{ "stride_of_a_line", test_stride_of_a_line },
		{ "stride_of_a_way_fits_the_set", test_stride_of_a_way_fits_the_set },
		{ "stride_of_a_way_one_line_too_many", test_stride_of_a_way_one_line_too_many },
		{ "lru_order", test_lru_order },
		{ "direct_mapped_conflict", test_direct_mapped_conflict },
		{ "sets_not_a_power_of_two", test_sets_not_a_power_of_two },
		{ "working_set_around_l1d", test_working_set_around_l1d },
		{ "working_set_around_l2", test_working_set_around_l2 },
		{ "working_set_around_llc", test_working_set_around_llc },
		{ "fetch_and_data_take_their_own_l1", test_fetch_and_data_take_their_own_l1 },
		{ "access_across_a_line", test_access_across_a_line },
		{ "shared_llc", test_shared_llc },
		{ "without_own_llc", test_without_own_llc },
		{ "geometry_parse", test_geometry_parse },
	};

	return run_tests(tests, sizeof(tests) / sizeof(tests[0]));
}
