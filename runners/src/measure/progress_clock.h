/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the progress line's time comes from: the time the user waits on.
 *
 * Natively that is CLOCK_MONOTONIC. In a QEMU guest run with -icount the
 * guest's clocks follow the instruction count, not the host: busy, they ran
 * about 4 times slower than the host here; idle, they jump ahead to the next
 * timer. A promise such as "a line at least every 15 s" would then be kept
 * in guest seconds only. The emulated RTC follows the host's clock whatever
 * the mode, so the guest names it in HMMBENCH_PROGRESS_CLOCK (a file holding
 * seconds, e.g. /sys/class/rtc/rtc0/since_epoch) and progress reads that.
 */
#ifndef HMMBENCH_PROGRESS_CLOCK_H
#define HMMBENCH_PROGRESS_CLOCK_H

#include <stddef.h>

struct progress_clock {
	/* Seconds from any origin; negative when the clock cannot be read. */
	double (*now)(const struct progress_clock *c);
	/*
	 * 0: a sleep on CLOCK_MONOTONIC lasts as long on this clock, so a waiter
	 * can sleep until a deadline. Otherwise the clock runs apart from the
	 * sleeps, and a waiter looks at it this often (monotonic seconds).
	 */
	double poll;
	int fd;			/* the file clock's file, -1 for the others */
};

void progress_clock_monotonic(struct progress_clock *c);

/*
 * The clock HMMBENCH_PROGRESS_CLOCK names, or the monotonic one when it is
 * unset or empty. 0, or -1 with @err set when the file cannot be read as a
 * number of seconds.
 */
int progress_clock_from_env(struct progress_clock *c, char *err, size_t len);

/* A clock reading whole or decimal seconds from @path, re-read on every look. */
int progress_clock_file(struct progress_clock *c, const char *path, char *err, size_t len);

void progress_clock_close(struct progress_clock *c);

#endif
