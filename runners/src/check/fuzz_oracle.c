// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's oracle (fuzz_oracle.h). Every rule below is written from the
 * text of hmm_bench_uapi.h, not from the module's code, so the two can
 * disagree; when they do, the fuzzer reports it.
 */
#include <errno.h>
#include <string.h>

#include "check/fuzz_oracle.h"

#define FUZZ_PAGE_SIZE	4096ULL

const struct fuzz_path_info fuzz_oracle_paths[FUZZ_NR_PATHS] = {
	[FUZZ_RUN_ARG_FAULT] = { "run.arg_fault", FUZZ_EFAULT, "the run struct cannot be read" },
	[FUZZ_RUN_FLAGS] = { "run.flags", FUZZ_EINVAL, "flags != 0" },
	[FUZZ_RUN_OP] = { "run.op", FUZZ_EINVAL, "unknown op" },
	[FUZZ_RUN_FORMAT] = { "run.format", FUZZ_EINVAL, "unknown format" },
	[FUZZ_RUN_TABLE_UNSUPPORTED] = { "run.format_table", FUZZ_EOPNOTSUPP,
					 "FORMAT_TABLE without the flag-table patch" },
	[FUZZ_RUN_ALIGN] = { "run.align", FUZZ_EINVAL, "addr or len not page aligned" },
	[FUZZ_RUN_LEN_ZERO] = { "run.len_zero", FUZZ_EINVAL, "len 0" },
	[FUZZ_RUN_LEN_BIG] = { "run.len_big", FUZZ_E2BIG, "len over HMM_BENCH_MAX_LEN" },
	[FUZZ_RUN_OVERFLOW] = { "run.overflow", FUZZ_EINVAL, "addr + len overflows" },
	[FUZZ_RUN_BEYOND_USER] = { "run.beyond_user", FUZZ_EFAULT, "range above TASK_SIZE" },
	[FUZZ_RUN_SAMPLES_ZERO] = { "run.samples_zero", FUZZ_EINVAL, "nr_samples 0" },
	[FUZZ_RUN_SAMPLES_BIG] = { "run.samples_big", FUZZ_E2BIG, "nr_samples over the limit" },
	[FUZZ_RUN_WARMUP_BIG] = { "run.warmup_big", FUZZ_E2BIG, "warmup over the limit" },
	[FUZZ_RUN_PATTERN_SNAPSHOT] = { "run.pattern_snapshot", FUZZ_EINVAL,
					"a write pattern on SNAPSHOT" },
	[FUZZ_RUN_PATTERN_UNKNOWN] = { "run.pattern", FUZZ_EINVAL, "unknown write pattern" },
	[FUZZ_RUN_EVERY_ZERO] = { "run.write_every_zero", FUZZ_EINVAL, "EVERY_NTH with n = 0" },
	[FUZZ_RUN_BITMAP_BIG] = { "run.bitmap_big", FUZZ_E2BIG, "bitmap_bytes over the limit" },
	[FUZZ_RUN_BITMAP_SHORT] = { "run.bitmap_short", FUZZ_EINVAL, "bitmap shorter than the range" },
	[FUZZ_RUN_TABLE_INDEX] = { "run.table_index", FUZZ_EINVAL, "built-in table index out of range" },
	[FUZZ_RUN_USER_TABLE] = { "run.user_table", FUZZ_EINVAL, "invalid user flag table" },
	[FUZZ_RUN_UNUSED] = { "run.unused_nonzero", FUZZ_EINVAL,
			      "an input field the run does not use is not zero" },
	[FUZZ_RUN_ENTRIES_PERM] = { "run.entries_perm", FUZZ_EPERM,
				    "raw entries without CAP_SYS_ADMIN" },
	[FUZZ_RUN_ENTRIES_SHORT] = { "run.entries_short", FUZZ_EINVAL, "entries buffer too short" },
	[FUZZ_RUN_BITMAP_FAULT] = { "run.bitmap_fault", FUZZ_EFAULT, "bitmap_ptr unreadable" },
	[FUZZ_RUN_FAULT_HOLE] = { "run.fault_hole", FUZZ_EFAULT, "fault request on an unmapped page" },
	[FUZZ_RUN_FAULT_PROT_NONE] = { "run.fault_prot_none", FUZZ_EFAULT,
				       "fault request on a PROT_NONE page" },
	[FUZZ_RUN_WRITE_READONLY] = { "run.write_readonly", FUZZ_EPERM,
				      "write request on a read-only mapping" },
	[FUZZ_RUN_SAMPLES_FAULT] = { "run.samples_fault", FUZZ_EFAULT, "samples_ptr unwritable" },
	[FUZZ_RUN_ENTRIES_FAULT] = { "run.entries_fault", FUZZ_EFAULT, "entries_ptr unwritable" },
	[FUZZ_RUN_ARG_READONLY] = { "run.arg_readonly", FUZZ_EFAULT,
				    "the run struct cannot be written back" },
	[FUZZ_RUN_BUSY] = { "run.busy", FUZZ_EBUSY, "invalidations outlasted the timeout" },
	[FUZZ_INFO_FAULT] = { "info.fault", FUZZ_EFAULT, "GET_INFO argument unwritable" },
	[FUZZ_TABLE_FAULT] = { "table.fault", FUZZ_EFAULT, "GET_TABLE argument unreadable/unwritable" },
	[FUZZ_TABLE_INDEX] = { "table.index", FUZZ_EINVAL, "GET_TABLE index out of range" },
	[FUZZ_TABLE_RESERVED] = { "table.reserved", FUZZ_EINVAL, "GET_TABLE reserved != 0" },
	[FUZZ_UNKNOWN_CMD] = { "ioctl.unknown_cmd", FUZZ_ENOTTY, "unknown ioctl command" },
	[FUZZ_RUN_OK] = { "run.ok", FUZZ_OK, "a valid run" },
	[FUZZ_RUN_OK_HOLES] = { "run.ok_snapshot_errors", FUZZ_OK,
				"SNAPSHOT over holes/PROT_NONE, counted as errors" },
	[FUZZ_INFO_OK] = { "info.ok", FUZZ_OK, "GET_INFO" },
	[FUZZ_TABLE_OK] = { "table.ok", FUZZ_OK, "GET_TABLE of a built-in table" },
};

