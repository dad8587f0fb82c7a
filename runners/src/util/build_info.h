/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What runner this is: the hmmbench version (bench-module/Kbuild's, which
 * the module reports too) and the git revision it was built from, for
 * results contexts and 'hmmbench info'.
 */
#ifndef HMMBENCH_UTIL_BUILD_INFO_H
#define HMMBENCH_UTIL_BUILD_INFO_H

/* "0.1.0", or "unknown" for a build without the Makefile's definitions. */
const char *build_info_version(void);

/* The 12-digit revision, "-dirty" appended for a modified tree, or "unknown". */
const char *build_info_git_rev(void);

#endif
