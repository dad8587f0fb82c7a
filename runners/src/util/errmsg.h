/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one-line error text that functions taking (char *err, size_t errlen)
 * hand back to their caller, who adds its own prefix and prints it.
 */
#ifndef HMMBENCH_ERRMSG_H
#define HMMBENCH_ERRMSG_H

#include <stddef.h>

/*
 * Format into @err (nothing when @err is NULL or @errlen 0). Returns -1, so
 * that a failing path can end with "return errmsg_set(...);".
 */
int errmsg_set(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
