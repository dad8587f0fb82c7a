#!/usr/bin/python3
"""Validate a hmmbench results document against results/schema.json.

Usage: validate-results.py FILE [SCHEMA]; exit 0 when valid, 1 (printing the
first error) otherwise.
"""
import json
import sys

import jsonschema

doc = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2] if len(sys.argv) > 2 else "results/schema.json"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:1]:
    print("  invalid at /%s: %s" % ("/".join(map(str, e.path)), e.message[:200]))
sys.exit(1 if errors else 0)
