// SPDX-License-Identifier: GPL-2.0
/* progress.c: ETA arithmetic, formatting, plain-line timing off a terminal, the clocks. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "measure/progress.h"

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

/* A clock the test sets: the plain-line timing without sleeping. */
static double fake_seconds;

static double fake_now(const struct progress_clock *c)
{
	(void)c;
	return fake_seconds;
}

static const struct progress_clock fake_clock = { .now = fake_now, .fd = -1 };

/* Each line @f holds from the start, into @lines (up to @max); how many. */
static size_t read_lines(FILE *f, char lines[][512], size_t max)
{
	size_t n = 0;

	fflush(f);
	rewind(f);
	while (n < max && fgets(lines[n], 512, f))
		n++;
	return n;
}

/* A progress off a terminal (a temporary file), on the fake clock set to @at. */
static FILE *start_plain(struct progress *p, double at, size_t total, double total_cost)
{
	FILE *f = tmpfile();

	fake_seconds = at;
	progress_init(p, f, total, total_cost, &fake_clock);
	return f;
}

static int is_plain(const char *line)
{
	return !strncmp(line, PROGRESS_PLAIN_PREFIX, strlen(PROGRESS_PLAIN_PREFIX));
}

static void test_plain_line(void)
{
	struct progress p;
	char buf[512];
	FILE *f = start_plain(&p, 100, 150, 0);
	progress_set_kernel(&p, "6.12.117+deb12-amd64");
	progress_set_done(&p, 5, 50);
	p.step = 37;
	p.cost_done = 0;
	snprintf(p.label, sizeof(p.label), "fault-unpopulated/thp/2M/fixed/all");
	progress_format_plain(buf, sizeof(buf), &p, 65, 160);
	EXPECT(!strcmp(buf, "hmmbench: progress [37/150] 5/50 configurations done, elapsed 1m05s, "
		       "about 2m40s left, kernel 6.12.117+deb12-amd64, "
		       "at fault-unpopulated/thp/2M/fixed/all"));
	/* Nothing known yet: no estimate, no counts, no kernel. */
	progress_init(&p, f, 9, 0, &fake_clock);
	p.step = 1;
	progress_format_plain(buf, sizeof(buf), &p, 0, -1);
	EXPECT(!strcmp(buf, "hmmbench: progress [1/9] elapsed 0s"));
	fclose(f);
}

/* Off a terminal: a line at the first step, then once the last is 10 s old, never sooner. */
static void test_plain_at_steps(void)
{
	static const double step_at[] = { 0, 1, 4, 9.9, 10, 12, 19.9, 20.5, 21 };
	struct progress p;
	FILE *f = start_plain(&p, 1000, 10, 0);
	char lines[16][512];
	size_t n;

	EXPECT(!p.tty);
	for (size_t i = 0; i < sizeof(step_at) / sizeof(step_at[0]); i++) {
		fake_seconds = 1000 + step_at[i];
		progress_update(&p, i + 1, 0, "config");
	}
	fake_seconds = 1030;
	progress_finish(&p, 9, "visits");
	n = read_lines(f, lines, 16);
	EXPECT_EQ_INT(n, 4);	/* at 0, 10 and 20.5, then the summary */
	EXPECT(n == 4 && is_plain(lines[0]) && is_plain(lines[1]) && is_plain(lines[2]));
	EXPECT(n == 4 && strstr(lines[0], "[1/10] elapsed 0s, at config\n"));
	/* 4 of 10 steps done (counted, no costs) in 10 s: 15 s left. */
	EXPECT(n == 4 && strstr(lines[1], "[5/10] elapsed 10s, about 15s left, at config\n"));
	EXPECT(n == 4 && strstr(lines[2], "[8/10] elapsed 21s"));	/* 20.5 rounds up */
	EXPECT(n == 4 && !strcmp(lines[3], "hmmbench: 9 of 10 visits in 30s\n"));
	fclose(f);
}

