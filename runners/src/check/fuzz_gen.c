// SPDX-License-Identifier: GPL-2.0
/*
 * Making the fuzzer's calls (fuzz_internal.h): valid calls on the arena,
 * mutations of one field at a time towards every documented limit and
 * beyond, pointers of every kind of bad, and the work limits that keep a
 * bounded run bounded.
 */
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "check/fuzz_gen.h"

/* Ranges a valid call mirrors: RW parts of the arena. */
static const struct { unsigned int first, count; } clean_ranges[] = {
	{ 0, 128 }, { 192, 64 }, { 512, 512 }, { 1552, 16 },
};

/* ---- pointers ---- */


const char *const fuzz_gen_ptr_names[NR_PTR_KINDS] = {
	"good", "null", "kernel", "noncanonical", "hole", "prot_none", "readonly",
	"straddle", "unaligned", "slice", "churn", "top", "random",
};

/* A pointer of @kind to @need bytes; @good is the thread's own buffer for it. */
static uint64_t make_ptr(struct fuzz_thread *t, enum ptr_kind kind, char *good, uint64_t need)
{
	char *arena = t->sh->arena;
	uint64_t k;

	switch (kind) {
	case PTR_NULL:
		return 0;
	case PTR_KERNEL:
		return KERNEL_ADDR + below(t, 1 << 20) * PG;
	case PTR_NONCANON:
		return NONCANON_ADDR + below(t, 1 << 20) * 8;
	case PTR_HOLE:
		return (uintptr_t)arena + 176 * PG + below(t, 16 * PG);
	case PTR_PROT_NONE:
		return (uintptr_t)arena + 160 * PG + below(t, 16 * PG);
	case PTR_READONLY:
		return (uintptr_t)arena + 128 * PG + below(t, 8) * 8;
	case PTR_STRADDLE:
		k = need > 1 ? 1 + below(t, need - 1 < STRADDLE_BYTES ? need - 1 : STRADDLE_BYTES) : 0;
		return (uintptr_t)t->straddle + STRADDLE_BYTES - k;
	case PTR_UNALIGNED:
		return (uintptr_t)good + 1 + below(t, 7);
	case PTR_SLICE:
		if (need > SLICE_BUF_PAGES * PG)
			return (uintptr_t)good;
		return (uintptr_t)t->slice + below(t, (SLICE_BUF_PAGES * PG - need) / 8 + 1) * 8;
	case PTR_CHURN:
		return (uintptr_t)arena + CHURN_FIRST * PG + below(t, CHURN_PAGES * PG / 2);
	case PTR_TOP:
		return t->sh->mem.task_size - below(t, 4) * PG - (below(t, 2) ? 8 : 0);
	case PTR_RANDOM:
		return (rng_next(&t->rng) & ((1ULL << 47) - 1)) & ~7ULL;
	default:
		return (uintptr_t)good;
	}
}

/* Mostly good; otherwise any kind of bad, or good but oddly placed. */
enum ptr_kind fuzz_gen_pick_ptr_kind(struct fuzz_thread *t, unsigned int good_percent)
{
	if (chance(t, good_percent))
		return PTR_GOOD;
	return (enum ptr_kind)(1 + below(t, NR_PTR_KINDS - 1));
}

/* ---- RUN generation ---- */


static uint64_t arena_addr(struct fuzz_thread *t, int64_t page)
{
	return (uintptr_t)t->sh->arena + (uint64_t)page * PG;
}

