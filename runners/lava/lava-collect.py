#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""hmmbench lava collect OUTPUT_DIR|LOG [--out DIR]

Recovers what an hmmbench LAVA job (hmmbench lava job) brought back from
its log: the YAML log stream lava-run prints (hmmbench lava run keeps it in
OUTPUT_DIR/lava-run.log) or a LAVA server's job log (lavacli jobs logs
--raw ID; lines "- {dt: ..., lvl: ..., msg: ...}"). Each line is one YAML
mapping; measurements live only there, not in result.yaml.

Writes, in DIR (default: OUTPUT_DIR, or the LOG's directory):
  results.json  the guest's results document, decoded from the console
                lines between hmmbench-document-begin and -end (gzip,
                base64) and checked against the sha256 and size the guest
                sent with it
  cases.txt     one line per test case: "DEFINITION CASE RESULT
                [MEASUREMENT UNITS]", in the order they were reported

Exit: 0 every test case passed; 1 a test case failed (both files kept, the
failed cases named); 2 no usable job output: no log, a job that did not
finish (timed out, incomplete, or a log cut short), or a results document
missing, torn or corrupt while no case says why.
"""
import base64
import binascii
import gzip
import hashlib
import os
import re
import sys
import zlib

import yaml

PROG = "hmmbench lava collect"
BEGIN = re.compile(r"hmmbench-document-begin name=(\S+) bytes=(\d+) sha256=([0-9a-f]{64}) lines=(\d+)$")
LINE = re.compile(r"hmmbench-document (\d+) ([A-Za-z0-9+/=]+)$")
END = re.compile(r"hmmbench-document-end name=(\S+)$")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fail(code, text):
    print("%s: %s" % (PROG, text), file=sys.stderr)
    sys.exit(code)


def read_log(path):
    """The log's entries (dicts with lvl and msg); unparsable lines counted."""
    entries, bad = [], 0
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if line.startswith("- "):
                    line = line[2:]
                if not line.startswith("{"):
                    continue
                try:
                    e = yaml.load(line, Loader=Loader)
                except yaml.YAMLError:
                    bad += 1
                    continue
                if isinstance(e, dict) and "lvl" in e:
                    entries.append(e)
    except OSError as e:
        fail(2, "cannot read %s: %s" % (path, e.strerror))
    return entries, bad


def document(entries):
    """(name, bytes) of the one results document, or (None, reason)."""
    begin, lines, end = None, {}, False
    for e in entries:
        if e["lvl"] != "target" or not isinstance(e.get("msg"), str):
            continue
        msg = e["msg"].strip()
        if not msg.startswith("hmmbench-document"):
            continue
        m = BEGIN.match(msg)
        if m:
            if begin:
                return None, "two results documents in one job log: collect takes one"
            begin = m
            continue
        m = LINE.match(msg)
        if m and begin and not end:
            lines[int(m.group(1))] = m.group(2)
            continue
        m = END.match(msg)
        if m and begin:
            end = True
            continue
        return None, "a garbled document line: '%s'" % msg[:80]
    if not begin:
        return None, None
    name, size, sha, count = begin.group(1), int(begin.group(2)), begin.group(3), int(begin.group(4))
    missing = [i for i in range(1, count + 1) if i not in lines]
    if not end or missing:
        return None, ("the results document is torn: %d of its %d lines arrived%s"
                      % (count - len(missing), count, "" if end else ", and no end marker"))
    try:
        data = gzip.decompress(base64.b64decode("".join(lines[i] for i in range(1, count + 1)),
                                                validate=True))
    except (binascii.Error, OSError, EOFError, zlib.error) as e:
        return None, "the results document does not decode (%s): garbled in transfer" % e
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
        return None, ("the results document's checksum does not match (%d bytes, sha256 %s...; "
                      "the guest sent %d bytes, %s...)"
                      % (len(data), hashlib.sha256(data).hexdigest()[:12], size, sha[:12]))
    return name, data


def main():
    args = sys.argv[1:]
    out = None
    if "--out" in args:
        i = args.index("--out")
        if i + 1 >= len(args):
            fail(2, "--out needs a directory")
        out = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1 or args[0].startswith("-"):
        fail(2, "usage: hmmbench lava collect OUTPUT_DIR|LOG [--out DIR]")
    src = args[0]
    if os.path.isdir(src):
        log = os.path.join(src, "lava-run.log")
        if not os.path.isfile(log):
            fail(2, "no lava-run.log in %s (hmmbench lava run leaves it there; for a server's job: "
                    "lavacli jobs logs --raw ID >job.log, then collect job.log)" % src)
        out = out or src
    elif os.path.isfile(src):
        log = src
        out = out or (os.path.dirname(src) or ".")
    else:
        fail(2, "no job output at %s (give lava-run's output directory or a job log)" % src)

    entries, bad = read_log(log)
    if not entries:
        fail(2, "%s has no LAVA log lines (%d unparsable): not a job log" % (log, bad))

    job = None
    cases = []
    errors = []
    for e in entries:
        msg = e.get("msg")
        if e["lvl"] == "error" and isinstance(msg, str):
            errors.append(msg)
        if e["lvl"] != "results" or not isinstance(msg, dict):
            continue
        if msg.get("definition") == "lava":
            if msg.get("case") == "job":
                job = msg
            continue
        cases.append(msg)

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "cases.txt.tmp"), "w") as f:
        for c in cases:
            line = "%s %s %s" % (c.get("definition"), c.get("case"), c.get("result"))
            if "measurement" in c:
                line += " %s %s" % (c["measurement"], c.get("units", ""))
            f.write(line + "\n")
    os.replace(os.path.join(out, "cases.txt.tmp"), os.path.join(out, "cases.txt"))

    if job is None:
        fail(2, "the job did not finish: %s has no job result (still running, or the log is cut "
                "short)%s" % (log, "; last error: " + errors[-1] if errors else ""))
    if job.get("result") != "pass":
        why = job.get("error_msg") or (errors[-1] if errors else "no error message")
        kind = "timed out" if "timed out" in why.lower() or "timeout" in str(job.get("error_type", "")).lower() \
            else "ended incomplete"
        fail(2, "the job %s (%s: %s); %d test cases in %s"
             % (kind, job.get("error_type", "error"), why, len(cases), os.path.join(out, "cases.txt")))

    failed = [c.get("case") for c in cases if c.get("result") == "fail"]
    name, data = document(entries)
    if name is not None:
        if name != "results.json":
            fail(2, "the document is named '%s', not results.json" % name)
        with open(os.path.join(out, "results.json.tmp"), "wb") as f:
            f.write(data)
        os.replace(os.path.join(out, "results.json.tmp"), os.path.join(out, "results.json"))
    elif data is not None:
        fail(2, "%s: %s" % (log, data))

    if failed:
        shown = ", ".join(failed[:6]) + (", ..." if len(failed) > 6 else "")
        fail(1, "%d of %d test cases failed: %s (%s)%s"
             % (len(failed), len(cases), shown, os.path.join(out, "cases.txt"),
                "; results.json kept" if name else "; the guest sent no results document"))
    if name is None:
        fail(2, "%s has no results document (hmmbench-document-begin): not an hmmbench job, "
                "or its test never ran" % log)
    print("%s: %s (%d bytes, sha256 checked), %s (%d test cases, all passed)"
          % (PROG, os.path.join(out, "results.json"), len(data), os.path.join(out, "cases.txt"),
             len(cases)))


if __name__ == "__main__":
    main()
