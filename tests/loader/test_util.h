// Shared helpers of the loader tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "loader/loader.h"

namespace test_util {

inline std::vector<uint8_t> read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

inline uint64_t read_ptr(const emu::loader::Process& p, uint64_t addr) {
  if (p.arch() == emu::loader::Arch::X86) return p.memory().read_as<uint32_t>(addr).value_or(0xDEAD);
  return p.memory().read_as<uint64_t>(addr).value_or(0xDEAD);
}

inline std::string read_unicode_string(const emu::loader::Process& p, uint64_t ustr) {
  const auto len = p.memory().read_as<uint16_t>(ustr).value_or(0);
  const uint64_t buf = read_ptr(p, ustr + (p.arch() == emu::loader::Arch::X86 ? 4 : 8));
  std::string out;
  for (unsigned i = 0; i < len / 2; ++i) out.push_back(static_cast<char>(p.memory().read_as<uint16_t>(buf + 2 * i).value_or('?')));
  return out;
}

// Runs f and returns the LoadError message, or "" if it loaded.
template <class F> std::string load_error_of(F&& f) {
  try {
    f();
  } catch (const emu::loader::LoadError& e) {
    return e.what();
  }
  return "";
}

}  // namespace test_util
