// kernel32: errors, identity, time, debugging checks, modules, exceptions.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t GetLastError(Call& c) { return c.s.last_error(); }
uint64_t SetLastError(Call& c, uint32_t e) { c.s.set_last_error(e); return 0; }
uint64_t GetCurrentProcessId(Call& c) { return c.s.pid; }
uint64_t GetCurrentThreadId(Call& c) { return c.s.tid; }
uint64_t GetCurrentProcess(Call& c) { return c.s.x64 ? ~0ull : 0xFFFFFFFF; }
uint64_t GetCurrentThread(Call& c) { return c.s.x64 ? ~1ull : 0xFFFFFFFE; }
uint64_t GetTickCount(Call& c) { return c.s.tick_ms() & 0xFFFFFFFF; }
uint64_t GetTickCount64(Call& c) { return c.s.tick_ms(); }
uint64_t QueryPerformanceCounter(Call& c, Ptr out) {
  c.s.write_u64(out, c.s.elapsed_100ns() + 0x1000000);  // at the 10 MHz below
  return 1;
}
uint64_t QueryPerformanceFrequency(Call& c, Ptr out) { c.s.write_u64(out, 10000000); return 1; }
uint64_t GetSystemTimeAsFileTime(Call& c, Ptr out) { c.s.write_u64(out, c.s.filetime_now()); return 0; }

void write_systemtime(Session& s, uint64_t out) {
  // FILETIME -> SYSTEMTIME (UTC), civil-from-days.
  const uint64_t ft = s.filetime_now();
  const uint64_t ms_total = ft / 10000;
  int64_t days = static_cast<int64_t>(ms_total / 86400000) - 134774;  // 1601 -> 1970
  const uint64_t ms_day = ms_total % 86400000;
  days += 719468;
  const int64_t era = days / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  const uint16_t v[8] = {static_cast<uint16_t>(y), static_cast<uint16_t>(m),
                         static_cast<uint16_t>((days + 3) % 7), static_cast<uint16_t>(d),
                         static_cast<uint16_t>(ms_day / 3600000), static_cast<uint16_t>(ms_day / 60000 % 60),
                         static_cast<uint16_t>(ms_day / 1000 % 60), static_cast<uint16_t>(ms_day % 1000)};
  s.mem.write(out, v, sizeof v);
}
uint64_t GetSystemTime(Call& c, Ptr out) { write_systemtime(c.s, out); return 0; }
uint64_t GetLocalTime(Call& c, Ptr out) { write_systemtime(c.s, out); return 0; }
uint64_t SystemTimeToFileTime(Call& c, Ptr, Ptr out) { c.s.write_u64(out, c.s.filetime_now()); return 1; }
uint64_t FileTimeToSystemTime(Call& c, Ptr, Ptr out) { write_systemtime(c.s, out); return 1; }
uint64_t FileTimeToLocalFileTime(Call& c, Ptr in, Ptr out) { c.s.write_u64(out, c.s.read_u64(in)); return 1; }
uint64_t GetTimeZoneInformation(Call& c, Ptr tzi) {
  std::vector<uint8_t> z(172, 0);
  c.s.mem.write(tzi, z.data(), z.size());
  return 0;
}
uint64_t Sleep(Call& c, uint32_t ms) { c.s.slept_100ns += 10000ull * ms; return 0; }
uint64_t SleepEx(Call& c, uint32_t ms, uint32_t) { c.s.slept_100ns += 10000ull * ms; return 0; }

