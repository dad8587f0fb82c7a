/* SPDX-License-Identifier: GPL-2.0 */
/* Reading text files whole: sysfs and procfs values, config and matrix files. */
#ifndef HMMBENCH_FILE_TEXT_H
#define HMMBENCH_FILE_TEXT_H

#include <stddef.h>

/*
 * A small file (a sysfs value) into @buf, NUL-terminated, trailing newlines
 * and blanks removed; what does not fit is cut. 0, or -errno.
 */
int file_text_read_small(const char *path, char *buf, size_t len);

/* The number a small file holds (sysfs counters), or -1 when unreadable or not a number. */
long file_text_read_long(const char *path);

/*
 * The whole file, malloc'd and NUL-terminated, its length in *len (may be
 * NULL; an embedded NUL makes strlen() shorter than *len). NULL with errno
 * set on failure, EFBIG when it is over @max bytes.
 */
char *file_text_read(const char *path, size_t max, size_t *len);

#endif
