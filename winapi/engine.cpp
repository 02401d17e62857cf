#include "winapi/engine.h"

#include <chrono>

#include "winapi/core/text.h"
#include "winapi/report/report.h"
#include "winapi/runtime/session.h"

namespace emu::winapi {

namespace {

std::string base_name(const std::string& path) {
  const size_t s = path.find_last_of("/\\");
  return s == std::string::npos ? path : path.substr(s + 1);
}

loader::LoadOptions load_options(const Input& in, const Config& cfg, bool is_shellcode) {
  loader::LoadOptions o;
  auto& e = o.env;
  std::string image = "C:\\Windows\\system32\\svchost.exe";
  for (const auto& p : cfg.processes)
    if (p.is_main_exe && !p.path.empty()) image = p.path;
  if (!is_shellcode && !in.path.empty()) {
    const std::string name = base_name(in.path);
    if (!name.empty()) image = "C:\\Windows\\system32\\" + name;
  }
  e.image_path = image;
  if (cfg.argv) {
    std::string cl = image.find(' ') != std::string::npos ? "\"" + image + "\"" : image;
    for (const auto& a : *cfg.argv) cl += " " + (a.find(' ') != std::string::npos ? "\"" + a + "\"" : a);
    e.command_line = cl;
  } else if (!cfg.command_line.empty()) {
    e.command_line = cfg.command_line;
  } else {
    e.command_line = "\"" + image + "\"";
  }
  e.current_dir = cfg.current_dir;
  e.user = cfg.user_name;
  e.computer_name = cfg.hostname;
  e.domain = cfg.domain;
  e.env_vars.clear();
  for (const auto& [k, v] : cfg.env) e.env_vars.emplace_back(k, v);
  e.os_major = cfg.os_major;
  e.os_minor = cfg.os_minor;
  e.os_build = cfg.os_build;
  o.raw_offset = in.raw_offset;
  o.raw_arch = in.raw_arch;
  if (cfg.stack_size) o.stack_size = cfg.stack_size;
  return o;
}

}  // namespace

Result emulate(const Input& in, const Config& cfg, const std::atomic<bool>* cancel) {
  const auto t0 = std::chrono::steady_clock::now();
  Result res;
  if (in.bytes.empty()) {
    res.load_error = "load_error: empty input";
  } else if (!in.raw && !loader::looks_like_pe(in.bytes)) {
    res.load_error = "load_error: not a PE (use raw mode for shellcode)";
  }
  std::unique_ptr<loader::Process> proc;
  const bool shellcode = in.raw;
  if (!res.load_error) {
    try {
      const auto opts = load_options(in, cfg, shellcode);
      proc = shellcode ? loader::load_shellcode(in.bytes, opts) : loader::load_pe(in.bytes, opts);
    } catch (const loader::LoadError& e) {
      res.load_error = e.what();
    } catch (const std::exception& e) {
      res.load_error = std::string("load_error: ") + e.what();
    }
  }
  if (res.load_error) {
    res.report = report_header(in);
    res.report["errors"] = boost::json::array{boost::json::object{{"type", "load_error"}, {"context_summary", *res.load_error}}};
    return res;
  }

  const auto& main = proc->main_module();
  std::string filetype = shellcode ? "shellcode" : main.is_driver ? "driver" : main.is_dll ? "dll" : "exe";
  std::vector<loader::EntryPoint> eps;
  for (auto& ep : proc->entry_points()) {
    if (ep.type.rfind("export.", 0) == 0) {
      if (!in.run_exports) continue;
      if (!in.exports.empty()) {
        bool wanted = false;
        for (auto& n : in.exports) if (n == ep.export_name || "export." + n == ep.type) wanted = true;
        if (!wanted) continue;
      }
    }
    eps.push_back(ep);
  }

  Session s(cfg, *proc, cancel);
  // The program's own file is on disk: programs read themselves.
  if (!shellcode) s.vfs.add_existing(s.image_path, in.bytes);
  try {
    s.run_all(eps, main.is_driver);
  } catch (const std::exception& e) {
    s.errors.push_back(boost::json::object{{"type", "internal_error"}, {"context_summary", e.what()}});
  }
  ReportInputs ri;
  ri.input = &in;
  ri.filetype = filetype;
  ri.runtime_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  res.report = build_report(s, ri, res.artifacts);
  return res;
}

}  // namespace emu::winapi