static void random_table(struct fuzz_thread *t, struct hmm_bench_flag_table *tab)
{
	const struct fuzz_shared *sh = t->sh;

	if (sh->info.nr_tables && chance(t, 50)) {
		*tab = sh->tables[below(t, sh->info.nr_tables)].table;
	} else {
		/* A valid table of random bits: VALID below the shift, values without VALID. */
		uint32_t shift = 4 + below(t, HMM_BENCH_MAX_PFN_SHIFT - 3);
		uint64_t low = (1ULL << shift) - 1;

		memset(tab, 0, sizeof(*tab));
		tab->pfn_shift = shift;
		tab->flags[HMM_BENCH_FLAG_VALID] = 1ULL << below(t, shift);
		tab->flags[HMM_BENCH_FLAG_WRITE] = rng_next(&t->rng) & low & ~tab->flags[0];
		tab->flags[HMM_BENCH_FLAG_DEVICE_PRIVATE] = below(t, 2) ? rng_next(&t->rng) & low : 0;
		for (int i = 0; i < HMM_BENCH_VALUE_MAX; i++)
			tab->values[i] = rng_next(&t->rng) & ~tab->flags[HMM_BENCH_FLAG_VALID];
	}
}

/* One way of breaking a table's rule, or a fully random table. */
static void break_table(struct fuzz_thread *t, struct hmm_bench_flag_table *tab)
{
	switch (below(t, 6)) {
	case 0:
		tab->flags[HMM_BENCH_FLAG_VALID] = 0;
		break;
	case 1:
		tab->reserved = (uint32_t)rng_next(&t->rng) | 1;
		break;
	case 2:
		tab->pfn_shift = HMM_BENCH_MAX_PFN_SHIFT + 1 + below(t, 64);
		break;
	case 3:
		tab->flags[below(t, HMM_BENCH_FLAG_MAX)] |= 1ULL << (tab->pfn_shift + below(t, 64 - tab->pfn_shift));
		break;
	case 4:
		tab->values[below(t, HMM_BENCH_VALUE_MAX)] |= tab->flags[HMM_BENCH_FLAG_VALID];
		break;
	default:
		for (int i = 0; i < HMM_BENCH_FLAG_MAX; i++)
			tab->flags[i] = rng_next(&t->rng);
		for (int i = 0; i < HMM_BENCH_VALUE_MAX; i++)
			tab->values[i] = rng_next(&t->rng);
		tab->pfn_shift = edgy32(t, HMM_BENCH_MAX_PFN_SHIFT);
		tab->reserved = below(t, 2) ? 0 : (uint32_t)rng_next(&t->rng);
	}
}

static void set_range(struct fuzz_thread *t, struct hmm_bench_run *r, int64_t first, uint64_t pages)
{
	r->addr = arena_addr(t, first);
	r->len = pages * PG;
}

/* A valid-looking call on the arena. */
static void base_run(struct fuzz_thread *t, struct run_call *c)
{
	struct hmm_bench_run *r = &c->run;
	const struct fuzz_shared *sh = t->sh;
	uint64_t pages;

	memset(c, 0, sizeof(*c));
	switch (below(t, 10)) {
	case 0: case 1: case 2: case 3: case 4: {
		unsigned int i = below(t, sizeof(clean_ranges) / sizeof(clean_ranges[0]));
		uint64_t first = clean_ranges[i].first + below(t, clean_ranges[i].count);

		pages = 1 + below(t, clean_ranges[i].first + clean_ranges[i].count - first);
		set_range(t, r, (int64_t)first, pages);
		break;
	}
	case 5:	/* the churned part, while another thread changes it */
		set_range(t, r, CHURN_FIRST + (int64_t)below(t, CHURN_PAGES), 1 + below(t, 256));
		break;
	case 6:	/* read-only memory */
		set_range(t, r, 128 + (int64_t)below(t, 32), 1 + below(t, 400));
		break;
	default:	/* anywhere in the arena and its guards, across parts */
		set_range(t, r, (int64_t)below(t, ARENA_PAGES + 1024) - 512, 1ULL << below(t, 12));
		break;
	}
	pages = r->len / PG;
	r->op = below(t, 100) < 45 ? HMM_BENCH_OP_SNAPSHOT : HMM_BENCH_OP_FAULT;
	switch (below(t, 10)) {
	case 0: case 1: case 2: case 3: case 4:
		r->format = HMM_BENCH_FORMAT_FIXED;
		break;
	case 5: case 6: case 7:
		r->format = HMM_BENCH_FORMAT_CONVERT;
		break;
	default:
		r->format = sh->mem.flag_table || below(t, 3) == 0 ? HMM_BENCH_FORMAT_TABLE :
								      HMM_BENCH_FORMAT_CONVERT;
	}
	if (r->format != HMM_BENCH_FORMAT_FIXED) {
		if (chance(t, 60) && sh->info.nr_tables) {
			r->table = below(t, sh->info.nr_tables);
		} else {
			r->table = HMM_BENCH_TABLE_USER;
			random_table(t, &r->user_table);
		}
	}
	if (r->op == HMM_BENCH_OP_FAULT) {
		r->write_pattern = below(t, 5);
		if (r->write_pattern == HMM_BENCH_WRITE_EVERY_NTH)
			r->write_every = 1 + below(t, 9);
		if (r->write_pattern == HMM_BENCH_WRITE_BITMAP)
			r->bitmap_bytes = (pages + 7) / 8 + (chance(t, 20) ? below(t, 64) : 0);
	}
	r->nr_samples = 1 + below(t, 4);
	r->warmup = below(t, 3);
	if (chance(t, 25)) {
		c->entries_kind = PTR_GOOD;
		r->entries_ptr = 1;	/* placed later */
		r->entries_bytes = pages * 8 + (chance(t, 20) ? below(t, 4096) : 0);
	}
	/* The output fields are outputs: whatever they hold on input is ignored. */
	r->nr_pages = rng_next(&t->rng);
	r->nr_valid = rng_next(&t->rng);
	r->ebusy_total = rng_next(&t->rng);
	for (int i = 0; i < HMM_BENCH_NR_ORDERS; i += 1 + below(t, 8))
		r->orders[i] = rng_next(&t->rng);
	r->reserved[below(t, sizeof(r->reserved) / sizeof(r->reserved[0]))] = rng_next(&t->rng);
}

