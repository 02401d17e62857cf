// __finally blocks on the unwind path: tests/guest/seh_finally.c marks each
// filter, __finally and __except block with OutputDebugStringA. Windows
// (RtlDispatchException, RtlUnwind / RtlUnwindEx, _except_handler3,
// __C_specific_handler) runs the filters innermost first, then every
// __finally between the fault and the handling frame innermost first, and
// only then the __except block.
#include <boost/test/unit_test.hpp>

#include "run_command.h"
#include "test_files.h"

namespace json = boost::json;

namespace {
std::vector<std::string> debug_strings(const json::object& report) {
  std::vector<std::string> out;
  for (auto& ep : report.at("entry_points").as_array())
    for (auto& e : ep.as_object().at("events").as_array()) {
      const auto& o = e.as_object();
      if (o.at("event").as_string() != "api" || o.at("api_name").as_string() != "kernel32.OutputDebugStringA") continue;
      const auto& args = o.at("args").as_array();
      if (!args.empty()) out.emplace_back(args.at(0).as_string());
    }
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(seh_order)

BOOST_AUTO_TEST_CASE(finally_blocks_run_innermost_first_before_the_except_block) {
  const std::vector<std::string> expected = {
      "filter inner",    "filter outer",  "finally inner 1",       "finally inner 2",
      "finally middle",  "finally outer", "except outer c0000005", "after",
  };
  for (const char* exe : {"seh_finally_x86.exe", "seh_finally_x64.exe"}) {
    TempDir d;
    const std::string report = d / "report.json";
    CommandResult r = run_command(emulate_bin(), {"-q", "-o", report, guest(exe)});
    BOOST_TEST_REQUIRE(r.exit_code == 0, exe << ": emulate failed: " << r.err);
    const auto got = debug_strings(read_report(report));
    BOOST_TEST(got == expected, exe);
    if (got != expected)
      for (auto& s : got) BOOST_TEST_MESSAGE(exe << ": " << s);
  }
}

BOOST_AUTO_TEST_SUITE_END()
