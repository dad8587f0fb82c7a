/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Selecting configurations by name: 'hmmbench run --only' and 'hmmbench
 * compare --only' take the same PATTERN[,PATTERN...] list and match it
 * here, so the two cannot drift apart. Each pattern is an fnmatch(3) glob
 * without flags, so '*' also matches '/': "fault-*" selects both fault
 * operations, "*thp*" every THP configuration, and an exact name
 * ("snapshot/4k/2M/fixed/none", what 'hmmbench ab' passes) matches itself.
 * A comma always separates patterns. Every pattern counts its matches, so
 * a caller can refuse a pattern that selected nothing (usually a typo).
 */
#ifndef HMMBENCH_NAME_PATTERNS_H
#define HMMBENCH_NAME_PATTERNS_H

#include <stddef.h>

struct name_patterns {
	char **globs;
	size_t *hits;		/* names each glob matched so far */
	size_t nr;
};

/*
 * Split @list at commas. 0, or -1 with err set (an empty list or pattern,
 * or no memory). name_patterns_free() is safe after either.
 */
int name_patterns_parse(const char *list, struct name_patterns *p, char *err, size_t errlen);

/* Whether @name matches any pattern; counts a hit on every one it matches. */
int name_patterns_match(struct name_patterns *p, const char *name);

/* The first pattern with no hit yet, or NULL when every one matched something. */
const char *name_patterns_unmatched(const struct name_patterns *p);

void name_patterns_free(struct name_patterns *p);

#endif
