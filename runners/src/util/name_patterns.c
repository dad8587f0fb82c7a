// SPDX-License-Identifier: GPL-2.0
/* Configuration names against PATTERN[,PATTERN] globs (name_patterns.h). */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/name_patterns.h"

int name_patterns_parse(const char *list, struct name_patterns *p, char *err, size_t errlen)
{
	const char *at = list;

	memset(p, 0, sizeof(*p));
	if (!list || !*list) {
		snprintf(err, errlen, "an empty pattern list: want PATTERN[,PATTERN...]");
		return -1;
	}
	for (;;) {
		const char *comma = strchr(at, ',');
		size_t len = comma ? (size_t)(comma - at) : strlen(at);
		char **globs;
		size_t *hits;

		if (!len) {
			snprintf(err, errlen, "'%s' has an empty pattern (two commas, or one at an end)",
				 list);
			return -1;
		}
		globs = realloc(p->globs, (p->nr + 1) * sizeof(*globs));
		if (globs)
			p->globs = globs;
		hits = realloc(p->hits, (p->nr + 1) * sizeof(*hits));
		if (hits)
			p->hits = hits;
		if (!globs || !hits || !(p->globs[p->nr] = strndup(at, len))) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		p->hits[p->nr++] = 0;
		if (!comma)
			return 0;
		at = comma + 1;
	}
}

int name_patterns_match(struct name_patterns *p, const char *name)
{
	int matched = 0;

	for (size_t i = 0; i < p->nr; i++)
		if (!fnmatch(p->globs[i], name, 0)) {
			p->hits[i]++;
			matched = 1;
		}
	return matched;
}

const char *name_patterns_unmatched(const struct name_patterns *p)
{
	for (size_t i = 0; i < p->nr; i++)
		if (!p->hits[i])
			return p->globs[i];
	return NULL;
}

void name_patterns_free(struct name_patterns *p)
{
	for (size_t i = 0; i < p->nr; i++)
		free(p->globs[i]);
	free(p->globs);
	free(p->hits);
	memset(p, 0, sizeof(*p));
}
