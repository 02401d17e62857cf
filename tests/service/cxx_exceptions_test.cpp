// C++ exceptions of mingw-w64 g++ programs: tests/guest/cxx_exceptions.cpp
// throws and catches an int, a std::runtime_error caught as std::exception&,
// a rethrow, an exception crossing frames with automatic objects, and an
// exception caught by catch (...), writing each step with puts. The C++
// standard fixes the order: the first matching handler of the innermost try
// block is entered, after the destructors of the objects constructed since
// that try block have run in reverse order of construction.
//
// On x64 g++ unwinds through the Windows function tables: RaiseException,
// the OS calling __gxx_personality_seh0 as the frames' language handler,
// RtlUnwindEx to run each cleanup and to land in the catch block. On x86 it
// uses its own DWARF-2 tables and needs only the C runtime.
#include <boost/test/unit_test.hpp>

#include "run_command.h"
#include "test_files.h"

namespace json = boost::json;

namespace {
std::vector<std::string> api_names(const json::object& report) {
  std::vector<std::string> out;
  for (auto& ep : report.at("entry_points").as_array())
    for (auto& e : ep.as_object().at("events").as_array()) {
      const auto& o = e.as_object();
      if (o.at("event").as_string() == "api") out.emplace_back(o.at("api_name").as_string());
    }
  return out;
}

std::vector<std::string> puts_lines(const json::object& report) {
  std::vector<std::string> out;
  for (auto& ep : report.at("entry_points").as_array())
    for (auto& e : ep.as_object().at("events").as_array()) {
      const auto& o = e.as_object();
      if (o.at("event").as_string() != "api" || o.at("api_name").as_string() != "msvcrt.puts") continue;
      const auto& args = o.at("args").as_array();
      if (!args.empty()) out.emplace_back(args.at(0).as_string());
    }
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(cxx_exceptions)

BOOST_AUTO_TEST_CASE(throw_and_catch_run_handlers_and_destructors_in_standard_order) {
  const std::vector<std::string> expected = {
      "caught int 7",
      "caught std::exception: runtime boom",
      "rethrow inner 3",
      "rethrow outer 3",
      "ctor a", "ctor b", "ctor c", "ctor d",
      "dtor d", "dtor c", "dtor b", "dtor a",
      "caught deep 42",
      "caught ...",
      "ctor e", "dtor e",
      "no throw",
      "done",
  };
  for (const char* exe : {"cxx_exceptions_x86.exe", "cxx_exceptions_x64.exe"}) {
    TempDir d;
    const std::string report_path = d / "report.json";
    CommandResult r = run_command(emulate_bin(), {"-q", "-o", report_path, guest(exe)});
    BOOST_TEST_REQUIRE(r.exit_code == 0, exe << ": emulate failed: " << r.err);
    const json::object report = read_report(report_path);
    const auto got = puts_lines(report);
    BOOST_TEST(got == expected, exe);
    if (got != expected)
      for (auto& s : got) BOOST_TEST_MESSAGE(exe << ": " << s);
    for (const auto& e : all_errors(report)) BOOST_TEST(false, exe << ": error " << json::serialize(e));
    bool main_entry_ran = false;
    for (auto& ep : report.at("entry_points").as_array()) {
      const auto& o = ep.as_object();
      if (o.at("ep_type").as_string() != "module_entry") continue;
      main_entry_ran = true;
      const auto* err = o.if_contains("error");
      BOOST_TEST(!(err && err->is_object()), exe << ": the module entry ended with " << json::serialize(*err));
    }
    BOOST_TEST(main_entry_ran, exe);
    if (std::string(exe).find("x64") != std::string::npos) {
      // The Windows unwinding path is the one under test: five throws, each
      // handed to the dispatcher and finished by RtlUnwindEx.
      const auto names = api_names(report);
      const auto raises = std::count(names.begin(), names.end(), "kernel32.RaiseException");
      const auto unwinds = std::count(names.begin(), names.end(), "kernel32.RtlUnwindEx");
      BOOST_TEST(raises >= 5, exe << ": RaiseException calls " << raises);
      BOOST_TEST(unwinds >= raises, exe << ": RtlUnwindEx calls " << unwinds);
    }
  }
}

// tests/guest/unwind_api.c calls the x64 unwinding APIs itself: one
// RtlVirtualUnwind step from RtlCaptureContext's context must give the
// caller's return address, RtlRestoreContext must resume after the capture
// (never return), and RtlUnwindEx to a frame not on the stack must end the
// run with a named error instead of returning.
BOOST_AUTO_TEST_CASE(unwind_apis_called_by_guest_code) {
  TempDir d;
  const std::string report_path = d / "report.json";
  CommandResult r = run_command(emulate_bin(), {"-q", "-o", report_path, guest("unwind_api_x64.exe")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, "emulate failed: " << r.err);
  const json::object report = read_report(report_path);
  const std::vector<std::string> expected = {
      "no handler asked, none returned",
      "unwound to the caller",
      "restoring",
      "resumed after capture",
  };
  const auto got = puts_lines(report);
  BOOST_TEST(got == expected);
  if (got != expected)
    for (auto& s : got) BOOST_TEST_MESSAGE(s);
  BOOST_TEST(has_error(report, "invalid_unwind_target"));
}

BOOST_AUTO_TEST_SUITE_END()
