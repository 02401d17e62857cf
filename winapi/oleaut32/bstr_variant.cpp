// oleaut32 BSTRs (length-prefixed wide strings on the process heap) and
// VARIANT initialisation.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t SysAllocStringLen(Call& c, Ptr src, uint32_t n) {
  if (n > (64u << 20)) return 0;
  const uint64_t b = c.s.heap_alloc(4 + 2ull * n + 2);
  c.s.write_u32(b, 2 * n);
  if (src) {
    std::vector<uint8_t> d(2ull * n);
    c.s.mem.read(src, d.data(), d.size());
    c.s.mem.write(b + 4, d.data(), d.size());
  }
  return b + 4;
}
uint64_t SysAllocString(Call& c, WStr s) {
  if (s.null()) return 0;
  return SysAllocStringLen(c, Ptr{s.ptr}, static_cast<uint32_t>(c.s.read_wstr(s.ptr, 1 << 20).size()));
}
uint64_t SysFreeString(Call& c, Ptr p) { if (p) c.s.heap(c.s.process_heap)->free(p - 4); return 0; }
uint64_t SysStringLen(Call& c, Ptr p) { return p ? c.s.read_u32(p - 4) / 2 : 0; }
uint64_t VariantInit(Call& c, Ptr v) { std::vector<uint8_t> z(c.s.x64 ? 24 : 16, 0); c.s.mem.write(v, z.data(), z.size()); return 0; }

}  // namespace

void register_oleaut32_bstr_variant(ApiRegistry& r) {
  auto t = r.table("oleaut32");
  t.add<&SysAllocString>("SysAllocString");
  t.add<&SysAllocStringLen>("SysAllocStringLen");
  t.add<&SysFreeString>("SysFreeString");
  t.add<&SysStringLen>("SysStringLen");
  t.add<&VariantInit>("VariantInit");
  t.add<constant_result<0, 1>>("VariantClear");
}

}  // namespace emu::winapi
