// Persistence: Run keys and Startup folders (15, T1547.001), services (16,
// T1543.003).
#include <array>

#include "triage/detectors.h"

namespace emu::triage {

namespace {

bool is_run_key(std::string_view path) {
  std::string l = lower(path);
  return l.find("\\currentversion\\run") != std::string::npos ||             // Run, RunOnce, RunOnceEx, RunServices
         l.find("\\policies\\explorer\\run") != std::string::npos;
}

bool is_winlogon_value(std::string_view path, std::string_view value) {
  return icontains(path, "\\currentversion\\winlogon") && (iequals(value, "Shell") || iequals(value, "Userinit"));
}

bool is_service_key(std::string_view path) {
  std::string l = lower(path);
  for (const char* set : {"\\currentcontrolset\\services\\", "\\controlset001\\services\\", "\\controlset002\\services\\"}) {
    size_t at = l.find(set);
    if (at != std::string::npos && at + std::string_view(set).size() < l.size()) return true;
  }
  return false;
}

// Registry writes: the engine's reg_* events carry the key path; API calls
// name the sub key relative to a handle, so they are read from
// RegCreateKeyEx / RegOpenKeyEx paths.
struct RegWrite {
  const EventView* ev;
  std::string path;
  std::string value;
};

std::vector<RegWrite> registry_writes(const ReportView& r) {
  std::vector<RegWrite> out;
  for (const EventView& ev : r.events()) {
    if (ev.kind == "reg_write_value" || ev.kind == "reg_create_key") {
      out.push_back({&ev, ev.str("path"), ev.str("value_name")});
    } else if (ev.is_api() && ev.api_is_any({"RegCreateKey", "RegCreateKeyEx", "SHSetValue", "RegSetKeyValue"})) {
      out.push_back({&ev, ev.arg(1), ev.api_is_any({"SHSetValue", "RegSetKeyValue"}) ? ev.arg(2) : ""});
    }
  }
  return out;
}

}  // namespace

void detect_run_key_persistence(const ReportView& r, const Settings&, Hit& hit) {
  for (const RegWrite& w : registry_writes(r)) {
    if (!is_run_key(w.path) && !is_winlogon_value(w.path, w.value)) continue;
    hit.add_signature(is_run_key(w.path) ? "registry_run_key" : "winlogon_value");
    hit.add_evidence(*w.ev, "autorun registry location");
    hit.tags().add("dynamic.autorun_location", w.path);
    hit.tags().add("dynamic.registry_key", w.value.empty() ? w.path : w.path + "\\" + w.value);
    hit.tags().add("technique.persistence", "Registry Run key");
  }
  for (const EventView& ev : r.events()) {
    std::string path;
    if (ev.kind == "file_create" || ev.kind == "file_write") path = ev.str("path");
    if (!path.empty() && icontains(path, "\\start menu\\programs\\startup\\")) {
      hit.add_signature("startup_folder");
      hit.add_evidence(ev, "file placed in a Startup folder");
      hit.tags().add("dynamic.autorun_location", path);
      hit.tags().add("technique.persistence", "Startup folder");
    }
    std::string cmd = process_command(ev);
    if (!cmd.empty() && icontains(cmd, "reg") && icontains(cmd, " add ") && is_run_key(cmd)) {
      hit.add_signature("registry_run_key_command");
      hit.add_evidence(ev, "command writes a Run key");
      hit.tags().add("dynamic.process.command_line", cmd);
      hit.tags().add("technique.persistence", "Registry Run key");
    }
  }
}

void detect_service_persistence(const ReportView& r, const Settings&, Hit& hit) {
  for (const EventView& ev : r.events()) {
    if (ev.is_api() && ev.api_is("CreateService")) {
      // CreateService(scm, name, display name, access, type, start, error control, binary path, ...)
      hit.add_signature("create_service");
      hit.add_evidence(ev, "service " + ev.arg(1) + " created");
      hit.tags().add("technique.persistence", "Windows service");
      continue;
    }
    std::string cmd = process_command(ev);
    if (!cmd.empty() && (icontains(cmd, "sc create") || icontains(cmd, "sc.exe create") ||
                         icontains(cmd, "new-service"))) {
      hit.add_signature("create_service_command");
      hit.add_evidence(ev, "command creates a service");
      hit.tags().add("dynamic.process.command_line", cmd);
      hit.tags().add("technique.persistence", "Windows service");
    }
  }
  for (const RegWrite& w : registry_writes(r)) {
    if (!is_service_key(w.path)) continue;
    // A service key with an ImagePath / ServiceDll, or a new key under Services.
    bool defines = iequals(w.value, "ImagePath") || iequals(w.value, "ServiceDll") || w.ev->kind == "reg_create_key";
    if (!defines) continue;
    hit.add_signature("service_registry_key");
    hit.add_evidence(*w.ev, "service definition in the registry");
    hit.tags().add("dynamic.registry_key", w.value.empty() ? w.path : w.path + "\\" + w.value);
    hit.tags().add("technique.persistence", "Windows service");
  }
}

}  // namespace emu::triage
