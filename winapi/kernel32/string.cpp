// kernel32: code pages, lstr*, string comparison and mapping, locales.
// Code page conversions treat ANSI as Latin-1 (code page 1252's
// printable range) and UTF-8 (65001) as UTF-8.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

std::u16string decode(uint32_t cp, const std::string& bytes) {
  if (cp == 65001) return utf8_to_utf16(bytes);
  return widen_bytes(bytes);
}
std::string encode(uint32_t cp, const std::u16string& w) {
  if (cp == 65001) return utf16_to_utf8(w);
  return narrow_units(w);
}

uint64_t MultiByteToWideChar(Call& c, uint32_t cp, uint32_t, Ptr src, int32_t srclen, Ptr dst, int32_t dstlen) {
  std::string bytes;
  if (srclen < 0) { bytes = c.s.read_astr(src, 1 << 20); bytes.push_back('\0'); }
  else { bytes.resize(static_cast<size_t>(std::min(srclen, 1 << 24))); if (!c.s.mem.read(src, bytes.data(), bytes.size())) return fail(c, kErrInvalidParameter); }
  const std::u16string w = decode(cp, bytes);
  if (dstlen == 0) return w.size();
  if (static_cast<int64_t>(w.size()) > dstlen) return fail(c, kErrInsufficientBuffer);
  c.s.mem.write(dst, w.data(), w.size() * 2);
  return w.size();
}
uint64_t WideCharToMultiByte(Call& c, uint32_t cp, uint32_t, Ptr src, int32_t srclen, Ptr dst, int32_t dstlen, Ptr, Ptr used) {
  std::u16string w;
  if (srclen < 0) { w = c.s.read_wstr(src, 1 << 20); w.push_back(0); }
  else { w.resize(static_cast<size_t>(std::min(srclen, 1 << 24))); if (!c.s.mem.read(src, w.data(), w.size() * 2)) return fail(c, kErrInvalidParameter); }
  const std::string b = encode(cp, w);
  if (used) c.s.write_u32(used, 0);
  if (dstlen == 0) return b.size();
  if (static_cast<int64_t>(b.size()) > dstlen) return fail(c, kErrInsufficientBuffer);
  c.s.mem.write(dst, b.data(), b.size());
  return b.size();
}

template <class S> std::u16string rd(Call& c, uint64_t p, int64_t n = -1) {
  std::u16string v = S::wide ? c.s.read_wstr(p, 1 << 20) : widen_bytes(c.s.read_astr(p, 1 << 20));
  if (n >= 0 && static_cast<size_t>(n) < v.size()) v.resize(static_cast<size_t>(n));
  return v;
}
template <class S> void wr(Call& c, uint64_t p, const std::u16string& v, size_t max = SIZE_MAX) {
  if constexpr (S::wide) c.s.write_wstr(p, v, max);
  else c.s.write_astr(p, narrow_units(v), max);
}
std::u16string fold(std::u16string s) { for (auto& ch : s) if (ch >= u'A' && ch <= u'Z') ch += 32; return s; }

