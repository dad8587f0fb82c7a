// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "util/cli_flag.h"

int cli_flag_value(const char *cmd, int argc, char **argv, int *i, const char *name,
		   const char **value)
{
	const char *word = argv[*i];
	size_t len = strlen(name);

	if (strncmp(word, name, len) || (word[len] && word[len] != '='))
		return 0;
	if (word[len] == '=') {
		*value = word + len + 1;
	} else if (*i + 1 < argc) {
		*value = argv[++*i];
	} else {
		fprintf(stderr, "hmmbench %s: %s needs a value\n", cmd, name);
		return -1;
	}
	return 1;
}
