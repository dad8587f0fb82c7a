/* SPDX-License-Identifier: GPL-2.0 */
/* Writing a results document to its file. */
#ifndef HMMBENCH_RESULTS_WRITE_H
#define HMMBENCH_RESULTS_WRITE_H

#include <jansson.h>
#include <stddef.h>

/*
 * Write doc to path atomically: a temporary file in the same directory,
 * fsync, rename over path, fsync the directory. On failure path is left as
 * it was, the temporary file is removed, and err names the path and cause.
 */
int results_write_atomic(const json_t *doc, const char *path, char *err, size_t errlen);

/* All of @buf to @fd: 0, or -1 with errno set (-EIO for a write that made no progress). */
int results_write_all(int fd, const char *buf, size_t len);

#endif
