// Import binding: every IAT slot of the image gets the address of a decoy
// export (api-set names resolved), of another loaded image's export, or of
// a per-import trap stub when nothing exports it, so that every call is
// visible to the API layer rather than a jump into zeroes.
#include <algorithm>

#include "loader/image_mapper.h"
#include "loader/process_impl.h"
#include "loader/util.h"

namespace emu::loader {

uint64_t ProcessImpl::resolve_import(const std::string& dll, const std::string& name, uint32_t ordinal,
                                     std::string& stem) {
  const std::string file = resolve_dll_name(dll);
  const Module* target = find_module(file);
  if (!target && opts_.load_imported_decoys) target = load_library(file);
  stem = lower(strip_extension(target ? target->name : file));
  const std::string func = name.empty() ? "ordinal_" + std::to_string(ordinal) : name;
  if (target) {
    uint64_t a = name.empty() ? get_proc_address(*target, ordinal) : get_proc_address(*target, name);
    // api-ms-win-core-* sets map to kernelbase on Windows 7, with some
    // functions living in kernel32 or ntdll.
    if (!a && file == "kernelbase.dll" && lower(dll).starts_with("api-ms-win-core-") && !name.empty()) {
      for (const char* alt : {"kernel32.dll", "ntdll.dll"}) {
        const Module* m = find_module(alt);
        if (!m) m = load_library(alt);
        if (m && (a = get_proc_address(*m, name))) break;
      }
    }
    if (a) return a;
  }
  return make_stub(stem, func);
}

void ProcessImpl::bind_imports(Module& m, ModuleInfo& info, std::vector<ImportDescriptor>& descriptors) {
  (void)info;
  for (auto& d : descriptors) {
    const std::string dll = lower(d.dll);
    uint64_t module_base = 0;
    for (auto& t : d.thunks) {
      std::string stem;
      const uint64_t target = resolve_import(d.dll, t.name, t.ordinal, stem);
      if (!module_base)
        if (const Module* tm = find_module(resolve_dll_name(d.dll))) module_base = tm->base;
      write_ptr(m.base + t.iat_rva, target);
      imported_as_.emplace(target, std::string(strip_extension(dll)));
      Import imp;
      imp.dll = dll;
      imp.function = t.name.empty() ? "ordinal_" + std::to_string(t.ordinal) : t.name;
      imp.ordinal = t.name.empty() ? t.ordinal : 0;
      imp.iat_address = m.base + t.iat_rva;
      imp.target = target;
      imp.delay = d.delay;
      m.imports.push_back(std::move(imp));
    }
    // A delay-load descriptor whose slots are bound is already loaded: its
    // HMODULE slot says so, and the delay helper never runs.
    if (d.delay && d.module_handle_rva && module_base && d.module_handle_rva + ps_ <= m.size)
      write_ptr(m.base + d.module_handle_rva, module_base);
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
  notes_.insert(notes_.end(), notes.begin(), notes.end());
  bind_imports(m, info, descs);
  mark_pristine(mem_, m.base, m.size);
}

}  // namespace emu::loader
