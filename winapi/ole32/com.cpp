// ole32 COM: initialisation, object creation (no class is registered), task
// memory.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t CoCreateInstance(Call& c, Ptr, Ptr, uint32_t, Ptr, Ptr out) { if (out) c.s.write_ptr(out, 0); return 0x80040154; }
uint64_t CoTaskMemAlloc(Call& c, uint64_t n) { return c.s.heap_alloc(n ? n : 1); }
uint64_t CoTaskMemFree(Call& c, Ptr p) { if (p) c.s.heap(c.s.process_heap)->free(p); return 0; }

}  // namespace

void register_ole32_com(ApiRegistry& r) {
  auto t = r.table("ole32");
  t.add<constant_result<0, 1>>("CoInitialize");
  t.add<constant_result<0, 2>>("CoInitializeEx");
  t.add<constant_result<0, 0>>("CoUninitialize");
  t.add<constant_result<0, 1>>("OleInitialize");
  t.add<constant_result<0, 0>>("OleUninitialize");
  t.add<constant_result<0, 9>>("CoInitializeSecurity");
  t.add<&CoCreateInstance>("CoCreateInstance");
  t.add<&CoTaskMemAlloc>("CoTaskMemAlloc");
  t.add<&CoTaskMemFree>("CoTaskMemFree");
  t.add<constant_result<0, 8>>("CoSetProxyBlanket");
}

}  // namespace emu::winapi
