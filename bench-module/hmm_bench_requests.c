// SPDX-License-Identifier: GPL-2.0
/*
 * hmm_bench_requests.c - the per-page write requests of a FAULT run, decided
 * in one place for every format: which pages the run asks to be writable,
 * and how that is said to hmm_range_fault() (default_flags for uniform
 * requests, pfn_flags_mask and a request template for per-page ones).
 */
#include <linux/mm.h>
#include <linux/slab.h>

#include "hmm_bench.h"

/*
 * Does the run request write access to @page? Bit i of the bitmap is bit
 * (i % 8) of byte (i / 8), whatever the endianness.
 */
static bool hmm_bench_page_wants_write(const struct hmm_bench_run *run, const u8 *bitmap,
				       unsigned long page)
{
	switch (run->write_pattern) {
	case HMM_BENCH_WRITE_ALL:
		return true;
	case HMM_BENCH_WRITE_ALTERNATE:
		return !(page & 1);
	case HMM_BENCH_WRITE_EVERY_NTH:
		return page % run->write_every == 0;
	case HMM_BENCH_WRITE_BITMAP:
		return bitmap[page / 8] & (1U << (page % 8));
	default:
		return false;
	}
}

/**
 * hmm_bench_setup_requests() - express the run's requests to hmm_range_fault()
 * @ctx: the run, validated, with @ctx->nr_pages set
 * @bitmap: the caller's write bitmap (HMM_BENCH_WRITE_BITMAP only)
 * @fault: the request bit that asks for a fault, in the run's encoding
 *	(HMM_PFN_REQ_FAULT, or a flag table's flags[VALID])
 * @write: the request bit that asks for write access, in the same encoding
 *
 * Uniform requests go in default_flags, as a driver faulting a whole range
 * would do; per-page write requests need pfn_flags_mask and a template that
 * the driver loop copies in before every call, because hmm_range_fault()
 * overwrites its input. A uniform run has no template, so no path pays for
 * a copy of requests that it does not need.
 *
 * Return: 0 or -ENOMEM.
 */
int hmm_bench_setup_requests(struct hmm_bench_ctx *ctx, const u8 *bitmap,
			     unsigned long fault, unsigned long write)
{
	const struct hmm_bench_run *run = &ctx->run;
	unsigned long i;

	ctx->range.default_flags = 0;
	ctx->range.pfn_flags_mask = 0;
	if (run->op != HMM_BENCH_OP_FAULT)
		return 0;

	ctx->range.default_flags = fault;
	switch (run->write_pattern) {
	case HMM_BENCH_WRITE_NONE:
		return 0;
	case HMM_BENCH_WRITE_ALL:
		ctx->range.default_flags |= write;
		return 0;
	default:
		break;
	}

	ctx->range.pfn_flags_mask = write;
	ctx->requests = kvcalloc(ctx->nr_pages, sizeof(*ctx->requests),
				 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!ctx->requests)
		return -ENOMEM;
	for (i = 0; i < ctx->nr_pages; i++)
		if (hmm_bench_page_wants_write(run, bitmap, i))
			ctx->requests[i] = write;
	return 0;
}
