// SPDX-License-Identifier: GPL-2.0
/* Compare and formats reports read back (ratio_report.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/ratio_report.h"
#include "util/errmsg.h"

int ratio_report_is_report(const json_t *doc)
{
	return json_is_object(doc) && (json_object_get(doc, "hmmbench_compare") ||
				       json_object_get(doc, "hmmbench_formats"));
}

static const char *param(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(row, "parameters"), key));

	return s ? s : "";
}

static double number(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static void read_row(const json_t *row, int formats, struct ratio_report_row *r)
{
	const json_t *ci = json_object_get(row, "ratio_ci");
	const char *table = json_string_value(json_object_get(row, "table"));

	r->op = param(row, "op");
	r->kind = param(row, "kind");
	r->pattern = param(row, "pattern");
	r->size_label = param(row, "size_label");
	r->size = json_integer_value(json_object_get(json_object_get(row, "parameters"), "size"));
	r->series = formats ? (table ? table : "") : param(row, "format");
	r->ratio = number(json_object_get(row, "ratio"));
	r->ci_low = number(json_array_get(ci, 0));
	r->ci_high = number(json_array_get(ci, 1));
}

int ratio_report_read(json_t *doc, struct ratio_report *r, char *err, size_t errlen)
{
	const json_t *rows = json_object_get(doc, "configurations"), *row;
	const json_t *side, *t;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (!json_is_array(rows)) {
		errmsg_set(err, errlen, "the report has no configurations array");
		return -EINVAL;
	}
	r->formats = json_object_get(doc, "hmmbench_formats") != NULL;
	side = r->formats ? doc : json_object_get(doc, "new");
	t = r->formats ? json_object_get(doc, "threshold") :
			 json_object_get(json_object_get(doc, "options"), "threshold");
	r->mode = json_string_value(json_object_get(side, "mode"));
	r->kernel = json_string_value(json_object_get(side, "kernel"));
	r->date = json_string_value(json_object_get(side, "date"));
	r->base_kernel = r->formats ? NULL :
			 json_string_value(json_object_get(json_object_get(doc, "base"), "kernel"));
	r->threshold = number(t);
	r->rows = calloc(json_array_size(rows) + 1, sizeof(*r->rows));
	if (!r->rows) {
		errmsg_set(err, errlen, "out of memory");
		return -ENOMEM;
	}
	json_array_foreach(rows, i, row)
		read_row(row, r->formats, &r->rows[r->nr_rows++]);
	r->doc = json_incref(doc);
	return 0;
}

void ratio_report_free(struct ratio_report *r)
{
	free(r->rows);
	json_decref(r->doc);
	memset(r, 0, sizeof(*r));
}
