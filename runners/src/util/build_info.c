// SPDX-License-Identifier: GPL-2.0
/*
 * The only object compiled with the version and the revision: the Makefile
 * rebuilds it whenever the revision changes, so no other object keeps a
 * stale one.
 */
#include "util/build_info.h"

#ifndef HMMBENCH_VERSION
#define HMMBENCH_VERSION "unknown"
#endif
#ifndef HMMBENCH_GIT_REV
#define HMMBENCH_GIT_REV "unknown"
#endif

const char *build_info_version(void)
{
	return HMMBENCH_VERSION;
}

const char *build_info_git_rev(void)
{
	return HMMBENCH_GIT_REV;
}
