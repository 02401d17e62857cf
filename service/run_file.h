// Emulates one input end to end: read it (size-checked), load and run it,
// add the triage verdict, keep the report within its size limit, write the
// report and the dumps, and build the human summary.
#pragma once

#include <atomic>
#include <string>

#include "service/cli_options.h"
#include "service/exit_codes.h"
#include "triage/triage.h"
#include "winapi/config.h"

namespace emu::service {

struct FileOutcome {
  std::string path;
  ExitCode code = kExitRan;
  std::string message;       // one line: "ok", or why the input was rejected
  std::string summary;       // human summary (empty when rejected before emulation)
  std::string report_text;   // serialized report (when asked for on stdout)
};

// report_path: where to write the report ("" for nowhere, "-" keeps it in
// report_text for the caller to print).
FileOutcome run_file(const std::string& path, const Options& opts, const winapi::Config& cfg,
                     const triage::Settings& triage_settings, const std::string& report_path,
                     const std::atomic<bool>* cancel = nullptr);

}  // namespace emu::service
