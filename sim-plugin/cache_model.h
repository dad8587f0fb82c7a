/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cache_model.h - a set-associative, LRU cache hierarchy fed with one
 * address at a time: L1i and L1d, behind them a unified L2, behind that a
 * last-level cache. Plain C with no QEMU types, so that the unit tests
 * (tests/unit/test_cache_model.c) drive it with synthetic address streams.
 *
 * Each level allocates the line on a miss (write-allocate for stores too)
 * and asks the next level only on a miss; no level is kept inclusive or
 * exclusive of another and no write-back traffic is modelled. An access
 * that crosses a line boundary is one lookup per line touched.
 */
#ifndef HMMBENCH_CACHE_MODEL_H
#define HMMBENCH_CACHE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The shape of one cache: total bytes, ways per set, bytes per line. */
struct cache_model_geometry {
	uint64_t size_bytes;
	unsigned int ways;
	unsigned int line_bytes;
};

/* One cache level and its counts since it was made (or last reset). */
struct cache_model_level {
	struct cache_model_geometry geometry;
	uint64_t nr_sets;
	uint64_t set_mask;	/* nr_sets - 1 when that is a power of two, else 0: divide */
	unsigned int line_shift;
	uint64_t *tags;		/* nr_sets * ways line numbers; CACHE_MODEL_INVALID when empty */
	uint64_t *last_use;	/* nr_sets * ways stamps of the last access, for LRU */
	uint64_t clock;
	uint64_t accesses;
	uint64_t misses;
};

/* The hierarchy of one CPU. */
struct cache_model {
	struct cache_model_level l1i, l1d, l2, llc;
};

enum cache_model_kind {
	CACHE_MODEL_FETCH,	/* an instruction fetch: L1i first */
	CACHE_MODEL_DATA,	/* a load or store: L1d first */
};

/*
 * A geometry the model can use: power-of-two line size of 4..4096 bytes,
 * 1..64 ways, and a size that is a whole number of sets of ways lines
 * (any number of sets: real last-level caches are not always a power of
 * two). 0 or -EINVAL.
 */
int cache_model_geometry_check(const struct cache_model_geometry *g);

/*
 * Parse "SIZE:WAYS:LINE" (SIZE in bytes, or with a K or M suffix, e.g.
 * "32K:8:64") into @g and check it. 0 or -EINVAL.
 */
int cache_model_geometry_parse(const char *text, struct cache_model_geometry *g);

/*
 * The default geometries, of one current server CPU: AMD EPYC 9004
 * ("Genoa", Zen 4), per core 32 KiB 8-way L1i and L1d, 1 MiB 8-way L2, and
 * the 32 MiB 16-way L3 of one CCD, 64-byte lines everywhere (AMD,
 * "Software Optimization Guide for the AMD Zen4 Microarchitecture", pub.
 * 57647, sections on the cache hierarchy). The L3 there is a victim cache
 * of the L2s; the model fills it on a miss like the others.
 */
extern const struct cache_model_geometry cache_model_default_l1i, cache_model_default_l1d,
	cache_model_default_l2, cache_model_default_llc;

/* Make one empty level. 0, -EINVAL (bad geometry) or -ENOMEM. */
int cache_model_level_init(struct cache_model_level *level, const struct cache_model_geometry *g);
void cache_model_level_free(struct cache_model_level *level);

/*
 * Look up the line holding @addr, counting the access; on a miss the line
 * replaces the set's least recently used one. True on a hit.
 */
bool cache_model_level_access(struct cache_model_level *level, uint64_t addr);

/*
 * Make a hierarchy of the four geometries; @llc NULL for one whose last
 * level is shared (cache_model_access() is then always given one).
 * 0, -EINVAL or -ENOMEM.
 */
int cache_model_init(struct cache_model *m, const struct cache_model_geometry *l1i,
		     const struct cache_model_geometry *l1d, const struct cache_model_geometry *l2,
		     const struct cache_model_geometry *llc);
void cache_model_free(struct cache_model *m);

/*
 * One access of @size bytes (at least 1) at @addr through the hierarchy,
 * a lookup per L1 line it touches. @llc is the last level to use: the
 * model's own, or one shared by several CPUs' models (NULL: m->llc).
 * Returns how many of the lines missed that last level too (came from
 * memory): a shared level's miss count is all CPUs' together.
 */
unsigned int cache_model_access(struct cache_model *m, struct cache_model_level *llc,
			enum cache_model_kind kind, uint64_t addr, unsigned int size);

#endif