uint64_t IsDebuggerPresent(Call&) { return 0; }
uint64_t CheckRemoteDebuggerPresent(Call& c, Handle, Ptr out) { c.s.write_u32(out, 0); return 1; }
uint64_t IsProcessorFeaturePresent(Call&, uint32_t f) {
  // PF_XMMI_INSTRUCTIONS_AVAILABLE(6), PF_XMMI64(10), PF_NX(12), PF_SSE3(13), PF_FASTFAIL(23)
  return f == 6 || f == 10 || f == 12 || f == 13 || f == 23 || f == 3 || f == 8 || f == 17;
}
uint64_t InitializeSListHead(Call& c, Ptr head) { c.s.write_u64(head, 0); if (c.s.x64) c.s.write_u64(head + 8, 0); return 0; }
uint64_t SetUnhandledExceptionFilter(Call& c, Ptr f) {
  const uint64_t old = c.s.unhandled_filter;
  c.s.unhandled_filter = f;
  return old;
}
uint64_t UnhandledExceptionFilter(Call&, Ptr) { return 1; }  // EXCEPTION_EXECUTE_HANDLER
uint64_t EncodePointer(Call&, Ptr p) { return p; }
uint64_t DecodePointer(Call&, Ptr p) { return p; }
uint64_t OutputDebugString(Call&, AStr) { return 0; }
uint64_t OutputDebugStringW(Call&, WStr) { return 0; }
uint64_t SetErrorMode(Call& c, uint32_t m) {
  uint64_t old = std::stoul(c.s.props.count("errmode") ? c.s.props["errmode"] : "0");
  c.s.props["errmode"] = std::to_string(m);
  return old;
}
uint64_t GetErrorMode(Call& c) { return c.s.props.count("errmode") ? std::stoul(c.s.props["errmode"]) : 0; }
uint64_t Beep(Call&, uint32_t, uint32_t) { return 1; }

uint64_t AddVectoredExceptionHandler(Call& c, uint32_t first, Ptr h) {
  if (first) c.s.vectored_handlers.insert(c.s.vectored_handlers.begin(), h);
  else c.s.vectored_handlers.push_back(h);
  return h;
}
uint64_t RemoveVectoredExceptionHandler(Call& c, Ptr h) {
  auto& v = c.s.vectored_handlers;
  auto it = std::find(v.begin(), v.end(), h.v);
  if (it == v.end()) return 0;
  v.erase(it);
  return 1;
}
uint64_t RaiseException(Call& c, uint32_t code, uint32_t flags, uint32_t n, Ptr args) {
  std::vector<uint64_t> info;
  for (uint32_t i = 0; i < n && i < 15; ++i) info.push_back(c.s.read_ptr(args + i * c.s.ptr_size));
  c.defer();
  c.s.finish_api(c, 0);  // the exception appears to come from the caller
  c.s.raise_from_api(code, flags, info);
  return 0;
}
// ---- modules ----
const loader::Module* module_by_handle(Session& s, uint64_t h) {
  if (h == 0) return &s.proc.main_module();
  for (auto& m : s.proc.modules())
    if (m->base == h) return m.get();
  return nullptr;
}

template <class S> uint64_t GetModuleHandle(Call& c, S name) {
  if (name.null()) return c.s.proc.main_module().base;
  const loader::Module* m = c.s.proc.find_module(name.str);
  if (!m) {
    std::string base = module_base_name(name.str);
    if (iequals(base, module_base_name(c.s.image_path)) || iequals(base, c.s.proc.main_module().name))
      return c.s.proc.main_module().base;
    return fail(c, kErrModNotFound);
  }
  return m->base;
}
template <class S> uint64_t GetModuleHandleEx(Call& c, uint32_t flags, S name, Ptr out) {
  uint64_t h = 0;
  if (flags & 4) {  // GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS
    const loader::Module* m = c.s.proc.module_at(name.ptr);
    h = m ? m->base : 0;
  } else {
    h = GetModuleHandle<S>(c, name);
  }
  c.s.write_ptr(out, h);
  return h != 0;
}

