// SPDX-License-Identifier: GPL-2.0
/*
 * The runner's layering, checked from its #include lines
 * (runners/README.md states the rules):
 *   - a file includes project headers of its own layer or of layers below,
 *     never above (the order is LAYERS[] below);
 *   - the modules (X.c with X.h) include one another without a cycle;
 *   - only cmd/ includes the command table, cmd/commands.h;
 *   - every .c outside cmd/ has a header of the same name beside it;
 *   - no command calls another: cmd/cmd_X.c names no cmd_Y() (main.c
 *     dispatches them all).
 * Run from the top of the tree (tests/check.sh does); HMMBENCH_SRC
 * overrides the source directory.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static const char *const LAYERS[] = {
	"util", "stats", "measure", "results", "analysis", "plot", "check", "cmd",
};
#define NR_LAYERS (sizeof(LAYERS) / sizeof(LAYERS[0]))

#define MAX_MODULES	256
#define MAX_EDGES	64
#define NAME_LEN	128

struct module {
	char name[NAME_LEN];	/* "results/merge" */
	int layer;
	int has_c, has_h;
	char deps[MAX_EDGES][NAME_LEN];
	size_t nr_deps;
	int state;		/* depth-first search: 0 new, 1 on the stack, 2 done */
};

struct tree {
	struct module mods[MAX_MODULES];
	size_t nr;
	int problems;
	int quiet;		/* planted violations: count them, print nothing */
};

static int layer_of(const char *dir)
{
	for (size_t i = 0; i < NR_LAYERS; i++)
		if (!strcmp(dir, LAYERS[i]))
			return (int)i;
	return -1;
}

static struct module *module_get(struct tree *t, const char *name)
{
	for (size_t i = 0; i < t->nr; i++)
		if (!strcmp(t->mods[i].name, name))
			return &t->mods[i];
	if (t->nr == MAX_MODULES)
		return NULL;
	memset(&t->mods[t->nr], 0, sizeof(t->mods[t->nr]));
	snprintf(t->mods[t->nr].name, NAME_LEN, "%s", name);
	return &t->mods[t->nr++];
}

static void problem(struct tree *t, const char *fmt, const char *a, const char *b)
{
	t->problems++;
	if (t->quiet)
		return;
	fprintf(stderr, "  layering: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
}

/* Record the project includes of SRC/dir/file as dependencies of its module. */
static void scan_file(struct tree *t, const char *src, const char *dir, const char *file)
{
	char path[512], line[512], name[NAME_LEN], self[NAME_LEN + 4];
	size_t len = strlen(file);
	struct module *m;
	FILE *f;

	snprintf(name, sizeof(name), "%s/%.*s", dir, (int)(len - 2), file);
	snprintf(self, sizeof(self), "%s/%s", dir, file);
	m = module_get(t, name);
	if (!m)
		return;
	m->layer = layer_of(dir);
	if (file[len - 1] == 'c')
		m->has_c = 1;
	else
		m->has_h = 1;
	snprintf(path, sizeof(path), "%s/%s/%s", src, dir, file);
	f = fopen(path, "r");
	if (!f) {
		problem(t, "%s: %s", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char inc[NAME_LEN], *slash;
		int to_layer;

		if (sscanf(line, "#include \"%127[^\"]\"", inc) != 1)
			continue;
		slash = strchr(inc, '/');
		if (!slash)
			continue;	/* the module's UAPI header: beneath every layer */
		*slash = '\0';
		to_layer = layer_of(inc);
		*slash = '/';
		if (to_layer < 0) {
			problem(t, "%s includes \"%s\", in no layer", self, inc);
			continue;
		}
		if (to_layer > m->layer)
			problem(t, "%s includes \"%s\" from a layer above", self, inc);
		if (!strcmp(inc, "cmd/commands.h") && m->layer != layer_of("cmd"))
			problem(t, "%s includes the command table \"%s\"", self, inc);
		len = strlen(inc);
		if (len > 2 && !strcmp(inc + len - 2, ".h") && m->nr_deps < MAX_EDGES) {
			inc[len - 2] = '\0';
			if (strcmp(inc, name))
				snprintf(m->deps[m->nr_deps++], NAME_LEN, "%s", inc);
		}
	}
	fclose(f);
}

static int scan_tree(struct tree *t, const char *src, int quiet)
{
	memset(t, 0, sizeof(*t));
	t->quiet = quiet;
	for (size_t l = 0; l < NR_LAYERS; l++) {
		char path[512];
		struct dirent *e;
		DIR *d;

		snprintf(path, sizeof(path), "%s/%s", src, LAYERS[l]);
		d = opendir(path);
		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);

			if (len > 2 && e->d_name[len - 2] == '.' &&
			    (e->d_name[len - 1] == 'c' || e->d_name[len - 1] == 'h'))
				scan_file(t, src, LAYERS[l], e->d_name);
		}
		closedir(d);
	}
	return (int)t->nr;
}

