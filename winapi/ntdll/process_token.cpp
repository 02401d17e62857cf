// ntdll process and token objects: NtOpenProcess, NtOpenProcessToken,
// NtQueryInformationToken, RtlExitUserThread.
#include "winapi/core/handler.h"
#include "winapi/core/token_info.h"

namespace emu::winapi {
namespace {

uint64_t RtlExitUserThread(Call& c, uint32_t code) { c.s.end_run(RunEnd::Kind::ExitThread, code); }
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
// STATUS_BUFFER_TOO_SMALL when the buffer is short; the needed size is
// returned either way.
uint64_t NtQueryInformationToken(Call& c, Handle, uint32_t cls, Ptr buf, uint32_t len, Ptr retlen) {
  const uint32_t need = token_info_size(c.s, cls);
  if (retlen) c.s.write_u32(retlen, need);
  if (len < need || !buf) return 0xC0000023;
  write_token_info(c.s, cls, buf);
  return 0;
}

}  // namespace

void register_ntdll_process_token(ApiRegistry& r) {
  auto t = r.table("ntdll");
  t.add<&RtlExitUserThread>("RtlExitUserThread");
  t.add<&NtOpenProcess>("NtOpenProcess");
  t.add<&NtOpenProcess>("ZwOpenProcess");
  t.add<&NtOpenProcessToken>("NtOpenProcessToken");
  t.add<&NtOpenProcessToken>("ZwOpenProcessToken");
  t.add<&NtQueryInformationToken>("NtQueryInformationToken");
  t.add<&NtQueryInformationToken>("ZwQueryInformationToken");
}

}  // namespace emu::winapi
