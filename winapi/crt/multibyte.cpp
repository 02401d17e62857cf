// C runtime multibyte code page queries: a single-byte code page.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t r0_1(Call&, uint64_t) { return 0; }

}  // namespace

void register_crt_multibyte(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  t.add<&r0_1>("_ismbblead");  // single-byte code page: no lead bytes
  t.add<&r0_1>("_ismbbtrail");
  t.add<&r0_1>("_getmbcp");
}

}  // namespace emu::winapi
