// gdi32 device-context settings with no display behind them: the calls
// succeed. GDI objects and memory DCs are in gdi_objects.cpp.
#include "winapi/core/handler.h"

namespace emu::winapi {

void register_gdi32_device_context(ApiRegistry& r) {
  auto t = r.table("gdi32");
  t.add<constant_result<1, 2>>("GetDeviceCaps");
  t.add<constant_result<1, 1>>("DeleteDC");
  t.add<constant_result<1, 2>>("SetBkMode");
  t.add<constant_result<1, 2>>("SetTextColor");
  t.add<constant_result<1, 2>>("SetBkColor");
}

}  // namespace emu::winapi
