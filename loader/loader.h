// The loader's public face: turns file bytes (a PE image or raw shellcode)
// into a guest address space the way Windows 7 SP1 (NT 6.1.7601) would
// present it: the mapped image with imports bound, decoy system DLLs that are
// real PE images in guest memory, PEB/TEB/LDR lists, process parameters,
// KUSER_SHARED_DATA, a stack and a process heap region.
//
// Every export of a decoy DLL points at a trap stub inside that decoy's
// executable stub section. The CPU stops before executing a trap address
// (Cpu::add_trap_range over trap_ranges()); the API layer asks trap_at() who
// was called, does the work and returns to the caller itself. Data exports
// (msvcrt's _acmdln, _iob, ...) point at real data instead (Export::data).
//
// Nothing here knows what an API does; that is the API layer's business.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpu/cpu.h"
#include "cpu/memory.h"

namespace emu::loader {

enum class Arch { X86, X64 };
inline cpu::Mode cpu_mode(Arch a) { return a == Arch::X86 ? cpu::Mode::X86 : cpu::Mode::X64; }
inline unsigned pointer_size(Arch a) { return a == Arch::X86 ? 4 : 8; }
const char* arch_name(Arch a);  // "x86" / "x64"

// Every load failure; what() is "load_error: <specific reason>", e.g.
// "load_error: SizeOfImage too large", "load_error: not a PE".
struct LoadError : std::runtime_error {
  using runtime_error::runtime_error;
};

// Fixed guest addresses (see loader/README.md for the full layout).
constexpr uint64_t kKuserSharedData = 0x7FFE0000;
constexpr uint64_t kShellcodeBase = 0x1000000;  // raw shellcode is mapped here (RWX)

struct Export {
  std::string name;        // empty for an ordinal-only export
  uint32_t ordinal = 0;    // biased (the ordinal GetProcAddress takes)
  uint64_t address = 0;    // absolute; 0 for a forwarder
  std::string forwarder;   // "NTDLL.RtlAllocateHeap" or "" (images only; decoys never forward)
  bool data = false;       // decoy data export: address holds data, not a trap stub
};

// One imported function of an image, as bound at load time.
struct Import {
  std::string dll;         // as written in the image, lower-cased ("kernel32.dll", "api-ms-win-crt-runtime-l1-1-0.dll")
  std::string function;    // name, or "ordinal_N" when imported by ordinal
  uint32_t ordinal = 0;    // when imported by ordinal (0 otherwise) ; hint is not kept
  uint64_t iat_address = 0;  // the IAT slot that was written
  uint64_t target = 0;       // what was written there (decoy export or unresolved-import stub)
  bool delay = false;        // from the delay-load directory
};

struct Module {            // one mapped image, the main one or a decoy
  std::string name;        // "kernel32.dll" (lower case for decoys; main image: its file name)
  std::string path;        // "C:\\Windows\\system32\\kernel32.dll"
  uint64_t base = 0, size = 0, entry = 0;  // entry = AddressOfEntryPoint absolute, 0 if none
  bool decoy = false;
  bool is_dll = false;
  bool is_driver = false;
  // A 32-bit user-mode image without IMAGE_DLLCHARACTERISTICS_NX_COMPAT: as
  // the main image, Windows 7 (DEP OptIn) runs its process without DEP.
  bool runs_without_dep = false;
  std::vector<Export> exports;             // ordinals, names, forwarders, read from the mapped export table
  std::vector<Import> imports;             // images only (decoys import nothing)
  std::vector<uint64_t> tls_callbacks;     // absolute addresses read from the mapped TLS callback array
  uint64_t ldr_entry = 0;                  // its LDR_DATA_TABLE_ENTRY in guest memory (all modules are linked)
  uint64_t stub_begin = 0, stub_end = 0;   // trap stub range inside the image (decoys), [begin, end)
};

// Who a trap address stands for.
struct TrapTarget {
  std::string module;      // "kernel32" (no extension), or the unresolved DLL's base name
  std::string function;    // export name, or "ordinal_N" if unnamed
  uint32_t ordinal = 0;
};

struct EntryPoint {
  // "tls_callback_N", "module_entry", "dll_entry.DLL_PROCESS_ATTACH",
  // "export.NAME" (or "export.ordinal_N"), "shellcode", "driver_entry"
  std::string type;
  uint64_t address = 0;
  std::string export_name;  // for export.* entries
};

// From the configuration, with Speakeasy's defaults
// (../shared/schemas/speakeasy-default-config-v2.json).
struct Environment {
  std::string image_path = "C:\\Windows\\system32\\svchost.exe";  // main image's full path
  std::string command_line = "svchost.exe myarg1 myarg2";
  std::string current_dir = "C:\\Windows\\system32";
  std::string user = "speakeasy_user";
  std::string computer_name = "speakeasy_host";
  std::string domain = "speakeasy_domain";
  std::vector<std::pair<std::string, std::string>> env_vars = {
      {"comspec", "C:\\Windows\\system32\\cmd.exe"},
      {"systemroot", "C:\\Windows"},
      {"windir", "C:\\Windows"},
      {"temp", "C:\\Windows\\temp\\"},
      {"userprofile", "C:\\Users\\speakeasy_user"},
      {"systemdrive", "C:"},
      {"allusersprofile", "C:\\ProgramData"},
      {"programfiles", "C:\\Program Files"},
  };
  uint32_t os_major = 6, os_minor = 1, os_build = 7601;
  uint16_t service_pack_major = 1;
  std::string csd_version = "Service Pack 1";
  uint32_t number_of_processors = 1;
  uint32_t pid = 0x3E8, tid = 0x3EC;  // main thread's ClientId
};

struct LoadOptions {
  Environment env;
  bool force_relocation = false;        // map the image away from its ImageBase
  uint64_t shellcode_base = kShellcodeBase;
  uint64_t raw_offset = 0;              // shellcode entry = base + raw_offset
  Arch raw_arch = Arch::X86;            // shellcode only
  uint64_t stack_size = 0x100000;       // main thread stack (reserved and committed)
  uint64_t heap_size = 0x100000;        // process heap region (PEB.ProcessHeap)
  uint64_t max_image_size = 256ull << 20;  // SizeOfImage cap
  uint32_t max_sections = 96;           // Windows' own limit
  uint32_t max_imports = 65536;         // imported functions over all descriptors
  bool load_imported_decoys = true;     // map decoys that the image imports
};

class Process {  // the address space a run needs: images, decoys, PEB/TEB, stack
 public:
  virtual ~Process() = default;

