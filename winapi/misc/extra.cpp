// More APIs the malware corpus needs: winmm timing, message formatting,
// keyboard mapping, GUIDs, heaps made through ntdll, process attributes.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t r1_0(Call&) { return 1; }
uint64_t r0_1(Call&, uint64_t) { return 0; }
uint64_t r1_1(Call&, uint64_t) { return 1; }
uint64_t r1_2(Call&, uint64_t, uint64_t) { return 1; }
uint64_t r0_3(Call&, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t r1_3(Call&, uint64_t, uint64_t, uint64_t) { return 1; }
uint64_t r0_4(Call&, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t r0_5(Call&, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t r1_6(Call&, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) { return 1; }

uint64_t timeGetTime(Call& c) { return c.s.tick_ms() & 0xFFFFFFFF; }
template <class S> uint64_t FormatMessage(Call& c, uint32_t flags, Ptr, uint32_t id, uint32_t, Ptr buf, uint32_t n, Ptr) {
  const std::string text = "Error " + std::to_string(id) + "\r\n";
  if (flags & 0x100) {  // FORMAT_MESSAGE_ALLOCATE_BUFFER
    const uint64_t b = c.s.heap_alloc((text.size() + 1) * 2);
    c.s.write_str<S>(b, text);
    c.s.write_ptr(buf, b);
    return text.size();
  }
  if (n <= text.size()) return fail(c, kErrInsufficientBuffer);
  c.s.write_str<S>(buf, text, n);
  return text.size();
}
template <class S> uint64_t CharLowerBuff(Call& c, Ptr p, uint32_t n) {
  for (uint32_t i = 0; i < n && i < (1u << 20); ++i) {
    if constexpr (S::wide) { uint16_t ch = c.s.read_u16(p + 2 * i); if (ch >= 'A' && ch <= 'Z') c.s.write_u16(p + 2 * i, ch + 32); }
    else { uint8_t ch = c.s.mem.read_as<uint8_t>(p + i).value_or(0); if (ch >= 'A' && ch <= 'Z') c.s.mem.write_as<uint8_t>(p + i, ch + 32); }
  }
  return n;
}
template <class S> uint64_t CharPrev(Call&, Ptr start, Ptr cur) { return cur > start ? cur - (S::wide ? 2 : 1) : start; }
uint64_t MapVirtualKey(Call&, uint32_t code, uint32_t) { return code; }
uint64_t UuidCreate(Call& c, Ptr g) {
  uint8_t b[16];
  uint32_t x = 0x7F4A7C15u ^ static_cast<uint32_t>(c.s.cpu.instructions());
  for (auto& v : b) { x = x * 1103515245u + 12345u; v = static_cast<uint8_t>(x >> 16); }
  c.s.mem.write(g, b, 16);
  return 0;
}
uint64_t StringFromGUID2(Call& c, Ptr g, Ptr out, int32_t n) {
  uint8_t b[16] = {};
  c.s.mem.read(g, b, 16);
  char buf[64];
  std::snprintf(buf, sizeof buf, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24), b[4] | (b[5] << 8), b[6] | (b[7] << 8),
                b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  if (n < 39) return 0;
  c.s.write_wstr(out, widen_bytes(buf));
  return 39;
}
uint64_t IIDFromString(Call&, WStr, Ptr) { return 0x80070057; }
uint64_t GetModuleInformation(Call& c, Handle, Handle mod, Ptr info, uint32_t) {
  for (auto& m : c.s.proc.modules())
    if (m->base == mod.v || (!mod.v && m.get() == &c.s.proc.main_module())) {
      c.s.write_ptr(info, m->base);
      c.s.write_u32(info + c.s.ptr_size, static_cast<uint32_t>(m->size));
      c.s.write_ptr(info + 2 * c.s.ptr_size, m->entry);
      return 1;
    }
  return 0;
}
uint64_t RtlCreateHeap(Call& c, uint32_t, Ptr, uint64_t, uint64_t, Ptr, Ptr) {
  const uint64_t limit = c.s.x64 ? 0x7FFFFFFF0000ull : 0x7FFE0000ull;
  const uint64_t base = c.s.mem.find_free(0x1000, 0x00300000, limit);
  if (!base || !c.s.mem.map(base, 0x1000, cpu::kPermRead | cpu::kPermWrite, "heap.header")) return 0;
  c.s.heaps[base] = std::make_unique<GuestHeap>(c.s.mem, "heap", 0, 0, limit);
  return base;
}
uint64_t RtlExitUserThread(Call& c, uint32_t code) { c.s.end_run(RunEnd::Kind::ExitThread, code); }
uint64_t inet_pton(Call& c, int32_t, AStr src, Ptr dst) {
  const uint32_t v = Network::ipv4(src.str);
  if (!v) return 0;
  c.s.write_u32(dst, v);
  return 1;
}
uint64_t freeaddrinfo(Call&, Ptr) { return 0; }
template <class S> uint64_t PathRemoveExtension(Call& c, S p) {
  const size_t dot = p.str.rfind('.');
  const size_t slash = p.str.find_last_of("\\/");
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) c.s.write_str<S>(p.ptr, p.str.substr(0, dot));
  return 0;
}
template <class S> uint64_t StrChr(Call&, S s, uint32_t ch) {
  const size_t i = s.str.find(static_cast<char>(ch));
  if (i == std::string::npos) return 0;
  return s.ptr + (S::wide ? utf8_to_utf16(s.str.substr(0, i)).size() * 2 : i);
}
template <class S> uint64_t StrCmpNI(Call&, S a, S b, int32_t n) {
  std::string x = lower(a.str).substr(0, std::max(n, 0)), y = lower(b.str).substr(0, std::max(n, 0));
  return static_cast<uint64_t>(static_cast<int64_t>(x < y ? -1 : x > y ? 1 : 0));
}
template <class S> uint64_t SearchPath(Call& c, S, S file, S ext, uint32_t n, Ptr buf, Ptr part) {
  std::string f = file.str;
  if (!ext.null() && f.find('.') == std::string::npos) f += ext.str;
  const std::string full = "C:\\Windows\\system32\\" + f;
  if (!c.s.vfs.exists(full)) return fail(c, kErrFileNotFound);
  const uint64_t r = copy_out<S>(c, buf, n, full);
  if (part && r < n) c.s.write_ptr(part, buf + (full.size() - f.size()) * (S::wide ? 2 : 1));
  return r;
}
template <class S> uint64_t GetConsoleTitle(Call& c, Ptr buf, uint32_t n) { if (buf && n) c.s.write_str<S>(buf, "", n); return 0; }
uint64_t GetProcessVersion(Call& c, uint32_t) { return (c.s.cfg.os_major << 16) | c.s.cfg.os_minor; }
uint64_t InitializeProcThreadAttributeList(Call& c, Ptr list, uint32_t, uint32_t, Ptr size) {
  if (!list) { c.s.write_ptr(size, 0x40); return fail(c, kErrInsufficientBuffer); }
  return 1;
}
uint64_t CreateWellKnownSid(Call& c, uint32_t, Ptr, Ptr sid, Ptr size) {
  if (size) {
    const uint32_t cap = c.s.read_u32(size);
    c.s.write_u32(size, 16);
    if (cap < 16) return fail(c, kErrInsufficientBuffer);
  }
  const uint8_t s[16] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0};
  c.s.mem.write(sid, s, sizeof s);
  return 1;
}
uint64_t NtOpenProcess(Call& c, Ptr out, uint32_t, Ptr, Ptr cid) {
  const uint32_t pid = static_cast<uint32_t>(c.s.read_ptr(cid));
  auto p = std::make_shared<ProcessObject>();
  p->pid = pid;
  p->self = pid == c.s.pid;
  p->path = p->self ? c.s.image_path : "C:\\Windows\\system32\\svchost.exe";
  for (auto& cp : c.s.cfg.processes) if (cp.pid && *cp.pid == pid) p->path = cp.path;
  c.s.write_ptr(out, c.s.handles.add(p));
  return 0;
}
uint64_t NtOpenProcessToken(Call& c, Handle, uint32_t, Ptr out) {
  c.s.write_ptr(out, c.s.handles.add(std::make_shared<GenericObject>("token")));
  return 0;
}
uint64_t NtQueryInformationToken(Call& c, Handle, uint32_t cls, Ptr buf, uint32_t len, Ptr retlen) {
  if (retlen) c.s.write_u32(retlen, 4);
  if (len < 4) return 0xC0000023;
  c.s.write_u32(buf, cls == 20 ? (c.s.cfg.user_is_admin ? 1 : 0) : 0);
  return 0;
}
uint64_t setvbuf(Call&, Ptr, Ptr, int32_t, uint64_t) { return 0; }
uint64_t GetObject(Call& c, Handle, int32_t n, Ptr out) {
  if (out && n > 0) { std::vector<uint8_t> z(std::min(n, 256), 0); c.s.mem.write(out, z.data(), z.size()); }
  return static_cast<uint32_t>(std::max(n, 0));
}

}  // namespace

