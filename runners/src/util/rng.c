// SPDX-License-Identifier: GPL-2.0
/*
 * xoshiro256** 1.0 and splitmix64, after the public-domain reference code of
 * David Blackman and Sebastiano Vigna (prng.di.unimi.it).
 */
#include "util/rng.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t rng_below(struct rng *r, uint64_t bound)
{
	uint64_t threshold, x;

	if (bound == 0)
		return 0;
	/* Reject the low 2^64 mod bound values so every residue is equally likely. */
	threshold = -bound % bound;
	do
		x = rng_next(r);
	while (x < threshold);
	return x % bound;
}

void rng_shuffle_indices(struct rng *r, size_t *idx, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(r, i);
		size_t t = idx[i - 1];

		idx[i - 1] = idx[j];
		idx[j] = t;
	}
}

uint64_t rng_derive_seed(uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ splitmix64(&stream);

	/* 63 bits: results store seeds as JSON integers, which readers keep exact up to INT64_MAX. */
	return splitmix64(&x) >> 1;
}
