// Bounds-checked parser of the DOS header, NT headers and section table of
// a PE file (the part the Windows image mapper reads from the file itself).
// Everything after mapping (imports, exports, relocations, TLS) is read from
// the mapped image instead; see image_directories.h.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "loader/loader.h"

namespace emu::loader {

// Data directory indexes.
enum DirIndex : unsigned {
  kDirExport = 0, kDirImport = 1, kDirResource = 2, kDirException = 3, kDirSecurity = 4,
  kDirBaseReloc = 5, kDirDebug = 6, kDirTls = 9, kDirLoadConfig = 10, kDirBoundImport = 11,
  kDirIat = 12, kDirDelayImport = 13, kDirComDescriptor = 14,
};

// Section characteristics and header flags we act on.
constexpr uint32_t kScnCntCode = 0x00000020;
constexpr uint32_t kScnCntUninitialized = 0x00000080;
constexpr uint32_t kScnMemExecute = 0x20000000;
constexpr uint32_t kScnMemRead = 0x40000000;
constexpr uint32_t kScnMemWrite = 0x80000000;
constexpr uint16_t kFileRelocsStripped = 0x0001;
constexpr uint16_t kFileDll = 0x2000;
constexpr uint16_t kDllCharDynamicBase = 0x0040;
constexpr uint16_t kDllCharNxCompat = 0x0100;
constexpr uint16_t kSubsystemNative = 1;
constexpr uint16_t kMachineI386 = 0x014C;
constexpr uint16_t kMachineAmd64 = 0x8664;

struct DataDirectory {
  uint32_t rva = 0, size = 0;
};

struct SectionHeader {
  std::string name;             // up to 8 characters
  uint32_t virtual_size = 0;
  uint32_t virtual_address = 0;
  uint32_t size_of_raw_data = 0;
  uint32_t pointer_to_raw_data = 0;
  uint32_t characteristics = 0;
};

struct PeHeaders {
  Arch arch = Arch::X86;
  uint16_t machine = 0;
  uint16_t characteristics = 0;
  uint32_t time_date_stamp = 0;
  uint32_t e_lfanew = 0;
  uint32_t nt_headers_size = 0;   // signature + file header + optional header as declared
  uint64_t image_base = 0;
  uint32_t entry_rva = 0;
  uint32_t section_alignment = 0;
  uint32_t file_alignment = 0;
  uint32_t size_of_image = 0;     // as declared
  uint32_t size_of_headers = 0;
  uint16_t subsystem = 0;
  uint16_t dll_characteristics = 0;
  uint16_t subsystem_major = 0, subsystem_minor = 0;
  uint64_t stack_reserve = 0, stack_commit = 0;
  uint32_t section_table_offset = 0;
  std::array<DataDirectory, 16> dirs{};
  std::vector<SectionHeader> sections;

  bool is_dll() const { return (characteristics & kFileDll) != 0; }
  bool is_driver() const { return subsystem == kSubsystemNative && !is_dll(); }
  // Section alignment below the page size: the file is mapped flat.
  bool low_alignment() const { return section_alignment < 0x1000; }
  // SizeOfImage rounded up to the section alignment and to whole pages.
  uint64_t mapped_size() const;
};

// Throws LoadError ("load_error: not a PE", "load_error: truncated headers", ...).
PeHeaders parse_pe_headers(std::span<const uint8_t> file, const LoadOptions& options,
                           std::vector<std::string>& notes);

}  // namespace emu::loader
