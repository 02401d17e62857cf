#include "winapi/core/msvc_mangled_args.h"

#include <vector>

namespace emu::winapi {
namespace {

// A recursive-descent reader of the parts of the Microsoft mangling grammar
// that function signatures use. Every step checks the bounds; recursion is
// bounded by kMaxDepth so that hostile names cannot exhaust the host stack.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  std::optional<MsvcFunctionArgs> function() {
    if (!eat('?')) return std::nullopt;
    if (!symbol_name()) return std::nullopt;
    if (at_end()) return std::nullopt;
    MsvcFunctionArgs out;
    const char kind = s_[pos_++];
    bool member = false;
    if (kind >= 'A' && kind <= 'X') {
      const int in_group = (kind - 'A') % 8;   // private A-H, protected I-P, public Q-X
      const bool is_static = in_group == 2 || in_group == 3;
      const bool adjustor_thunk = in_group == 6 || in_group == 7;
      member = !is_static;
      if (adjustor_thunk && !number()) return std::nullopt;
    } else if (kind == 'Y' || kind == 'Z') {
      member = false;
    } else {
      return std::nullopt;  // data ('0'-'4'), vtables ('6', '7'), vtordisp thunks ('$'), ...
    }
    if (member) {
      while (peek() == 'E' || peek() == 'F' || peek() == 'I') ++pos_;  // __ptr64, __unaligned, __restrict
      if (!cv()) return std::nullopt;
    }
    out.member = member;
    if (!function_type(out.conv, out.varargs, out.stack_bytes, 0) || !at_end()) return std::nullopt;
    return out;
  }

 private:
  static constexpr int kMaxDepth = 32;

