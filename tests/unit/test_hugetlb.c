// SPDX-License-Identifier: GPL-2.0
/* The hugetlb pool on a fake sysfs tree: node pools, the global fallback, restore. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "measure/hugetlb.h"
#include "util/file_text.h"

static char root[64];

static void put(const char *rel, long value)
{
	char text[32];

	snprintf(text, sizeof(text), "%ld\n", value);
	test_put_file(root, rel, text, strlen(text));
}

static long get(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s%s", root, rel);
	return file_text_read_long(path);
}

#define NODE1 "/sys/devices/system/node/node1/hugepages/hugepages-2048kB/"
#define GLOBAL "/sys/kernel/mm/hugepages/hugepages-2048kB/"
#define SYSCTL "/proc/sys/vm/nr_hugepages"

static void test_node_paths(void)
{
	char path[PATH_MAX], want[PATH_MAX], label[32];

	hugetlb_set_node(1);
	EXPECT_EQ_INT(hugetlb_pool_path("nr_hugepages", path, sizeof(path), label, sizeof(label)), 0);
	snprintf(want, sizeof(want), "%s" NODE1 "nr_hugepages", root);
	EXPECT(!strcmp(path, want));
	EXPECT(!strcmp(label, "node 1"));
	hugetlb_set_node(-1);
	EXPECT_EQ_INT(hugetlb_pool_path("nr_hugepages", path, sizeof(path), label, sizeof(label)), 0);
	snprintf(want, sizeof(want), "%s" SYSCTL, root);
	EXPECT(!strcmp(path, want));
	EXPECT(!strcmp(label, "the global pool"));
	EXPECT_EQ_INT(hugetlb_pool_path("free_hugepages", path, sizeof(path), NULL, 0), 0);
	snprintf(want, sizeof(want), "%s" GLOBAL "free_hugepages", root);
	EXPECT(!strcmp(path, want));
}

static void test_node_without_pool_uses_global(void)
{
	char path[PATH_MAX], label[32];

	hugetlb_set_node(7);
	EXPECT_EQ_INT(hugetlb_pool_path("free_hugepages", path, sizeof(path), label, sizeof(label)), 0);
	EXPECT(strstr(path, GLOBAL "free_hugepages") != NULL);
	EXPECT(!strcmp(label, "the global pool"));
	hugetlb_set_node(-1);
}

/* Node 1 with @nr pages of which @free_pages free; hugetlb_ensure_free(@pages) there. */
static int ensure_on_node1(long nr, long free_pages, long pages, char *reason, size_t len)
{
	put(NODE1 "nr_hugepages", nr);
	put(NODE1 "free_hugepages", free_pages);
	hugetlb_set_node(1);
	return hugetlb_ensure_free(pages, reason, len);
}

static void test_enough_free_writes_nothing(void)
{
	char reason[256] = "";

	EXPECT_EQ_INT(ensure_on_node1(4, 4, 3, reason, sizeof(reason)), 0);
	EXPECT_EQ_INT(get(NODE1 "nr_hugepages"), 4);
	EXPECT_EQ_INT(get(SYSCTL), 0);
	hugetlb_set_node(-1);
}

/* The fake kernel grants nothing: the node pool is raised, the shortfall named, then restored. */
static void test_node_shortfall_and_restore(void)
{
	char reason[256] = "";

	EXPECT_EQ_INT(ensure_on_node1(2, 1, 5, reason, sizeof(reason)), -ENOMEM);
	EXPECT_EQ_INT(get(NODE1 "nr_hugepages"), 6);
	EXPECT_EQ_INT(get(SYSCTL), 0);
	EXPECT(strstr(reason, "node 1: asked") != NULL);
	EXPECT(strstr(reason, "node1/hugepages/hugepages-2048kB/nr_hugepages for 6") != NULL);
	EXPECT(strstr(reason, "1 free afterwards, 4 short") != NULL);
	hugetlb_restore();
	EXPECT_EQ_INT(get(NODE1 "nr_hugepages"), 2);
	EXPECT_EQ_INT(get(SYSCTL), 0);
}

/* Granted on the global pool, restored when the node changes. */
static void test_global_grant_restored_on_node_change(void)
{
	char reason[256] = "";

	hugetlb_set_node(-1);
	put(SYSCTL, 1);
	put(GLOBAL "free_hugepages", 8);
	EXPECT_EQ_INT(hugetlb_ensure_free(9, reason, sizeof(reason)), -ENOMEM);
	EXPECT_EQ_INT(get(SYSCTL), 2);
	EXPECT(strstr(reason, "the global pool: asked") != NULL);
	hugetlb_set_node(1);
	EXPECT_EQ_INT(get(SYSCTL), 1);
	hugetlb_set_node(-1);
}

static void test_no_hugetlb(void)
{
	char reason[256] = "";

	hugetlb_set_root("/nonexistent-hmmbench-root");
	EXPECT_EQ_INT(hugetlb_ensure_free(1, reason, sizeof(reason)), -EOPNOTSUPP);
	EXPECT(strstr(reason, "no 2 MiB hugetlb pages") != NULL);
	hugetlb_set_root(root);
}

static void test_unwritable_pool(void)
{
	char path[PATH_MAX], reason[256] = "";

	if (geteuid() == 0) {
		EXPECT(1); /* root may write anything: nothing to check */
		return;
	}
	put(NODE1 "nr_hugepages", 0);
	put(NODE1 "free_hugepages", 0);
	snprintf(path, sizeof(path), "%s" NODE1 "nr_hugepages", root);
	EXPECT(chmod(path, 0444) == 0);
	hugetlb_set_node(1);
	EXPECT_EQ_INT(hugetlb_ensure_free(1, reason, sizeof(reason)), -ENOMEM);
	EXPECT(strstr(reason, "node 1: 0 free 2 MiB hugetlb pages, 1 needed; as root") != NULL);
	EXPECT_EQ_INT(get(NODE1 "nr_hugepages"), 0);
	hugetlb_set_node(-1);
	chmod(path, 0644);
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "node and global paths", test_node_paths },
		{ "node without a pool uses the global one", test_node_without_pool_uses_global },
		{ "enough free pages writes nothing", test_enough_free_writes_nothing },
		{ "node shortfall, then restore", test_node_shortfall_and_restore },
		{ "global grant restored on node change", test_global_grant_restored_on_node_change },
		{ "no hugetlb", test_no_hugetlb },
		{ "unwritable pool", test_unwritable_pool },
	};
	char tmpl[] = "/tmp/hmmbench-hugetlb-XXXXXX", cmd[PATH_MAX + 16];
	int rc;

	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	snprintf(root, sizeof(root), "%s", tmpl);
	hugetlb_set_root(root);
	put(SYSCTL, 0);
	put(GLOBAL "free_hugepages", 0);
	put(NODE1 "nr_hugepages", 0);
	rc = RUN_TESTS(tests);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", root);
	return rc;
}
