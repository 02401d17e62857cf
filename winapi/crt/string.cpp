// The C runtime's memory and string functions over guest memory.
#include <cctype>

#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr uint64_t kMaxBlock = 256ull << 20;

[[noreturn]] void bad_access(Call& c, uint64_t addr, bool write) {
  boost::json::object e = c.s.fault_error(write ? "invalid_write" : "invalid_read", c.return_address, addr,
                                          write ? "write" : "read");
  e["api_name"] = c.api_name;
  c.s.end_with_error(std::move(e));
}

std::vector<uint8_t> read_block(Call& c, uint64_t src, uint64_t n) {
  std::vector<uint8_t> buf(n);
  if (n && !c.s.mem.read(src, buf.data(), n)) bad_access(c, src, false);
  return buf;
}
void write_block(Call& c, uint64_t dst, const std::vector<uint8_t>& b) {
  if (!b.empty() && !c.s.mem.is_range_mapped(dst, b.size())) bad_access(c, dst, true);
  c.s.mem.write(dst, b.data(), b.size());
}

uint64_t memset_(Call& c, Ptr dst, uint32_t v, uint64_t n) {
  if (n > kMaxBlock) bad_access(c, dst, true);
  write_block(c, dst, std::vector<uint8_t>(n, static_cast<uint8_t>(v)));
  return dst;
}
uint64_t memcpy_(Call& c, Ptr dst, Ptr src, uint64_t n) {
  if (n > kMaxBlock) bad_access(c, src, false);
  write_block(c, dst, read_block(c, src, n));
  return dst;
}
uint64_t memcpy_s_(Call& c, Ptr dst, uint64_t size, Ptr src, uint64_t n) {
  if (n > size) return 34;  // ERANGE
  memcpy_(c, dst, src, n);
  return 0;
}
uint64_t memcmp_(Call& c, Ptr a, Ptr b, uint64_t n) {
  if (n > kMaxBlock) bad_access(c, a, false);
  auto x = read_block(c, a, n), y = read_block(c, b, n);
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? static_cast<uint64_t>(-1) : 1;
  return 0;
}
uint64_t memchr_(Call& c, Ptr p, uint32_t ch, uint64_t n) {
  auto x = read_block(c, p, std::min(n, kMaxBlock));
  for (size_t i = 0; i < x.size(); ++i) if (x[i] == static_cast<uint8_t>(ch)) return p + i;
  return 0;
}

// Narrow and wide strings through one body: S selects the unit.
template <class S> std::u16string rd(Call& c, uint64_t p) {
  if constexpr (S::wide) return c.s.read_wstr(p, 1 << 20);
  else return widen_bytes(c.s.read_astr(p, 1 << 20));
}
template <class S> void wr(Call& c, uint64_t p, const std::u16string& s) {
  if constexpr (S::wide) c.s.write_wstr(p, s);
  else c.s.write_astr(p, narrow_units(s));
}
constexpr unsigned unit(bool wide) { return wide ? 2 : 1; }