static const struct {
	int err;
	const char *name;
} outcome_errnos[FUZZ_NR_OUTCOMES] = {
	[FUZZ_OK] = { 0, "0" },
	[FUZZ_EINVAL] = { EINVAL, "EINVAL" },
	[FUZZ_E2BIG] = { E2BIG, "E2BIG" },
	[FUZZ_EFAULT] = { EFAULT, "EFAULT" },
	[FUZZ_EPERM] = { EPERM, "EPERM" },
	[FUZZ_EOPNOTSUPP] = { EOPNOTSUPP, "EOPNOTSUPP" },
	[FUZZ_EBUSY] = { EBUSY, "EBUSY" },
	[FUZZ_ENOMEM] = { ENOMEM, "ENOMEM" },
	[FUZZ_ENOTTY] = { ENOTTY, "ENOTTY" },
	[FUZZ_EINTR] = { EINTR, "EINTR" },
	[FUZZ_OTHER] = { -1, "other" },
};

enum fuzz_outcome fuzz_oracle_outcome_of(int ret)
{
	for (int o = 0; o < FUZZ_OTHER; o++)
		if (outcome_errnos[o].err == -ret)
			return o;
	return FUZZ_OTHER;
}

const char *fuzz_oracle_outcome_name(enum fuzz_outcome o)
{
	return o < FUZZ_NR_OUTCOMES ? outcome_errnos[o].name : "?";
}

int fuzz_oracle_memory_add(struct fuzz_memory *m, uint64_t start, uint64_t end, enum fuzz_page page)
{
	size_t i;

	if (m->nr_regions >= FUZZ_MAX_REGIONS || start >= end)
		return -1;
	for (i = 0; i < m->nr_regions; i++) {
		if (start < m->regions[i].end && m->regions[i].start < end)
			return -1;
		if (end <= m->regions[i].start)
			break;
	}
	memmove(&m->regions[i + 1], &m->regions[i], (m->nr_regions - i) * sizeof(m->regions[0]));
	m->regions[i] = (struct fuzz_region){ start, end, page };
	m->nr_regions++;
	return 0;
}