void register_extra(ApiRegistry& r) {
  auto w = r.table("winmm");
  w.add<&timeGetTime>("timeGetTime");
  w.add<&r0_1>("timeBeginPeriod");
  w.add<&r0_1>("timeEndPeriod");
  w.add<&r0_5>("timeSetEvent");
  w.add<&r0_3>("PlaySoundA");
  w.add<&r0_3>("PlaySoundW");
  auto k = r.table("kernel32");
  k.add<&FormatMessage<AStr>>("FormatMessageA");
  k.add<&FormatMessage<WStr>>("FormatMessageW");
  k.add<&r1_1>("SetThreadLocale");
  k.add<&SearchPath<AStr>>("SearchPathA");
  k.add<&SearchPath<WStr>>("SearchPathW");
  k.add<&GetConsoleTitle<AStr>>("GetConsoleTitleA");
  k.add<&GetConsoleTitle<WStr>>("GetConsoleTitleW");
  k.add<&GetProcessVersion>("GetProcessVersion");
  k.add<&InitializeProcThreadAttributeList>("InitializeProcThreadAttributeList");
  k.add<&r1_6>("UpdateProcThreadAttribute");
  k.add<&r0_1>("DeleteProcThreadAttributeList");
  k.add<&r1_3>("SetProcessMitigationPolicy");
  k.add<&r0_4>("CreateIoCompletionPort");
  k.add<&r1_2>("SetProcessShutdownParameters");
  k.add<&r1_1>("SetProcessDEPPolicy");
  auto u = r.table("user32");
  u.add<&CharLowerBuff<AStr>>("CharLowerBuffA");
  u.add<&CharLowerBuff<WStr>>("CharLowerBuffW");
  u.add<&CharPrev<AStr>>("CharPrevA");
  u.add<&CharPrev<WStr>>("CharPrevW");
  u.add<&MapVirtualKey>("MapVirtualKeyA");
  u.add<&MapVirtualKey>("MapVirtualKeyW");
  u.add<&r0_1>("BlockInput");
  u.add<&r0_5>("MsgWaitForMultipleObjects");
  u.add<&r1_0>("GetInputState");
  auto rp = r.table("rpcrt4");
  rp.add<&UuidCreate>("UuidCreate");
  rp.add<&UuidCreate>("UuidCreateSequential");
  auto o = r.table("ole32");
  o.add<&StringFromGUID2>("StringFromGUID2");
  o.add<&IIDFromString>("IIDFromString");
  o.add<&IIDFromString>("CLSIDFromString");
  auto p = r.table("psapi");
  p.add<&GetModuleInformation>("GetModuleInformation");
  r.table("kernel32").add<&GetModuleInformation>("K32GetModuleInformation");
  auto n = r.table("ntdll");
  n.add<&RtlCreateHeap>("RtlCreateHeap");
  n.add<&r0_1>("RtlDestroyHeap");
  n.add<&RtlExitUserThread>("RtlExitUserThread");
  n.add<&NtOpenProcess>("NtOpenProcess");
  n.add<&NtOpenProcess>("ZwOpenProcess");
  n.add<&NtOpenProcessToken>("NtOpenProcessToken");
  n.add<&NtOpenProcessToken>("ZwOpenProcessToken");
  n.add<&NtQueryInformationToken>("NtQueryInformationToken");
  n.add<&NtQueryInformationToken>("ZwQueryInformationToken");
  n.add<&r0_4>("EtwEventRegister");
  n.add<&r0_5>("EtwEventSetInformation");
  n.add<&r0_1>("EtwEventUnregister");
  n.add<&r0_4>("RtlGetNativeSystemInformation");
  auto ws = r.table("ws2_32");
  ws.add<&inet_pton>("inet_pton");
  ws.add<&freeaddrinfo>("freeaddrinfo");
  auto s = r.table("shlwapi");
  s.add<&PathRemoveExtension<AStr>>("PathRemoveExtensionA");
  s.add<&PathRemoveExtension<WStr>>("PathRemoveExtensionW");
  s.add<&StrChr<AStr>>("StrChrA");
  s.add<&StrChr<WStr>>("StrChrW");
  s.add<&StrCmpNI<AStr>>("StrCmpNIA");
  s.add<&StrCmpNI<WStr>>("StrCmpNIW");
  auto m = r.table("msvcrt", Conv::Cdecl);
  m.add<&setvbuf>("setvbuf");
  m.add<&r0_1>("_ismbblead");  // single-byte code page: no lead bytes
  m.add<&r0_1>("_ismbbtrail");
  m.add<&r0_1>("_getmbcp");
  auto g = r.table("gdi32");
  g.add<&GetObject>("GetObjectA");
  g.add<&GetObject>("GetObjectW");
  auto a = r.table("advapi32");
  a.add<&CreateWellKnownSid>("CreateWellKnownSid");
  a.add<&r1_3>("InitializeAcl");
}

}  // namespace emu::winapi
