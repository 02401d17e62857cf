// Import binding: every IAT slot of the image gets the address of a decoy
// export (api-set names resolved), of another loaded image's export, or of
// a per-import trap stub when nothing exports it, so that every call is
// visible to the API layer rather than a jump into zeroes.
#include <algorithm>

#include "loader/image_mapper.h"
#include "loader/process_impl.h"
#include "loader/util.h"

namespace emu::loader {

uint64_t ProcessImpl::resolve_import(const Module* target, const std::string& stem, bool api_core,
                                     const std::string& name, uint32_t ordinal) {
  uint64_t a = 0;
  if (target) {
    a = name.empty() ? get_proc_address(*target, ordinal) : get_proc_address(*target, name);
    // api-ms-win-core-* sets map to kernelbase on Windows 7, with some
    // functions living in kernel32 or ntdll.
    if (!a && api_core && !name.empty()) {
      for (const char* alt : {"kernel32.dll", "ntdll.dll"}) {
        const Module* m = find_module(alt);
        if (!m) m = load_library(alt);
        if (m && (a = get_proc_address(*m, name))) break;
      }
    }
  }
  if (a) return a;
  return make_stub(stem, name.empty() ? "ordinal_" + std::to_string(ordinal) : name);
}

void ProcessImpl::bind_imports(Module& m, ModuleInfo& info, std::vector<ImportDescriptor>& descriptors) {
  (void)info;
  for (auto& d : descriptors) {
    // The target module is resolved once per descriptor, not per function.
    const std::string dll = lower(d.dll);
    const std::string file = resolve_dll_name(d.dll);
    const Module* target = find_module(file);
    if (!target && opts_.load_imported_decoys) target = load_library(file);
    const std::string stem = lower(strip_extension(target ? target->name : file));
    const bool api_core = file == "kernelbase.dll" && dll.starts_with("api-ms-win-core-");
    const std::string alias(strip_extension(dll));
    m.imports.reserve(m.imports.size() + d.thunks.size());
    for (auto& t : d.thunks) {
      const uint64_t addr = resolve_import(target, stem, api_core, t.name, t.ordinal);
      write_ptr(m.base + t.iat_rva, addr);
      imported_as_.try_emplace(addr, alias);
      Import imp;
      imp.dll = dll;
      imp.function = t.name.empty() ? "ordinal_" + std::to_string(t.ordinal) : t.name;
      imp.ordinal = t.name.empty() ? t.ordinal : 0;
      imp.iat_address = m.base + t.iat_rva;
      imp.target = addr;
      imp.delay = d.delay;
      m.imports.push_back(std::move(imp));
    }
    // A delay-load descriptor whose slots are bound is already loaded: its
    // HMODULE slot says so, and the delay helper never runs.
    if (d.delay && d.module_handle_rva && target && d.module_handle_rva + ps_ <= m.size)
      write_ptr(m.base + d.module_handle_rva, target->base);
  }
}

const std::string* ProcessImpl::imported_as(uint64_t addr) const {
  auto it = imported_as_.find(addr);
  return it == imported_as_.end() ? nullptr : &it->second;
}

void ProcessImpl::bind_main_imports() {
  Module& m = *modules_.front();
  ModuleInfo& info = info_.at(&m);
  const ImageView img(mem_, m.base, m.size);
  std::vector<std::string> notes;
  auto descs = read_imports(img, info.headers, opts_.max_imports, notes);
  auto delay = read_delay_imports(img, info.headers, opts_.max_imports, notes);
  descs.insert(descs.end(), std::make_move_iterator(delay.begin()), std::make_move_iterator(delay.end()));
  for (auto& n : notes) note(std::move(n));
  bind_imports(m, info, descs);
  mark_pristine(mem_, m.base, m.size);
}

}  // namespace emu::loader
