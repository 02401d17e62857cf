// Debugger checks (13, T1622) and sandbox / virtual machine checks (14,
// T1497 with .001 system checks and .003 time-based evasion).
#include <algorithm>
#include <array>
#include <cctype>

#include "triage/detectors.h"

namespace emu::triage {

namespace {

constexpr uint64_t kProcessDebugPort = 7, kProcessDebugObjectHandle = 0x1e, kProcessDebugFlags = 0x1f;
constexpr uint64_t kThreadHideFromDebugger = 0x11;
constexpr uint64_t kSystemKernelDebuggerInformation = 0x23;

// Window classes / titles of common debuggers.
constexpr std::array kDebuggerWindows = {"OLLYDBG", "WinDbgFrameClass", "ID", "Zeta Debugger", "Rock Debugger",
                                         "ObsidianGUI", "x32dbg", "x64dbg", "Immunity Debugger"};

// Names whose presence betrays a virtual machine or an analysis sandbox, as
// registry keys, files, devices or modules.
constexpr std::array kVmArtefacts = {
    "vmware",        "vbox",           "virtualbox",   "vmtools",      "vmmouse",      "vmhgfs",
    "vmci",          "vmx_svga",       "qemu",         "xen",          "sbiedll",      "sandboxie",
    "cuckoomon",     "api_log.dll",    "dir_watch.dll", "pstorec.dll", "vmcheck.dll",  "wpespy.dll",
    "snxhk.dll",     "cmdvrt32.dll",   "avghookx.dll", "\\software\\wine", "virtual machine\\guest\\parameters",
    "hardware\\acpi\\dsdt\\vbox__"};

bool names_vm_artefact(std::string_view s) {
  if (s.empty()) return false;
  std::string l = lower(s);
  for (const char* a : kVmArtefacts) {
    std::string_view art(a);
    size_t at = l.find(art);
    if (at == std::string::npos) continue;
    // "xen" and "vbox" are short: require them as a name, not inside a word.
    if (art.size() <= 4) {
      bool left_ok = at == 0 || !std::isalpha(static_cast<unsigned char>(l[at - 1]));
      if (!left_ok) continue;
    }
    return true;
  }
  return false;
}

// The name a registry / file / module probe looks at, or "".
std::string probed_name(const EventView& ev) {
  if (ev.kind == "reg_open_key" || ev.kind == "reg_read_value" || ev.kind == "reg_list_subkeys" ||
      ev.kind == "file_open" || ev.kind == "file_create")
    return ev.str("path");
  if (!ev.is_api()) return {};
  if (ev.api_is_any({"GetModuleHandle", "GetModuleHandleEx", "LoadLibrary", "LoadLibraryEx", "GetFileAttributes",
                     "CreateFile", "FindFirstFile", "PathFileExists"}))
    return ev.api_is("GetModuleHandleEx") ? ev.arg(1) : ev.arg(0);
  if (ev.api_is_any({"RegOpenKey", "RegOpenKeyEx", "RegQueryValueEx", "SHGetValue", "RegGetValue"}))
    return ev.arg(1);
  return {};
}

}  // namespace

void detect_debugger_checks(const ReportView& r, const Settings&, Hit& hit) {
  for (const EventView& ev : r.events()) {
    if (!ev.is_api()) continue;
    std::string sig;
    if (ev.api_is("IsDebuggerPresent")) {
      sig = "IsDebuggerPresent";
    } else if (ev.api_is("CheckRemoteDebuggerPresent")) {
      sig = "CheckRemoteDebuggerPresent";
    } else if (ev.api_is_any({"NtQueryInformationProcess", "ZwQueryInformationProcess"})) {
      auto cls = ev.arg_uint(1);
      if (cls && (*cls == kProcessDebugPort || *cls == kProcessDebugObjectHandle || *cls == kProcessDebugFlags))
        sig = "debug_information_query";
    } else if (ev.api_is_any({"NtSetInformationThread", "ZwSetInformationThread"})) {
      if (ev.arg_uint(1) == kThreadHideFromDebugger) sig = "hide_thread_from_debugger";
    } else if (ev.api_is_any({"NtQuerySystemInformation", "ZwQuerySystemInformation"})) {
      if (ev.arg_uint(0) == kSystemKernelDebuggerInformation) sig = "kernel_debugger_query";
    } else if (ev.api_is_any({"FindWindow", "FindWindowEx"})) {
      bool ex = ev.api_is("FindWindowEx");
      for (std::string s : {ev.arg(ex ? 2 : 0), ev.arg(ex ? 3 : 1)})
        for (const char* w : kDebuggerWindows)
          if (!s.empty() && iequals(s, w)) sig = "debugger_window";
    }
    if (sig.empty()) continue;
    hit.add_signature(sig);
    hit.add_evidence(ev, "debugger check: " + sig);
  }
}

void detect_sandbox_checks(const ReportView& r, const Settings&, Hit& hit) {
  constexpr uint64_t kLongSleepMs = 60'000, kInfinite = 0xffffffff;
  uint64_t total_sleep = 0;
  std::vector<const EventView*> sleeps;
  for (const EventView& ev : r.events()) {
    std::string name = probed_name(ev);
    if (names_vm_artefact(name) && !parse_uint(name)) {
      hit.add_signature("vm_artefact_probe");
      hit.add_attack_id("T1497.001");
      hit.add_evidence(ev, "looked for " + name);
      continue;
    }
    if (!ev.is_api()) continue;
    if (ev.api_is("GetProcAddress") && iequals(ev.arg(1), "wine_get_unix_file_name")) {
      hit.add_signature("wine_detection");
      hit.add_attack_id("T1497.001");
      hit.add_evidence(ev, "looked for Wine's wine_get_unix_file_name");
    } else if (ev.api_is_any({"Sleep", "SleepEx"})) {
      auto ms = ev.arg_uint(0);
      if (!ms || *ms == kInfinite) continue;  // parking a thread forever is not stalling
      total_sleep += *ms;
      sleeps.push_back(&ev);
    }
  }
  // Stalling: sleeping longer than a sandbox usually waits.
  if (total_sleep >= kLongSleepMs) {
    hit.add_signature("long_sleep");
    hit.add_attack_id("T1497.003");
    // The longest sleeps first: they are the ones that stall.
    std::stable_sort(sleeps.begin(), sleeps.end(), [](const EventView* a, const EventView* b) {
      return a->arg_uint(0).value_or(0) > b->arg_uint(0).value_or(0);
    });
    std::string why = "slept " + std::to_string(total_sleep / 1000) + " s in " + std::to_string(sleeps.size()) + " calls";
    for (const EventView* ev : sleeps) hit.add_evidence(*ev, why);
  }
}

}  // namespace emu::triage
