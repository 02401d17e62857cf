// Readers of the data directories of a mapped image, bounds-checked against
// the image, as ntdll reads them after mapping (not from the file: packed
// files rely on the difference).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "loader/loader.h"
#include "loader/pe_headers.h"
#include "loader/util.h"

namespace emu::loader {

// Limits that keep hostile tables finite.
constexpr uint32_t kMaxExports = 65536;
constexpr uint32_t kMaxImportDescriptors = 4096;

// Export table: every non-zero function slot, named ones once per name,
// unnamed ones as ordinal-only; forwarders (function RVA inside the export
// directory) carry their "DLL.Name" string and address 0.
std::vector<Export> read_exports(const ImageView& img, const DataDirectory& dir,
                                 std::vector<std::string>& notes);

// One import descriptor as read, before binding.
struct ImportThunk {
  std::string name;        // empty when by ordinal
  uint32_t ordinal = 0;    // when by ordinal
  uint64_t iat_rva = 0;    // slot to write
};
struct ImportDescriptor {
  std::string dll;         // as written
  bool delay = false;
  uint64_t module_handle_rva = 0;  // delay-load: where the HMODULE goes (0 if none)
  std::vector<ImportThunk> thunks;
};

// Import directory (OriginalFirstThunk, else FirstThunk). Throws LoadError
// on a table that cannot be finite ("import count too large",
// "import descriptor loop").
std::vector<ImportDescriptor> read_imports(const ImageView& img, const PeHeaders& h,
                                           uint32_t max_imports, std::vector<std::string>& notes);
// Delay-load directory (IMAGE_DELAYLOAD_DESCRIPTOR), both the RVA form and
// the old VA form (Attributes bit 0 clear).
std::vector<ImportDescriptor> read_delay_imports(const ImageView& img, const PeHeaders& h,
                                                 uint32_t max_imports, std::vector<std::string>& notes);

struct TlsInfo {
  bool present = false;
  uint64_t start = 0, end = 0;       // raw data template (absolute VAs)
  uint64_t index_address = 0;        // where the TLS index is written
  uint64_t callbacks_address = 0;
  uint32_t zero_fill = 0;
  std::vector<uint64_t> callbacks;   // mapped ones only
};
TlsInfo read_tls(const cpu::Memory& memory, const ImageView& img, const PeHeaders& h,
                 std::vector<std::string>& notes);

}  // namespace emu::loader
