// SPDX-License-Identifier: GPL-2.0
/*
 * The in-tree HMM test driver, lib/test_hmm.c ("dmirror"): its SNAPSHOT
 * ioctl mirrors a range of the caller's memory with hmm_range_fault(),
 * 64 pages per call with a fresh interval notifier each, and returns one
 * protection byte per page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "check/peer_hmm.h"
#include "check/peer_uapi.h"

int peer_hmm_open(char *reason, size_t len)
{
	int fd = open(HMM_DMIRROR_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	int err;

	if (fd >= 0)
		return fd;
	err = errno;
	if (err == ENOENT)
		snprintf(reason, len,
			 "no %s: test_hmm.ko is not loaded (the kernel needs CONFIG_TEST_HMM; the guest job insmods /lib/kmod/test_hmm.ko)",
			 HMM_DMIRROR_DEVICE_PATH);
	else
		snprintf(reason, len, "%s: %s", HMM_DMIRROR_DEVICE_PATH, strerror(err));
	return -err;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int peer_hmm_snapshot(int fd, const void *addr, size_t nr_pages, uint8_t *prot,
			  uint64_t *wall_ns)
{
	struct hmm_dmirror_cmd cmd = {
		.addr = (uintptr_t)addr,
		.ptr = (uintptr_t)prot,
		.npages = nr_pages,
	};
	uint64_t t0, t1;
	int ret;

	t0 = now_ns();
	ret = ioctl(fd, HMM_DMIRROR_SNAPSHOT, &cmd);
	t1 = now_ns();
	if (ret)
		return -errno;
	if (cmd.cpages != nr_pages)
		return -EFAULT;
	*wall_ns = t1 - t0;
	return 0;
}
