// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench ab: the A/B driver lives in runners/ab.sh (it boots QEMU guests
 * through runners/qemu/guest-run.sh); this command finds it beside the
 * runner binary and hands over its arguments.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

int cmd_ab(int argc, char **argv)
{
	char exe[PATH_MAX], script[PATH_MAX + 16];
	char **args = calloc((size_t)argc + 2, sizeof(*args));
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (!args || n <= 0) {
		fprintf(stderr, "hmmbench ab: cannot locate the runner's directory\n");
		free(args);
		return EXIT_USAGE;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(script, sizeof(script), "%s/ab.sh", exe);
	args[0] = "bash";
	args[1] = script;
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	execvp("bash", args);
	fprintf(stderr, "hmmbench ab: cannot run %s: %s\n", script, strerror(errno));
	free(args);
	return EXIT_USAGE;
}
