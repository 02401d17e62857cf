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
    register_kernel32_resource(r);
    register_kernel32_pipe(r);
    register_kernel32_volume(r);
    register_kernel32_process_settings(r);
    register_kernel32_console(r);
    register_kernel32_message_and_search(r);
    register_crt_thread(r);
    register_crt_startup_extra(r);
    register_crt_stream_control(r);
    register_crt_multibyte(r);
    register_ole32_com(r);
    register_ole32_guid(r);
    register_oleaut32_bstr_variant(r);
    register_oleaut32_bstr_realloc(r);
    register_netapi32_workstation(r);
    register_gdi32_device_context(r);
    register_comctl32_common_controls(r);
    register_user32_dialog(r);
    register_user32_char_and_input(r);
    register_iphlpapi_adapters(r);
    register_crypt32_string_encoding(r);
    register_version_file_version(r);
    register_urlmon_user_agent(r);
    register_advapi32_security(r);
    register_advapi32_event_trace(r);
    register_advapi32_service_enum_hw_profile(r);
    register_winhttp_proxy_and_write(r);
    register_ws2_32_socket_helpers(r);
    register_winmm_timer_sound(r);
    register_rpcrt4_uuid(r);
    register_psapi_module_information(r);
    register_userenv_user_profile(r);
    register_ntdll_heap_create(r);
    register_ntdll_process_token(r);
    register_ntdll_event_trace(r);
    register_ntdll_unwind(r);
    register_shlwapi_path_string(r);
    register_mfc42(r);
    register_mfc42_operator_new_delete(r);
    register_msvcp_ios_base_init(r);
    register_kernel32_mul_div(r);
    register_kernel32_io_completion(r);
    register_mpr_network_enum(r);
    register_kernel32_private_profile(r);
    register_user32_system_menu(r);
    register_user32_clipboard_format(r);
    register_kernel32_atom(r);
    register_gdi32_gdi_objects(r);
    register_user32_oem_char(r);
    register_user32_cursor_icon_monitor(r);
    register_setupapi_device_info(r);
    register_ole32_hglobal_stream(r);
    register_msvcp_streams(r);
    return r;
  }();
  return reg;
}

}  // namespace emu::winapi
