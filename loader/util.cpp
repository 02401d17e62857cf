#include "loader/util.h"

#include <cstdio>

namespace emu::loader {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view base_name(std::string_view path) {
  const size_t p = path.find_last_of("\\/");
  return p == std::string_view::npos ? path : path.substr(p + 1);
}

std::string_view strip_extension(std::string_view name) {
  const size_t p = name.rfind('.');
  return p == std::string_view::npos ? name : name.substr(0, p);
}

std::u16string widen(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  for (unsigned char c : s) out.push_back(c);
  return out;
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

const char* arch_name(Arch a) { return a == Arch::X86 ? "x86" : "x64"; }

}  // namespace emu::loader
