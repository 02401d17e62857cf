// Decoy system DLLs: real PE images (MZ/PE headers, .text of trap stubs,
// .rdata with the export directory, .data with data exports) built from the
// embedded export lists. A template is built once per DLL and architecture
// and copied into each process.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "loader/loader.h"

namespace emu::loader {

constexpr uint32_t kStubSize = 16;

// What a decoy data export holds; filled when the decoy is mapped.
enum class DataKind : uint8_t {
  Zero,            // zero-initialised variable of `size` bytes
  U32,             // 32-bit constant `value`
  U16,
  U8,
  Pointer,         // pointer-sized constant `value` (arch-specific, see decoy_image.cpp)
  ZeroBlockPtr,    // pointer to a zeroed block of `value` bytes (object type stand-ins)
  AnsiCmdline,     // char* to the command line
  WideCmdline,     // wchar_t* to the command line
  Argc,            // int
  AnsiArgv,        // char**
  WideArgv,        // wchar_t**
  AnsiEnviron,     // char** "NAME=value"
  WideEnviron,     // wchar_t**
  Iob,             // FILE[20], stdin/stdout/stderr initialised
  CtypeTable,      // unsigned short[257]: C locale character classes (EOF first)
  CtypePtr,        // pointer to the table above + 1 entry
  Osver, Winver, Winmajor, Winminor,  // from the OS version
  KSystemTime,     // KeTickCount
  ServiceTable,    // KeServiceDescriptorTable
};

struct DataExportSpec {
  std::string_view name;
  DataKind kind;
  uint32_t size;   // bytes reserved in .data
  uint64_t value;
};
// Known data exports by name (same for every DLL that exports the name).
const DataExportSpec* find_data_export(std::string_view name);

struct DecoyTemplate {
  std::string file_name;          // "kernel32.dll"
  std::string stem;               // "kernel32"
  Arch arch = Arch::X86;
  uint64_t preferred_base = 0;
  bool kernel = false;            // ntoskrnl, hal, drivers
  std::vector<uint8_t> image;     // SizeOfImage bytes as mapped
  uint32_t headers_size = 0x1000;
  uint32_t text_rva = 0, text_size = 0;    // stubs
  uint32_t rdata_rva = 0, rdata_size = 0;  // export directory
  uint32_t data_rva = 0, data_size = 0;    // data exports
  uint32_t entry_rva = 0;                  // the DllMain stub
  uint32_t image_base_offset = 0;          // ImageBase field in the headers
  // Names are views into the export lists (export_list()), which live as
  // long as the process.
  struct Exp {
    std::string_view name;   // empty: ordinal-only
    uint32_t ordinal;
    uint32_t rva;
    bool data;
  };
  std::vector<Exp> exports;                // by ordinal, then name
  struct DataSlot {
    uint32_t rva;
    const DataExportSpec* spec;
  };
  std::vector<DataSlot> data_slots;
  std::vector<std::pair<std::string_view, uint32_t>> rva_by_name;  // sorted by name
  uint32_t min_ordinal = 1;
  std::vector<uint32_t> rva_by_ordinal;    // index ordinal - min_ordinal; 0: none

  // Who the stub at `index` stands for; nullptr past the last stub. Made on
  // first use (a run calls a few dozen of thousands of functions), then
  // stable for the life of the process. Thread-safe.
  const TrapTarget* trap(size_t index) const;
  size_t stub_count() const { return stub_names.size(); }
  uint32_t rva_of(std::string_view name) const;  // 0 if not exported
  uint32_t rva_of(uint32_t ordinal) const;       // 0 if not exported

  // Per stub: its first name (empty: ordinal-only) and ordinal; the last one
  // is the entry point stub.
  std::vector<std::pair<std::string_view, uint32_t>> stub_names;
  std::unique_ptr<std::atomic<const TrapTarget*>[]> trap_cache;
  ~DecoyTemplate();
};

// The template for a catalogue DLL ("kernel32.dll"); nullptr if unknown.
// Thread-safe; built on first use.
const DecoyTemplate* decoy_template(std::string_view file_name, Arch arch);

struct DecoySpec {
  std::string_view file_name;  // "kernel32.dll", "ntoskrnl.exe"
  uint64_t base_x86;
  uint64_t base_x64;
  bool kernel;
  std::string_view dir;        // "C:\\Windows\\system32\\" or "...\\drivers\\"
};
const DecoySpec* find_decoy_spec(std::string_view file_name);
std::span<const DecoySpec> decoy_specs();

}  // namespace emu::loader
