/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hmm_bench.h - internal interfaces between the files of hmm_bench.ko.
 *
 * hmm_bench_main.c	misc device, ioctl dispatch, input validation
 * hmm_bench_loop.c	the documented driver loop around hmm_range_fault()
 * hmm_bench_formats.c	FIXED and CONVERT: built-in flag tables, the
 *			conversion pass, counting and copying stock output
 * hmm_bench_table.c	HMM_BENCH_FORMAT_TABLE (needs the flag-table patch)
 * hmm_bench_requests.c	the per-page requests of every format
 *
 * Calls only go down this list's dependency order: main uses loop,
 * formats and table; formats and table use requests; nothing calls up.
 */
#ifndef HMM_BENCH_H
#define HMM_BENCH_H

#include <linux/hmm.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "hmm_bench_uapi.h"

/**
 * struct hmm_bench_file - the state of one open /dev/hmm_bench
 * @lock: the driver's device page-table update lock. The invalidate
 *	callback and the end of the driver loop take it, as in
 *	Documentation/mm/hmm.rst; every run on this file shares it.
 */
struct hmm_bench_file {
	struct mutex lock;	/* the driver's page-table update lock */
};

/**
 * struct hmm_bench_ctx - one HMM_BENCH_IOC_RUN in progress
 * @file: the open file whose lock serializes device page-table updates
 * @run: the caller's request, validated; the results are written here
 * @table: the flag table of FORMAT_CONVERT and FORMAT_TABLE
 * @nr_pages: pages in the range
 * @notifier: the interval notifier on [addr, addr + len)
 * @range: the hmm_range handed to hmm_range_fault()
 * @hmm_pfns: the array hmm_range_fault() reads requests from and writes
 *	its output to
 * @requests: the per-page requests copied into @hmm_pfns before every
 *	hmm_range_fault() call, or NULL when default_flags carries them
 * @dev_entries: the device page table the conversion pass writes
 *	(FORMAT_CONVERT only)
 * @samples: one entry per timed call
 * @inject_ns_per_page: the module parameter, read once when the run
 *	started, so every sample of a run pays the same injected cost
 * @inject_lines_per_page: the module parameter, read with it
 * @inject_buffer: the buffer those lines are read from (when non-zero)
 * @flag_table: @table in the kernel's form, which @range points to in a
 *	FORMAT_TABLE run (kernels with the flag-table patch only)
 */
struct hmm_bench_ctx {
	struct hmm_bench_file *file;
	struct hmm_bench_run run;
	struct hmm_bench_flag_table table;
	unsigned long nr_pages;
	struct mmu_interval_notifier notifier;
	struct hmm_range range;
	unsigned long *hmm_pfns;
	unsigned long *requests;
	u64 *dev_entries;
	struct hmm_bench_sample *samples;
	u32 inject_ns_per_page;
	u32 inject_lines_per_page;
	const u8 *inject_buffer;
#ifdef HMM_RANGE_FLAG_TABLE
	struct hmm_flag_table flag_table;
#endif
};

/* hmm_bench_main.c */
u32 hmm_bench_inject_ns_per_page(void);
u32 hmm_bench_inject_lines_per_page(const u8 **buffer);

/* hmm_bench_loop.c */
int hmm_bench_measure(struct hmm_bench_ctx *ctx);

/* hmm_bench_formats.c */
u32 hmm_bench_nr_tables(void);
int hmm_bench_get_table(u32 index, struct hmm_bench_table_query *query);
int hmm_bench_stock_setup(struct hmm_bench_ctx *ctx, const u8 *bitmap);
void hmm_bench_convert(struct hmm_bench_ctx *ctx);
void hmm_bench_count_stock(struct hmm_bench_ctx *ctx);
int hmm_bench_stock_copy_entries(struct hmm_bench_ctx *ctx);

/* hmm_bench_table.c */
bool hmm_bench_table_supported(void);
int hmm_bench_table_setup(struct hmm_bench_ctx *ctx, const u8 *bitmap);
void hmm_bench_table_count(struct hmm_bench_ctx *ctx);
int hmm_bench_table_copy_entries(struct hmm_bench_ctx *ctx);

/* hmm_bench_requests.c */
int hmm_bench_setup_requests(struct hmm_bench_ctx *ctx, const u8 *bitmap,
			     unsigned long fault, unsigned long write);

#endif /* HMM_BENCH_H */