// Runs a freshly mapped DLL's TLS callbacks and then DllMain(PROCESS_ATTACH)
// before LoadLibrary returns, as the Windows loader does: packed DLLs unpack
// themselves there. DllMain returning FALSE fails the load
// (ERROR_DLL_INIT_FAILED).
void initialise_loaded_dll(Call& c, const loader::Module& m) {
  std::vector<uint64_t> calls = m.tls_callbacks;
  if (m.entry) calls.push_back(m.entry);
  c.defer();
  // The step holds itself weakly; the pending guest call's continuation keeps
  // it alive (a strong self-capture would never be freed).
  auto step = std::make_shared<std::function<void(size_t)>>();
  std::weak_ptr<std::function<void(size_t)>> weak = step;
  Session* s = &c.s;
  const Call saved = c;
  const uint64_t base = m.base;
  const bool has_dll_main = m.entry != 0;
  *step = [s, saved, base, calls, has_dll_main, weak](size_t i) {
    if (i == calls.size()) { s->finish_api(saved, base); return; }
    auto self = weak.lock();
    s->call_guest(calls[i], {base, 1, 0}, [s, saved, i, last = has_dll_main && i + 1 == calls.size(), self](uint64_t r) {
      if (last && !(r & 0xFFFFFFFF)) {
        s->set_last_error(1114);  // ERROR_DLL_INIT_FAILED
        s->finish_api(saved, 0);
        return;
      }
      (*self)(i + 1);
    });
  };
  (*step)(0);
}

template <class S> uint64_t LoadLibrary(Call& c, S name) {
  if (name.null()) return fail(c, kErrInvalidParameter);
  const loader::Module* m = c.s.load_library(name.str);
  if (!m) {
    // A DLL the guest dropped itself.
    auto f = c.s.vfs.find(name.str);
    if (f && f->written && f->data.size() > 0x40) {
      try {
        m = c.s.proc.load_image(f->data, module_base_name(f->path), f->path);
        c.s.register_traps();
        c.s.emit("module_load", {{"name", m->name}, {"path", m->path}, {"base", hex(m->base)}, {"size", hex(m->size)}});
        if (m->is_dll && (m->entry || !m->tls_callbacks.empty())) {
          initialise_loaded_dll(c, *m);
          return 0;
        }
      } catch (const std::exception&) {
        m = nullptr;
      }
    }
  }
  if (!m) return fail(c, kErrModNotFound);
  return m->base;
}
template <class S> uint64_t LoadLibraryEx(Call& c, S name, Handle, uint32_t) { return LoadLibrary<S>(c, name); }
uint64_t FreeLibrary(Call&, Handle) { return 1; }

uint64_t GetProcAddress(Call& c, Handle mod, Ptr name) {
  const loader::Module* m = module_by_handle(c.s, mod);
  uint64_t a = 0;
  if (name.v < 0x10000) {
    c.set_arg_text(1, hex(name.v));
    if (m) a = c.s.proc.get_proc_address(*m, static_cast<uint32_t>(name.v));
  } else {
    const std::string n = c.s.read_astr(name, 512);
    c.set_arg_text(1, ansi_to_utf8(n));
    if (m) a = c.s.proc_address(*m, n);
  }
  if (!a) return fail(c, kErrProcNotFound);
  c.s.resolution.note_lookup(a);  // calls through it are "resolved": "dynamic"
  return a;
}

template <class S> uint64_t GetModuleFileName(Call& c, Handle mod, Ptr buf, uint32_t size) {
  const loader::Module* m = module_by_handle(c.s, mod);
  if (!m) return fail(c, kErrModNotFound);
  const std::string path = m == &c.s.proc.main_module() ? c.s.image_path : m->path;
  const size_t len = S::wide ? utf8_to_utf16(path).size() : path.size();
  if (!size) return fail(c, kErrInsufficientBuffer);
  c.s.write_str<S>(buf, path, size);
  if (len >= size) { c.s.set_last_error(kErrInsufficientBuffer); return size; }
  return len;
}
uint64_t DisableThreadLibraryCalls(Call&, Handle) { return 1; }

