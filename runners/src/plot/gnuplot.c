// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot/gnuplot.h"
#include "util/datadir.h"

const char *gnuplot_script_dir(char *buf, size_t len)
{
	const char *env = getenv("HMMBENCH_PLOTDIR");
	char data[PATH_MAX];

	if (env && *env)
		return env;
	if (!datadir_find(data, sizeof(data)) ||
	    snprintf(buf, len, "%s/plots", data) >= (int)len)
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
