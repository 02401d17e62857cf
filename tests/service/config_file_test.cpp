// The config-file reader against Speakeasy's own default profile and
// against mistakes, each of which must name the key at fault.
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "service/config_file.h"

using emu::service::apply_config_file;
using emu::service::apply_config_json;
using emu::service::ConfigError;
using emu::winapi::Config;

namespace {
std::string error_of(const std::string& json) {
  Config c;
  try {
    apply_config_json(json, c, "/root");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(config_file)

BOOST_AUTO_TEST_CASE(speakeasy_default_profile_is_read) {
  const std::string path = std::string(EMU_SHARED_DIR) + "/schemas/speakeasy-default-config-v2.json";
  if (!std::filesystem::exists(path)) {
    BOOST_TEST_MESSAGE("skipped: ../shared is absent");
    return;
  }
  Config c;
  c.hostname = "changed";
  c.registry_keys.clear();
  apply_config_file(path, c);
  // Values as written in Speakeasy's default profile.
  BOOST_TEST(c.hostname == "speakeasy_host");
  BOOST_TEST(c.user_name == "speakeasy_user");
  BOOST_TEST(c.timeout_seconds == 60.0);
  BOOST_TEST(c.max_api_count == 10000);
  BOOST_TEST(c.os_build == 7601u);
  BOOST_TEST(c.registry_keys.size() == 4u);
  BOOST_TEST(c.registry_keys[0].values[1].type == "REG_DWORD");
  BOOST_TEST(c.dns_names.at("google.com") == "8.8.8.8");
  BOOST_REQUIRE(!c.files.empty());
  BOOST_TEST(c.files[0].emu_path == "c:\\programdata\\mydir\\myfile.bin");
  BOOST_TEST(*c.files[0].content.fill_byte == 0x41);
  BOOST_TEST(c.files[0].content.fill_size == 512u);
  // $ROOT$ is the config file's folder.
  BOOST_TEST(c.files[1].content.host_path->rfind(std::filesystem::path(path).parent_path().string(), 0) == 0u);
  BOOST_TEST(c.processes.size() > 5u);
  BOOST_TEST(c.processes.back().is_main_exe);
  BOOST_TEST(c.processes.back().base_addr == 0x400000u);
}

BOOST_AUTO_TEST_CASE(partial_profile_keeps_other_defaults) {
  Config c;
  apply_config_json(R"({"hostname": "mybox", "exceptions": {"dispatch_handlers": false}})", c, "/");
  BOOST_TEST(c.hostname == "mybox");
  BOOST_TEST(!c.dispatch_exceptions);
  BOOST_TEST(c.user_name == Config{}.user_name);
}

BOOST_AUTO_TEST_CASE(errors_name_the_key) {
  BOOST_TEST(error_of(R"({"bogus": 1})").find("bogus: unknown key") != std::string::npos);
  BOOST_TEST(error_of(R"({"timeout": "ten"})").find("timeout: expected a number") != std::string::npos);
  BOOST_TEST(error_of(R"({"timeout": -1})").find("timeout:") != std::string::npos);
  BOOST_TEST(error_of(R"({"analysis": {"strings": 1}})").find("analysis.strings: expected true or false") != std::string::npos);
  BOOST_TEST(error_of(R"({"network": {"dns": {"names": {"a.com": 5}}}})").find("network.dns.names.a.com") != std::string::npos);
  BOOST_TEST(error_of(R"({"filesystem": {"files": [{"mode": "weird"}]}})").find("filesystem.files[0].mode") != std::string::npos);
  BOOST_TEST(error_of(R"({"filesystem": {"files": [{"mode": "by_ext"}]}})").find("filesystem.files[0]: by_ext needs") != std::string::npos);
  BOOST_TEST(error_of(R"({"registry": {"keys": [{"path": "HKLM\\x", "values": [{"name": "a", "type": "REG_FOO", "data": "1"}]}]}})")
                 .find("registry.keys[0].values[0].type") != std::string::npos);
  BOOST_TEST(error_of(R"({"processes": [{"name": "a", "base_addr": "zz", "path": "p"}]})").find("processes[0].base_addr") != std::string::npos);
  BOOST_TEST(error_of(R"({"config_version": 0.3})").find("config_version") != std::string::npos);
  BOOST_TEST(error_of("{not json").find("not valid JSON") != std::string::npos);
  BOOST_TEST(error_of("[]").find("expected an object") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(triage_settings_are_read_and_checked) {
  Config c;
  auto s = emu::triage::default_settings();
  apply_config_json(R"({"triage": {"getprocaddr_threshold": 3, "sus_dlls": ["evil.dll"]}})", c, "/", &s);
  BOOST_TEST(s.getprocaddr_threshold == 3);
  BOOST_TEST((s.sus_dlls == std::vector<std::string>{"evil.dll"}));
  BOOST_TEST(error_of(R"({"triage": {"getprocaddr_threshold": "many"}})").find("triage") != std::string::npos);
  BOOST_TEST(error_of(R"({"triage": {"bogus": 1}})").find("bogus") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_file_is_a_config_error) {
  Config c;
  BOOST_CHECK_THROW(apply_config_file("/nonexistent/config.json", c), ConfigError);
}

BOOST_AUTO_TEST_SUITE_END()
