// SPDX-License-Identifier: GPL-2.0
/*
 * hmm_bench_formats.c - the stock formats, FIXED and CONVERT: the built-in
 * device formats (flag tables), the setup of a stock run, the conversion
 * pass of FORMAT_CONVERT, and the counting and copying of stock output. The
 * format rules themselves live in hmm_bench_uapi.h, shared with the runner.
 */
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "hmm_bench.h"

struct hmm_bench_builtin_table {
	const char *name;
	struct hmm_bench_flag_table table;
};

static const struct hmm_bench_builtin_table hmm_bench_builtin_tables[] = {
	{
		/*
		 * Linux 4.14-4.16 hmm_pfn_t: VALID 1<<0, READ 1<<1, WRITE
		 * 1<<2, ERROR 1<<3, EMPTY 1<<4, SPECIAL 1<<5,
		 * DEVICE_UNADDRESSABLE 1<<6, pfn at bit 7. Every valid entry
		 * of that API also carried READ, so VALID is both bits.
		 */
		.name = "v416",
		.table = {
			.flags = {
				[HMM_BENCH_FLAG_VALID] = 0x3,
				[HMM_BENCH_FLAG_WRITE] = 0x4,
				[HMM_BENCH_FLAG_DEVICE_PRIVATE] = 0x40,
			},
			.values = {
				[HMM_BENCH_VALUE_ERROR] = 0x8,
				[HMM_BENCH_VALUE_NONE] = 0x10,
				[HMM_BENCH_VALUE_SPECIAL] = 0x20,
			},
			.pfn_shift = 7,
		},
	},
	{
		/*
		 * nouveau_svm.c (5.2 era): VALID 0x1, WRITE 0x2, VRAM (device
		 * private) 0x10; ERROR and SPECIAL ~VALID, NONE 0; pfn at 12.
		 */
		.name = "nouveau",
		.table = {
			.flags = {
				[HMM_BENCH_FLAG_VALID] = 0x1,
				[HMM_BENCH_FLAG_WRITE] = 0x2,
				[HMM_BENCH_FLAG_DEVICE_PRIVATE] = 0x10,
			},
			.values = {
				[HMM_BENCH_VALUE_ERROR] = ~0x1ULL,
				[HMM_BENCH_VALUE_NONE] = 0,
				[HMM_BENCH_VALUE_SPECIAL] = ~0x1ULL,
			},
			.pfn_shift = 12,
		},
	},
	{
		/*
		 * amdgpu (5.3, amdgpu_mn.c then amdgpu_ttm.c): flags
		 * {1 << 0, 1 << 1, 0}; values {0xfffffffffffffffe, 0,
		 * 0xfffffffffffffffc}; pfn at PAGE_SHIFT (12 on x86).
		 */
		.name = "amdgpu",
		.table = {
			.flags = {
				[HMM_BENCH_FLAG_VALID] = 0x1,
				[HMM_BENCH_FLAG_WRITE] = 0x2,
				[HMM_BENCH_FLAG_DEVICE_PRIVATE] = 0,
			},
			.values = {
				[HMM_BENCH_VALUE_ERROR] = 0xfffffffffffffffeULL,
				[HMM_BENCH_VALUE_NONE] = 0,
				[HMM_BENCH_VALUE_SPECIAL] = 0xfffffffffffffffcULL,
			},
			.pfn_shift = 12,
		},
	},
};

u32 hmm_bench_nr_tables(void)
{
	return ARRAY_SIZE(hmm_bench_builtin_tables);
}

/**
 * hmm_bench_get_table() - fill @query with built-in table @index
 * @index: below hmm_bench_nr_tables()
 * @query: receives the name and the table
 *
 * Return: 0, or -EINVAL for an index out of range.
 */
int hmm_bench_get_table(u32 index, struct hmm_bench_table_query *query)
{
	if (index >= ARRAY_SIZE(hmm_bench_builtin_tables))
		return -EINVAL;
	strscpy(query->name, hmm_bench_builtin_tables[index].name, sizeof(query->name));
	query->table = hmm_bench_builtin_tables[index].table;
	return 0;
}

/**
 * hmm_bench_stock_setup() - prepare a FIXED or CONVERT run
 * @ctx: the run, validated, with @ctx->nr_pages set
 * @bitmap: the caller's write bitmap (HMM_BENCH_WRITE_BITMAP only)
 *
 * The requests in the stock encoding (HMM_PFN_REQ_FAULT, HMM_PFN_REQ_WRITE);
 * FORMAT_CONVERT also gets its device page table.
 *
 * Return: 0 or -ENOMEM.
 */
