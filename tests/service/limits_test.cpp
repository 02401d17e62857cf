// Limits that always hold: each ends the run with a named error and a
// complete report. Inputs are the tests/shellcode/limit_* blobs.
#include <boost/test/unit_test.hpp>

#include "run_command.h"
#include "test_files.h"

namespace json = boost::json;

namespace {
json::object emulate_raw(const std::string& blob, std::vector<std::string> extra, const TempDir& d) {
  const std::string report = d / "report.json";
  std::vector<std::string> args = {"--raw", "--arch", "x86", "-q", "-o", report};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(guest(blob));
  CommandResult r = run_command(emulate_bin(), args);
  BOOST_TEST_REQUIRE(r.exit_code == 0, "emulate failed: " << r.err);
  return read_report(report);
}

size_t api_events(const json::object& report) {
  size_t n = 0;
  for (auto& ep : report.at("entry_points").as_array())
    if (auto* ev = ep.as_object().if_contains("events"); ev && ev->is_array())
      for (auto& e : ev->get_array())
        if (e.as_object().at("event").as_string() == "api") ++n;
  return n;
}

double runtime(const json::object& report) { return report.at("emulation_total_runtime").to_number<double>(); }
}  // namespace

BOOST_AUTO_TEST_SUITE(limits)

BOOST_AUTO_TEST_CASE(instruction_budget_ends_an_endless_loop) {
  TempDir d;
  auto r = emulate_raw("limit_spin_x86.bin", {"--max-instructions", "100000"}, d);
  BOOST_TEST(has_error(r, "max_instructions"));
  const auto& ep = r.at("entry_points").as_array().at(0).as_object();
  BOOST_TEST(ep.at("instr_count").to_number<int64_t>() == 100000);
}

// The timeout is honoured within 5% or 100 ms (whichever is larger); the
// extra 150 ms allows for a loaded machine.
BOOST_AUTO_TEST_CASE(timeout_ends_an_endless_loop) {
  TempDir d;
  auto r = emulate_raw("limit_spin_x86.bin", {"--timeout", "1"}, d);
  BOOST_TEST(has_error(r, "timeout"));
  BOOST_TEST(runtime(r) >= 0.95);
  BOOST_TEST(runtime(r) <= 1.25);
}

BOOST_AUTO_TEST_CASE(timeout_ends_an_exception_storm) {
  TempDir d;
  auto r = emulate_raw("limit_exception_storm_x86.bin", {"--timeout", "1"}, d);
  BOOST_TEST(has_error(r, "timeout"));
  BOOST_TEST(runtime(r) <= 1.25);
}

BOOST_AUTO_TEST_CASE(api_count_limit_ends_an_api_loop) {
  TempDir d;
  auto r = emulate_raw("limit_api_loop_x86.bin", {"--max-api-count", "500"}, d);
  BOOST_TEST(has_error(r, "max_api_count"));
  BOOST_TEST(api_events(r) == 500u);
}

BOOST_AUTO_TEST_CASE(timeout_ends_an_api_loop) {
  TempDir d;
  auto r = emulate_raw("limit_api_loop_x86.bin", {"--timeout", "1", "--max-api-count", "-1"}, d);
  BOOST_TEST(has_error(r, "timeout"));
  BOOST_TEST(runtime(r) <= 1.25);
}

BOOST_AUTO_TEST_CASE(report_size_limit_keeps_the_report_valid) {
  TempDir d;
  const std::string cfg = d.file("cfg.json", R"({"emulator": {"max_report_bytes": 100000}})");
  auto r = emulate_raw("limit_api_loop_x86.bin", {"--config", cfg, "--max-api-count", "20000"}, d);
  BOOST_TEST(read_text(d / "report.json").size() <= 100001u);
  BOOST_TEST(has_error(r, "report_size_limit"));
  BOOST_TEST(has_error(r, "max_api_count"));
  bool noted = false;
  for (auto& l : r.at("limits_hit").as_array()) noted = noted || l.as_string() == "max_report_bytes";
  BOOST_TEST(noted);
}