template <class S> uint64_t strlen_(Call& c, Ptr p) { if (!p) bad_access(c, 0, false); return rd<S>(c, p).size(); }
template <class S> uint64_t strnlen_(Call& c, Ptr p, uint64_t n) { return std::min<uint64_t>(rd<S>(c, p).size(), n); }
template <class S> uint64_t strcpy_(Call& c, Ptr d, Ptr s) { if (!d || !s) bad_access(c, d ? s : d, !d); wr<S>(c, d, rd<S>(c, s)); return d; }
template <class S> uint64_t strcpy_s_(Call& c, Ptr d, uint64_t n, Ptr s) {
  auto v = rd<S>(c, s);
  if (v.size() >= n) return 34;
  wr<S>(c, d, v);
  return 0;
}
template <class S> uint64_t strncpy_(Call& c, Ptr d, Ptr s, uint64_t n) {
  auto v = rd<S>(c, s);
  if (n > kMaxBlock) bad_access(c, d, true);
  v.resize(n, u'\0');  // pads with NULs like strncpy
  std::vector<uint8_t> b(n * unit(S::wide));
  for (size_t i = 0; i < n; ++i) {
    if constexpr (S::wide) { b[2 * i] = v[i] & 0xFF; b[2 * i + 1] = v[i] >> 8; }
    else b[i] = static_cast<uint8_t>(v[i]);
  }
  write_block(c, d, b);
  return d;
}
template <class S> uint64_t strcat_(Call& c, Ptr d, Ptr s) { wr<S>(c, d, rd<S>(c, d) + rd<S>(c, s)); return d; }
template <class S> uint64_t strcat_s_(Call& c, Ptr d, uint64_t, Ptr s) { wr<S>(c, d, rd<S>(c, d) + rd<S>(c, s)); return 0; }
template <class S> uint64_t strncat_(Call& c, Ptr d, Ptr s, uint64_t n) {
  auto v = rd<S>(c, s);
  if (v.size() > n) v.resize(n);
  wr<S>(c, d, rd<S>(c, d) + v);
  return d;
}
std::u16string fold(std::u16string s) { for (auto& ch : s) if (ch >= u'A' && ch <= u'Z') ch = ch - u'A' + u'a'; return s; }
int cmp(const std::u16string& a, const std::u16string& b) { return a < b ? -1 : a > b ? 1 : 0; }
template <class S> uint64_t strcmp_(Call& c, Ptr a, Ptr b) { return static_cast<uint64_t>(static_cast<int64_t>(cmp(rd<S>(c, a), rd<S>(c, b)))); }
template <class S> uint64_t stricmp_(Call& c, Ptr a, Ptr b) { return static_cast<uint64_t>(static_cast<int64_t>(cmp(fold(rd<S>(c, a)), fold(rd<S>(c, b))))); }
template <class S> uint64_t strncmp_(Call& c, Ptr a, Ptr b, uint64_t n) {
  auto x = rd<S>(c, a), y = rd<S>(c, b);
  if (x.size() > n) x.resize(n);
  if (y.size() > n) y.resize(n);
  return static_cast<uint64_t>(static_cast<int64_t>(cmp(x, y)));
}
template <class S> uint64_t strnicmp_(Call& c, Ptr a, Ptr b, uint64_t n) {
  auto x = fold(rd<S>(c, a)), y = fold(rd<S>(c, b));
  if (x.size() > n) x.resize(n);
  if (y.size() > n) y.resize(n);
  return static_cast<uint64_t>(static_cast<int64_t>(cmp(x, y)));
}
template <class S> uint64_t strchr_(Call& c, Ptr p, uint32_t ch) {
  auto v = rd<S>(c, p);
  const char16_t u = S::wide ? static_cast<char16_t>(ch) : static_cast<uint8_t>(ch);
  if (u == 0) return p + v.size() * unit(S::wide);
  const size_t i = v.find(u);
  return i == std::u16string::npos ? 0 : p + i * unit(S::wide);
}
template <class S> uint64_t strrchr_(Call& c, Ptr p, uint32_t ch) {
  auto v = rd<S>(c, p);
  const char16_t u = S::wide ? static_cast<char16_t>(ch) : static_cast<uint8_t>(ch);
  if (u == 0) return p + v.size() * unit(S::wide);
  const size_t i = v.rfind(u);
  return i == std::u16string::npos ? 0 : p + i * unit(S::wide);
}
template <class S> uint64_t strstr_(Call& c, Ptr h, Ptr n) {
  auto a = rd<S>(c, h), b = rd<S>(c, n);
  const size_t i = a.find(b);
  return i == std::u16string::npos ? 0 : h + i * unit(S::wide);
}
template <class S> uint64_t strdup_(Call& c, Ptr p) {
  auto v = rd<S>(c, p);
  const uint64_t d = c.s.heap_alloc((v.size() + 1) * unit(S::wide));
  wr<S>(c, d, v);
  return d;
}
template <class S, bool Upper> uint64_t strcase_(Call& c, Ptr p) {
  auto v = rd<S>(c, p);
  for (auto& ch : v) {
    if (Upper && ch >= u'a' && ch <= u'z') ch = ch - u'a' + u'A';
    if (!Upper && ch >= u'A' && ch <= u'Z') ch = ch - u'A' + u'a';
  }
  wr<S>(c, p, v);
  return p;
}
template <class S> uint64_t strtol_(Call& c, Ptr p, Ptr end, int32_t base) {
  const std::string s = utf16_to_utf8(rd<S>(c, p));
  char* e = nullptr;
  const long long v = std::strtoll(s.c_str(), &e, base);
  if (end) c.s.write_ptr(end, p + (e - s.c_str()) * unit(S::wide));
  return static_cast<uint64_t>(static_cast<int64_t>(std::max<long long>(std::min<long long>(v, INT32_MAX), INT32_MIN)));
}
template <class S> uint64_t strtoul_(Call& c, Ptr p, Ptr end, int32_t base) {
  const std::string s = utf16_to_utf8(rd<S>(c, p));
  char* e = nullptr;
  const unsigned long long v = std::strtoull(s.c_str(), &e, base);
  if (end) c.s.write_ptr(end, p + (e - s.c_str()) * unit(S::wide));
  return v & 0xFFFFFFFF;
}
template <class S> uint64_t atoi_(Call& c, Ptr p) {
  return static_cast<uint64_t>(static_cast<int64_t>(std::atoi(utf16_to_utf8(rd<S>(c, p)).c_str())));
}
template <class S> uint64_t atoi64_(Call& c, Ptr p) {
  const int64_t v = std::atoll(utf16_to_utf8(rd<S>(c, p)).c_str());
  c.set_high = true;
  c.high = static_cast<uint64_t>(v) >> 32;
  return static_cast<uint64_t>(v);
}
template <class S> uint64_t itoa_(Call& c, int32_t v, Ptr buf, int32_t radix) {
  if (radix < 2 || radix > 36) return buf;
  std::string s;
  uint64_t u = (radix == 10 && v < 0) ? static_cast<uint64_t>(-static_cast<int64_t>(v)) : static_cast<uint32_t>(v);
  do { const int d = static_cast<int>(u % radix); s.insert(s.begin(), static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10)); u /= radix; } while (u);
  if (radix == 10 && v < 0) s.insert(s.begin(), '-');
  wr<S>(c, buf, widen_bytes(s));
  return buf;
}
uint64_t mbstowcs_(Call& c, Ptr dst, Ptr src, uint64_t n) {
  auto v = widen_bytes(c.s.read_astr(src, 1 << 20));
  if (!dst) return v.size();
  if (v.size() > n) v.resize(n);
  c.s.write_wstr(dst, v, v.size() + 1 > n ? n : v.size() + 1);
  return v.size();
}
uint64_t wcstombs_(Call& c, Ptr dst, Ptr src, uint64_t n) {
  auto v = narrow_units(c.s.read_wstr(src, 1 << 20));
  if (!dst) return v.size();
  if (v.size() > n) v.resize(n);
  c.s.write_astr(dst, v, v.size() + 1 > n ? n : v.size() + 1);
  return v.size();
}
uint64_t tolower_(Call&, uint32_t ch) { return (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch; }
uint64_t toupper_(Call&, uint32_t ch) { return (ch >= 'a' && ch <= 'z') ? ch - 32 : ch; }
uint64_t isalpha_(Call&, uint32_t ch) { return ch < 256 && std::isalpha(static_cast<int>(ch)) ? 0x103 : 0; }
uint64_t isdigit_(Call&, uint32_t ch) { return ch < 256 && std::isdigit(static_cast<int>(ch)) ? 4 : 0; }
uint64_t isspace_(Call&, uint32_t ch) { return ch < 256 && std::isspace(static_cast<int>(ch)) ? 8 : 0; }
uint64_t isalnum_(Call&, uint32_t ch) { return ch < 256 && std::isalnum(static_cast<int>(ch)) ? 0x107 : 0; }
uint64_t isupper_(Call&, uint32_t ch) { return ch < 256 && std::isupper(static_cast<int>(ch)) ? 1 : 0; }
uint64_t islower_(Call&, uint32_t ch) { return ch < 256 && std::islower(static_cast<int>(ch)) ? 2 : 0; }
uint64_t isxdigit_(Call&, uint32_t ch) { return ch < 256 && std::isxdigit(static_cast<int>(ch)) ? 0x80 : 0; }
uint64_t isprint_(Call&, uint32_t ch) { return ch < 256 && std::isprint(static_cast<int>(ch)) ? 0x157 : 0; }
uint64_t abs_(Call&, int32_t v) { return static_cast<uint32_t>(v < 0 ? -v : v); }

}  // namespace

