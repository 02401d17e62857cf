"""SpeakeasyEmulator.execute() against a fake emulate (tests/python/fake_emulate.py)
and the Assemblyline stand-in (tests/python/al_standin)."""

import json
import os

import pytest

from conftest import DATA, HERE

from speakeasy_emulator import runner
from speakeasy_emulator.speakeasy_emulator import SpeakeasyEmulator, manifest_defaults, triage_overrides

FAKE = os.path.join(HERE, "fake_emulate.py")


class FakeRequest:
    """The part of Assemblyline's ServiceRequest the service uses."""

    def __init__(self, path, file_type, params=None):
        self.file_path = path
        self.file_type = file_type
        self.params = {"shellcode_arch": "both", "emulation_timeout": 60, "emulate_exports": True,
                       "max_api_calls": 10000}
        self.params.update(params or {})
        self.supplementary = []
        self.extracted = []
        self.result = None

    def get_param(self, name):
        return self.params[name]

    def add_supplementary(self, path, name, description):
        assert os.path.isfile(path)
        self.supplementary.append((path, name, description))

    def add_extracted(self, path, name, description):
        assert os.path.isfile(path)
        self.extracted.append((path, name, description))


@pytest.fixture
def env(tmp_path, monkeypatch):
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("EMULATE_BIN", FAKE)
    monkeypatch.setenv("FAKE_EMULATE_LOG", str(log))
    monkeypatch.setenv("FAKE_EMULATE_REPORT", os.path.join(DATA, "stager_shellcode_x64_with_triage.json"))

    def calls():
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return calls


@pytest.fixture
def sample(tmp_path):
    p = tmp_path / "sample.bin"
    p.write_bytes(b"\xfc\x48\x83\xe4\xf0\xe8")
    return str(p)


@pytest.fixture
def pe_sample(tmp_path):
    p = tmp_path / "sample.exe"
    p.write_bytes(b"MZ" + b"\0" * 62)
    return str(p)


def run(request, config=None):
    svc = SpeakeasyEmulator(config)
    svc.execute(request)
    assert request.result is not None
    return request.result


def all_sections(result):
    out = []

    def walk(s):
        out.append(s)
        for sub in s.subsections:
            walk(sub)
    for s in result.sections:
        walk(s)
    return out


def test_successful_run_builds_sections_files_and_score(env, sample, stager_report):
    req = FakeRequest(sample, "unknown", {"shellcode_arch": "x64"})
    result = run(req)
    main = result.sections[0]
    assert main.title_text == "PE File Triage Indicators (Speakeasy)"
    facts = json.loads(main.body)
    assert facts["Entry points"] == "1"
    heur_sections = [s for s in all_sections(result) if s.heuristic]
    assert sorted(s.heuristic.heur_id for s in heur_sections) == sorted(h["id"] for h in stager_report["triage"]["hits"])
    # Assemblyline's score (signatures x score, capped at max_score) equals the report's.
    assert sum(s.heuristic.score for s in heur_sections) == stager_report["triage"]["score"]
    tables = [s for s in all_sections(result) if s.body_format == "TABLE"]
    assert tables and all(isinstance(row, dict) for t in tables for row in t.body)
    tags = {}
    for s in all_sections(result):
        for k, v in s.tags.items():
            tags.setdefault(k, set()).update(v)
    assert "updates.example-cdn.net" in tags["network.dynamic.domain"]
    assert [name for _, name, _ in req.supplementary] == ["speakeasy_report.json"]
    assert [name for _, name, _ in req.extracted] == ["code_0x450000.bin"]
    argv = env()[0]["argv"]
    assert argv[argv.index("--arch") + 1] == "x64" and "--raw" in argv
    assert argv[-1] == sample


