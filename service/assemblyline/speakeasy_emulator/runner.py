"""Runs the `emulate` command in a subprocess with a timeout and a memory limit."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

# Where the image installs the binary (Dockerfile); EMULATE_BIN overrides it.
IMAGE_EMULATE_PATH = "/opt/emulate/bin/emulate"

# Exit codes of `emulate` (service/exit_codes.h).
EXIT_RAN = 0
EXIT_USAGE = 2
EXIT_REJECTED = range(3, 8)  # unreadable, empty, not loadable, too large, no inputs
EXIT_INTERNAL = 70

# Reports larger than this are not parsed (the emulator caps its own report size).
MAX_REPORT_BYTES = 512 * 1024 * 1024


def find_emulate() -> Optional[str]:
    for candidate in (os.environ.get("EMULATE_BIN"), IMAGE_EMULATE_PATH, shutil.which("emulate")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass
class RunSpec:
    input_path: str
    work_dir: str
    raw_arch: Optional[str] = None      # "x86" / "x64" for shellcode, None for a PE
    timeout: int = 60                   # emulation seconds (--timeout)
    grace: int = 30                     # extra wall-clock seconds before the process is killed
    max_api_count: int = 10000
    max_instructions: int = -1
    emulate_exports: bool = True
    memory_limit_mb: int = 2048
    triage_config: Optional[Dict[str, Any]] = None  # the config file's "triage" key, when not default


@dataclass
class RunOutcome:
    ok: bool
    report: Optional[Dict[str, Any]] = None
    report_path: Optional[str] = None
    dump_dir: Optional[str] = None
    failure: Optional[str] = None       # "timeout" | "rejected" | "crashed" | "no_report" | "missing_binary"
    detail: str = ""
    command: List[str] = field(default_factory=list)


def _limit_memory(limit_mb: int):
    def apply():
        if limit_mb > 0:
            size = limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
        os.setsid()  # own process group, so a timeout can kill everything it started
    return apply


def build_command(emulate: str, spec: RunSpec, report_path: str, dump_dir: str,
                  config_path: Optional[str]) -> List[str]:
    cmd = [emulate, "--quiet", "-o", report_path, "--dump-dir", dump_dir,
           "--timeout", str(spec.timeout), "--max-api-count", str(spec.max_api_count)]
    if spec.max_instructions and spec.max_instructions > 0:
        cmd += ["--max-instructions", str(spec.max_instructions)]
    if spec.raw_arch:
        cmd += ["--raw", "--arch", spec.raw_arch]
    if not spec.emulate_exports:
        cmd.append("--no-exports")
    if config_path:
        cmd += ["--config", config_path]
    cmd.append(spec.input_path)
    return cmd


def _tail(text: bytes, limit: int = 600) -> str:
    s = text.decode("utf-8", "replace").strip()
    return s[-limit:]


def run_emulate(spec: RunSpec, emulate: Optional[str] = None) -> RunOutcome:
    emulate = emulate or find_emulate()
    if not emulate:
        return RunOutcome(False, failure="missing_binary",
                          detail="The emulate binary was not found (EMULATE_BIN, " + IMAGE_EMULATE_PATH + ", PATH).")
    os.makedirs(spec.work_dir, exist_ok=True)
    report_path = os.path.join(spec.work_dir, "report.json")
    dump_dir = os.path.join(spec.work_dir, "dump")
    os.makedirs(dump_dir, exist_ok=True)
    config_path = None
    if spec.triage_config:
        config_path = os.path.join(spec.work_dir, "config.json")
        with open(config_path, "w") as f:
            json.dump({"triage": spec.triage_config}, f)
    cmd = build_command(emulate, spec, report_path, dump_dir, config_path)

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_limit_memory(spec.memory_limit_mb), close_fds=True)
    try:
        _, err = proc.communicate(timeout=spec.timeout + spec.grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        return RunOutcome(False, failure="timeout", command=cmd,
                          detail=f"The emulator did not finish within {spec.timeout + spec.grace} s and was stopped.")

    rc = proc.returncode
    if rc < 0:
        return RunOutcome(False, failure="crashed", command=cmd,
                          detail=f"The emulator was killed by signal {-rc} "
                                 f"(memory limit {spec.memory_limit_mb} MB). {_tail(err)}")
    if rc in EXIT_REJECTED:
        return RunOutcome(False, failure="rejected", command=cmd,
                          detail=f"The emulator rejected the input (exit code {rc}): {_tail(err)}")
    if rc != EXIT_RAN:
        kind = "usage error" if rc == EXIT_USAGE else "internal error" if rc == EXIT_INTERNAL else f"exit code {rc}"
        return RunOutcome(False, failure="crashed", command=cmd,
                          detail=f"The emulator failed ({kind}): {_tail(err)}")
    try:
        if os.path.getsize(report_path) > MAX_REPORT_BYTES:
            return RunOutcome(False, failure="no_report", command=cmd, detail="The report is too large to read.")
        with open(report_path, "rb") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        return RunOutcome(False, failure="no_report", command=cmd,
                          detail=f"The emulator exited normally but its report could not be read: {e}")
    if not isinstance(report, dict):
        return RunOutcome(False, failure="no_report", command=cmd, detail="The report is not a JSON object.")
    return RunOutcome(True, report=report, report_path=report_path, dump_dir=dump_dir, command=cmd)


def read_dump_index(dump_dir: Optional[str]) -> Any:
    if not dump_dir:
        return []
    try:
        with open(os.path.join(dump_dir, "index.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return []
