// SPDX-License-Identifier: GPL-2.0
/*
 * The parameter matrix: presets, matrix files, flag overrides, expansion
 * into named configurations, and the seeded interleaved run order.
 *
 * Presets are written in the matrix-file syntax and go through the same
 * parser, so a preset and a file can never mean different things.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "measure/matrix.h"
#include "util/rng.h"
#include "util/errmsg.h"
#include "util/file_text.h"
#include "util/parse_number.h"

/*
 * default: a few minutes per kernel under QEMU (the largest range is 16 MiB
 * = 4096 pages; every visit maps and populates its range again, so rounds
 * cost more than samples); 10 samples is stats.h's STATS_DEFAULT_MIN_SAMPLES.
 * Every device format, so the formats picture is complete; table: formats
 * run only on a kernel with the flag-table patch.
 */
static const char preset_default[] =
	"ops = snapshot, fault-unpopulated, fault-present\n"
	"kinds = 4k, thp, hugetlb2m\n"
	"sizes = 4K, 64K, 2M, 16M\n"
	"formats = fixed, convert:v416, convert:nouveau, convert:amdgpu, "
	"table:v416, table:nouveau, table:amdgpu\n"
	"patterns = none, all, alternate\n"
	"samples = 10\n"
	"warmup = 2\n"
	"rounds = 3\n";

/* tiny: seconds, for tests and smoke runs. */
static const char preset_tiny[] =
	"ops = snapshot, fault-unpopulated\n"
	"kinds = 4k, thp\n"
	"sizes = 4K, 2M\n"
	"formats = fixed, convert:nouveau\n"
	"patterns = none\n"
	"samples = 3\n"
	"warmup = 1\n"
	"rounds = 3\n";

/* full: for native test hardware; ranges up to 1 GiB, every table. */
static const char preset_full[] =
	"ops = snapshot, fault-unpopulated, fault-present\n"
	"kinds = 4k, thp, hugetlb2m\n"
	"sizes = 4K, 16K, 64K, 256K, 1M, 2M, 8M, 32M, 128M, 512M, 1G\n"
	"formats = fixed, convert:v416, convert:nouveau, convert:amdgpu, "
	"table:v416, table:nouveau, table:amdgpu\n"
	"patterns = none, all, alternate, every:8\n"
	"samples = 30\n"
	"warmup = 3\n"
	"rounds = 10\n";

static const struct {
	const char *name;
	const char *text;
} presets[] = {
	{ "default", preset_default },
	{ "tiny", preset_tiny },
	{ "full", preset_full },
};

static const char *const keys[] = {
	"ops", "kinds", "sizes", "formats", "patterns", "samples", "warmup", "rounds", "seed",
};
#define NR_KEYS (sizeof(keys) / sizeof(keys[0]))

const char *const matrix_flags[] = {
	"--matrix", "--ops", "--kinds", "--sizes", "--formats", "--patterns",
	"--samples", "--warmup", "--rounds", "--seed", NULL,
};

static const char *const op_names[MATRIX_NR_OPS] = {
	[MATRIX_OP_SNAPSHOT] = "snapshot",
	[MATRIX_OP_FAULT_UNPOPULATED] = "fault-unpopulated",
	[MATRIX_OP_FAULT_PRESENT] = "fault-present",
};


const char *matrix_op_name(enum matrix_op op)
{
	return op < MATRIX_NR_OPS ? op_names[op] : "?";
}


uint32_t matrix_op_uapi(enum matrix_op op)
{
	return op == MATRIX_OP_SNAPSHOT ? HMM_BENCH_OP_SNAPSHOT : HMM_BENCH_OP_FAULT;
}

int matrix_op_prefaults(enum matrix_op op)
{
	return op != MATRIX_OP_FAULT_UNPOPULATED;
}

int matrix_size_to_string(uint64_t size, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int unit = -1;

	while (unit < 3 && size && size % 1024 == 0) {
		size /= 1024;
		unit++;
	}
	if (unit < 0)
		return snprintf(buf, len, "%llu", (unsigned long long)size);
	return snprintf(buf, len, "%llu%c", (unsigned long long)size, units[unit]);
}

