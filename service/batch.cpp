#include "service/batch.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "service/input_file.h"
#include "service/run_file.h"

namespace emu::service {
namespace fs = std::filesystem;

namespace {
// One report name per input inside the output folder: NAME.json, and
// NAME.2.json, ... when two inputs share a file name.
std::vector<std::string> report_paths(const std::vector<std::string>& inputs, const std::string& dir) {
  std::map<std::string, int> seen;
  std::vector<std::string> out;
  for (const auto& in : inputs) {
    std::string base = fs::path(in).filename().string();
    int n = ++seen[base];
    out.push_back((fs::path(dir) / (n == 1 ? base + ".json" : base + "." + std::to_string(n) + ".json")).string());
  }
  return out;
}

FileOutcome run_guarded(const std::string& path, const Options& opts, const winapi::Config& cfg,
                        const triage::Settings& triage_settings, const std::string& report,
                        const std::atomic<bool>* cancel) {
  try {
    return run_file(path, opts, cfg, triage_settings, report, cancel);
  } catch (const std::exception& e) {
    FileOutcome o;
    o.path = path;
    o.code = kExitInternal;
    o.message = path + ": internal error: " + e.what();
    return o;
  }
}
}  // namespace

int run_inputs(const Options& opts, const winapi::Config& cfg, const triage::Settings& triage_settings,
               const std::atomic<bool>* cancel) {
  const std::vector<std::string> inputs = expand_inputs(opts.inputs);
  if (inputs.empty()) {
    std::cerr << "emulate: no files found in " << opts.inputs.front() << "\n";
    return kExitNoInputs;
  }
  const bool several = inputs.size() > 1;
  std::vector<std::string> reports(inputs.size());
  if (several) {
    const std::string dir = opts.output.value_or("emulate-reports");
    if (dir == "-") {
      std::cerr << "emulate: -o - takes a single input; give a folder for several\n";
      return kExitUsage;
    }
    reports = report_paths(inputs, dir);
  } else if (opts.output) {
    reports[0] = *opts.output;
  }

  unsigned jobs = opts.jobs ? opts.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, unsigned(inputs.size()));
  std::mutex out_mutex;
  std::atomic<size_t> next{0}, done{0};
  int worst = kExitRan;
  const auto start = std::chrono::steady_clock::now();

  auto worker = [&] {
    for (size_t i; (i = next++) < inputs.size();) {
      FileOutcome o = run_guarded(inputs[i], opts, cfg, triage_settings, reports[i], cancel);
      std::lock_guard lock(out_mutex);
      worst = std::max(worst, int(o.code));
      const size_t finished = ++done;
      if (o.code != kExitRan && o.summary.empty()) std::cerr << "emulate: " << o.message << "\n";
      if (!o.report_text.empty()) std::cout << o.report_text << "\n";
      if (!opts.quiet && !o.summary.empty() && !(reports[i] == "-")) {
        std::cout << o.summary;
        if (!reports[i].empty()) std::cout << "report:    " << reports[i] << "\n";
        else std::cout << "report:    not written (-o FILE to keep it, -o - for stdout)\n";
        std::cout << "\n";
      }
      if (several) {
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(stderr, "[%zu/%zu %.1fs] %s: %s\n", finished, inputs.size(), secs, inputs[i].c_str(),
                     o.code == kExitRan ? "ok" : o.message.c_str());
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return worst;
}

}  // namespace emu::service
