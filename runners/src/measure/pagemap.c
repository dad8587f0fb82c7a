// SPDX-License-Identifier: GPL-2.0
/* Reading /proc/self/pagemap and /proc/kpageflags. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "measure/pagemap.h"

int pagemap_open(void)
{
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int pread_all(int fd, void *buf, size_t len, off_t offset)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, offset);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= n;
		offset += n;
	}
	return 0;
}

int pagemap_read(int fd, uintptr_t addr, size_t nr_pages, uint64_t *entries)
{
	long page_size = sysconf(_SC_PAGESIZE);

	return pread_all(fd, entries, nr_pages * sizeof(*entries),
			 (off_t)(addr / page_size * sizeof(*entries)));
}

int pagemap_kpageflags_open(void)
{
	int fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int pagemap_kpageflags_read(int fd, uint64_t pfn, uint64_t *flags)
{
	return pread_all(fd, flags, sizeof(*flags), (off_t)(pfn * sizeof(*flags)));
}

int pagemap_zero_pfn(int fd, uint64_t *pfn)
{
	long page_size = sysconf(_SC_PAGESIZE);
	volatile char *page;
	uint64_t entry;
	int ret;

	page = mmap(NULL, page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return -errno;
	(void)page[0];
	ret = pagemap_read(fd, (uintptr_t)page, 1, &entry);
	munmap((void *)page, page_size);
	if (ret)
		return ret;
	if (!pagemap_present(entry))
		return -ENOENT;
	*pfn = pagemap_pfn(entry);
	return 0;
}
