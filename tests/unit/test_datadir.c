// SPDX-License-Identifier: GPL-2.0
/* The data directory lookup: $HMMBENCH_DATADIR, PREFIX/share/hmmbench, the source tree. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/datadir.h"

static char tmp[64];

/* A data directory @dir holding the marker, and the binary's directory @bin. */
static void make_data(const char *dir, const char *bin)
{
	char cmd[PATH_MAX];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s/plots' '%s/%s' && : >'%s/%s/plots/common.gp'",
		 tmp, dir, tmp, bin, tmp, dir);
	EXPECT(system(cmd) == 0);
}

static void expect_found(const char *exe_rel, const char *want_rel)
{
	char exe[PATH_MAX], want[PATH_MAX], buf[PATH_MAX];
	const char *got;

	snprintf(exe, sizeof(exe), "%s/%s", tmp, exe_rel);
	snprintf(want, sizeof(want), "%s/%s", tmp, want_rel);
	got = datadir_find_from(exe, buf, sizeof(buf));
	EXPECT(got != NULL);
	if (got && strcmp(got, want))
		fprintf(stderr, "  %s: found %s, want %s\n", exe_rel, got, want);
	EXPECT(got && !strcmp(got, want));
}

static void test_installed(void)
{
	make_data("prefix/share/hmmbench", "prefix/bin");
	expect_found("prefix/bin/hmmbench", "prefix/bin/../share/hmmbench");
}

static void test_source_tree(void)
{
	make_data("src", "src/runners");
	expect_found("src/runners/hmmbench", "src/runners/..");
}

static void test_environment_wins(void)
{
	char data[PATH_MAX], exe[PATH_MAX], buf[PATH_MAX];

	snprintf(data, sizeof(data), "%s/src", tmp);
	snprintf(exe, sizeof(exe), "%s/prefix/bin/hmmbench", tmp);
	setenv("HMMBENCH_DATADIR", data, 1);
	EXPECT(datadir_find_from(exe, buf, sizeof(buf)) && !strcmp(buf, data));
	setenv("HMMBENCH_DATADIR", "/nonexistent-hmmbench-data", 1);
	EXPECT(datadir_find_from(exe, buf, sizeof(buf)) == NULL);
	unsetenv("HMMBENCH_DATADIR");
}

static void test_nothing_found(void)
{
	char exe[PATH_MAX], buf[PATH_MAX];

	snprintf(exe, sizeof(exe), "%s/elsewhere/bin/hmmbench", tmp);
	EXPECT(datadir_find_from(exe, buf, sizeof(buf)) == NULL);
	EXPECT(strstr(buf, "elsewhere/bin/../share/hmmbench") != NULL);
	EXPECT(datadir_find_from(NULL, buf, sizeof(buf)) == NULL);
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "installed: PREFIX/share/hmmbench", test_installed },
		{ "source tree: runners/..", test_source_tree },
		{ "HMMBENCH_DATADIR wins", test_environment_wins },
		{ "nothing found", test_nothing_found },
	};
	char tmpl[] = "/tmp/hmmbench-datadir-XXXXXX", cmd[PATH_MAX];
	int rc;

	unsetenv("HMMBENCH_DATADIR");
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	snprintf(tmp, sizeof(tmp), "%s", tmpl);
	rc = RUN_TESTS(tests);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmp);
	return rc;
}
