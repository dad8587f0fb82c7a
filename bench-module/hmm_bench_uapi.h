/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hmm_bench_uapi.h - the one interface between hmm_bench.ko and the hmmbench
 * runner. Every ioctl number, structure and limit lives here; both sides
 * include this file, neither redefines anything in it.
 *
 * Every structure is made of naturally aligned __u64/__u32 fields only, so
 * 32-bit callers see the same layout (the module uses compat_ptr_ioctl).
 */
#ifndef _UAPI_HMM_BENCH_H
#define _UAPI_HMM_BENCH_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * Bumped on any incompatible change to the structures or semantics below.
 * 2: raw FORMAT_FIXED entries in the HMM_BENCH_ENTRY_* encoding, not the
 * kernel's HMM pfn layout; the unused input fields of a run must be zero.
 */
#define HMM_BENCH_ABI_VERSION		2

#define HMM_BENCH_DEVICE_NAME		"hmm_bench"
#define HMM_BENCH_DEVICE_PATH		"/dev/hmm_bench"

/*
 * Limits. The module sizes every allocation from validated input, and these
 * bound it: one call mirrors at most 4 GiB (1 Mi entries of 8 bytes, so the
 * output, request and device-format arrays are 8 MiB each at most).
 */
#define HMM_BENCH_MAX_LEN		_BITULL(32)
#define HMM_BENCH_MAX_SAMPLES		65536U
#define HMM_BENCH_MAX_WARMUP		65536U
/* One bit per 4 KiB page of the longest range. */
#define HMM_BENCH_MAX_BITMAP_BYTES	(HMM_BENCH_MAX_LEN / 4096 / 8)
/* hmm_pfn_to_map_order() yields 5 bits. */
#define HMM_BENCH_NR_ORDERS		32
/* A device pfn shifted by pfn_shift must still fit 64 bits (52-bit phys). */
#define HMM_BENCH_MAX_PFN_SHIFT		24U
/*
 * Largest value of the module parameter inject_ns_per_page (writes above it
 * fail with -EINVAL): 100 us per page, ample for sensitivity tests.
 */
#define HMM_BENCH_MAX_INJECT_NS_PER_PAGE	100000U
/*
 * Largest value of the module parameter inject_lines_per_page (writes above
 * it fail with -EINVAL), and the buffer its touches read: allocated on the
 * first non-zero write (which fails with -ENOMEM if it cannot be had),
 * four times the default simulated last-level cache, so that every touch
 * is a line that no cache of that size still holds.
 */
#define HMM_BENCH_MAX_INJECT_LINES_PER_PAGE	16U
#define HMM_BENCH_INJECT_BUFFER_BYTES		_BITULL(27)

/* Features reported by GET_INFO. */
/* Output entries carry the mapping order (hmm_pfn_to_map_order()). */
#define HMM_BENCH_FEAT_MAP_ORDER	_BITUL(0)
/* The kernel has the flag-table patch: HMM_BENCH_FORMAT_TABLE works. */
#define HMM_BENCH_FEAT_FLAG_TABLE	_BITUL(1)
/* This caller may read raw output entries (needs CAP_SYS_ADMIN). */
#define HMM_BENCH_FEAT_RAW_ENTRIES	_BITUL(2)
/* A known cost is injected into every sample: info.inject_ns_per_page or _lines_per_page. */
#define HMM_BENCH_FEAT_INJECT		_BITUL(3)

/*
 * Simulation windows (hmmbench's QEMU plugin, sim-plugin/): each timed
 * driver-loop call starts with "nopl HMM_BENCH_SIM_MARK_START(%rax)" and
 * ends with "nopl HMM_BENCH_SIM_MARK_END(%rax)" on x86-64, 7-byte NOPs
 * (0f 1f 80 and the displacement, little-endian) that the plugin
 * recognises by their bytes when QEMU translates them. On hardware they
 * cost what any NOP costs.
 */
#define HMM_BENCH_SIM_MARK_START	0x53484d48	/* "HMHS" */
#define HMM_BENCH_SIM_MARK_END		0x45484d48	/* "HMHE" */

/* How samples are timed. */
#define HMM_BENCH_CLOCK_KTIME_MONO	1	/* ktime_get_ns(), CLOCK_MONOTONIC */

/* Operations: what a driver asks hmm_range_fault() to do. */
#define HMM_BENCH_OP_SNAPSHOT		1	/* no fault requests (hmm_vma_get_pfns) */
#define HMM_BENCH_OP_FAULT		2	/* HMM_PFN_REQ_FAULT on every page */