template <class S> uint64_t GetStartupInfo(Call& c, Ptr si) {
  const uint32_t size = c.s.x64 ? 104 : 68;
  std::vector<uint8_t> z(size, 0);
  c.s.mem.write(si, z.data(), z.size());
  c.s.write_u32(si, size);
  return 0;
}

template <class S> uint64_t GetCommandLine(Call& c) {
  const std::string key = S::wide ? "cmdline.w" : "cmdline.a";
  auto it = c.s.scratch.find(key);
  if (it != c.s.scratch.end()) return it->second;
  const uint64_t buf = c.s.static_buffer(key, (c.s.command_line.size() + 1) * 2);
  c.s.write_str<S>(buf, c.s.command_line);
  return buf;
}

uint64_t ExitProcess(Call& c, uint32_t code) {
  c.s.exiting = true;
  c.s.end_run(RunEnd::Kind::ExitProcess, code);
}
uint64_t TerminateProcess(Call& c, Handle h, uint32_t code) {
  if (is_current_process(h)) {
    c.s.exiting = true;
    c.s.end_run(RunEnd::Kind::ExitProcess, code);
  }
  if (auto p = c.s.handles.get<ProcessObject>(h)) p->exit_code = code;
  return 1;
}
uint64_t FatalExit(Call& c, uint32_t code) { c.s.end_run(RunEnd::Kind::ExitProcess, code); }
uint64_t FatalAppExit(Call& c, uint32_t, Ptr) { c.s.end_run(RunEnd::Kind::ExitProcess, 0xC0000409); }
// Ends the process at once, bypassing every exception handler; the exit code
// is the record's ExceptionCode, STATUS_FAIL_FAST_EXCEPTION without a record.
uint64_t RaiseFailFastException(Call& c, Ptr record, Ptr, uint32_t) {
  const uint32_t code = record ? c.s.read_u32(record) : 0xC0000602u;
  c.s.exiting = true;
  c.s.end_run(RunEnd::Kind::ExitProcess, code);
}

uint64_t GetVersion(Call& c) {
  return (c.s.cfg.os_build << 16) | (c.s.cfg.os_minor << 8) | c.s.cfg.os_major;
}
template <class S> uint64_t GetVersionEx(Call& c, Ptr info) {
  const uint32_t size = c.s.read_u32(info);
  c.s.write_u32(info + 4, c.s.cfg.os_major);
  c.s.write_u32(info + 8, c.s.cfg.os_minor);
  c.s.write_u32(info + 12, c.s.cfg.os_build);
  c.s.write_u32(info + 16, 2);  // VER_PLATFORM_WIN32_NT
  c.s.write_str<S>(info + 20, "Service Pack 1", 128);
  const uint64_t after = info + 20 + (S::wide ? 256 : 128);
  if (size >= (S::wide ? 284u : 156u)) {
    c.s.write_u16(after, 1);      // wServicePackMajor
    c.s.write_u16(after + 2, 0);
    c.s.write_u16(after + 4, 0x100);
    c.s.mem.write_as<uint8_t>(after + 6, 1);  // VER_NT_WORKSTATION
  }
  return 1;
}
uint64_t CloseHandle(Call& c, Handle h) {
  if (c.s.handles.close(h)) return 1;
  return fail(c, kErrInvalidHandle);
}
uint64_t DuplicateHandle(Call& c, Handle, Handle src, Handle, Ptr out, uint32_t, uint32_t, uint32_t) {
  auto o = c.s.handles.find(src);
  uint64_t h = o ? c.s.handles.add(o) : src.v;
  c.s.write_ptr(out, h);
  return 1;
}
uint64_t GetHandleInformation(Call& c, Handle, Ptr flags) { c.s.write_u32(flags, 0); return 1; }
uint64_t SetHandleInformation(Call&, Handle, uint32_t, uint32_t) { return 1; }