static void mutate_range(struct fuzz_thread *t, struct hmm_bench_run *r)
{
	const struct fuzz_shared *sh = t->sh;

	switch (below(t, 14)) {
	case 0:
		r->addr += 1 + below(t, PG - 1);
		break;
	case 1:
		r->addr = KERNEL_ADDR + below(t, 1 << 20) * PG;
		break;
	case 2:
		r->addr = 0;
		break;
	case 3:
		r->addr = sh->mem.task_size - r->len + (below(t, 2) ? PG : 0);
		break;
	case 4:
		r->addr = sh->mem.task_size + below(t, 2) * PG;
		break;
	case 5:
		r->addr = UINT64_MAX & ~(PG - 1);
		break;
	case 6:
		r->addr = NONCANON_ADDR;
		break;
	case 7:
		r->addr = (rng_next(&t->rng) & ((1ULL << 47) - 1)) & ~(PG - 1);
		break;
	case 8:
		r->addr = rng_next(&t->rng);
		break;
	case 9:
		r->len = below(t, 2) ? 0 : 1 + below(t, PG - 1);
		break;
	case 10:
		r->len = HMM_BENCH_MAX_LEN + (below(t, 2) ? PG : 0);
		break;
	case 11:
		r->len = below(t, 2) ? UINT64_MAX & ~(PG - 1) : rng_next(&t->rng);
		break;
	case 12:	/* a hole, PROT_NONE, or past the arena's end */
		set_range(t, r, below(t, 2) ? 176 : 160, 1 + below(t, 40));
		break;
	default:
		r->len = (1 + below(t, 1 << 20)) * PG;
	}
}

