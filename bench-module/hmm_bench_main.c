// SPDX-License-Identifier: GPL-2.0
/*
 * hmm_bench_main.c - /dev/hmm_bench: times hmm_range_fault() as a device
 * driver calls it, on a range of the calling process. The interface is
 * hmm_bench_uapi.h; this file checks every input against it before
 * anything is allocated, then hands the run to hmm_bench_loop.c.
 */
#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <generated/utsrelease.h>

#include "hmm_bench.h"

#if !IS_ENABLED(CONFIG_HMM_MIRROR)
#error "hmm_bench needs a kernel with CONFIG_HMM_MIRROR (hmm_range_fault())"
#endif

/*
 * inject_ns_per_page: a known extra cost per page in every timed call, so
 * the runner can measure which changes its verdicts detect. Off (0) by
 * default; writable at runtime through /sys/module/hmm_bench/parameters/;
 * values above HMM_BENCH_MAX_INJECT_NS_PER_PAGE are refused.
 */
static unsigned int inject_ns_per_page;

static int hmm_bench_inject_set(const char *val, const struct kernel_param *kp)
{
	unsigned int ns;
	int ret;

	ret = kstrtouint(val, 0, &ns);
	if (ret)
		return ret;
	if (ns > HMM_BENCH_MAX_INJECT_NS_PER_PAGE)
		return -EINVAL;
	WRITE_ONCE(inject_ns_per_page, ns);
	return 0;
}

static const struct kernel_param_ops hmm_bench_inject_ops = {
	.set = hmm_bench_inject_set,
	.get = param_get_uint,
};

module_param_cb(inject_ns_per_page, &hmm_bench_inject_ops, &inject_ns_per_page, 0644);
MODULE_PARM_DESC(inject_ns_per_page,
		 "extra ns per page busy-waited in every timed call (0 = off, at most 100000)");

u32 hmm_bench_inject_ns_per_page(void)
{
	return READ_ONCE(inject_ns_per_page);
}

/*
 * inject_lines_per_page: a known memory cost per page in every timed call,
 * cache lines read from hmm_bench_inject_buffer (HMM_BENCH_INJECT_BUFFER_BYTES,
 * allocated on the first non-zero write, kept until the module goes). Off
 * (0) by default; values above HMM_BENCH_MAX_INJECT_LINES_PER_PAGE are
 * refused with -EINVAL, a buffer that cannot be had with -ENOMEM.
 */
static unsigned int inject_lines_per_page;
static u8 *hmm_bench_inject_buffer;
static DEFINE_MUTEX(hmm_bench_inject_lock);

static int hmm_bench_inject_lines_set(const char *val, const struct kernel_param *kp)
{
	unsigned int lines;
	u8 *buf;
	int ret;

	ret = kstrtouint(val, 0, &lines);
	if (ret)
		return ret;
	if (lines > HMM_BENCH_MAX_INJECT_LINES_PER_PAGE)
		return -EINVAL;
	mutex_lock(&hmm_bench_inject_lock);
	if (lines && !hmm_bench_inject_buffer) {
		buf = vmalloc(HMM_BENCH_INJECT_BUFFER_BYTES);
		if (!buf) {
			mutex_unlock(&hmm_bench_inject_lock);
			return -ENOMEM;
		}
		/* Readers see the buffer before any non-zero count. */
		smp_store_release(&hmm_bench_inject_buffer, buf);
	}
	WRITE_ONCE(inject_lines_per_page, lines);
	mutex_unlock(&hmm_bench_inject_lock);
	return 0;
}

static const struct kernel_param_ops hmm_bench_inject_lines_ops = {
	.set = hmm_bench_inject_lines_set,
	.get = param_get_uint,
};

module_param_cb(inject_lines_per_page, &hmm_bench_inject_lines_ops, &inject_lines_per_page, 0644);
MODULE_PARM_DESC(inject_lines_per_page,
		 "cache lines per page read from a 128 MiB buffer in every timed call (0 = off, at most 16)");

/**
 * hmm_bench_inject_lines_per_page() - the memory cost a run starting now pays
 * @buffer: set to the buffer the lines are read from when the count is non-zero
 *
 * Return: the module parameter inject_lines_per_page.
 */
u32 hmm_bench_inject_lines_per_page(const u8 **buffer)
{
	u32 lines = READ_ONCE(inject_lines_per_page);

	/* Pairs with the release in hmm_bench_inject_lines_set(). */
	*buffer = smp_load_acquire(&hmm_bench_inject_buffer);
	return *buffer ? lines : 0;
}

