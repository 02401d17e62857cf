// user32 OEM <-> ANSI text conversion: OemToChar(Buff)A/W and
// CharToOem(Buff)A/W between the OEM code page (437, United States) and
// the ANSI code page (1252) of the emulated system. A character the target
// code page lacks becomes '?' (the system default character; Windows may
// pick a look-alike from its best-fit tables instead).
#include <array>

#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

// Code page 437, bytes 0x80-0xFF, as Unicode.
constexpr std::array<char16_t, 128> kOem437 = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};
// Code page 1252, bytes 0x80-0x9F (0xA0-0xFF are Latin-1); the five
// undefined bytes stand for the C1 controls of the same value, as in
// Windows' table.
constexpr std::array<char16_t, 32> kAnsi1252 = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

char16_t oem_to_unicode(uint8_t b) { return b < 0x80 ? b : kOem437[b - 0x80]; }
char16_t ansi_to_unicode(uint8_t b) { return b < 0x80 || b >= 0xA0 ? b : kAnsi1252[b - 0x80]; }

uint8_t unicode_to(char16_t u, bool oem) {
  if (u < 0x80) return static_cast<uint8_t>(u);
  if (oem) {
    for (size_t i = 0; i < kOem437.size(); ++i)
      if (kOem437[i] == u) return static_cast<uint8_t>(0x80 + i);
    return '?';
  }
  if (u >= 0xA0 && u <= 0xFF) return static_cast<uint8_t>(u);
  for (size_t i = 0; i < kAnsi1252.size(); ++i)
    if (kAnsi1252[i] == u) return static_cast<uint8_t>(0x80 + i);
  return '?';
}

// Reads the source: `len` characters, or up to its NUL when len is absent.
std::string read_bytes(Call& c, uint64_t p, std::optional<uint32_t> len) {
  if (!len) return c.s.read_astr(p, 65536);
  std::string s(std::min<uint32_t>(*len, 1u << 20), '\0');
  c.s.mem.read(p, s.data(), s.size());
  return s;
}
std::u16string read_wide(Call& c, uint64_t p, std::optional<uint32_t> len) {
  if (!len) return c.s.read_wstr(p, 65536);
  std::u16string s(std::min<uint32_t>(*len, 1u << 20), u'\0');
  c.s.mem.read(p, s.data(), s.size() * 2);
  return s;
}

// OEM bytes -> ANSI bytes (A) or UTF-16 (W); the NUL is written when no
// length is given. Always TRUE, except for NULL pointers.
template <class S> uint64_t oem_to_char(Call& c, uint64_t src, uint64_t dst, std::optional<uint32_t> len) {
  if (!src || !dst) return fail(c, kErrInvalidParameter);
  const std::string in = read_bytes(c, src, len);
  const bool nul = !len.has_value();
  if constexpr (S::wide) {
    std::u16string out;
    for (unsigned char b : in) out.push_back(oem_to_unicode(b));
    if (nul) out.push_back(0);
    c.s.mem.write(dst, out.data(), out.size() * 2);
  } else {
    std::string out;
    for (unsigned char b : in) out.push_back(static_cast<char>(unicode_to(oem_to_unicode(b), false)));
    if (nul) out.push_back(0);
    c.s.mem.write(dst, out.data(), out.size());
  }
  return 1;
}

// ANSI bytes (A) or UTF-16 (W) -> OEM bytes.
template <class S> uint64_t char_to_oem(Call& c, uint64_t src, uint64_t dst, std::optional<uint32_t> len) {
  if (!src || !dst) return fail(c, kErrInvalidParameter);
  std::u16string in;
  if constexpr (S::wide) {
    in = read_wide(c, src, len);
  } else {
    for (unsigned char b : read_bytes(c, src, len)) in.push_back(ansi_to_unicode(b));
  }
  std::string out;
  for (char16_t u : in) out.push_back(static_cast<char>(unicode_to(u, true)));
  if (!len) out.push_back(0);
  c.s.mem.write(dst, out.data(), out.size());
  return 1;
}

template <class S> uint64_t OemToChar(Call& c, Ptr src, Ptr dst) { return oem_to_char<S>(c, src, dst, std::nullopt); }
template <class S> uint64_t OemToCharBuff(Call& c, Ptr src, Ptr dst, uint32_t n) { return oem_to_char<S>(c, src, dst, n); }
template <class S> uint64_t CharToOem(Call& c, Ptr src, Ptr dst) { return char_to_oem<S>(c, src, dst, std::nullopt); }
template <class S> uint64_t CharToOemBuff(Call& c, Ptr src, Ptr dst, uint32_t n) { return char_to_oem<S>(c, src, dst, n); }

}  // namespace

void register_user32_oem_char(ApiRegistry& r) {
  auto t = r.table("user32");
  t.add<&OemToChar<AStr>>("OemToCharA");
  t.add<&OemToChar<WStr>>("OemToCharW");
  t.add<&OemToCharBuff<AStr>>("OemToCharBuffA");
  t.add<&OemToCharBuff<WStr>>("OemToCharBuffW");
  t.add<&CharToOem<AStr>>("CharToOemA");
  t.add<&CharToOem<WStr>>("CharToOemW");
  t.add<&CharToOemBuff<AStr>>("CharToOemBuffA");
  t.add<&CharToOemBuff<WStr>>("CharToOemBuffW");
}

}  // namespace emu::winapi
