#include "winapi/net/crack_url.h"

#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

// A component as a run of the original string (byte offsets into UTF-8).
struct Span { size_t at = 0, size = 0; };

struct UrlParts {
  Span scheme, host, user, password, path, extra;
  uint32_t scheme_number = 0xFFFFFFFF;  // INTERNET_SCHEME_UNKNOWN
  uint16_t port = 0;
};

UrlParts split_url(const std::string& u) {
  UrlParts r;
  size_t pos = 0;
  const size_t colon = u.find(':');
  if (colon != std::string::npos && colon > 0 && u.find_first_of("/?#") > colon) {
    r.scheme = {0, colon};
    pos = colon + 1;
  }
  const std::string scheme = lower(u.substr(r.scheme.at, r.scheme.size));
  // INTERNET_SCHEME_FTP 1, GOPHER 2, HTTP 3, HTTPS 4, FILE 5, NEWS 6, MAILTO 7.
  if (scheme == "ftp") { r.scheme_number = 1; r.port = 21; }
  else if (scheme == "http") { r.scheme_number = 3; r.port = 80; }
  else if (scheme == "https") { r.scheme_number = 4; r.port = 443; }
  else if (scheme == "file") r.scheme_number = 5;
  else if (scheme == "mailto") r.scheme_number = 7;
  if (u.compare(pos, 2, "//") == 0) {
    pos += 2;
    const size_t end = std::min(u.find_first_of("/?#", pos), u.size());
    size_t host_at = pos;
    const size_t at = u.rfind('@', end == 0 ? 0 : end - 1);
    if (at != std::string::npos && at >= pos && at < end) {
      const size_t pw = u.find(':', pos);
      if (pw != std::string::npos && pw < at) {
        r.user = {pos, pw - pos};
        r.password = {pw + 1, at - pw - 1};
      } else {
        r.user = {pos, at - pos};
      }
      host_at = at + 1;
    }
    size_t host_end = end;
    const size_t port_colon = u.find(':', host_at);
    if (port_colon != std::string::npos && port_colon < end) {
      host_end = port_colon;
      r.port = static_cast<uint16_t>(std::strtoul(u.c_str() + port_colon + 1, nullptr, 10));
    }
    r.host = {host_at, host_end - host_at};
    pos = end;
  }
  const size_t extra = std::min(u.find_first_of("?#", pos), u.size());
  r.path = {pos, extra - pos};
  r.extra = {extra, u.size() - extra};
  return r;
}

// Guest units (bytes or UTF-16 code units) of the first `n` bytes of `s`.
uint64_t units(const std::string& s, size_t n, bool wide) {
  const std::string_view head(s.data(), n);
  return wide ? utf8_to_utf16(head).size() : utf8_to_ansi(head).size();
}

}  // namespace

uint64_t crack_url(Call& c, const std::string& url, uint64_t url_ptr, bool wide, uint64_t components) {
  if (!components || url.empty()) return fail(c, kErrInvalidParameter);
  const unsigned ps = c.s.ptr_size;
  const UrlParts p = split_url(url);
  // URL_COMPONENTS: DWORD dwStructSize, then (pointer, DWORD length) pairs,
  // nScheme after the scheme's and nPort after the host's; pointers are
  // aligned to their size (x86: 4, 0xC, 0x10, 0x18, 0x1C, 0x24, 0x2C, 0x34;
  // x64: 8, 0x14, 0x18, 0x24, 0x28, 0x38, 0x48, 0x58).
  const uint64_t pair = ps == 8 ? 16 : 8;           // pointer + length, padded
  const uint64_t with_number = ps == 8 ? 16 : 12;   // pointer + length + nScheme / nPort
  const uint64_t scheme_at = components + ps;
  const uint64_t scheme_number_at = scheme_at + ps + 4;
  const uint64_t host_at = scheme_at + with_number;
  const uint64_t port_at = host_at + ps + 4;
  const uint64_t user_at = host_at + with_number;
  const uint64_t password_at = user_at + pair;
  const uint64_t path_at = password_at + pair;
  const uint64_t extra_at = path_at + pair;
  const uint32_t unit = wide ? 2 : 1;
  const bool extra_wanted = c.s.read_ptr(extra_at) || c.s.read_u32(extra_at + ps);
  bool too_small = false;
  auto put = [&](uint64_t at, Span span) {
    const uint64_t buffer = c.s.read_ptr(at);
    const uint32_t capacity = c.s.read_u32(at + ps);
    if (!buffer && !capacity) return;  // not asked for
    const uint64_t offset = units(url, span.at, wide);
    const uint64_t length = units(url, span.at + span.size, wide) - offset;
    if (!buffer) {
      // A pointer into the caller's own string, as documented.
      c.s.write_ptr(at, url_ptr + offset * unit);
      c.s.write_u32(at + ps, static_cast<uint32_t>(length));
      return;
    }
    if (length + 1 > capacity) {
      c.s.write_u32(at + ps, static_cast<uint32_t>(length + 1));
      too_small = true;
      return;
    }
    const std::string text = url.substr(span.at, span.size);
    if (wide) c.s.write_wstr(buffer, utf8_to_utf16(text));
    else c.s.write_astr(buffer, utf8_to_ansi(text));
    c.s.write_u32(at + ps, static_cast<uint32_t>(length));
  };
  Span path = p.path;
  if (!extra_wanted) path.size += p.extra.size;  // the path keeps the query when no one asks for it apart
  put(scheme_at, p.scheme);
  c.s.write_u32(scheme_number_at, p.scheme_number);
  put(host_at, p.host);
  c.s.write_u16(port_at, p.port);
  put(user_at, p.user);
  put(password_at, p.password);
  put(path_at, path);
  if (extra_wanted) put(extra_at, p.extra);
  return too_small ? fail(c, kErrInsufficientBuffer) : 1;
}

}  // namespace emu::winapi
