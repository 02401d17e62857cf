// Process construction, module bookkeeping, lookups and the load_* entry
// points. Guest address layout (both architectures unless stated):
//   0x00020000  process data (LDR entries, strings, process parameters)
//   0x00030000  main thread stack (LoadOptions::stack_size), then the process heap
//   0x00400000  main image at its preferred base (or relocated, see image_mapper)
//   0x01000000  raw shellcode (kShellcodeBase)
//   decoys      fixed bases per DLL (decoy_catalogue.cpp)
//   0x7FFDE000  PEB (x86), main TEB 0x7FFDD000, further TEBs below
//   0x7FFFFFDF000 PEB (x64), main TEB 0x7FFFFFDD000 (two pages), further TEBs below
//   0x7FFE0000  KUSER_SHARED_DATA
#include "loader/process_impl.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "loader/image_mapper.h"
#include "loader/util.h"

namespace emu::loader {

namespace {

constexpr uint64_t kStubChunk = 0x10000;
constexpr size_t kMaxStubChunks = 64;
constexpr int kMaxForwarderDepth = 16;
constexpr size_t kMaxNotes = 256;

uint64_t user_limit(Arch a) { return a == Arch::X86 ? 0x7FFE0000ull : 0x7FF00000000ull; }

}  // namespace

ProcessImpl::ProcessImpl(Arch arch, const LoadOptions& options)
    : arch_(arch), opts_(options), env_(options.env), L_(nt_layout(arch)), ps_(pointer_size(arch)) {}

void ProcessImpl::note(std::string n) {
  if (notes_.size() < kMaxNotes) notes_.push_back(std::move(n));
  else if (notes_.size() == kMaxNotes) notes_.push_back("further notes suppressed");
}

// ---------------------------------------------------------------- memory helpers

uint64_t ProcessImpl::alloc(uint64_t size, uint64_t align) {
  if (size == 0) size = 1;
  uint64_t a = (data_next_ + align - 1) & ~(align - 1);
  if (!data_next_ || a + size > data_end_) {
    const uint64_t chunk = cpu::page_ceil(std::max<uint64_t>(size, 0x10000));
    const uint64_t base = mem_.find_free(chunk, 0x20000, user_limit(arch_));
    if (!base || !mem_.map(base, chunk, cpu::kPermRead | cpu::kPermWrite, "process_data"))
      fail("out of guest memory for process data");
    data_next_ = base;
    data_end_ = base + chunk;
    a = base;
  }
  data_next_ = a + size;
  return a;
}

uint64_t ProcessImpl::alloc_wstring(std::u16string_view s) {
  const uint64_t a = alloc(2 * (s.size() + 1), 8);
  mem_.write(a, s.data(), 2 * s.size());
  return a;
}

uint64_t ProcessImpl::alloc_cstring(std::string_view s) {
  const uint64_t a = alloc(s.size() + 1, 8);
  mem_.write(a, s.data(), s.size());
  return a;
}

void ProcessImpl::write_ptr(uint64_t addr, uint64_t v) {
  if (ps_ == 8) mem_.write_as<uint64_t>(addr, v);
  else mem_.write_as<uint32_t>(addr, static_cast<uint32_t>(v));
}

uint64_t ProcessImpl::read_ptr(uint64_t addr) const {
  if (ps_ == 8) return mem_.read_as<uint64_t>(addr).value_or(0);
  return mem_.read_as<uint32_t>(addr).value_or(0);
}

void ProcessImpl::write_ustring(uint64_t ustr, std::u16string_view s) {
  const size_t n = std::min<size_t>(s.size(), 0x7FFE);
  const uint64_t buf = alloc_wstring(s.substr(0, n));
  mem_.write_as<uint16_t>(ustr, static_cast<uint16_t>(2 * n));
  mem_.write_as<uint16_t>(ustr + 2, static_cast<uint16_t>(2 * n + 2));
  write_ptr(ustr + (ps_ == 8 ? 8 : 4), buf);
}

// ---------------------------------------------------------------- modules

Module* ProcessImpl::add_module(std::unique_ptr<Module> m, ModuleInfo info) {
  Module* raw = m.get();
  modules_.push_back(std::move(m));
  info_.emplace(raw, std::move(info));
  by_base_[raw->base] = raw;
  by_lower_name_.emplace(lower(raw->name), raw);
  if (environment_built_) link_ldr_entry(*raw, true, true);
  return raw;
}

void ProcessImpl::map_fixed_areas() {
  const uint8_t rw = cpu::kPermRead | cpu::kPermWrite;
  if (!mem_.map(kKuserSharedData, cpu::kPageSize, cpu::kPermRead, "kuser_shared_data"))
    fail("cannot map KUSER_SHARED_DATA");
  const uint64_t teb_pages = cpu::page_ceil(L_.teb_size);
  peb_ = arch_ == Arch::X86 ? 0x7FFDE000ull : 0x7FFFFFDF000ull;
  main_thread_.teb = arch_ == Arch::X86 ? 0x7FFDD000ull : 0x7FFFFFDD000ull;
  main_thread_.tid = env_.tid;
  if (!mem_.map(peb_, cpu::kPageSize, rw, "peb") || !mem_.map(main_thread_.teb, teb_pages, rw, "teb"))
    fail("cannot map PEB/TEB");
  next_teb_ = main_thread_.teb - teb_pages;
}

Module* ProcessImpl::map_image_module(std::span<const uint8_t> file, const std::string& name,
                                      const std::string& path, bool main) {
  std::vector<std::string> notes;
  PeHeaders h = parse_pe_headers(file, opts_, notes);
  if (h.arch != arch_) fail("image architecture does not match the process");
  const uint64_t base = choose_image_base(mem_, h, main && opts_.force_relocation, notes);
  map_image(mem_, h, file, base, "image:" + name, notes);
  apply_relocations(mem_, h, base, notes);

  auto m = std::make_unique<Module>();
  m->name = name;
  m->path = path;
  m->base = base;
  m->size = h.mapped_size();
  m->is_dll = h.is_dll();
  m->is_driver = h.is_driver();
  m->runs_without_dep = h.arch == Arch::X86 && !h.is_driver() && !(h.dll_characteristics & kDllCharNxCompat);
  // An EXE whose entry RVA is zero starts at its base (the MZ header runs).
  if (h.entry_rva) m->entry = base + h.entry_rva;
  else if (!m->is_dll) m->entry = base;
  const ImageView img(mem_, base, m->size);
  ModuleInfo info;
  m->exports = read_exports(img, h.dirs[kDirExport], notes);
  for (size_t i = 0; i < m->exports.size(); ++i) {
    if (!m->exports[i].name.empty()) info.by_name.emplace(m->exports[i].name, i);
    info.by_ordinal.emplace(m->exports[i].ordinal, i);
  }
  info.tls = read_tls(mem_, img, h, notes);
  // The image's TLS index: slot 0 of ThreadLocalStoragePointer for the
  // main image (ntdll writes it before any callback runs).
  if (info.tls.present && info.tls.index_address && !mem_.write_as<uint32_t>(info.tls.index_address, 0))
    notes.push_back("TLS index address unmapped: " + hex(info.tls.index_address));
  m->tls_callbacks = info.tls.callbacks;
  info.headers = std::move(h);
  for (auto& n : notes) note(main ? n : name + ": " + n);
  return add_module(std::move(m), std::move(info));
}

Module* ProcessImpl::map_main_image(std::span<const uint8_t> file) {
  const std::string path = env_.image_path;
  Module* m = map_image_module(file, std::string(base_name(path)), path, true);
  kernel_mode_ = m->is_driver;
  return m;
}

void ProcessImpl::map_shellcode(std::span<const uint8_t> code) {
  if (code.empty()) fail("empty shellcode");
  if (code.size() > opts_.max_image_size) fail("shellcode too large");
  if (opts_.raw_offset >= code.size()) fail("shellcode entry offset past end");
  const uint64_t base = opts_.shellcode_base;
  const uint64_t size = cpu::page_ceil(code.size());
  if (!mem_.map(base, size, cpu::kPermRead | cpu::kPermWrite | cpu::kPermExec, "shellcode"))
    fail("shellcode base not free");
  mem_.write(base, code.data(), code.size());
  mark_pristine(mem_, base, size);
  shellcode_module_ = std::make_unique<Module>();
  shellcode_module_->name = "shellcode";
  shellcode_module_->path = env_.image_path;
  shellcode_module_->base = base;
  shellcode_module_->size = size;
  shellcode_module_->entry = base + opts_.raw_offset;
}

// A minimal EXE standing for the process that hosts shellcode, so that the
// PEB lists read "host exe, ntdll, kernel32, ..." as shellcode expects.
Module* ProcessImpl::map_host_image() {
  const bool pe64 = arch_ == Arch::X64;
  std::vector<uint8_t> b(0x2000, 0);
  auto p16 = [&](size_t o, uint16_t v) { std::memcpy(&b[o], &v, 2); };
  auto p32 = [&](size_t o, uint32_t v) { std::memcpy(&b[o], &v, 4); };
  const uint64_t pref = pe64 ? 0x140000000ull : 0x400000ull;
  b[0] = 'M'; b[1] = 'Z';
  p32(0x3C, 0x80);
  p32(0x80, 0x00004550);
  p16(0x84, pe64 ? 0x8664 : 0x14C);
  p16(0x86, 1);
  p16(0x94, pe64 ? 0xF0 : 0xE0);
  p16(0x96, pe64 ? 0x0022 : 0x0102);
  const size_t opt = 0x98;
  p16(opt, pe64 ? 0x20B : 0x10B);
  p32(opt + 16, 0x1000);  // entry: a ret
  p32(opt + 20, 0x1000);
  if (pe64) std::memcpy(&b[opt + 24], &pref, 8);
  else p32(opt + 28, static_cast<uint32_t>(pref));
  p32(opt + 32, 0x1000);
  p32(opt + 36, 0x200);
  p16(opt + 40, 6); p16(opt + 42, 1); p16(opt + 48, 6); p16(opt + 50, 1);
  p32(opt + 56, 0x2000);
  p32(opt + 60, 0x400);
  p16(opt + 68, 3);
  p32(opt + (pe64 ? 108 : 92), 16);
  const size_t sh = opt + (pe64 ? 0xF0 : 0xE0);
  std::memcpy(&b[sh], ".text", 5);
  p32(sh + 8, 0x1000); p32(sh + 12, 0x1000); p32(sh + 16, 0x200); p32(sh + 20, 0x400);
  p32(sh + 36, 0x60000020);
  b[0x1000] = 0xC3;
  uint64_t base = pref;
  if (!mem_.map(base, b.size(), cpu::kPermRead, "image:host")) {
    base = mem_.find_free(b.size(), 0x400000, user_limit(arch_));
    if (!base || !mem_.map(base, b.size(), cpu::kPermRead, "image:host")) fail("no room for the host image");
  }
  mem_.write(base, b.data(), b.size());
  mem_.protect(base + 0x1000, 0x1000, cpu::kPermRead | cpu::kPermExec);
  mark_pristine(mem_, base, b.size());
  auto m = std::make_unique<Module>();
  m->path = env_.image_path;
  m->name = std::string(base_name(m->path));
  m->base = base;
  m->size = b.size();
  m->entry = base + 0x1000;
  m->decoy = true;
  return add_module(std::move(m), {});
}

Module* ProcessImpl::map_decoy(const DecoyTemplate& t, const std::string& path) {
  const uint64_t size = t.image.size();
  uint64_t base = t.preferred_base;
  if (!mem_.map(base, size, cpu::kPermRead, "image:" + t.file_name)) {
    const uint64_t hint = arch_ == Arch::X86 ? 0x60000000ull : 0x7FE60000000ull;
    base = mem_.find_free(size, hint, t.kernel ? ~0ull : user_limit(arch_));
    if (!base || !mem_.map(base, size, cpu::kPermRead, "image:" + t.file_name)) fail("no room for decoy " + t.file_name);
    note(t.file_name + " mapped at " + hex(base) + " instead of " + hex(t.preferred_base));
  }
  mem_.write(base, t.image.data(), size);
  if (base != t.preferred_base) {
    if (arch_ == Arch::X64) mem_.write_as<uint64_t>(base + t.image_base_offset, base);
    else mem_.write_as<uint32_t>(base + t.image_base_offset, static_cast<uint32_t>(base));
  }
  mem_.protect(base + t.text_rva, t.text_size, cpu::kPermRead | cpu::kPermExec);
  mem_.protect(base + t.data_rva, t.data_size, cpu::kPermRead | cpu::kPermWrite);

  auto m = std::make_unique<Module>();
  m->name = t.file_name;
  m->path = path;
  m->base = base;
  m->size = size;
  m->entry = base + t.entry_rva;
  m->decoy = true;
  m->is_dll = true;
  m->is_driver = t.kernel && t.file_name.ends_with(".sys");
  m->stub_begin = base + t.text_rva;
  m->stub_end = base + t.text_rva + t.text_size;
  m->exports.reserve(t.exports.size());
  for (const auto& e : t.exports) m->exports.push_back({std::string(e.name), e.ordinal, base + e.rva, {}, e.data});
  ModuleInfo info;
  info.tmpl = &t;
  Module* raw = add_module(std::move(m), std::move(info));
  fill_data_exports(*raw, t);
  mark_pristine(mem_, base, size);
  return raw;
}

const Module* ProcessImpl::load_library(std::string_view name) {
  if (name.empty()) return nullptr;
  if (const Module* m = find_module(name)) return m;
  const std::string file = resolve_dll_name(name);
  const DecoySpec* spec = find_decoy_spec(file);
  if (!spec) return nullptr;
  const DecoyTemplate* t = decoy_template(file, arch_);
  if (!t) return nullptr;
  return map_decoy(*t, std::string(spec->dir) + file);
}

const Module* ProcessImpl::load_image(std::span<const uint8_t> file, std::string_view name,
                                      std::string_view path) {
  Module* m = map_image_module(file, std::string(name), std::string(path), false);
  ModuleInfo& info = info_.at(m);
  const ImageView img(mem_, m->base, m->size);
  std::vector<std::string> notes;
  auto descs = read_imports(img, info.headers, opts_.max_imports, notes);
  auto delay = read_delay_imports(img, info.headers, opts_.max_imports, notes);
  for (auto& n : notes) note(std::string(name) + ": " + n);
  descs.insert(descs.end(), std::make_move_iterator(delay.begin()), std::make_move_iterator(delay.end()));
  bind_imports(*m, info, descs);
  mark_pristine(mem_, m->base, m->size);
  return m;
}

void ProcessImpl::load_core_decoys() {
  const char* const user[] = {"ntdll.dll", "kernel32.dll", "kernelbase.dll"};
  const char* const kernel[] = {"ntoskrnl.exe", "hal.dll"};
  if (kernel_mode_) {
    for (auto* n : kernel) load_library(n);
  } else {
    for (auto* n : user) load_library(n);
  }
}

const Module& ProcessImpl::main_module() const {
  if (shellcode_module_) return *shellcode_module_;
  return *modules_.front();
}

const Module* ProcessImpl::find_module(std::string_view name) const {
  if (name.empty()) return nullptr;
  const bool has_path = name.find_first_of("\\/") != std::string_view::npos;
  if (has_path) {
    const std::string p = lower(name);
    for (const auto& m : modules_)
      if (lower(m->path) == p) return m.get();
  }
  const std::string file = resolve_dll_name(name);
  if (auto it = by_lower_name_.find(file); it != by_lower_name_.end()) return it->second;
  const std::string raw = lower(base_name(name));
  if (auto it = by_lower_name_.find(raw); it != by_lower_name_.end()) return it->second;
  for (const auto& m : modules_) {
    const std::string n = lower(m->name);
    if (n == file || n == raw) return m.get();
    // "sample" finds "sample.exe" as LoadLibrary would not, but
    // GetModuleHandle-style lookups by stem are common in reports.
    if (raw.find('.') == std::string::npos && strip_extension(n) == raw) return m.get();
  }
  return nullptr;
}

const Module* ProcessImpl::module_at(uint64_t addr) const {
  if (shellcode_module_ && addr >= shellcode_module_->base &&
      addr - shellcode_module_->base < shellcode_module_->size)
    return shellcode_module_.get();
  auto it = by_base_.upper_bound(addr);
  if (it == by_base_.begin()) return nullptr;
  --it;
  const Module* m = it->second;
  return addr - m->base < m->size ? m : nullptr;
}

bool ProcessImpl::is_known_dll(std::string_view name) const {
  return find_decoy_spec(resolve_dll_name(name)) != nullptr;
}

uint64_t ProcessImpl::export_address(const Module& m, const std::string* name, uint32_t ordinal,
                                     int depth) const {
  auto it = info_.find(&m);
  if (it == info_.end()) return 0;
  const ModuleInfo& info = it->second;
  if (info.tmpl) {
    const uint32_t rva = name ? info.tmpl->rva_of(std::string_view(*name)) : info.tmpl->rva_of(ordinal);
    return rva ? m.base + rva : 0;
  }
  const Export* e = nullptr;
  if (name) {
    auto r = info.by_name.find(*name);
    if (r != info.by_name.end()) e = &m.exports[r->second];
  } else {
    auto r = info.by_ordinal.find(ordinal);
    if (r != info.by_ordinal.end()) e = &m.exports[r->second];
  }
  if (!e) return 0;
  if (!e->forwarder.empty()) return resolve_forwarder(e->forwarder, depth + 1);
  return e->address;
}

uint64_t ProcessImpl::resolve_forwarder(const std::string& fwd, int depth) const {
  if (depth > kMaxForwarderDepth) return 0;  // forwarder loop
  const size_t dot = fwd.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == fwd.size()) return 0;
  const std::string dll = fwd.substr(0, dot);
  const std::string func = fwd.substr(dot + 1);
  const Module* target = find_module(dll);
  // Windows loads the forwarder's target DLL; do the same for decoys.
  if (!target) target = const_cast<ProcessImpl*>(this)->load_library(dll);
  if (!target) return 0;
  if (func[0] == '#') {
    uint32_t ord = 0;
    for (size_t i = 1; i < func.size() && i < 8; ++i) {
      if (func[i] < '0' || func[i] > '9') return 0;
      ord = ord * 10 + (func[i] - '0');
    }
    return export_address(*target, nullptr, ord, depth);
  }
  return export_address(*target, &func, 0, depth);
}

