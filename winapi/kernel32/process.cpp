// kernel32: threads, child processes, other processes (injection), APCs,
// process snapshots. New threads and injected code run as further entry
// points after the current one.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint32_t config_pid(const Session& s, size_t i) {
  const auto& p = s.cfg.processes[i];
  return p.pid ? *p.pid : static_cast<uint32_t>(0x500 + 8 * i);
}

uint64_t new_thread(Call& c, uint64_t proc, uint64_t start, uint64_t param, uint32_t flags, uint64_t tid_out, bool remote_api) {
  Session& s = c.s;
  auto t = std::make_shared<ThreadObject>();
  t->tid = s.next_tid;
  s.next_tid += 4;
  t->pid = s.pid;
  t->start = start;
  t->param = param;
  t->suspended = flags & 4;
  std::string path = s.image_path;
  bool remote = false;
  if (auto p = s.handles.get<ProcessObject>(proc); p && !p->self) {
    remote = true;
    path = p->path;
    t->pid = p->pid;
  }
  t->remote = remote;
  const uint64_t h = s.handles.add(t);
  if (tid_out) s.write_u32(tid_out, t->tid);
  s.emit(remote ? "thread_inject" : "thread_create", {{"path", path}, {"start_addr", hex(start)}, {"param", hex(param)}});
  (void)remote_api;
  s.queue_thread(t, remote ? "injected_thread" : "thread");
  return h;
}

uint64_t CreateThread(Call& c, Ptr, uint64_t, Ptr start, Ptr param, uint32_t flags, Ptr tid) {
  return new_thread(c, ~0ull, start, param, flags, tid, false);
}
uint64_t CreateRemoteThread(Call& c, Handle proc, Ptr, uint64_t, Ptr start, Ptr param, uint32_t flags, Ptr tid) {
  return new_thread(c, proc, start, param, flags, tid, true);
}
uint64_t CreateRemoteThreadEx(Call& c, Handle proc, Ptr sa, uint64_t st, Ptr start, Ptr param, uint32_t flags, Ptr, Ptr tid) {
  return CreateRemoteThread(c, proc, sa, st, start, param, flags, tid);
}
uint64_t NtCreateThreadEx(Call& c, Ptr out, uint32_t, Ptr, Handle proc, Ptr start, Ptr param, uint32_t flags, uint64_t, uint64_t, uint64_t, Ptr) {
  c.s.write_ptr(out, new_thread(c, proc, start, param, flags & 1 ? 4 : 0, 0, true));
  return 0;
}
uint64_t RtlCreateUserThread(Call& c, Handle proc, Ptr, uint32_t susp, uint32_t, uint64_t, uint64_t, Ptr start, Ptr param, Ptr out, Ptr) {
  const uint64_t h = new_thread(c, proc, start, param, susp ? 4 : 0, 0, true);
  if (out) c.s.write_ptr(out, h);
  return 0;
}
uint64_t QueueUserAPC(Call& c, Ptr fn, Handle thread, Ptr data) {
  auto t = std::make_shared<ThreadObject>();
  t->tid = c.s.tid;
  t->start = fn;
  t->param = data;
  if (auto target = c.s.handles.get<ThreadObject>(thread)) { t->tid = target->tid; t->remote = target->remote; }
  c.s.emit(t->remote ? "thread_inject" : "thread_create", {{"path", c.s.image_path}, {"start_addr", hex(fn)}, {"param", hex(data)}});
  c.s.queue_thread(t, t->remote ? "injected_apc" : "apc");
  return 1;
}
uint64_t ResumeThread(Call& c, Handle h) { if (auto t = c.s.handles.get<ThreadObject>(h)) { t->suspended = false; return 1; } return 0; }
uint64_t SuspendThread(Call&, Handle) { return 0; }
uint64_t ExitThread(Call& c, uint32_t code) { c.s.end_run(RunEnd::Kind::ExitThread, code); }
uint64_t TerminateThread(Call& c, Handle h, uint32_t code) {
  if (is_current_thread(h)) c.s.end_run(RunEnd::Kind::ExitThread, code);
  if (auto t = c.s.handles.get<ThreadObject>(h)) { t->finished = true; t->exit_code = code; }
  return 1;
}
uint64_t GetExitCodeThread(Call& c, Handle h, Ptr out) {
  auto t = c.s.handles.get<ThreadObject>(h);
  c.s.write_u32(out, t ? t->exit_code : 0x103);
  return 1;
}
uint64_t GetThreadId(Call& c, Handle h) {
  if (is_current_thread(h)) return c.s.tid;
  auto t = c.s.handles.get<ThreadObject>(h);
  return t ? t->tid : 0;
}
uint64_t OpenThread(Call& c, uint32_t, uint32_t, uint32_t tid) {
  auto t = std::make_shared<ThreadObject>();
  t->tid = tid;
  return c.s.handles.add(t);
}
uint64_t GetThreadContext(Call& c, Handle, Ptr ctx) {
  const uint32_t flags = c.s.read_u32(ctx + (c.s.x64 ? 0x30 : 0));
  cpu::Context k = c.s.cpu.context();
  k.rip = c.return_address;
  c.s.write_context(ctx, k);
  c.s.write_u32(ctx + (c.s.x64 ? 0x30 : 0), flags);
  return 1;  // debug registers stay zero: no hardware breakpoints
}
uint64_t SetThreadContext(Call&, Handle, Ptr) { return 1; }
uint64_t GetThreadPriority(Call&, Handle) { return 0; }
uint64_t SwitchToThread(Call&) { return 1; }
uint64_t GetPriorityClass(Call&, Handle) { return 0x20; }

