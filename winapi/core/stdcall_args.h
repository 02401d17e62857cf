// Argument bytes that 32-bit stdcall (and fastcall) exports pop on return,
// for exports without a handler: the engine must still balance the caller's
// stack. Data: winapi/data/stdcall_args.txt (scripts/gen_stdcall_args.py,
// from the decorated names of mingw-w64's import libraries), and from the
// mangled names of C++ member functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace emu::winapi {

// Bytes the x86 export `module!function` pops ("kernel32", "CreateFileA" ->
// 28); module is a DLL base name, with or without extension, any case.
// nullopt when the export is unknown or pops nothing (cdecl). C++ exports
// that no list names (mangled `?...` names) are sized from their parameter
// types (winapi/core/msvc_mangled_args.h).
std::optional<uint32_t> stdcall_arg_bytes(std::string_view module, std::string_view function);

}  // namespace emu::winapi
