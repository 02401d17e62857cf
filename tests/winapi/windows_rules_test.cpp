// Runs the guest api_windows_rules (x86 and x64) under the default profile:
// each of its checks compares an API's result with Windows' documented
// behaviour and reports "FAIL <name>" (OutputDebugStringA) when they differ.
#include <boost/test/unit_test.hpp>

#include "tests/winapi/helpers.h"

using namespace emu::winapi;
using namespace emu::winapi::test;

namespace {

// The debug-output lines of an entry point, in order.
std::vector<std::string> printed(const boost::json::value& ep) {
  std::vector<std::string> out;
  for (const auto& call : api_calls(ep, "kernel32.OutputDebugStringA")) out.push_back(arg(call, 0));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(windows_rules)

BOOST_AUTO_TEST_CASE(documented_api_behaviour_holds_on_x86_and_x64) {
  for (const char* arch : {"x86", "x64"}) {
    const std::string exe = std::string("api_windows_rules_") + arch + ".exe";
    std::vector<uint8_t> bytes = guest_file(exe);
    BOOST_TEST_REQUIRE(!bytes.empty(), exe);
    Config cfg = default_config();
    FileRule dll;
    dll.mode = FileRule::Mode::FullPath;
    dll.emu_path = "C:\\payload\\marker.dll";
    dll.content.host_path = std::string(EMU_GUEST_DIR) + "/dllmain_marker_" + arch + ".dll";
    cfg.files.insert(cfg.files.begin(), dll);
    Result r = run_bytes(std::move(bytes), exe, cfg);
    BOOST_TEST_REQUIRE(!r.load_error);
    bool found = false;
    for (const auto& ep : entry_points(r)) {
      if (str(ep.at("ep_type")) != "module_entry") continue;
      found = true;
      BOOST_TEST(ep.at("error").is_null(), exe << ": " << str(ep.at("error")));
      const auto lines = printed(ep);
      for (const auto& line : lines) BOOST_TEST(line.rfind("FAIL", 0) != 0, exe << ": " << line);
      BOOST_TEST(!lines.empty(), exe);
      if (!lines.empty()) BOOST_TEST(lines.back() == "checks: 48", exe);
      BOOST_TEST(ep.at("ret_val").to_number<int64_t>() == 0, exe);
    }
    BOOST_TEST(found, exe);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(data_execution_prevention)

// Windows 7's default DEP policy (OptIn): a 32-bit program without the
// NX_COMPAT flag executes heap memory; a 64-bit one never does.
BOOST_AUTO_TEST_CASE(heap_code_runs_only_without_dep) {
  for (const char* arch : {"x86", "x64"}) {
    const std::string exe = std::string("dep_heap_exec_") + arch + ".exe";
    std::vector<uint8_t> bytes = guest_file(exe);
    BOOST_TEST_REQUIRE(!bytes.empty(), exe);
    Result r = run_bytes(std::move(bytes), exe, default_config());
    BOOST_TEST_REQUIRE(!r.load_error);
    for (const auto& ep : entry_points(r)) {
      if (str(ep.at("ep_type")) != "module_entry") continue;
      if (std::string(arch) == "x86") {
        BOOST_TEST(ep.at("error").is_null(), exe);
        BOOST_TEST(ep.at("ret_val").to_number<int64_t>() == 42, exe);
      } else {
        BOOST_TEST_REQUIRE(ep.at("error").is_object(), exe);
        BOOST_TEST(str(ep.at("error").at("type")) == "invalid_fetch", exe);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
