// SPDX-License-Identifier: GPL-2.0
/*
 * hmm_bench_loop.c - the driver loop of Documentation/mm/hmm.rst, timed.
 *
 * lib/test_hmm.c's dmirror_range_fault() is the model: the steps below are
 * named as the document names them, and one sample is one whole call of
 * the loop, retries included, as a device page fault would pay for it.
 */
#include <linux/cache.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/mmap_lock.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>

#include "hmm_bench.h"

/*
 * dev_private_owner: the device-private pages this "device" owns. It owns
 * none, so device-private pages of other drivers are faulted back to system
 * memory, as they would be for a real second device.
 */
static int hmm_bench_owner;

static bool hmm_bench_invalidate(struct mmu_interval_notifier *mni,
				 const struct mmu_notifier_range *range,
				 unsigned long cur_seq)
{
	struct hmm_bench_ctx *ctx = container_of(mni, struct hmm_bench_ctx, notifier);

	if (mmu_notifier_range_blockable(range))
		mutex_lock(&ctx->file->lock);
	else if (!mutex_trylock(&ctx->file->lock))
		return false;

	mmu_interval_set_seq(mni, cur_seq);
	/*
	 * A driver would zap its device entries for the range here. The
	 * bench rebuilds its device page table on every call, so the
	 * sequence update is all that is needed.
	 */
	mutex_unlock(&ctx->file->lock);
	return true;
}

static const struct mmu_interval_notifier_ops hmm_bench_notifier_ops = {
	.invalidate = hmm_bench_invalidate,
};

/*
 * The simulation window markers (HMM_BENCH_SIM_MARK_* in the UAPI header):
 * 7-byte NOPs that hmmbench's QEMU plugin recognises by their bytes
 * ("nopl disp32(%rax)"). The memory clobber keeps the compiler from moving
 * the timed work across them; other architectures get the barrier alone.
 */
static __always_inline void hmm_bench_sim_mark(const u32 mark)
{
#ifdef CONFIG_X86_64
	asm volatile("nopl %c0(%%rax)" : : "i" (mark) : "memory");
#else
	barrier();
#endif
}

/*
 * The injected cost of one call: inject_ns_per_page for every page, as a
 * busy-wait on the TSC (guest ns under -icount, real ns otherwise). udelay()
 * takes whole microseconds in chunks of at most 1 ms, well inside what every
 * delay helper accepts, with a reschedule point between chunks so a long
 * injection over a large range never trips the soft-lockup detector;
 * ndelay() takes the rest.
 */
static void hmm_bench_inject(const struct hmm_bench_ctx *ctx)
{
	u64 ns = (u64)ctx->inject_ns_per_page * ctx->nr_pages;
	unsigned int us;

	while (ns >= NSEC_PER_USEC) {
		us = min_t(u64, ns / NSEC_PER_USEC, USEC_PER_MSEC);
		udelay(us);
		ns -= (u64)us * NSEC_PER_USEC;
		if (ns >= NSEC_PER_USEC)
			cond_resched();
	}
	if (ns)
		ndelay(ns);
}

/*
 * The injected memory cost of one call: inject_lines_per_page cache lines
 * per page, read from the inject buffer a page and a line apart (a stride
 * no prefetcher follows, and one that visits every line of the
 * power-of-two buffer before any again), resuming where the last call
 * stopped, so each line read is one no recent call read. A few
 * instructions per line; under the cache simulation a last-level miss each.
 */
static void hmm_bench_inject_lines(const struct hmm_bench_ctx *ctx)
{
	static unsigned long cursor;
	const size_t stride = PAGE_SIZE + SMP_CACHE_BYTES;
	unsigned long n = ctx->nr_pages * ctx->inject_lines_per_page;
	unsigned long off = READ_ONCE(cursor);

	while (n--) {
		(void)READ_ONCE(ctx->inject_buffer[off]);
		off = (off + stride) & (HMM_BENCH_INJECT_BUFFER_BYTES - 1);
	}
	/* Concurrent runs may skip or repeat lines: only their cost matters. */
	WRITE_ONCE(cursor, off);
}

