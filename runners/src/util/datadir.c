// SPDX-License-Identifier: GPL-2.0
/* Finding the data directory (util/datadir.h gives the lookup order). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/datadir.h"

#define DATADIR_MARKER	"plots/common.gp"

static int holds_data(const char *dir)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/" DATADIR_MARKER, dir) >= (int)sizeof(path))
		return 0;
	return access(path, R_OK) == 0;
}

const char *datadir_self_exe(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	if (n <= 0 || (size_t)n >= len - 1)
		return NULL;
	buf[n] = '\0';
	return buf;
}

const char *datadir_find_from(const char *exe, char *buf, size_t len)
{
	static const char *const rel[] = { "/../share/hmmbench", "/.." };
	const char *env = getenv("HMMBENCH_DATADIR");
	const char *slash = exe ? strrchr(exe, '/') : NULL;
	int dirlen = slash ? (int)(slash - exe) : 0;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return holds_data(buf) ? buf : NULL;
	}
	for (size_t i = 0; slash && i < sizeof(rel) / sizeof(rel[0]); i++) {
		if (snprintf(buf, len, "%.*s%s", dirlen, exe, rel[i]) >= (int)len)
			continue;
		if (holds_data(buf))
			return buf;
	}
	snprintf(buf, len, "%.*s/../share/hmmbench or %.*s/..", dirlen, exe ? exe : "",
		 dirlen, exe ? exe : "");
	return NULL;
}

const char *datadir_find(char *buf, size_t len)
{
	char exe[PATH_MAX];

	return datadir_find_from(datadir_self_exe(exe, sizeof(exe)), buf, len);
}