  bool at_end() const { return pos_ >= s_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  // An identifier up to and including its '@'.
  bool identifier() {
    const size_t start = pos_;
    while (!at_end() && s_[pos_] != '@') ++pos_;
    if (at_end() || pos_ == start) return false;
    ++pos_;
    return true;
  }

  // Encoded number: '0'-'9' stand for 1-10, else hex digits 'A'-'P'
  // ending with '@'; '?' makes it negative. Returns the magnitude.
  std::optional<uint64_t> number() {
    eat('?');
    if (is_digit(peek())) return static_cast<uint64_t>(s_[pos_++] - '0') + 1;
    uint64_t v = 0;
    size_t n = 0;
    while (peek() >= 'A' && peek() <= 'P') { v = (v << 4) | static_cast<uint64_t>(s_[pos_++] - 'A'); ++n; }
    if (n == 0 || n > 16 || !eat('@')) return std::nullopt;
    return v;
  }

  // The symbol's own name and its scopes, up to the '@' closing them.
  bool symbol_name() {
    if (peek() == '?' && peek(1) != '$') {
      ++pos_;  // operator, constructor ('?0'), destructor ('?1'), '?_G', '?__F', ...
      if (eat('_')) eat('_');
      if (at_end()) return false;
      ++pos_;
    } else if (!name_fragment(0)) {
      return false;
    }
    return scopes(0);
  }

  // Fragments up to the empty one ('@') that ends a qualified name.
  bool scopes(int depth) {
    while (!eat('@')) {
      if (at_end() || !name_fragment(depth)) return false;
    }
    return true;
  }

  bool qualified_name(int depth) {
    if (!name_fragment(depth)) return false;
    return scopes(depth);
  }

  bool name_fragment(int depth) {
    if (depth > kMaxDepth || at_end()) return false;
    if (is_digit(peek())) { ++pos_; return true; }   // back-reference to an earlier name
    if (peek() == '?' && peek(1) == '$') {          // template-id: name, then arguments up to '@'
      pos_ += 2;
      if (peek() == '?') {                          // a templated operator
        ++pos_;
        if (eat('_')) eat('_');
        if (at_end()) return false;
        ++pos_;
      } else if (!identifier()) {
        return false;
      }
      while (!eat('@')) {
        if (at_end() || !template_argument(depth + 1)) return false;
      }
      return true;
    }
    if (peek() == '?' && peek(1) == 'A') {          // anonymous namespace ?A0x1234@
      pos_ += 2;
      return identifier();
    }
    if (peek() == '?') return false;                // local scopes of static data: not in signatures
    return identifier();
  }

  bool template_argument(int depth) {
    if (peek() == '$') {
      if (peek(1) == '0') { pos_ += 2; return number().has_value(); }   // integer
      if (peek(1) == '$' && peek(2) == '$' && peek(3) == 'V') { pos_ += 4; return true; }  // empty pack
      if (peek(1) == '$' && peek(2) == 'V') { pos_ += 3; return true; }
    }
    std::optional<uint32_t> ignored;
    return type(ignored, depth + 1);
  }

  bool cv() {
    const char c = peek();
    if (c < 'A' || c > 'D') return false;
    ++pos_;
    return true;
  }

  // Calling convention, return type, parameters and exception specification.
  bool function_type(MsvcCallConv& conv, bool& varargs, std::optional<uint32_t>& bytes, int depth) {
    if (depth > kMaxDepth || at_end()) return false;
    switch (s_[pos_++]) {
      case 'A': case 'B': conv = MsvcCallConv::Cdecl; break;
      case 'C': case 'D': conv = MsvcCallConv::Pascal; break;
      case 'E': case 'F': conv = MsvcCallConv::Thiscall; break;
      case 'G': case 'H': conv = MsvcCallConv::Stdcall; break;
      case 'I': case 'J': conv = MsvcCallConv::Fastcall; break;
      default: conv = MsvcCallConv::Other; break;
    }
    // Return type: none for constructors and destructors ('@'); '?A' marks a
    // class returned by value.
    if (!eat('@')) {
      if (eat('?') && !cv()) return false;
      std::optional<uint32_t> ignored;
      if (!type(ignored, depth + 1)) return false;
    }
    if (!parameters(varargs, bytes, depth + 1)) return false;
    // Exception specification: 'Z' (none), or '_E' (noexcept) then 'Z'.
    if (eat('_') && !eat('E')) return false;
    return eat('Z');
  }

  bool parameters(bool& varargs, std::optional<uint32_t>& bytes, int depth) {
    varargs = false;
    bytes = 0;
    if (eat('X')) return true;  // (void)
    bool known = true;
    uint32_t total = 0;
    while (true) {
      if (at_end()) return false;
      if (eat('@')) break;
      if (eat('Z')) { varargs = true; break; }
      std::optional<uint32_t> size;
      if (is_digit(peek())) {
        const size_t i = static_cast<size_t>(s_[pos_++] - '0');
        if (i >= param_backrefs_.size()) return false;
        size = param_backrefs_[i];
      } else {
        const size_t start = pos_;
        if (!type(size, depth)) return false;
        // Types mangled in more than one character can be referred back to.
        if (pos_ - start > 1 && param_backrefs_.size() < 10) param_backrefs_.push_back(size);
      }
      if (!size) known = false;
      else total += *size;
    }
    if (known) bytes = total;
    else bytes.reset();
    return true;
  }

  // Pointer or reference: modifiers, then a cv-qualified pointee or a
  // function type ('6').
  bool pointee(int depth) {
    while (peek() == 'E' || peek() == 'F' || peek() == 'I') ++pos_;
    if (eat('6')) {
      MsvcCallConv conv;
      bool varargs;
      std::optional<uint32_t> bytes;
      return function_type(conv, varargs, bytes, depth + 1);
    }
    if (!cv()) return false;
    std::optional<uint32_t> ignored;
    return type(ignored, depth + 1);
  }

  // One type; `size` receives its stack bytes (nullopt: unknown, a class
  // by value).
  bool type(std::optional<uint32_t>& size, int depth) {
    if (depth > kMaxDepth || at_end()) return false;
    const char c = s_[pos_++];
    switch (c) {
      case 'C': case 'D': case 'E': case 'F': case 'G': case 'H': case 'I': case 'J': case 'K': case 'M':
        size = 4;
        return true;
      case 'N': case 'O':  // double, long double (64 bits in MSVC)
        size = 8;
        return true;
      case 'X':  // void: only as a pointee or a return type
        size = 0;
        return true;
      case '_': {
        if (at_end()) return false;
        const char d = s_[pos_++];
        if (d == 'J' || d == 'K') { size = 8; return true; }                 // __int64
        if (d == 'L' || d == 'M') { size = 16; return true; }                // __int128
        if (d == 'N' || d == 'W' || d == 'S' || d == 'U' || d == 'Q' ||     // bool, wchar_t, char16/32/8_t
            (d >= 'D' && d <= 'I')) {                                        // __int8/16/32
          size = 4;
          return true;
        }
        return false;
      }
      case 'P': case 'Q': case 'R': case 'S': case 'A': case 'B':
        size = 4;
        return pointee(depth);
      case 'T': case 'U': case 'V':
        size.reset();
        return qualified_name(depth + 1);
      case 'W':  // enum: underlying type digit, then its name
        if (at_end()) return false;
        ++pos_;
        size = 4;
        return qualified_name(depth + 1);
      case 'Y': {  // array (as a pointee): dimension count, the dimensions, element type
        size.reset();
        const auto dims = number();
        if (!dims || *dims > 32) return false;
        for (uint64_t i = 0; i < *dims; ++i)
          if (!number()) return false;
        std::optional<uint32_t> ignored;
        return type(ignored, depth + 1);
      }
      case '$':
        if (eat('$')) {
          if (at_end()) return false;
          const char d = s_[pos_++];
          if (d == 'Q' || d == 'R') { size = 4; return pointee(depth); }     // && references
          if (d == 'C') {                                                    // cv-qualified type
            if (!cv()) return false;
            return type(size, depth + 1);
          }
          if (d == 'T') { size = 4; return true; }                           // std::nullptr_t
          return false;
        }
        return false;
      default:
        if (is_digit(c)) {  // back-reference to an earlier parameter type
          const size_t i = static_cast<size_t>(c - '0');
          if (i < param_backrefs_.size()) size = param_backrefs_[i];
          else size.reset();
          return true;
        }
        return false;
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::vector<std::optional<uint32_t>> param_backrefs_;
};

}  // namespace

std::optional<MsvcFunctionArgs> decode_msvc_function(std::string_view mangled) {
  if (mangled.size() > 4096) return std::nullopt;
  return Reader(mangled).function();
}

std::optional<uint32_t> msvc_callee_pop_bytes(std::string_view mangled) {
  const auto f = decode_msvc_function(mangled);
  if (!f || f->varargs || !f->stack_bytes || *f->stack_bytes == 0) return std::nullopt;
  if (f->conv != MsvcCallConv::Thiscall && f->conv != MsvcCallConv::Stdcall && f->conv != MsvcCallConv::Pascal)
    return std::nullopt;
  return f->stack_bytes;
}

}  // namespace emu::winapi
