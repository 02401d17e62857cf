// Writes unpacked code and dropped files to --dump-dir, with an index.json
// that lists each file's kind, name, guest base, size and sha256.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "winapi/engine.h"

namespace emu::service {

struct DumpResult {
  size_t files = 0;
  uint64_t bytes = 0;
  bool truncated = false;  // max_bytes stopped some artifacts from being written
};

// `prefix` keeps the files of several inputs apart in one folder.
DumpResult dump_artifacts(const std::vector<winapi::Artifact>& artifacts, const std::string& dir,
                          const std::string& prefix, uint64_t max_bytes);

}  // namespace emu::service