  virtual Arch arch() const = 0;
  virtual cpu::Memory& memory() = 0;
  virtual const cpu::Memory& memory() const = 0;

  // Load order: main image (or none for shellcode), ntdll, kernel32,
  // kernelbase, then the rest as loaded.
  virtual const std::vector<std::unique_ptr<Module>>& modules() const = 0;
  // For shellcode: a pseudo-module describing the shellcode region
  // (name "shellcode", not in the PEB lists).
  virtual const Module& main_module() const = 0;
  // In order: TLS callbacks, module entry / DllMain, exports (DLL only);
  // "shellcode" or "driver_entry" for those inputs.
  virtual std::vector<EntryPoint> entry_points() const = 0;
  // Load notes: things that were tolerated ("relocation block with bad size
  // skipped", "TLS callback outside image: 0x..."), for the report.
  virtual const std::vector<std::string>& notes() const = 0;

  // Identity of a decoy export stub or unresolved-import stub; nullptr
  // otherwise (including data exports).
  virtual const TrapTarget* trap_at(uint64_t addr) const = 0;
  // Every range that holds trap stubs, for Cpu::add_trap_range. The list
  // grows with load_library() and make_stub(); register new ones then
  // (Module::stub_begin/stub_end, or call this again).
  virtual std::vector<std::pair<uint64_t, uint64_t>> trap_ranges() const = 0;
  // A trap stub standing for module!function that no decoy exports
  // (e.g. GetProcAddress of an unknown name when functions always exist).
  // Same arguments give the same address. 0 when the stub area is full.
  virtual uint64_t make_stub(std::string_view module, std::string_view function) = 0;
  // True when addr is a decoy data export's slot.
  virtual bool is_data_export(uint64_t addr) const = 0;
  // The DLL name (lower case, no extension) under which a loaded image
  // imported the function at addr, as written in its import table: e.g.
  // "api-ms-win-crt-stdio-l1-1-0" for ucrtbase's __stdio_common_vfprintf
  // (reports name API calls that way). nullptr if no import targets addr.
  virtual const std::string* imported_as(uint64_t addr) const = 0;

