// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/datadir.h"
#include "util/exit_codes.h"
#include "util/script_exec.h"

int script_exec(const char *command, const char *script, int argc, char **argv)
{
	char exe[PATH_MAX], data[PATH_MAX], path[2 * PATH_MAX];
	char **args = calloc((size_t)argc + 2, sizeof(*args));

	if (!args || !datadir_self_exe(exe, sizeof(exe))) {
		fprintf(stderr, "hmmbench %s: cannot locate the runner's binary\n", command);
		free(args);
		return EXIT_USAGE;
	}
	if (!datadir_find_from(exe, data, sizeof(data))) {
		fprintf(stderr, "hmmbench %s: no data directory (looked in %s; set HMMBENCH_DATADIR)\n",
			command, data);
		free(args);
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "%s/runners/%s", data, script);
	/* The scripts call this very binary, wherever it was installed. */
	if (setenv("HMMBENCH_BIN", exe, 1)) {
		fprintf(stderr, "hmmbench %s: setenv: %s\n", command, strerror(errno));
		free(args);
		return EXIT_USAGE;
	}
	args[0] = "bash";
	args[1] = path;
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	execvp("bash", args);
	fprintf(stderr, "hmmbench %s: cannot run %s: %s\n", command, path, strerror(errno));
	free(args);
	return EXIT_USAGE;
}
