#!/usr/bin/env python3
"""Snakemake cluster-status for SLURM: prints running, success or failed for a job id.

scontrol knows a job for MinJobAge seconds after it ends; sacct is asked when it does not (and the
cluster keeps accounting). A job SLURM killed (time limit, memory) is reported failed, so Snakemake
does not wait for it forever.
"""
import subprocess
import sys

job = sys.argv[1].split(";")[0]
RUNNING = {"PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "RESIZING", "SUSPENDED", "STAGE_OUT"}


def state():
    shown = subprocess.run(["scontrol", "show", "job", job], capture_output=True, text=True)
    for field in shown.stdout.split():
        if field.startswith("JobState="):
            return field.split("=", 1)[1]
    acct = subprocess.run(["sacct", "-j", job, "-X", "-n", "-P", "-o", "State"], capture_output=True, text=True)
    lines = acct.stdout.split()
    return lines[0].split()[0] if acct.returncode == 0 and lines else "UNKNOWN"


s = state()
print("success" if s == "COMPLETED" else "running" if s in RUNNING else "failed")
