// The C runtime's printf formatting over guest arguments, for the printf
// family's handlers (which write the result to a buffer or the console) and
// for the report (which shows the formatted output as the format argument).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace emu::winapi {

// Where the variadic arguments come from: `next_slot` yields the next
// pointer-sized argument slot (x86: 4 bytes, x64: 8 bytes), whether it came
// from the stack, registers or a va_list; strings are read through the
// two readers.
struct VarArgs {
  unsigned slot_size = 4;
  std::function<uint64_t()> next_slot;
  std::function<std::string(uint64_t)> read_astr;     // bytes as stored
  std::function<std::u16string(uint64_t)> read_wstr;
};

// Formats `fmt` (UTF-16 code units; narrow formats are widened byte by byte).
// `wide` selects the wprintf meaning of %s/%c (wide) versus printf's.
// Output is bounded by `max_out` code units.
std::u16string format_printf(std::u16string_view fmt, bool wide, VarArgs& args, size_t max_out = 1 << 20);

// Narrow helpers: format bytes -> bytes (Latin-1 for wide parts).
std::string format_printf_narrow(std::string_view fmt, VarArgs& args, size_t max_out = 1 << 20);

std::u16string widen_bytes(std::string_view s);
std::string narrow_units(std::u16string_view s);  // units > 0xFF become '?'

}  // namespace emu::winapi
