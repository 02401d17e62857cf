"""SpeakeasyEmulator: the Assemblyline service class.

Thin on purpose: run `emulate` (runner.py), turn its report into section
models (conversion.py, pure and tested), and hand those to Assemblyline.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any, Dict, Optional, Tuple

import yaml

from assemblyline_v4_service.common.base import ServiceBase
from assemblyline_v4_service.common.result import (
    BODY_FORMAT,
    Heuristic,
    Result,
    ResultSection,
    ResultTableSection,
    TableRow,
)

from speakeasy_emulator import conversion, runner

MANIFEST = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "service_manifest.yml")

# Service configuration keys that map onto the emulator's triage settings.
TRIAGE_KEYS = {"SUS_APIS": "sus_apis", "SUS_DLLS": "sus_dlls", "GETPROCADDR_THRESHOLD": "getprocaddr_threshold"}


def manifest_defaults(path: str = MANIFEST) -> Dict[str, Any]:
    try:
        with open(path) as f:
            return (yaml.safe_load(f) or {}).get("config", {}) or {}
    except (OSError, yaml.YAMLError):
        return {}


def triage_overrides(config: Dict[str, Any], defaults: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The config file's "triage" key, or None when the service uses the built-in defaults.

    The emulator's defaults are the manifest's (a test checks), so a
    configuration equal to them needs no config file at all.
    """
    out = {}
    for key, name in TRIAGE_KEYS.items():
        if key in config and config[key] != defaults.get(key):
            value = config[key]
            if key == "GETPROCADDR_THRESHOLD":
                value = int(value)
            else:
                value = [str(v) for v in value]
            out[name] = value
    return out or None


def is_pe(file_type: str, path: str) -> bool:
    if file_type.startswith("executable/windows"):
        return True
    try:
        with open(path, "rb") as f:
            return f.read(2) == b"MZ"
    except OSError:
        return False


def to_result_section(model: conversion.SectionModel) -> ResultSection:
    heuristic = None
    if model.heuristic:
        heuristic = Heuristic(model.heuristic.heur_id,
                              attack_ids=model.heuristic.attack_ids or None,
                              signatures={s: 1 for s in model.heuristic.signatures} or None)
    if model.body_format == "KEY_VALUE":
        section = ResultSection(model.title, body=json.dumps(model.body), body_format=BODY_FORMAT.KEY_VALUE,
                                heuristic=heuristic)
    else:
        section = ResultSection(model.title, body=model.body, heuristic=heuristic)
    if model.table:
        table = ResultTableSection("Evidence")
        for row in model.table:
            table.add_row(TableRow(row))
        section.add_subsection(table)
    for path, values in model.tags.items():
        for value in values:
            section.add_tag(path, value)
    for sub in model.subsections:
        section.add_subsection(to_result_section(sub))
    return section


class SpeakeasyEmulator(ServiceBase):
    def __init__(self, config: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(config)
        self.defaults = manifest_defaults()

    def _cfg(self, key: str, fallback: Any) -> Any:
        return self.config.get(key, self.defaults.get(key, fallback))

    def _spec(self, request, work_dir: str, raw_arch: Optional[str]) -> runner.RunSpec:
        return runner.RunSpec(
            input_path=request.file_path,
            work_dir=work_dir,
            raw_arch=raw_arch,
            timeout=int(request.get_param("emulation_timeout") or self._cfg("EMULATION_TIMEOUT", 60)),
            grace=int(self._cfg("PROCESS_GRACE", 30)),
            max_api_count=int(request.get_param("max_api_calls") or self._cfg("MAX_API_COUNT", 10000)),
            max_instructions=int(self._cfg("MAX_INSTRUCTIONS", -1)),
            emulate_exports=bool(request.get_param("emulate_exports")),
            memory_limit_mb=int(self._cfg("MEMORY_LIMIT_MB", 2048)),
            triage_config=triage_overrides(self.config, self.defaults),
        )

    def _run(self, request) -> Tuple[runner.RunOutcome, Optional[str]]:
        base = tempfile.mkdtemp(dir=self.working_directory)
        if is_pe(request.file_type or "", request.file_path):
            return runner.run_emulate(self._spec(request, os.path.join(base, "pe"), None)), None
        wanted = request.get_param("shellcode_arch") or "both"
        arches = ["x86", "x64"] if wanted == "both" else [wanted]
        outcomes = [(a, runner.run_emulate(self._spec(request, os.path.join(base, a), a))) for a in arches]
        good = [(a, o) for a, o in outcomes if o.ok]
        if not good:
            return outcomes[-1][1], None
        best_arch, best = good[0]
        for arch, o in good[1:]:
            if conversion.better_run(o.report, best.report):
                best_arch, best = arch, o
        note = f"Run as {best_arch} shellcode"
        if len(outcomes) > 1:
            note += " (the run that showed more of " + " and ".join(a for a, _ in outcomes) + ")"
        return best, note

    def execute(self, request) -> None:
        result = Result()
        outcome, note = self._run(request)
        if not outcome.ok:
            model = conversion.failure_section(outcome.failure or "crashed", outcome.detail)
            result.add_section(to_result_section(model))
            request.result = result
            return
        result.add_section(to_result_section(conversion.report_to_sections(outcome.report, note)))
        request.add_supplementary(outcome.report_path, "speakeasy_report.json",
                                  "Emulation report (Speakeasy report format 3.0.0)")
        limit = int(self._cfg("MAX_EXTRACTED_FILES", 50))
        for f in conversion.extracted_files(runner.read_dump_index(outcome.dump_dir), outcome.dump_dir, limit):
            try:
                request.add_extracted(f.path, f.name, f.description)
            except Exception as e:  # Assemblyline refuses past its own extraction limit
                self.log.warning(f"extraction stopped at {f.name}: {e}")
                break
        request.result = result
