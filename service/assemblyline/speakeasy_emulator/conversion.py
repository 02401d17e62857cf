"""Pure conversion of an emulation report into result-section models.

Nothing here imports Assemblyline: a section is a plain ``SectionModel``
that ``speakeasy_emulator.py`` turns into ResultSection objects. That keeps
the interesting part (what an analyst sees) testable without Assemblyline.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional

MAIN_TITLE = "PE File Triage Indicators (Speakeasy)"

# Rows of evidence shown per heuristic (the report keeps at most 25).
MAX_EVIDENCE_ROWS = 25


@dataclass
class HeuristicModel:
    heur_id: int
    signatures: List[str] = field(default_factory=list)
    attack_ids: List[str] = field(default_factory=list)


@dataclass
class SectionModel:
    title: str
    body: Any = None                       # str (TEXT) or dict (KEY_VALUE)
    body_format: str = "TEXT"              # "TEXT" | "KEY_VALUE"
    table: List[Dict[str, str]] = field(default_factory=list)  # rows, for a table section
    heuristic: Optional[HeuristicModel] = None
    tags: Dict[str, List[str]] = field(default_factory=dict)
    subsections: List["SectionModel"] = field(default_factory=list)


@dataclass
class ExtractedFile:
    path: str
    name: str
    description: str


def _hex(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return ""
    if isinstance(v, int):
        return hex(v)
    return str(v)


def _events(report: Dict[str, Any]) -> Iterable[Dict[str, Any]]:
    for ep in report.get("entry_points") or []:
        if isinstance(ep, dict):
            for ev in ep.get("events") or []:
                if isinstance(ev, dict):
                    yield ev


def _is_api(ev: Dict[str, Any]) -> bool:
    return ev.get("event", "api") == "api" and "api_name" in ev


def end_reason(ep: Dict[str, Any]) -> str:
    """How one entry point's run ended, in a few words."""
    err = ep.get("error")
    if isinstance(err, dict) and err.get("type"):
        where = f" at {_hex(err.get('pc'))}" if err.get("pc") is not None else ""
        extra = ""
        if err.get("api_name"):
            extra = f" ({err['api_name']})"
        elif err.get("instr"):
            extra = f" ({err['instr']})"
        return f"{err['type']}{where}{extra}"
    if ep.get("ret_val") is not None:
        return f"returned {_hex(ep.get('ret_val'))}"
    return "ended"


def key_facts(report: Dict[str, Any], note: Optional[str] = None) -> Dict[str, str]:
    eps = [ep for ep in report.get("entry_points") or [] if isinstance(ep, dict)]
    api_calls = [ev for ev in _events(report) if _is_api(ev)]
    triage = report.get("triage") if isinstance(report.get("triage"), dict) else {}
    facts: Dict[str, str] = {
        "File type": str(report.get("filetype") or "unknown"),
        "Architecture": str(report.get("arch") or "unknown"),
        "Entry points": str(len(eps)),
        "API calls": str(len(api_calls)),
        "Distinct APIs": str(len({ev.get("api_name") for ev in api_calls})),
        "Dynamic code segments": str(sum(len(ep.get("dynamic_code_segments") or []) for ep in eps)),
        "Dropped files": str(sum(len(ep.get("dropped_files") or []) for ep in eps)),
        "Triage score": f"{triage.get('score', 0)} ({triage.get('verdict', 'info')})",
    }
    runtime = report.get("emulation_total_runtime")
    if isinstance(runtime, (int, float)):
        facts["Emulation time"] = f"{runtime:.2f} s"
    for i, ep in enumerate(eps[:20]):
        facts[f"Entry point {i}"] = f"{ep.get('ep_type', '?')} at {_hex(ep.get('start_addr'))}: {end_reason(ep)}"
    if len(eps) > 20:
        facts["More entry points"] = str(len(eps) - 20)
    errors = [e for e in report.get("errors") or [] if isinstance(e, dict)]
    if errors:
        facts["Errors"] = "; ".join(str(e.get("type")) for e in errors[:5])
    if note:
        facts["Note"] = note
    return facts


def _describe(ev: Dict[str, Any]) -> str:
    kind = ev.get("event", "api")
    if kind == "api":
        args = ", ".join(str(a) for a in ev.get("args") or [])
        ret = ev.get("ret_val")
        return f"{ev.get('api_name')}({args})" + (f" -> {ret}" if ret is not None else "")
    if kind == "dynamic_code_segment":
        return f"{ev.get('tag', '')} size {_hex(ev.get('size'))}"
    for key in ("cmdline", "path", "query", "server", "name"):
        if ev.get(key):
            extra = f":{ev['port']}" if key == "server" and ev.get("port") else ""
            return f"{kind} {ev[key]}{extra}"
    return str(kind)


