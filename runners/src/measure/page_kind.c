// SPDX-License-Identifier: GPL-2.0
/* The page kinds a buffer can be made of: names, parsing, granules. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "measure/page_kind.h"

static const char *const kind_names[PAGE_KIND_COUNT] = { "4k", "thp", "hugetlb2m" };

const char *page_kind_name(enum page_kind kind)
{
	return kind < PAGE_KIND_COUNT ? kind_names[kind] : "unknown";
}

int page_kind_parse(const char *text, enum page_kind *kind)
{
	for (int i = 0; i < PAGE_KIND_COUNT; i++) {
		if (!strcmp(text, kind_names[i])) {
			*kind = i;
			return 0;
		}
	}
	return -EINVAL;
}

int page_kind_parse_list(const char *text, unsigned int *mask, char *err, size_t err_len)
{
	char buf[128], *save = NULL, *item;
	enum page_kind kind;

	*mask = 0;
	if (!strcmp(text, "all")) {
		*mask = PAGE_KINDS_ALL;
		return 0;
	}
	if (strlen(text) >= sizeof(buf) || !*text) {
		snprintf(err, err_len, "bad page kind list '%s'", text);
		return -EINVAL;
	}
	strcpy(buf, text);
	for (item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		if (page_kind_parse(item, &kind)) {
			snprintf(err, err_len, "unknown page kind '%s' (want 4k, thp, hugetlb2m or all)", item);
			return -EINVAL;
		}
		*mask |= 1U << kind;
	}
	if (!*mask) {
		snprintf(err, err_len, "bad page kind list '%s'", text);
		return -EINVAL;
	}
	return 0;
}

size_t page_kind_granule(enum page_kind kind)
{
	return kind == PAGE_KIND_4K ? (size_t)sysconf(_SC_PAGESIZE) : HUGE_2M;
}

