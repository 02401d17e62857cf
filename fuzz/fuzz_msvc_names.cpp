// MSVC mangled-name decoder: export names come from the guest's own import
// tables, so any bytes must decode or be refused without crashing, hanging
// or recursing without bound.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "winapi/core/msvc_mangled_args.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view name(reinterpret_cast<const char*>(data), size);
  (void)emu::winapi::decode_msvc_function(name);
  (void)emu::winapi::msvc_callee_pop_bytes(name);
  return 0;
}