int hmm_bench_stock_setup(struct hmm_bench_ctx *ctx, const u8 *bitmap)
{
	int ret;

	ret = hmm_bench_setup_requests(ctx, bitmap, HMM_PFN_REQ_FAULT, HMM_PFN_REQ_WRITE);
	if (ret)
		return ret;
	if (ctx->run.format == HMM_BENCH_FORMAT_CONVERT) {
		ctx->dev_entries = kvcalloc(ctx->nr_pages, sizeof(*ctx->dev_entries),
					    GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
		if (!ctx->dev_entries)
			return -ENOMEM;
	}
	return 0;
}

/**
 * hmm_bench_convert() - the conversion pass of FORMAT_CONVERT
 * @ctx: a run whose hmm_pfns hold hmm_range_fault() output
 *
 * What a driver on the fixed-format API runs, under its update lock, to
 * program its page table from the HMM pfns: one read, one table encode and
 * one store per page. The stock output has no "special" kind (such
 * mappings come back as errors), so values[SPECIAL] is never written.
 * Whether a page is device private is only looked up when the table can
 * express it, as a driver without such a bit would skip the lookup.
 */
void hmm_bench_convert(struct hmm_bench_ctx *ctx)
{
	const struct hmm_bench_flag_table *t = &ctx->table;
	bool lookup_device_private = t->flags[HMM_BENCH_FLAG_DEVICE_PRIVATE] != 0;
	unsigned long i;

	for (i = 0; i < ctx->nr_pages; i++) {
		unsigned long hmm_pfn = ctx->hmm_pfns[i];
		bool device_private;
		u64 entry;

		if (hmm_pfn & HMM_PFN_ERROR) {
			entry = t->values[HMM_BENCH_VALUE_ERROR];
		} else if (!(hmm_pfn & HMM_PFN_VALID)) {
			entry = t->values[HMM_BENCH_VALUE_NONE];
		} else {
			device_private = lookup_device_private &&
					 is_device_private_page(hmm_pfn_to_page(hmm_pfn));
			entry = hmm_bench_table_encode_page(t, hmm_pfn & ~HMM_PFN_FLAGS,
							    !!(hmm_pfn & HMM_PFN_WRITE),
							    device_private);
		}
		ctx->dev_entries[i] = entry;
	}
}

/**
 * hmm_bench_count_stock() - the run's counts from the last stock output
 * @ctx: a finished FIXED or CONVERT run
 */
void hmm_bench_count_stock(struct hmm_bench_ctx *ctx)
{
	struct hmm_bench_run *run = &ctx->run;
	unsigned long i;

	for (i = 0; i < ctx->nr_pages; i++) {
		unsigned long hmm_pfn = ctx->hmm_pfns[i];

		if (hmm_pfn & HMM_PFN_ERROR) {
			run->nr_error++;
		} else if (hmm_pfn & HMM_PFN_VALID) {
			run->nr_valid++;
			if (hmm_pfn & HMM_PFN_WRITE)
				run->nr_write++;
			run->orders[hmm_pfn_to_map_order(hmm_pfn)]++;
		} else {
			run->nr_none++;
		}
	}
}

/*
 * One HMM pfn in the UAPI's raw-entry encoding, read only through the
 * kernel's accessors, so a new HMM pfn layout needs no change here.
 */
static u64 hmm_bench_fixed_entry(unsigned long hmm_pfn)
{
	struct page *page;
	u64 flags = 0;

	if (hmm_pfn & HMM_PFN_WRITE)
		flags |= HMM_BENCH_ENTRY_WRITE;
	if (hmm_pfn & HMM_PFN_ERROR)
		flags |= HMM_BENCH_ENTRY_ERROR;
	if (!(hmm_pfn & HMM_PFN_VALID) || (hmm_pfn & HMM_PFN_ERROR))
		return flags;

	page = hmm_pfn_to_page(hmm_pfn);
	flags |= HMM_BENCH_ENTRY_VALID;
	if (is_device_private_page(page))
		flags |= HMM_BENCH_ENTRY_DEVICE_PRIVATE;
	return hmm_bench_entry_encode(page_to_pfn(page), hmm_pfn_to_map_order(hmm_pfn), flags);
}

/* The stock output as the UAPI's raw entries. */
static int hmm_bench_copy_fixed_entries(struct hmm_bench_ctx *ctx, u64 __user *dst)
{
	unsigned long i;

	for (i = 0; i < ctx->nr_pages; i++)
		if (put_user(hmm_bench_fixed_entry(ctx->hmm_pfns[i]), dst + i))
			return -EFAULT;
	return 0;
}

/**
 * hmm_bench_stock_copy_entries() - give the caller the last output, if asked
 * @ctx: a finished FIXED or CONVERT run
 *
 * Return: 0, or -EFAULT for a bad entries_ptr.
 */
int hmm_bench_stock_copy_entries(struct hmm_bench_ctx *ctx)
{
	u64 __user *dst = u64_to_user_ptr(ctx->run.entries_ptr);

	if (!ctx->run.entries_ptr)
		return 0;
	if (ctx->run.format == HMM_BENCH_FORMAT_CONVERT)
		return copy_to_user(dst, ctx->dev_entries,
				    ctx->nr_pages * sizeof(u64)) ? -EFAULT : 0;
	return hmm_bench_copy_fixed_entries(ctx, dst);
}
