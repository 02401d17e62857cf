// The `emulate` command line: options, their parsing and the --help text.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace emu::service {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::vector<std::string> inputs;
  std::optional<std::string> output;      // report path, "-" for stdout; a folder with several inputs
  bool raw = false;
  std::string arch = "x86";               // with --raw
  uint64_t raw_offset = 0;
  std::optional<std::string> config_path;
  std::string profile = "default";        // "default" or "speakeasy-test"
  std::optional<std::vector<std::string>> argv;
  std::optional<double> timeout;
  std::optional<int64_t> max_api_count;
  std::optional<int64_t> max_instructions;
  std::optional<std::string> dump_dir;
  bool no_exports = false;
  std::vector<std::string> exports;
  bool quiet = false;
  unsigned jobs = 0;                      // 0: one per core
  uint64_t max_file_size = 256ull << 20;
  bool help = false;
  bool version = false;
};

// Throws UsageError with a one-line message.
Options parse_options(const std::vector<std::string>& args);
const char* help_text();

}  // namespace emu::service
