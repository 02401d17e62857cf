#include "winapi/core/api.h"

#include <mutex>

#include "winapi/core/text.h"
#include "winapi/runtime/session.h"

namespace emu::winapi {

Call::Call(Session& sess, std::string name, Conv c, unsigned n)
    : s(sess), api_name(std::move(name)), conv(c), nargs(n) {
  sp = s.cpu.reg(cpu::RSP);
  return_address = s.read_ptr(sp);
}

uint64_t Call::arg(size_t i) const {
  if (s.x64) {
    static constexpr cpu::Reg regs[4] = {cpu::RCX, cpu::RDX, cpu::R8, cpu::R9};
    if (i < 4) return s.cpu.reg(regs[i]);
    return s.read_u64(sp + 8 + 8 * i);
  }
  if (conv == Conv::Fastcall) {
    if (i == 0) return s.cpu.reg(cpu::RCX) & 0xFFFFFFFF;
    if (i == 1) return s.cpu.reg(cpu::RDX) & 0xFFFFFFFF;
    return s.read_u32(sp + 4 + 4 * (i - 2));
  }
  return s.read_u32(sp + 4 + 4 * i);
}

VarArgs Call::varargs(size_t first) const {
  VarArgs v;
  v.slot_size = s.ptr_size;
  auto idx = std::make_shared<size_t>(first);
  const Call* self = this;
  Session* sess = &s;
  // Copy what is needed: the Call may be gone when the lambda runs? No: the
  // formatter runs inside the handler.
  v.next_slot = [self, idx]() { return self->arg((*idx)++); };
  v.read_astr = [sess](uint64_t p) { return sess->read_astr(p, 65536); };
  v.read_wstr = [sess](uint64_t p) { return sess->read_wstr(p, 65536); };
  return v;
}

VarArgs Call::valist(uint64_t ptr) const {
  VarArgs v;
  v.slot_size = s.ptr_size;
  auto cur = std::make_shared<uint64_t>(ptr);
  Session* sess = &s;
  v.next_slot = [sess, cur]() {
    const uint64_t x = sess->read_ptr(*cur);
    *cur += sess->ptr_size;
    return x;
  };
  v.read_astr = [sess](uint64_t p) { return sess->read_astr(p, 65536); };
  v.read_wstr = [sess](uint64_t p) { return sess->read_wstr(p, 65536); };
  return v;
}

void Call::set_arg_text(size_t i, std::string text) {
  if (args_text.size() <= i) args_text.resize(i + 1, "0x0");
  args_text[i] = std::move(text);
}

AStr read_astr_arg(Call& c, size_t i) {
  AStr a;
  a.ptr = c.arg(i);
  if (a.ptr) a.str = ansi_to_utf8(c.s.read_astr(a.ptr, 4096));
  return a;
}

WStr read_wstr_arg(Call& c, size_t i) {
  WStr w;
  w.ptr = c.arg(i);
  if (w.ptr) w.str = c.s.read_wstr_utf8(w.ptr, 4096);
  return w;
}

// ---- registry ----

void ApiRegistry::add(const std::string& dll, std::string_view name, Conv conv, HandlerFn fn,
                      std::vector<ArgKind> kinds, bool varargs) {
  ApiDef d;
  d.name = std::string(name);
  d.conv = conv;
  d.kinds = std::move(kinds);
  d.fn = fn;
  d.varargs = varargs;
  tables_[dll][d.name] = std::move(d);
}

std::string ApiRegistry::canonical_dll(std::string_view module) {
  std::string m = lower(module);
  if (iends_with(m, ".dll")) m.resize(m.size() - 4);
  if (istarts_with(m, "api-ms-win-core-crt")) return "msvcrt";
  if (m == "kernelbase" || istarts_with(m, "api-ms-win-core") || istarts_with(m, "api-ms-win-downlevel-kernel32"))
    return "kernel32";
  if (m == "ucrtbase" || m == "ucrtbased" || istarts_with(m, "api-ms-win-crt") || istarts_with(m, "msvcr") ||
      istarts_with(m, "vcruntime") || m == "crtdll" || istarts_with(m, "msvcp"))
    return "msvcrt";
  if (m == "wsock32") return "ws2_32";
  if (m == "ntoskrnl.exe" || m == "ntkrnlpa" || m == "ntoskrnl") return "ntoskrnl";
  if (istarts_with(m, "api-ms-win-security") || m == "sechost" || istarts_with(m, "api-ms-win-service")) return "advapi32";
  if (m == "shlwapi" || m == "shcore") return "shlwapi";
  return m;
}

const ApiDef* ApiRegistry::find(std::string_view module, std::string_view name) const {
  const std::string canon = canonical_dll(module);
  auto lookup = [&](const std::string& dll) -> const ApiDef* {
    auto t = tables_.find(dll);
    if (t == tables_.end()) return nullptr;
    auto it = t->second.find(std::string(name));
    return it == t->second.end() ? nullptr : &it->second;
  };
  if (auto* d = lookup(canon)) return d;
  // kernel32 forwards many functions to ntdll (RtlUnwind, RtlZeroMemory, ...),
  // ntoskrnl shares the Rtl and C string functions.
  if (canon == "kernel32" || canon == "ntoskrnl" || canon == "advapi32") {
    if (auto* d = lookup("ntdll")) return d;
  }
  if (canon == "kernel32" || canon == "ntdll" || canon == "ntoskrnl") {
    if (auto* d = lookup("msvcrt")) return d;
    if (auto* d = lookup("kernel32")) return d;
  }
  if (canon == "ntdll") {
    if (auto* d = lookup("ntoskrnl")) return d;
  }
  if (canon == "advapi32") {
    if (auto* d = lookup("kernel32")) return d;
  }
  if (canon == "kernel32") {  // kernelbase carries shlwapi's and advapi32's helpers too
    if (auto* d = lookup("shlwapi")) return d;
    if (auto* d = lookup("advapi32")) return d;
  }
  if (canon == "ntoskrnl" || canon == "hal") {
    if (auto* d = lookup("ntoskrnl")) return d;
  }
  return nullptr;
}

const ApiRegistry& ApiRegistry::instance() {
  static const ApiRegistry reg = [] {
    ApiRegistry r;
    register_kernel32(r);
    register_kernel32_file(r);
    register_kernel32_memory(r);
    register_kernel32_process(r);
    register_kernel32_sync(r);
    register_kernel32_string(r);
    register_kernel32_system(r);
    register_ntdll(r);
    register_crt(r);
    register_crt_string(r);
    register_crt_stdio(r);
    register_user32(r);
    register_advapi32(r);
    register_shell32(r);
    register_network(r);
    register_ntoskrnl(r);
    register_misc(r);
    register_extra(r);
    return r;
  }();
  return reg;
}

}  // namespace emu::winapi
