// The command line parser: every option, and a one-line UsageError for
// every mistake.
#include <boost/test/unit_test.hpp>

#include "service/cli_options.h"

using emu::service::Options;
using emu::service::parse_options;
using emu::service::UsageError;

BOOST_AUTO_TEST_SUITE(cli_options)

BOOST_AUTO_TEST_CASE(reads_every_option) {
  Options o = parse_options({"-o", "r.json", "--raw", "--arch", "x64", "--raw-offset", "0x10", "--config", "c.json",
                             "--timeout", "2.5", "--max-api-count", "50", "--max-instructions", "-1", "--dump-dir",
                             "d", "--exports", "one", "two", "-q", "-j", "3", "in.bin"});
  BOOST_TEST(*o.output == "r.json");
  BOOST_TEST(o.raw);
  BOOST_TEST(o.arch == "x64");
  BOOST_TEST(o.raw_offset == 0x10u);
  BOOST_TEST(*o.config_path == "c.json");
  BOOST_TEST(*o.timeout == 2.5);
  BOOST_TEST(*o.max_api_count == 50);
  BOOST_TEST(*o.max_instructions == -1);
  BOOST_TEST(*o.dump_dir == "d");
  BOOST_TEST((o.exports == std::vector<std::string>{"one", "two"}));
  BOOST_TEST(o.quiet);
  BOOST_TEST(o.jobs == 3u);
  BOOST_TEST((o.inputs == std::vector<std::string>{"in.bin"}));
}

BOOST_AUTO_TEST_CASE(argv_collects_guest_arguments_until_double_dash) {
  Options o = parse_options({"--argv", "a1", "a2", "--", "file.exe"});
  BOOST_TEST((*o.argv == std::vector<std::string>{"a1", "a2"}));
  BOOST_TEST((o.inputs == std::vector<std::string>{"file.exe"}));
}

BOOST_AUTO_TEST_CASE(help_and_version_need_no_input) {
  BOOST_TEST(parse_options({"--help"}).help);
  BOOST_TEST(parse_options({"--version"}).version);
}

BOOST_AUTO_TEST_CASE(mistakes_are_usage_errors) {
  BOOST_CHECK_THROW(parse_options({}), UsageError);
  BOOST_CHECK_THROW(parse_options({"--bogus", "f"}), UsageError);
  BOOST_CHECK_THROW(parse_options({"--arch", "arm", "f"}), UsageError);
  BOOST_CHECK_THROW(parse_options({"--timeout", "0", "f"}), UsageError);
  BOOST_CHECK_THROW(parse_options({"--timeout", "abc", "f"}), UsageError);
  BOOST_CHECK_THROW(parse_options({"--max-api-count", "12x", "f"}), UsageError);
  BOOST_CHECK_THROW(parse_options({"-o"}), UsageError);
  BOOST_CHECK_THROW(parse_options({"-j", "0", "f"}), UsageError);
  BOOST_CHECK_THROW(parse_options({"--no-exports", "--exports", "x", "f"}), UsageError);
}

BOOST_AUTO_TEST_SUITE_END()