// ---- TLS / FLS (slots live in the TEB so inline accesses agree) ----
uint64_t tls_slot_addr(Session& s, uint32_t i) { return s.teb() + (s.x64 ? 0x1480 : 0xE10) + i * s.ptr_size; }
uint64_t TlsAlloc(Call& c) {
  for (uint32_t i = 0; i < 64; ++i)
    if (!c.s.tls_used.count(i)) { c.s.tls_used.insert(i); c.s.write_ptr(tls_slot_addr(c.s, i), 0); return i; }
  return 0xFFFFFFFF;
}
uint64_t TlsGetValue(Call& c, uint32_t i) {
  if (i >= 64) return fail(c, kErrInvalidParameter);
  c.s.set_last_error(0);
  return c.s.read_ptr(tls_slot_addr(c.s, i));
}
uint64_t TlsSetValue(Call& c, uint32_t i, Ptr v) {
  if (i >= 64) return fail(c, kErrInvalidParameter);
  c.s.write_ptr(tls_slot_addr(c.s, i), v);
  return 1;
}
uint64_t TlsFree(Call& c, uint32_t i) { return c.s.tls_used.erase(i) > 0; }
uint64_t FlsAlloc(Call& c, Ptr) {
  c.s.fls_slots.push_back(0);
  return c.s.fls_slots.size() - 1;
}
uint64_t FlsGetValue(Call& c, uint32_t i) {
  if (i >= c.s.fls_slots.size() || !c.s.fls_slots[i]) return fail(c, kErrInvalidParameter);
  return *c.s.fls_slots[i];
}
uint64_t FlsSetValue(Call& c, uint32_t i, Ptr v) {
  if (i >= c.s.fls_slots.size() || !c.s.fls_slots[i]) return fail(c, kErrInvalidParameter);
  c.s.fls_slots[i] = v.v;
  return 1;
}
uint64_t FlsFree(Call& c, uint32_t i) {
  if (i >= c.s.fls_slots.size()) return 0;
  c.s.fls_slots[i].reset();
  return 1;
}

}  // namespace

