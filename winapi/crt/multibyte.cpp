// C runtime multibyte code page queries: a single-byte code page.
#include "winapi/core/handler.h"

namespace emu::winapi {
void register_crt_multibyte(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  t.add<constant_result<0, 1>>("_ismbblead");  // single-byte code page: no lead bytes
  t.add<constant_result<0, 1>>("_ismbbtrail");
  t.add<constant_result<0, 1>>("_getmbcp");
}

}  // namespace emu::winapi
