#include "winapi/report/report.h"

namespace emu::winapi {

void extract_strings(const uint8_t* d, size_t n, size_t min_len, std::vector<std::string>& ansi,
                     std::vector<std::string>& unicode, size_t max_count) {
  auto printable = [](uint8_t c) { return (c >= 0x20 && c < 0x7F) || c == '\t'; };
  std::string cur;
  for (size_t i = 0; i <= n && ansi.size() < max_count; ++i) {
    if (i < n && printable(d[i])) { if (cur.size() < 4096) cur.push_back(static_cast<char>(d[i])); continue; }
    if (cur.size() >= min_len) ansi.push_back(cur);
    cur.clear();
  }
  for (size_t start = 0; start < 2; ++start) {
    cur.clear();
    for (size_t i = start; i + 1 <= n && unicode.size() < max_count; i += 2) {
      if (i + 1 < n && printable(d[i]) && d[i + 1] == 0) { if (cur.size() < 4096) cur.push_back(static_cast<char>(d[i])); continue; }
      if (cur.size() >= min_len) unicode.push_back(cur);
      cur.clear();
    }
  }
}

}  // namespace emu::winapi
