/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small seeded PRNG: xoshiro256** seeded through splitmix64. Every random
 * choice hmmbench makes (run order, bootstrap resamples) comes from one of
 * these, so a recorded seed reproduces a run exactly. Not for cryptography.
 */
#ifndef HMMBENCH_RNG_H
#define HMMBENCH_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Any seed is fine, 0 included: splitmix64 spreads it over the state. */
void rng_seed(struct rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t rng_next(struct rng *r);

/* Uniform double in [0, 1), 53 random bits. */
double rng_uniform(struct rng *r);

/* Uniform integer in [0, bound), without modulo bias; 0 when bound is 0. */
uint64_t rng_below(struct rng *r, uint64_t bound);

/* Fisher-Yates shuffle of n indices (e.g. a randomised run order). */
void rng_shuffle_indices(struct rng *r, size_t *idx, size_t n);

/*
 * A seed for a sub-stream (e.g. one configuration's bootstrap) derived from
 * a run seed and a stream number, so streams do not overlap in practice and
 * adding a configuration does not change the others' numbers. The result
 * has 63 bits, so it fits a JSON integer (results.h).
 */
uint64_t rng_derive_seed(uint64_t seed, uint64_t stream);

#endif