int matrix_size_parse(const char *text, uint64_t *size, char *err, size_t errlen)
{
	unsigned long long n = 0, mult = 1;
	const char *p = text;

	if (!isdigit((unsigned char)*p)) {
		errmsg_set(err, errlen, "'%s' is not a size (e.g. 4K, 2M, 1G)", text);
		return -EINVAL;
	}
	while (isdigit((unsigned char)*p)) {
		if (n > (~0ULL - 9) / 10) {
			errmsg_set(err, errlen, "'%s' is too large", text);
			return -EINVAL;
		}
		n = n * 10 + (unsigned long long)(*p++ - '0');
	}
	switch (toupper((unsigned char)*p)) {
	case 'K': mult = 1ULL << 10; p++; break;
	case 'M': mult = 1ULL << 20; p++; break;
	case 'G': mult = 1ULL << 30; p++; break;
	}
	if (mult > 1 && (!strcmp(p, "iB") || !strcmp(p, "B")))
		p += strlen(p);
	if (*p) {
		errmsg_set(err, errlen, "'%s' is not a size (e.g. 4K, 2M, 1G; units are binary)", text);
		return -EINVAL;
	}
	if (n > HMM_BENCH_MAX_LEN / mult || n * mult > HMM_BENCH_MAX_LEN) {
		errmsg_set(err, errlen, "'%s' is over the module's limit of 4G per call", text);
		return -EINVAL;
	}
	n *= mult;
	if (n < MATRIX_MIN_SIZE || n % MATRIX_MIN_SIZE) {
		errmsg_set(err, errlen, "'%s' is not a positive multiple of 4K", text);
		return -EINVAL;
	}
	*size = n;
	return 0;
}