/* 1 when a cycle runs through @m (printing it), else 0. */
static int visit(struct tree *t, struct module *m)
{
	if (m->state == 2)
		return 0;
	if (m->state == 1) {
		problem(t, "include cycle through %s%s", m->name, "");
		return 1;
	}
	m->state = 1;
	for (size_t i = 0; i < m->nr_deps; i++) {
		struct module *d = NULL;

		for (size_t k = 0; k < t->nr; k++)
			if (!strcmp(t->mods[k].name, m->deps[i]))
				d = &t->mods[k];
		if (!d) {
			problem(t, "%s includes %s.h, which does not exist", m->name, m->deps[i]);
			continue;
		}
		if (visit(t, d)) {
			if (!t->quiet)
				fprintf(stderr, "    from %s\n", m->name);
			m->state = 2;
			return 1;
		}
	}
	m->state = 2;
	return 0;
}

static void check_tree(struct tree *t)
{
	for (size_t i = 0; i < t->nr; i++) {
		struct module *m = &t->mods[i];

		if (m->has_c && !m->has_h && m->layer != layer_of("cmd"))
			problem(t, "%s.c has no header %s.h", m->name, m->name);
	}
	for (size_t i = 0; i < t->nr; i++)
		if (visit(t, &t->mods[i]))
			break;
}

/* Calls of another command's entry point in SRC/cmd/cmd_*.c; each printed. */
static int commands_calling_commands(const char *src)
{
	char path[512], line[1024];
	struct dirent *e;
	int calls = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/cmd", src);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		FILE *f;

		if (strncmp(e->d_name, "cmd_", 4) || len < 3 || strcmp(e->d_name + len - 2, ".c"))
			continue;
		snprintf(path, sizeof(path), "%s/cmd/%s", src, e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			for (char *p = strstr(line, "cmd_"); p; p = strstr(p + 1, "cmd_")) {
				size_t n = 0;

				if (p > line && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z')))
					continue;
				while (p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z'))
					n++;
				if (p[n] != '(' || (n == len - 2 && !strncmp(p, e->d_name, n)))
					continue;
				fprintf(stderr, "  layering: %s calls %.*s()\n", e->d_name, (int)n, p);
				calls++;
			}
		}
		fclose(f);
	}
	closedir(d);
	return calls;
}

static void test_no_command_calls_another(void)
{
	const char *src = getenv("HMMBENCH_SRC") ? getenv("HMMBENCH_SRC") : "runners/src";

	EXPECT_EQ_INT(commands_calling_commands(src), 0);
}

static void test_runner_layers(void)
{
	const char *src = getenv("HMMBENCH_SRC") ? getenv("HMMBENCH_SRC") : "runners/src";
	static struct tree t;

	EXPECT(scan_tree(&t, src, 0) > 50);
	check_tree(&t);
	EXPECT_EQ_INT(t.problems, 0);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* The checker itself: a planted upward include and a planted cycle are both found. */
static void test_planted_violations(void)
{
	char dir[] = "/tmp/hmmbench-layers-XXXXXX", path[512];
	static struct tree t;

	if (!mkdtemp(dir)) {
		EXPECT(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/util", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/results", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/util/low.h", dir);
	write_file(path, "#include \"results/high.h\"\n");
	snprintf(path, sizeof(path), "%s/results/high.h", dir);
	write_file(path, "#include \"results/other.h\"\n");
	snprintf(path, sizeof(path), "%s/results/other.h", dir);
	write_file(path, "#include \"results/high.h\"\n");
	snprintf(path, sizeof(path), "%s/results/lonely.c", dir);
	write_file(path, "\n");

	scan_tree(&t, dir, 1);
	check_tree(&t);
	/* upward include, missing header, cycle */
	EXPECT_EQ_INT(t.problems, 3);

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	EXPECT(system(path) == 0);
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "planted violations are found", test_planted_violations },
		{ "runner layers include only downwards, without cycles", test_runner_layers },
		{ "no command calls another", test_no_command_calls_another },
	};

	return run_tests(tests, sizeof(tests) / sizeof(tests[0]));
}