uint64_t ProcessImpl::get_proc_address(const Module& m, std::string_view name) const {
  const std::string n(name);
  return export_address(m, &n, 0, 0);
}

uint64_t ProcessImpl::get_proc_address(const Module& m, uint32_t ordinal) const {
  return export_address(m, nullptr, ordinal, 0);
}

// ---------------------------------------------------------------- traps

const TrapTarget* ProcessImpl::trap_at(uint64_t addr) const {
  if (const Module* m = module_at(addr)) {
    if (m->decoy && addr >= m->stub_begin && addr < m->stub_end) {
      auto it = info_.find(m);
      if (it != info_.end() && it->second.tmpl) {
        return it->second.tmpl->trap((addr - m->stub_begin) / kStubSize);
      }
    }
    return nullptr;
  }
  auto it = dyn_traps_.find(addr & ~uint64_t{kStubSize - 1});
  return it == dyn_traps_.end() ? nullptr : &it->second;
}

std::vector<std::pair<uint64_t, uint64_t>> ProcessImpl::trap_ranges() const {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (const auto& m : modules_)
    if (m->stub_end > m->stub_begin) out.emplace_back(m->stub_begin, m->stub_end);
  out.insert(out.end(), stub_chunks_.begin(), stub_chunks_.end());
  return out;
}

