#include "winapi/core/printf.h"

#include <cstdio>
#include <cstring>

namespace emu::winapi {

std::u16string widen_bytes(std::string_view s) {
  std::u16string r;
  r.reserve(s.size());
  for (char c : s) r.push_back(static_cast<uint8_t>(c));
  return r;
}

std::string narrow_units(std::u16string_view s) {
  std::string r;
  r.reserve(s.size());
  for (char16_t c : s) r.push_back(c < 0x100 ? static_cast<char>(c) : '?');
  return r;
}

namespace {

struct Spec {
  std::string flags;
  int width = -1;
  int precision = -1;
  enum Len { None, Short, Char, Long, LongLong, Size, LongDouble, Wide } len = None;
};

uint64_t take64(VarArgs& a) {
  if (a.slot_size == 8) return a.next_slot();
  const uint64_t lo = a.next_slot() & 0xFFFFFFFFu;
  const uint64_t hi = a.next_slot() & 0xFFFFFFFFu;
  return lo | (hi << 32);
}

// Pads `body` to the width per the flags (numbers are padded by snprintf).
std::u16string pad(std::u16string body, const Spec& s) {
  if (s.width > 0 && static_cast<int>(body.size()) < s.width) {
    const size_t n = static_cast<size_t>(s.width) - body.size();
    if (s.flags.find('-') != std::string::npos) body.append(n, u' ');
    else body.insert(0, n, u' ');
  }
  return body;
}

}  // namespace

std::u16string format_printf(std::u16string_view fmt, bool wide, VarArgs& a, size_t max_out) {
  std::u16string out;
  size_t i = 0;
  int guard = 0;
  while (i < fmt.size() && out.size() < max_out) {
    const char16_t c = fmt[i++];
    if (c != u'%') { out.push_back(c); continue; }
    if (i >= fmt.size()) break;
    if (fmt[i] == u'%') { out.push_back(u'%'); ++i; continue; }
    if (++guard > 4096) break;  // hostile formats with thousands of specs
    Spec s;
    while (i < fmt.size() && std::u16string_view(u"-+ #0").find(fmt[i]) != std::u16string_view::npos)
      s.flags.push_back(static_cast<char>(fmt[i++]));
    if (i < fmt.size() && fmt[i] == u'*') {
      int32_t w = static_cast<int32_t>(a.next_slot());
      if (w < 0) { s.flags.push_back('-'); w = -w; }
      s.width = std::min(w, 4096);
      ++i;
    } else {
      while (i < fmt.size() && fmt[i] >= u'0' && fmt[i] <= u'9') {
        s.width = std::min((s.width < 0 ? 0 : s.width) * 10 + (fmt[i] - u'0'), 4096);
        ++i;
      }
    }
    if (i < fmt.size() && fmt[i] == u'.') {
      ++i;
      s.precision = 0;
      if (i < fmt.size() && fmt[i] == u'*') {
        int32_t p = static_cast<int32_t>(a.next_slot());
        s.precision = p < 0 ? -1 : std::min(p, 4096);
        ++i;
      } else {
        while (i < fmt.size() && fmt[i] >= u'0' && fmt[i] <= u'9') {
          s.precision = std::min(s.precision * 10 + (fmt[i] - u'0'), 4096);
          ++i;
        }
      }
    }
    // Length modifiers, MSVC's included (I64, I32, I, w).
    while (i < fmt.size()) {
      const char16_t m = fmt[i];
      if (m == u'h') { s.len = (s.len == Spec::Short) ? Spec::Char : Spec::Short; ++i; }
      else if (m == u'l') { s.len = (s.len == Spec::Long) ? Spec::LongLong : Spec::Long; ++i; }
      else if (m == u'L') { s.len = Spec::LongDouble; ++i; }
      else if (m == u'w') { s.len = Spec::Wide; ++i; }
      else if (m == u'z' || m == u't' || m == u'j') { s.len = m == u'j' ? Spec::LongLong : Spec::Size; ++i; }
      else if (m == u'q') { s.len = Spec::LongLong; ++i; }
      else if (m == u'I') {
        if (fmt.substr(i, 3) == u"I64") { s.len = Spec::LongLong; i += 3; }
        else if (fmt.substr(i, 3) == u"I32") { s.len = Spec::None; i += 3; }
        else { s.len = Spec::Size; ++i; }
      } else break;
    }
    if (i >= fmt.size()) break;
    const char16_t t = fmt[i++];
    char spec[64];
    char buf[512];
    switch (t) {
      case u'd': case u'i': case u'u': case u'x': case u'X': case u'o': {
        uint64_t v;
        const bool is64 = s.len == Spec::LongLong || (s.len == Spec::Size && a.slot_size == 8);
        v = is64 ? take64(a) : (a.next_slot() & 0xFFFFFFFFu);
        const bool sign = (t == u'd' || t == u'i');
        if (!is64) {
          if (s.len == Spec::Short) v = sign ? uint64_t(int64_t(int16_t(v))) : uint16_t(v);
          else if (s.len == Spec::Char) v = sign ? uint64_t(int64_t(int8_t(v))) : uint8_t(v);
          else if (sign) v = uint64_t(int64_t(int32_t(v)));
        }
        std::snprintf(spec, sizeof spec, "%%%s%s%s%sll%c", s.flags.c_str(),
                      s.width >= 0 ? std::to_string(s.width).c_str() : "",
                      s.precision >= 0 ? "." : "",
                      s.precision >= 0 ? std::to_string(s.precision).c_str() : "", static_cast<char>(t));
        std::snprintf(buf, sizeof buf, spec, static_cast<long long>(v));
        out += widen_bytes(buf);
        break;
      }
      case u'p': {
        const uint64_t v = a.slot_size == 8 ? a.next_slot() : (a.next_slot() & 0xFFFFFFFFu);
        std::snprintf(buf, sizeof buf, a.slot_size == 8 ? "%016llX" : "%08llX", static_cast<unsigned long long>(v));
        out += pad(widen_bytes(buf), s);
        break;
      }
      case u'c': case u'C': {
        const uint64_t v = a.next_slot();
        const bool wch = (t == u'C') != wide ? true : false;
        (void)wch;
        char16_t ch = (s.len == Spec::Long || s.len == Spec::Wide || (wide ? t == u'c' : t == u'C'))
                          ? static_cast<char16_t>(v)
                          : static_cast<char16_t>(static_cast<uint8_t>(v));
        if (s.len == Spec::Short) ch = static_cast<uint8_t>(v);
        out += pad(std::u16string(1, ch), s);
        break;
      }
      case u's': case u'S': case u'Z': {
        const uint64_t p = a.slot_size == 8 ? a.next_slot() : (a.next_slot() & 0xFFFFFFFFu);
        bool wstr = wide ? (t == u's') : (t == u'S');
        if (s.len == Spec::Long || s.len == Spec::Wide) wstr = true;
        if (s.len == Spec::Short) wstr = false;
        std::u16string body;
        if (t == u'Z') {  // ANSI_STRING / UNICODE_STRING pointer
          body = u"(Z)";
        } else if (p == 0) {
          body = u"(null)";
        } else if (wstr) {
          body = a.read_wstr(p);
        } else {
          body = widen_bytes(a.read_astr(p));
        }
        if (s.precision >= 0 && body.size() > static_cast<size_t>(s.precision)) body.resize(s.precision);
        out += pad(std::move(body), s);
        break;
      }
      case u'e': case u'E': case u'f': case u'F': case u'g': case u'G': case u'a': case u'A': {
        const uint64_t bits = take64(a);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        std::snprintf(spec, sizeof spec, "%%%s%s%s%s%c", s.flags.c_str(),
                      s.width >= 0 ? std::to_string(s.width).c_str() : "",
                      s.precision >= 0 ? "." : "",
                      s.precision >= 0 ? std::to_string(s.precision).c_str() : "", static_cast<char>(t));
        std::snprintf(buf, sizeof buf, spec, d);
        out += widen_bytes(buf);
        break;
      }
      case u'n':
        a.next_slot();  // never written: a classic exploit primitive
        break;
      default:
        out.push_back(u'%');
        out.push_back(t);
        break;
    }
  }
  if (out.size() > max_out) out.resize(max_out);
  return out;
}

std::string format_printf_narrow(std::string_view fmt, VarArgs& args, size_t max_out) {
  return narrow_units(format_printf(widen_bytes(fmt), false, args, max_out));
}

}  // namespace emu::winapi
