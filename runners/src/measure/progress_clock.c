// SPDX-License-Identifier: GPL-2.0
/* The progress line's clocks; see progress_clock.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "measure/progress_clock.h"

#define ENV_NAME	"HMMBENCH_PROGRESS_CLOCK"
/*
 * How often to look at a clock sleeps do not follow. Guest seconds under
 * -icount last up to several host seconds, so this stays well under the
 * line's interval; the RTC read is a handful of port accesses.
 */
#define FILE_CLOCK_POLL_S	0.25

static double monotonic_now(const struct progress_clock *c)
{
	struct timespec ts;

	(void)c;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_clock_monotonic(struct progress_clock *c)
{
	memset(c, 0, sizeof(*c));
	c->now = monotonic_now;
	c->fd = -1;
}

/* -1 when the file does not hold a number now. */
static double read_seconds(int fd)
{
	char buf[64], *end;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	double v;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	errno = 0;
	v = strtod(buf, &end);
	if (errno || end == buf || (*end && *end != '\n') || !(v >= 0))
		return -1;
	return v;
}

static double file_now(const struct progress_clock *c)
{
	return read_seconds(c->fd);
}

int progress_clock_file(struct progress_clock *c, const char *path, char *err, size_t len)
{
	progress_clock_monotonic(c);
	c->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->fd < 0) {
		snprintf(err, len, "%s=%s: %s", ENV_NAME, path, strerror(errno));
		return -1;
	}
	if (read_seconds(c->fd) < 0) {
		snprintf(err, len, "%s=%s: does not hold a number of seconds", ENV_NAME, path);
		progress_clock_close(c);
		return -1;
	}
	c->now = file_now;
	c->poll = FILE_CLOCK_POLL_S;
	return 0;
}

int progress_clock_from_env(struct progress_clock *c, char *err, size_t len)
{
	const char *path = getenv(ENV_NAME);

	if (!path || !*path) {
		progress_clock_monotonic(c);
		return 0;
	}
	return progress_clock_file(c, path, err, len);
}

void progress_clock_close(struct progress_clock *c)
{
	if (c->fd >= 0)
		close(c->fd);
	progress_clock_monotonic(c);
}