/* Device formats: which entries the driver ends up with. */
#define HMM_BENCH_FORMAT_FIXED		1	/* stock HMM pfns as returned */
#define HMM_BENCH_FORMAT_CONVERT	2	/* stock walk, then the driver's conversion pass */
#define HMM_BENCH_FORMAT_TABLE		3	/* HMM writes the table's format (kernel patch) */

/* Per-page write requests, for HMM_BENCH_OP_FAULT only. */
#define HMM_BENCH_WRITE_NONE		0	/* read faults only */
#define HMM_BENCH_WRITE_ALL		1	/* every page HMM_PFN_REQ_WRITE */
#define HMM_BENCH_WRITE_ALTERNATE	2	/* pages 0, 2, 4, ... */
#define HMM_BENCH_WRITE_EVERY_NTH	3	/* pages 0, n, 2n, ... (write_every = n) */
#define HMM_BENCH_WRITE_BITMAP		4	/* bit i of the caller's bitmap = page i */

/*
 * Raw entries of HMM_BENCH_FORMAT_FIXED (run.entries_ptr): one __u64 per
 * page in this encoding, whatever layout the running kernel gives its HMM
 * pfns. The module translates every HMM pfn with the kernel's own helpers
 * (hmm_pfn_to_page(), hmm_pfn_to_map_order()), so user space never depends
 * on kernel-internal bits.
 *
 *   bit 0	HMM_BENCH_ENTRY_VALID: the entry maps a page (HMM_PFN_VALID,
 *		and not HMM_PFN_ERROR)
 *   bit 1	HMM_BENCH_ENTRY_WRITE: the page is writable (HMM_PFN_WRITE)
 *   bit 2	HMM_BENCH_ENTRY_ERROR: the page cannot be mirrored (HMM_PFN_ERROR)
 *   bit 3	HMM_BENCH_ENTRY_DEVICE_PRIVATE: a device-private page
 *   bits 4-8	the mapping order (hmm_pfn_to_map_order()), valid entries only
 *   bits 9-11	zero
 *   bits 12-63	the page frame number, valid entries only
 *
 * An entry with neither VALID nor ERROR maps no page (a SNAPSHOT of a
 * page never touched). The counts of a run (nr_valid, nr_write, nr_error,
 * nr_none, orders[]) are the counts of these entries.
 */
#define HMM_BENCH_ENTRY_VALID		_BITULL(0)
#define HMM_BENCH_ENTRY_WRITE		_BITULL(1)
#define HMM_BENCH_ENTRY_ERROR		_BITULL(2)
#define HMM_BENCH_ENTRY_DEVICE_PRIVATE	_BITULL(3)
#define HMM_BENCH_ENTRY_ORDER_SHIFT	4
#define HMM_BENCH_ENTRY_ORDER_MASK	0x1fULL
#define HMM_BENCH_ENTRY_PFN_SHIFT	12

/* Index of flag_table.flags[], in the order of the 4.17 API. */
#define HMM_BENCH_FLAG_VALID		0
#define HMM_BENCH_FLAG_WRITE		1
#define HMM_BENCH_FLAG_DEVICE_PRIVATE	2
#define HMM_BENCH_FLAG_MAX		3

/* Index of flag_table.values[], in the order of the 4.17 API. */
#define HMM_BENCH_VALUE_ERROR		0
#define HMM_BENCH_VALUE_NONE		1
#define HMM_BENCH_VALUE_SPECIAL		2
#define HMM_BENCH_VALUE_MAX		3

/* run.table: use run.user_table instead of a built-in table. */
#define HMM_BENCH_TABLE_USER		0xffffffffU
#define HMM_BENCH_TABLE_NAME_LEN	16

/**
 * struct hmm_bench_flag_table - a device's page-table entry format
 * @flags: bits OR-ed into a valid entry (VALID always, WRITE, DEVICE_PRIVATE)
 * @values: whole-entry values for ERROR, NONE (no page) and SPECIAL
 * @pfn_shift: the pfn sits at this bit
 * @reserved: must be zero
 *
 * A valid table has a non-zero flags[VALID], every flag below bit pfn_shift,
 * pfn_shift <= HMM_BENCH_MAX_PFN_SHIFT, and no value that contains all of
 * flags[VALID] (so no value decodes as a page).
 */
struct hmm_bench_flag_table {
	__u64 flags[HMM_BENCH_FLAG_MAX];
	__u64 values[HMM_BENCH_VALUE_MAX];
	__u32 pfn_shift;
	__u32 reserved;
};