void register_kernel32(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&GetLastError>("GetLastError");
  t.add<&SetLastError>("SetLastError");
  t.add<&SetLastError>("RestoreLastError");
  t.add<&GetCurrentProcessId>("GetCurrentProcessId");
  t.add<&GetCurrentThreadId>("GetCurrentThreadId");
  t.add<&GetCurrentProcess>("GetCurrentProcess");
  t.add<&GetCurrentThread>("GetCurrentThread");
  t.add<&GetTickCount>("GetTickCount");
  t.add<&GetTickCount64>("GetTickCount64");
  t.add<&QueryPerformanceCounter>("QueryPerformanceCounter");
  t.add<&QueryPerformanceFrequency>("QueryPerformanceFrequency");
  t.add<&GetSystemTimeAsFileTime>("GetSystemTimeAsFileTime");
  t.add<&GetSystemTimeAsFileTime>("GetSystemTimePreciseAsFileTime");
  t.add<&GetSystemTime>("GetSystemTime");
  t.add<&GetLocalTime>("GetLocalTime");
  t.add<&SystemTimeToFileTime>("SystemTimeToFileTime");
  t.add<&FileTimeToSystemTime>("FileTimeToSystemTime");
  t.add<&FileTimeToLocalFileTime>("FileTimeToLocalFileTime");
  t.add<&FileTimeToLocalFileTime>("LocalFileTimeToFileTime");
  t.add<&GetTimeZoneInformation>("GetTimeZoneInformation");
  t.add<&Sleep>("Sleep");
  t.add<&SleepEx>("SleepEx");
  t.add<&IsDebuggerPresent>("IsDebuggerPresent");
  t.add<&CheckRemoteDebuggerPresent>("CheckRemoteDebuggerPresent");
  t.add<&IsProcessorFeaturePresent>("IsProcessorFeaturePresent");
  t.add<&InitializeSListHead>("InitializeSListHead");
  t.add<&SetUnhandledExceptionFilter>("SetUnhandledExceptionFilter");
  t.add<&UnhandledExceptionFilter>("UnhandledExceptionFilter");
  t.add<&EncodePointer>("EncodePointer");
  t.add<&DecodePointer>("DecodePointer");
  t.add<&EncodePointer>("EncodeSystemPointer");
  t.add<&DecodePointer>("DecodeSystemPointer");
  t.add<&OutputDebugString>("OutputDebugStringA");
  t.add<&OutputDebugStringW>("OutputDebugStringW");
  t.add<&SetErrorMode>("SetErrorMode");
  t.add<&GetErrorMode>("GetErrorMode");
  t.add<&Beep>("Beep");
  t.add<&AddVectoredExceptionHandler>("AddVectoredExceptionHandler");
  t.add<&RemoveVectoredExceptionHandler>("RemoveVectoredExceptionHandler");
  t.add<&AddVectoredExceptionHandler>("AddVectoredContinueHandler");
  t.add<&RemoveVectoredExceptionHandler>("RemoveVectoredContinueHandler");
  t.add<&RaiseException>("RaiseException");
  t.add<&GetModuleHandle<AStr>>("GetModuleHandleA");
  t.add<&GetModuleHandle<WStr>>("GetModuleHandleW");
  t.add<&GetModuleHandleEx<AStr>>("GetModuleHandleExA");
  t.add<&GetModuleHandleEx<WStr>>("GetModuleHandleExW");
  t.add<&LoadLibrary<AStr>>("LoadLibraryA");
  t.add<&LoadLibrary<WStr>>("LoadLibraryW");
  t.add<&LoadLibraryEx<AStr>>("LoadLibraryExA");
  t.add<&LoadLibraryEx<WStr>>("LoadLibraryExW");
  t.add<&FreeLibrary>("FreeLibrary");
  t.add<&GetProcAddress>("GetProcAddress");
  t.add<&GetModuleFileName<AStr>>("GetModuleFileNameA");
  t.add<&GetModuleFileName<WStr>>("GetModuleFileNameW");
  t.add<&DisableThreadLibraryCalls>("DisableThreadLibraryCalls");
  t.add<&GetStartupInfo<AStr>>("GetStartupInfoA");
  t.add<&GetStartupInfo<WStr>>("GetStartupInfoW");
  t.add<&GetCommandLine<AStr>>("GetCommandLineA");
  t.add<&GetCommandLine<WStr>>("GetCommandLineW");
  t.add<&ExitProcess>("ExitProcess");
  t.add<&TerminateProcess>("TerminateProcess");
  t.add<&FatalExit>("FatalExit");
  t.add<&FatalAppExit>("FatalAppExitA");
  t.add<&FatalAppExit>("FatalAppExitW");
  t.add<&RaiseFailFastException>("RaiseFailFastException");
  t.add<&GetVersion>("GetVersion");
  t.add<&GetVersionEx<AStr>>("GetVersionExA");
  t.add<&GetVersionEx<WStr>>("GetVersionExW");
  t.add<&CloseHandle>("CloseHandle");
  t.add<&DuplicateHandle>("DuplicateHandle");
  t.add<&GetHandleInformation>("GetHandleInformation");
  t.add<&SetHandleInformation>("SetHandleInformation");
  t.add<&TlsAlloc>("TlsAlloc");
  t.add<&TlsGetValue>("TlsGetValue");
  t.add<&TlsSetValue>("TlsSetValue");
  t.add<&TlsFree>("TlsFree");
  t.add<&FlsAlloc>("FlsAlloc");
  t.add<&FlsGetValue>("FlsGetValue");
  t.add<&FlsGetValue>("FlsGetValue2");
  t.add<&FlsSetValue>("FlsSetValue");
  t.add<&FlsFree>("FlsFree");
}

}  // namespace emu::winapi