  // Runtime LoadLibrary: maps the decoy (api-set names resolved, ".dll"
  // optional, case-insensitive, a full path accepted) and links it into the
  // PEB lists; an already loaded module is returned as is. nullptr if unknown.
  virtual const Module* load_library(std::string_view name) = 0;
  // Maps another PE image (a dropped DLL the guest loads), binds its imports
  // and links it into the PEB lists. Throws LoadError.
  virtual const Module* load_image(std::span<const uint8_t> file, std::string_view name,
                                   std::string_view path) = 0;
  // By base name ("kernel32", "KERNEL32.DLL", api-set names), or full path.
  virtual const Module* find_module(std::string_view name) const = 0;
  virtual const Module* module_at(uint64_t addr) const = 0;
  // Follows forwarders (bounded); 0 if absent.
  virtual uint64_t get_proc_address(const Module& m, std::string_view name) const = 0;
  virtual uint64_t get_proc_address(const Module& m, uint32_t ordinal) const = 0;
  // True if the name is a decoy this loader knows (api-set names included).
  virtual bool is_known_dll(std::string_view name) const = 0;

  virtual uint64_t peb() const = 0;
  virtual uint64_t teb() const = 0;  // main thread
  virtual uint64_t process_heap_base() const = 0;
  virtual uint64_t process_heap_size() const = 0;
  virtual uint64_t process_parameters() const = 0;  // RTL_USER_PROCESS_PARAMETERS
  virtual const Environment& environment() const = 0;

  struct ThreadEnvironment {
    uint64_t teb = 0;
    uint64_t stack_base = 0;   // highest address (exclusive), NT_TIB.StackBase
    uint64_t stack_limit = 0;  // lowest committed address, NT_TIB.StackLimit
    uint32_t tid = 0;
  };
  virtual ThreadEnvironment main_thread() const = 0;
  // A TEB (with its own TLS array copy) + stack for a new thread.
  virtual ThreadEnvironment create_thread_environment(uint64_t stack_size, uint32_t tid) = 0;
  // Registers for a thread about to run: rsp a little below stack_base
  // (16-byte aligned, room for a return address and x64 home space),
  // fs_base (x86) / gs_base (x64) = TEB, eflags 0x202. rip is left 0.
  virtual cpu::Context initial_context(const ThreadEnvironment& t) const = 0;
};

// Throws LoadError.
std::unique_ptr<Process> load_pe(std::span<const uint8_t> file, const LoadOptions& options);
std::unique_ptr<Process> load_shellcode(std::span<const uint8_t> code, const LoadOptions& options);
bool looks_like_pe(std::span<const uint8_t> file);
// Architecture of a PE file by its headers; nullopt if not a PE.
std::optional<Arch> pe_arch(std::span<const uint8_t> file);

// Decoy catalogue (static data, for the API layer and tests).
struct DecoyInfo {
  std::string_view name;  // "kernel32.dll"
  uint64_t base_x86, base_x64;
};
std::span<const DecoyInfo> decoy_catalogue();
// "api-ms-win-crt-runtime-l1-1-0.dll" -> "ucrtbase.dll",
// "api-ms-win-core-crt-*" -> "msvcrt.dll", "api-ms-win-core-*" ->
// "kernelbase.dll", "api-ms-win-security-*" -> "advapi32.dll"; other names are
// returned lower-cased with ".dll" appended when they have no extension.
std::string resolve_dll_name(std::string_view name);

}  // namespace emu::loader