/*
 * One timed call of the driver loop. On success the driver lock was held
 * from a successful read_retry check through the conversion pass, so the
 * device page table (the conversion output) matched the CPU page table.
 */
static int hmm_bench_driver_call(struct hmm_bench_ctx *ctx, struct hmm_bench_sample *sample)
{
	struct mm_struct *mm = ctx->notifier.mm;
	size_t request_bytes = ctx->nr_pages * sizeof(*ctx->hmm_pfns);
	unsigned long timeout = jiffies + msecs_to_jiffies(HMM_RANGE_DEFAULT_TIMEOUT);
	u64 start, convert_start;
	int ret;

	memset(sample, 0, sizeof(*sample));
	start = ktime_get_ns();
	hmm_bench_sim_mark(HMM_BENCH_SIM_MARK_START);
	while (true) {
		if (time_after(jiffies, timeout)) {
			ret = -EBUSY;
			goto out;
		}
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto out;
		}

		/* The output of the last attempt overwrote the requests. */
		if (ctx->requests)
			memcpy(ctx->hmm_pfns, ctx->requests, request_bytes);

		ctx->range.notifier_seq = mmu_interval_read_begin(&ctx->notifier);
		ret = mmap_read_lock_killable(mm);
		if (ret)
			goto out;
		ret = hmm_range_fault(&ctx->range);
		mmap_read_unlock(mm);
		if (ret == -EBUSY) {
			sample->ebusy++;
			continue;
		}
		if (ret)
			goto out;

		mutex_lock(&ctx->file->lock);
		if (mmu_interval_read_retry(&ctx->notifier, ctx->range.notifier_seq)) {
			mutex_unlock(&ctx->file->lock);
			sample->read_retry++;
			continue;
		}
		break;
	}

	/* Program the device page table, under the update lock. */
	if (ctx->run.format == HMM_BENCH_FORMAT_CONVERT) {
		convert_start = ktime_get_ns();
		hmm_bench_convert(ctx);
		sample->convert_ns = ktime_get_ns() - convert_start;
	}
	mutex_unlock(&ctx->file->lock);
	if (ctx->inject_ns_per_page)
		hmm_bench_inject(ctx);
	if (ctx->inject_lines_per_page)
		hmm_bench_inject_lines(ctx);
	hmm_bench_sim_mark(HMM_BENCH_SIM_MARK_END);
	sample->total_ns = ktime_get_ns() - start;
	return 0;
out:
	/* A failed call closes its window too: every window is one call. */
	hmm_bench_sim_mark(HMM_BENCH_SIM_MARK_END);
	return ret;
}

/**
 * hmm_bench_measure() - run the warm-up and the timed calls of @ctx
 * @ctx: a validated run with its arrays allocated and its requests set up
 *
 * Inserts the interval notifier on the run's range of the calling process,
 * makes run.warmup untimed and run.nr_samples timed calls, and removes the
 * notifier again on every path. Adds up the -EBUSY and read_retry counts.
 *
 * Return: 0, -EINTR on a fatal signal, or the error of the failing call
 * (see struct hmm_bench_run).
 */
int hmm_bench_measure(struct hmm_bench_ctx *ctx)
{
	struct hmm_bench_run *run = &ctx->run;
	u32 calls = run->warmup + run->nr_samples;
	struct hmm_bench_sample sample;
	u32 i;
	int ret;

	ctx->range.notifier = &ctx->notifier;
	ctx->range.start = run->addr;
	ctx->range.end = run->addr + run->len;
	ctx->range.hmm_pfns = ctx->hmm_pfns;
	ctx->range.dev_private_owner = &hmm_bench_owner;

	ret = mmu_interval_notifier_insert(&ctx->notifier, current->mm, run->addr, run->len,
					   &hmm_bench_notifier_ops);
	if (ret)
		return ret;

	for (i = 0; i < calls; i++) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		ret = hmm_bench_driver_call(ctx, &sample);
		if (ret)
			break;
		run->ebusy_total += sample.ebusy;
		run->read_retry_total += sample.read_retry;
		if (i >= run->warmup)
			ctx->samples[i - run->warmup] = sample;
		cond_resched();
	}

	mmu_interval_notifier_remove(&ctx->notifier);
	return ret;
}
