/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The measuring scenarios of 'hmmbench scenario':
 *
 * invalidate  one bench thread mirrors a range (SNAPSHOT, or FAULT with read
 *             requests) while churn threads munmap+mmap, mprotect or
 *             MADV_DONTNEED parts of it: the retry storm a driver meets.
 *             Every call keeps its -EBUSY and read_retry counts, so the cost
 *             of retrying shows as calls with retries against calls without.
 * scaling     1..N threads of one process, each mirroring its own range,
 *             all at once: what sharing one mm (and its mmap_lock) costs.
 */
#ifndef HMMBENCH_SCENARIO_H
#define HMMBENCH_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "measure/buffer.h"
#include "measure/device.h"

enum churn_kind {
	CHURN_NONE,		/* the baseline: nothing changes the range */
	CHURN_MUNMAP,		/* munmap a chunk, mmap it back, write it */
	CHURN_MPROTECT,		/* PROT_READ a chunk, then PROT_READ | PROT_WRITE again */
	CHURN_DONTNEED,		/* MADV_DONTNEED a chunk, write it again */
	CHURN_MIXED,		/* each operation picks one of the three */
	CHURN_NR_KINDS
};

const char *scenario_churn_name(enum churn_kind kind);
/* "none", "munmap", "mprotect", "dontneed", "mixed"; -1 for anything else. */
int scenario_churn_parse(const char *text, enum churn_kind *kind);

/* The timed calls of one scenario configuration. */
struct scenario_samples {
	double *total_ns;
	uint32_t *ebusy;
	uint32_t *read_retry;
	size_t nr, cap;
	uint64_t ebusy_total;		/* over every call, as the module counted */
	uint64_t read_retry_total;
	uint64_t failed_calls;		/* calls that met a hole the churn made (-EFAULT), repeated */
	uint64_t churn_ops;
};

void scenario_samples_free(struct scenario_samples *s);

/*
 * The calls of @s with (@with = 1) or without retries (-EBUSY or
 * read_retry), as a malloc'd array of total_ns; *n set. NULL when none
 * (or out of memory, with *n = 0).
 */
double *scenario_split(const struct scenario_samples *s, int with, size_t *n);

struct invalidate_config {
	enum churn_kind churn;
	uint32_t op;			/* HMM_BENCH_OP_SNAPSHOT or HMM_BENCH_OP_FAULT (read requests) */
	enum page_kind kind;
	uint64_t size;
	unsigned int churn_threads;
	unsigned int samples;
	uint64_t seed;
};

/* 0, or -errno with @err (a page kind that cannot be had, a module error). */
int scenario_invalidate(const struct hmm_device *dev, const struct invalidate_config *c,
			struct scenario_samples *out, char *err, size_t errlen);

#define SCALING_MAX_THREADS	64

struct scaling_config {
	unsigned int threads;		/* 1 .. SCALING_MAX_THREADS */
	uint32_t op;			/* HMM_BENCH_OP_SNAPSHOT or HMM_BENCH_OP_FAULT */
	int unpopulated;		/* FAULT: MADV_DONTNEED before each call, untimed */
	enum page_kind kind;
	uint64_t size;			/* per thread */
	unsigned int samples;		/* per thread */
	int shared_fd;			/* all threads on dev->fd, else one fd each */
};

int scenario_scaling(const struct hmm_device *dev, const struct scaling_config *c,
		     struct scenario_samples *out, char *err, size_t errlen);

#endif
