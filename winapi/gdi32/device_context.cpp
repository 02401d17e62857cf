// gdi32 device contexts and GDI objects: no display, calls succeed.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t ret1_1(Call&, uint64_t) { return 1; }
uint64_t ret1_2(Call&, uint64_t, uint64_t) { return 1; }
uint64_t ret1_3(Call&, uint64_t, uint64_t, uint64_t) { return 1; }
uint64_t pass1(Call&, uint64_t v) { return v; }
uint64_t GetObject(Call& c, Handle, int32_t n, Ptr out) {
  if (out && n > 0) { std::vector<uint8_t> z(std::min(n, 256), 0); c.s.mem.write(out, z.data(), z.size()); }
  return static_cast<uint32_t>(std::max(n, 0));
}

}  // namespace

void register_gdi32_device_context(ApiRegistry& r) {
  auto t = r.table("gdi32");
  t.add<&pass1>("CreateCompatibleDC");
  t.add<&ret1_2>("GetDeviceCaps");
  t.add<&ret1_2>("SelectObject");
  t.add<&ret1_1>("DeleteDC");
  t.add<&ret1_1>("DeleteObject");
  t.add<&ret1_3>("CreateCompatibleBitmap");
  t.add<&ret1_1>("GetStockObject");
  t.add<&ret1_2>("SetBkMode");
  t.add<&ret1_2>("SetTextColor");
  t.add<&ret1_2>("SetBkColor");
  t.add<&GetObject>("GetObjectA");
  t.add<&GetObject>("GetObjectW");
}

}  // namespace emu::winapi
