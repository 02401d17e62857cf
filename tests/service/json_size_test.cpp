// The engine's estimate of a report part's serialized size (it decides when
// events stop being stored) against boost::json::serialize itself.
#include <boost/test/unit_test.hpp>

#include "winapi/report/json_size.h"

namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(json_size)

BOOST_AUTO_TEST_CASE(exact_for_strings_integers_and_nesting) {
  const json::value samples[] = {
      json::parse(R"({"pos": {"tick": 123456789, "tid": 1004, "pid": 1000, "pc": 4198400},
                      "event": "api", "api_name": "kernel32.CreateFileA",
                      "args": ["C:\\Windows\\temp\\a \"b\".txt", "0x40000000", "0x0"], "ret_val": null})"),
      json::parse(R"([true, false, null, -1, 0, 18446744073709551615, -9223372036854775808, [], {}, [[]], {"": ""}])"),
      json::value(json::string("no tab here, quote \" and backslash \\")),
  };
  for (const auto& v : samples) BOOST_TEST(emu::winapi::approx_serialized_size(v) == json::serialize(v).size());
}

BOOST_AUTO_TEST_CASE(never_below_the_real_size_for_control_characters) {
  std::string s;
  for (int c = 0; c < 0x20; ++c) s.push_back(static_cast<char>(c));
  const json::value v = json::string(s);
  BOOST_TEST(emu::winapi::approx_serialized_size(v) >= json::serialize(v).size());
}

BOOST_AUTO_TEST_SUITE_END()
