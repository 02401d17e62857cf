// The `emulate` command: see `emulate --help`.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "service/batch.h"
#include "service/cli_options.h"
#include "service/config_file.h"
#include "service/exit_codes.h"
#include "winapi/engine.h"

namespace {
std::atomic<bool> g_cancel{false};
extern "C" void on_interrupt(int) { g_cancel = true; }
}  // namespace

int main(int argc, char** argv) {
  using namespace emu::service;
  try {
    Options opts = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (opts.help) {
      std::cout << help_text();
      return kExitRan;
    }
    if (opts.version) {
      std::cout << "emulate " << EMU_VERSION << "\n";
      return kExitRan;
    }
    emu::winapi::Config cfg =
        opts.profile == "speakeasy-test" ? emu::winapi::speakeasy_test_profile() : emu::winapi::default_config();
    emu::triage::Settings triage_settings = emu::triage::default_settings();
    if (opts.config_path) apply_config_file(*opts.config_path, cfg, &triage_settings);
    if (opts.timeout) cfg.timeout_seconds = *opts.timeout;
    if (opts.max_api_count) cfg.max_api_count = *opts.max_api_count;
    if (opts.max_instructions) cfg.max_instructions = *opts.max_instructions;
    if (opts.argv) cfg.argv = *opts.argv;
    // Ctrl-C ends the runs in progress cleanly: their reports are still written.
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    const int code = run_inputs(opts, cfg, triage_settings, &g_cancel);
    // Every report is written and every worker joined. Leave without running
    // static destructors: they only free caches (decoy templates, export
    // lists, the API table) that the process is about to drop anyway, and
    // that is measurable in a command that runs for milliseconds.
    // (A sanitizer build returns normally, so the leak check still runs.)
#if defined(__SANITIZE_ADDRESS__)
    return code;
#else
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
#endif
  } catch (const UsageError& e) {
    std::cerr << "emulate: " << e.what() << "\n";
    return kExitUsage;
  } catch (const ConfigError& e) {
    std::cerr << "emulate: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "emulate: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}
