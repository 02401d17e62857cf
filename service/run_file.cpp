#include "service/run_file.h"

#include <filesystem>
#include <fstream>

#include "loader/loader.h"
#include "service/artifact_dump.h"
#include "service/input_file.h"
#include "service/report_size.h"
#include "service/summary.h"
#include "triage/triage.h"
#include "winapi/engine.h"

namespace emu::service {
namespace fs = std::filesystem;

namespace {
void write_text(const std::string& path, const std::string& text) {
  const fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text << "\n";
  out.close();
  if (!out) throw std::runtime_error("cannot write report to " + path);
}
}  // namespace

FileOutcome run_file(const std::string& path, const Options& opts, const winapi::Config& cfg,
                     const triage::Settings& triage_settings, const std::string& report_path,
                     const std::atomic<bool>* cancel) {
  FileOutcome out;
  out.path = path;
  winapi::Input in;
  try {
    in.bytes = read_input_file(path, opts.max_file_size);
  } catch (const InputRejected& e) {
    out.code = e.code;
    out.message = e.what();
    return out;
  }
  if (!opts.raw && !loader::looks_like_pe(in.bytes)) {
    out.code = kExitNotLoadable;
    out.message = path + ": not a PE file (use --raw --arch x86|x64 for shellcode)";
    return out;
  }
  in.path = path;
  in.raw = opts.raw;
  in.raw_arch = opts.arch == "x64" ? loader::Arch::X64 : loader::Arch::X86;
  in.raw_offset = opts.raw_offset;
  in.run_exports = !opts.no_exports;
  in.exports = opts.exports;

  winapi::Result result = winapi::emulate(in, cfg, cancel);
  boost::json::object& report = result.report;
  report["triage"] = triage::evaluate(report, triage_settings);
  if (opts.dump_dir && !result.artifacts.empty()) {
    const DumpResult d = dump_artifacts(result.artifacts, *opts.dump_dir, fs::path(path).filename().string(),
                                        cfg.max_dump_bytes);
    if (d.truncated) {
      auto& limits = report["limits_hit"];
      if (!limits.is_array()) limits = boost::json::array();
      limits.get_array().push_back(boost::json::string("max_dump_bytes"));
    }
  }
  out.report_text = serialize_within(report, cfg.max_report_bytes);
  if (report_path != "-") {
    if (!report_path.empty()) write_text(report_path, out.report_text);
    out.report_text.clear();
  }
  out.summary = human_summary(report);
  if (result.load_error) {
    out.code = kExitNotLoadable;
    out.message = path + ": " + *result.load_error;
  } else {
    out.message = "ok";
  }
  return out;
}

}  // namespace emu::service
