// Unpacked code is reported as a dynamic code segment and dumped with
// --dump-dir: the dumped bytes are the payload the guest decoded.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "run_command.h"
#include "test_files.h"

namespace fs = std::filesystem;
namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(dumps)

BOOST_AUTO_TEST_CASE(unpacked_payload_is_a_dynamic_code_segment_and_dumped) {
  for (const char* name : {"unpack_payload_x86.exe", "unpack_payload_x64.exe"}) {
    TempDir d;
    const std::string report = d / "r.json", dumps = d / "dumps";
    CommandResult r = run_command(emulate_bin(), {"-q", "-o", report, "--dump-dir", dumps, guest(name)});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    json::object rep = read_report(report);
    // mingw programs run two TLS callbacks first; the payload runs in main.
    const json::object* main_ep = nullptr;
    for (auto& ep : rep.at("entry_points").as_array())
      if (ep.as_object().at("ep_type").as_string() == "module_entry") main_ep = &ep.as_object();
    BOOST_TEST_REQUIRE(main_ep, name << ": no module_entry");
    BOOST_TEST_REQUIRE(main_ep->at("dynamic_code_segments").as_array().size() >= 1u, name);
    json::array index = json::parse(read_text(dumps + "/index.json")).as_array();
    bool found = false;
    // mov eax, 0x1337; ret
    const std::string payload("\xB8\x37\x13\x00\x00\xC3", 6);
    for (auto& e : index) {
      const auto& o = e.as_object();
      if (o.at("kind").as_string() != "dynamic_code") continue;
      const std::string bytes = read_text(dumps + "/" + std::string(o.at("file").as_string()));
      found = found || bytes.rfind(payload, 0) == 0;
    }
    BOOST_TEST(found, name << ": no dumped segment starts with the decoded payload");
  }
}

BOOST_AUTO_TEST_CASE(summary_names_entry_points_and_dynamic_code) {
  CommandResult r = run_command(emulate_bin(), {guest("unpack_payload_x86.exe")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("module_entry") != std::string::npos);
  BOOST_TEST(r.out.find("dynamic code: 1 segment") != std::string::npos);
  BOOST_TEST(r.out.find("API calls: ") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
