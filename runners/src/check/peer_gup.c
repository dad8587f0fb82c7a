// SPDX-License-Identifier: GPL-2.0
/*
 * The in-tree GUP test driver, mm/gup_test.c (debugfs gup_test): timed
 * get/pin_user_pages_fast() over a range, and a pin of a range that dumps
 * chosen pages' struct page to the kernel log, which is where the pinned
 * pages' PFNs can be read ("page: refcount:... pfn:0x...").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "check/peer_check.h"
#include "check/peer_gup.h"
#include "check/peer_uapi.h"

#define KMSG_RECORD_MAX	8192

int peer_gup_open(char *reason, size_t len)
{
	int fd = open(GUP_TEST_DEBUGFS_PATH, O_RDWR | O_CLOEXEC);
	int err;

	if (fd >= 0)
		return fd;
	err = errno;
	if (err == ENOENT)
		snprintf(reason, len,
			 "no %s: the kernel lacks CONFIG_GUP_TEST (or debugfs is not mounted)",
			 GUP_TEST_DEBUGFS_PATH);
	else
		snprintf(reason, len, "%s: %s", GUP_TEST_DEBUGFS_PATH, strerror(err));
	return -err;
}

int peer_gup_benchmark(int fd, int pin, const void *addr, size_t nr_pages, uint64_t *get_us,
		       uint64_t *put_us)
{
	struct gup_test gup = {
		.addr = (uintptr_t)addr,
		.size = nr_pages * 4096,
		.nr_pages_per_call = (__u32)nr_pages,
	};

	if (ioctl(fd, pin ? PIN_FAST_BENCHMARK : GUP_FAST_BENCHMARK, &gup))
		return -errno;
	if (gup.size != nr_pages * 4096)
		return -EFAULT;
	*get_us = gup.get_delta_usec;
	*put_us = gup.put_delta_usec;
	return 0;
}

/* Read what the kernel logged since @kmsg was positioned; fill pfns[] of the pages seen. */
static int read_dumps(int kmsg, const size_t *pages, size_t n, uint64_t *pfns)
{
	char record[KMSG_RECORD_MAX];
	int64_t current = -1;

	for (;;) {
		ssize_t got = read(kmsg, record, sizeof(record) - 1);
		enum peer_kmsg_line kind;
		uint64_t value;

		if (got < 0 && errno == EAGAIN)
			return 0;
		if (got < 0 && errno == EPIPE)
			continue;	/* records overwritten under us: keep reading */
		if (got < 0)
			return -errno;
		record[got] = '\0';
		kind = peer_check_kmsg_parse(record, &value);
		if (kind == PEER_KMSG_PAGE_INDEX) {
			current = (int64_t)value;
		} else if (kind == PEER_KMSG_PAGE_PFN && current >= 0) {
			for (size_t i = 0; i < n; i++)
				if (pages[i] == (size_t)current)
					pfns[i] = value;
			current = -1;
		}
	}
}

int peer_gup_dump_pfns(int fd, const void *addr, size_t nr_pages, const size_t *pages,
		       size_t n, uint64_t *pfns, char *err, size_t errlen)
{
	int kmsg, ret = 0;

	for (size_t i = 0; i < n; i++)
		pfns[i] = UINT64_MAX;
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg < 0) {
		ret = -errno;
		snprintf(err, errlen, "/dev/kmsg: %s", strerror(-ret));
		return ret;
	}
	for (size_t at = 0; at < n && !ret; at += GUP_TEST_MAX_PAGES_TO_DUMP) {
		struct gup_test gup = {
			.addr = (uintptr_t)addr,
			.size = nr_pages * 4096,
			.nr_pages_per_call = (__u32)nr_pages,
			.test_flags = GUP_TEST_FLAG_DUMP_PAGES_USE_PIN,
		};
		size_t chunk = n - at < GUP_TEST_MAX_PAGES_TO_DUMP ? n - at : GUP_TEST_MAX_PAGES_TO_DUMP;

		for (size_t i = 0; i < chunk; i++)
			gup.which_pages[i] = (__u32)(pages[at + i] + 1);
		/* Only what this call logs: skip everything already there. */
		if (lseek(kmsg, 0, SEEK_END) < 0) {
			ret = -errno;
			snprintf(err, errlen, "/dev/kmsg: seek to the end: %s", strerror(-ret));
			break;
		}
		if (ioctl(fd, DUMP_USER_PAGES_TEST, &gup)) {
			ret = -errno;
			snprintf(err, errlen, "DUMP_USER_PAGES_TEST: %s", strerror(-ret));
			break;
		}
		if (gup.size != nr_pages * 4096) {
			ret = -EFAULT;
			snprintf(err, errlen, "DUMP_USER_PAGES_TEST pinned %llu of %zu bytes",
				 (unsigned long long)gup.size, nr_pages * 4096);
			break;
		}
		ret = read_dumps(kmsg, pages + at, chunk, pfns + at);
		if (ret)
			snprintf(err, errlen, "/dev/kmsg: %s", strerror(-ret));
	}
	close(kmsg);
	return ret;
}