def test_pe_runs_once_without_raw_and_passes_limits(env, pe_sample):
    req = FakeRequest(pe_sample, "executable/windows/pe32",
                      {"emulation_timeout": 42, "max_api_calls": 777, "emulate_exports": False})
    run(req, {"MEMORY_LIMIT_MB": 1536, "MAX_INSTRUCTIONS": 5000000})
    calls = env()
    assert len(calls) == 1
    argv = calls[0]["argv"]
    assert "--raw" not in argv
    assert argv[argv.index("--timeout") + 1] == "42"
    assert argv[argv.index("--max-api-count") + 1] == "777"
    assert argv[argv.index("--max-instructions") + 1] == "5000000"
    assert "--no-exports" in argv
    assert calls[0]["rlimit_as"] == 1536 * 1024 * 1024
    assert calls[0]["config"] is None  # default triage settings: no config file


def test_mz_data_of_unknown_type_is_run_as_a_pe(env, pe_sample):
    run(FakeRequest(pe_sample, "unknown"))
    assert len(env()) == 1 and "--raw" not in env()[0]["argv"]


def test_shellcode_both_arches_keeps_the_richer_run(env, sample, monkeypatch):
    monkeypatch.setenv("FAKE_EMULATE_MODE", "by_arch")
    req = FakeRequest(sample, "unknown")
    result = run(req)
    archs = [c["argv"][c["argv"].index("--arch") + 1] for c in env()]
    assert archs == ["x86", "x64"]
    facts = json.loads(result.sections[0].body)
    assert facts["Architecture"] == "x64"
    assert facts["Note"].startswith("Run as x64 shellcode")
    assert any(s.heuristic and s.heuristic.heur_id == 7 for s in all_sections(result))


def test_changed_triage_settings_reach_the_emulator(env, pe_sample):
    run(FakeRequest(pe_sample, "executable/windows/pe32"), {"GETPROCADDR_THRESHOLD": 5, "SUS_DLLS": ["evil.dll"]})
    assert env()[0]["config"] == {"triage": {"getprocaddr_threshold": 5, "sus_dlls": ["evil.dll"]}}
    assert "--config" in env()[0]["argv"]


def test_triage_overrides_only_for_changed_values():
    defaults = manifest_defaults()
    assert triage_overrides(dict(defaults), defaults) is None
    assert triage_overrides({"GETPROCADDR_THRESHOLD": "7"}, defaults) == {"getprocaddr_threshold": 7}


@pytest.mark.parametrize("mode,title,needle", [
    ("exit5", "Input not emulated", "exit code 5"),
    ("exit70", "Emulator failed", "internal error"),
    ("exit2", "Emulator failed", "usage error"),
    ("garbage", "Emulator produced no report", "could not be read"),
    ("no_report", "Emulator produced no report", "could not be read"),
])
def test_failures_give_an_explanatory_section(env, pe_sample, monkeypatch, mode, title, needle):
    monkeypatch.setenv("FAKE_EMULATE_MODE", mode)
    req = FakeRequest(pe_sample, "executable/windows/pe32")
    result = run(req)
    assert [s.title_text for s in result.sections] == [title]
    assert needle in result.sections[0].body
    assert result.sections[0].heuristic is None
    assert req.supplementary == [] and req.extracted == []


def test_timeout_kills_the_emulator(env, pe_sample, monkeypatch):
    monkeypatch.setenv("FAKE_EMULATE_MODE", "sleep")
    req = FakeRequest(pe_sample, "executable/windows/pe32", {"emulation_timeout": 1})
    result = run(req, {"PROCESS_GRACE": 1})
    assert result.sections[0].title_text == "Emulation timed out"
    assert "2 s" in result.sections[0].body


def test_missing_binary(monkeypatch, pe_sample, tmp_path):
    monkeypatch.setenv("EMULATE_BIN", str(tmp_path / "nowhere" / "emulate"))
    monkeypatch.setattr(runner, "IMAGE_EMULATE_PATH", str(tmp_path / "also-missing"))
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run(FakeRequest(pe_sample, "executable/windows/pe32"))
    assert result.sections[0].title_text == "Emulator not available"
