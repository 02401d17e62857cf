#!/usr/bin/python3
"""Validates report files against Speakeasy's report schema.

usage: validate_reports.py SCHEMA REPORT.json...
Prints one line per invalid report (file, JSON path, message); exit 1 if any.
"""
import json
import sys

import jsonschema


def main() -> int:
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        report = json.load(open(path))
        for err in validator.iter_errors(report):
            bad += 1
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}: /{where}: {err.message[:300]}")
            break
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