/**
 * struct hmm_bench_info - HMM_BENCH_IOC_GET_INFO
 * @abi_version: HMM_BENCH_ABI_VERSION of the loaded module
 * @features: HMM_BENCH_FEAT_* bits
 * @page_shift: PAGE_SHIFT of the kernel
 * @nr_tables: number of built-in flag tables (HMM_BENCH_IOC_GET_TABLE)
 * @clock: HMM_BENCH_CLOCK_* used for samples
 * @max_samples: HMM_BENCH_MAX_SAMPLES
 * @max_len: HMM_BENCH_MAX_LEN
 * @max_warmup: HMM_BENCH_MAX_WARMUP
 * @max_bitmap_bytes: HMM_BENCH_MAX_BITMAP_BYTES
 * @inject_ns_per_page: the module parameter of that name: every timed call
 *	of a run started now busy-waits this many ns per page of its range
 *	after hmm_range_fault() (and the conversion pass), a known extra cost
 *	for measuring the harness's sensitivity; 0 (the default) = none
 * @inject_lines_per_page: the module parameter of that name: every timed
 *	call of a run started now then reads this many cache lines per page
 *	of its range from a buffer of HMM_BENCH_INJECT_BUFFER_BYTES, each
 *	line one the last calls did not read (a memory cost of few
 *	instructions, for the cache simulation); 0 (the default) = none
 * @reserved: zero
 * @kernel_release: utsname release of the running kernel
 * @build_release: UTS_RELEASE the module was built against
 * @module_version: the module's version string
 */
struct hmm_bench_info {
	__u32 abi_version;
	__u32 features;
	__u32 page_shift;
	__u32 nr_tables;
	__u32 clock;
	__u32 max_samples;
	__u64 max_len;
	__u32 max_warmup;
	__u32 max_bitmap_bytes;
	__u64 inject_ns_per_page;
	__u64 inject_lines_per_page;
	__u64 reserved[2];
	char kernel_release[72];
	char build_release[72];
	char module_version[32];
};

/**
 * struct hmm_bench_table_query - HMM_BENCH_IOC_GET_TABLE
 * @index: in: built-in table index, below info.nr_tables (else -EINVAL)
 * @reserved: in: must be zero
 * @name: out: NUL-terminated short name ("v416", "nouveau", "amdgpu")
 * @table: out: the table
 */
struct hmm_bench_table_query {
	__u32 index;
	__u32 reserved;
	char name[HMM_BENCH_TABLE_NAME_LEN];
	struct hmm_bench_flag_table table;
};

/**
 * struct hmm_bench_sample - one timed driver-loop call
 * @total_ns: the whole call: re-arm requests, read_begin, mmap lock,
 *	hmm_range_fault() (and its -EBUSY retries), driver lock, read_retry,
 *	for HMM_BENCH_FORMAT_CONVERT the conversion pass, and the injected
 *	cost when inject_ns_per_page is set
 * @convert_ns: the conversion pass alone (0 unless FORMAT_CONVERT)
 * @ebusy: -EBUSY returns of hmm_range_fault() within this call
 * @read_retry: mmu_interval_read_retry() hits within this call
 */
struct hmm_bench_sample {
	__u64 total_ns;
	__u64 convert_ns;
	__u32 ebusy;
	__u32 read_retry;
};