// ---- processes ----
template <class S> uint64_t CreateProcess(Call& c, S app, S cmd, Ptr, Ptr, uint32_t, uint32_t flags, Ptr, S, Ptr, Ptr pi) {
  Session& s = c.s;
  std::string cmdline = cmd.null() ? app.str : cmd.str;
  std::string path = app.str;
  if (path.empty()) {
    std::string first = cmdline;
    if (!first.empty() && first[0] == '"') first = first.substr(1, first.find('"', 1) - 1);
    else first = first.substr(0, first.find(' '));
    path = first;
  }
  s.emit("process_create", {{"path", path}, {"cmdline", cmdline}});
  auto p = std::make_shared<ProcessObject>();
  p->pid = s.next_pid;
  s.next_pid += 4;
  p->path = path;
  p->cmdline = cmdline;
  p->suspended = flags & 4;
  auto t = std::make_shared<ThreadObject>();
  t->tid = s.next_tid;
  s.next_tid += 4;
  t->pid = p->pid;
  t->remote = true;
  t->suspended = flags & 4;
  const uint64_t hp = s.handles.add(p), ht = s.handles.add(t);
  if (pi) {
    s.write_ptr(pi, hp);
    s.write_ptr(pi + s.ptr_size, ht);
    s.write_u32(pi + 2 * s.ptr_size, p->pid);
    s.write_u32(pi + 2 * s.ptr_size + 4, t->tid);
  }
  return 1;
}
template <class S> uint64_t CreateProcessAsUser(Call& c, Handle, S app, S cmd, Ptr a, Ptr b, uint32_t i, uint32_t f, Ptr e, S d, Ptr si, Ptr pi) {
  return CreateProcess<S>(c, app, cmd, a, b, i, f, e, d, si, pi);
}
uint64_t WinExec(Call& c, AStr cmd, uint32_t) {
  std::string path = cmd.str.substr(0, cmd.str.find(' '));
  c.s.emit("process_create", {{"path", path}, {"cmdline", cmd.str}});
  return 33;
}
uint64_t OpenProcess(Call& c, uint32_t, uint32_t, uint32_t pid) {
  Session& s = c.s;
  if (pid == s.pid) {
    auto p = std::make_shared<ProcessObject>();
    p->self = true;
    p->pid = pid;
    p->path = s.image_path;
    return s.handles.add(p);
  }
  for (size_t i = 0; i < s.cfg.processes.size(); ++i) {
    if (config_pid(s, i) != pid) continue;
    auto p = std::make_shared<ProcessObject>();
    p->pid = pid;
    p->path = s.cfg.processes[i].path;
    return s.handles.add(p);
  }
  for (uint64_t h = 0x80; h < 0x80 + 4 * 4096; h += 4)
    if (auto p = s.handles.get<ProcessObject>(h); p && p->pid == pid) return s.handles.add(p);
  return fail(c, kErrInvalidParameter);
}
uint64_t GetExitCodeProcess(Call& c, Handle h, Ptr out) {
  auto p = c.s.handles.get<ProcessObject>(h);
  c.s.write_u32(out, p ? p->exit_code : 0x103);
  return 1;
}
uint64_t GetProcessId(Call& c, Handle h) {
  if (is_current_process(h)) return c.s.pid;
  auto p = c.s.handles.get<ProcessObject>(h);
  return p ? p->pid : 0;
}
uint64_t IsWow64Process(Call& c, Handle, Ptr out) { c.s.write_u32(out, 0); return 1; }
template <class S> uint64_t QueryFullProcessImageName(Call& c, Handle h, uint32_t, Ptr buf, Ptr size) {
  std::string path = c.s.image_path;
  if (auto p = c.s.handles.get<ProcessObject>(h)) path = p->path;
  const uint32_t cap = c.s.read_u32(size);
  const uint64_t r = copy_out<S>(c, buf, cap, path);
  if (r >= cap) return fail(c, kErrInsufficientBuffer);
  c.s.write_u32(size, static_cast<uint32_t>(r));
  return 1;
}

