// SPDX-License-Identifier: GPL-2.0
/* Mapping and preparing test buffers of each page kind. */
#include <errno.h>
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
	if (!len || len % granule) {
		snprintf(reason, reason_len, "%s buffers need a multiple of %zu bytes, not %zu",
			 page_kind_name(kind), granule, len);
		return -EINVAL;
	}
	if (kind == PAGE_KIND_HUGETLB_2M) {
		ret = hugetlb_ensure_free(len / HUGE_2M, reason, reason_len);
		if (ret)
			return ret;
		buf->map = mmap(NULL, len, PROT_READ | PROT_WRITE,
				flags | MAP_HUGETLB | MAP_HUGE_2MB, -1, 0);
		if (buf->map == MAP_FAILED) {
			ret = -errno;
			snprintf(reason, reason_len, "mmap(MAP_HUGETLB | MAP_HUGE_2MB) of %zu bytes: %s",
				 len, strerror(errno));
			return ret;
		}
		buf->map_len = len;
		buf->addr = buf->map;
		buf->len = len;
		return 0;
	}
	if (kind == PAGE_KIND_THP) {
		ret = thp_reason(reason, reason_len);
		if (ret)
			return ret;
	}
	/* Map one granule more and trim, so the buffer starts aligned. */
	buf->map_len = len + (kind == PAGE_KIND_THP ? HUGE_2M : 0);
	buf->map = mmap(NULL, buf->map_len, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (buf->map == MAP_FAILED) {
		ret = -errno;
		snprintf(reason, reason_len, "mmap of %zu bytes: %s", buf->map_len, strerror(errno));
		return ret;
	}
	buf->addr = (char *)(((uintptr_t)buf->map + granule - 1) & ~(uintptr_t)(granule - 1));
	buf->len = len;
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
	if (buf->map && buf->map != MAP_FAILED)
		munmap(buf->map, buf->map_len);
	memset(buf, 0, sizeof(*buf));
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

