// SPDX-License-Identifier: GPL-2.0
/* Reserving 2 MiB hugetlb pages for a run, on its NUMA node, and giving them back. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "measure/hugetlb.h"
#include "util/file_text.h"

#define NR_HUGEPAGES	"/proc/sys/vm/nr_hugepages"
#define HUGETLB_2M_DIR	"/sys/kernel/mm/hugepages/hugepages-2048kB"
#define NODE_2M_DIR	"/sys/devices/system/node/node%d/hugepages/hugepages-2048kB"

static char hugetlb_root[PATH_MAX];
/* The node reserved on, -1 for the global pool. */
static int hugetlb_node = -1;
/* Pages hugetlb_ensure_free() added to the current pool. */
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

void hugetlb_set_root(const char *root)
{
	snprintf(hugetlb_root, sizeof(hugetlb_root), "%s", root ? root : "");
}

void hugetlb_set_node(int node)
{
	if (node == hugetlb_node)
		return;
	hugetlb_restore();
	hugetlb_node = node < 0 ? -1 : node;
}

/* The node's pool directory, when the kernel has one; else 0. */
static int node_dir(char *buf, size_t len)
{
	char probe[PATH_MAX];
	int n;

	if (hugetlb_node < 0)
		return 0;
	n = snprintf(buf, len, "%s" NODE_2M_DIR, hugetlb_root, hugetlb_node);
	if (n < 0 || (size_t)n >= len ||
	    snprintf(probe, sizeof(probe), "%s/nr_hugepages", buf) >= (int)sizeof(probe))
		return 0;
	return access(probe, F_OK) == 0;
}

int hugetlb_pool_path(const char *file, char *buf, size_t len, char *label, size_t label_len)
{
	char dir[PATH_MAX];
	int node = node_dir(dir, sizeof(dir));
	int n;

	if (label && node)
		snprintf(label, label_len, "node %d", hugetlb_node);
	else if (label)
		snprintf(label, label_len, "the global pool");
	if (node)
		n = snprintf(buf, len, "%s/%s", dir, file);
	else if (!strcmp(file, "nr_hugepages"))
		/* The global pool is raised through the sysctl, as sysctl(8) does. */
		n = snprintf(buf, len, "%s" NR_HUGEPAGES, hugetlb_root);
	else
		n = snprintf(buf, len, "%s" HUGETLB_2M_DIR "/%s", hugetlb_root, file);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int hugetlb_ensure_free(long pages, char *reason, size_t reason_len)
{
	char nr_path[PATH_MAX], free_path[PATH_MAX], pool[32];
	long nr, free_pages, want, after;
	int ret;

	if (hugetlb_pool_path("nr_hugepages", nr_path, sizeof(nr_path), pool, sizeof(pool)) ||
	    hugetlb_pool_path("free_hugepages", free_path, sizeof(free_path), NULL, 0)) {
		snprintf(reason, reason_len, "hugetlb pool path too long");
		return -ENAMETOOLONG;
	}
	nr = file_text_read_long(nr_path);
	free_pages = file_text_read_long(free_path);
	if (nr < 0 || free_pages < 0) {
		snprintf(reason, reason_len, "the kernel has no 2 MiB hugetlb pages (no %s)", free_path);
		return -EOPNOTSUPP;
	}
	if (free_pages >= pages)
		return 0;
	if (access(nr_path, W_OK)) {
		snprintf(reason, reason_len,
			 "%s: %ld free 2 MiB hugetlb pages, %ld needed; as root hmmbench reserves them through %s",
			 pool, free_pages, pages, nr_path);
		return -ENOMEM;
	}
	want = nr + (pages - free_pages);
	ret = write_long(nr_path, want);
	/* The kernel gives what it can find; the pool size says how many. */
	after = file_text_read_long(nr_path);
	free_pages = file_text_read_long(free_path);
	if (after > nr)
		hugetlb_added += after - nr;
	if (ret || free_pages < pages) {
		snprintf(reason, reason_len,
			 "%s: asked %s for %ld 2 MiB hugetlb pages, %ld free afterwards, %ld short (%s): memory too small or fragmented",
			 pool, nr_path, want, free_pages < 0 ? 0 : free_pages,
			 pages - (free_pages < 0 ? 0 : free_pages), ret ? strerror(-ret) : "short");
		return -ENOMEM;
	}
	return 0;
}

void hugetlb_restore(void)
{
	char nr_path[PATH_MAX];
	long nr;

	if (!hugetlb_added)
		return;
	if (!hugetlb_pool_path("nr_hugepages", nr_path, sizeof(nr_path), NULL, 0)) {
		nr = file_text_read_long(nr_path);
		if (nr >= hugetlb_added)
			write_long(nr_path, nr - hugetlb_added);
	}
	hugetlb_added = 0;
}
