"""report -> section models: the pure part of the adapter."""

import os

from speakeasy_emulator import conversion


def api_events(report):
    return [ev for ep in report["entry_points"] for ev in ep.get("events") or [] if ev.get("event") == "api"]


def test_main_section_title_and_key_facts(stager_report):
    main = conversion.report_to_sections(stager_report)
    assert main.title == "PE File Triage Indicators (Speakeasy)"
    assert main.body_format == "KEY_VALUE"
    facts = main.body
    assert facts["File type"] == "shellcode"
    assert facts["Architecture"] == "x64"
    assert facts["Entry points"] == "1"
    assert facts["API calls"] == str(len(api_events(stager_report)))
    assert facts["Entry point 0"].startswith("shellcode at 0x1000: ")
    assert facts["Triage score"] == f"{stager_report['triage']['score']} ({stager_report['triage']['verdict']})"


def test_one_subsection_per_hit_with_heuristic_and_evidence(stager_report):
    main = conversion.report_to_sections(stager_report)
    hits = stager_report["triage"]["hits"]
    assert [s.heuristic.heur_id for s in main.subsections] == [h["id"] for h in hits]
    shellcode = next(s for s in main.subsections if s.heuristic.heur_id == 7)
    assert shellcode.title == "[7] Shellcode detected"
    assert shellcode.heuristic.signatures == ["shellcode_api_calls"]
    first = shellcode.table[0]
    assert first["address"] == "0x10a9"          # the call site of LoadLibraryA
    assert first["call_or_event"] == "kernel32.LoadLibraryA(wininet) -> 0x7ffe3a0000"
    assert first["entry_point"] == "0 shellcode"
    assert shellcode.tags["technique.shellcode"] == ["Shellcode resolving Windows APIs"]


def test_every_triage_tag_is_shown_once(stager_report):
    main = conversion.report_to_sections(stager_report)
    shown = {}
    for s in [main] + main.subsections:
        for path, vals in s.tags.items():
            shown.setdefault(path, set()).update(vals)
    for path, vals in stager_report["triage"]["tags"].items():
        assert set(vals) <= shown.get(path, set()), path
    assert "updates.example-cdn.net" in shown["network.dynamic.domain"]
    # Indicators already carried by a hit are not repeated on the main section.
    for path, vals in main.tags.items():
        for s in main.subsections:
            assert not set(vals) & set(s.tags.get(path, [])), path


def test_non_api_evidence_rows(downloader_report, packed_report):
    main = conversion.report_to_sections(downloader_report)
    network = next(s for s in main.subsections if s.heuristic.heur_id == 17)
    assert any(r["call_or_event"] == "net_dns dl.example.org" for r in network.table)
    assert any(r["call_or_event"] == "net_http dl.example.org:80" for r in network.table)
    unpacked = next(s for s in conversion.report_to_sections(packed_report).subsections if s.heuristic.heur_id == 20)
    assert unpacked.table[0]["address"] == "0x401000"
    assert unpacked.table[0]["event"] == "dynamic_code_segment"


def test_end_reasons():
    assert conversion.end_reason({"ret_val": 0}) == "returned 0x0"
    assert conversion.end_reason({"error": {"type": "invalid_read", "pc": 0x1005, "instr": "mov eax, [eax]"}}) == \
        "invalid_read at 0x1005 (mov eax, [eax])"
    assert conversion.end_reason({"error": {"type": "max_api_count", "api_name": "kernel32.Sleep"}}) == \
        "max_api_count (kernel32.Sleep)"
    assert conversion.end_reason({}) == "ended"


def test_report_without_triage_or_with_junk_does_not_raise():
    for report in ({}, {"entry_points": None}, {"entry_points": [1, "x", {"events": [None, 3]}]},
                   {"triage": {"hits": [None, "x"]}, "entry_points": []}):
        main = conversion.report_to_sections(report)
        assert main.title == conversion.MAIN_TITLE
        assert main.subsections == []


def test_failure_sections_explain():
    s = conversion.failure_section("timeout", "did not finish within 90 s")
    assert s.title == "Emulation timed out" and "90 s" in s.body and s.heuristic is None
    assert conversion.failure_section("rejected", "x").title == "Input not emulated"
    assert conversion.failure_section("something new", "x").title == "Emulator failed"


def test_extracted_files_stay_inside_the_dump_dir(tmp_path):
    (tmp_path / "code_0x520000.bin").write_bytes(b"\x90" * 16)
    (tmp_path / "dropped.exe").write_bytes(b"MZ")
    outside = tmp_path.parent / "outside.bin"
    outside.write_bytes(b"x")
    index = [
        {"kind": "dynamic_code", "name": "api.VirtualAlloc.0x520000", "base": "0x520000", "file": "code_0x520000.bin",
         "sha256": "a" * 64},
        {"kind": "dropped_file", "name": "C:\\Temp\\dropped.exe", "base": "0x0", "file": "dropped.exe",
         "sha256": "b" * 64},
        {"kind": "dropped_file", "name": "x", "file": "../outside.bin", "sha256": "c" * 64},
        {"kind": "dropped_file", "name": "y", "file": "missing.bin", "sha256": "d" * 64},
        {"kind": "dynamic_code", "name": "dup", "file": "code_0x520000.bin", "sha256": "a" * 64},
        "junk",
    ]
    files = conversion.extracted_files(index, str(tmp_path), limit=10)
    assert [os.path.basename(f.path) for f in files] == ["code_0x520000.bin", "dropped.exe"]
    assert "0x520000" in files[0].description
    assert "C:\\Temp\\dropped.exe" in files[1].description
    assert len(conversion.extracted_files(index, str(tmp_path), limit=1)) == 1
    assert conversion.extracted_files({"not": "a list"}, str(tmp_path), 10) == []


def test_better_run_prefers_score_then_api_calls(stager_report):
    empty = {"triage": {"score": 0}, "entry_points": []}
    assert conversion.better_run(stager_report, empty)
    assert not conversion.better_run(empty, stager_report)
    calls = {"triage": {"score": 0}, "entry_points": [{"events": [{"event": "api", "api_name": "a.b", "args": []}]}]}
    assert conversion.better_run(calls, empty)
