// SPDX-License-Identifier: GPL-2.0
/* Reserving 2 MiB hugetlb pages for a run, and giving them back. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "measure/hugetlb.h"
#include "util/file_text.h"

#define NR_HUGEPAGES	"/proc/sys/vm/nr_hugepages"
#define HUGETLB_2M_DIR	"/sys/kernel/mm/hugepages/hugepages-2048kB"

/* Pages hugetlb_ensure_free() added to the 2 MiB pool. */
static long hugetlb_added;

static int write_long(const char *path, long value)
{
	FILE *f = fopen(path, "w");
	int ret = 0;

	if (!f)
		return -errno;
	if (fprintf(f, "%ld\n", value) < 0)
		ret = -EIO;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

int hugetlb_ensure_free(long pages, char *reason, size_t reason_len)
{
	long nr = file_text_read_long(HUGETLB_2M_DIR "/nr_hugepages");
	long free_pages = file_text_read_long(HUGETLB_2M_DIR "/free_hugepages");
	long want, after;
	int ret;

	if (nr < 0 || free_pages < 0) {
		snprintf(reason, reason_len, "the kernel has no 2 MiB hugetlb pages (no %s)", HUGETLB_2M_DIR);
		return -EOPNOTSUPP;
	}
	if (free_pages >= pages)
		return 0;
	if (geteuid() != 0) {
		snprintf(reason, reason_len,
			 "%ld free 2 MiB hugetlb pages, %ld needed; as root hmmbench reserves them through %s",
			 free_pages, pages, NR_HUGEPAGES);
		return -ENOMEM;
	}
	want = nr + (pages - free_pages);
	ret = write_long(NR_HUGEPAGES, want);
	/* The kernel gives what it can find; the pool size says how many. */
	after = file_text_read_long(HUGETLB_2M_DIR "/nr_hugepages");
	free_pages = file_text_read_long(HUGETLB_2M_DIR "/free_hugepages");
	if (after > nr)
		hugetlb_added += after - nr;
	if (ret || free_pages < pages) {
		snprintf(reason, reason_len,
			 "asked %s for %ld 2 MiB hugetlb pages, %ld free afterwards (%s): memory too small or fragmented",
			 NR_HUGEPAGES, want, free_pages < 0 ? 0 : free_pages,
			 ret ? strerror(-ret) : "short");
		return -ENOMEM;
	}
	return 0;
}

void hugetlb_restore(void)
{
	long nr;

	if (!hugetlb_added)
		return;
	nr = file_text_read_long(HUGETLB_2M_DIR "/nr_hugepages");
	if (nr >= hugetlb_added)
		write_long(NR_HUGEPAGES, nr - hugetlb_added);
	hugetlb_added = 0;
}

