/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal test runner for hmmbench's unit tests: each test is a function,
 * each failed expectation prints where and why, and the program ends with
 * the line "N passed, N failed" that tests/check.sh adds up. A test that
 * ran no EXPECT at all asserted nothing: it fails, and so does a program
 * with no test.
 */
#ifndef HMMBENCH_TEST_CHECK_H
#define HMMBENCH_TEST_CHECK_H

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

static int test_failures;
static long test_expectations;

static inline void test_expect(int ok, const char *what, const char *file, int line)
{
	test_expectations++;
	if (!ok) {
		test_failures++;
		fprintf(stderr, "  %s:%d: expected %s\n", file, line, what);
	}
}

#define EXPECT(cond) test_expect(!!(cond), #cond, __FILE__, __LINE__)

#define EXPECT_EQ_INT(a, b) do {						\
	long long a_ = (a), b_ = (b);						\
	if (a_ != b_)								\
		fprintf(stderr, "  %s == %lld, want %lld\n", #a, a_, b_);	\
	test_expect(a_ == b_, #a " == " #b, __FILE__, __LINE__);		\
} while (0)

#define EXPECT_NEAR(a, b, tol) do {						\
	double a_ = (a), b_ = (b);						\
	if (!(fabs(a_ - b_) <= (tol)))						\
		fprintf(stderr, "  %s == %.12g, want %.12g\n", #a, a_, b_);	\
	test_expect(fabs(a_ - b_) <= (tol), #a " near " #b, __FILE__, __LINE__); \
} while (0)

static inline int run_tests(const struct test_case *tests, size_t n)
{
	int passed = 0, failed = 0;

	for (size_t i = 0; i < n; i++) {
		int before = test_failures;
		long expected = test_expectations;

		tests[i].fn();
		if (test_expectations == expected) {
			failed++;
			printf("FAIL %s (no EXPECT ran)\n", tests[i].name);
		} else if (test_failures == before) {
			passed++;
			printf("ok %s\n", tests[i].name);
		} else {
			failed++;
			printf("FAIL %s\n", tests[i].name);
		}
	}
	if (n == 0) {
		failed++;
		printf("FAIL no test to run\n");
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

#define RUN_TESTS(array) run_tests(array, sizeof(array) / sizeof((array)[0]))

/*
 * Write @len bytes to @root@rel, its directories made first: a file of a
 * fake sysfs or /proc tree. Expectations, so a failure is reported.
 */
static inline void test_put_file(const char *root, const char *rel, const void *data, size_t len)
{
	char path[4096], cmd[8300];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	EXPECT(system(cmd) == 0);
	f = fopen(path, "wb");
	EXPECT(f != NULL);
	if (f) {
		EXPECT(fwrite(data, 1, len, f) == len);
		fclose(f);
	}
}

#endif
