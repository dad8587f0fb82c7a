// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot/gnuplot.h"

const char *gnuplot_script_dir(char *buf, size_t len)
{
	const char *env = getenv("HMMBENCH_PLOTDIR");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return "plots";
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	if (snprintf(buf, len, "%s/../plots", exe) >= (int)len)
		return "plots";
	return buf;
}

int gnuplot_run(const char *dir, const char *script, const char *assignments)
{
	char path[PATH_MAX];
	int status;
	pid_t pid;

	if (snprintf(path, sizeof(path), "%s/%s", dir, script) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		execlp("gnuplot", "gnuplot", "-e", assignments, path, (char *)NULL);
		fprintf(stderr, "hmmbench: cannot run gnuplot: %s (install gnuplot-nox)\n",
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}
