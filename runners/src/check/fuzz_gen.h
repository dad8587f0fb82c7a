/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What fuzz.c (threads, checking) and fuzz_gen.c (making the calls) share:
 * the memory layout, the per-thread and shared state, the call being made.
 */
#ifndef HMMBENCH_FUZZ_GEN_H
#define HMMBENCH_FUZZ_GEN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "measure/device.h"
#include "check/fuzz_types.h"
#include "util/rng.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

#define PG		4096ULL
#define HUGE		(2ULL << 20)
/* A kernel (direct map) address and a non-canonical one, on x86-64. */
#define KERNEL_ADDR	0xffff888000000000ULL
#define NONCANON_ADDR	0x0000800000000000ULL
#define TASK_SIZE_4LVL	((1ULL << 47) - PG)
#define TASK_SIZE_5LVL	((1ULL << 56) - PG)

/*
 * Work limits of one call: a valid call at the UAPI's limits (65536 samples,
 * 4 GiB) takes seconds under QEMU, so only about one call in HEAVY_ODDS may
 * go there; the others are cut down to these before they are issued.
 */
#define HEAVY_ODDS	4096
#define LIGHT_CALLS	40
#define LIGHT_PAGES	16384ULL
#define LIGHT_WORK	65536ULL	/* pages x calls */

/*
 * The arena: 8 MiB, 2 MiB aligned, inside a PROT_NONE reservation with a
 * 2 MiB guard on each side. Pages 0..63 are the fuzzing threads' own slices
 * (8 pages each), where they may put arguments and output buffers.
 */
#define ARENA_PAGES	2048
#define SLICE_PAGES	8
#define SLICE_BUF_PAGES	6	/* buffers in pages 0..5 of a slice, the run struct in page 7 */
#define CHURN_FIRST	1024
#define CHURN_PAGES	512

struct arena_part {
	unsigned int first, count;
	enum fuzz_page page;
	int populate;		/* written once, so the pages are present */
	int thp;		/* MADV_HUGEPAGE */
};

#define STRADDLE_BYTES	(4 * PG)

struct fuzz_shared;

struct fuzz_thread {
	struct fuzz_shared *sh;
	unsigned int id;
	uint64_t seed, calls;
	pthread_t tid;
	struct rng rng;
	int own_fd;
	struct hmm_bench_sample *samples;	/* HMM_BENCH_MAX_SAMPLES */
	uint8_t *bitmap;			/* HMM_BENCH_MAX_BITMAP_BYTES */
	uint64_t *entries;			/* HMM_BENCH_MAX_LEN / PG entries */
	char *straddle;				/* STRADDLE_BYTES, then a PROT_NONE page */
	char *ro_page;				/* PROT_READ between calls */
	char *arg_page;
	char *slice;				/* SLICE_PAGES pages of the arena */
	struct fuzz_report r;
};

struct fuzz_shared {
	const struct fuzz_options *o;
	struct fuzz_memory mem;
	struct hmm_bench_info info;
	struct hmm_bench_table_query tables[DEVICE_MAX_TABLES];
	int fd;
	char *reservation;
	size_t reservation_len;
	char *arena;
	atomic_int stop;
	atomic_uint_fast64_t churn_ops;
	atomic_int churn_broken;
	pthread_mutex_t log_lock;
	struct fuzz_thread threads[FUZZ_MAX_THREADS];
};

/* Random values. */

static inline uint64_t below(struct fuzz_thread *t, uint64_t n)
{
	return rng_below(&t->rng, n);
}

static inline int chance(struct fuzz_thread *t, unsigned int percent)
{
	return below(t, 100) < percent;
}

/* A 32-bit value biased to the edges: 0, 1, limits and their neighbours, all ones. */
static inline uint32_t edgy32(struct fuzz_thread *t, uint32_t limit)
{
	switch (below(t, 8)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return limit;
	case 3:
		return limit + 1;
	case 4:
		return limit - 1;
	case 5:
		return UINT32_MAX;
	case 6:
		return 1U << below(t, 32);
	default:
		return (uint32_t)rng_next(&t->rng);
	}
}

/* Where a pointer of a call points. */
enum ptr_kind {
	PTR_GOOD, PTR_NULL, PTR_KERNEL, PTR_NONCANON, PTR_HOLE, PTR_PROT_NONE, PTR_READONLY,
	PTR_STRADDLE, PTR_UNALIGNED, PTR_SLICE, PTR_CHURN, PTR_TOP, PTR_RANDOM, NR_PTR_KINDS
};

extern const char *const fuzz_gen_ptr_names[NR_PTR_KINDS];

/* One RUN call and where its pointers go. */
struct run_call {
	struct hmm_bench_run run;
	enum ptr_kind samples_kind, bitmap_kind, entries_kind, arg_kind;
	int heavy;
};

/* Mostly good (@good_percent), otherwise any kind of bad or odd pointer. */
enum ptr_kind fuzz_gen_pick_ptr_kind(struct fuzz_thread *t, unsigned int good_percent);

/*
 * A RUN call: a valid call on the arena, mutated in 0 to 4 fields, cut down
 * to the light work limits unless it draws heavy, its buffers placed.
 */
void fuzz_gen_run(struct fuzz_thread *t, struct run_call *c);

/* Put @size bytes of @src where @kind says; returns the address. */
uint64_t fuzz_gen_place_arg(struct fuzz_thread *t, enum ptr_kind kind, const void *src, size_t size);

/* An ioctl command the module does not know. */
unsigned long fuzz_gen_unknown_cmd(struct fuzz_thread *t);

#endif
