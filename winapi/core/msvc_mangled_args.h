// Stack argument bytes of a 32-bit function from its Microsoft C++ mangled
// name (`?_Tidy@?$basic_string@...@std@@AAEX_N@Z`). The C++ runtimes
// (msvcp60 ... msvcp140) export hundreds of member functions that no import
// library lists with a byte count; their mangled names carry the calling
// convention and the parameter types, which is enough to know how many bytes
// a __thiscall or __stdcall callee pops on return.
//
// Sizes are those of the x86 stack slots: every integer type up to 32 bits,
// float, bool, pointers and references take 4 bytes; __int64 and double 8.
// A class, struct or union passed by value has a size the name does not
// give: such a function's byte count is unknown.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace emu::winapi {

enum class MsvcCallConv : uint8_t { Cdecl, Pascal, Thiscall, Stdcall, Fastcall, Other };

struct MsvcFunctionArgs {
  MsvcCallConv conv = MsvcCallConv::Cdecl;
  bool member = false;        // a non-static member function (`this` is passed)
  bool varargs = false;       // the parameter list ends with `...`
  // Bytes of the parameters on the stack, `this` excluded (thiscall passes
  // it in ecx); nullopt when a parameter's size is unknown.
  std::optional<uint32_t> stack_bytes;
};

// Decodes a mangled function name; nullopt when it is not one (a data
// symbol such as `?npos@...@2IB`, a plain C name) or does not parse.
std::optional<MsvcFunctionArgs> decode_msvc_function(std::string_view mangled);

// Bytes the callee pops on return (x86): the parameter bytes for __thiscall
// and __stdcall functions without `...`; nullopt for caller-cleaned
// conventions (cdecl: nothing to pop), unknown sizes and names that are not
// mangled functions.
std::optional<uint32_t> msvc_callee_pop_bytes(std::string_view mangled);

}  // namespace emu::winapi
