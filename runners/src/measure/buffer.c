// SPDX-License-Identifier: GPL-2.0
/* Mapping and preparing test buffers of each page kind. */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "measure/buffer.h"
#include "measure/hugetlb.h"
#include "util/file_text.h"

#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB	(21 << 26)	/* MAP_HUGE_SHIFT 26, log2(2 MiB) */
#endif

#define THP_ENABLED	"/sys/kernel/mm/transparent_hugepage/enabled"

/*
 * Where test buffers go: slot i at BUFFER_REGION_BASE + i * BUFFER_SLOT_BYTES,
 * the lowest slot free. Every HMM call starts with a VMA lookup, a walk of
 * the process's maple tree that scans each node's entries from the lowest
 * address up, so its cost depends on how many mappings lie below the
 * buffer and how the tree happens to be split there. Left to the kernel,
 * the buffer lands under whatever the run had mapped and unmapped so far,
 * and the same configuration measured 97 or 194 instructions more in one
 * visit than in another (seen in mt_find() on Debian 6.12, 1-page calls
 * of ~1600 instructions). In the lowest slot nothing lies below it, so
 * every visit takes the same path; 1 GiB alignment also fixes where the
 * range meets PMD and PUD boundaries.
 */
#define BUFFER_REGION_BASE	(4ULL << 30)
#define BUFFER_SLOT_BYTES	(64ULL << 30)
#define BUFFER_SLOTS		64

static atomic_ullong buffer_slots_used;

static int buffer_slot_claim(void)
{
	unsigned long long used = atomic_load(&buffer_slots_used);
	int slot;

	do {
		if (used == ~0ULL)
			return -1;
		slot = __builtin_ctzll(~used);
	} while (!atomic_compare_exchange_weak(&buffer_slots_used, &used, used | 1ULL << slot));
	return slot;
}

static void buffer_slot_release(int slot)
{
	atomic_fetch_and(&buffer_slots_used, ~(1ULL << slot));
}

/* mmap @len bytes at @buf's slot into buf->addr and len, or fail with a reason. */
static int buffer_map_slot(struct test_buffer *buf, size_t len, int flags, const char *what,
			   char *reason, size_t reason_len)
{
	void *want, *got;
	int ret;

	if (len > BUFFER_SLOT_BYTES) {
		snprintf(reason, reason_len, "buffers are at most %llu GiB, not %zu bytes",
			 BUFFER_SLOT_BYTES >> 30, len);
		return -EINVAL;
	}
	buf->slot = buffer_slot_claim();
	if (buf->slot < 0) {
		snprintf(reason, reason_len, "more than %d test buffers at once", BUFFER_SLOTS);
		return -ENOMEM;
	}
	want = (void *)(uintptr_t)(BUFFER_REGION_BASE + (unsigned long long)buf->slot * BUFFER_SLOT_BYTES);
	got = mmap(want, len, PROT_READ | PROT_WRITE, flags | MAP_FIXED_NOREPLACE, -1, 0);
	if (got == want) {
		buf->addr = got;	/* slots are 1 GiB aligned: every granule's alignment */
		buf->len = len;
		return 0;
	}
	ret = got == MAP_FAILED ? -errno : -EEXIST;
	if (got != MAP_FAILED)	/* a kernel before 4.17 took the address as a hint */
		munmap(got, len);
	if (ret == -EEXIST)
		snprintf(reason, reason_len, "%s at %p: the address is taken (EEXIST); hmmbench keeps [%#llx, %#llx) for its test buffers",
			 what, want, BUFFER_REGION_BASE, BUFFER_REGION_BASE + BUFFER_SLOTS * BUFFER_SLOT_BYTES);
	else
		snprintf(reason, reason_len, "%s of %zu bytes at %p: %s", what, len, want, strerror(-ret));
	buffer_slot_release(buf->slot);
	buf->slot = -1;
	return ret;
}

static int thp_reason(char *reason, size_t reason_len)
{
	char text[128];

	if (file_text_read_small(THP_ENABLED, text, sizeof(text))) {
		snprintf(reason, reason_len, "the kernel has no transparent huge pages (no %s)", THP_ENABLED);
		return -EOPNOTSUPP;
	}
	if (strstr(text, "[never]")) {
		snprintf(reason, reason_len, "transparent huge pages are disabled (%s is [never])", THP_ENABLED);
		return -EOPNOTSUPP;
	}
	return 0;
}

int buffer_alloc(struct test_buffer *buf, enum page_kind kind, size_t len,
		 char *reason, size_t reason_len)
{
	size_t granule = page_kind_granule(kind);
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	int ret;

	memset(buf, 0, sizeof(*buf));
	buf->kind = kind;
	buf->slot = -1;
	if (!len || len % granule) {
		snprintf(reason, reason_len, "%s buffers need a multiple of %zu bytes, not %zu",
			 page_kind_name(kind), granule, len);
		return -EINVAL;
	}
	if (kind == PAGE_KIND_HUGETLB_2M) {
		ret = hugetlb_ensure_free(len / HUGE_2M, reason, reason_len);
		if (ret)
			return ret;
		return buffer_map_slot(buf, len, flags | MAP_HUGETLB | MAP_HUGE_2MB,
				       "mmap(MAP_HUGETLB | MAP_HUGE_2MB)", reason, reason_len);
	}
	if (kind == PAGE_KIND_THP) {
		ret = thp_reason(reason, reason_len);
		if (ret)
			return ret;
	}
	ret = buffer_map_slot(buf, len, flags, "mmap", reason, reason_len);
	if (ret)
		return ret;
	if (kind == PAGE_KIND_THP) {
		if (madvise(buf->addr, len, MADV_HUGEPAGE)) {
			ret = -errno;
			snprintf(reason, reason_len, "madvise(MADV_HUGEPAGE): %s", strerror(errno));
			buffer_free(buf);
			return ret == -EINVAL ? -EOPNOTSUPP : ret;
		}
	} else if (madvise(buf->addr, len, MADV_NOHUGEPAGE) && errno != EINVAL) {
		/* EINVAL: a kernel without THP, where 4 KiB pages are all there is. */
		ret = -errno;
		snprintf(reason, reason_len, "madvise(MADV_NOHUGEPAGE): %s", strerror(errno));
		buffer_free(buf);
		return ret;
	}
	return 0;
}

void buffer_free(struct test_buffer *buf)
{
	if (buf->addr) {
		munmap(buf->addr, buf->len);
		buffer_slot_release(buf->slot);
	}
	memset(buf, 0, sizeof(*buf));
	buf->slot = -1;
}

void buffer_populate(struct test_buffer *buf, enum touch touch)
{
	size_t page = sysconf(_SC_PAGESIZE);
	volatile char *p = buf->addr;

	for (size_t off = 0; off < buf->len; off += page) {
		if (touch == TOUCH_WRITE)
			p[off] = 1;
		else
			(void)p[off];
	}
}

int buffer_protect(struct test_buffer *buf, int read_only)
{
	int prot = read_only ? PROT_READ : PROT_READ | PROT_WRITE;

	return mprotect(buf->addr, buf->len, prot) ? -errno : 0;
}

int buffer_reset(struct test_buffer *buf)
{
	return madvise(buf->addr, buf->len, MADV_DONTNEED) ? -errno : 0;
}