// Toolhelp snapshots: the configured process list plus this process.
struct Proc { uint32_t pid, ppid; std::string name; };
std::vector<Proc> process_list(Session& s) {
  std::vector<Proc> out;
  for (size_t i = 0; i < s.cfg.processes.size(); ++i) {
    const auto& p = s.cfg.processes[i];
    if (p.is_main_exe) continue;
    std::string name = module_base_name(p.path);
    if (name.find('.') == std::string::npos && p.path.find('[') == std::string::npos) name = p.name + ".exe";
    if (p.path.find('[') != std::string::npos) name = p.path;
    out.push_back({config_pid(s, i), 4, name});
  }
  out.push_back({s.pid, 0x500, module_base_name(s.image_path)});
  return out;
}
uint64_t CreateToolhelp32Snapshot(Call& c, uint32_t flags, uint32_t) {
  auto o = std::make_shared<GenericObject>("snapshot");
  o->props["flags"] = std::to_string(flags);
  return c.s.handles.add(o);
}
template <class S> uint64_t Process32(Call& c, Handle h, Ptr entry, bool first) {
  auto o = c.s.handles.get<GenericObject>(h);
  if (!o) return fail(c, kErrInvalidHandle);
  if (first) o->cursor = 0;
  auto list = process_list(c.s);
  if (o->cursor >= list.size()) return fail(c, kErrNoMoreFiles);
  const Proc& p = list[o->cursor++];
  const bool x64 = c.s.x64;
  const uint32_t size = S::wide ? (x64 ? 568 : 556) : (x64 ? 304 : 296);
  std::vector<uint8_t> z(size, 0);
  c.s.mem.write(entry, z.data(), z.size());
  c.s.write_u32(entry, size);
  c.s.write_u32(entry + 8, p.pid);
  c.s.write_u32(entry + (x64 ? 28 : 20), 1);
  c.s.write_u32(entry + (x64 ? 32 : 24), p.ppid);
  c.s.write_u32(entry + (x64 ? 36 : 28), 8);
  c.s.write_str<S>(entry + (x64 ? 44 : 36), p.name, 260);
  return 1;
}
template <class S> uint64_t Process32First(Call& c, Handle h, Ptr e) { return Process32<S>(c, h, e, true); }
template <class S> uint64_t Process32Next(Call& c, Handle h, Ptr e) { return Process32<S>(c, h, e, false); }
template <class S> uint64_t Module32(Call& c, Handle h, Ptr entry, bool first) {
  auto o = c.s.handles.get<GenericObject>(h);
  if (!o) return fail(c, kErrInvalidHandle);
  if (first) o->cursor = 0;
  const auto& mods = c.s.proc.modules();
  if (o->cursor >= mods.size()) return fail(c, kErrNoMoreFiles);
  const auto& m = *mods[o->cursor++];
  const bool x64 = c.s.x64;
  const unsigned ps = c.s.ptr_size;
  const uint32_t size = S::wide ? (x64 ? 1080 : 1064) : (x64 ? 568 : 548);
  std::vector<uint8_t> z(size, 0);
  c.s.mem.write(entry, z.data(), z.size());
  c.s.write_u32(entry, size);
  c.s.write_u32(entry + 4, 1);
  c.s.write_u32(entry + 8, c.s.pid);
  const uint64_t base_at = entry + (x64 ? 24 : 20);
  c.s.write_ptr(base_at, m.base);
  c.s.write_u32(base_at + ps, static_cast<uint32_t>(m.size));
  c.s.write_ptr(base_at + (x64 ? 16 : 8), m.base);
  const uint64_t name_at = base_at + (x64 ? 24 : 12);
  c.s.write_str<S>(name_at, m.name, 256);
  c.s.write_str<S>(name_at + (S::wide ? 512 : 256), m.path, 260);
  return 1;
}
template <class S> uint64_t Module32First(Call& c, Handle h, Ptr e) { return Module32<S>(c, h, e, true); }
template <class S> uint64_t Module32Next(Call& c, Handle h, Ptr e) { return Module32<S>(c, h, e, false); }
uint64_t Thread32First(Call& c, Handle, Ptr) { return fail(c, kErrNoMoreFiles); }
uint64_t EnumProcesses(Call& c, Ptr out, uint32_t cb, Ptr needed) {
  auto list = process_list(c.s);
  uint32_t n = 0;
  for (auto& p : list) if ((n + 1) * 4 <= cb) c.s.write_u32(out + 4 * n++, p.pid);
  c.s.write_u32(needed, n * 4);
  return 1;
}
uint64_t EnumProcessModules(Call& c, Handle, Ptr out, uint32_t cb, Ptr needed) {
  uint32_t n = 0;
  for (auto& m : c.s.proc.modules()) {
    if ((n + 1) * c.s.ptr_size <= cb) c.s.write_ptr(out + n * c.s.ptr_size, m->base);
    ++n;
  }
  c.s.write_u32(needed, n * c.s.ptr_size);
  return 1;
}
template <class S> uint64_t GetModuleBaseName(Call& c, Handle, Handle mod, Ptr buf, uint32_t n) {
  std::string name = module_base_name(c.s.image_path);
  for (auto& m : c.s.proc.modules()) if (m->base == mod.v && mod.v) name = m->name;
  return copy_out<S>(c, buf, n, name);
}
template <class S> uint64_t GetModuleFileNameEx(Call& c, Handle, Handle mod, Ptr buf, uint32_t n) {
  std::string name = c.s.image_path;
  for (auto& m : c.s.proc.modules()) if (m->base == mod.v && mod.v && m->decoy) name = m->path;
  return copy_out<S>(c, buf, n, name);
}
template <class S> uint64_t GetProcessImageFileName(Call& c, Handle h, Ptr buf, uint32_t n) {
  std::string path = c.s.image_path;
  if (auto p = c.s.handles.get<ProcessObject>(h)) path = p->path;
  return copy_out<S>(c, buf, n, "\\Device\\HarddiskVolume1" + (path.size() > 2 ? path.substr(2) : path));
}

}  // namespace