/* One input field the run does not use, made non-zero (-EINVAL). */
static void mutate_unused(struct fuzz_thread *t, struct run_call *c)
{
	struct hmm_bench_run *r = &c->run;

	switch (below(t, 4)) {
	case 0:	/* the table fields without a table, or user_table next to a built-in one */
		if (r->format == HMM_BENCH_FORMAT_FIXED && below(t, 2)) {
			r->table = (uint32_t)rng_next(&t->rng) | 1;
			break;
		}
		if (r->format != HMM_BENCH_FORMAT_FIXED)
			r->table = below(t, t->sh->info.nr_tables ? t->sh->info.nr_tables : 1);
		break_table(t, &r->user_table);
		r->user_table.reserved |= 1;
		break;
	case 1:
		if (r->write_pattern == HMM_BENCH_WRITE_EVERY_NTH)
			r->write_pattern = HMM_BENCH_WRITE_NONE;
		r->write_every = (uint32_t)rng_next(&t->rng) | 1;
		break;
	case 2:
		if (r->write_pattern == HMM_BENCH_WRITE_BITMAP)
			r->write_pattern = HMM_BENCH_WRITE_NONE;
		c->bitmap_kind = fuzz_gen_pick_ptr_kind(t, 0);
		r->bitmap_bytes = rng_next(&t->rng) | 1;
		break;
	default:
		r->entries_ptr = 0;
		c->entries_kind = PTR_GOOD;
		r->entries_bytes = rng_next(&t->rng) | 1;
	}
}

static void mutate_run(struct fuzz_thread *t, struct run_call *c)
{
	struct hmm_bench_run *r = &c->run;
	uint64_t need;

	switch (below(t, 19)) {
	case 0:
		r->flags = below(t, 2) ? 1U << below(t, 32) : (uint32_t)rng_next(&t->rng) | 1;
		break;
	case 1:
		r->op = below(t, 2) ? edgy32(t, HMM_BENCH_OP_FAULT) : 3;
		break;
	case 2:
		r->format = below(t, 2) ? edgy32(t, HMM_BENCH_FORMAT_TABLE) : HMM_BENCH_FORMAT_TABLE;
		break;
	case 3:
		if (r->format == HMM_BENCH_FORMAT_FIXED)
			r->format = HMM_BENCH_FORMAT_CONVERT;
		r->table = below(t, 2) ? edgy32(t, t->sh->info.nr_tables) : HMM_BENCH_TABLE_USER - 1;
		break;
	case 4:
		if (r->format == HMM_BENCH_FORMAT_FIXED)
			r->format = HMM_BENCH_FORMAT_CONVERT;
		r->table = HMM_BENCH_TABLE_USER;
		random_table(t, &r->user_table);
		if (chance(t, 80))
			break_table(t, &r->user_table);
		break;
	case 5: case 6: case 7:
		mutate_range(t, r);
		break;
	case 8:
		r->nr_samples = edgy32(t, HMM_BENCH_MAX_SAMPLES);
		break;
	case 9:
		r->warmup = edgy32(t, HMM_BENCH_MAX_WARMUP);
		break;
	case 10:
		r->write_pattern = below(t, 2) ? edgy32(t, HMM_BENCH_WRITE_BITMAP) :
						 1 + below(t, HMM_BENCH_WRITE_BITMAP);
		r->write_every = r->write_pattern == HMM_BENCH_WRITE_EVERY_NTH ? 1 + below(t, 4) : 0;
		break;
	case 11:
		r->op = HMM_BENCH_OP_FAULT;
		r->write_pattern = HMM_BENCH_WRITE_EVERY_NTH;
		r->write_every = edgy32(t, 1);
		break;
	case 12:
		r->op = HMM_BENCH_OP_FAULT;
		r->write_pattern = HMM_BENCH_WRITE_BITMAP;
		need = (r->len / PG + 7) / 8;
		switch (below(t, 5)) {
		case 0:
			r->bitmap_bytes = need ? need - 1 : 0;
			break;
		case 1:
			r->bitmap_bytes = HMM_BENCH_MAX_BITMAP_BYTES + (below(t, 2) ? 1 : 0);
			break;
		case 2:
			r->bitmap_bytes = below(t, 2) ? 0 : UINT64_MAX;
			break;
		default:
			r->bitmap_bytes = need;
		}
		c->bitmap_kind = fuzz_gen_pick_ptr_kind(t, 40);
		break;
	case 13:
		c->samples_kind = fuzz_gen_pick_ptr_kind(t, 0);
		break;
	case 14:
		c->entries_kind = fuzz_gen_pick_ptr_kind(t, 30);
		r->entries_ptr = 1;
		need = r->len / PG * 8;
		r->entries_bytes = below(t, 3) == 0 ? (need ? need - 1 : 0) :
				   below(t, 2) ? need : UINT64_MAX;
		break;
	case 15:
		c->arg_kind = fuzz_gen_pick_ptr_kind(t, 0);
		break;
	case 16:
		if (r->write_pattern == HMM_BENCH_WRITE_BITMAP || r->op != HMM_BENCH_OP_FAULT)
			c->bitmap_kind = fuzz_gen_pick_ptr_kind(t, 50);
		else
			c->samples_kind = PTR_SLICE;
		break;
	case 17:
		mutate_unused(t, c);
		break;
	default:	/* havoc: every field random */
		r->addr = below(t, 2) ? rng_next(&t->rng) : r->addr;
		r->len = below(t, 2) ? rng_next(&t->rng) & ~(PG - 1) : r->len;
		r->op = edgy32(t, 2);
		r->format = edgy32(t, 3);
		r->table = edgy32(t, t->sh->info.nr_tables);
		r->write_pattern = edgy32(t, 4);
		r->write_every = edgy32(t, 1);
		r->flags = below(t, 4) ? 0 : edgy32(t, 1);
		r->warmup = edgy32(t, 2);
		r->nr_samples = edgy32(t, 4);
		r->bitmap_bytes = rng_next(&t->rng) >> below(t, 64);
		r->entries_bytes = rng_next(&t->rng) >> below(t, 64);
		c->samples_kind = fuzz_gen_pick_ptr_kind(t, 50);
		c->bitmap_kind = fuzz_gen_pick_ptr_kind(t, 50);
		if (below(t, 2)) {
			c->entries_kind = fuzz_gen_pick_ptr_kind(t, 50);
			r->entries_ptr = 1;
		}
		break;
	}
}

