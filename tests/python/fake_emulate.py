#!/usr/bin/python3
"""A fake `emulate` for the adapter's tests: behaves as FAKE_EMULATE_MODE says.

It understands the options the service passes and logs its argv and memory
limit to FAKE_EMULATE_LOG (one JSON object per call).
"""

import json
import os
import resource
import sys
import time


def main():
    args = sys.argv[1:]
    opts = {}
    i = 0
    while i < len(args):
        if args[i] in ("-o", "--dump-dir", "--timeout", "--max-api-count", "--arch", "--config", "--max-instructions"):
            opts[args[i]] = args[i + 1]
            i += 2
        else:
            opts.setdefault("flags", []).append(args[i])
            i += 1
    config = None
    if "--config" in opts:
        with open(opts["--config"]) as f:
            config = json.load(f)
    with open(os.environ["FAKE_EMULATE_LOG"], "a") as log:
        log.write(json.dumps({"argv": args, "rlimit_as": resource.getrlimit(resource.RLIMIT_AS)[0],
                              "config": config}) + "\n")

    mode = os.environ.get("FAKE_EMULATE_MODE", "ok")
    if mode == "sleep":
        time.sleep(60)
    if mode.startswith("exit"):
        sys.stderr.write("load_error: not a PE file\n")
        return int(mode[4:])
    if mode == "garbage":
        with open(opts["-o"], "w") as f:
            f.write("{not json")
        return 0
    if mode == "no_report":
        return 0

    report_file = os.environ["FAKE_EMULATE_REPORT"]
    if mode == "by_arch" and opts.get("--arch") == "x86":
        report = {"emulation_total_runtime": 0.1, "timestamp": 0, "filetype": "shellcode", "arch": "x86",
                  "entry_points": [{"ep_type": "shellcode", "start_addr": 4096, "events": [],
                                    "error": {"type": "invalid_fetch", "pc": 4100}}],
                  "triage": {"score": 0, "verdict": "info", "hits": [], "tags": {}}}
    else:
        with open(report_file) as f:
            report = json.load(f)
    with open(opts["-o"], "w") as f:
        json.dump(report, f)
    dump = opts["--dump-dir"]
    with open(os.path.join(dump, "code_0x450000.bin"), "wb") as f:
        f.write(b"\xfc\x48\x83\xe4\xf0")
    with open(os.path.join(dump, "index.json"), "w") as f:
        json.dump([{"input": "", "kind": "dynamic_code", "name": "api.VirtualAlloc.0x450000", "base": "0x450000",
                    "size": 5, "file": "code_0x450000.bin", "sha256": "e" * 64}], f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
