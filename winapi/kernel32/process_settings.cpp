// kernel32 process and thread settings and queries: times, affinity, session,
// version, thread attribute lists, mitigation/DEP/shutdown policies, WOW64
// file-system redirection, locale, handle count.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t GetTimes(Call& c, Handle, Ptr a, Ptr b, Ptr d, Ptr e) {
  for (uint64_t p : {a.v, b.v, d.v, e.v}) if (p) c.s.write_u64(p, c.s.cpu.instructions());
  return 1;
}
uint64_t GetProcessAffinityMask(Call& c, Handle, Ptr a, Ptr b) { c.s.write_ptr(a, 1); c.s.write_ptr(b, 1); return 1; }
uint64_t ProcessIdToSessionId(Call& c, uint32_t, Ptr out) { c.s.write_u32(out, 1); return 1; }
uint64_t WTSGetActiveConsoleSessionId(Call&) { return 1; }
uint64_t SetHandleCount(Call&, uint32_t n) { return n; }
uint64_t GetProcessVersion(Call& c, uint32_t) { return (c.s.cfg.os_major << 16) | c.s.cfg.os_minor; }
uint64_t InitializeProcThreadAttributeList(Call& c, Ptr list, uint32_t, uint32_t, Ptr size) {
  if (!list) { c.s.write_ptr(size, 0x40); return fail(c, kErrInsufficientBuffer); }
  return 1;
}

}  // namespace

void register_kernel32_process_settings(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&GetTimes>("GetThreadTimes");
  t.add<&GetTimes>("GetProcessTimes");
  t.add<&GetProcessAffinityMask>("GetProcessAffinityMask");
  t.add<&ProcessIdToSessionId>("ProcessIdToSessionId");
  t.add<&WTSGetActiveConsoleSessionId>("WTSGetActiveConsoleSessionId");
  t.add<&SetHandleCount>("SetHandleCount");
  t.add<constant_result<1, 1>>("Wow64DisableWow64FsRedirection");
  t.add<constant_result<1, 1>>("Wow64RevertWow64FsRedirection");
  t.add<constant_result<1, 1>>("Wow64EnableWow64FsRedirection");
  t.add<constant_result<1, 1>>("SetThreadLocale");
  t.add<&GetProcessVersion>("GetProcessVersion");
  t.add<&InitializeProcThreadAttributeList>("InitializeProcThreadAttributeList");
  t.add<constant_result<1, 6>>("UpdateProcThreadAttribute");
  t.add<constant_result<0, 1>>("DeleteProcThreadAttributeList");
  t.add<constant_result<1, 3>>("SetProcessMitigationPolicy");
  t.add<constant_result<1, 2>>("SetProcessShutdownParameters");
  t.add<constant_result<1, 1>>("SetProcessDEPPolicy");
}

}  // namespace emu::winapi
