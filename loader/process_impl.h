// The Process implementation, shared by the files that build it:
// process.cpp (construction, modules, lookups), process_env.cpp (PEB, TEB,
// LDR lists, process parameters, KUSER_SHARED_DATA), process_imports.cpp
// (binding imports), decoy_data.cpp (decoy data exports).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "loader/decoy_image.h"
#include "loader/image_directories.h"
#include "loader/loader.h"
#include "loader/nt_layout.h"
#include "loader/pe_headers.h"

namespace emu::loader {

class ProcessImpl final : public Process {
 public:
  ProcessImpl(Arch arch, const LoadOptions& options);

  // Process interface
  Arch arch() const override { return arch_; }
  cpu::Memory& memory() override { return mem_; }
  const cpu::Memory& memory() const override { return mem_; }
  const std::vector<std::unique_ptr<Module>>& modules() const override { return modules_; }
  const Module& main_module() const override;
  std::vector<EntryPoint> entry_points() const override;
  const std::vector<std::string>& notes() const override { return notes_; }
  const TrapTarget* trap_at(uint64_t addr) const override;
  std::vector<std::pair<uint64_t, uint64_t>> trap_ranges() const override;
  uint64_t make_stub(std::string_view module, std::string_view function) override;
  bool is_data_export(uint64_t addr) const override;
  const std::string* imported_as(uint64_t addr) const override;
  const Module* load_library(std::string_view name) override;
  const Module* load_image(std::span<const uint8_t> file, std::string_view name, std::string_view path) override;
  const Module* find_module(std::string_view name) const override;
  const Module* module_at(uint64_t addr) const override;
  uint64_t get_proc_address(const Module& m, std::string_view name) const override;
  uint64_t get_proc_address(const Module& m, uint32_t ordinal) const override;
  bool is_known_dll(std::string_view name) const override;
  uint64_t peb() const override { return peb_; }
  uint64_t teb() const override { return main_thread_.teb; }
  uint64_t process_heap_base() const override { return heap_base_; }
  uint64_t process_heap_size() const override { return heap_size_; }
  uint64_t process_parameters() const override { return params_; }
  const Environment& environment() const override { return env_; }
  ThreadEnvironment main_thread() const override { return main_thread_; }
  ThreadEnvironment create_thread_environment(uint64_t stack_size, uint32_t tid) override;
  cpu::Context initial_context(const ThreadEnvironment& t) const override;

  // Construction steps (used by load_pe / load_shellcode).
  void map_fixed_areas();                                     // KUSER_SHARED_DATA, PEB, main TEB pages
  Module* map_main_image(std::span<const uint8_t> file);      // main PE
  void map_shellcode(std::span<const uint8_t> code);
  Module* map_host_image();                                   // stand-in exe for shellcode
  void load_core_decoys();                                    // ntdll, kernel32, kernelbase (or ntoskrnl, hal)
  void bind_main_imports();
  void build_environment();                                   // PEB, params, LDR, TEB, stack, heap

  const LoadOptions& options() const { return opts_; }

 private:
  struct ModuleInfo {
    const DecoyTemplate* tmpl = nullptr;
    std::unordered_map<std::string, size_t> by_name;   // images: index into exports
    std::unordered_map<uint32_t, size_t> by_ordinal;
    PeHeaders headers;                                 // images
    TlsInfo tls;
  };

  // Appends a load note; after kMaxNotes a single "further notes
  // suppressed" line ends the list (hostile files produce them by the thousand).
  void note(std::string n);
  uint64_t alloc(uint64_t size, uint64_t align = 16);   // process data (LDR entries, strings, ...)
  uint64_t alloc_wstring(std::u16string_view s);        // NUL-terminated UTF-16, returns address
  uint64_t alloc_cstring(std::string_view s);
  void write_ptr(uint64_t addr, uint64_t v);
  void write_ustring(uint64_t ustr_addr, std::u16string_view s);  // allocates the buffer
  uint64_t read_ptr(uint64_t addr) const;

  Module* add_module(std::unique_ptr<Module> m, ModuleInfo info);
  Module* map_decoy(const DecoyTemplate& t, const std::string& path);
  Module* map_image_module(std::span<const uint8_t> file, const std::string& name, const std::string& path,
                           bool main);
  void fill_data_exports(const Module& m, const DecoyTemplate& t);
  void bind_imports(Module& m, ModuleInfo& info, std::vector<ImportDescriptor>& descriptors);
  uint64_t resolve_import(const Module* target, const std::string& stem, bool api_core, const std::string& name,
                          uint32_t ordinal);
  uint64_t resolve_forwarder(const std::string& fwd, int depth) const;
  uint64_t export_address(const Module& m, const std::string* name, uint32_t ordinal, int depth) const;

  // Environment
  void write_kuser_shared_data();
  void write_peb();
  void write_process_parameters();
  void create_ldr();
  void link_ldr_entry(Module& m, bool load_lists, bool init_list);
  void write_teb(const ThreadEnvironment& t);
  uint64_t create_tls_array();
  uint64_t allocate_stack(uint64_t size);
  std::vector<std::string> argv() const;

  Arch arch_;
  LoadOptions opts_;
  Environment env_;
  const NtLayout& L_;
  unsigned ps_;  // pointer size
  cpu::Memory mem_;
  std::vector<std::unique_ptr<Module>> modules_;
  std::unordered_map<const Module*, ModuleInfo> info_;
  std::map<uint64_t, const Module*> by_base_;
  std::unordered_map<std::string, const Module*> by_lower_name_;  // first module of each name
  std::unique_ptr<Module> shellcode_module_;
  std::vector<std::string> notes_;
  std::vector<EntryPoint> extra_entries_;

  // Dynamic stubs (imports of unknown DLLs, make_stub)
  std::vector<std::pair<uint64_t, uint64_t>> stub_chunks_;
  uint64_t stub_next_ = 0, stub_end_ = 0;
  std::unordered_map<uint64_t, TrapTarget> dyn_traps_;
  std::unordered_map<std::string, uint64_t> dyn_by_key_;
  std::unordered_map<uint64_t, std::string> imported_as_;

  // Process data bump allocator
  uint64_t data_next_ = 0, data_end_ = 0;

  uint64_t peb_ = 0, ldr_ = 0, params_ = 0, heap_base_ = 0, heap_size_ = 0, kuser_ = kKuserSharedData;
  uint64_t next_teb_ = 0;
  ThreadEnvironment main_thread_;
  bool environment_built_ = false;
  bool kernel_mode_ = false;
  uint64_t ctype_table_ = 0;
};

}  // namespace emu::loader