static int parse_uint(const char *text, unsigned long long max, unsigned long long *out,
		      char *err, size_t errlen)
{
	if (parse_number_u64(text, 0, 0, ULLONG_MAX, out)) {
		errmsg_set(err, errlen, "'%s' is not a number", text);
		return -EINVAL;
	}
	if (*out > max) {
		errmsg_set(err, errlen, "'%s' is over the limit of %llu", text, max);
		return -EINVAL;
	}
	return 0;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int lookup(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

/* One item of a list dimension: parse it into slot @i of the right array. */
static int parse_item(struct matrix_values *v, const char *key, char *item, size_t i,
		      char *err, size_t errlen)
{
	int idx;

	if (!strcmp(key, "ops")) {
		idx = lookup(op_names, MATRIX_NR_OPS, item);
		if (idx < 0) {
			errmsg_set(err, errlen, "unknown operation '%s' (want snapshot, "
			     "fault-unpopulated, fault-present)", item);
			return -EINVAL;
		}
		v->ops[i] = (enum matrix_op)idx;
		return 0;
	}
	if (!strcmp(key, "kinds")) {
		if (page_kind_parse(item, &v->kinds[i])) {
			errmsg_set(err, errlen, "unknown page kind '%s' (want 4k, thp, hugetlb2m)", item);
			return -EINVAL;
		}
		return 0;
	}
	if (!strcmp(key, "sizes"))
		return matrix_size_parse(item, &v->sizes[i], err, errlen);
	if (!strcmp(key, "formats"))
		return format_parse(item, &v->formats[i], err, errlen);
	/* patterns */
	if (!strncmp(item, "bitmap:", 7)) {
		errmsg_set(err, errlen, "write pattern '%s': bitmap patterns are for single runs; "
		     "the matrix takes none, all, alternate, every:N", item);
		return -EINVAL;
	}
	return write_pattern_parse(item, &v->patterns[i], err, errlen);
}

/* Whether item @i equals an earlier one (a duplicate would duplicate names). */
static int same_item(const struct matrix_values *v, const char *key, size_t i, size_t j)
{
	if (!strcmp(key, "ops"))
		return v->ops[i] == v->ops[j];
	if (!strcmp(key, "kinds"))
		return v->kinds[i] == v->kinds[j];
	if (!strcmp(key, "sizes"))
		return v->sizes[i] == v->sizes[j];
	if (!strcmp(key, "formats"))
		return v->formats[i].format == v->formats[j].format &&
		       !strcmp(v->formats[i].table_name, v->formats[j].table_name);
	return v->patterns[i].kind == v->patterns[j].kind &&
	       v->patterns[i].every == v->patterns[j].every;
}

static size_t list_capacity(const char *key)
{
	if (!strcmp(key, "ops"))
		return MATRIX_NR_OPS;
	if (!strcmp(key, "kinds"))
		return PAGE_KIND_COUNT;
	return MATRIX_MAX_VALUES;
}

static size_t *list_count(struct matrix_values *v, const char *key)
{
	if (!strcmp(key, "ops"))
		return &v->nr_ops;
	if (!strcmp(key, "kinds"))
		return &v->nr_kinds;
	if (!strcmp(key, "sizes"))
		return &v->nr_sizes;
	if (!strcmp(key, "formats"))
		return &v->nr_formats;
	return &v->nr_patterns;
}

/*
 * Set one key from its value text. Errors carry no prefix: the caller adds
 * "FILE:LINE: key: " or "--key 'value': ".
 */
static int set_key(struct matrix_values *v, const char *key, const char *value,
		   char *err, size_t errlen)
{
	unsigned long long n;
	char buf[1024], *save = NULL, *item;
	struct matrix_values scratch = *v;
	size_t count = 0, commas = 0;

	if (!strcmp(key, "samples") || !strcmp(key, "warmup") || !strcmp(key, "rounds") ||
	    !strcmp(key, "seed")) {
		unsigned long long max = !strcmp(key, "warmup") ? HMM_BENCH_MAX_WARMUP :
					 !strcmp(key, "seed") ? (uint64_t)INT64_MAX : HMM_BENCH_MAX_SAMPLES;

		if (parse_uint(value, max, &n, err, errlen))
			return -EINVAL;
		if (n == 0 && (!strcmp(key, "samples") || !strcmp(key, "rounds"))) {
			errmsg_set(err, errlen, "must be at least 1");
			return -EINVAL;
		}
		if (!strcmp(key, "samples"))
			v->samples = (unsigned int)n;
		else if (!strcmp(key, "warmup"))
			v->warmup = (unsigned int)n;
		else if (!strcmp(key, "rounds"))
			v->rounds = (unsigned int)n;
		else {
			v->seed = n;
			v->seed_set = 1;
		}
		return 0;
	}

	if (strlen(value) >= sizeof(buf)) {
		errmsg_set(err, errlen, "list too long");
		return -EINVAL;
	}
	strcpy(buf, value);
	/* Count commas first: strtok_r would silently skip "a,,b". */
	for (const char *c = value; *c; c++)
		commas += *c == ',';
	if (commas + 1 > list_capacity(key)) {
		errmsg_set(err, errlen, "more than %zu values", list_capacity(key));
		return -EINVAL;
	}
	for (char *p = buf;; p = NULL) {
		item = strtok_r(p, ",", &save);
		if (!item)
			break;
		item = trim(item);
		if (!*item) {
			errmsg_set(err, errlen, "empty item in the list");
			return -EINVAL;
		}
		if (parse_item(&scratch, key, item, count, err, errlen))
			return -EINVAL;
		for (size_t j = 0; j < count; j++) {
			if (same_item(&scratch, key, count, j)) {
				errmsg_set(err, errlen, "'%s' is listed twice", item);
				return -EINVAL;
			}
		}
		count++;
	}
	/* strtok_r skips empty items: "a,,b", ",a" and "a," have fewer than commas + 1. */
	if (count != commas + 1) {
		errmsg_set(err, errlen, "empty item in the list");
		return -EINVAL;
	}
	*v = scratch;
	*list_count(v, key) = count;
	return 0;
}

int matrix_parse_text(const char *text, const char *origin, struct matrix_values *v,
		      char *err, size_t errlen)
{
	int seen_line[NR_KEYS] = { 0 };
	const char *line = text;
	int lineno = 0;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[1200], msg[512], *hash, *eq, *key, *value;
		int k;

		lineno++;
		if (len >= sizeof(buf)) {
			errmsg_set(err, errlen, "%s:%d: line too long", origin, lineno);
			return -EINVAL;
		}
		memcpy(buf, line, len);
		buf[len] = '\0';
		line += len + (nl ? 1 : 0);

		hash = strchr(buf, '#');
		if (hash)
			*hash = '\0';
		key = trim(buf);
		if (!*key)
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			errmsg_set(err, errlen, "%s:%d: expected 'key = value[, value...]', got '%s'",
			     origin, lineno, key);
			return -EINVAL;
		}
		*eq = '\0';
		value = trim(eq + 1);
		key = trim(key);
		k = lookup(keys, NR_KEYS, key);
		if (k < 0) {
			errmsg_set(err, errlen, "%s:%d: unknown key '%s' (known: ops, kinds, sizes, "
			     "formats, patterns, samples, warmup, rounds, seed)", origin, lineno, key);
			return -EINVAL;
		}
		if (seen_line[k]) {
			errmsg_set(err, errlen, "%s:%d: '%s' is already set on line %d", origin, lineno,
			     key, seen_line[k]);
			return -EINVAL;
		}
		seen_line[k] = lineno;
		if (!*value) {
			errmsg_set(err, errlen, "%s:%d: %s: no value", origin, lineno, key);
			return -EINVAL;
		}
		if (set_key(v, key, value, msg, sizeof(msg))) {
			errmsg_set(err, errlen, "%s:%d: %s: %s", origin, lineno, key, msg);
			return -EINVAL;
		}
	}
	return 0;
}

