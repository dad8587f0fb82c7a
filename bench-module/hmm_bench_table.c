// SPDX-License-Identifier: GPL-2.0
/*
 * hmm_bench_table.c - HMM_BENCH_FORMAT_TABLE: hmm_range_fault() reads the
 * requests and writes its output directly in the device's format, given a
 * flag table (the 4.17-5.7 API, brought back by kernel-patch/).
 *
 * Only hmm_bench_table_attach() depends on the patched struct hmm_range;
 * the rest is plain flag-table code, compiled (and build-tested) against
 * every kernel. The patch announces itself by defining HMM_RANGE_FLAG_TABLE
 * in include/linux/hmm.h.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "hmm_bench.h"

#ifdef HMM_RANGE_FLAG_TABLE

/*
 * Hand the run's table to hmm_range_fault() and express the requests the
 * way the stock path does (hmm_bench_setup_requests()): uniform requests in
 * default_flags, per-page write requests through pfn_flags_mask and the
 * template, all in the table's encoding. A uniform run drops the template,
 * so neither path pays for a copy of the requests that it does not need.
 *
 * The UAPI table has no order field: the kernel table stores no order
 * (order_shift 0), and FORMAT_TABLE reports no orders.
 */
static int hmm_bench_table_attach(struct hmm_bench_ctx *ctx)
{
	const struct hmm_bench_flag_table *t = &ctx->table;
	struct hmm_flag_table *kt = &ctx->flag_table;
	u64 valid = t->flags[HMM_BENCH_FLAG_VALID];
	u64 write = t->flags[HMM_BENCH_FLAG_WRITE];
	bool uniform = true;

	memset(kt, 0, sizeof(*kt));
	kt->flags[HMM_PFN_FLAG_VALID] = valid;
	kt->flags[HMM_PFN_FLAG_WRITE] = write;
	kt->flags[HMM_PFN_FLAG_DEVICE_PRIVATE] = t->flags[HMM_BENCH_FLAG_DEVICE_PRIVATE];
	kt->values[HMM_PFN_VALUE_ERROR] = t->values[HMM_BENCH_VALUE_ERROR];
	kt->values[HMM_PFN_VALUE_NONE] = t->values[HMM_BENCH_VALUE_NONE];
	kt->values[HMM_PFN_VALUE_SPECIAL] = t->values[HMM_BENCH_VALUE_SPECIAL];
	kt->pfn_shift = t->pfn_shift;
	kt->order_shift = 0;
	ctx->range.flag_table = kt;

	ctx->range.default_flags = 0;
	ctx->range.pfn_flags_mask = 0;
	if (ctx->run.op == HMM_BENCH_OP_FAULT) {
		ctx->range.default_flags = valid;
		switch (ctx->run.write_pattern) {
		case HMM_BENCH_WRITE_NONE:
			break;
		case HMM_BENCH_WRITE_ALL:
			ctx->range.default_flags |= write;
			break;
		default:
			ctx->range.pfn_flags_mask = write;
			uniform = false;
			break;
		}
	}
	if (uniform) {
		kvfree(ctx->requests);
		ctx->requests = NULL;
	}
	return 0;
}

bool hmm_bench_table_supported(void)
{
	return true;
}

#else /* !HMM_RANGE_FLAG_TABLE */

static int hmm_bench_table_attach(struct hmm_bench_ctx *ctx)
{
	return -EOPNOTSUPP;
}

bool hmm_bench_table_supported(void)
{
	return false;
}

#endif /* HMM_RANGE_FLAG_TABLE */

/**
 * hmm_bench_table_setup() - prepare a FORMAT_TABLE run
 * @ctx: the run, validated, with @ctx->table and @ctx->nr_pages set
 * @bitmap: the caller's write bitmap (HMM_BENCH_WRITE_BITMAP only)
 *
 * Builds the per-page request template in the table's encoding (the API
 * had no default flags: requests were always per page) and attaches the
 * table to the hmm_range.
 *
 * Return: 0, -ENOMEM, or -EOPNOTSUPP without the flag-table patch.
 */
int hmm_bench_table_setup(struct hmm_bench_ctx *ctx, const u8 *bitmap)
{
	const struct hmm_bench_flag_table *t = &ctx->table;
	unsigned long i, request;

	if (!hmm_bench_table_supported())
		return -EOPNOTSUPP;

	ctx->requests = kvcalloc(ctx->nr_pages, sizeof(*ctx->requests),
				 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!ctx->requests)
		return -ENOMEM;
	if (ctx->run.op == HMM_BENCH_OP_FAULT) {
		for (i = 0; i < ctx->nr_pages; i++) {
			request = t->flags[HMM_BENCH_FLAG_VALID];
			if (hmm_bench_page_wants_write(&ctx->run, bitmap, i))
				request |= t->flags[HMM_BENCH_FLAG_WRITE];
			ctx->requests[i] = request;
		}
	}
	return hmm_bench_table_attach(ctx);
}

/**
 * hmm_bench_table_count() - the run's counts from the last table output
 * @ctx: a finished FORMAT_TABLE run
 *
 * Decodes with the UAPI's hmm_bench_table_decode(), as the runner does.
 * ERROR and SPECIAL values count as errors; NONE and entries that match
 * nothing count as none. The table format has no mapping order.
 */
void hmm_bench_table_count(struct hmm_bench_ctx *ctx)
{
	struct hmm_bench_run *run = &ctx->run;
	int write, device_private, value;
	unsigned long i;
	__u64 pfn;

	for (i = 0; i < ctx->nr_pages; i++) {
		if (hmm_bench_table_decode(&ctx->table, ctx->hmm_pfns[i], &pfn, &write,
					   &device_private, &value)) {
			run->nr_valid++;
			if (write)
				run->nr_write++;
		} else if (value == HMM_BENCH_VALUE_ERROR || value == HMM_BENCH_VALUE_SPECIAL) {
			run->nr_error++;
		} else {
			run->nr_none++;
		}
	}
}

/**
 * hmm_bench_table_copy_entries() - copy the last table output to the caller
 * @ctx: a finished FORMAT_TABLE run with a non-zero entries_ptr
 *
 * Return: 0 or -EFAULT.
 */
int hmm_bench_table_copy_entries(struct hmm_bench_ctx *ctx)
{
	u64 __user *dst = u64_to_user_ptr(ctx->run.entries_ptr);
	unsigned long i;

	for (i = 0; i < ctx->nr_pages; i++)
		if (put_user((u64)ctx->hmm_pfns[i], dst + i))
			return -EFAULT;
	return 0;
}