/* One long step: the ticker's calls keep the lines coming, and say when the next is due. */
static void test_plain_ticks_in_a_long_step(void)
{
	struct progress p;
	FILE *f = start_plain(&p, 0, 2, 10);
	char lines[16][512];
	size_t n;

	EXPECT_NEAR(progress_tick(&p), PROGRESS_PLAIN_INTERVAL_S, 1e-9);	/* not started */
	n = read_lines(f, lines, 16);
	EXPECT_EQ_INT(n, 0);
	progress_update(&p, 1, 0, "huge");
	fake_seconds = 3;
	EXPECT_NEAR(progress_tick(&p), 7, 1e-9);
	fake_seconds = 10;
	EXPECT_NEAR(progress_tick(&p), PROGRESS_PLAIN_INTERVAL_S, 1e-9);	/* printed now */
	fake_seconds = 14;
	EXPECT_NEAR(progress_tick(&p), 6, 1e-9);
	fake_seconds = 21;
	progress_tick(&p);
	fake_seconds = 25;
	progress_update(&p, 2, 9, "small");	/* 4 s after the last: no line */
	fake_seconds = 31;
	progress_tick(&p);
	n = read_lines(f, lines, 16);
	EXPECT_EQ_INT(n, 4);	/* at 0, 10, 21 and 31 */
	EXPECT(n == 4 && strstr(lines[1], "[1/2] elapsed 10s, at huge\n"));
	EXPECT(n == 4 && strstr(lines[2], "[1/2] elapsed 21s, at huge\n"));
	/* 9 of 10 cost units done in 31 s. */
	EXPECT(n == 4 && strstr(lines[3], "[2/2] elapsed 31s, about 3s left, at small\n"));
	fclose(f);
}

/* The clock that follows the host in a guest: a file of seconds, read on every look. */
static void test_file_clock(void)
{
	char path[] = "/tmp/test_progress_clockXXXXXX", err[256];
	struct progress_clock c;
	int fd = mkstemp(path);

	EXPECT(fd >= 0);
	EXPECT(write(fd, "1796159749\n", 11) == 11);
	EXPECT_EQ_INT(progress_clock_file(&c, path, err, sizeof(err)), 0);
	EXPECT_NEAR(c.now(&c), 1796159749, 1e-9);
	EXPECT(c.poll > 0 && c.poll < 1);	/* sleeps do not follow it: look often */
	EXPECT(pwrite(fd, "1796159763\n", 11, 0) == 11);
	EXPECT_NEAR(c.now(&c), 1796159763, 1e-9);
	progress_clock_close(&c);
	EXPECT_EQ_INT(c.fd, -1);

	EXPECT(ftruncate(fd, 0) == 0 && pwrite(fd, "soon\n", 5, 0) == 5);
	EXPECT_EQ_INT(progress_clock_file(&c, path, err, sizeof(err)), -1);
	EXPECT(strstr(err, "does not hold a number of seconds") != NULL);
	close(fd);
	unlink(path);
	EXPECT_EQ_INT(progress_clock_file(&c, path, err, sizeof(err)), -1);
	EXPECT(strstr(err, "No such file") != NULL);

	setenv("HMMBENCH_PROGRESS_CLOCK", "", 1);	/* empty: the monotonic clock */
	EXPECT_EQ_INT(progress_clock_from_env(&c, err, sizeof(err)), 0);
	EXPECT(c.fd == -1 && c.poll == 0 && c.now(&c) > 0);
	unsetenv("HMMBENCH_PROGRESS_CLOCK");
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
	progress_init(&p, out, 2, 10, NULL);
	EXPECT(p.tty);
	progress_update(&p, 1, 0, "first");
	progress_update(&p, 2, 5, "second");
	EXPECT_NEAR(progress_tick(&p), PROGRESS_PLAIN_INTERVAL_S, 1e-9);	/* no plain line here */
	progress_finish(&p, 2, "visits");
	fclose(out);
	read_all(master, buf, sizeof(buf));
	close(master);
	/* In place: '\r' before each line, cleared to the end, no newline until the summary. */
	EXPECT(strstr(buf, "\r[1/2] first  elapsed 0s\033[K") != NULL);
	EXPECT(strstr(buf, "\r[2/2] second  elapsed 0s, about 0s left\033[K") != NULL);
	EXPECT(strstr(buf, "\r\033[Khmmbench: 2 of 2 visits in 0s") != NULL);
	EXPECT(strchr(buf, '\n') == strrchr(buf, '\n'));
	EXPECT(strstr(buf, PROGRESS_PLAIN_PREFIX) == NULL);
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "eta", test_eta },
		{ "durations", test_durations },
		{ "line", test_line },
		{ "plain line", test_plain_line },
		{ "plain lines at steps, 10 s apart", test_plain_at_steps },
		{ "plain lines during a long step", test_plain_ticks_in_a_long_step },
		{ "file clock", test_file_clock },
		{ "terminal redraws", test_terminal_redraws },
	};

	return RUN_TESTS(tests);
}
