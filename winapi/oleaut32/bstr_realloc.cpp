// oleaut32 BSTR reallocation and byte-length BSTRs: SysReAllocString(Len)
// (Delphi's string runtime uses them for every WideString assignment),
// SysAllocStringByteLen, SysStringByteLen.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr uint32_t kMaxBstrBytes = 64u << 20;

// A BSTR of `bytes` bytes copied from `src` (or uninitialised when src is
// 0): a 4-byte length prefix, the data and a two-byte terminator, on the
// process heap as oleaut32's allocator does. Returns the string pointer.
uint64_t bstr_from_bytes(Session& s, uint64_t src, uint32_t bytes) {
  const uint64_t block = s.heap_alloc(4ull + bytes + 2);
  if (!block) return 0;
  s.write_u32(block, bytes);
  if (src && bytes) {
    std::vector<uint8_t> d(bytes);
    s.mem.read(src, d.data(), d.size());
    s.mem.write(block + 4, d.data(), d.size());
  }
  s.write_u16(block + 4 + bytes, 0);
  return block + 4;
}

// Copies the new text before freeing the old string: the source may lie
// inside it.
uint64_t reallocate(Call& c, uint64_t slot, uint64_t src, uint32_t chars) {
  if (!slot || chars > kMaxBstrBytes / 2) return 0;
  const uint64_t fresh = bstr_from_bytes(c.s, src, 2 * chars);
  if (!fresh) return 0;
  if (const uint64_t old = c.s.read_ptr(slot)) c.s.heap(c.s.process_heap)->free(old - 4);
  c.s.write_ptr(slot, fresh);
  return 1;
}

uint64_t SysReAllocStringLen(Call& c, Ptr slot, Ptr src, uint32_t chars) { return reallocate(c, slot, src, chars); }
uint64_t SysReAllocString(Call& c, Ptr slot, WStr src) {
  const uint32_t chars = src.null() ? 0 : static_cast<uint32_t>(c.s.read_wstr(src.ptr, kMaxBstrBytes / 2).size());
  return reallocate(c, slot, src.ptr, chars);
}
uint64_t SysAllocStringByteLen(Call& c, Ptr src, uint32_t bytes) {
  if (bytes > kMaxBstrBytes) return 0;
  return bstr_from_bytes(c.s, src, bytes);
}
uint64_t SysStringByteLen(Call& c, Ptr p) { return p ? c.s.read_u32(p - 4) : 0; }

}  // namespace

void register_oleaut32_bstr_realloc(ApiRegistry& r) {
  auto t = r.table("oleaut32");
  t.add<&SysReAllocStringLen>("SysReAllocStringLen");
  t.add<&SysReAllocString>("SysReAllocString");
  t.add<&SysAllocStringByteLen>("SysAllocStringByteLen");
  t.add<&SysStringByteLen>("SysStringByteLen");
}

}  // namespace emu::winapi
