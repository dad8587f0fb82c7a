/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runner's side of /dev/hmm_bench: open it (with errors that say what to
 * do), and thin wrappers around the three ioctls that return -errno.
 */
#ifndef HMMBENCH_DEVICE_H
#define HMMBENCH_DEVICE_H

#include <stddef.h>

#include "hmm_bench_uapi.h"

struct hmm_device {
	int fd;
	struct hmm_bench_info info;	/* GET_INFO at open time */
};

/*
 * Open HMM_BENCH_DEVICE_PATH and check the module's ABI version. On failure
 * returns -errno (-EPROTO for an ABI mismatch) and writes a one-line message
 * saying what to do into @err; callers exit with EXIT_USAGE.
 */
int device_open(struct hmm_device *dev, char *err, size_t err_len);
void device_close(struct hmm_device *dev);

/* The explanation device_open() gives for @error (a negative errno). */
void device_open_error(int error, char *err, size_t err_len);

int device_get_info(int fd, struct hmm_bench_info *info);
int device_get_table(int fd, unsigned int index, struct hmm_bench_table_query *query);
int device_run(int fd, struct hmm_bench_run *run);

/* Most built-in tables device_load_tables() takes. */
#define DEVICE_MAX_TABLES	16

/*
 * All info.nr_tables built-in tables, by GET_TABLE. 0 or -errno (-E2BIG
 * when the module has more than @max).
 */
int device_load_tables(const struct hmm_device *dev, struct hmm_bench_table_query *tables,
		       unsigned int max, unsigned int *nr);

/* "map_order", "flag_table", "raw_entries" for one HMM_BENCH_FEAT_* bit; NULL if unknown. */
const char *device_feature_name(unsigned int feature);

/* "ktime_mono" for HMM_BENCH_CLOCK_KTIME_MONO; NULL if unknown. */
const char *device_clock_name(unsigned int clock);

/* Whether the module reported @feature (HMM_BENCH_FEAT_*). */
static inline int device_has(const struct hmm_device *dev, unsigned int feature)
{
	return (dev->info.features & feature) == feature;
}

#endif
