// SPDX-License-Identifier: GPL-2.0
/*
 * test_ioctl_errors: every documented error of /dev/hmm_bench, one test per
 * bad input, plus a few valid runs whose counts must add up. Runs as root
 * in a guest with hmm_bench.ko loaded (runners/qemu/guest-run.sh).
 *
 * Errors are compared as -errno, so a failure prints e.g.
 * "run_ioctl(&r) == -14, want -22" (-EFAULT instead of -EINVAL).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "hmm_bench_uapi.h"

#define NR_PAGES	16
#define NR_SAMPLES	3
#define UNPRIVILEGED_UID 65534
/* A kernel (direct map) address on x86-64. */
#define KERNEL_ADDR	0xffff888000000000ULL

static int dev_fd = -1;
static size_t page_size;
/* NR_PAGES writable 4 KiB pages, populated by writing to them. */
static char *populated;
static struct hmm_bench_sample samples[NR_SAMPLES];
static uint64_t entries[NR_PAGES];

static uint64_t ptr_u64(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* NR_PAGES fresh anonymous 4 KiB pages (no THP), untouched. */
static char *map_pages(size_t nr, int prot)
{
	char *p = mmap(NULL, nr * page_size, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	madvise(p, nr * page_size, MADV_NOHUGEPAGE);
	return p;
}

/* A valid SNAPSHOT of the populated buffer; each test breaks one field. */
static struct hmm_bench_run good_run(void)
{
	struct hmm_bench_run r = {
		.addr = ptr_u64(populated),
		.len = NR_PAGES * page_size,
		.op = HMM_BENCH_OP_SNAPSHOT,
		.format = HMM_BENCH_FORMAT_FIXED,
		.nr_samples = NR_SAMPLES,
		.samples_ptr = ptr_u64(samples),
	};
	return r;
}

static struct hmm_bench_run good_fault(int pattern)
{
	struct hmm_bench_run r = good_run();

	r.op = HMM_BENCH_OP_FAULT;
	r.write_pattern = pattern;
	return r;
}

/* 0 or -errno. */
static int run_ioctl(struct hmm_bench_run *r)
{
	return ioctl(dev_fd, HMM_BENCH_IOC_RUN, r) ? -errno : 0;
}

/* The invariants of every successful run. */
static void expect_sane_counts(const struct hmm_bench_run *r)
{
	uint64_t orders = 0;

	EXPECT_EQ_INT(r->nr_pages, r->len / page_size);
	EXPECT_EQ_INT(r->nr_valid + r->nr_error + r->nr_none, r->nr_pages);
	EXPECT(r->nr_write <= r->nr_valid);
	for (int i = 0; i < HMM_BENCH_NR_ORDERS; i++)
		orders += r->orders[i];
	if (r->format != HMM_BENCH_FORMAT_TABLE)
		EXPECT_EQ_INT(orders, r->nr_valid);
	for (uint32_t i = 0; i < r->nr_samples && i < NR_SAMPLES; i++) {
		EXPECT(samples[i].total_ns > 0);
		EXPECT(samples[i].convert_ns <= samples[i].total_ns);
		if (r->format != HMM_BENCH_FORMAT_CONVERT)
			EXPECT_EQ_INT(samples[i].convert_ns, 0);
	}
}

static void expect_run_ok(struct hmm_bench_run *r)
{
	memset(samples, 0, sizeof(samples));
	EXPECT_EQ_INT(run_ioctl(r), 0);
	expect_sane_counts(r);
}

/* Run @fn in a child that dropped root; its exit status is fn()'s result. */
static int as_unprivileged(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setresgid(UNPRIVILEGED_UID, UNPRIVILEGED_UID, UNPRIVILEGED_UID) ||
		    setresuid(UNPRIVILEGED_UID, UNPRIVILEGED_UID, UNPRIVILEGED_UID))
			_exit(255);
		_exit(fn());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* ---- bad pointers ---- */

static void run_arg_null(void)
{
	EXPECT_EQ_INT(ioctl(dev_fd, HMM_BENCH_IOC_RUN, NULL) ? -errno : 0, -EFAULT);
}

static void samples_ptr_null(void)
{
	struct hmm_bench_run r = good_run();

	r.samples_ptr = 0;
	EXPECT_EQ_INT(run_ioctl(&r), -EFAULT);
}

static void samples_ptr_kernel(void)
{
	struct hmm_bench_run r = good_run();

	r.samples_ptr = KERNEL_ADDR;
	EXPECT_EQ_INT(run_ioctl(&r), -EFAULT);
}

static void samples_ptr_read_only(void)
{
	char *ro = map_pages(1, PROT_READ);
	struct hmm_bench_run r = good_run();

	r.samples_ptr = ptr_u64(ro);
	EXPECT_EQ_INT(run_ioctl(&r), -EFAULT);
	munmap(ro, page_size);
}

static void bitmap_ptr_bad(void)
{
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_BITMAP);

	r.bitmap_ptr = 8;
	r.bitmap_bytes = NR_PAGES / 8;
	EXPECT_EQ_INT(run_ioctl(&r), -EFAULT);
}

static void entries_ptr_bad(void)
{
	struct hmm_bench_run r = good_run();

	r.entries_ptr = KERNEL_ADDR;
	r.entries_bytes = sizeof(entries);
	EXPECT_EQ_INT(run_ioctl(&r), -EFAULT);
}

/* ---- the range ---- */

static void addr_unaligned(void)
{
	struct hmm_bench_run r = good_run();

	r.addr += 8;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void len_unaligned(void)
{
	struct hmm_bench_run r = good_run();

	r.len = page_size + 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void len_zero(void)
{
	struct hmm_bench_run r = good_run();

	r.len = 0;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void len_over_max(void)
{
	struct hmm_bench_run r = good_run();

	r.len = HMM_BENCH_MAX_LEN + page_size;
	EXPECT_EQ_INT(run_ioctl(&r), -E2BIG);
}

static void addr_kernel(void)
{
	struct hmm_bench_run r = good_run();

	r.addr = KERNEL_ADDR;
	EXPECT_EQ_INT(run_ioctl(&r), -EFAULT);
}

/* Ends past the user address space of 4- and 5-level paging alike. */
static void range_beyond_task_size(void)
{
	struct hmm_bench_run r = good_run();

	r.addr = (1ULL << 56) - page_size;
	r.len = 2 * page_size;
	EXPECT_EQ_INT(run_ioctl(&r), -EFAULT);
}

static void addr_len_overflow(void)
{
	struct hmm_bench_run r = good_run();

	r.addr = -(uint64_t)page_size;
	r.len = 2 * page_size;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

/* Three pages, the middle one unmapped; the outer ones populated. */
static char *map_with_hole(void)
{
	char *p = map_pages(3, PROT_READ | PROT_WRITE);

	p[0] = 1;
	p[2 * page_size] = 1;
	munmap(p + page_size, page_size);
	return p;
}

static void hole_fault(void)
{
	char *p = map_with_hole();
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_NONE);

	r.addr = ptr_u64(p);
	r.len = 3 * page_size;
	EXPECT_EQ_INT(run_ioctl(&r), -EFAULT);
	munmap(p, 3 * page_size);
}

static void hole_snapshot_counts_error(void)
{
	char *p = map_with_hole();
	struct hmm_bench_run r = good_run();

	r.addr = ptr_u64(p);
	r.len = 3 * page_size;
	expect_run_ok(&r);
	EXPECT_EQ_INT(r.nr_error, 1);
	EXPECT_EQ_INT(r.nr_valid, 2);
	munmap(p, 3 * page_size);
}

static void prot_none_fault(void)
{
	char *p = map_pages(NR_PAGES, PROT_NONE);
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_NONE);

	r.addr = ptr_u64(p);
	EXPECT_EQ_INT(run_ioctl(&r), -EFAULT);
	munmap(p, NR_PAGES * page_size);
}

static void prot_none_snapshot_counts_error(void)
{
	char *p = map_pages(NR_PAGES, PROT_NONE);
	struct hmm_bench_run r = good_run();

	r.addr = ptr_u64(p);
	expect_run_ok(&r);
	EXPECT_EQ_INT(r.nr_error, NR_PAGES);
	munmap(p, NR_PAGES * page_size);
}

static void write_fault_read_only(void)
{
	char *p = map_pages(NR_PAGES, PROT_READ);
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_ALL);

	r.addr = ptr_u64(p);
	EXPECT_EQ_INT(run_ioctl(&r), -EPERM);
	munmap(p, NR_PAGES * page_size);
}

/* ---- operation, format, pattern, flags ---- */

static void op_unknown(void)
{
	struct hmm_bench_run r = good_run();

	r.op = 0;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
	r.op = HMM_BENCH_OP_FAULT + 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void format_unknown(void)
{
	struct hmm_bench_run r = good_run();

	r.format = 0;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
	r.format = HMM_BENCH_FORMAT_TABLE + 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void write_pattern_unknown(void)
{
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_BITMAP + 1);

	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void flags_nonzero(void)
{
	struct hmm_bench_run r = good_run();

	r.flags = 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void write_pattern_on_snapshot(void)
{
	struct hmm_bench_run r = good_run();

	r.write_pattern = HMM_BENCH_WRITE_ALL;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void write_every_zero(void)
{
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_EVERY_NTH);

	r.write_every = 0;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void bitmap_too_short(void)
{
	uint8_t bitmap[NR_PAGES / 8] = { 0 };
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_BITMAP);

	r.bitmap_ptr = ptr_u64(bitmap);
	r.bitmap_bytes = NR_PAGES / 8 - 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void bitmap_oversized(void)
{
	uint8_t bitmap[NR_PAGES / 8] = { 0 };
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_BITMAP);

	r.bitmap_ptr = ptr_u64(bitmap);
	r.bitmap_bytes = HMM_BENCH_MAX_BITMAP_BYTES + 1;
	EXPECT_EQ_INT(run_ioctl(&r), -E2BIG);
}

/* ---- unused input fields: zero, so a later ABI can give them a meaning ---- */

static void unused_table_on_fixed(void)
{
	struct hmm_bench_run r = good_run();

	r.table = 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
	r.table = HMM_BENCH_TABLE_USER;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void unused_user_table_on_fixed(void)
{
	struct hmm_bench_run r = good_run();

	r.user_table.pfn_shift = 12;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
	r = good_run();
	r.user_table.reserved = 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void unused_user_table_with_builtin_table(void)
{
	struct hmm_bench_run r = good_run();

	r.format = HMM_BENCH_FORMAT_CONVERT;
	r.table = 0;
	r.user_table.flags[HMM_BENCH_FLAG_VALID] = 0x1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void unused_write_every(void)
{
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_ALL);

	r.write_every = 2;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
	r = good_run();
	r.write_every = 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void unused_bitmap(void)
{
	uint8_t bitmap[NR_PAGES / 8] = { 0 };
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_ALTERNATE);

	r.bitmap_ptr = ptr_u64(bitmap);
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
	r = good_fault(HMM_BENCH_WRITE_EVERY_NTH);
	r.write_every = 2;
	r.bitmap_bytes = sizeof(bitmap);
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
	r = good_run();
	r.bitmap_ptr = ptr_u64(bitmap);
	r.bitmap_bytes = sizeof(bitmap);
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void unused_entries_bytes(void)
{
	struct hmm_bench_run r = good_run();

	r.entries_bytes = sizeof(entries);
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

/* The output fields are outputs: whatever they hold on input is ignored. */
static void output_fields_ignored_on_input(void)
{
	struct hmm_bench_run r = good_run();

	r.nr_pages = 1;
	r.nr_valid = ~0ULL;
	r.orders[3] = 7;
	r.reserved[0] = 1;
	expect_run_ok(&r);
	EXPECT_EQ_INT(r.nr_valid, NR_PAGES);
	EXPECT_EQ_INT(r.orders[3], 0);
	EXPECT_EQ_INT(r.reserved[0], 0);
}

/* ---- flag tables ---- */

static struct hmm_bench_run user_table_run(void)
{
	struct hmm_bench_run r = good_run();

	r.format = HMM_BENCH_FORMAT_CONVERT;
	r.table = HMM_BENCH_TABLE_USER;
	r.user_table.flags[HMM_BENCH_FLAG_VALID] = 0x1;
	r.user_table.flags[HMM_BENCH_FLAG_WRITE] = 0x2;
	r.user_table.values[HMM_BENCH_VALUE_ERROR] = 0x4;
	r.user_table.values[HMM_BENCH_VALUE_NONE] = 0;
	r.user_table.values[HMM_BENCH_VALUE_SPECIAL] = 0x8;
	r.user_table.pfn_shift = 12;
	return r;
}

static void user_table_valid_flag_zero(void)
{
	struct hmm_bench_run r = user_table_run();

	r.user_table.flags[HMM_BENCH_FLAG_VALID] = 0;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void user_table_reserved_nonzero(void)
{
	struct hmm_bench_run r = user_table_run();

	r.user_table.reserved = 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void user_table_pfn_shift_over_max(void)
{
	struct hmm_bench_run r = user_table_run();

	r.user_table.pfn_shift = HMM_BENCH_MAX_PFN_SHIFT + 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void user_table_flag_at_pfn_shift(void)
{
	struct hmm_bench_run r = user_table_run();

	r.user_table.flags[HMM_BENCH_FLAG_DEVICE_PRIVATE] = 1ULL << r.user_table.pfn_shift;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void user_table_value_decodes_as_page(void)
{
	struct hmm_bench_run r = user_table_run();

	r.user_table.values[HMM_BENCH_VALUE_NONE] = 0x1 | (5ULL << 12);
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void user_table_accepted(void)
{
	struct hmm_bench_run r = user_table_run();

	expect_run_ok(&r);
	EXPECT_EQ_INT(r.nr_valid, NR_PAGES);
	for (int i = 0; i < NR_SAMPLES; i++)
		EXPECT(samples[i].convert_ns > 0);
}

static void table_index_out_of_range(void)
{
	struct hmm_bench_info info = { 0 };
	struct hmm_bench_run r = good_run();

	EXPECT_EQ_INT(ioctl(dev_fd, HMM_BENCH_IOC_GET_INFO, &info), 0);
	r.format = HMM_BENCH_FORMAT_CONVERT;
	r.table = info.nr_tables;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

/* ---- samples, warm-up, entries ---- */

static void samples_zero(void)
{
	struct hmm_bench_run r = good_run();

	r.nr_samples = 0;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static void samples_over_max(void)
{
	struct hmm_bench_run r = good_run();

	r.nr_samples = HMM_BENCH_MAX_SAMPLES + 1;
	EXPECT_EQ_INT(run_ioctl(&r), -E2BIG);
}

static void warmup_over_max(void)
{
	struct hmm_bench_run r = good_run();

	r.warmup = HMM_BENCH_MAX_WARMUP + 1;
	EXPECT_EQ_INT(run_ioctl(&r), -E2BIG);
}

static void entries_too_small(void)
{
	struct hmm_bench_run r = good_run();

	r.entries_ptr = ptr_u64(entries);
	r.entries_bytes = sizeof(entries) - 1;
	EXPECT_EQ_INT(run_ioctl(&r), -EINVAL);
}

static int run_with_entries(void)
{
	struct hmm_bench_run r = good_run();

	r.entries_ptr = ptr_u64(entries);
	r.entries_bytes = sizeof(entries);
	return run_ioctl(&r) == -EPERM ? 0 : 1;
}

static void entries_without_cap_sys_admin(void)
{
	EXPECT_EQ_INT(as_unprivileged(run_with_entries), 0);
}

/* Timings stay allowed to whoever may open the device. */
static int run_without_entries(void)
{
	struct hmm_bench_run r = good_run();
	struct hmm_bench_info info = { 0 };

	if (ioctl(dev_fd, HMM_BENCH_IOC_GET_INFO, &info) ||
	    (info.features & HMM_BENCH_FEAT_RAW_ENTRIES))
		return 1;
	return run_ioctl(&r) == 0 ? 0 : 2;
}

static void timings_without_cap_sys_admin(void)
{
	EXPECT_EQ_INT(as_unprivileged(run_without_entries), 0);
}

static int open_device(void)
{
	int fd = open(HMM_BENCH_DEVICE_PATH, O_RDWR);

	if (fd >= 0)
		return 1;
	return errno == EACCES ? 0 : 2;
}

static void open_as_unprivileged_user(void)
{
	EXPECT_EQ_INT(as_unprivileged(open_device), 0);
}

/* ---- other ioctls ---- */

static void ioctl_cmd_unknown(void)
{
	int dummy = 0;

	EXPECT_EQ_INT(ioctl(dev_fd, _IO(HMM_BENCH_IOC_MAGIC, 0xbf)) ? -errno : 0, -ENOTTY);
	/* A known number with the wrong size is another command. */
	EXPECT_EQ_INT(ioctl(dev_fd, _IOR(HMM_BENCH_IOC_MAGIC, 0xb0, int), &dummy) ? -errno : 0,
		      -ENOTTY);
}

static void format_table_matches_feature(void)
{
	struct hmm_bench_info info = { 0 };
	struct hmm_bench_run r = good_run();

	EXPECT_EQ_INT(ioctl(dev_fd, HMM_BENCH_IOC_GET_INFO, &info), 0);
	r.format = HMM_BENCH_FORMAT_TABLE;
	if (info.features & HMM_BENCH_FEAT_FLAG_TABLE)
		expect_run_ok(&r);
	else
		EXPECT_EQ_INT(run_ioctl(&r), -EOPNOTSUPP);
}

static void get_table_bad_index(void)
{
	struct hmm_bench_table_query q = { .index = 1000 };

	EXPECT_EQ_INT(ioctl(dev_fd, HMM_BENCH_IOC_GET_TABLE, &q) ? -errno : 0, -EINVAL);
}

static void get_table_reserved_nonzero(void)
{
	struct hmm_bench_table_query q = { .index = 0, .reserved = 1 };

	EXPECT_EQ_INT(ioctl(dev_fd, HMM_BENCH_IOC_GET_TABLE, &q) ? -errno : 0, -EINVAL);
}

static void get_info_arg_bad(void)
{
	EXPECT_EQ_INT(ioctl(dev_fd, HMM_BENCH_IOC_GET_INFO, (void *)8) ? -errno : 0, -EFAULT);
}

/* ---- valid runs ---- */

static void get_info_sane(void)
{
	struct hmm_bench_info info = { 0 };

	EXPECT_EQ_INT(ioctl(dev_fd, HMM_BENCH_IOC_GET_INFO, &info), 0);
	EXPECT_EQ_INT(info.abi_version, HMM_BENCH_ABI_VERSION);
	EXPECT_EQ_INT(1UL << info.page_shift, page_size);
	EXPECT_EQ_INT(info.nr_tables, 3);
	EXPECT(info.features & HMM_BENCH_FEAT_MAP_ORDER);
	EXPECT(info.features & HMM_BENCH_FEAT_RAW_ENTRIES);
	EXPECT_EQ_INT(info.clock, HMM_BENCH_CLOCK_KTIME_MONO);
	EXPECT_EQ_INT(info.max_len, HMM_BENCH_MAX_LEN);
	EXPECT_EQ_INT(info.max_samples, HMM_BENCH_MAX_SAMPLES);
	EXPECT_EQ_INT(info.max_warmup, HMM_BENCH_MAX_WARMUP);
	EXPECT_EQ_INT(info.max_bitmap_bytes, HMM_BENCH_MAX_BITMAP_BYTES);
	EXPECT(info.kernel_release[0] != 0);
	EXPECT(!strcmp(info.kernel_release, info.build_release));
	EXPECT(info.module_version[0] != 0);
}

static void get_table_builtin_tables(void)
{
	static const char *const names[] = { "v416", "nouveau", "amdgpu" };

	for (uint32_t i = 0; i < 3; i++) {
		struct hmm_bench_table_query q = { .index = i };

		EXPECT_EQ_INT(ioctl(dev_fd, HMM_BENCH_IOC_GET_TABLE, &q), 0);
		EXPECT(!strcmp(q.name, names[i]));
		EXPECT(hmm_bench_table_valid(&q.table));
	}
}

static void snapshot_populated(void)
{
	struct hmm_bench_run r = good_run();

	/* The fork()s of earlier tests left the pages copy-on-write. */
	memset(populated, 2, NR_PAGES * page_size);
	r.warmup = 2;
	r.entries_ptr = ptr_u64(entries);
	r.entries_bytes = sizeof(entries);
	expect_run_ok(&r);
	EXPECT_EQ_INT(r.nr_valid, NR_PAGES);
	EXPECT_EQ_INT(r.nr_write, NR_PAGES);
	EXPECT_EQ_INT(r.orders[0], NR_PAGES);
	EXPECT_EQ_INT(r.ebusy_total, 0);
	EXPECT_EQ_INT(r.read_retry_total, 0);
	for (int i = 0; i < NR_PAGES; i++) {
		EXPECT(entries[i] & HMM_BENCH_ENTRY_VALID);
		EXPECT(entries[i] & HMM_BENCH_ENTRY_WRITE);
		EXPECT(!(entries[i] & (HMM_BENCH_ENTRY_ERROR | HMM_BENCH_ENTRY_DEVICE_PRIVATE)));
		EXPECT_EQ_INT(hmm_bench_entry_order(entries[i]), 0);
		EXPECT(hmm_bench_entry_pfn(entries[i]) != 0);
	}
}

static void snapshot_unpopulated(void)
{
	char *p = map_pages(NR_PAGES, PROT_READ | PROT_WRITE);
	struct hmm_bench_run r = good_run();

	r.addr = ptr_u64(p);
	expect_run_ok(&r);
	EXPECT_EQ_INT(r.nr_none, NR_PAGES);
	munmap(p, NR_PAGES * page_size);
}

/* The write requests of @r as the UAPI defines them (independently of the module). */
static int write_requested(const struct hmm_bench_run *r, const uint8_t *bitmap, int page)
{
	switch (r->write_pattern) {
	case HMM_BENCH_WRITE_ALL:
		return 1;
	case HMM_BENCH_WRITE_ALTERNATE:
		return page % 2 == 0;
	case HMM_BENCH_WRITE_EVERY_NTH:
		return page % r->write_every == 0;
	case HMM_BENCH_WRITE_BITMAP:
		return (bitmap[page / 8] >> (page % 8)) & 1;
	default:
		return 0;
	}
}

/*
 * A FAULT run on fresh pages: every page valid, every write-requested page
 * writable. Stock hmm_range_fault() may make more pages writable than asked:
 * it faults from the first page needing a fault to the end of the walk step
 * with that page's fault kind, and where no page table exists yet (a hole)
 * with the kind any page of the hole asks for. Whether one exists depends on
 * where mmap() put the pages, so @read_page0 reads page 0 first (mapping
 * the zero page and the page table) when a test needs page 0 left alone.
 * Returns the number of writable pages.
 */
static uint64_t fault_fresh(struct hmm_bench_run *r, const uint8_t *bitmap, int read_page0)
{
	char *p = map_pages(NR_PAGES, PROT_READ | PROT_WRITE);
	uint64_t requested = 0;

	if (read_page0)
		(void)*(volatile char *)p;

	r->addr = ptr_u64(p);
	r->entries_ptr = ptr_u64(entries);
	r->entries_bytes = sizeof(entries);
	expect_run_ok(r);
	EXPECT_EQ_INT(r->nr_valid, NR_PAGES);
	for (int i = 0; i < NR_PAGES; i++) {
		if (!write_requested(r, bitmap, i))
			continue;
		requested++;
		if (!(entries[i] & HMM_BENCH_ENTRY_WRITE))
			fprintf(stderr, "  page %d: write requested, entry %#llx not writable\n", i,
				(unsigned long long)entries[i]);
		EXPECT(entries[i] & HMM_BENCH_ENTRY_WRITE);
	}
	EXPECT(r->nr_write >= requested);
	munmap(p, NR_PAGES * page_size);
	return r->nr_write;
}

/* Read faults map the shared zero page: readable, not writable. */
static void fault_read_unpopulated(void)
{
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_NONE);

	EXPECT_EQ_INT(fault_fresh(&r, NULL, 0), 0);
}

static void fault_write_all(void)
{
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_ALL);

	EXPECT_EQ_INT(fault_fresh(&r, NULL, 0), NR_PAGES);
}

static void fault_write_alternate(void)
{
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_ALTERNATE);

	fault_fresh(&r, NULL, 0);
}

static void fault_write_every_third(void)
{
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_EVERY_NTH);

	r.write_every = 3;
	fault_fresh(&r, NULL, 0);
}

/*
 * Pages 1, 5 and 9 only: page 0, mapped read-only beforehand and not asked
 * for a write, stays read-only (per-page write requests, not per range).
 */
static void fault_write_bitmap(void)
{
	uint8_t bitmap[NR_PAGES / 8] = { 0x22, 0x02 };
	struct hmm_bench_run r = good_fault(HMM_BENCH_WRITE_BITMAP);

	r.bitmap_ptr = ptr_u64(bitmap);
	r.bitmap_bytes = sizeof(bitmap);
	fault_fresh(&r, bitmap, 1);
	EXPECT(!(entries[0] & HMM_BENCH_ENTRY_WRITE));
}

/* Each built-in table's conversion decodes to the stock pfn and write bit. */
static void convert_matches_fixed(void)
{
	uint64_t stock[NR_PAGES];
	struct hmm_bench_run r = good_run();

	r.entries_ptr = ptr_u64(stock);
	r.entries_bytes = sizeof(stock);
	expect_run_ok(&r);
	for (uint32_t t = 0; t < 3; t++) {
		struct hmm_bench_table_query q = { .index = t };

		EXPECT_EQ_INT(ioctl(dev_fd, HMM_BENCH_IOC_GET_TABLE, &q), 0);
		r = good_run();
		r.format = HMM_BENCH_FORMAT_CONVERT;
		r.table = t;
		r.entries_ptr = ptr_u64(entries);
		r.entries_bytes = sizeof(entries);
		expect_run_ok(&r);
		for (int i = 0; i < NR_PAGES; i++) {
			__u64 pfn = 0;
			int write = 0, device_private = 0, value = 0;

			EXPECT_EQ_INT(hmm_bench_table_decode(&q.table, entries[i], &pfn, &write,
							     &device_private, &value), 1);
			EXPECT_EQ_INT(pfn, hmm_bench_entry_pfn(stock[i]));
			EXPECT_EQ_INT(write, !!(stock[i] & HMM_BENCH_ENTRY_WRITE));
			EXPECT_EQ_INT(device_private, 0);
		}
	}
}

/* The longest range is accepted: 1 Mi entries, empty. */
static void len_max_snapshot(void)
{
	char *p = mmap(NULL, HMM_BENCH_MAX_LEN, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		       MAP_NORESERVE, -1, 0);
	struct hmm_bench_run r = good_run();

	EXPECT(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	r.addr = ptr_u64(p);
	r.len = HMM_BENCH_MAX_LEN;
	r.nr_samples = 1;
	expect_run_ok(&r);
	EXPECT_EQ_INT(r.nr_none, HMM_BENCH_MAX_LEN / page_size);
	munmap(p, HMM_BENCH_MAX_LEN);
}

/* A populated, 2 MiB aligned MADV_HUGEPAGE buffer is one order-9 mapping. */
static void snapshot_thp_order9(void)
{
	size_t huge = 2UL << 20;
	char *raw = mmap(NULL, 2 * huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	char *p = (char *)(((uintptr_t)raw + huge - 1) & ~(huge - 1));
	struct hmm_bench_run r = good_run();

	EXPECT(raw != MAP_FAILED);
	if (raw == MAP_FAILED)
		return;
	EXPECT_EQ_INT(madvise(p, huge, MADV_HUGEPAGE), 0);
	memset(p, 1, huge);
	r.addr = ptr_u64(p);
	r.len = huge;
	expect_run_ok(&r);
	EXPECT_EQ_INT(r.orders[9], huge / page_size);
	EXPECT_EQ_INT(r.nr_write, huge / page_size);
	munmap(raw, 2 * huge);
}

#define TEST(fn) { #fn, fn }

static const struct test_case tests[] = {
	TEST(run_arg_null),
	TEST(samples_ptr_null),
	TEST(samples_ptr_kernel),
	TEST(samples_ptr_read_only),
	TEST(bitmap_ptr_bad),
	TEST(entries_ptr_bad),
	TEST(addr_unaligned),
	TEST(len_unaligned),
	TEST(len_zero),
	TEST(len_over_max),
	TEST(addr_kernel),
	TEST(range_beyond_task_size),
	TEST(addr_len_overflow),
	TEST(hole_fault),
	TEST(hole_snapshot_counts_error),
	TEST(prot_none_fault),
	TEST(prot_none_snapshot_counts_error),
	TEST(write_fault_read_only),
	TEST(op_unknown),
	TEST(format_unknown),
	TEST(write_pattern_unknown),
	TEST(flags_nonzero),
	TEST(write_pattern_on_snapshot),
	TEST(write_every_zero),
	TEST(bitmap_too_short),
	TEST(bitmap_oversized),
	TEST(unused_table_on_fixed),
	TEST(unused_user_table_on_fixed),
	TEST(unused_user_table_with_builtin_table),
	TEST(unused_write_every),
	TEST(unused_bitmap),
	TEST(unused_entries_bytes),
	TEST(output_fields_ignored_on_input),
	TEST(user_table_valid_flag_zero),
	TEST(user_table_reserved_nonzero),
	TEST(user_table_pfn_shift_over_max),
	TEST(user_table_flag_at_pfn_shift),
	TEST(user_table_value_decodes_as_page),
	TEST(user_table_accepted),
	TEST(table_index_out_of_range),
	TEST(samples_zero),
	TEST(samples_over_max),
	TEST(warmup_over_max),
	TEST(entries_too_small),
	TEST(entries_without_cap_sys_admin),
	TEST(timings_without_cap_sys_admin),
	TEST(open_as_unprivileged_user),
	TEST(ioctl_cmd_unknown),
	TEST(format_table_matches_feature),
	TEST(get_table_bad_index),
	TEST(get_table_reserved_nonzero),
	TEST(get_info_arg_bad),
	TEST(get_info_sane),
	TEST(get_table_builtin_tables),
	TEST(snapshot_populated),
	TEST(snapshot_unpopulated),
	TEST(fault_read_unpopulated),
	TEST(fault_write_all),
	TEST(fault_write_alternate),
	TEST(fault_write_every_third),
	TEST(fault_write_bitmap),
	TEST(convert_matches_fixed),
	TEST(snapshot_thp_order9),
	TEST(len_max_snapshot),
};

int main(void)
{
	page_size = sysconf(_SC_PAGESIZE);
	dev_fd = open(HMM_BENCH_DEVICE_PATH, O_RDWR);
	if (dev_fd < 0)
		fprintf(stderr, "test_ioctl_errors: cannot open %s: %s (every test will fail)\n",
			HMM_BENCH_DEVICE_PATH, strerror(errno));
	populated = map_pages(NR_PAGES, PROT_READ | PROT_WRITE);
	memset(populated, 1, NR_PAGES * page_size);
	return RUN_TESTS(tests);
}