static bool hmm_bench_uses_table(const struct hmm_bench_run *run)
{
	return run->format == HMM_BENCH_FORMAT_CONVERT || run->format == HMM_BENCH_FORMAT_TABLE;
}

static int hmm_bench_check_pattern(const struct hmm_bench_run *run, u64 nr_pages)
{
	if (run->op == HMM_BENCH_OP_SNAPSHOT)
		return run->write_pattern == HMM_BENCH_WRITE_NONE ? 0 : -EINVAL;

	switch (run->write_pattern) {
	case HMM_BENCH_WRITE_NONE:
	case HMM_BENCH_WRITE_ALL:
	case HMM_BENCH_WRITE_ALTERNATE:
		return 0;
	case HMM_BENCH_WRITE_EVERY_NTH:
		return run->write_every ? 0 : -EINVAL;
	case HMM_BENCH_WRITE_BITMAP:
		if (run->bitmap_bytes > HMM_BENCH_MAX_BITMAP_BYTES)
			return -E2BIG;
		if (run->bitmap_bytes < DIV_ROUND_UP(nr_pages, 8))
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * The input fields that the run's format, write pattern and entries buffer
 * leave unused must be zero, so that a later ABI can give them a meaning
 * without old callers' leftovers changing what their runs do.
 */
static int hmm_bench_check_unused(const struct hmm_bench_run *run)
{
	bool user_table = hmm_bench_uses_table(run) && run->table == HMM_BENCH_TABLE_USER;

	if (!hmm_bench_uses_table(run) && run->table)
		return -EINVAL;
	if (!user_table && memchr_inv(&run->user_table, 0, sizeof(run->user_table)))
		return -EINVAL;
	if (run->write_pattern != HMM_BENCH_WRITE_EVERY_NTH && run->write_every)
		return -EINVAL;
	if (run->write_pattern != HMM_BENCH_WRITE_BITMAP && (run->bitmap_ptr || run->bitmap_bytes))
		return -EINVAL;
	if (!run->entries_ptr && run->entries_bytes)
		return -EINVAL;
	return 0;
}

/*
 * Every rule of struct hmm_bench_run, in the order of the fields, before
 * any allocation (as mm/gup_test.c does). Pointers are only checked for
 * presence here; copying through them finds the bad ones.
 */
static int hmm_bench_check_run(const struct hmm_bench_run *run)
{
	u64 end, nr_pages;
	int ret;

	if (run->flags)
		return -EINVAL;
	if (run->op != HMM_BENCH_OP_SNAPSHOT && run->op != HMM_BENCH_OP_FAULT)
		return -EINVAL;
	if (run->format != HMM_BENCH_FORMAT_FIXED && !hmm_bench_uses_table(run))
		return -EINVAL;
	if (run->format == HMM_BENCH_FORMAT_TABLE && !hmm_bench_table_supported())
		return -EOPNOTSUPP;

	if (!IS_ALIGNED(run->addr | run->len, PAGE_SIZE) || !run->len)
		return -EINVAL;
	if (run->len > HMM_BENCH_MAX_LEN)
		return -E2BIG;
	if (check_add_overflow(run->addr, run->len, &end))
		return -EINVAL;
	if (end > TASK_SIZE)
		return -EFAULT;
	nr_pages = run->len >> PAGE_SHIFT;

	if (!run->nr_samples)
		return -EINVAL;
	if (run->nr_samples > HMM_BENCH_MAX_SAMPLES || run->warmup > HMM_BENCH_MAX_WARMUP)
		return -E2BIG;

	ret = hmm_bench_check_pattern(run, nr_pages);
	if (ret)
		return ret;
	ret = hmm_bench_check_unused(run);
	if (ret)
		return ret;

	if (hmm_bench_uses_table(run)) {
		if (run->table == HMM_BENCH_TABLE_USER) {
			if (!hmm_bench_table_valid(&run->user_table))
				return -EINVAL;
		} else if (run->table >= hmm_bench_nr_tables()) {
			return -EINVAL;
		}
	}

	if (run->entries_ptr) {
		/* Physical addresses: the rule of /proc/pid/pagemap. */
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		if (run->entries_bytes < nr_pages * sizeof(u64))
			return -EINVAL;
	}
	return 0;
}

static void hmm_bench_free_ctx(struct hmm_bench_ctx *ctx)
{
	kvfree(ctx->samples);
	kvfree(ctx->dev_entries);
	kvfree(ctx->requests);
	kvfree(ctx->hmm_pfns);
	kfree(ctx);
}

/* The caller's write bitmap, only the bytes the range needs. */
static u8 *hmm_bench_copy_bitmap(const struct hmm_bench_ctx *ctx)
{
	size_t bytes = DIV_ROUND_UP(ctx->nr_pages, 8);
	u8 *bitmap;

	bitmap = kvmalloc(bytes, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!bitmap)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(bitmap, u64_to_user_ptr(ctx->run.bitmap_ptr), bytes)) {
		kvfree(bitmap);
		return ERR_PTR(-EFAULT);
	}
	return bitmap;
}

/* Allocations sized from the validated run, and the request setup. */
static int hmm_bench_prepare(struct hmm_bench_ctx *ctx)
{
	struct hmm_bench_run *run = &ctx->run;
	u8 *bitmap = NULL;
	int ret;

	ctx->nr_pages = run->len >> PAGE_SHIFT;
	if (run->format != HMM_BENCH_FORMAT_FIXED) {
		if (run->table == HMM_BENCH_TABLE_USER) {
			ctx->table = run->user_table;
		} else {
			struct hmm_bench_table_query query;

			ret = hmm_bench_get_table(run->table, &query);
			if (ret)
				return ret;
			ctx->table = query.table;
		}
	}

	ctx->hmm_pfns = kvcalloc(ctx->nr_pages, sizeof(*ctx->hmm_pfns),
				 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	ctx->samples = kvcalloc(run->nr_samples, sizeof(*ctx->samples),
				GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!ctx->hmm_pfns || !ctx->samples)
		return -ENOMEM;

	if (run->op == HMM_BENCH_OP_FAULT && run->write_pattern == HMM_BENCH_WRITE_BITMAP) {
		bitmap = hmm_bench_copy_bitmap(ctx);
		if (IS_ERR(bitmap))
			return PTR_ERR(bitmap);
	}
	if (run->format == HMM_BENCH_FORMAT_TABLE)
		ret = hmm_bench_table_setup(ctx, bitmap);
	else
		ret = hmm_bench_stock_setup(ctx, bitmap);
	kvfree(bitmap);
	return ret;
}

static void hmm_bench_clear_results(struct hmm_bench_run *run)
{
	run->nr_pages = 0;
	run->nr_valid = 0;
	run->nr_write = 0;
	run->nr_error = 0;
	run->nr_none = 0;
	run->ebusy_total = 0;
	run->read_retry_total = 0;
	memset(run->orders, 0, sizeof(run->orders));
	memset(run->reserved, 0, sizeof(run->reserved));
}

static long hmm_bench_ioctl_run(struct hmm_bench_file *hf, struct hmm_bench_run __user *uarg)
{
	struct hmm_bench_ctx *ctx;
	struct hmm_bench_run *run;
	int ret;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return -ENOMEM;
	ctx->file = hf;
	ctx->inject_ns_per_page = hmm_bench_inject_ns_per_page();
	ctx->inject_lines_per_page = hmm_bench_inject_lines_per_page(&ctx->inject_buffer);
	run = &ctx->run;
	if (copy_from_user(run, uarg, sizeof(*run))) {
		ret = -EFAULT;
		goto out;
	}
	ret = hmm_bench_check_run(run);
	if (ret)
		goto out;
	ret = hmm_bench_prepare(ctx);
	if (ret)
		goto out;

	hmm_bench_clear_results(run);
	ret = hmm_bench_measure(ctx);
	if (ret)
		goto out;

	/* Outside the timed calls: what the last call returned. */
	run->nr_pages = ctx->nr_pages;
	if (run->format == HMM_BENCH_FORMAT_TABLE)
		hmm_bench_table_count(ctx);
	else
		hmm_bench_count_stock(ctx);

	if (copy_to_user(u64_to_user_ptr(run->samples_ptr), ctx->samples,
			 array_size(run->nr_samples, sizeof(*ctx->samples)))) {
		ret = -EFAULT;
		goto out;
	}
	if (run->format == HMM_BENCH_FORMAT_TABLE)
		ret = hmm_bench_table_copy_entries(ctx);
	else
		ret = hmm_bench_stock_copy_entries(ctx);
	if (ret)
		goto out;
	if (copy_to_user(uarg, run, sizeof(*run)))
		ret = -EFAULT;
out:
	hmm_bench_free_ctx(ctx);
	return ret;
}

static long hmm_bench_ioctl_get_info(struct hmm_bench_info __user *uarg)
{
	const u8 *inject_buffer;
	struct hmm_bench_info info = {
		.abi_version = HMM_BENCH_ABI_VERSION,
		.features = HMM_BENCH_FEAT_MAP_ORDER,
		.page_shift = PAGE_SHIFT,
		.nr_tables = hmm_bench_nr_tables(),
		.clock = HMM_BENCH_CLOCK_KTIME_MONO,
		.max_samples = HMM_BENCH_MAX_SAMPLES,
		.max_len = HMM_BENCH_MAX_LEN,
		.max_warmup = HMM_BENCH_MAX_WARMUP,
		.max_bitmap_bytes = HMM_BENCH_MAX_BITMAP_BYTES,
		.inject_ns_per_page = hmm_bench_inject_ns_per_page(),
		.inject_lines_per_page = hmm_bench_inject_lines_per_page(&inject_buffer),
	};

	if (hmm_bench_table_supported())
		info.features |= HMM_BENCH_FEAT_FLAG_TABLE;
	if (capable(CAP_SYS_ADMIN))
		info.features |= HMM_BENCH_FEAT_RAW_ENTRIES;
	if (info.inject_ns_per_page || info.inject_lines_per_page)
		info.features |= HMM_BENCH_FEAT_INJECT;
	strscpy(info.kernel_release, utsname()->release, sizeof(info.kernel_release));
	strscpy(info.build_release, UTS_RELEASE, sizeof(info.build_release));
	strscpy(info.module_version, HMM_BENCH_MODULE_VERSION, sizeof(info.module_version));

	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long hmm_bench_ioctl_get_table(struct hmm_bench_table_query __user *uarg)
{
	struct hmm_bench_table_query query;
	int ret;

	if (copy_from_user(&query, uarg, sizeof(query)))
		return -EFAULT;
	if (query.reserved)
		return -EINVAL;
	memset(query.name, 0, sizeof(query.name));
	ret = hmm_bench_get_table(query.index, &query);
	if (ret)
		return ret;
	return copy_to_user(uarg, &query, sizeof(query)) ? -EFAULT : 0;
}

static long hmm_bench_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct hmm_bench_file *hf = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case HMM_BENCH_IOC_GET_INFO:
		return hmm_bench_ioctl_get_info(uarg);
	case HMM_BENCH_IOC_GET_TABLE:
		return hmm_bench_ioctl_get_table(uarg);
	case HMM_BENCH_IOC_RUN:
		return hmm_bench_ioctl_run(hf, uarg);
	default:
		return -ENOTTY;
	}
}

static int hmm_bench_open(struct inode *inode, struct file *file)
{
	struct hmm_bench_file *hf;

	hf = kzalloc(sizeof(*hf), GFP_KERNEL);
	if (!hf)
		return -ENOMEM;
	mutex_init(&hf->lock);
	file->private_data = hf;
	return 0;
}

/* Every run removed its notifier before its ioctl returned. */
static int hmm_bench_release(struct inode *inode, struct file *file)
{
	struct hmm_bench_file *hf = file->private_data;

	mutex_destroy(&hf->lock);
	kfree(hf);
	return 0;
}

static const struct file_operations hmm_bench_fops = {
	.owner = THIS_MODULE,
	.open = hmm_bench_open,
	.release = hmm_bench_release,
	.unlocked_ioctl = hmm_bench_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice hmm_bench_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = HMM_BENCH_DEVICE_NAME,
	.fops = &hmm_bench_fops,
	.mode = 0600,
};

static int __init hmm_bench_init(void)
{
	return misc_register(&hmm_bench_misc);
}

static void __exit hmm_bench_exit(void)
{
	misc_deregister(&hmm_bench_misc);
	vfree(hmm_bench_inject_buffer);
}

module_init(hmm_bench_init);
module_exit(hmm_bench_exit);

MODULE_DESCRIPTION("hmmbench: times hmm_range_fault() as a device driver calls it");
MODULE_AUTHOR("hmmbench");
MODULE_LICENSE("GPL");
MODULE_VERSION(HMM_BENCH_MODULE_VERSION);
