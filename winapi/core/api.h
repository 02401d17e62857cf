// The handler framework: one C++ function per API, whose parameters are
// typed (integers, pointers, handles, ANSI/wide strings) and read from the
// guest per the calling convention; the same types drive how the call's
// arguments are rendered in the report.
//
//   uint64_t GetTickCount(Call& c);
//   template <class S> uint64_t MessageBox(Call& c, Handle wnd, S text, S caption, uint32_t type);
//   ...
//   t.add<&MessageBox<AStr>>("MessageBoxA");
//   t.add<&MessageBox<WStr>>("MessageBoxW");
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "winapi/core/printf.h"

namespace emu::winapi {

class Session;

enum class Conv : uint8_t { Stdcall, Cdecl, Fastcall };  // x64 always uses the Microsoft convention
enum class ArgKind : uint8_t { Int, Ptr, Handle, AStr, WStr };

struct Ptr {
  uint64_t v = 0;
  operator uint64_t() const { return v; }
};
struct Handle {
  uint64_t v = 0;
  operator uint64_t() const { return v; }
};
// String arguments: the guest pointer and its text (UTF-8; ANSI bytes are
// taken as Latin-1). `wide` tells A from W in shared bodies.
struct AStr {
  static constexpr bool wide = false;
  uint64_t ptr = 0;
  std::string str;
  bool null() const { return ptr == 0; }
};
struct WStr {
  static constexpr bool wide = true;
  uint64_t ptr = 0;
  std::string str;
  bool null() const { return ptr == 0; }
};

// One API invocation in progress.
class Call {
 public:
  Call(Session& s, std::string api_name, Conv conv, unsigned nargs);

  Session& s;
  std::string api_name;          // "kernel32.CreateFileA"
  Conv conv;
  unsigned nargs;
  uint64_t return_address = 0;
  uint64_t sp = 0;               // stack pointer at entry (points at the return address)

  // i-th argument as a pointer-sized value (x86: 32 bits).
  uint64_t arg(size_t i) const;
  // Variadic arguments starting at argument index `first` (printf family).
  VarArgs varargs(size_t first) const;
  // A va_list pointer.
  VarArgs valist(uint64_t ptr) const;

  // Rendering of the arguments in the report; handlers may replace one
  // (printf family: the formatted output).
  std::vector<std::string> args_text;
  void set_arg_text(size_t i, std::string text);

  // x86 64-bit results (edx:eax).
  bool set_high = false;
  uint64_t high = 0;

  // The handler called guest code and will finish the call itself from a
  // continuation (Session::finish_api).
  bool deferred = false;
  void defer() { deferred = true; }
};

using HandlerFn = uint64_t (*)(Call&);

struct ApiDef {
  std::string name;
  Conv conv = Conv::Stdcall;
  std::vector<ArgKind> kinds;
  HandlerFn fn = nullptr;
  bool varargs = false;
};

// Marshalling of one typed parameter.
template <class T> struct ArgTraits;
template <> struct ArgTraits<uint32_t> {
  static constexpr ArgKind kind = ArgKind::Int;
  static uint32_t read(Call& c, size_t i) { return static_cast<uint32_t>(c.arg(i)); }
};
template <> struct ArgTraits<int32_t> {
  static constexpr ArgKind kind = ArgKind::Int;
  static int32_t read(Call& c, size_t i) { return static_cast<int32_t>(c.arg(i)); }
};
template <> struct ArgTraits<uint64_t> {
  static constexpr ArgKind kind = ArgKind::Int;
  static uint64_t read(Call& c, size_t i) { return c.arg(i); }
};
template <> struct ArgTraits<Ptr> {
  static constexpr ArgKind kind = ArgKind::Ptr;
  static Ptr read(Call& c, size_t i) { return Ptr{c.arg(i)}; }
};
template <> struct ArgTraits<Handle> {
  static constexpr ArgKind kind = ArgKind::Handle;
  static Handle read(Call& c, size_t i) { return Handle{c.arg(i)}; }
};
AStr read_astr_arg(Call& c, size_t i);
WStr read_wstr_arg(Call& c, size_t i);
template <> struct ArgTraits<AStr> {
  static constexpr ArgKind kind = ArgKind::AStr;
  static AStr read(Call& c, size_t i) { return read_astr_arg(c, i); }
};
template <> struct ArgTraits<WStr> {
  static constexpr ArgKind kind = ArgKind::WStr;
  static WStr read(Call& c, size_t i) { return read_wstr_arg(c, i); }
};

template <auto F> struct Marshal;
template <class... A, uint64_t (*F)(Call&, A...)>
struct Marshal<F> {
  static uint64_t invoke(Call& c) { return impl(c, std::index_sequence_for<A...>{}); }
  template <size_t... I> static uint64_t impl(Call& c, std::index_sequence<I...>) {
    return F(c, ArgTraits<A>::read(c, I)...);
  }
  static std::vector<ArgKind> kinds() { return {ArgTraits<A>::kind...}; }
};

// Every handler, per DLL.
class ApiRegistry {
 public:
  // The registry of every handler (built once).
  static const ApiRegistry& instance();