static const char *preset_text(const char *name)
{
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		if (!strcmp(presets[i].name, name))
			return presets[i].text;
	return NULL;
}

void matrix_spec_init(struct matrix_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	strcpy(spec->base, "default");
}

int matrix_spec_flag(struct matrix_spec *spec, const char *flag, const char *value,
		     char *err, size_t errlen)
{
	struct matrix_values scratch;
	char msg[512];
	const char *key;
	size_t i;

	if (lookup(matrix_flags, sizeof(matrix_flags) / sizeof(matrix_flags[0]) - 1, flag) < 0)
		return 0;
	if (!value) {
		errmsg_set(err, errlen, "%s needs a value", flag);
		return -1;
	}
	if (!strcmp(flag, "--matrix")) {
		if (!*value || strlen(value) >= sizeof(spec->base)) {
			errmsg_set(err, errlen, "--matrix '%s': want default, tiny, full or a file", value);
			return -1;
		}
		strcpy(spec->base, value);
		return 1;
	}
	key = flag + 2;
	memset(&scratch, 0, sizeof(scratch));
	if (!*value) {
		errmsg_set(err, errlen, "%s '': no value", flag);
		return -1;
	}
	if (set_key(&scratch, key, value, msg, sizeof(msg))) {
		errmsg_set(err, errlen, "%s '%s': %s", flag, value, msg);
		return -1;
	}
	/* A repeated flag replaces the earlier one, as the last word wins. */
	for (i = 0; i < spec->nr_overrides; i++)
		if (!strcmp(spec->overrides[i].key, key))
			break;
	if (i == MATRIX_MAX_OVERRIDES || strlen(value) >= sizeof(spec->overrides[i].value)) {
		errmsg_set(err, errlen, "%s '%s': too long", flag, value);
		return -1;
	}
	snprintf(spec->overrides[i].key, sizeof(spec->overrides[i].key), "%s", key);
	strcpy(spec->overrides[i].value, value);
	if (i == spec->nr_overrides)
		spec->nr_overrides++;
	return 1;
}

static char *read_file(const char *path, char *err, size_t errlen)
{
	size_t len;
	char *text = file_text_read(path, 1U << 20, &len);

	if (!text) {
		if (errno == EFBIG)
			errmsg_set(err, errlen, "--matrix '%s': over 1 MiB, not a matrix file", path);
		else
			errmsg_set(err, errlen, "--matrix '%s': cannot read it: %s (presets are "
				   "default, tiny, full)", path, strerror(errno));
		return NULL;
	}
	if (strlen(text) != len) {
		errmsg_set(err, errlen, "--matrix '%s': not a text file", path);
		free(text);
		return NULL;
	}
	return text;
}

/* 63 bits: results files keep the seed as a JSON integer, exact up to 2^63 - 1. */
static uint64_t draw_seed(void)
{
	uint64_t seed;
	struct timespec ts;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) == (ssize_t)sizeof(seed))
		return seed >> 1;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)getpid()) >> 1;
}

int matrix_build(const struct matrix_spec *spec, struct matrix *m, char *err, size_t errlen)
{
	const char *text = preset_text(spec->base);
	struct matrix_values v;
	size_t used;
	int rc;

	memset(m, 0, sizeof(*m));
	memset(&v, 0, sizeof(v));
	/* A file states what differs from the default preset. */
	if (!text) {
		char *file = read_file(spec->base, err, errlen);

		if (!file)
			return -1;
		rc = matrix_parse_text(preset_default, "matrix 'default'", &v, err, errlen);
		if (!rc)
			rc = matrix_parse_text(file, spec->base, &v, err, errlen);
		free(file);
		used = (size_t)snprintf(m->source, sizeof(m->source), "file %s", spec->base);
	} else {
		rc = matrix_parse_text(text, spec->base, &v, err, errlen);
		used = (size_t)snprintf(m->source, sizeof(m->source), "preset %s", spec->base);
	}
	if (rc)
		return -1;
	for (size_t i = 0; i < spec->nr_overrides; i++) {
		char msg[512];

		if (set_key(&v, spec->overrides[i].key, spec->overrides[i].value, msg,
			    sizeof(msg))) {
			errmsg_set(err, errlen, "--%s '%s': %s", spec->overrides[i].key,
			     spec->overrides[i].value, msg);
			return -1;
		}
		if (used < sizeof(m->source))
			used += (size_t)snprintf(m->source + used, sizeof(m->source) - used,
						 ", --%s %s", spec->overrides[i].key,
						 spec->overrides[i].value);
	}
	m->seed = v.seed_set ? v.seed : draw_seed();
	m->seed_given = v.seed_set;
	return matrix_expand(&v, m, err, errlen);
}

