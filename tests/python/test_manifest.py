"""The service manifest's structure, read with a full YAML parser.

(The heuristics' agreement with the C++ table is tests/triage/manifest_test.cpp.)
"""

import re

import pytest
import yaml

from conftest import MANIFEST, shared_path


@pytest.fixture(scope="module")
def manifest():
    with open(MANIFEST) as f:
        return yaml.safe_load(f)


def test_identity(manifest):
    assert manifest["name"] == "SpeakeasyEmulator"
    assert manifest["version"] == "$SERVICE_TAG"
    assert manifest["stage"] == "CORE"
    assert manifest["category"] == "Dynamic Analysis"
    assert manifest["file_required"] is True
    assert isinstance(manifest["timeout"], int) and manifest["timeout"] > manifest["config"]["EMULATION_TIMEOUT"]
    assert "$SERVICE_TAG" in manifest["docker_config"]["image"]


@pytest.mark.parametrize("file_type,accepted", [
    ("executable/windows/pe32", True), ("executable/windows/pe64", True), ("executable/windows/dll32", True),
    ("executable/windows/dll64", True), ("unknown", True), ("executable/linux/elf64", False),
    ("document/pdf", False),
])
def test_accepts(manifest, file_type, accepted):
    matches = re.fullmatch(manifest["accepts"], file_type) is not None
    rejected = re.fullmatch(manifest["rejects"], file_type) is not None
    assert (matches and not rejected) == accepted


def test_heuristics_shape(manifest):
    heurs = manifest["heuristics"]
    assert [h["heur_id"] for h in heurs] == list(range(1, len(heurs) + 1))
    for h in heurs:
        assert set(h) <= {"heur_id", "name", "score", "max_score", "filetype", "description", "attack_id"}
        assert h["max_score"] == h["score"]
        assert isinstance(h["description"], str) and h["description"]


def test_attack_ids_are_assemblyline_ids(manifest):
    text = open(shared_path("assemblyline", "ATTACK.md")).read()
    rows = [line for line in text.splitlines() if line.startswith("|")]
    allowed = set(re.findall(r"T\d{4}(?:\.\d{3})?", "\n".join(rows)))
    for h in manifest["heuristics"]:
        for a in h.get("attack_id", []):
            assert a in allowed, (h["heur_id"], a)


def test_config(manifest):
    cfg = manifest["config"]
    assert all(isinstance(a, str) for a in cfg["SUS_APIS"]) and "CreateRemoteThread" in cfg["SUS_APIS"]
    assert all(isinstance(d, str) for d in cfg["SUS_DLLS"])
    for dll in ("SHELL32.dll", "ADVAPI32.dll", "ntdll.dll", "WININET.dll", "WS2_32.dll", "URLMON.dll"):
        assert dll in cfg["SUS_DLLS"]
    assert isinstance(cfg["GETPROCADDR_THRESHOLD"], int)
    for key in ("EMULATION_TIMEOUT", "PROCESS_GRACE", "MAX_API_COUNT", "MAX_INSTRUCTIONS", "MEMORY_LIMIT_MB",
                "MAX_EXTRACTED_FILES"):
        assert isinstance(cfg[key], int), key


def test_submission_params(manifest):
    params = {p["name"]: p for p in manifest["submission_params"]}
    assert set(params) == {"shellcode_arch", "emulation_timeout", "emulate_exports", "max_api_calls"}
    types = {"bool": bool, "int": int, "str": str, "list": str}
    for p in params.values():
        assert p["default"] == p["value"]
        assert isinstance(p["default"], types[p["type"]])
        if p["type"] == "list":
            assert p["default"] in p["list"]
    assert set(params["shellcode_arch"]["list"]) == {"both", "x86", "x64"}
