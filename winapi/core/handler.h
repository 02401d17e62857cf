// What every handler file includes: the framework types, the session and
// small helpers for the usual Win32 conventions (buffers, sizes, errors).
#pragma once

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "winapi/core/api.h"
#include "winapi/core/text.h"
#include "winapi/runtime/session.h"

namespace emu::winapi {

// The handler of an API the emulation only acknowledges: it ignores its
// NArgs pointer-sized arguments and returns Value. The argument count still
// matters: it decides the arguments shown in the report and, for stdcall,
// how much stack the callee pops.
//   t.add<constant_result<1, 2>>("SetPriorityClass");
namespace detail {
template <uint64_t Value, class Indices> struct ConstantResult;
template <uint64_t Value, size_t... I> struct ConstantResult<Value, std::index_sequence<I...>> {
  template <size_t> using Ignored = uint64_t;
  static uint64_t handler(Call&, Ignored<I>...) { return Value; }
};
}  // namespace detail
template <uint64_t Value, size_t NArgs>
inline constexpr auto constant_result = &detail::ConstantResult<Value, std::make_index_sequence<NArgs>>::handler;

// Win32 error codes used by handlers.
enum : uint32_t {
  kErrSuccess = 0, kErrFileNotFound = 2, kErrPathNotFound = 3, kErrAccessDenied = 5,
  kErrInvalidHandle = 6, kErrNotEnoughMemory = 8, kErrNoMoreFiles = 18, kErrFileExists = 80,
  kErrInvalidParameter = 87, kErrInsufficientBuffer = 122, kErrModNotFound = 126, kErrProcNotFound = 127,
  kErrAlreadyExists = 183, kErrMoreData = 234, kErrNoMoreItems = 259,
};

// Writes a string into a guest buffer of `size` characters the Win32 way:
// returns the length written (without NUL), or the size needed (with NUL)
// when it does not fit.
template <class S> uint64_t copy_out(Call& c, uint64_t buf, uint64_t size, const std::string& utf8) {
  const size_t len = S::wide ? utf8_to_utf16(utf8).size() : utf8_to_ansi(utf8).size();
  if (!buf || size <= len) return len + 1;
  c.s.write_str<S>(buf, utf8, size);
  return len;
}

inline uint64_t fail(Call& c, uint32_t err, uint64_t ret = 0) {
  c.s.set_last_error(err);
  return ret;
}

inline std::string module_base_name(std::string s) {
  const size_t p = s.find_last_of("\\/");
  if (p != std::string::npos) s = s.substr(p + 1);
  return s;
}

// Fills a 16-byte GUID at `g` from a generator seeded by `salt` and the
// instruction count: CoCreateGuid and UuidCreate, different per call and
// the same on every run (reports stay deterministic).
inline void write_generated_guid(Call& c, uint64_t g, uint32_t salt) {
  uint8_t b[16];
  uint32_t x = salt ^ static_cast<uint32_t>(c.s.cpu.instructions());
  for (auto& v : b) { x = x * 1103515245u + 12345u; v = static_cast<uint8_t>(x >> 16); }
  c.s.mem.write(g, b, 16);
}

}  // namespace emu::winapi