// Past the report limit the engine stops storing events (the report could
// not show them anyway) but keeps counting them, and says so.
BOOST_AUTO_TEST_CASE(events_past_the_report_limit_are_counted_not_stored) {
  TempDir d;
  const std::string cfg = d.file("cfg.json", R"({"emulator": {"max_report_bytes": 100000}})");
  auto r = emulate_raw("limit_api_loop_x86.bin", {"--config", cfg, "--max-api-count", "20000"}, d);
  const std::string marker = "were not recorded: ";
  std::string summary;
  for (auto& e : all_errors(r))
    if (e.at("type").as_string() == "report_size_limit") {
      const std::string s(e.at("context_summary").as_string());
      if (s.find(marker) != std::string::npos) summary = s;
    }
  BOOST_TEST_REQUIRE(!summary.empty(), "no report_size_limit error about events not recorded");
  // "... were not recorded: N of M events dropped"
  const size_t at = summary.find(marker) + marker.size();
  const uint64_t dropped = std::stoull(summary.substr(at));
  const uint64_t total = std::stoull(summary.substr(summary.find(" of ", at) + 4));
  BOOST_TEST(dropped > 0u);
  // Every one of the 20,000 API calls was an event, stored or counted.
  BOOST_TEST(total >= 20000u);
  BOOST_TEST(api_events(r) + dropped <= total);
  BOOST_TEST(api_events(r) < 20000u);
  unsigned noted = 0;
  for (auto& l : r.at("limits_hit").as_array()) noted += l.as_string() == "max_report_bytes";
  BOOST_TEST(noted == 1u);  // once, though both the engine and the writer cut
  // The stored events are the first ones, in order: the loop's calls start the list.
  const auto& events = r.at("entry_points").as_array().at(0).as_object().at("events").as_array();
  BOOST_TEST_REQUIRE(!events.empty());
  BOOST_TEST(events.back().as_object().at("event").as_string() == "api");
}

namespace {
json::object emulate_pe(const std::string& exe, std::vector<std::string> extra, const TempDir& d) {
  const std::string report = d / "report.json";
  std::vector<std::string> args = {"-q", "-o", report};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(guest(exe));
  CommandResult r = run_command(emulate_bin(), args);
  BOOST_TEST_REQUIRE(r.exit_code == 0, "emulate failed: " << r.err);
  return read_report(report);
}
}  // namespace

BOOST_AUTO_TEST_CASE(guest_memory_limit_ends_an_allocation_loop) {
  for (const char* exe : {"limit_memory_x86.exe", "limit_memory_x64.exe"}) {
    TempDir d;
    const std::string cfg = d.file("cfg.json", R"({"emulator": {"max_memory_bytes": 134217728}})");
    auto r = emulate_pe(exe, {"--config", cfg, "--timeout", "30"}, d);
    BOOST_TEST(has_error(r, "max_memory"), exe);
  }
}

BOOST_AUTO_TEST_CASE(thread_limit_ends_a_thread_bomb) {
  for (const char* exe : {"limit_threads_x86.exe", "limit_threads_x64.exe"}) {
    TempDir d;
    const std::string cfg = d.file("cfg.json", R"({"emulator": {"max_threads": 16}})");
    auto r = emulate_pe(exe, {"--config", cfg, "--timeout", "30"}, d);
    BOOST_TEST(has_error(r, "max_threads"), exe);
  }
}

BOOST_AUTO_TEST_CASE(a_huge_report_is_cut_to_its_limit) {
  TempDir d;
  // 50,000 calls with long string arguments: a report of tens of megabytes.
  const std::string cfg = d.file("cfg.json", R"({"emulator": {"max_report_bytes": 2000000}})");
  auto r = emulate_pe("huge_report_x86.exe", {"--config", cfg, "--max-api-count", "-1", "--timeout", "60"}, d);
  BOOST_TEST(read_text(d / "report.json").size() <= 2000001u);
  BOOST_TEST(has_error(r, "report_size_limit"));
}

BOOST_AUTO_TEST_CASE(dump_size_limit_is_recorded) {
  TempDir d;
  const std::string cfg = d.file("cfg.json", R"({"emulator": {"max_dump_bytes": 4}})");
  auto r = emulate_pe("unpack_payload_x86.exe", {"--config", cfg, "--dump-dir", d / "dumps"}, d);
  bool noted = false;
  for (auto& l : r.at("limits_hit").as_array()) noted = noted || l.as_string() == "max_dump_bytes";
  BOOST_TEST(noted);
  // Whatever was dumped fits in the limit.
  uint64_t dumped = 0;
  const json::value index = json::parse(read_text(d / "dumps/index.json"));
  for (auto& e : index.as_array())
    dumped += e.as_object().at("size").to_number<uint64_t>();
  BOOST_TEST(dumped <= 4u);
}

BOOST_AUTO_TEST_SUITE_END()
