// ole32 GUIDs: creation and string conversion.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t CoCreateGuid(Call& c, Ptr g) {
  write_generated_guid(c, g, 0x9E3779B9u);
  return 0;
}
uint64_t StringFromCLSID(Call& c, Ptr clsid, Ptr out) {
  uint8_t g[16] = {};
  c.s.mem.read(clsid, g, 16);
  char buf[64];
  std::snprintf(buf, sizeof buf, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                g[0] | (g[1] << 8) | (g[2] << 16) | (static_cast<uint32_t>(g[3]) << 24), g[4] | (g[5] << 8), g[6] | (g[7] << 8),
                g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
  const uint64_t b = c.s.heap_alloc(80);
  c.s.write_wstr(b, widen_bytes(buf));
  c.s.write_ptr(out, b);
  return 0;
}
uint64_t CLSIDFromProgID(Call&, WStr, Ptr) { return 0x800401F3; }  // CO_E_CLASSSTRING
uint64_t StringFromGUID2(Call& c, Ptr g, Ptr out, int32_t n) {
  uint8_t b[16] = {};
  c.s.mem.read(g, b, 16);
  char buf[64];
  std::snprintf(buf, sizeof buf, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24), b[4] | (b[5] << 8), b[6] | (b[7] << 8),
                b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  if (n < 39) return 0;
  c.s.write_wstr(out, widen_bytes(buf));
  return 39;
}
uint64_t IIDFromString(Call&, WStr, Ptr) { return 0x80070057; }

}  // namespace

void register_ole32_guid(ApiRegistry& r) {
  auto t = r.table("ole32");
  t.add<&CoCreateGuid>("CoCreateGuid");
  t.add<&StringFromCLSID>("StringFromCLSID");
  t.add<&StringFromCLSID>("StringFromIID");
  t.add<&CLSIDFromProgID>("CLSIDFromProgID");
  t.add<&StringFromGUID2>("StringFromGUID2");
  t.add<&IIDFromString>("IIDFromString");
  t.add<&IIDFromString>("CLSIDFromString");
}

}  // namespace emu::winapi
