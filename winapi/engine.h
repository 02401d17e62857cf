// The API layer's public entry: emulate one input (a PE image or raw
// shellcode) under a Config and return the Speakeasy-schema report (3.0.0)
// plus the artifacts worth keeping (unpacked code, dropped files).
//
// The run always ends: every limit in Config (wall clock, API calls,
// instructions, guest memory, threads) stops it with a named error and a
// complete report. Same input + same Config give the same report except for
// "timestamp" and "emulation_total_runtime".
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "loader/loader.h"
#include "winapi/config.h"

namespace emu::winapi {

struct Input {
  std::vector<uint8_t> bytes;
  std::string path;                 // host path, shown as the report's "filepath"
  bool raw = false;                 // treat bytes as shellcode even if they look like a PE
  loader::Arch raw_arch = loader::Arch::X86;
  uint64_t raw_offset = 0;          // shellcode entry offset
  bool run_exports = true;          // DLLs: run exports after DllMain
  std::vector<std::string> exports; // empty = every named export of a DLL
};

struct Artifact {
  std::string kind;                 // "dynamic_code" | "dropped_file"
  std::string name;                 // tag of the region / guest path of the file
  uint64_t base = 0;                // guest address (dynamic_code)
  std::vector<uint8_t> bytes;
};

struct Result {
  boost::json::object report;       // Speakeasy report 3.0.0 (+ "emulator", "limits_hit")
  std::vector<Artifact> artifacts;
  std::optional<std::string> load_error;  // "load_error: ..." when the input was rejected
};

// Thread-safe for distinct calls (no shared mutable state). `cancel` may be
// set from another thread to end the run early (reported as "cancelled").
Result emulate(const Input& in, const Config& cfg, const std::atomic<bool>* cancel = nullptr);

// Speakeasy's default profile (../shared/schemas/speakeasy-default-config-v2.json).
Config default_config();

}  // namespace emu::winapi
