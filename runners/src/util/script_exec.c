// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/exit_codes.h"
#include "util/script_exec.h"

int script_exec(const char *command, const char *script, int argc, char **argv)
{
	char exe[PATH_MAX], path[PATH_MAX + 64];
	char **args = calloc((size_t)argc + 2, sizeof(*args));
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (!args || n <= 0) {
		fprintf(stderr, "hmmbench %s: cannot locate the runner's directory\n", command);
		free(args);
		return EXIT_USAGE;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(path, sizeof(path), "%s/%s", exe, script);
	args[0] = "bash";
	args[1] = path;
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	execvp("bash", args);
	fprintf(stderr, "hmmbench %s: cannot run %s: %s\n", command, path, strerror(errno));
	free(args);
	return EXIT_USAGE;
}