def evidence_rows(hit: Dict[str, Any]) -> List[Dict[str, str]]:
    rows = []
    for ev in (hit.get("evidence") or [])[:MAX_EVIDENCE_ROWS]:
        if not isinstance(ev, dict):
            continue
        address = ev.get("pc") if ev.get("pc") is not None else ev.get("address")
        rows.append({
            "entry_point": f"{ev.get('entry_point', '')} {ev.get('ep_type', '')}".strip(),
            "address": _hex(address),
            "event": str(ev.get("event", "")),
            "call_or_event": _describe(ev)[:300],
            "detail": str(ev.get("detail", ""))[:200],
        })
    return rows


def _tags(obj: Dict[str, Any]) -> Dict[str, List[str]]:
    tags = obj.get("tags") if isinstance(obj.get("tags"), dict) else {}
    return {k: [str(v) for v in vals] for k, vals in tags.items() if isinstance(vals, list)}


def report_to_sections(report: Dict[str, Any], note: Optional[str] = None) -> SectionModel:
    """The main section: key facts, one subsection per heuristic hit, tags."""
    triage = report.get("triage") if isinstance(report.get("triage"), dict) else {}
    hits = [h for h in triage.get("hits") or [] if isinstance(h, dict)]
    main = SectionModel(title=MAIN_TITLE, body=key_facts(report, note), body_format="KEY_VALUE")
    hit_tags: Dict[str, set] = {}
    for h in hits:
        sigs = [str(s) for s in h.get("signatures") or []]
        omitted = int(h.get("evidence_omitted") or 0)
        body = str(h.get("description", ""))
        if sigs:
            body += "\nSignatures: " + ", ".join(sigs)
        if omitted:
            body += f"\n{omitted} more events not shown."
        tags = _tags(h)
        for path, vals in tags.items():
            hit_tags.setdefault(path, set()).update(vals)
        main.subsections.append(SectionModel(
            title=f"[{h.get('id')}] {h.get('name')}",
            body=body,
            table=evidence_rows(h),
            heuristic=HeuristicModel(int(h.get("id")), sigs, [str(a) for a in h.get("attack_ids") or []]),
            tags=tags,
        ))
    # Run indicators that no hit carries (mutexes, registry keys, processes).
    main.tags = {path: [v for v in vals if v not in hit_tags.get(path, set())]
                 for path, vals in _tags(triage).items()}
    main.tags = {k: v for k, v in main.tags.items() if v}
    return main


def failure_section(kind: str, detail: str) -> SectionModel:
    """An explanation instead of a result when the emulator did not deliver one."""
    titles = {
        "timeout": "Emulation timed out",
        "rejected": "Input not emulated",
        "crashed": "Emulator failed",
        "no_report": "Emulator produced no report",
        "missing_binary": "Emulator not available",
    }
    return SectionModel(title=titles.get(kind, "Emulator failed"), body=detail)


def extracted_files(index: Any, dump_dir: str, limit: int) -> List[ExtractedFile]:
    """Files listed in the dump directory's index.json, safe paths only."""
    out: List[ExtractedFile] = []
    if not isinstance(index, list):
        return out
    root = os.path.realpath(dump_dir)
    seen = set()
    for entry in index:
        if len(out) >= limit:
            break
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            continue
        path = os.path.realpath(os.path.join(root, entry["file"]))
        if not path.startswith(root + os.sep) or not os.path.isfile(path):
            continue  # outside the dump directory, or missing
        sha = str(entry.get("sha256") or "")
        if sha and sha in seen:
            continue
        seen.add(sha)
        kind = entry.get("kind")
        name = os.path.basename(path)
        if kind == "dynamic_code":
            desc = f"Code unpacked or written at run time ({entry.get('name', '')} at {_hex(entry.get('base'))})"
        elif kind == "dropped_file":
            desc = f"File dropped by the sample at {entry.get('name', '')}"
        else:
            desc = f"Artifact of the emulation ({kind})"
        out.append(ExtractedFile(path=path, name=name, description=desc))
    return out


def better_run(a: Dict[str, Any], b: Dict[str, Any]) -> bool:
    """Whether report `a` shows more than report `b` (for shellcode run as x86 and x64)."""
    def rank(r: Dict[str, Any]):
        t = r.get("triage") if isinstance(r.get("triage"), dict) else {}
        return (int(t.get("score") or 0), sum(1 for ev in _events(r) if _is_api(ev)))
    return rank(a) > rank(b)
