// String extraction for the report: ASCII and UTF-16LE runs of printable
// characters of at least the minimum length, found anywhere in a buffer.
#include <boost/test/unit_test.hpp>

#include <cstring>

#include "winapi/report/report.h"

using emu::winapi::extract_strings;

namespace {
std::vector<uint8_t> buffer_with(size_t size, size_t at, const std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> b(size, 0);
  std::memcpy(b.data() + at, bytes.data(), bytes.size());
  return b;
}
std::vector<uint8_t> utf16(const std::string& s) {
  std::vector<uint8_t> out;
  for (char c : s) { out.push_back(uint8_t(c)); out.push_back(0); }
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(report_strings)

BOOST_AUTO_TEST_CASE(ascii_runs_at_any_offset_and_minimum_length) {
  for (size_t at : {0u, 1u, 7u, 8u, 4093u}) {
    auto b = buffer_with(8192, at, {'h', 'e', 'l', 'l', 'o', 0, 'a', 'b', 'c', 1, 'w', 'o', 'r', 'l', 'd', '!'});
    std::vector<std::string> a, u;
    extract_strings(b.data(), b.size(), 4, a, u, 100);
    BOOST_TEST((a == std::vector<std::string>{"hello", "world!"}), "offset " << at);
    BOOST_TEST(u.empty());
  }
}

BOOST_AUTO_TEST_CASE(run_at_the_very_end_is_kept) {
  std::vector<uint8_t> b(64, 0);
  std::memcpy(b.data() + 60, "tail", 4);
  std::vector<std::string> a, u;
  extract_strings(b.data(), b.size(), 4, a, u, 100);
  BOOST_TEST((a == std::vector<std::string>{"tail"}));
}

BOOST_AUTO_TEST_CASE(utf16_runs_at_even_and_odd_offsets) {
  for (size_t at : {16u, 17u}) {
    auto b = buffer_with(256, at, utf16("kernel32.dll"));
    std::vector<std::string> a, u;
    extract_strings(b.data(), b.size(), 4, a, u, 100);
    BOOST_TEST((u == std::vector<std::string>{"kernel32.dll"}), "offset " << at);
    BOOST_TEST(a.empty());  // single letters between zeros are too short
  }
}

BOOST_AUTO_TEST_CASE(long_runs_are_cut_and_counts_capped) {
  std::vector<uint8_t> b(10000, 'x');
  std::vector<std::string> a, u;
  extract_strings(b.data(), b.size(), 4, a, u, 100);
  BOOST_REQUIRE_EQUAL(a.size(), 1u);
  BOOST_TEST(a[0].size() == 4096u);
  std::vector<uint8_t> many;
  for (int i = 0; i < 50; ++i) many.insert(many.end(), {'a', 'b', 'c', 'd', 0});
  a.clear();
  extract_strings(many.data(), many.size(), 4, a, u, 10);
  BOOST_TEST(a.size() == 10u);
}

BOOST_AUTO_TEST_SUITE_END()
