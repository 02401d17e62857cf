#include "winapi/runtime/session.h"

#include <algorithm>
#include <cstring>

#include "winapi/report/json_size.h"

namespace emu::winapi {

Session::Session(const Config& c, loader::Process& p, const std::atomic<bool>* cancel_flag)
    : cfg(c), proc(p), mem(p.memory()), cpu(loader::cpu_mode(p.arch()), p.memory()),
      x64(p.arch() == loader::Arch::X64), ptr_size(x64 ? 8 : 4), vfs(c), registry(c), net(c),
      cancel(cancel_flag) {
  const auto& e = proc.environment();
  pid = e.pid;
  tid = e.tid;
  image_path = e.image_path;
  command_line = e.command_line;
  current_dir = e.current_dir;
  for (auto& [k, v] : e.env_vars) env[lower(k)] = v;

  // The emulator's own trap addresses: entry point return, return from a
  // guest call made by a handler, the default IRP dispatch routine.
  const uint64_t limit = x64 ? 0x7FFFFFFF0000ull : 0x7FFE0000ull;
  // Away from the loader's stub areas (which grow upwards from 0x70000000).
  trap_page = mem.find_free(0x1000, 0x7E000000, limit);
  if (!trap_page) trap_page = mem.find_free(0x1000, 0x10000, limit);
  mem.map(trap_page, 0x1000, cpu::kPermRead | cpu::kPermExec, "emu.traps");
  std::vector<uint8_t> cc(0x1000, 0xCC);
  mem.write(trap_page, cc.data(), cc.size());
  cpu.add_trap_range(trap_page, trap_page + 0x100);
  register_traps();

  if (const loader::Module* k32 = proc.find_module("kernel32"))
    if (!main_is_driver()) ep_return = proc.get_proc_address(*k32, "BaseThreadInitThunk");

  process_heap = proc.process_heap_base();
  heaps[process_heap] = std::make_unique<GuestHeap>(mem, "heap", proc.process_heap_base(),
                                                    proc.process_heap_size(), limit);

  // api-set names of imports are what the report shows for calls through them.
  const auto& main = proc.main_module();
  for (const auto& imp : main.imports) {
    std::string dll = lower(imp.dll);
    if (iends_with(dll, ".dll")) dll.resize(dll.size() - 4);
    if (istarts_with(dll, "api-ms-") || istarts_with(dll, "ext-ms-"))
      import_module_by_target.emplace(imp.target, dll);
  }

  init_security_cookie(proc.main_module());

  // DEP: Windows 7 runs a 32-bit program without it unless the image opts in
  // (the loader's runs_without_dep); its heap and stack then execute.
  if (main.runs_without_dep) mem.set_read_implies_execute(true);

  bind_crt_data_imports();

  // Stubs of unresolved imports also stand in for data imports (msvcr100's
  // _commode, __initenv, ...): the guest may write through them, and since
  // a trap fires by address, writable stubs stay correct.
  for (const auto& r : mem.regions())
    if (r.tag == "import_stubs") mem.protect(r.base, r.size, cpu::kPermRead | cpu::kPermWrite | cpu::kPermExec);

  // Pages written from here on are the guest's doing.
  for (const auto& r : mem.regions())
    for (uint64_t a = r.base; a < r.base + r.size; a += cpu::kPageSize)
      if (cpu::Page* pg = mem.page(a)) pg->written = false;
}

Session::~Session() = default;

// Versioned C runtimes (msvcr71, msvcr100, ...) that no decoy stands for
// are unresolved imports: their functions reach our msvcrt handlers through
// the stubs, but their data (_acmdln, __initenv, _commode, ...) must be real.
// Bind such data imports to msvcrt's data exports.
void Session::bind_crt_data_imports() {
  const loader::Module& main = proc.main_module();
  const loader::Module* crt = nullptr;
  for (const auto& imp : main.imports) {
    std::string dll = lower(imp.dll);
    if (!(istarts_with(dll, "msvcr") || istarts_with(dll, "msvcp")) || dll == "msvcrt.dll") continue;
    if (!proc.trap_at(imp.target)) continue;
    if (!crt) crt = load_library("msvcrt");
    if (!crt) return;
    for (const auto& e : crt->exports)
      if (e.data && e.name == imp.function) { write_ptr(imp.iat_address, e.address); break; }
  }
}

bool Session::main_is_driver() const { return proc.main_module().is_driver; }

// The loader of Windows replaces an image's /GS cookie when it still holds
// the compiler's default value (drivers rely on it: GsDriverEntry fails
// fast otherwise).
void Session::init_security_cookie(const loader::Module& m) {
  if (m.decoy) return;
  const uint32_t pe = read_u32(m.base + 0x3C);
  if (pe == 0 || pe > 0x1000 || read_u32(m.base + pe) != 0x4550) return;
  const uint64_t opt = m.base + pe + 0x18;
  const bool pe64 = read_u16(opt) == 0x20B;
  const uint64_t dirs = opt + (pe64 ? 0x70 : 0x60);
  if (read_u32(opt + (pe64 ? 0x6C : 0x5C)) <= 10) return;
  const uint32_t rva = read_u32(dirs + 10 * 8);
  if (!rva || rva >= m.size) return;
  const uint64_t lc = m.base + rva;
  const uint64_t cookie = pe64 ? read_u64(lc + 0x58) : read_u32(lc + 0x3C);
  if (!cookie || !mem.is_range_mapped(cookie, ptr_size)) return;
  if (pe64) {
    if (read_u64(cookie) == 0x00002B992DDFA232ull || read_u64(cookie) == 0) write_u64(cookie, 0x00002D5E3C7A9B1Full);
  } else {
    if (read_u32(cookie) == 0xBB40E64Eu || read_u32(cookie) == 0) write_u32(cookie, 0x2F1A3C5Du);
  }
}

void Session::register_traps() {
  for (auto& r : proc.trap_ranges()) {
    if (registered_ranges_.insert(r).second) cpu.add_trap_range(r.first, r.second);
  }
}

// ---- memory helpers ----
uint64_t Session::read_ptr(uint64_t a) const { return x64 ? read_u64(a) : read_u32(a); }
bool Session::write_ptr(uint64_t a, uint64_t v) { return x64 ? write_u64(a, v) : write_u32(a, static_cast<uint32_t>(v)); }
uint32_t Session::read_u32(uint64_t a) const { return mem.read_as<uint32_t>(a).value_or(0); }
bool Session::write_u32(uint64_t a, uint32_t v) { return mem.write_as(a, v); }
uint16_t Session::read_u16(uint64_t a) const { return mem.read_as<uint16_t>(a).value_or(0); }
bool Session::write_u16(uint64_t a, uint16_t v) { return mem.write_as(a, v); }
uint64_t Session::read_u64(uint64_t a) const { return mem.read_as<uint64_t>(a).value_or(0); }
bool Session::write_u64(uint64_t a, uint64_t v) { return mem.write_as(a, v); }
std::string Session::read_astr(uint64_t a, size_t max) const { return a ? mem.read_cstring(a, max) : std::string(); }
std::u16string Session::read_wstr(uint64_t a, size_t max) const { return a ? mem.read_wstring(a, max) : std::u16string(); }
std::string Session::read_wstr_utf8(uint64_t a, size_t max) const { return utf16_to_utf8(read_wstr(a, max)); }

size_t Session::write_astr(uint64_t addr, std::string_view s, size_t max_chars) {
  if (!addr || max_chars == 0) return 0;
  const size_t n = std::min(s.size(), max_chars - 1);
  std::string buf(s.substr(0, n));
  buf.push_back('\0');
  mem.write(addr, buf.data(), buf.size());
  return n;
}

size_t Session::write_wstr(uint64_t addr, std::u16string_view w, size_t max_chars) {
  if (!addr || max_chars == 0) return 0;
  const size_t n = std::min(w.size(), max_chars - 1);
  std::u16string buf(w.substr(0, n));
  buf.push_back(u'\0');
  mem.write(addr, buf.data(), buf.size() * 2);
  return n;
}

std::string Session::read_unicode_string(uint64_t a) const {
  if (!a) return {};
  const uint16_t len = read_u16(a);
  const uint64_t buf = read_ptr(a + (x64 ? 8 : 4));
  std::u16string w(len / 2, u'\0');
  if (len && !mem.read(buf, w.data(), len / 2 * 2)) return {};
  return utf16_to_utf8(w);
}

bool Session::write_unicode_string(uint64_t a, uint64_t buffer, uint16_t len, uint16_t max) {
  write_u16(a, len);
  write_u16(a + 2, max);
  if (x64) write_u32(a + 4, 0);
  return write_ptr(a + (x64 ? 8 : 4), buffer);
}

GuestHeap* Session::heap(uint64_t h) {
  auto it = heaps.find(h);
  if (it != heaps.end()) return it->second.get();
  return heaps[process_heap].get();  // unknown handles: the process heap (lenient like old Windows)
}

uint64_t Session::heap_alloc(uint64_t size, bool zero) {
  const uint64_t a = heaps[process_heap]->alloc(size, zero);
  check_limits();
  return a;
}

uint64_t Session::static_buffer(const std::string& name, uint64_t size) {
  auto it = scratch.find(name);
  if (it != scratch.end()) return it->second;
  const uint64_t a = heap_alloc(size, true);
  scratch[name] = a;
  return a;
}

bool Session::valid_page_protection(uint32_t p) {
  const uint32_t base = p & 0xFF, modifiers = p & ~0xFFu;
  constexpr uint32_t kGuard = 0x100, kNoCache = 0x200, kWriteCombine = 0x400, kTargetsInvalid = 0x40000000;
  if (base == 0 || (base & (base - 1)) != 0) return false;
  if (modifiers & ~(kGuard | kNoCache | kWriteCombine | kTargetsInvalid)) return false;
  const uint32_t special = modifiers & (kGuard | kNoCache | kWriteCombine);
  if (special & (special - 1)) return false;  // at most one of them
  if (special && base == 0x01) return false;  // not with PAGE_NOACCESS
  return true;
}

uint8_t Session::perms_from_protect(uint32_t p) {
  uint8_t r = 0;
  switch (p & 0xFF) {
    case 0x01: r = 0; break;
    case 0x02: r = cpu::kPermRead; break;
    case 0x04: case 0x08: r = cpu::kPermRead | cpu::kPermWrite; break;
    case 0x10: r = cpu::kPermExec; break;
    case 0x20: r = cpu::kPermRead | cpu::kPermExec; break;
    case 0x40: case 0x80: r = cpu::kPermRead | cpu::kPermWrite | cpu::kPermExec; break;
    default: r = cpu::kPermRead | cpu::kPermWrite; break;
  }
  if (p & 0x100) r |= cpu::kPermGuard;
  return r;
}

uint32_t Session::protect_from_perms(uint8_t perms) {
  const bool r = perms & cpu::kPermRead, w = perms & cpu::kPermWrite, x = perms & cpu::kPermExec;
  uint32_t p;
  if (x) p = w ? 0x40 : (r ? 0x20 : 0x10);
  else p = w ? 0x04 : (r ? 0x02 : 0x01);
  if (perms & cpu::kPermGuard) p |= 0x100;
  return p;
}

std::string Session::protect_name(uint32_t p) {
  std::string s;
  switch (p & 0xFF) {
    case 0x01: s = "PAGE_NOACCESS"; break;
    case 0x02: s = "PAGE_READONLY"; break;
    case 0x04: s = "PAGE_READWRITE"; break;
    case 0x08: s = "PAGE_WRITECOPY"; break;
    case 0x10: s = "PAGE_EXECUTE"; break;
    case 0x20: s = "PAGE_EXECUTE_READ"; break;
    case 0x40: s = "PAGE_EXECUTE_READWRITE"; break;
    case 0x80: s = "PAGE_EXECUTE_WRITECOPY"; break;
    default: s = hex(p & 0xFF); break;
  }
  if (p & 0x100) s += " | PAGE_GUARD";
  if (p & 0x200) s += " | PAGE_NOCACHE";
  return s;
}

uint64_t Session::virtual_alloc(uint64_t addr, uint64_t size, uint32_t protect, std::string tag,
                                const std::string& process) {
  if (size == 0 || size > (x64 ? (1ull << 36) : 0x7FFF0000ull)) return 0;
  size = cpu::page_ceil(size);
  if (mem.committed_bytes() + size > cfg.max_memory_bytes) {
    boost::json::object e{{"type", "max_memory"}, {"context_summary", "allocation of " + hex(size) + " bytes"}};
    end_with_error(std::move(e), true);
  }
  const uint64_t limit = x64 ? 0x7FFFFFFF0000ull : 0x7FFE0000ull;
  uint64_t base = 0;
  if (addr) {
    const uint64_t b = cpu::page_floor(addr);
    const uint64_t end = cpu::page_ceil(addr + size);
    bool free_range = end > b;
    for (uint64_t a = b; free_range && a < end; a += cpu::kPageSize)
      if (mem.is_mapped(a)) free_range = false;
    if (free_range) {
      base = b;
      size = end - b;
    } else {
      // Committing inside an existing reservation (MEM_COMMIT on reserved memory).
      auto it = vallocs.upper_bound(addr);
      if (it != vallocs.begin()) {
        --it;
        if (addr >= it->second.base && addr + size <= it->second.base + it->second.size) {
          mem.protect(b, end - b, perms_from_protect(protect));
          return b;
        }
      }
      return 0;
    }
  } else {
    base = mem.find_free(size, x64 ? 0x10000000 : 0x00400000, limit);
    if (!base) base = mem.find_free(size, 0x10000, limit);
  }
  if (!base || !mem.map(base, size, perms_from_protect(protect), tag)) return 0;
  for (uint64_t a = base; a < base + size; a += cpu::kPageSize) runtime_pages.insert(a);
  vallocs[base] = VirtualRegion{base, size, protect, 0x20000, std::move(tag), process};
  return base;
}

// ---- thread environment ----
uint64_t Session::teb() const { return x64 ? cpu.gs_base() : cpu.fs_base(); }
void Session::set_last_error(uint32_t e) { write_u32(teb() + (x64 ? 0x68 : 0x34), e); }
uint32_t Session::last_error() const { return read_u32(teb() + (x64 ? 0x68 : 0x34)); }
uint64_t Session::elapsed_100ns() const { return cpu.instructions() + slept_100ns; }
uint64_t Session::tick_ms() const { return tick_base_ms + elapsed_100ns() / 10000; }
uint64_t Session::filetime_now() const {
  // 2020-03-10 12:00:00 UTC plus the emulated time, at millisecond steps.
  return 132282864000000000ull + (elapsed_100ns() / 10000) * 10000ull;
}

// ---- events ----
boost::json::object Session::pos() const {
  boost::json::object p;
  p["tick"] = cpu.instructions();
  p["tid"] = tid;
  p["pid"] = pid;
  p["pc"] = cpu.pc();
  return p;
}

void Session::emit(const char* type, boost::json::object fields) {
  if (!current) return;
  // The previous event is complete only now (API events get their arguments
  // and return value after emit), so its size is counted one event late.
  if (uncounted_events_ && !uncounted_events_->events_cut && !uncounted_events_->events.empty())
    event_bytes += approx_serialized_size(uncounted_events_->events.back()) + 1;
  uncounted_events_ = nullptr;
  boost::json::object e;
  e["pos"] = pos();
  e["event"] = type;
  for (auto& kv : fields) e[kv.key()] = std::move(kv.value());
  if (event_bytes >= cfg.max_report_bytes) {
    // Past the report limit: count, keep only a scratch slot. Whoever emitted
    // may still fill in the last element (arguments, return value), so the
    // slot stays last and is dropped when the report is built.
    ++events_dropped;
    if (current->events_cut) current->events.back() = std::move(e);
    else {
      current->events_cut = true;
      current->events.push_back(std::move(e));
    }
    return;
  }
  current->events.push_back(std::move(e));
  ++events_stored;
  uncounted_events_ = current;
}

// ---- modules ----
std::string Session::module_name_for_report(uint64_t trap_addr, const loader::TrapTarget& t) const {
  auto it = import_module_by_target.find(trap_addr);
  if (it != import_module_by_target.end()) return it->second;
  std::string m = lower(t.module);
  for (const char* ext : {".dll", ".exe", ".sys", ".drv"})
    if (iends_with(m, ext)) m.resize(m.size() - 4);
  return m;
}

const loader::Module* Session::load_library(std::string_view name) {
  const loader::Module* m = proc.find_module(name);
  if (!m) {
    m = proc.load_library(name);
    if (m) {
      register_traps();
      emit("module_load", {{"name", m->name}, {"path", m->path}, {"base", hex(m->base)}, {"size", hex(m->size)}});
    }
  }
  return m;
}

uint64_t Session::proc_address(const loader::Module& m, std::string_view name) {
  uint64_t a = proc.get_proc_address(m, name);
  if (!a && m.decoy) {
    // A function we implement that the decoy's export list lacks.
    std::string mod = lower(m.name);
    if (iends_with(mod, ".dll")) mod.resize(mod.size() - 4);
    if (ApiRegistry::instance().find(mod, name)) {
      a = proc.make_stub(mod, name);
      register_traps();
    }
  }
  return a;
}

}  // namespace emu::winapi
