// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/file_text.h"

int file_text_read_small(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

long file_text_read_long(const char *path)
{
	char buf[64], *end;
	long v;

	if (file_text_read_small(path, buf, sizeof(buf)))
		return -1;
	v = strtol(buf, &end, 10);
	return end == buf ? -1 : v;
}

char *file_text_read(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t used = 0, cap = 0, got;
	int saved;

	if (!f)
		return NULL;
	do {
		if (cap - used < 4096) {
			char *bigger;

			if (cap > max) {
				errno = EFBIG;
				goto fail;
			}
			bigger = realloc(text, cap ? cap * 2 : 65536);
			if (!bigger)
				goto fail;
			text = bigger;
			cap = cap ? cap * 2 : 65536;
		}
		got = fread(text + used, 1, cap - used - 1, f);
		used += got;
	} while (got);
	if (ferror(f)) {
		errno = EIO;
		goto fail;
	}
	if (used > max) {
		errno = EFBIG;
		goto fail;
	}
	fclose(f);
	text[used] = '\0';
	if (len)
		*len = used;
	return text;
fail:
	saved = errno;
	free(text);
	fclose(f);
	errno = saved;
	return NULL;
}
