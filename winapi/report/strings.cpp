#include <array>
#include <cstring>

#include "winapi/report/report.h"

namespace emu::winapi {
namespace {

constexpr size_t kMaxStringChars = 4096;

constexpr std::array<bool, 256> printable_table() {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7F; ++c) t[c] = true;
  t['\t'] = true;
  return t;
}
constexpr std::array<bool, 256> kPrintable = printable_table();

constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;

// True when none of the eight bytes of w is printable (kPrintable): bytes in
// [0x20, 0x7E] are found by two carry-free additions on the low seven bits,
// a tab by the zero-byte test on w ^ 0x09...
bool no_printable(uint64_t w) {
  const uint64_t low = w & ~kHighs;
  const uint64_t in_range = (low + 0x60 * kOnes) & ~(low + kOnes) & ~w & kHighs;
  const uint64_t t = w ^ (0x09 * kOnes);
  const uint64_t tab = (t - kOnes) & ~t & kHighs;
  return (in_range | tab) == 0;
}

bool has_zero(uint64_t w) { return ((w - kOnes) & ~w & kHighs) != 0; }

// Runs of at least min_len printable bytes. Guest memory and code are
// mostly bytes no string holds: eight of them are skipped at a time.
void ansi_runs(const uint8_t* d, size_t n, size_t min_len, std::vector<std::string>& out, size_t max_count) {
  size_t i = 0;
  while (i < n && out.size() < max_count) {
    if (!kPrintable[d[i]]) {
      if ((i & 7) == 0) {
        uint64_t w;
        while (i + 8 <= n && (std::memcpy(&w, d + i, 8), no_printable(w))) i += 8;
        if (i >= n) break;
        if (!kPrintable[d[i]]) { ++i; continue; }
      } else {
        ++i;
        continue;
      }
    }
    const size_t start = i;
    while (i < n && kPrintable[d[i]]) ++i;
    if (i - start >= min_len)
      out.emplace_back(reinterpret_cast<const char*>(d + start), std::min(i - start, kMaxStringChars));
  }
}

// UTF-16LE runs of printable ASCII characters, at even and at odd offsets.
void unicode_runs(const uint8_t* d, size_t n, size_t min_len, std::vector<std::string>& out, size_t max_count) {
  for (size_t parity = 0; parity < 2; ++parity) {
    size_t i = parity;
    while (i + 1 < n && out.size() < max_count) {
      uint64_t w;
      while (i + 8 <= n && (std::memcpy(&w, d + i, 8), w == 0)) i += 8;
      if (i + 1 >= n) break;
      if (!(kPrintable[d[i]] && d[i + 1] == 0)) {
        // A pair starting in the next eight bytes needs a printable byte
        // and a zero byte among them: text without zeros and binary data
        // without printable bytes are skipped eight at a time (i keeps its
        // parity).
        if (i + 8 <= n && (std::memcpy(&w, d + i, 8), !has_zero(w) || no_printable(w))) i += 8;
        else i += 2;
        continue;
      }
      std::string s;
      while (i + 1 < n && kPrintable[d[i]] && d[i + 1] == 0) {
        if (s.size() < kMaxStringChars) s.push_back(static_cast<char>(d[i]));
        i += 2;
      }
      if (s.size() >= min_len) out.push_back(std::move(s));
    }
  }
}

}  // namespace

void extract_strings(const uint8_t* d, size_t n, size_t min_len, std::vector<std::string>& ansi,
                     std::vector<std::string>& unicode, size_t max_count) {
  ansi_runs(d, n, min_len, ansi, max_count);
  unicode_runs(d, n, min_len, unicode, max_count);
}

}  // namespace emu::winapi