/* The kind at @addr and where that kind ends (the next region boundary). */
static enum fuzz_page segment(const struct fuzz_memory *m, uint64_t addr, uint64_t *seg_end)
{
	for (size_t i = 0; i < m->nr_regions; i++) {
		const struct fuzz_region *r = &m->regions[i];

		if (addr < r->start) {
			*seg_end = r->start;
			return FUZZ_PAGE_UNKNOWN;
		}
		if (addr < r->end) {
			*seg_end = r->end;
			return r->page;
		}
	}
	*seg_end = UINT64_MAX;
	return FUZZ_PAGE_UNKNOWN;
}

enum fuzz_page fuzz_oracle_memory_page(const struct fuzz_memory *m, uint64_t addr)
{
	uint64_t end;

	return segment(m, addr, &end);
}

enum fuzz_access fuzz_oracle_memory_access(const struct fuzz_memory *m, uint64_t ptr, uint64_t len,
				    int write)
{
	enum fuzz_access acc = FUZZ_ACCESS_OK;
	uint64_t end, addr = ptr;

	if (!len)
		return FUZZ_ACCESS_OK;
	/* Outside user space (NULL aside, which the regions cover): always a fault. */
	if (ptr >= m->task_size || __builtin_add_overflow(ptr, len, &end) || end > m->task_size)
		return FUZZ_ACCESS_FAULT;
	while (addr < end) {
		uint64_t seg_end;

		switch (segment(m, addr, &seg_end)) {
		case FUZZ_PAGE_RW:
			break;
		case FUZZ_PAGE_RO:
			if (write)
				return FUZZ_ACCESS_FAULT;
			break;
		case FUZZ_PAGE_NONE:
		case FUZZ_PAGE_HOLE:
			return FUZZ_ACCESS_FAULT;
		default:
			acc = FUZZ_ACCESS_UNKNOWN;
		}
		addr = seg_end;
	}
	return acc;
}

int fuzz_oracle_table_valid(const struct hmm_bench_flag_table *t)
{
	uint64_t valid = t->flags[HMM_BENCH_FLAG_VALID];

	/* "a non-zero flags[VALID], every flag below bit pfn_shift, ..." */
	if (!valid || t->reserved || t->pfn_shift > HMM_BENCH_MAX_PFN_SHIFT)
		return 0;
	for (int i = 0; i < HMM_BENCH_FLAG_MAX; i++)
		if (t->pfn_shift < 64 && (t->flags[i] & ~((1ULL << t->pfn_shift) - 1)))
			return 0;
	/* "... and no value that contains all of flags[VALID]" */
	for (int i = 0; i < HMM_BENCH_VALUE_MAX; i++)
		if ((t->values[i] & valid) == valid)
			return 0;
	return 1;
}

int fuzz_oracle_wants_write(const struct hmm_bench_run *run, const uint8_t *bitmap, uint64_t page)
{
	switch (run->write_pattern) {
	case HMM_BENCH_WRITE_ALL:
		return 1;
	case HMM_BENCH_WRITE_ALTERNATE:
		return !(page & 1);
	case HMM_BENCH_WRITE_EVERY_NTH:
		return run->write_every && page % run->write_every == 0;
	case HMM_BENCH_WRITE_BITMAP:
		if (!bitmap)
			return -1;
		return !!(bitmap[page / 8] & (1U << (page % 8)));
	default:
		return 0;
	}
}

static void add_cause(struct fuzz_expect *e, enum fuzz_path path)
{
	if (e->nr_causes < FUZZ_MAX_CAUSES)
		e->causes[e->nr_causes++] = path;
	e->allowed |= FUZZ_BIT(fuzz_oracle_paths[path].outcome);
}