void register_crt_string(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  t.add<&memset_>("memset");
  t.add<&memcpy_>("memcpy");
  t.add<&memcpy_>("memmove");
  t.add<&memcpy_s_>("memcpy_s");
  t.add<&memcpy_s_>("memmove_s");
  t.add<&memcmp_>("memcmp");
  t.add<&memchr_>("memchr");
  t.add<&strlen_<AStr>>("strlen");
  t.add<&strlen_<WStr>>("wcslen");
  t.add<&strnlen_<AStr>>("strnlen");
  t.add<&strnlen_<WStr>>("wcsnlen");
  t.add<&strcpy_<AStr>>("strcpy");
  t.add<&strcpy_<WStr>>("wcscpy");
  t.add<&strcpy_s_<AStr>>("strcpy_s");
  t.add<&strcpy_s_<WStr>>("wcscpy_s");
  t.add<&strncpy_<AStr>>("strncpy");
  t.add<&strncpy_<WStr>>("wcsncpy");
  t.add<&strcat_<AStr>>("strcat");
  t.add<&strcat_<WStr>>("wcscat");
  t.add<&strcat_s_<AStr>>("strcat_s");
  t.add<&strcat_s_<WStr>>("wcscat_s");
  t.add<&strncat_<AStr>>("strncat");
  t.add<&strncat_<WStr>>("wcsncat");
  t.add<&strcmp_<AStr>>("strcmp");
  t.add<&strcmp_<WStr>>("wcscmp");
  t.add<&stricmp_<AStr>>("_stricmp");
  t.add<&stricmp_<AStr>>("_strcmpi");
  t.add<&stricmp_<AStr>>("stricmp");
  t.add<&stricmp_<WStr>>("_wcsicmp");
  t.add<&strncmp_<AStr>>("strncmp");
  t.add<&strncmp_<WStr>>("wcsncmp");
  t.add<&strnicmp_<AStr>>("_strnicmp");
  t.add<&strnicmp_<WStr>>("_wcsnicmp");
  t.add<&strchr_<AStr>>("strchr");
  t.add<&strchr_<WStr>>("wcschr");
  t.add<&strrchr_<AStr>>("strrchr");
  t.add<&strrchr_<WStr>>("wcsrchr");
  t.add<&strstr_<AStr>>("strstr");
  t.add<&strstr_<WStr>>("wcsstr");
  t.add<&strdup_<AStr>>("_strdup");
  t.add<&strdup_<WStr>>("_wcsdup");
  t.add<&strcase_<AStr, false>>("_strlwr");
  t.add<&strcase_<AStr, true>>("_strupr");
  t.add<&strcase_<WStr, false>>("_wcslwr");
  t.add<&strcase_<WStr, true>>("_wcsupr");
  t.add<&strtol_<AStr>>("strtol");
  t.add<&strtol_<WStr>>("wcstol");
  t.add<&strtoul_<AStr>>("strtoul");
  t.add<&strtoul_<WStr>>("wcstoul");
  t.add<&atoi_<AStr>>("atoi");
  t.add<&atoi_<AStr>>("atol");
  t.add<&atoi_<WStr>>("_wtoi");
  t.add<&atoi_<WStr>>("_wtol");
  t.add<&atoi64_<AStr>>("_atoi64");
  t.add<&itoa_<AStr>>("_itoa");
  t.add<&itoa_<AStr>>("_ltoa");
  t.add<&itoa_<AStr>>("_ultoa");
  t.add<&itoa_<WStr>>("_itow");
  t.add<&itoa_<WStr>>("_ltow");
  t.add<&mbstowcs_>("mbstowcs");
  t.add<&wcstombs_>("wcstombs");
  t.add<&tolower_>("tolower");
  t.add<&toupper_>("toupper");
  t.add<&tolower_>("towlower");
  t.add<&toupper_>("towupper");
  t.add<&isalpha_>("isalpha");
  t.add<&isdigit_>("isdigit");
  t.add<&isspace_>("isspace");
  t.add<&isalnum_>("isalnum");
  t.add<&isupper_>("isupper");
  t.add<&islower_>("islower");
  t.add<&isxdigit_>("isxdigit");
  t.add<&isprint_>("isprint");
  t.add<&isalpha_>("iswalpha");
  t.add<&isdigit_>("iswdigit");
  t.add<&isspace_>("iswspace");
  t.add<&abs_>("abs");
  t.add<&abs_>("labs");
}

}  // namespace emu::winapi
