// Limits end a run with a named error and a complete report; the report is
// deterministic apart from the timestamp and the run time.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "tests/winapi/helpers.h"

using namespace emu::winapi;
using namespace emu::winapi::test;

BOOST_AUTO_TEST_SUITE(limits)

BOOST_AUTO_TEST_CASE(timeout_on_infinite_loop_is_honoured) {
  Config cfg = speakeasy_test_profile();
  cfg.timeout_seconds = 0.5;
  const auto t0 = std::chrono::steady_clock::now();
  Result r = run_bytes({0xEB, 0xFE}, "loop.bin", cfg, true);  // jmp $
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& ep = entry_points(r).at(0);
  BOOST_REQUIRE(ep.at("error").is_object());
  BOOST_TEST(str(ep.at("error").at("type")) == "timeout");
  BOOST_TEST(took < 0.5 + 0.1 + 0.05);
  BOOST_TEST(took >= 0.49);
  BOOST_TEST(r.report.at("limits_hit").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(max_instructions_stops_the_loop) {
  Config cfg = speakeasy_test_profile();
  cfg.max_instructions = 10000;
  Result r = run_bytes({0xEB, 0xFE}, "loop.bin", cfg, true);
  const auto& ep = entry_points(r).at(0);
  BOOST_REQUIRE(ep.at("error").is_object());
  BOOST_TEST(str(ep.at("error").at("type")) == "max_instructions");
  BOOST_TEST(ep.at("instr_count").to_number<uint64_t>() == 10000u);
}

BOOST_AUTO_TEST_CASE(cancel_flag_ends_the_run) {
  Config cfg = speakeasy_test_profile();
  std::atomic<bool> cancel{true};
  Input in;
  in.bytes = {0xEB, 0xFE};
  in.raw = true;
  Result r = emulate(in, cfg, &cancel);
  BOOST_TEST(str(entry_points(r).at(0).at("error").at("type")) == "cancelled");
}

BOOST_AUTO_TEST_CASE(rejected_inputs_name_the_reason) {
  Config cfg = speakeasy_test_profile();
  Input empty;
  BOOST_TEST(emulate(empty, cfg).load_error.value_or("").find("load_error") == 0u);
  Input junk;
  junk.bytes = {'n', 'o', 't', ' ', 'a', ' ', 'p', 'e'};
  Result r = emulate(junk, cfg);
  BOOST_REQUIRE(r.load_error);
  BOOST_TEST(r.report.at("entry_points").as_array().empty());
  Input truncated;
  truncated.bytes = {'M', 'Z', 0, 0};
  BOOST_TEST(emulate(truncated, cfg).load_error.has_value());
}

BOOST_AUTO_TEST_CASE(max_api_count_and_determinism, *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                       return boost::test_tools::assertion_result(have_shared());
                     })) {
  Config cfg = speakeasy_test_profile();
  cfg.max_api_count = 5;
  Result r = run_bytes(speakeasy_bin("argv_test_x86.exe"), "argv_test_x86.exe", cfg);
  const auto& ep = entry_points(r).at(0);
  BOOST_REQUIRE(ep.at("error").is_object());
  BOOST_TEST(str(ep.at("error").at("type")) == "max_api_count");
  BOOST_TEST(api_calls(ep, "kernel32.GetSystemTimeAsFileTime").size() <= 5u);
  size_t apis = 0;
  for (auto& e : ep.at("events").as_array()) apis += e.as_object().at("event").as_string() == "api";
  BOOST_TEST(apis == 5u);

  // Same input and config: same report but for timestamp and run time.
  Config full = speakeasy_test_profile();
  Result a = run_bytes(speakeasy_bin("file_access_test_x64.exe"), "f.exe", full);
  Result b = run_bytes(speakeasy_bin("file_access_test_x64.exe"), "f.exe", full);
  for (auto* x : {&a, &b}) {
    x->report.erase("timestamp");
    x->report.erase("emulation_total_runtime");
  }
  BOOST_TEST(boost::json::serialize(a.report) == boost::json::serialize(b.report));
}

BOOST_AUTO_TEST_SUITE_END()