/* Why @size cannot run with @kind, or NULL; a caveat goes into note. */
static const char *size_problem(enum page_kind kind, uint64_t size, char *note, size_t len)
{
	note[0] = '\0';
	(void)len;
	/* Smaller or ragged THP ranges would measure 4 KiB pages under another name. */
	if (size % page_kind_granule(kind))
		return kind == PAGE_KIND_HUGETLB_2M ? "hugetlb2m needs a multiple of 2M" :
						      "thp needs a multiple of 2M";
	return NULL;
}

static void config_name(const struct matrix_config *c, char *buf, size_t len)
{
	char size[24], format[32], pattern[32];

	matrix_size_to_string(c->size, size, sizeof(size));
	format_to_string(&c->format, format, sizeof(format));
	write_pattern_to_string(&c->pattern, pattern, sizeof(pattern));
	snprintf(buf, len, "%s/%s/%s/%s/%s", matrix_op_name(c->op), page_kind_name(c->kind),
		 size, format, pattern);
}

int matrix_expand(const struct matrix_values *v, struct matrix *m, char *err, size_t errlen)
{
	static const struct write_pattern none = { .kind = HMM_BENCH_WRITE_NONE };
	size_t max = v->nr_ops * v->nr_kinds * v->nr_sizes * v->nr_formats *
		     (v->nr_patterns ? v->nr_patterns : 1);

	if (!v->nr_ops || !v->nr_kinds || !v->nr_sizes || !v->nr_formats || !v->nr_patterns ||
	    !v->samples || !v->rounds) {
		errmsg_set(err, errlen, "the matrix is missing a dimension (ops, kinds, sizes, formats, "
		     "patterns, samples and rounds are all needed)");
		return -1;
	}
	m->values = *v;
	m->configs = calloc(max, sizeof(*m->configs));
	m->dropped = calloc(max, sizeof(*m->dropped));
	if (!m->configs || !m->dropped) {
		errmsg_set(err, errlen, "out of memory for %zu configurations", max);
		matrix_free(m);
		return -1;
	}
	m->rounds = v->rounds < v->samples ? v->rounds : v->samples;

	for (size_t o = 0; o < v->nr_ops; o++)
	for (size_t k = 0; k < v->nr_kinds; k++)
	for (size_t s = 0; s < v->nr_sizes; s++)
	for (size_t f = 0; f < v->nr_formats; f++)
	for (size_t p = 0; p < v->nr_patterns; p++) {
		struct matrix_config c = {
			.op = v->ops[o],
			.kind = v->kinds[k],
			.size = v->sizes[s],
			.format = v->formats[f],
			.pattern = v->patterns[p],
		};
		const char *why;

		/*
		 * Write requests only mean something to faults: a snapshot
		 * runs once per other combination, with "none", whatever the
		 * pattern list says.
		 */
		if (c.op == MATRIX_OP_SNAPSHOT) {
			if (p > 0)
				continue;
			c.pattern = none;
		}
		why = size_problem(c.kind, c.size, c.note, sizeof(c.note));
		config_name(&c, c.name, sizeof(c.name));
		if (why) {
			struct matrix_dropped *d = &m->dropped[m->nr_dropped++];

			snprintf(d->name, sizeof(d->name), "%s", c.name);
			snprintf(d->reason, sizeof(d->reason), "%s", why);
			continue;
		}
		m->configs[m->nr_configs++] = c;
	}
	if (!m->nr_configs) {
		errmsg_set(err, errlen, "every configuration of the matrix is invalid (first: %s: %s)",
		     m->dropped[0].name, m->dropped[0].reason);
		matrix_free(m);
		return -1;
	}
	return 0;
}

