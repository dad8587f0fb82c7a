// SPDX-License-Identifier: GPL-2.0
/*
 * cache_model.c - set-associative LRU caches (cache_model.h).
 */
#include "cache_model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_MODEL_INVALID UINT64_MAX
#define CACHE_MODEL_MAX_WAYS 64

const struct cache_model_geometry cache_model_default_l1i = { 32 * 1024, 8, 64 };
const struct cache_model_geometry cache_model_default_l1d = { 32 * 1024, 8, 64 };
const struct cache_model_geometry cache_model_default_l2 = { 1024 * 1024, 8, 64 };
const struct cache_model_geometry cache_model_default_llc = { 32 * 1024 * 1024, 16, 64 };

int cache_model_geometry_check(const struct cache_model_geometry *g)
{
	uint64_t set_bytes;

	if (g->line_bytes < 4 || g->line_bytes > 4096 || (g->line_bytes & (g->line_bytes - 1)))
		return -EINVAL;
	if (g->ways < 1 || g->ways > CACHE_MODEL_MAX_WAYS)
		return -EINVAL;
	set_bytes = (uint64_t)g->ways * g->line_bytes;
	if (g->size_bytes < set_bytes || g->size_bytes % set_bytes)
		return -EINVAL;
	return 0;
}

/* "123", "32K", "1M" as bytes; 0 or -EINVAL. */
static int cache_model_parse_size(const char *text, const char *end, uint64_t *bytes)
{
	uint64_t v = 0, unit = 1;
	const char *p = text;

	if (p == end)
		return -EINVAL;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > UINT64_MAX / 10 / (1024 * 1024))
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (p == text)
		return -EINVAL;
	if (p < end && (*p == 'K' || *p == 'k')) {
		unit = 1024;
		p++;
	} else if (p < end && (*p == 'M' || *p == 'm')) {
		unit = 1024 * 1024;
		p++;
	}
	if (p != end)
		return -EINVAL;
	*bytes = v * unit;
	return 0;
}

int cache_model_geometry_parse(const char *text, struct cache_model_geometry *g)
{
	const char *c1 = strchr(text, ':');
	const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	uint64_t ways, line;

	if (!c2 || strchr(c2 + 1, ':'))
		return -EINVAL;
	if (cache_model_parse_size(text, c1, &g->size_bytes) ||
	    cache_model_parse_size(c1 + 1, c2, &ways) ||
	    cache_model_parse_size(c2 + 1, c2 + 1 + strlen(c2 + 1), &line))
		return -EINVAL;
	if (ways > CACHE_MODEL_MAX_WAYS || line > 4096)
		return -EINVAL;
	g->ways = (unsigned int)ways;
	g->line_bytes = (unsigned int)line;
	return cache_model_geometry_check(g);
}

int cache_model_level_init(struct cache_model_level *level, const struct cache_model_geometry *g)
{
	uint64_t slots, i;

	memset(level, 0, sizeof(*level));
	if (cache_model_geometry_check(g))
		return -EINVAL;
	level->geometry = *g;
	level->nr_sets = g->size_bytes / ((uint64_t)g->ways * g->line_bytes);
	/* Every access picks a set: a mask, where it can be, spares a division. */
	if (!(level->nr_sets & (level->nr_sets - 1)))
		level->set_mask = level->nr_sets - 1;
	while ((1u << level->line_shift) < g->line_bytes)
		level->line_shift++;
	slots = level->nr_sets * g->ways;
	level->tags = malloc(slots * sizeof(*level->tags));
	level->last_use = calloc(slots, sizeof(*level->last_use));
	if (!level->tags || !level->last_use) {
		cache_model_level_free(level);
		return -ENOMEM;
	}
	for (i = 0; i < slots; i++)
		level->tags[i] = CACHE_MODEL_INVALID;
	return 0;
}

void cache_model_level_free(struct cache_model_level *level)
{
	free(level->tags);
	free(level->last_use);
	level->tags = NULL;
	level->last_use = NULL;
}

bool cache_model_level_access(struct cache_model_level *level, uint64_t addr)
{
	uint64_t line = addr >> level->line_shift;
	unsigned int ways = level->geometry.ways;
	uint64_t set = level->set_mask ? line & level->set_mask : line % level->nr_sets;
	uint64_t *tags = level->tags + set * ways;
	uint64_t *last_use = level->last_use + set * ways;
	unsigned int w, victim = 0;

	level->accesses++;
	level->clock++;
	for (w = 0; w < ways; w++) {
		if (tags[w] == line) {
			last_use[w] = level->clock;
			return true;
		}
		/* An empty way has stamp 0, older than any line's. */
		if (last_use[w] < last_use[victim])
			victim = w;
	}
	level->misses++;
	tags[victim] = line;
	last_use[victim] = level->clock;
	return false;
}

int cache_model_init(struct cache_model *m, const struct cache_model_geometry *l1i,
		     const struct cache_model_geometry *l1d, const struct cache_model_geometry *l2,
		     const struct cache_model_geometry *llc)
{
	int ret;

	memset(m, 0, sizeof(*m));
	ret = cache_model_level_init(&m->l1i, l1i);
	if (!ret)
		ret = cache_model_level_init(&m->l1d, l1d);
	if (!ret)
		ret = cache_model_level_init(&m->l2, l2);
	if (!ret && llc)
		ret = cache_model_level_init(&m->llc, llc);
	if (ret)
		cache_model_free(m);
	return ret;
}

void cache_model_free(struct cache_model *m)
{
	cache_model_level_free(&m->l1i);
	cache_model_level_free(&m->l1d);
	cache_model_level_free(&m->l2);
	cache_model_level_free(&m->llc);
}

unsigned int cache_model_access(struct cache_model *m, struct cache_model_level *llc,
			enum cache_model_kind kind, uint64_t addr, unsigned int size)
{
	struct cache_model_level *l1 = kind == CACHE_MODEL_FETCH ? &m->l1i : &m->l1d;
	uint64_t line_bytes = l1->geometry.line_bytes;
	uint64_t first = addr & ~(line_bytes - 1);
	uint64_t last = (addr + (size ? size : 1) - 1) & ~(line_bytes - 1);
	/* Counted, not compared: an access at the top of the space wraps. */
	uint64_t nr_lines = ((last - first) >> l1->line_shift) + 1;
	uint64_t a = first;
	unsigned int from_memory = 0;

	if (!llc)
		llc = &m->llc;
	for (; nr_lines; nr_lines--, a += line_bytes) {
		if (cache_model_level_access(l1, a))
			continue;
		if (cache_model_level_access(&m->l2, a))
			continue;
		if (!cache_model_level_access(llc, a))
			from_memory++;
	}
	return from_memory;
}
