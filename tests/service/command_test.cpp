// The emulate command as a user meets it: help, version, and a one-line
// error with its own documented exit code for each kind of bad input.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "run_command.h"
#include "service/exit_codes.h"

namespace fs = std::filesystem;
using namespace emu::service;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    char t[] = "/tmp/emu-test-XXXXXX";
    path = mkdtemp(t);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name, const std::string& content) const {
    std::ofstream(path / name, std::ios::binary) << content;
    return (path / name).string();
  }
};

bool one_line(const std::string& s) { return !s.empty() && s.find('\n') == s.size() - 1; }
}  // namespace

BOOST_AUTO_TEST_SUITE(command)

BOOST_AUTO_TEST_CASE(help_teaches_usage_and_exit_codes) {
  CommandResult r = run_command(emulate_bin(), {"--help"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.find("Usage: emulate") != std::string::npos);
  BOOST_TEST(r.out.find("Exit codes:") != std::string::npos);
  BOOST_TEST(r.out.find("--raw") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(version_prints_one_line) {
  CommandResult r = run_command(emulate_bin(), {"--version"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.rfind("emulate ", 0) == 0u);
  BOOST_TEST(one_line(r.out));
}

BOOST_AUTO_TEST_CASE(usage_errors) {
  CommandResult r = run_command(emulate_bin(), {});
  BOOST_TEST(r.exit_code == int(kExitUsage));
  BOOST_TEST(one_line(r.err));
  r = run_command(emulate_bin(), {"--frobnicate", "x"});
  BOOST_TEST(r.exit_code == int(kExitUsage));
  BOOST_TEST(r.err.find("--frobnicate") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_config_names_the_key) {
  TempDir d;
  const std::string cfg = d.file("c.json", R"({"network": {"dns": {"bogus": 1}}})");
  const std::string in = d.file("x.bin", "\x90\xc3");
  CommandResult r = run_command(emulate_bin(), {"--config", cfg, "--raw", in});
  BOOST_TEST(r.exit_code == int(kExitUsage));
  BOOST_TEST(r.err.find("network.dns.bogus") != std::string::npos);
  BOOST_TEST(one_line(r.err));
}

BOOST_AUTO_TEST_CASE(missing_file) {
  CommandResult r = run_command(emulate_bin(), {"/nonexistent/sample.exe"});
  BOOST_TEST(r.exit_code == int(kExitUnreadable));
  BOOST_TEST(one_line(r.err));
  BOOST_TEST(r.err.find("no such file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unreadable_file) {
  if (geteuid() == 0) {
    // root reads a chmod 000 file anyway; a FIFO-less special file stands in.
    CommandResult r = run_command(emulate_bin(), {"/dev/null"});
    BOOST_TEST(r.exit_code == int(kExitUnreadable));
    BOOST_TEST(r.err.find("not a regular file") != std::string::npos);
    return;
  }
  TempDir d;
  const std::string f = d.file("locked.exe", "MZ");
  fs::permissions(f, fs::perms::none);
  CommandResult r = run_command(emulate_bin(), {f});
  BOOST_TEST(r.exit_code == int(kExitUnreadable));
}

BOOST_AUTO_TEST_CASE(empty_file) {
  TempDir d;
  CommandResult r = run_command(emulate_bin(), {d.file("empty.exe", "")});
  BOOST_TEST(r.exit_code == int(kExitEmpty));
  BOOST_TEST(one_line(r.err));
}

BOOST_AUTO_TEST_CASE(not_a_pe_without_raw) {
  TempDir d;
  CommandResult r = run_command(emulate_bin(), {d.file("notes.txt", "just some text, not a program\n")});
  BOOST_TEST(r.exit_code == int(kExitNotLoadable));
  BOOST_TEST(r.err.find("--raw") != std::string::npos);
  BOOST_TEST(one_line(r.err));
}

BOOST_AUTO_TEST_CASE(empty_directory) {
  TempDir d;
  CommandResult r = run_command(emulate_bin(), {d.path.string()});
  BOOST_TEST(r.exit_code == int(kExitNoInputs));
  BOOST_TEST(one_line(r.err));
}

BOOST_AUTO_TEST_CASE(huge_file_rejected_unread) {
  TempDir d;
  const fs::path big = d.path / "big.exe";
  {
    std::ofstream(big, std::ios::binary) << "MZ";
  }
  fs::resize_file(big, 1ull << 30);  // sparse: 1 GiB that is never read
  CommandResult r = run_command(emulate_bin(), {big.string()});
  BOOST_TEST(r.exit_code == int(kExitTooLarge));
  BOOST_TEST(one_line(r.err));
}

BOOST_AUTO_TEST_SUITE_END()