/**
 * struct hmm_bench_run - HMM_BENCH_IOC_RUN: time hmm_range_fault() on
 *	[addr, addr + len) of the calling process
 *
 * In:
 * @addr: page aligned user address
 * @len: page aligned, 1 page .. HMM_BENCH_MAX_LEN
 * @op: HMM_BENCH_OP_*
 * @format: HMM_BENCH_FORMAT_*
 * @table: built-in table index, or HMM_BENCH_TABLE_USER (CONVERT/TABLE only;
 *	zero for FORMAT_FIXED)
 * @write_pattern: HMM_BENCH_WRITE_* (must be NONE for SNAPSHOT). Every
 *	requested page comes back writable; stock hmm_range_fault() may make
 *	more pages writable than asked, as it faults from the first page that
 *	needs a fault to the end of its walk step with that page's fault kind
 * @write_every: n for HMM_BENCH_WRITE_EVERY_NTH (>= 1); zero for any other
 *	pattern
 * @flags: must be zero
 * @warmup: untimed calls before the samples, 0 .. HMM_BENCH_MAX_WARMUP
 * @nr_samples: timed calls, 1 .. HMM_BENCH_MAX_SAMPLES
 * @samples_ptr: user array of @nr_samples struct hmm_bench_sample
 * @bitmap_ptr: write-request bitmap for HMM_BENCH_WRITE_BITMAP: page i is
 *	bit (i % 8) of byte (i / 8); zero for any other pattern
 * @bitmap_bytes: its size: at least len / PAGE_SIZE bits, at most
 *	HMM_BENCH_MAX_BITMAP_BYTES; zero for any other pattern
 * @entries_ptr: optional (0 = none) user array receiving the last sample's
 *	output entries, one __u64 per page, in the run's format: the
 *	HMM_BENCH_ENTRY_* encoding for FORMAT_FIXED, the flag table's for
 *	CONVERT and TABLE (needs CAP_SYS_ADMIN: physical addresses)
 * @entries_bytes: its size, at least len / PAGE_SIZE * 8; zero without
 *	@entries_ptr
 * @user_table: the table for HMM_BENCH_TABLE_USER; all zero otherwise
 *
 * An input field that the run does not use (see each field) must be zero,
 * or the run fails with -EINVAL: a later ABI may give it a meaning. The
 * output fields below are ignored on input.
 *
 * Out (from the last sample's output):
 * @nr_pages: len / PAGE_SIZE
 * @nr_valid: entries mapping a page
 * @nr_write: of those, entries with write permission
 * @nr_error: error entries (holes, PROT_NONE, special mappings in SNAPSHOT)
 * @nr_none: entries with neither a page nor an error
 * @ebusy_total: -EBUSY returns over warm-up and samples
 * @read_retry_total: read_retry hits over warm-up and samples
 * @orders: pages per mapping order (FEAT_MAP_ORDER; zero for FORMAT_TABLE)
 * @reserved: zero
 *
 * Errors: -EINVAL bad op, format, pattern, flags, table, alignment, zero
 * length or samples, overflow, short bitmap or entries buffer, or a
 * non-zero unused input field; -E2BIG len, nr_samples, warmup or
 * bitmap_bytes over its limit; -EFAULT bad pointer, range outside user
 * space, or a fault request on an unmapped or inaccessible page (SNAPSHOT
 * returns 0 there and counts those pages in @nr_error); -EPERM raw entries
 * without CAP_SYS_ADMIN, or a write request on a mapping without write
 * permission; -EOPNOTSUPP FORMAT_TABLE without the kernel patch; -EBUSY
 * invalidations kept the walk from completing within
 * HMM_RANGE_DEFAULT_TIMEOUT; -EINTR fatal signal;
 * -ENOMEM.
 */
struct hmm_bench_run {
	__u64 addr;
	__u64 len;
	__u32 op;
	__u32 format;
	__u32 table;
	__u32 write_pattern;
	__u32 write_every;
	__u32 flags;
	__u32 warmup;
	__u32 nr_samples;
	__u64 samples_ptr;
	__u64 bitmap_ptr;
	__u64 bitmap_bytes;
	__u64 entries_ptr;
	__u64 entries_bytes;
	struct hmm_bench_flag_table user_table;

	__u64 nr_pages;
	__u64 nr_valid;
	__u64 nr_write;
	__u64 nr_error;
	__u64 nr_none;
	__u64 ebusy_total;
	__u64 read_retry_total;
	__u64 orders[HMM_BENCH_NR_ORDERS];
	__u64 reserved[4];
};

#define HMM_BENCH_IOC_MAGIC		'H'
#define HMM_BENCH_IOC_GET_INFO		_IOR(HMM_BENCH_IOC_MAGIC, 0xb0, struct hmm_bench_info)
#define HMM_BENCH_IOC_GET_TABLE		_IOWR(HMM_BENCH_IOC_MAGIC, 0xb1, \
					      struct hmm_bench_table_query)
#define HMM_BENCH_IOC_RUN		_IOWR(HMM_BENCH_IOC_MAGIC, 0xb2, struct hmm_bench_run)

/**
 * hmm_bench_table_valid() - the rules of struct hmm_bench_flag_table
 * @t: the table to check
 *
 * Returns: 1 when @t is a table both sides accept, 0 otherwise.
 */