static void check_pattern(const struct hmm_bench_run *run, uint64_t nr_pages,
			  struct fuzz_expect *e)
{
	if (run->op == HMM_BENCH_OP_SNAPSHOT) {
		if (run->write_pattern != HMM_BENCH_WRITE_NONE)
			add_cause(e, FUZZ_RUN_PATTERN_SNAPSHOT);
		return;
	}
	if (run->op != HMM_BENCH_OP_FAULT)
		return;
	switch (run->write_pattern) {
	case HMM_BENCH_WRITE_NONE:
	case HMM_BENCH_WRITE_ALL:
	case HMM_BENCH_WRITE_ALTERNATE:
		break;
	case HMM_BENCH_WRITE_EVERY_NTH:
		if (!run->write_every)
			add_cause(e, FUZZ_RUN_EVERY_ZERO);
		break;
	case HMM_BENCH_WRITE_BITMAP:
		if (run->bitmap_bytes > HMM_BENCH_MAX_BITMAP_BYTES)
			add_cause(e, FUZZ_RUN_BITMAP_BIG);
		else if (run->bitmap_bytes < (nr_pages + 7) / 8)
			add_cause(e, FUZZ_RUN_BITMAP_SHORT);
		break;
	default:
		add_cause(e, FUZZ_RUN_PATTERN_UNKNOWN);
	}
}

/*
 * "An input field that the run does not use (see each field) must be zero":
 * the table fields without a table format (user_table also with a built-in
 * table), write_every and the bitmap for other patterns, entries_bytes
 * without entries_ptr.
 */
static int unused_nonzero(const struct hmm_bench_run *run, int uses_table)
{
	static const struct hmm_bench_flag_table zero_table;
	int user_table = uses_table && run->table == HMM_BENCH_TABLE_USER;

	return (!uses_table && run->table) ||
	       (!user_table && memcmp(&run->user_table, &zero_table, sizeof(zero_table))) ||
	       (run->write_pattern != HMM_BENCH_WRITE_EVERY_NTH && run->write_every) ||
	       (run->write_pattern != HMM_BENCH_WRITE_BITMAP && (run->bitmap_ptr || run->bitmap_bytes)) ||
	       (!run->entries_ptr && run->entries_bytes);
}

/* Every rule checked before any work; true when the call breaks one. */
static int check_static(const struct fuzz_memory *m, const struct hmm_bench_run *run,
			struct fuzz_expect *e)
{
	uint64_t nr_pages = run->len / FUZZ_PAGE_SIZE, end;
	int uses_table = run->format == HMM_BENCH_FORMAT_CONVERT ||
			 run->format == HMM_BENCH_FORMAT_TABLE;

	if (run->flags)
		add_cause(e, FUZZ_RUN_FLAGS);
	if (run->op != HMM_BENCH_OP_SNAPSHOT && run->op != HMM_BENCH_OP_FAULT)
		add_cause(e, FUZZ_RUN_OP);
	if (run->format != HMM_BENCH_FORMAT_FIXED && !uses_table)
		add_cause(e, FUZZ_RUN_FORMAT);
	else if (run->format == HMM_BENCH_FORMAT_TABLE && !m->flag_table)
		add_cause(e, FUZZ_RUN_TABLE_UNSUPPORTED);
	if ((run->addr | run->len) % FUZZ_PAGE_SIZE)
		add_cause(e, FUZZ_RUN_ALIGN);
	if (!run->len)
		add_cause(e, FUZZ_RUN_LEN_ZERO);
	if (run->len > HMM_BENCH_MAX_LEN)
		add_cause(e, FUZZ_RUN_LEN_BIG);
	if (__builtin_add_overflow(run->addr, run->len, &end))
		add_cause(e, FUZZ_RUN_OVERFLOW);
	else if (end > m->task_size)
		add_cause(e, FUZZ_RUN_BEYOND_USER);
	if (!run->nr_samples)
		add_cause(e, FUZZ_RUN_SAMPLES_ZERO);
	if (run->nr_samples > HMM_BENCH_MAX_SAMPLES)
		add_cause(e, FUZZ_RUN_SAMPLES_BIG);
	if (run->warmup > HMM_BENCH_MAX_WARMUP)
		add_cause(e, FUZZ_RUN_WARMUP_BIG);
	check_pattern(run, nr_pages, e);
	if (uses_table) {
		if (run->table == HMM_BENCH_TABLE_USER) {
			if (!fuzz_oracle_table_valid(&run->user_table))
				add_cause(e, FUZZ_RUN_USER_TABLE);
		} else if (run->table >= m->nr_tables) {
			add_cause(e, FUZZ_RUN_TABLE_INDEX);
		}
	}
	if (unused_nonzero(run, uses_table))
		add_cause(e, FUZZ_RUN_UNUSED);
	if (run->entries_ptr) {
		if (!m->privileged)
			add_cause(e, FUZZ_RUN_ENTRIES_PERM);
		if (run->entries_bytes < nr_pages * 8)
			add_cause(e, FUZZ_RUN_ENTRIES_SHORT);
	}
	return e->nr_causes > 0;
}

