// SPDX-License-Identifier: GPL-2.0
/* progress.c: ETA arithmetic, formatting, and silence off a terminal. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "progress.h"

static void test_eta(void)
{
	EXPECT_NEAR(progress_eta(10, 0.25), 30, 1e-9);	/* a quarter in 10 s: 30 s to go */
	EXPECT_NEAR(progress_eta(60, 0.5), 60, 1e-9);
	EXPECT_NEAR(progress_eta(5, 1.0), 0, 1e-9);
	EXPECT_NEAR(progress_eta(0, 0.0), -1, 1e-9);	/* nothing done: unknown */
	EXPECT_NEAR(progress_eta(3, -0.1), -1, 1e-9);
}

static void test_durations(void)
{
	static const struct {
		double seconds;
		const char *text;
	} cases[] = {
		{ 0, "0s" }, { 42.4, "42s" }, { 59.6, "1m00s" }, { 187, "3m07s" },
		{ 3599, "59m59s" }, { 3720, "1h02m" }, { -1, "?" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		progress_format_duration(cases[i].seconds, buf, sizeof(buf));
		if (strcmp(buf, cases[i].text))
			fprintf(stderr, "  %g s -> '%s', want '%s'\n", cases[i].seconds, buf,
				cases[i].text);
		EXPECT(!strcmp(buf, cases[i].text));
	}
}

static void test_line(void)
{
	char buf[256];

	progress_format_line(buf, sizeof(buf), 7, 150, "snapshot/4k/2M/fixed/none", 65, 160);
	EXPECT(!strcmp(buf, "[  7/150] snapshot/4k/2M/fixed/none  elapsed 1m05s, about 2m40s left"));
	progress_format_line(buf, sizeof(buf), 1, 9, "x", 0, -1);
	EXPECT(!strcmp(buf, "[1/9] x  elapsed 0s"));
}

static size_t read_all(int fd, char *buf, size_t len)
{
	size_t used = 0;
	ssize_t n;

	while (used + 1 < len && (n = read(fd, buf + used, len - 1 - used)) > 0)
		used += (size_t)n;
	buf[used] = '\0';
	return used;
}

static void test_silent_off_terminal(void)
{
	FILE *f = tmpfile();
	struct progress p;
	char buf[512];

	progress_init(&p, f, 3, 0);
	EXPECT(!p.tty);
	for (size_t i = 1; i <= 3; i++)
		progress_update(&p, i, 0, "config");
	EXPECT_EQ_INT(ftell(f), 0);
	progress_finish(&p, 3, "visits");
	rewind(f);
	EXPECT(fgets(buf, sizeof(buf), f) != NULL);
	EXPECT(!strncmp(buf, "hmmbench: 3 of 3 visits in ", 27));
	EXPECT(fgets(buf, sizeof(buf), f) == NULL);	/* one line, nothing else */
	fclose(f);
}

static void test_terminal_redraws(void)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY), slave;
	struct progress p;
	char buf[2048];
	FILE *out;

	EXPECT(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0);
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	EXPECT(slave >= 0);
	out = fdopen(slave, "w");
	progress_init(&p, out, 2, 10);
	EXPECT(p.tty);
	progress_update(&p, 1, 0, "first");
	progress_update(&p, 2, 5, "second");
	progress_finish(&p, 2, "visits");
	fclose(out);
	read_all(master, buf, sizeof(buf));
	close(master);
	/* In place: '\r' before each line, cleared to the end, no newline until the summary. */
	EXPECT(strstr(buf, "\r[1/2] first  elapsed 0s\033[K") != NULL);
	EXPECT(strstr(buf, "\r[2/2] second  elapsed 0s, about 0s left\033[K") != NULL);
	EXPECT(strstr(buf, "\r\033[Khmmbench: 2 of 2 visits in 0s") != NULL);
	EXPECT(strchr(buf, '\n') == strrchr(buf, '\n'));
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "eta", test_eta },
		{ "durations", test_durations },
		{ "line", test_line },
		{ "silent off a terminal", test_silent_off_terminal },
		{ "terminal redraws", test_terminal_redraws },
	};

	return RUN_TESTS(tests);
}