static inline int hmm_bench_table_valid(const struct hmm_bench_flag_table *t)
{
	__u64 valid = t->flags[HMM_BENCH_FLAG_VALID];
	int i;

	if (!valid || t->reserved || t->pfn_shift > HMM_BENCH_MAX_PFN_SHIFT)
		return 0;
	for (i = 0; i < HMM_BENCH_FLAG_MAX; i++)
		if (t->flags[i] >> t->pfn_shift)
			return 0;
	for (i = 0; i < HMM_BENCH_VALUE_MAX; i++)
		if ((t->values[i] & valid) == valid)
			return 0;
	return 1;
}

/*
 * Encoding and decoding of one entry in a flag-table format. The module's
 * conversion pass and the runner's checks both use these, so the format has
 * exactly one definition.
 */
static inline __u64 hmm_bench_table_encode_page(const struct hmm_bench_flag_table *t,
						__u64 pfn, int write, int device_private)
{
	__u64 entry = (pfn << t->pfn_shift) | t->flags[HMM_BENCH_FLAG_VALID];

	if (write)
		entry |= t->flags[HMM_BENCH_FLAG_WRITE];
	if (device_private)
		entry |= t->flags[HMM_BENCH_FLAG_DEVICE_PRIVATE];
	return entry;
}

/**
 * hmm_bench_table_decode() - read one entry of a flag-table format
 * @t: the table describing the format
 * @entry: the entry to read
 * @pfn: out: the page frame number, for a page
 * @write: out: whether the page is writable, for a page
 * @device_private: out: whether the page is device private, for a page
 * @value: out: the HMM_BENCH_VALUE_* index, or -1, for anything else
 *
 * Returns: 1 and fills *pfn, *write, *device_private when the entry maps a
 * page; otherwise 0 and *value is the HMM_BENCH_VALUE_* index it equals, or
 * -1 when it equals none of them.
 */
static inline int hmm_bench_table_decode(const struct hmm_bench_flag_table *t, __u64 entry,
					 __u64 *pfn, int *write, int *device_private, int *value)
{
	__u64 valid = t->flags[HMM_BENCH_FLAG_VALID];
	int i;

	for (i = 0; i < HMM_BENCH_VALUE_MAX; i++) {
		if (entry == t->values[i]) {
			*value = i;
			return 0;
		}
	}
	if ((entry & valid) != valid) {
		*value = -1;
		return 0;
	}
	*pfn = entry >> t->pfn_shift;
	*write = t->flags[HMM_BENCH_FLAG_WRITE] &&
		 (entry & t->flags[HMM_BENCH_FLAG_WRITE]) == t->flags[HMM_BENCH_FLAG_WRITE];
	*device_private = t->flags[HMM_BENCH_FLAG_DEVICE_PRIVATE] &&
			  (entry & t->flags[HMM_BENCH_FLAG_DEVICE_PRIVATE]) ==
			  t->flags[HMM_BENCH_FLAG_DEVICE_PRIVATE];
	return 1;
}

/**
 * hmm_bench_entry_encode() - build one raw FORMAT_FIXED entry
 * @pfn: the page frame number of a valid entry, else 0
 * @order: the mapping order of a valid entry (below HMM_BENCH_NR_ORDERS), else 0
 * @flags: HMM_BENCH_ENTRY_VALID, _WRITE, _ERROR and _DEVICE_PRIVATE bits
 *
 * Returns: the entry in the HMM_BENCH_ENTRY_* encoding.
 */
static inline __u64 hmm_bench_entry_encode(__u64 pfn, unsigned int order, __u64 flags)
{
	return (pfn << HMM_BENCH_ENTRY_PFN_SHIFT) |
	       ((__u64)order & HMM_BENCH_ENTRY_ORDER_MASK) << HMM_BENCH_ENTRY_ORDER_SHIFT |
	       flags;
}

/**
 * hmm_bench_entry_pfn() - the page frame number of a raw FORMAT_FIXED entry
 * @entry: an entry with HMM_BENCH_ENTRY_VALID
 *
 * Returns: the pfn (0 for an entry that maps no page).
 */
static inline __u64 hmm_bench_entry_pfn(__u64 entry)
{
	return entry >> HMM_BENCH_ENTRY_PFN_SHIFT;
}

/**
 * hmm_bench_entry_order() - the mapping order of a raw FORMAT_FIXED entry
 * @entry: an entry with HMM_BENCH_ENTRY_VALID
 *
 * Returns: the order: the page is part of a mapping of 1 << order pages.
 */
static inline unsigned int hmm_bench_entry_order(__u64 entry)
{
	return (entry >> HMM_BENCH_ENTRY_ORDER_SHIFT) & HMM_BENCH_ENTRY_ORDER_MASK;
}

#endif /* _UAPI_HMM_BENCH_H */
