// winhttp proxy discovery (none found) and request body writes.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t WinHttpGetProxyForUrl(Call& c, Handle, WStr, Ptr, Ptr) { return fail(c, 12180); }
uint64_t WinHttpWriteData(Call& c, Handle, Ptr, uint32_t n, Ptr written) { if (written) c.s.write_u32(written, n); return 1; }

}  // namespace

void register_winhttp_proxy_and_write(ApiRegistry& r) {
  auto t = r.table("winhttp");
  t.add<&WinHttpGetProxyForUrl>("WinHttpGetProxyForUrl");
  t.add<&WinHttpWriteData>("WinHttpWriteData");
}

}  // namespace emu::winapi
