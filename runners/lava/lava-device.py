#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""lava-device.py TEMPLATES JOB: the qemu device dictionary for JOB.

Renders lava-server's device-type template TEMPLATES/qemu.jinja2 (which
extends base.jinja2) the way lava-server does for a job: the device's
dictionary ({% extends 'qemu.jinja2' %}, nothing set, so the job decides)
with the job's context as the template's variables (arch, no_kvm, memory,
extra_options, ...). Prints the YAML that 'lava-run --device' reads.
Exit 2 on an unreadable job or template.
"""
import sys

import jinja2
import yaml


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: lava-device.py TEMPLATES JOB")
    templates, job_path = sys.argv[1], sys.argv[2]
    try:
        with open(job_path) as f:
            job = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        print("hmmbench lava device: cannot read the job %s: %s" % (job_path, e), file=sys.stderr)
        sys.exit(2)
    if not isinstance(job, dict) or job.get("device_type") != "qemu":
        print("hmmbench lava device: %s is not a job for device type qemu" % job_path, file=sys.stderr)
        sys.exit(2)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([templates]),
                             trim_blocks=True, autoescape=False)
    device = env.from_string("{% extends 'qemu.jinja2' %}\n")
    try:
        rendered = device.render(**(job.get("context") or {}))
        yaml.safe_load(rendered)
    except (jinja2.TemplateError, yaml.YAMLError) as e:
        print("hmmbench lava device: rendering %s/qemu.jinja2: %s" % (templates, e), file=sys.stderr)
        sys.exit(2)
    sys.stdout.write(rendered)


if __name__ == "__main__":
    main()
