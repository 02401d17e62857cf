"""The real `emulate` on the guest programs, through the service.

Runs only when the build has produced bin/emulate and the guest programs
(EMU_BIN_DIR, EMU_GUEST_DIR, set by CTest); otherwise each test skips and
says why. Expectations are the heuristics each guest program triggers on
purpose (its source says which), as a subset: a run may show more, except
what UNEXPECTED lists. Further tests read the report itself: the
"resolved" field and pos.pc of api events (triage/README.md, "The contract
with the engine").
"""

import json
import lzma
import os
import struct
import subprocess

import pytest

from conftest import shared_path
from test_service import FakeRequest, all_sections

from speakeasy_emulator.speakeasy_emulator import SpeakeasyEmulator

BIN = os.environ.get("EMU_BIN_DIR", "")
GUEST = os.environ.get("EMU_GUEST_DIR", "")
EMULATE = os.path.join(BIN, "emulate")


def need(path):
    if not os.path.isfile(path):
        pytest.skip(f"{path} not built")
    return path


@pytest.fixture
def real_emulate(monkeypatch):
    monkeypatch.setenv("EMULATE_BIN", need(EMULATE))


def heuristic_ids(result):
    return {s.heuristic.heur_id for s in all_sections(result) if s.heuristic}


def tags_of(result):
    tags = {}
    for s in all_sections(result):
        for k, v in s.tags.items():
            tags.setdefault(k, set()).update(v)
    return tags


def run_file(path, file_type):
    req = FakeRequest(path, file_type, {"emulation_timeout": 30})
    SpeakeasyEmulator({}).execute(req)
    return req.result


EXPECTED = {
    "triage_rwx_exec": {2, 6, 21},
    "triage_staged_code": {2, 6, 7, 21},
    "triage_unpack_in_place": {2, 6, 20},
    "triage_protect_flip": {6},
    "triage_remote_thread": {5, 8},
    "triage_hollowing": {5, 9},
    "triage_thread_hijack": {5, 10},
    "triage_apc_injection": {5, 11},
    "triage_getprocaddress": {4},
    "triage_suspicious_dlls": {3},
    "triage_run_key": {5, 15},
    "triage_service": {5, 16},
    "triage_download": {3, 5, 17, 18, 19},
    "triage_dropper": {19},
    "triage_dns": {3, 17},
    "triage_antidebug": {13, 14},
    "triage_cmd_shell": {5, 22},
    "triage_tls_callbacks": {1},
    "triage_export_walk": {12},
}

# Heuristics a guest program must NOT trigger: what sets it apart from its
# neighbours (code made executable only after it was written is neither
# RWX memory nor code run from it).
UNEXPECTED = {
    "triage_protect_flip": {2, 21},
    "triage_staged_code": {12},     # it looked Sleep up with GetProcAddress
}


def guest_cases():
    for name in sorted(EXPECTED):
        for arch in ("x86", "x64"):
            yield pytest.param(name, arch, id=f"{name}_{arch}")


@pytest.mark.parametrize("name,arch", guest_cases())
def test_guest_program_triggers_its_heuristics(real_emulate, name, arch):
    result = run_file(need(os.path.join(GUEST, f"{name}_{arch}.exe")), "executable/windows/pe32")
    assert result.sections[0].title_text == "PE File Triage Indicators (Speakeasy)", result.sections[0].body
    ids = heuristic_ids(result)
    missing = EXPECTED[name] - ids
    assert not missing, f"{name}_{arch}: heuristics {sorted(missing)} did not fire"
    extra = UNEXPECTED.get(name, set()) & ids
    assert not extra, f"{name}_{arch}: heuristics {sorted(extra)} fired"


@pytest.mark.parametrize("path", ["hello_x86.exe", "hello_x64.exe", "two_exports_x86.dll", "two_exports_x64.dll"])
def test_plain_programs_trigger_none_of_2_to_7_and_12(real_emulate, path):
    result = run_file(need(os.path.join(GUEST, path)), "executable/windows/pe32")
    assert result.sections[0].title_text == "PE File Triage Indicators (Speakeasy)", result.sections[0].body
    assert not heuristic_ids(result) & {2, 3, 4, 5, 6, 7, 12}


def test_sc2_shellcode_is_flagged_with_network_indicators(real_emulate, tmp_path):
    packed = shared_path("corpus", "speakeasy-tests", "sc2_x64_shellcode.bin.xz")
    sample = tmp_path / "sc2_x64_shellcode.bin"
    sample.write_bytes(lzma.decompress(open(packed, "rb").read()))
    result = run_file(str(sample), "unknown")
    assert 7 in heuristic_ids(result)
    tags = tags_of(result)
    assert tags.get("network.dynamic.domain") or tags.get("network.dynamic.ip")


# ---- the engine's report itself: "resolved" and pos.pc on api events ----

def emulate_report(path, tmp_path):
    """The real emulate's JSON report for one input."""
    out = tmp_path / (os.path.basename(path) + ".json")
    subprocess.run([need(EMULATE), "--quiet", "-o", str(out), "--timeout", "30", path],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out, "rb") as f:
        return json.load(f)