void register_kernel32_process(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&CreateThread>("CreateThread");
  t.add<&CreateRemoteThread>("CreateRemoteThread");
  t.add<&CreateRemoteThreadEx>("CreateRemoteThreadEx");
  t.add<&QueueUserAPC>("QueueUserAPC");
  t.add<&ResumeThread>("ResumeThread");
  t.add<&SuspendThread>("SuspendThread");
  t.add<&ExitThread>("ExitThread");
  t.add<&TerminateThread>("TerminateThread");
  t.add<&GetExitCodeThread>("GetExitCodeThread");
  t.add<&GetThreadId>("GetThreadId");
  t.add<&OpenThread>("OpenThread");
  t.add<&GetThreadContext>("GetThreadContext");
  t.add<&GetThreadContext>("Wow64GetThreadContext");
  t.add<&SetThreadContext>("SetThreadContext");
  t.add<&SetThreadContext>("Wow64SetThreadContext");
  t.add<&GetThreadPriority>("GetThreadPriority");
  t.add<constant_result<1, 2>>("SetThreadPriority");
  t.add<constant_result<1, 2>>("SetThreadAffinityMask");
  t.add<constant_result<1, 2>>("SetPriorityClass");
  t.add<constant_result<1, 1>>("SetThreadStackGuarantee");
  t.add<&SwitchToThread>("SwitchToThread");
  t.add<&GetPriorityClass>("GetPriorityClass");
  t.add<&CreateProcess<AStr>>("CreateProcessA");
  t.add<&CreateProcess<WStr>>("CreateProcessW");
  t.add<&CreateProcessAsUser<AStr>>("CreateProcessAsUserA");
  t.add<&CreateProcessAsUser<WStr>>("CreateProcessAsUserW");
  t.add<&WinExec>("WinExec");
  t.add<&OpenProcess>("OpenProcess");
  t.add<&GetExitCodeProcess>("GetExitCodeProcess");
  t.add<&GetProcessId>("GetProcessId");
  t.add<&IsWow64Process>("IsWow64Process");
  t.add<&QueryFullProcessImageName<AStr>>("QueryFullProcessImageNameA");
  t.add<&QueryFullProcessImageName<WStr>>("QueryFullProcessImageNameW");
  t.add<&CreateToolhelp32Snapshot>("CreateToolhelp32Snapshot");
  t.add<&Process32First<AStr>>("Process32First");
  t.add<&Process32First<WStr>>("Process32FirstW");
  t.add<&Process32Next<AStr>>("Process32Next");
  t.add<&Process32Next<WStr>>("Process32NextW");
  t.add<&Module32First<AStr>>("Module32First");
  t.add<&Module32First<WStr>>("Module32FirstW");
  t.add<&Module32Next<AStr>>("Module32Next");
  t.add<&Module32Next<WStr>>("Module32NextW");
  t.add<&Thread32First>("Thread32First");
  t.add<&Thread32First>("Thread32Next");
  t.add<&EnumProcesses>("K32EnumProcesses");
  t.add<&EnumProcessModules>("K32EnumProcessModules");
  t.add<&GetModuleBaseName<AStr>>("K32GetModuleBaseNameA");
  t.add<&GetModuleBaseName<WStr>>("K32GetModuleBaseNameW");
  t.add<&GetModuleFileNameEx<AStr>>("K32GetModuleFileNameExA");
  t.add<&GetModuleFileNameEx<WStr>>("K32GetModuleFileNameExW");
  t.add<&GetProcessImageFileName<AStr>>("K32GetProcessImageFileNameA");
  t.add<&GetProcessImageFileName<WStr>>("K32GetProcessImageFileNameW");
  auto p = r.table("psapi");
  p.add<&EnumProcesses>("EnumProcesses");
  p.add<&EnumProcessModules>("EnumProcessModules");
  p.add<&GetModuleBaseName<AStr>>("GetModuleBaseNameA");
  p.add<&GetModuleBaseName<WStr>>("GetModuleBaseNameW");
  p.add<&GetModuleFileNameEx<AStr>>("GetModuleFileNameExA");
  p.add<&GetModuleFileNameEx<WStr>>("GetModuleFileNameExW");
  p.add<&GetProcessImageFileName<AStr>>("GetProcessImageFileNameA");
  p.add<&GetProcessImageFileName<WStr>>("GetProcessImageFileNameW");
  auto n = r.table("ntdll");
  n.add<&NtCreateThreadEx>("NtCreateThreadEx");
  n.add<&NtCreateThreadEx>("ZwCreateThreadEx");
  n.add<&RtlCreateUserThread>("RtlCreateUserThread");
}

}  // namespace emu::winapi
