// rpcrt4 UUID creation.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t UuidCreate(Call& c, Ptr g) {
  write_generated_guid(c, g, 0x7F4A7C15u);
  return 0;
}

}  // namespace

void register_rpcrt4_uuid(ApiRegistry& r) {
  auto t = r.table("rpcrt4");
  t.add<&UuidCreate>("UuidCreate");
  t.add<&UuidCreate>("UuidCreateSequential");
}

}  // namespace emu::winapi