uint64_t ProcessImpl::make_stub(std::string_view module, std::string_view function) {
  std::string stem(strip_extension(base_name(module)));
  stem = lower(stem);
  std::string key = stem + "!" + std::string(function);
  if (auto it = dyn_by_key_.find(key); it != dyn_by_key_.end()) return it->second;
  if (stub_next_ + kStubSize > stub_end_) {
    if (stub_chunks_.size() >= kMaxStubChunks) return 0;
    const uint64_t hint = arch_ == Arch::X86 ? 0x70000000ull : 0x7FE70000000ull;
    const uint64_t base = mem_.find_free(kStubChunk, hint, user_limit(arch_));
    if (!base || !mem_.map(base, kStubChunk, cpu::kPermRead | cpu::kPermExec, "import_stubs")) return 0;
    // Each stub is a `ret` padded with int3: never executed, only read.
    std::vector<uint8_t> fill(kStubChunk, 0xCC);
    for (uint64_t i = 0; i < kStubChunk; i += kStubSize) fill[i] = 0xC3;
    mem_.write(base, fill.data(), fill.size());
    mark_pristine(mem_, base, kStubChunk);
    stub_chunks_.emplace_back(base, base + kStubChunk);
    stub_next_ = base;
    stub_end_ = base + kStubChunk;
  }
  const uint64_t addr = stub_next_;
  stub_next_ += kStubSize;
  TrapTarget t{stem, std::string(function), 0};
  if (function.starts_with("ordinal_")) {
    uint32_t o = 0;
    for (char c : function.substr(8))
      if (c >= '0' && c <= '9') o = o * 10 + (c - '0');
    t.ordinal = o;
  }
  dyn_traps_.emplace(addr, std::move(t));
  dyn_by_key_.emplace(std::move(key), addr);
  return addr;
}