  struct Table {
    ApiRegistry& r;
    std::string dll;
    Conv conv;
    template <auto F> void add(std::string_view name) { r.add(dll, name, conv, &Marshal<F>::invoke, Marshal<F>::kinds(), false); }
    template <auto F> void add_cdecl(std::string_view name) { r.add(dll, name, Conv::Cdecl, &Marshal<F>::invoke, Marshal<F>::kinds(), false); }
    // Variadic cdecl functions: the fixed parameters are typed, the rest are
    // read by the handler through Call::varargs.
    template <auto F> void add_varargs(std::string_view name) { r.add(dll, name, Conv::Cdecl, &Marshal<F>::invoke, Marshal<F>::kinds(), true); }
    template <auto F> void add_fastcall(std::string_view name) { r.add(dll, name, Conv::Fastcall, &Marshal<F>::invoke, Marshal<F>::kinds(), false); }
  };
  Table table(std::string dll, Conv default_conv = Conv::Stdcall) { return Table{*this, std::move(dll), default_conv}; }

  void add(const std::string& dll, std::string_view name, Conv conv, HandlerFn fn, std::vector<ArgKind> kinds, bool varargs);
  // By the module the guest called into ("kernelbase", "api-ms-win-crt-stdio-l1-1-0", "msvcr100", ...):
  // looked up in that DLL's table, then in the tables it stands for.
  const ApiDef* find(std::string_view module, std::string_view name) const;
  const std::map<std::string, std::map<std::string, ApiDef>>& tables() const { return tables_; }
  // The table a module name stands for ("ucrtbase" -> "msvcrt").
  static std::string canonical_dll(std::string_view module);

 private:
  std::map<std::string, std::map<std::string, ApiDef>> tables_;
};

// Registration functions, one per DLL area (each in its own file).
void register_kernel32(ApiRegistry& r);
void register_kernel32_file(ApiRegistry& r);
void register_kernel32_memory(ApiRegistry& r);
void register_kernel32_process(ApiRegistry& r);
void register_kernel32_sync(ApiRegistry& r);
void register_kernel32_string(ApiRegistry& r);
void register_kernel32_system(ApiRegistry& r);
void register_ntdll(ApiRegistry& r);
void register_crt(ApiRegistry& r);
void register_crt_string(ApiRegistry& r);
void register_crt_stdio(ApiRegistry& r);
void register_user32(ApiRegistry& r);
void register_advapi32(ApiRegistry& r);
void register_shell32(ApiRegistry& r);
void register_network(ApiRegistry& r);
void register_ntoskrnl(ApiRegistry& r);
// Smaller areas, one file each.
void register_kernel32_resource(ApiRegistry& r);
void register_kernel32_pipe(ApiRegistry& r);
void register_kernel32_volume(ApiRegistry& r);
void register_kernel32_process_settings(ApiRegistry& r);
void register_kernel32_console(ApiRegistry& r);
void register_kernel32_message_and_search(ApiRegistry& r);
void register_crt_thread(ApiRegistry& r);
void register_crt_startup_extra(ApiRegistry& r);
void register_crt_stream_control(ApiRegistry& r);
void register_crt_multibyte(ApiRegistry& r);
void register_ole32_com(ApiRegistry& r);
void register_ole32_guid(ApiRegistry& r);
void register_oleaut32_bstr_variant(ApiRegistry& r);
void register_oleaut32_bstr_realloc(ApiRegistry& r);
void register_netapi32_workstation(ApiRegistry& r);
void register_gdi32_device_context(ApiRegistry& r);
void register_comctl32_common_controls(ApiRegistry& r);
void register_user32_dialog(ApiRegistry& r);
void register_user32_char_and_input(ApiRegistry& r);
void register_iphlpapi_adapters(ApiRegistry& r);
void register_crypt32_string_encoding(ApiRegistry& r);
void register_version_file_version(ApiRegistry& r);
void register_urlmon_user_agent(ApiRegistry& r);
void register_advapi32_security(ApiRegistry& r);
void register_advapi32_event_trace(ApiRegistry& r);
void register_advapi32_service_enum_hw_profile(ApiRegistry& r);
void register_winhttp_proxy_and_write(ApiRegistry& r);
void register_ws2_32_socket_helpers(ApiRegistry& r);
void register_winmm_timer_sound(ApiRegistry& r);
void register_rpcrt4_uuid(ApiRegistry& r);
void register_psapi_module_information(ApiRegistry& r);
void register_userenv_user_profile(ApiRegistry& r);
void register_ntdll_heap_create(ApiRegistry& r);
void register_ntdll_process_token(ApiRegistry& r);
void register_ntdll_event_trace(ApiRegistry& r);
void register_ntdll_unwind(ApiRegistry& r);
void register_shlwapi_path_string(ApiRegistry& r);
void register_mfc42(ApiRegistry& r);
void register_mfc42_operator_new_delete(ApiRegistry& r);
void register_msvcp_ios_base_init(ApiRegistry& r);
void register_kernel32_mul_div(ApiRegistry& r);
void register_kernel32_io_completion(ApiRegistry& r);
void register_mpr_network_enum(ApiRegistry& r);
void register_kernel32_private_profile(ApiRegistry& r);
void register_user32_system_menu(ApiRegistry& r);
void register_user32_clipboard_format(ApiRegistry& r);
void register_kernel32_atom(ApiRegistry& r);
void register_gdi32_gdi_objects(ApiRegistry& r);
void register_user32_oem_char(ApiRegistry& r);
void register_user32_cursor_icon_monitor(ApiRegistry& r);
void register_setupapi_device_info(ApiRegistry& r);
void register_ole32_hglobal_stream(ApiRegistry& r);
void register_msvcp_streams(ApiRegistry& r);

}  // namespace emu::winapi