template <class S> uint64_t lstrlen(Call& c, Ptr p) { return p ? rd<S>(c, p).size() : 0; }
template <class S> uint64_t lstrcpy(Call& c, Ptr d, Ptr s) { wr<S>(c, d, rd<S>(c, s)); return d; }
template <class S> uint64_t lstrcpyn(Call& c, Ptr d, Ptr s, int32_t n) { if (n > 0) wr<S>(c, d, rd<S>(c, s), n); return d; }
template <class S> uint64_t lstrcat(Call& c, Ptr d, Ptr s) { wr<S>(c, d, rd<S>(c, d) + rd<S>(c, s)); return d; }
template <class S> uint64_t lstrcmp(Call&, S a, S b) { return static_cast<uint64_t>(static_cast<int64_t>(a.str < b.str ? -1 : a.str > b.str ? 1 : 0)); }
template <class S> uint64_t lstrcmpi(Call& c, S a, S b) {
  const std::string x = lower(a.str), y = lower(b.str);
  (void)c;
  return static_cast<uint64_t>(static_cast<int64_t>(x < y ? -1 : x > y ? 1 : 0));
}
template <class S> uint64_t CompareString(Call& c, uint32_t, uint32_t flags, Ptr a, int32_t na, Ptr b, int32_t nb) {
  auto x = rd<S>(c, a, na), y = rd<S>(c, b, nb);
  if (flags & 1) { x = fold(x); y = fold(y); }  // NORM_IGNORECASE
  return x < y ? 1 : x == y ? 2 : 3;
}
uint64_t CompareStringEx(Call& c, Ptr, uint32_t flags, Ptr a, int32_t na, Ptr b, int32_t nb, Ptr, Ptr, Ptr) {
  return CompareString<WStr>(c, 0, flags, a, na, b, nb);
}
uint64_t CompareStringOrdinal(Call& c, Ptr a, int32_t na, Ptr b, int32_t nb, uint32_t ci) {
  return CompareString<WStr>(c, 0, ci ? 1 : 0, a, na, b, nb);
}
template <class S> uint64_t LCMapString(Call& c, uint32_t, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t dn) {
  auto v = rd<S>(c, src, n);
  if (n < 0) v.push_back(0);
  for (auto& ch : v) {
    if ((flags & 0x100) && ch >= u'a' && ch <= u'z') ch -= 32;  // LCMAP_UPPERCASE
    if ((flags & 0x200) && ch >= u'A' && ch <= u'Z') ch += 32;  // LCMAP_LOWERCASE
  }
  if (dn == 0) return v.size();
  if (static_cast<int64_t>(v.size()) > dn) return fail(c, kErrInsufficientBuffer);
  if constexpr (S::wide) c.s.mem.write(dst, v.data(), v.size() * 2);
  else { auto b = narrow_units(v); c.s.mem.write(dst, b.data(), b.size()); }
  return v.size();
}
uint64_t LCMapStringEx(Call& c, Ptr, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t dn, Ptr, Ptr, Ptr) {
  return LCMapString<WStr>(c, 0, flags, src, n, dst, dn);
}
template <class S> uint64_t GetStringType(Call& c, uint32_t type, Ptr src, int32_t n, Ptr out) {
  auto v = rd<S>(c, src, n);
  for (size_t i = 0; i < v.size(); ++i) {
    const char16_t ch = v[i];
    uint16_t t = 0;
    if (type == 1) {  // CT_CTYPE1
      if (ch >= 'A' && ch <= 'Z') t = 0x1 | 0x100 | 0x80 * (ch <= 'F');
      else if (ch >= 'a' && ch <= 'z') t = 0x2 | 0x100 | 0x80 * (ch <= 'f');
      else if (ch >= '0' && ch <= '9') t = 0x4 | 0x80;
      else if (ch == ' ' || (ch >= 9 && ch <= 13)) t = 0x8 | (ch == ' ' ? 0x40 : 0x20 * (ch != ' '));
      else if (ch < 32 || ch == 127) t = 0x20;
      else if (ch < 128) t = 0x10;
      else t = 0x100;
    }
    c.s.write_u16(out + 2 * i, t);
  }
  return 1;
}
uint64_t GetStringTypeA_(Call& c, uint32_t, uint32_t type, Ptr src, int32_t n, Ptr out) { return GetStringType<AStr>(c, type, src, n, out); }
uint64_t GetACP(Call&) { return 1252; }
uint64_t GetOEMCP(Call&) { return 437; }
uint64_t GetCPInfo(Call& c, uint32_t, Ptr info) {
  std::vector<uint8_t> z(20, 0);
  c.s.mem.write(info, z.data(), z.size());
  c.s.write_u32(info, 1);
  c.s.mem.write_as<uint8_t>(info + 4, '?');
  return 1;
}
uint64_t GetCPInfoExW(Call& c, uint32_t cp, uint32_t, Ptr info) { GetCPInfo(c, cp, info); return 1; }
uint64_t IsValidCodePage(Call&, uint32_t) { return 1; }
// en-US: the locale and language every locale query returns.
constexpr uint64_t kLocaleEnUs = 0x409;
uint64_t IsValidLocale(Call&, uint32_t, uint32_t) { return 1; }
template <class S> uint64_t GetLocaleInfo(Call& c, uint32_t, uint32_t type, Ptr buf, int32_t n) {
  std::string v;
  switch (type & 0xFFFF) {
    case 0x2: case 0x1001: v = "English"; break;              // LOCALE_SLANGUAGE / SENGLANGUAGE
    case 0x3: case 0x59: v = "ENU"; break;
    case 0x5A: v = "US"; break;
    case 0x6: case 0x1002: v = "United States"; break;
    case 0x7: v = "USA"; break;
    case 0xB: v = "437"; break;                                 // LOCALE_IDEFAULTCODEPAGE
    case 0x1004: v = "1252"; break;                             // LOCALE_IDEFAULTANSICODEPAGE
    case 0x5C: v = "en-US"; break;
    case 0xE: v = "."; break;
    case 0xF: v = ","; break;
    default: v = "0"; break;
  }
  return copy_out<S>(c, buf, n, v) ;
}
uint64_t GetLocaleInfoEx(Call& c, WStr, uint32_t type, Ptr buf, int32_t n) { return GetLocaleInfo<WStr>(c, 0x409, type, buf, n); }
uint64_t GetUserDefaultLocaleName(Call& c, Ptr buf, int32_t n) { return copy_out<WStr>(c, buf, n, "en-US") + 1; }
uint64_t IsDBCSLeadByte(Call&, uint32_t) { return 0; }
uint64_t AreFileApisANSI(Call&) { return 1; }
uint64_t EnumSystemLocales(Call&, Ptr, uint32_t) { return 1; }

}  // namespace

