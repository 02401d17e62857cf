// crypt32 string encodings: base64 and hex to binary and back.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

template <class S> uint64_t CryptStringToBinary(Call& c, S str, uint32_t n, uint32_t flags, Ptr out, Ptr outlen, Ptr, Ptr fl) {
  std::string s = str.str;
  if (n && n < s.size()) s.resize(n);
  std::vector<uint8_t> bin;
  if ((flags & 0xF) == 4 || (flags & 0xF) == 0xC) {  // CRYPT_STRING_HEX*
    std::string h;
    for (char ch : s) if (std::isxdigit(static_cast<unsigned char>(ch))) h += ch;
    for (size_t i = 0; i + 1 < h.size(); i += 2) bin.push_back(static_cast<uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
  } else {
    static const std::string tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint32_t acc = 0;
    int bits = 0;
    for (char ch : s) {
      const size_t v = tbl.find(ch);
      if (v == std::string::npos) continue;
      acc = (acc << 6) | static_cast<uint32_t>(v);
      bits += 6;
      if (bits >= 8) { bits -= 8; bin.push_back(static_cast<uint8_t>(acc >> bits)); }
    }
  }
  const uint32_t cap = c.s.read_u32(outlen);
  c.s.write_u32(outlen, static_cast<uint32_t>(bin.size()));
  if (fl) c.s.write_u32(fl, flags & 0xF);
  if (!out) return 1;
  if (cap < bin.size()) return fail(c, kErrMoreData);
  c.s.mem.write(out, bin.data(), bin.size());
  return 1;
}
template <class S> uint64_t CryptBinaryToString(Call& c, Ptr data, uint32_t n, uint32_t, Ptr out, Ptr outlen) {
  std::vector<uint8_t> b(std::min<uint32_t>(n, 16u << 20));
  c.s.mem.read(data, b.data(), b.size());
  static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s;
  for (size_t i = 0; i < b.size(); i += 3) {
    const uint32_t v = (b[i] << 16) | ((i + 1 < b.size() ? b[i + 1] : 0) << 8) | (i + 2 < b.size() ? b[i + 2] : 0);
    s += tbl[(v >> 18) & 63];
    s += tbl[(v >> 12) & 63];
    s += i + 1 < b.size() ? tbl[(v >> 6) & 63] : '=';
    s += i + 2 < b.size() ? tbl[v & 63] : '=';
  }
  s += "\r\n";
  const uint32_t cap = c.s.read_u32(outlen);
  if (!out) { c.s.write_u32(outlen, static_cast<uint32_t>(s.size() + 1)); return 1; }
  if (cap <= s.size()) return fail(c, kErrMoreData);
  c.s.write_str<S>(out, s);
  c.s.write_u32(outlen, static_cast<uint32_t>(s.size()));
  return 1;
}

}  // namespace

void register_crypt32_string_encoding(ApiRegistry& r) {
  auto t = r.table("crypt32");
  t.add<&CryptStringToBinary<AStr>>("CryptStringToBinaryA");
  t.add<&CryptStringToBinary<WStr>>("CryptStringToBinaryW");
  t.add<&CryptBinaryToString<AStr>>("CryptBinaryToStringA");
  t.add<&CryptBinaryToString<WStr>>("CryptBinaryToStringW");
}

}  // namespace emu::winapi