bool ProcessImpl::is_data_export(uint64_t addr) const {
  const Module* m = module_at(addr);
  if (!m || !m->decoy) return false;
  auto it = info_.find(m);
  if (it == info_.end() || !it->second.tmpl) return false;
  for (const auto& s : it->second.tmpl->data_slots)
    if (m->base + s.rva == addr) return true;
  return false;
}

// ---------------------------------------------------------------- entry points

std::vector<EntryPoint> ProcessImpl::entry_points() const {
  std::vector<EntryPoint> out;
  if (shellcode_module_) {
    out.push_back({"shellcode", shellcode_module_->entry, {}});
    return out;
  }
  const Module& m = *modules_.front();
  if (m.is_driver) {
    out.push_back({"driver_entry", m.entry, {}});
    return out;
  }
  for (size_t i = 0; i < m.tls_callbacks.size(); ++i)
    out.push_back({"tls_callback_" + std::to_string(i), m.tls_callbacks[i], {}});
  if (!m.is_dll) {
    out.push_back({"module_entry", m.entry, {}});
    return out;
  }
  if (m.entry) out.push_back({"dll_entry.DLL_PROCESS_ATTACH", m.entry, {}});
  std::unordered_set<uint64_t> seen;
  for (const auto& e : m.exports) {
    if (!e.address || !seen.insert(e.address).second) continue;
    const std::string n = e.name.empty() ? "ordinal_" + std::to_string(e.ordinal) : e.name;
    out.push_back({"export." + n, e.address, n});
  }
  return out;
}

