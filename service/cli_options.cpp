#include "service/cli_options.h"

#include <charconv>
#include <cmath>

namespace emu::service {
namespace {

uint64_t parse_unsigned(const std::string& opt, const std::string& v) {
  std::string_view d = v;
  int base = 10;
  if (d.size() > 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) { d.remove_prefix(2); base = 16; }
  uint64_t out = 0;
  auto [p, ec] = std::from_chars(d.data(), d.data() + d.size(), out, base);
  if (d.empty() || ec != std::errc() || p != d.data() + d.size())
    throw UsageError(opt + ": expected a non-negative number, got '" + v + "'");
  return out;
}

int64_t parse_limit(const std::string& opt, const std::string& v) {
  if (v == "-1") return -1;
  uint64_t n = parse_unsigned(opt, v);
  if (n > uint64_t(INT64_MAX)) throw UsageError(opt + ": number too large");
  return int64_t(n);
}

}  // namespace

Options parse_options(const std::vector<std::string>& args) {
  Options o;
  auto value = [&](size_t& i) -> const std::string& {
    if (i + 1 >= args.size()) throw UsageError(args[i] + " needs a value");
    return args[++i];
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") o.help = true;
    else if (a == "--version") o.version = true;
    else if (a == "-o" || a == "--output") o.output = value(i);
    else if (a == "--raw") o.raw = true;
    else if (a == "--arch") {
      o.arch = value(i);
      if (o.arch == "amd64" || o.arch == "x86_64") o.arch = "x64";
      if (o.arch == "i386") o.arch = "x86";
      if (o.arch != "x86" && o.arch != "x64") throw UsageError("--arch: expected x86 or x64, got '" + o.arch + "'");
    } else if (a == "--raw-offset") o.raw_offset = parse_unsigned(a, value(i));
    else if (a == "--config") o.config_path = value(i);
    else if (a == "--profile") {
      o.profile = value(i);
      if (o.profile != "default" && o.profile != "speakeasy-test")
        throw UsageError("--profile: expected default or speakeasy-test, got '" + o.profile + "'");
    } else if (a == "--argv") {
      // Everything up to the next option (or "--") is an argument for the guest.
      std::vector<std::string> guest;
      while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) guest.push_back(args[++i]);
      if (i + 1 < args.size() && args[i + 1] == "--") ++i;
      o.argv = guest;
    } else if (a == "--timeout") {
      const std::string& v = value(i);
      char* end = nullptr;
      double t = std::strtod(v.c_str(), &end);
      if (end == v.c_str() || *end || !std::isfinite(t) || t <= 0)
        throw UsageError("--timeout: expected a positive number of seconds, got '" + v + "'");
      o.timeout = t;
    } else if (a == "--max-api-count") o.max_api_count = parse_limit(a, value(i));
    else if (a == "--max-instructions") o.max_instructions = parse_limit(a, value(i));
    else if (a == "--dump-dir") o.dump_dir = value(i);
    else if (a == "--no-exports") o.no_exports = true;
    else if (a == "--exports") {
      while (i + 1 < args.size() && args[i + 1].rfind("-", 0) != 0) o.exports.push_back(args[++i]);
      if (o.exports.empty()) throw UsageError("--exports needs at least one export name");
    } else if (a == "-q" || a == "--quiet") o.quiet = true;
    else if (a == "-j" || a == "--jobs") {
      uint64_t n = parse_unsigned(a, value(i));
      if (n == 0 || n > 256) throw UsageError("--jobs: expected 1 to 256");
      o.jobs = unsigned(n);
    } else if (a == "--max-file-size") o.max_file_size = parse_unsigned(a, value(i));
    else if (a == "--") {
      while (++i < args.size()) o.inputs.push_back(args[i]);
    } else if (a.size() > 1 && a[0] == '-') throw UsageError("unknown option '" + a + "' (see --help)");
    else o.inputs.push_back(a);
  }
  if (o.help || o.version) return o;
  if (o.inputs.empty()) throw UsageError("no input file given (see --help)");
  if (o.no_exports && !o.exports.empty()) throw UsageError("--no-exports and --exports exclude each other");
  return o;
}

const char* help_text() {
  return R"(Usage: emulate [options] FILE|DIR...

Emulates a Windows executable, DLL, kernel driver or raw shellcode (x86 or
x64) without running it, and reports what it would do: API calls, files,
registry, network, memory, unpacked code. The report is JSON in Speakeasy's
report format (version 3.0.0), with a "triage" key holding heuristic hits.

Input and output:
  -o, --output PATH      write the JSON report to PATH ('-' for stdout). With
                         several inputs or a directory, PATH is a folder that
                         receives one NAME.json per input (default
                         ./emulate-reports).
      --dump-dir DIR     write unpacked code (dynamic code segments) and
                         dropped files to DIR, listed in DIR/index.json
  -q, --quiet            no human summary on stdout
  -j, --jobs N           emulate N files at once (default: one per core)
      --max-file-size N  reject inputs over N bytes unread (default 268435456)

What to run:
      --raw              treat the input as shellcode, not a PE
      --arch x86|x64     architecture of raw shellcode (default x86)
      --raw-offset N     start shellcode at byte offset N (hex with 0x)
      --argv ARG... [--] arguments for the emulated program's command line
      --no-exports       for DLLs: run DllMain only, not each export
      --exports NAME...  for DLLs: run only these exports

Settings and limits (each ends the run with a named error, report intact):
      --config FILE      emulation profile in Speakeasy's config format (0.2)
      --profile NAME     built-in profile: default, or speakeasy-test (host
                         "mybox", user "user", unknown files read as 0x90)
      --timeout S        wall-clock seconds per file (default 60)
      --max-api-count N  API calls per run (default 10000; -1 no limit)
      --max-instructions N  instructions per run (default no limit)

  -h, --help             this text
      --version          the emulator's version

Exit codes:
  0   emulation ran (whatever the sample did; see the report's errors)
  2   usage error: bad option or bad --config (the message names the key)
  3   input missing or unreadable
  4   input empty
  5   input not loadable: not a PE without --raw, or rejected by the loader
  6   input larger than --max-file-size
  7   a directory with no files in it
  70  internal error in the emulator
With several inputs the exit code is the largest of theirs.

Examples:
  emulate sample.exe                      summary only
  emulate -o report.json --dump-dir out sample.exe
  emulate --raw --arch x64 -o - payload.bin
  emulate -j 2 -o reports/ samples/
)";
}

}  // namespace emu::service