/* Cut a call that would walk long down to the light limits, unless it won the heavy draw. */
static void limit_work(struct fuzz_thread *t, struct run_call *c)
{
	struct hmm_bench_run *r = &c->run;
	uint64_t pages;

	if (!below(t, HEAVY_ODDS)) {
		c->heavy = 1;
		return;
	}
	/* Only values inside the limits change: a call stays as valid as it was. */
	if (r->nr_samples > LIGHT_CALLS && r->nr_samples <= HMM_BENCH_MAX_SAMPLES)
		r->nr_samples = 1 + below(t, LIGHT_CALLS);
	if (r->warmup > LIGHT_CALLS && r->warmup <= HMM_BENCH_MAX_WARMUP)
		r->warmup = below(t, LIGHT_CALLS);
	if (r->len > LIGHT_PAGES * PG && r->len <= HMM_BENCH_MAX_LEN && !(r->len % PG))
		r->len = LIGHT_PAGES * PG;
	pages = r->len / PG;
	if (pages && pages <= LIGHT_PAGES && pages * ((uint64_t)r->nr_samples + r->warmup) > LIGHT_WORK) {
		if (r->nr_samples <= HMM_BENCH_MAX_SAMPLES && r->nr_samples)
			r->nr_samples = 1;
		if (r->warmup <= HMM_BENCH_MAX_WARMUP)
			r->warmup = 0;
	}
}

/* Fill @bytes of a bitmap at @p: empty, full or random. */
static void fill_bitmap(struct fuzz_thread *t, uint8_t *p, uint64_t bytes)
{
	unsigned int how = below(t, 4);

	for (uint64_t i = 0; i < bytes; i++)
		p[i] = how == 0 ? 0 : how == 1 ? 0xff : (uint8_t)rng_next(&t->rng);
}

