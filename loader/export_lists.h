// Export lists of the decoy DLLs, compiled in from loader/data/*.exports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace emu::loader {

struct EmbeddedExportList {
  const char* stem;   // file name without extension: "kernel32", "ntoskrnl"
  const char* text;   // the .exports file
  size_t size;
};
std::span<const EmbeddedExportList> embedded_export_lists();

struct ExportName {
  uint32_t ordinal;
  std::string name;   // empty for ordinal-only
};
// Parsed list for a stem ("kernel32"); nullptr if none. Parsed once, cached.
const std::vector<ExportName>* export_list(std::string_view stem);

}  // namespace emu::loader
