/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Numbers from the command line and from matrix files. Both parsers take
 * the whole text or nothing: no sign, no surrounding blanks, no trailing
 * characters, so "-1" is never read as a huge unsigned value. Callers word
 * the error, since only they know which flag or field was wrong.
 */
#ifndef HMMBENCH_PARSE_NUMBER_H
#define HMMBENCH_PARSE_NUMBER_H

/*
 * An unsigned integer in [@min, @max]; @base as strtoull() (10, or 0 to
 * also take 0x... hex). 0 with *out set, or -1.
 */
int parse_number_u64(const char *text, int base, unsigned long long min,
		     unsigned long long max, unsigned long long *out);

/* A finite number in [@lo, @hi]. 0 with *out set, or -1. */
int parse_number_double(const char *text, double lo, double hi, double *out);

#endif
