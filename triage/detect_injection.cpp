// Process injection sequences (T1055 and sub-techniques): remote thread (8),
// hollowing (9), thread hijacking (10), APC injection (11). Each needs the
// whole sequence in the run, not one API alone.
#include <functional>
#include <set>

#include "triage/detectors.h"
#include "triage/memory_events.h"

namespace emu::triage {

namespace {

constexpr uint64_t kCreateSuspended = 0x4;

// A write into another process. The process handle is the first argument
// of the Write APIs and the second of Nt/ZwMapViewOfSection(section, process, ...).
bool is_remote_write(const EventView& ev) {
  if (!ev.is_api()) return false;
  if (ev.api_is_any({"WriteProcessMemory", "NtWriteVirtualMemory", "ZwWriteVirtualMemory"}))
    return !is_current_process_handle(ev.arg(0));
  if (ev.api_is_any({"NtMapViewOfSection", "ZwMapViewOfSection"})) return !is_current_process_handle(ev.arg(1));
  return false;
}

// Start address argument of a remote-thread API, or -1 when `ev` is not one
// (or targets the current process).
int remote_thread_start_arg(const EventView& ev) {
  if (!ev.is_api()) return -1;
  if (ev.api_is_any({"CreateRemoteThread", "CreateRemoteThreadEx"})) return is_current_process_handle(ev.arg(0)) ? -1 : 3;
  if (ev.api_is_any({"NtCreateThreadEx", "ZwCreateThreadEx"})) return is_current_process_handle(ev.arg(3)) ? -1 : 4;
  if (ev.api_is("RtlCreateUserThread")) return is_current_process_handle(ev.arg(0)) ? -1 : 6;
  return -1;
}

bool is_suspended_create(const EventView& ev) {
  if (!ev.is_api()) return false;
  std::optional<uint64_t> flags;
  if (ev.api_is_any({"CreateProcess", "CreateProcessAsUser"})) flags = ev.arg_uint(ev.api_is("CreateProcess") ? 5 : 6);
  else if (ev.api_is("CreateProcessInternal")) flags = ev.arg_uint(6);
  return flags && (*flags & kCreateSuspended);
}

bool is_set_context(const EventView& ev) {
  return ev.is_api() && ev.api_is_any({"SetThreadContext", "NtSetContextThread", "ZwSetContextThread",
                                       "Wow64SetThreadContext"});
}

bool is_resume(const EventView& ev) {
  return ev.is_api() && ev.api_is_any({"ResumeThread", "NtResumeThread", "ZwResumeThread", "NtAlertResumeThread"});
}

bool is_unmap(const EventView& ev) {
  return ev.is_api() && ev.api_is_any({"NtUnmapViewOfSection", "ZwUnmapViewOfSection", "NtUnmapViewOfSectionEx"});
}

bool is_apc_queue(const EventView& ev) {
  return ev.is_api() && ev.api_is_any({"QueueUserAPC", "QueueUserAPC2", "NtQueueApcThread", "NtQueueApcThreadEx",
                                       "ZwQueueApcThread"});
}

// Addresses of LoadLibrary that the guest looked up: a remote thread or an
// APC starting there loads a DLL into the target (T1055.001).
std::set<uint64_t> loadlibrary_addresses(const ReportView& r) {
  std::set<uint64_t> out;
  for (const EventView& ev : r.events())
    if (ev.is_api() && ev.api_is("GetProcAddress") && lower(ev.arg(1)).rfind("loadlibrary", 0) == 0)
      if (auto a = ev.ret_uint(); a && *a) out.insert(*a);
  return out;
}

// The first event of each kind in `seq`, in run order, as long as each one
// comes after the previous. Returns the events found (empty when the
// sequence is incomplete).
template <typename... Preds>
std::vector<const EventView*> find_sequence(const ReportView& r, Preds... preds) {
  std::vector<std::function<bool(const EventView&)>> steps{preds...};
  std::vector<const EventView*> found;
  for (const EventView& ev : r.events()) {
    if (found.size() == steps.size()) break;
    if (steps[found.size()](ev)) found.push_back(&ev);
  }
  if (found.size() != steps.size()) found.clear();
  return found;
}

}  // namespace

void detect_remote_thread_injection(const ReportView& r, const Settings&, Hit& hit) {
  // The engine's own finding: a thread started in another process.
  for (const EventView& ev : r.events())
    if (ev.kind == "thread_inject") {
      hit.add_signature("remote_thread_injection");
      hit.add_evidence(ev, "thread started in another process");
      hit.tags().add("dynamic.process.file_name", basename_of(ev.str("path")));
    }
  std::set<uint64_t> loadlibrary = loadlibrary_addresses(r);
  const EventView* write = nullptr;
  for (const EventView& ev : r.events()) {
    if (is_remote_write(ev)) {
      if (!write) write = &ev;
      continue;
    }
    int start_arg = remote_thread_start_arg(ev);
    if (start_arg < 0 || !write) continue;
    auto start = ev.arg_uint(size_t(start_arg));
    if (start && loadlibrary.count(*start)) {
      hit.add_signature("dll_injection");
      hit.add_attack_id("T1055.001");
      hit.add_evidence(*write, "wrote into another process");
      hit.add_evidence(ev, "remote thread starts at LoadLibrary");
    } else {
      hit.add_signature("remote_thread_injection");
      hit.add_evidence(*write, "wrote into another process");
      hit.add_evidence(ev, "started a thread in that process");
    }
  }
}

void detect_process_hollowing(const ReportView& r, const Settings&, Hit& hit) {
  auto with_unmap = find_sequence(r, is_suspended_create, is_unmap, is_remote_write, is_resume);
  auto with_context = find_sequence(r, is_suspended_create, is_remote_write, is_set_context, is_resume);
  for (const auto* seq : {&with_unmap, &with_context}) {
    if (seq->empty()) continue;
    hit.add_signature("process_hollowing");
    for (const EventView* ev : *seq) hit.add_evidence(*ev);
  }
  if (!hit.empty())
    if (std::string cmd = with_unmap.empty() ? with_context.front()->arg(1) : with_unmap.front()->arg(1);
        !cmd.empty() && !parse_uint(cmd))
      hit.tags().add("dynamic.process.command_line", cmd);
}

void detect_thread_hijacking(const ReportView& r, const Settings&, Hit& hit) {
  // Hollowing redirects a thread too; this is the case of a thread that was
  // already running (suspended first, not created suspended).
  auto is_suspend = [](const EventView& ev) {
    return ev.is_api() && ev.api_is_any({"SuspendThread", "NtSuspendThread", "Wow64SuspendThread"});
  };
  auto seq = find_sequence(r, is_suspend, is_remote_write, is_set_context, is_resume);
  if (seq.empty()) return;
  hit.add_signature("thread_hijacking");
  for (const EventView* ev : seq) hit.add_evidence(*ev);
}

void detect_apc_injection(const ReportView& r, const Settings&, Hit& hit) {
  std::set<uint64_t> loadlibrary = loadlibrary_addresses(r);
  const EventView* write = nullptr;
  const EventView* suspended = nullptr;
  for (const EventView& ev : r.events()) {
    if (is_remote_write(ev) && !write) write = &ev;
    if (is_suspended_create(ev) && !suspended) suspended = &ev;
    if (!is_apc_queue(ev) || !write) continue;
    // QueueUserAPC(routine, thread, data); NtQueueApcThread(thread, routine, ...)
    auto routine = ev.arg_uint(ev.api_is("QueueUserAPC") || ev.api_is("QueueUserAPC2") ? 0 : 1);
    hit.add_signature(suspended ? "early_bird_apc_injection" : "apc_injection");
    if (routine && loadlibrary.count(*routine)) hit.add_attack_id("T1055.001");
    if (suspended) hit.add_evidence(*suspended, "process created suspended");
    hit.add_evidence(*write, "wrote into another process");
    hit.add_evidence(ev, "queued an APC");
  }
}

}  // namespace emu::triage