size_t matrix_drop_if(struct matrix *m,
		      int (*why)(const struct matrix_config *c, void *ctx, char *reason,
				 size_t len),
		      void *ctx)
{
	size_t kept = 0, dropped = 0;

	for (size_t i = 0; i < m->nr_configs; i++) {
		char reason[MATRIX_NOTE_LEN] = "";

		if (why(&m->configs[i], ctx, reason, sizeof(reason))) {
			struct matrix_dropped *d = &m->dropped[m->nr_dropped++];

			snprintf(d->name, sizeof(d->name), "%s", m->configs[i].name);
			snprintf(d->reason, sizeof(d->reason), "%s", reason);
			dropped++;
			continue;
		}
		m->configs[kept++] = m->configs[i];
	}
	m->nr_configs = kept;
	return dropped;
}

int matrix_schedule(struct matrix *m)
{
	size_t n = m->nr_configs, *perm;
	unsigned int base = m->values.samples / m->rounds;
	unsigned int extra = m->values.samples % m->rounds;
	struct rng rng;

	free(m->order);
	m->order = calloc((size_t)m->rounds * n, sizeof(*m->order));
	perm = calloc(n ? n : 1, sizeof(*perm));
	if (!m->order || !perm) {
		free(perm);
		return -ENOMEM;
	}
	rng_seed(&rng, m->seed);
	m->nr_visits = 0;
	for (unsigned int r = 0; r < m->rounds; r++) {
		for (size_t i = 0; i < n; i++)
			perm[i] = i;
		rng_shuffle_indices(&rng, perm, n);
		for (size_t i = 0; i < n; i++) {
			struct matrix_visit *visit = &m->order[m->nr_visits++];

			visit->config = perm[i];
			visit->round = r;
			/* The first rounds take the remainder, so totals are exact. */
			visit->samples = base + (r < extra ? 1 : 0);
		}
	}
	free(perm);
	return 0;
}

double matrix_visit_cost(const struct matrix *m, const struct matrix_visit *visit)
{
	const struct matrix_config *c = &m->configs[visit->config];
	/* A per-call overhead of ~16 pages' worth keeps tiny ranges from costing 0. */
	double pages = (double)(c->size / MATRIX_MIN_SIZE) + 16.0;

	return (double)(m->values.warmup + visit->samples) * pages;
}

static size_t append(char *buf, size_t len, size_t used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t append(char *buf, size_t len, size_t used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (used >= len)
		return used;
	va_start(ap, fmt);
	n = vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
	return n < 0 ? used : used + (size_t)n;
}

int matrix_describe(const struct matrix *m, char *buf, size_t len)
{
	const struct matrix_values *v = &m->values;
	char item[64];
	size_t used = 0;

	used = append(buf, len, used, "matrix from %s: ops", m->source);
	for (size_t i = 0; i < v->nr_ops; i++)
		used = append(buf, len, used, "%s%s", i ? "," : " ", matrix_op_name(v->ops[i]));
	used = append(buf, len, used, "; kinds");
	for (size_t i = 0; i < v->nr_kinds; i++)
		used = append(buf, len, used, "%s%s", i ? "," : " ",
			      page_kind_name(v->kinds[i]));
	used = append(buf, len, used, "; sizes");
	for (size_t i = 0; i < v->nr_sizes; i++) {
		matrix_size_to_string(v->sizes[i], item, sizeof(item));
		used = append(buf, len, used, "%s%s", i ? "," : " ", item);
	}
	used = append(buf, len, used, "; formats");
	for (size_t i = 0; i < v->nr_formats; i++) {
		format_to_string(&v->formats[i], item, sizeof(item));
		used = append(buf, len, used, "%s%s", i ? "," : " ", item);
	}
	used = append(buf, len, used, "; patterns");
	for (size_t i = 0; i < v->nr_patterns; i++) {
		write_pattern_to_string(&v->patterns[i], item, sizeof(item));
		used = append(buf, len, used, "%s%s", i ? "," : " ", item);
	}
	used = append(buf, len, used, " (fault ops only; snapshot runs with none)");
	used = append(buf, len, used,
		      "; %u samples per configuration in %u interleaved rounds%s, %u warm-up "
		      "calls before each visit; seed %llu (%s); %zu configurations, %zu dropped",
		      v->samples, m->rounds, m->rounds < v->rounds ? " (rounds capped at samples)" : "",
		      v->warmup, (unsigned long long)m->seed, m->seed_given ? "given" : "drawn",
		      m->nr_configs, m->nr_dropped);
	return (int)used;
}

void matrix_free(struct matrix *m)
{
	free(m->configs);
	free(m->dropped);
	free(m->order);
	m->configs = NULL;
	m->dropped = NULL;
	m->order = NULL;
	m->nr_configs = m->nr_dropped = m->nr_visits = 0;
}
