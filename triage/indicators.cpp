// Tags that describe the run without scoring it: mutexes, registry keys the
// program created or wrote, child processes. (Network tags come with
// heuristic 17, which fires on any network activity.)
#include "triage/detectors.h"

namespace emu::triage {

namespace {

std::string mutex_name(const EventView& ev) {
  if (!ev.is_api()) return {};
  std::string name;
  if (ev.api_is_any({"CreateMutex", "OpenMutex"})) name = ev.arg(2);   // (attrs, owner, name) / (access, inherit, name)
  else if (ev.api_is("CreateMutexEx")) name = ev.arg(1);               // (attrs, name, flags, access)
  if (name.empty() || parse_uint(name)) return {};                    // unnamed (NULL) or unreadable
  return name;
}

}  // namespace

TagSet collect_indicators(const ReportView& r) {
  TagSet tags;
  for (const EventView& ev : r.events()) {
    if (std::string m = mutex_name(ev); !m.empty()) tags.add("dynamic.mutex", m);
    if (ev.kind == "reg_create_key") {
      tags.add("dynamic.registry_key", ev.str("path"));
    } else if (ev.kind == "reg_write_value") {
      std::string v = ev.str("value_name");
      tags.add("dynamic.registry_key", v.empty() ? ev.str("path") : ev.str("path") + "\\" + v);
    } else if (ev.kind == "process_create") {
      tags.add("dynamic.process.command_line", ev.str("cmdline"));
      tags.add("dynamic.process.file_name", basename_of(ev.str("path")));
    }
  }
  return tags;
}

}  // namespace emu::triage
