// The report as other tools read it: valid against Speakeasy's schema for
// every guest program and every Speakeasy test binary, and the same for
// the same input apart from timestamp and run time.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "run_command.h"
#include "test_files.h"

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {
const std::string kSchema = std::string(EMU_SHARED_DIR) + "/schemas/speakeasy-report-3.0.0.schema.json";

// Emulates `input` (raw when it is a .bin) into dir/NAME.json; returns the path.
std::string emulate_into(const std::string& input, const TempDir& d, std::vector<std::string> extra = {}) {
  const std::string name = fs::path(input).filename().string();
  const std::string report = d / (name + ".json");
  std::vector<std::string> args = {"-q", "-o", report, "--timeout", "20"};
  if (name.ends_with(".bin")) {
    args.insert(args.end(), {"--raw", "--arch", name.find("x64") != std::string::npos ? "x64" : "x86"});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(input);
  CommandResult r = run_command(emulate_bin(), args);
  BOOST_TEST(r.exit_code == 0, input << ": exit " << r.exit_code << ": " << r.err);
  return report;
}

void validate(const std::vector<std::string>& reports) {
  std::vector<std::string> args = {std::string(EMU_SOURCE_DIR) + "/tests/service/validate_reports.py", kSchema};
  args.insert(args.end(), reports.begin(), reports.end());
  CommandResult r = run_command("/usr/bin/python3", args);
  BOOST_TEST(r.exit_code == 0, "schema violations:\n" << r.out << r.err);
}

json::object without_times(json::object r) {
  r.erase("timestamp");
  r.erase("emulation_total_runtime");
  return r;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(guest_program_reports_follow_the_schema) {
  if (!fs::exists(kSchema)) {
    BOOST_TEST_MESSAGE("skipped: ../shared is absent");
    return;
  }
  TempDir d;
  std::vector<std::string> reports;
  for (auto& e : fs::directory_iterator(EMU_GUEST_DIR)) {
    if (e.path().filename().string().starts_with("limit_")) continue;  // the limit tests run those
    reports.push_back(emulate_into(e.path().string(), d));
  }
  BOOST_TEST(reports.size() >= 6u);
  validate(reports);
}

BOOST_AUTO_TEST_CASE(speakeasy_test_binary_reports_follow_the_schema) {
  if (!shared_present()) {
    BOOST_TEST_MESSAGE("skipped: ../shared is absent");
    return;
  }
  TempDir d;
  std::vector<std::string> reports;
  for (auto& e : fs::directory_iterator(std::string(EMU_SHARED_DIR) + "/corpus/speakeasy-tests")) {
    if (e.path().extension() != ".xz") continue;
    const std::string input = unpack_shared("speakeasy-tests", e.path().stem().string(), d);
    reports.push_back(emulate_into(input, d, {"--profile", "speakeasy-test"}));
  }
  BOOST_TEST(reports.size() == 13u);
  validate(reports);
}

BOOST_AUTO_TEST_CASE(same_input_same_report) {
  TempDir a, b;
  for (const char* name : {"hello_x86.exe", "hello_x64.exe", "two_exports_x86.dll"}) {
    json::object r1 = without_times(read_report(emulate_into(guest(name), a)));
    json::object r2 = without_times(read_report(emulate_into(guest(name), b)));
    BOOST_TEST(json::serialize(r1) == json::serialize(r2), name << " differs between two runs");
  }
}

BOOST_AUTO_TEST_CASE(report_on_stdout_is_the_same_json) {
  TempDir d;
  const std::string file_report = emulate_into(guest("hello_x86.exe"), d);
  CommandResult r = run_command(emulate_bin(), {"-o", "-", "--timeout", "20", guest("hello_x86.exe")});
  BOOST_TEST_REQUIRE(r.exit_code == 0);
  json::object from_stdout = json::parse(r.out).as_object();
  BOOST_TEST(json::serialize(without_times(from_stdout)) == json::serialize(without_times(read_report(file_report))));
}

BOOST_AUTO_TEST_CASE(directory_input_gives_one_report_each) {
  TempDir in, out;
  for (const char* name : {"hello_x86.exe", "hello_x64.exe", "return_constant_x86.bin"})
    fs::copy_file(guest(name), in.path / name);
  // The .bin is not a PE: it is rejected (exit 5) while the others run.
  CommandResult r = run_command(emulate_bin(), {"-q", "-j", "2", "-o", out.path.string(), in.path.string()});
  BOOST_TEST(r.exit_code == 5);
  BOOST_TEST(fs::exists(out / "hello_x86.exe.json"));
  BOOST_TEST(fs::exists(out / "hello_x64.exe.json"));
  BOOST_TEST(!fs::exists(out / "return_constant_x86.bin.json"));
  BOOST_TEST(r.err.find("[3/3") != std::string::npos);  // progress lines
}

BOOST_AUTO_TEST_SUITE_END()
