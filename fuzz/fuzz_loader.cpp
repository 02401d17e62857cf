// libFuzzer target for the loader: file bytes in, mapped process out. The
// only acceptable failure is a LoadError; everything else (crash, leak,
// hang, other exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <span>

#include "loader/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace emu::loader;
  LoadOptions o;
  o.max_image_size = 4u << 20;  // keeps runs fast; the 256 MiB default is covered by tests
  o.stack_size = 0x10000;
  o.heap_size = 0x10000;
  o.max_imports = 8192;  // the 65536 default is covered by the unit tests
  o.force_relocation = size & 1;  // exercise relocation on half the inputs
  const std::span<const uint8_t> bytes(data, size);
  try {
    auto p = load_pe(bytes, o);
    const Module& m = p->main_module();
    for (const auto& e : p->entry_points()) (void)p->module_at(e.address);
    size_t n = 0;
    for (const auto& e : m.exports) {
      if (++n > 64) break;
      if (!e.name.empty()) (void)p->get_proc_address(m, e.name);
      (void)p->get_proc_address(m, e.ordinal);
    }
    for (const auto& i : m.imports) (void)p->trap_at(i.target);
  } catch (const LoadError&) {
  }
  if (size && (data[0] & 0x80) == 0 && size < 4096) {
    o.raw_arch = (data[0] & 1) ? Arch::X64 : Arch::X86;
    o.raw_offset = size > 1 ? data[1] % size : 0;
    try {
      (void)load_shellcode(bytes, o);
    } catch (const LoadError&) {
    }
  }
  return 0;
}