/* Whether any page in [first, last) of the range gets a write request: 1, 0, or -1 unknown. */
static int any_write(const struct hmm_bench_run *run, const uint8_t *bitmap, uint64_t first,
		     uint64_t last)
{
	uint64_t n = run->write_every;

	switch (run->write_pattern) {
	case HMM_BENCH_WRITE_ALL:
		return 1;
	case HMM_BENCH_WRITE_ALTERNATE:
		return last - first >= 2 || !(first & 1);
	case HMM_BENCH_WRITE_EVERY_NTH:
		return (first + n - 1) / n * n < last;
	case HMM_BENCH_WRITE_BITMAP:
		if (!bitmap)
			return -1;
		for (uint64_t p = first; p < last; p++)
			if (fuzz_oracle_wants_write(run, bitmap, p))
				return 1;
		return 0;
	default:
		return 0;
	}
}

/* Pages of [0, n) with a write request (a known bitmap, or a formula). */
static uint64_t count_writes(const struct hmm_bench_run *run, const uint8_t *bitmap, uint64_t n)
{
	uint64_t count = 0;

	switch (run->write_pattern) {
	case HMM_BENCH_WRITE_ALL:
		return n;
	case HMM_BENCH_WRITE_ALTERNATE:
		return (n + 1) / 2;
	case HMM_BENCH_WRITE_EVERY_NTH:
		return (n + run->write_every - 1) / run->write_every;
	case HMM_BENCH_WRITE_BITMAP:
		for (uint64_t p = 0; bitmap && p < n; p++)
			count += fuzz_oracle_wants_write(run, bitmap, p);
		return count;
	default:
		return 0;
	}
}

/*
 * The walk over the range, page kind by page kind. SNAPSHOT never fails on
 * memory (holes and PROT_NONE become error entries); FAULT fails on holes,
 * PROT_NONE and write requests on read-only mappings. Memory the fuzzer does
 * not own, or that another thread churns, may do anything the UAPI allows.
 */
static void expect_walk(const struct fuzz_memory *m, const struct hmm_bench_run *run,
			const uint8_t *bitmap, struct fuzz_expect *e)
{
	int fault = run->op == HMM_BENCH_OP_FAULT;
	uint64_t addr = run->addr, end = run->addr + run->len;

	while (addr < end) {
		uint64_t seg_end, first = (addr - run->addr) / FUZZ_PAGE_SIZE, last;
		enum fuzz_page page = segment(m, addr, &seg_end);
		int w;

		if (seg_end > end)
			seg_end = end;
		last = (seg_end - run->addr) / FUZZ_PAGE_SIZE;
		switch (page) {
		case FUZZ_PAGE_RW:
			break;
		case FUZZ_PAGE_RO:
			w = fault ? any_write(run, bitmap, first, last) : 0;
			if (w > 0)
				add_cause(e, FUZZ_RUN_WRITE_READONLY);
			else if (w < 0)
				e->allowed |= FUZZ_BIT(FUZZ_EPERM);
			break;
		case FUZZ_PAGE_NONE:
		case FUZZ_PAGE_HOLE:
			if (fault)
				add_cause(e, page == FUZZ_PAGE_NONE ? FUZZ_RUN_FAULT_PROT_NONE :
								      FUZZ_RUN_FAULT_HOLE);
			else
				e->expect_errors += last - first;
			break;
		default:
			e->walk_known = 0;
			e->allowed |= FUZZ_BIT(FUZZ_EBUSY);
			if (fault)
				e->allowed |= FUZZ_BIT(FUZZ_EFAULT) | FUZZ_BIT(FUZZ_EPERM);
		}
		addr = seg_end;
	}
	if (e->walk_known && fault)
		e->expect_writes = count_writes(run, bitmap, run->len / FUZZ_PAGE_SIZE);
	if (e->walk_known && !fault && e->expect_errors)
		e->success = FUZZ_RUN_OK_HOLES;
}

