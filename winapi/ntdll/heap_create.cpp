// ntdll heaps made directly: RtlCreateHeap, RtlDestroyHeap.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t RtlCreateHeap(Call& c, uint32_t, Ptr, uint64_t, uint64_t, Ptr, Ptr) {
  const uint64_t limit = c.s.x64 ? 0x7FFFFFFF0000ull : 0x7FFE0000ull;
  const uint64_t base = c.s.mem.find_free(0x1000, 0x00300000, limit);
  if (!base || !c.s.mem.map(base, 0x1000, cpu::kPermRead | cpu::kPermWrite, "heap.header")) return 0;
  c.s.heaps[base] = std::make_unique<GuestHeap>(c.s.mem, "heap", 0, 0, limit);
  return base;
}

}  // namespace

void register_ntdll_heap_create(ApiRegistry& r) {
  auto t = r.table("ntdll");
  t.add<&RtlCreateHeap>("RtlCreateHeap");
  t.add<constant_result<0, 1>>("RtlDestroyHeap");
}

}  // namespace emu::winapi
