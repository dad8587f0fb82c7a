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
#include <linux/uaccess.h>

#include "hmm_bench.h"

#ifdef HMM_RANGE_FLAG_TABLE

/*
 * Hand the run's table to hmm_range_fault(), which then reads the requests
 * and writes its output in the table's encoding.
 *
 * The UAPI table has no order field: the kernel table stores no order
 * (order_shift 0), and FORMAT_TABLE reports no orders.
 */
static int hmm_bench_table_attach(struct hmm_bench_ctx *ctx)
{
	const struct hmm_bench_flag_table *t = &ctx->table;
	struct hmm_flag_table *kt = &ctx->flag_table;

	memset(kt, 0, sizeof(*kt));
	kt->flags[HMM_PFN_FLAG_VALID] = t->flags[HMM_BENCH_FLAG_VALID];
	kt->flags[HMM_PFN_FLAG_WRITE] = t->flags[HMM_BENCH_FLAG_WRITE];
	kt->flags[HMM_PFN_FLAG_DEVICE_PRIVATE] = t->flags[HMM_BENCH_FLAG_DEVICE_PRIVATE];
	kt->values[HMM_PFN_VALUE_ERROR] = t->values[HMM_BENCH_VALUE_ERROR];
	kt->values[HMM_PFN_VALUE_NONE] = t->values[HMM_BENCH_VALUE_NONE];
	kt->values[HMM_PFN_VALUE_SPECIAL] = t->values[HMM_BENCH_VALUE_SPECIAL];
	kt->pfn_shift = t->pfn_shift;
	kt->order_shift = 0;
	ctx->range.flag_table = kt;
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
 * Attaches the table to the hmm_range and expresses the requests as the
 * stock path does, in the table's encoding: flags[VALID] asks for a fault,
 * flags[WRITE] for write access.
 *
 * Return: 0, -ENOMEM, or -EOPNOTSUPP without the flag-table patch.
 */
int hmm_bench_table_setup(struct hmm_bench_ctx *ctx, const u8 *bitmap)
{
	const struct hmm_bench_flag_table *t = &ctx->table;
	int ret;

	ret = hmm_bench_table_attach(ctx);
	if (ret)
		return ret;
	return hmm_bench_setup_requests(ctx, bitmap, t->flags[HMM_BENCH_FLAG_VALID],
					t->flags[HMM_BENCH_FLAG_WRITE]);
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
 * hmm_bench_table_copy_entries() - give the caller the last output, if asked
 * @ctx: a finished FORMAT_TABLE run
 *
 * Return: 0, or -EFAULT for a bad entries_ptr.
 */
int hmm_bench_table_copy_entries(struct hmm_bench_ctx *ctx)
{
	u64 __user *dst = u64_to_user_ptr(ctx->run.entries_ptr);
	unsigned long i;

	if (!ctx->run.entries_ptr)
		return 0;
	for (i = 0; i < ctx->nr_pages; i++)
		if (put_user((u64)ctx->hmm_pfns[i], dst + i))
			return -EFAULT;
	return 0;
}