static void expect_buffer(const struct fuzz_memory *m, uint64_t ptr, uint64_t len, int write,
			  enum fuzz_path path, struct fuzz_expect *e)
{
	switch (fuzz_oracle_memory_access(m, ptr, len, write)) {
	case FUZZ_ACCESS_FAULT:
		add_cause(e, path);
		break;
	case FUZZ_ACCESS_UNKNOWN:
		e->allowed |= FUZZ_BIT(FUZZ_EFAULT);
		break;
	default:
		break;
	}
}

void fuzz_oracle_expect_run(const struct fuzz_memory *m, const struct hmm_bench_run *run,
		     const uint8_t *bitmap, enum fuzz_access arg_read, enum fuzz_access arg_write,
		     struct fuzz_expect *e)
{
	uint64_t nr_pages = run->len / FUZZ_PAGE_SIZE;

	memset(e, 0, sizeof(*e));
	e->success = FUZZ_RUN_OK;
	e->walk_known = 1;	/* until the walk meets memory of unknown state */
	if (arg_read == FUZZ_ACCESS_FAULT) {
		add_cause(e, FUZZ_RUN_ARG_FAULT);
		return;
	}
	if (check_static(m, run, e))
		return;

	if (run->op == HMM_BENCH_OP_FAULT && run->write_pattern == HMM_BENCH_WRITE_BITMAP)
		expect_buffer(m, run->bitmap_ptr, (nr_pages + 7) / 8, 0, FUZZ_RUN_BITMAP_FAULT, e);
	expect_walk(m, run, bitmap, e);
	expect_buffer(m, run->samples_ptr,
		      (uint64_t)run->nr_samples * sizeof(struct hmm_bench_sample), 1,
		      FUZZ_RUN_SAMPLES_FAULT, e);
	if (run->entries_ptr)
		expect_buffer(m, run->entries_ptr, nr_pages * 8, 1, FUZZ_RUN_ENTRIES_FAULT, e);
	if (arg_write == FUZZ_ACCESS_FAULT)
		add_cause(e, FUZZ_RUN_ARG_READONLY);
	else if (arg_write == FUZZ_ACCESS_UNKNOWN)
		e->allowed |= FUZZ_BIT(FUZZ_EFAULT);
	/* Allocations sized from valid input can still fail. */
	e->allowed |= FUZZ_BIT(FUZZ_ENOMEM);
	if (!e->nr_causes)
		e->allowed |= FUZZ_BIT(FUZZ_OK);
}

void fuzz_oracle_expect_info(enum fuzz_access arg_write, struct fuzz_expect *e)
{
	memset(e, 0, sizeof(*e));
	e->success = FUZZ_INFO_OK;
	if (arg_write == FUZZ_ACCESS_FAULT)
		add_cause(e, FUZZ_INFO_FAULT);
	else
		e->allowed |= FUZZ_BIT(FUZZ_OK);
	if (arg_write == FUZZ_ACCESS_UNKNOWN)
		e->allowed |= FUZZ_BIT(FUZZ_EFAULT);
}

void fuzz_oracle_expect_table(const struct fuzz_memory *m, const struct hmm_bench_table_query *q,
		       enum fuzz_access arg_read, enum fuzz_access arg_write,
		       struct fuzz_expect *e)
{
	memset(e, 0, sizeof(*e));
	e->success = FUZZ_TABLE_OK;
	if (arg_read == FUZZ_ACCESS_FAULT) {
		add_cause(e, FUZZ_TABLE_FAULT);
		return;
	}
	if (q->reserved)
		add_cause(e, FUZZ_TABLE_RESERVED);
	if (q->index >= m->nr_tables)
		add_cause(e, FUZZ_TABLE_INDEX);
	if (e->nr_causes)
		return;
	if (arg_write == FUZZ_ACCESS_FAULT)
		add_cause(e, FUZZ_TABLE_FAULT);
	else
		e->allowed |= FUZZ_BIT(FUZZ_OK);
	if (arg_write == FUZZ_ACCESS_UNKNOWN)
		e->allowed |= FUZZ_BIT(FUZZ_EFAULT);
}

void fuzz_oracle_expect_unknown(struct fuzz_expect *e)
{
	memset(e, 0, sizeof(*e));
	add_cause(e, FUZZ_UNKNOWN_CMD);
}
