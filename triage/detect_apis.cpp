// Heuristics over API usage: suspicious DLLs (3), GetProcAddress count (4),
// suspicious APIs (5).
#include <map>

#include "triage/detectors.h"

namespace emu::triage {

namespace {

// "c:\\windows\\system32\\WS2_32" -> "ws2_32.dll"
std::string dll_key(std::string_view name) {
  std::string b = lower(basename_of(name));
  while (!b.empty() && (b.back() == ' ' || b.back() == '"')) b.pop_back();
  if (b.find('.') == std::string::npos) b += ".dll";
  return b;
}

// The DLL a load event or LoadLibrary-family call names, "" for others.
std::string loaded_dll(const EventView& ev) {
  if (ev.kind == "module_load") {
    std::string n = ev.str("name");
    return n.empty() ? ev.str("path") : n;
  }
  if (!ev.is_api()) return {};
  if (ev.api_is_any({"LoadLibrary", "LoadLibraryEx", "LoadPackagedLibrary"})) return ev.arg(0);
  if (ev.api_is_any({"LdrLoadDll"})) return ev.arg(2);  // the UNICODE_STRING, when the engine renders it
  return {};
}

}  // namespace

void detect_suspicious_dll(const ReportView& r, const Settings& s, Hit& hit) {
  std::map<std::string, std::string> wanted;  // key -> name as configured
  for (const std::string& d : s.sus_dlls) wanted.emplace(dll_key(d), d);
  for (const EventView& ev : r.events()) {
    std::string name = loaded_dll(ev);
    if (name.empty() || parse_uint(name)) continue;  // a pointer the engine could not read
    auto it = wanted.find(dll_key(name));
    if (it == wanted.end()) continue;
    hit.add_signature("suspicious_dll:" + it->first);
    hit.add_evidence(ev, "loads " + it->second);
  }
}

void detect_getprocaddress_count(const ReportView& r, const Settings& s, Hit& hit) {
  std::vector<const EventView*> calls;
  for (const EventView& ev : r.events())
    if (ev.is_api() && ev.api_is_any({"GetProcAddress", "LdrGetProcedureAddress", "LdrGetProcedureAddressEx"}))
      calls.push_back(&ev);
  int threshold = s.getprocaddr_threshold < 1 ? 1 : s.getprocaddr_threshold;
  if (calls.size() < size_t(threshold)) return;
  hit.add_signature("getprocaddress_calls");
  std::string why = std::to_string(calls.size()) + " GetProcAddress calls (threshold " + std::to_string(threshold) + ")";
  for (const EventView* ev : calls) hit.add_evidence(*ev, why);
}

void detect_suspicious_api(const ReportView& r, const Settings& s, Hit& hit) {
  std::map<std::string, int> seen;  // a few calls of each API, so one busy API does not hide the others
  for (const EventView& ev : r.events()) {
    if (!ev.is_api()) continue;
    for (const std::string& api : s.sus_apis) {
      if (!ev.api_is(api)) continue;
      hit.add_signature("suspicious_api:" + api);
      if (++seen[api] <= 3)
        hit.add_evidence(ev, "suspicious API " + api);
      else
        hit.omit();
      break;
    }
  }
}

}  // namespace emu::triage
