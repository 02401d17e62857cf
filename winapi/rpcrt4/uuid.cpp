// rpcrt4 UUID creation.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t UuidCreate(Call& c, Ptr g) {
  uint8_t b[16];
  uint32_t x = 0x7F4A7C15u ^ static_cast<uint32_t>(c.s.cpu.instructions());
  for (auto& v : b) { x = x * 1103515245u + 12345u; v = static_cast<uint8_t>(x >> 16); }
  c.s.mem.write(g, b, 16);
  return 0;
}

}  // namespace

void register_rpcrt4_uuid(ApiRegistry& r) {
  auto t = r.table("rpcrt4");
  t.add<&UuidCreate>("UuidCreate");
  t.add<&UuidCreate>("UuidCreateSequential");
}

}  // namespace emu::winapi