// ---------------------------------------------------------------- load_*

namespace {

std::unique_ptr<ProcessImpl> finish(std::unique_ptr<ProcessImpl> p) {
  p->build_environment();
  return p;
}

}  // namespace

bool looks_like_pe(std::span<const uint8_t> file) { return pe_arch(file).has_value(); }

std::optional<Arch> pe_arch(std::span<const uint8_t> file) {
  ByteReader r(file);
  if (file.size() < 0x40 || file[0] != 'M' || file[1] != 'Z') return std::nullopt;
  const uint64_t nt = r.u32(0x3C);
  if (nt + 26 > file.size() || r.u32(nt) != 0x00004550) return std::nullopt;
  const uint16_t magic = r.u16(nt + 24);
  if (magic == 0x10B) return Arch::X86;
  if (magic == 0x20B) return Arch::X64;
  return std::nullopt;
}

std::unique_ptr<Process> load_pe(std::span<const uint8_t> file, const LoadOptions& options) {
  std::vector<std::string> scratch;
  const PeHeaders h = parse_pe_headers(file, options, scratch);  // validates before any mapping
  auto p = std::make_unique<ProcessImpl>(h.arch, options);
  p->map_fixed_areas();
  p->map_main_image(file);
  p->load_core_decoys();
  p->bind_main_imports();
  return finish(std::move(p));
}

std::unique_ptr<Process> load_shellcode(std::span<const uint8_t> code, const LoadOptions& options) {
  auto p = std::make_unique<ProcessImpl>(options.raw_arch, options);
  p->map_fixed_areas();
  p->map_host_image();
  p->map_shellcode(code);
  p->load_core_decoys();
  return finish(std::move(p));
}

}  // namespace emu::loader
