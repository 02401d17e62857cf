// mfc42's exports of the C++ allocation operators (MFC programs import them
// from MFC42.DLL by ordinal, not from the C runtime):
//   823  operator new(size_t)    (??2@YAPAXI@Z, cdecl)
//   825  operator delete(void*)  (??3@YAXPAX@Z, cdecl)
// Both work on the process heap, as msvcrt's do.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t operator_new(Call& c, uint32_t size) { return c.s.heap_alloc(size ? size : 1, false); }
uint64_t operator_delete(Call& c, Ptr p) {
  if (p) c.s.heap(c.s.process_heap)->free(p);
  return 0;
}

}  // namespace

void register_mfc42_operator_new_delete(ApiRegistry& r) {
  auto t = r.table("mfc42", Conv::Cdecl);
  t.add<&operator_new>("ordinal_823");
  t.add<&operator_delete>("ordinal_825");
}

}  // namespace emu::winapi
