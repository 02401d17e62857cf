// Child processes: the Windows command shell (22, T1059.003).
#include "triage/detectors.h"

namespace emu::triage {

std::string process_command(const EventView& ev) {
  if (ev.kind == "process_create") return ev.str("cmdline").empty() ? ev.str("path") : ev.str("cmdline");
  if (!ev.is_api()) return {};
  auto readable = [](const std::string& s) { return !s.empty() && !parse_uint(s); };
  if (ev.api_is_any({"CreateProcess", "CreateProcessAsUser", "CreateProcessWithLogon"})) {
    size_t app = ev.api_is("CreateProcess") ? 0 : ev.api_is("CreateProcessAsUser") ? 1 : 4;
    if (readable(ev.arg(app + 1))) return ev.arg(app + 1);
    return readable(ev.arg(app)) ? ev.arg(app) : "";
  }
  if (ev.api_is("WinExec") || iequals(ev.function, "system") || iequals(ev.function, "_wsystem"))
    return readable(ev.arg(0)) ? ev.arg(0) : "";
  if (ev.api_is("ShellExecute")) {
    if (!readable(ev.arg(2))) return {};
    return readable(ev.arg(3)) ? ev.arg(2) + " " + ev.arg(3) : ev.arg(2);
  }
  return {};
}

namespace {

// The program a command line runs: its first token, quotes removed.
std::string program_of(std::string_view cmd) {
  while (!cmd.empty() && cmd.front() == ' ') cmd.remove_prefix(1);
  if (cmd.empty()) return {};
  if (cmd.front() == '"') {
    cmd.remove_prefix(1);
    return std::string(cmd.substr(0, cmd.find('"')));
  }
  return std::string(cmd.substr(0, cmd.find(' ')));
}

}  // namespace

void detect_command_shell(const ReportView& r, const Settings&, Hit& hit) {
  for (const EventView& ev : r.events()) {
    std::string cmd = process_command(ev);
    if (cmd.empty()) continue;
    std::string prog = lower(basename_of(ev.kind == "process_create" && !ev.str("path").empty() ? ev.str("path")
                                                                                                : program_of(cmd)));
    // system() always runs the shell.
    bool shell = prog == "cmd.exe" || prog == "cmd" || iequals(ev.function, "system") || iequals(ev.function, "_wsystem");
    if (!shell) continue;
    hit.add_signature("cmd_shell");
    hit.add_evidence(ev, "runs the command shell");
    hit.tags().add("dynamic.process.command_line", cmd);
    hit.tags().add("dynamic.process.file_name", "cmd.exe");
  }
}

}  // namespace emu::triage