def api_events(report):
    for ep in report["entry_points"]:
        for ev in ep.get("events", []):
            if ev.get("event") == "api":
                yield ep, ev


def size_of_image(path):
    """SizeOfImage from the PE headers (read here, not taken from the report)."""
    with open(path, "rb") as f:
        data = f.read(0x400)
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    return struct.unpack_from("<I", data, pe + 24 + 56)[0]


def calls_to(report, function):
    return [ev for _, ev in api_events(report) if ev["api_name"].endswith("." + function)]


@pytest.mark.parametrize("arch", ["x86", "x64"])
def test_export_walk_calls_are_dynamic_and_placed_at_their_call_site(arch, tmp_path):
    path = need(os.path.join(GUEST, f"triage_export_walk_{arch}.exe"))
    report = emulate_report(path, tmp_path)
    base, size = report["image_base"], size_of_image(path)
    for function in ("GetTickCount", "Sleep"):
        [call] = calls_to(report, function)
        assert call.get("resolved") == "dynamic", call
        # main() called it: the return address is in the program's image.
        assert base <= call["pos"]["pc"] < base + size, call
    # The CRT reached its imports through the IAT. Sleep is one of them too
    # (mingw-w64's start-up imports it), so "dynamic" above is not a guess
    # from the IAT's contents.
    [malloc, *_] = calls_to(report, "malloc")
    assert malloc.get("resolved") == "import", malloc
    assert base <= malloc["pos"]["pc"] < base + size


@pytest.mark.parametrize("arch", ["x86", "x64"])
def test_staged_code_call_is_placed_in_its_dynamic_segment(arch, tmp_path):
    report = emulate_report(need(os.path.join(GUEST, f"triage_staged_code_{arch}.exe")), tmp_path)
    [(ep, sleep)] = [(ep, ev) for ep, ev in api_events(report) if ev["api_name"] == "kernel32.Sleep" and
                     ev["args"] == ["0x64"]]
    assert sleep.get("resolved") == "dynamic", sleep  # the pointer came from GetProcAddress
    pc = sleep["pos"]["pc"]
    assert any(s["base"] <= pc < s["base"] + s["size"] for s in ep["dynamic_code_segments"]), (pc, ep["dynamic_code_segments"])


def speakeasy_sample(tmp_path, name):
    packed = shared_path("corpus", "speakeasy-tests", name + ".xz")
    sample = tmp_path / name
    sample.write_bytes(lzma.decompress(open(packed, "rb").read()))
    return str(sample)


def test_register_call_through_the_iat_is_an_import_and_a_hand_walk_is_not(tmp_path):
    # CASES.md: after the SEH test the program calls GetTickCount, then
    # GetCurrentProcessId. Its disassembly: GetTickCount's address comes from
    # its own walk of kernel32's export table (manual_resolve), and
    # GetCurrentProcessId is called as `mov eax, [IAT slot]; call eax`, the
    # compiler pattern that must not look self-resolved.
    report = emulate_report(speakeasy_sample(tmp_path, "seh_iat_after_resolved_x86.exe"), tmp_path)
    [tick] = calls_to(report, "GetTickCount")
    [pid] = calls_to(report, "GetCurrentProcessId")
    assert tick.get("resolved") == "dynamic", tick
    assert pid.get("resolved") == "import", pid
    hits = {h["id"]: h for h in report["triage"]["hits"]}
    assert 12 in hits
    assert {e.get("api_name") for e in hits[12]["evidence"]} == {"kernel32.GetTickCount"}


SPEAKEASY_PLAIN = ["argv_test_x86.exe", "argv_test_x64.exe", "dll_test_x86.dll", "dll_test_x64.dll",
                   "seh_test_x86.exe", "GetProcAddress.exe", "file_access_test_x86.exe",
                   "file_access_test_x64.exe"]


@pytest.mark.parametrize("name", SPEAKEASY_PLAIN)
def test_speakeasy_test_programs_trigger_none_of_the_code_heuristics(real_emulate, name, tmp_path):
    # 3 is left out: file_access_test loads ntdll.dll by name, which is in
    # the service's SUS_DLLS list.
    result = run_file(speakeasy_sample(tmp_path, name), "executable/windows/pe32")
    assert not heuristic_ids(result) & {2, 4, 5, 6, 7, 12}


@pytest.mark.parametrize("arch", ["x86", "x64"])
def test_ansi_mutex_names_are_read_one_byte_per_character(real_emulate, arch):
    result = run_file(need(os.path.join(GUEST, f"triage_mutex_names_{arch}.exe")), "executable/windows/pe32")
    # Bytes 0xE9 and 0xC9 are é and É in Windows-1252; read as UTF-16 the
    # ANSI name would come out as CJK characters instead.
    assert tags_of(result).get("dynamic.mutex") == {"Global\\café-Été", "Global\\wide-été"}