void register_kernel32_string(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&MultiByteToWideChar>("MultiByteToWideChar");
  t.add<&WideCharToMultiByte>("WideCharToMultiByte");
  t.add<&lstrlen<AStr>>("lstrlenA");
  t.add<&lstrlen<WStr>>("lstrlenW");
  t.add<&lstrlen<AStr>>("lstrlen");
  t.add<&lstrcpy<AStr>>("lstrcpyA");
  t.add<&lstrcpy<WStr>>("lstrcpyW");
  t.add<&lstrcpy<AStr>>("lstrcpy");
  t.add<&lstrcpyn<AStr>>("lstrcpynA");
  t.add<&lstrcpyn<WStr>>("lstrcpynW");
  t.add<&lstrcat<AStr>>("lstrcatA");
  t.add<&lstrcat<WStr>>("lstrcatW");
  t.add<&lstrcat<AStr>>("lstrcat");
  t.add<&lstrcmp<AStr>>("lstrcmpA");
  t.add<&lstrcmp<WStr>>("lstrcmpW");
  t.add<&lstrcmp<AStr>>("lstrcmp");
  t.add<&lstrcmpi<AStr>>("lstrcmpiA");
  t.add<&lstrcmpi<WStr>>("lstrcmpiW");
  t.add<&lstrcmpi<AStr>>("lstrcmpi");
  t.add<&CompareString<AStr>>("CompareStringA");
  t.add<&CompareString<WStr>>("CompareStringW");
  t.add<&CompareStringEx>("CompareStringEx");
  t.add<&CompareStringOrdinal>("CompareStringOrdinal");
  t.add<&LCMapString<AStr>>("LCMapStringA");
  t.add<&LCMapString<WStr>>("LCMapStringW");
  t.add<&LCMapStringEx>("LCMapStringEx");
  t.add<&GetStringType<WStr>>("GetStringTypeW");
  t.add<&GetStringTypeA_>("GetStringTypeA");
  t.add<&GetStringTypeA_>("GetStringTypeExA");
  t.add<&GetACP>("GetACP");
  t.add<&GetOEMCP>("GetOEMCP");
  t.add<&GetCPInfo>("GetCPInfo");
  t.add<&GetCPInfoExW>("GetCPInfoExW");
  t.add<&IsValidCodePage>("IsValidCodePage");
  for (const char* n : {"GetUserDefaultLCID", "GetSystemDefaultLCID", "GetUserDefaultLangID", "GetSystemDefaultLangID",
                        "GetUserDefaultUILanguage", "GetSystemDefaultUILanguage", "GetThreadLocale", "GetThreadUILanguage"})
    t.add<constant_result<kLocaleEnUs, 0>>(n);
  t.add<&IsValidLocale>("IsValidLocale");
  t.add<&GetLocaleInfo<AStr>>("GetLocaleInfoA");
  t.add<&GetLocaleInfo<WStr>>("GetLocaleInfoW");
  t.add<&GetLocaleInfoEx>("GetLocaleInfoEx");
  t.add<&GetUserDefaultLocaleName>("GetUserDefaultLocaleName");
  t.add<&IsDBCSLeadByte>("IsDBCSLeadByte");
  t.add<&AreFileApisANSI>("AreFileApisANSI");
  t.add<&EnumSystemLocales>("EnumSystemLocalesA");
  t.add<&EnumSystemLocales>("EnumSystemLocalesW");
}

}  // namespace emu::winapi
