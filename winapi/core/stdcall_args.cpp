#include "winapi/core/stdcall_args.h"

#include <charconv>
#include <map>
#include <string>

#include "winapi/core/msvc_mangled_args.h"
#include "winapi/core/text.h"

namespace emu::winapi {

// Written by winapi/embed_stdcall_args.cmake.
extern const std::string_view kStdcallArgsText[];
extern const unsigned kStdcallArgsPieces;

namespace {

using Table = std::map<std::string, std::map<std::string, uint32_t, std::less<>>, std::less<>>;

Table parse() {
  std::string text;
  for (unsigned i = 0; i < kStdcallArgsPieces; ++i) text += kStdcallArgsText[i];
  Table t;
  std::map<std::string, uint32_t, std::less<>>* cur = nullptr;
  std::string_view rest(text);
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      cur = &t[std::string(line.substr(1, line.size() - 2))];
      continue;
    }
    const size_t sp = line.find(' ');
    if (!cur || sp == std::string_view::npos) continue;
    uint32_t bytes = 0;
    const std::string_view num = line.substr(sp + 1);
    if (std::from_chars(num.data(), num.data() + num.size(), bytes).ec != std::errc{}) continue;
    (*cur)[std::string(line.substr(0, sp))] = bytes;
  }
  return t;
}

}  // namespace

std::optional<uint32_t> stdcall_arg_bytes(std::string_view module, std::string_view function) {
  static const Table table = parse();
  std::string m = lower(module);
  const size_t slash = m.find_last_of("\\/");
  if (slash != std::string::npos) m.erase(0, slash + 1);
  for (const char* ext : {".dll", ".exe", ".sys", ".drv"})
    if (iends_with(m, ext)) m.resize(m.size() - 4);
  auto mod = table.find(m);
  if (mod != table.end()) {
    auto f = mod->second.find(function);
    if (f != mod->second.end()) return f->second ? std::optional<uint32_t>(f->second) : std::nullopt;
  }
  // C++ exports (msvcp60's __thiscall members, ...) are in no import
  // library: their mangled names give the parameter types.
  if (!function.empty() && function.front() == '?') return msvc_callee_pop_bytes(function);
  return std::nullopt;
}

}  // namespace emu::winapi