/* Put the call's buffers where its pointer kinds say. */
static void place_buffers(struct fuzz_thread *t, struct run_call *c)
{
	struct hmm_bench_run *r = &c->run;
	uint64_t pages = r->len / PG;
	uint64_t samples_need = (uint64_t)r->nr_samples * sizeof(struct hmm_bench_sample);
	uint64_t bitmap_need = (pages + 7) / 8;

	r->samples_ptr = make_ptr(t, c->samples_kind, (char *)t->samples, samples_need);
	if (r->entries_ptr)
		r->entries_ptr = make_ptr(t, c->entries_kind, (char *)t->entries, pages * 8);
	if (r->write_pattern == HMM_BENCH_WRITE_BITMAP || c->bitmap_kind != PTR_GOOD) {
		r->bitmap_ptr = make_ptr(t, c->bitmap_kind, (char *)t->bitmap, bitmap_need);
		/* Bitmaps the fuzzer owns get fresh bits (the RO arena part has fixed ones). */
		if (bitmap_need <= HMM_BENCH_MAX_BITMAP_BYTES &&
		    (c->bitmap_kind == PTR_GOOD || c->bitmap_kind == PTR_UNALIGNED ||
		     (c->bitmap_kind == PTR_SLICE && bitmap_need <= SLICE_BUF_PAGES * PG &&
		      r->bitmap_ptr != (uintptr_t)t->bitmap)))
			fill_bitmap(t, (uint8_t *)(uintptr_t)r->bitmap_ptr,
				    c->bitmap_kind == PTR_UNALIGNED && bitmap_need > 7 ?
				    bitmap_need - 7 : bitmap_need);
	}
}
void fuzz_gen_run(struct fuzz_thread *t, struct run_call *c)
{
	unsigned int mutations;

	base_run(t, c);
	switch (below(t, 20)) {
	case 0: case 1: case 2: case 3: case 4:
		mutations = 0;
		break;
	case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12: case 13: case 14:
		mutations = 1;
		break;
	default:
		mutations = 2 + below(t, 3);
	}
	while (mutations--)
		mutate_run(t, c);
	limit_work(t, c);
	place_buffers(t, c);
	if (c->arg_kind == PTR_CHURN || c->arg_kind == PTR_RANDOM)
		c->arg_kind = PTR_GOOD;	/* the run struct must be readable back */
}

/* Where the argument struct goes; copies @size bytes of @src there. Returns its address. */
uint64_t fuzz_gen_place_arg(struct fuzz_thread *t, enum ptr_kind kind, const void *src, size_t size)
{
	switch (kind) {
	case PTR_GOOD:
		memcpy(t->arg_page, src, size);
		return (uintptr_t)t->arg_page;
	case PTR_UNALIGNED:
		memcpy(t->arg_page + 4, src, size);
		return (uintptr_t)t->arg_page + 4;
	case PTR_SLICE:
		memcpy(t->slice + (SLICE_PAGES - 1) * PG, src, size);
		return (uintptr_t)t->slice + (SLICE_PAGES - 1) * PG;
	case PTR_READONLY:
		mprotect(t->ro_page, PG, PROT_READ | PROT_WRITE);
		memcpy(t->ro_page, src, size);
		mprotect(t->ro_page, PG, PROT_READ);
		return (uintptr_t)t->ro_page;
	case PTR_STRADDLE: {
		size_t k = 1 + below(t, size - 1);

		memcpy(t->straddle + STRADDLE_BYTES - k, src, k);
		return (uintptr_t)t->straddle + STRADDLE_BYTES - k;
	}
	default:
		return make_ptr(t, kind, t->arg_page, size);
	}
}

/* A command the module does not know: its magic with other numbers, sizes or directions. */
unsigned long fuzz_gen_unknown_cmd(struct fuzz_thread *t)
{
	static const unsigned long known[] = {
		HMM_BENCH_IOC_GET_INFO, HMM_BENCH_IOC_GET_TABLE, HMM_BENCH_IOC_RUN,
	};
	unsigned long cmd;

	do {
		unsigned int nr = below(t, 2) ? 0xb0 + below(t, 4) : below(t, 256);
		unsigned int dir = below(t, 4), size = below(t, 2) ? below(t, 1 << 14) :
						       sizeof(struct hmm_bench_run) - 8 + below(t, 16);

		cmd = _IOC(dir, HMM_BENCH_IOC_MAGIC, nr, size);
	} while (cmd == known[0] || cmd == known[1] || cmd == known[2]);
	return cmd;
}
