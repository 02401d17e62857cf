// advapi32 event tracing (ETW) provider registration: accepted, nothing traced.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t ret0_1(Call&, uint64_t) { return 0; }
uint64_t ret0_4(Call&, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t ret0_5(Call&, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }

}  // namespace

void register_advapi32_event_trace(ApiRegistry& r) {
  auto t = r.table("advapi32");
  t.add<&ret0_4>("EventRegister");
  t.add<&ret0_5>("EventSetInformation");
  t.add<&ret0_1>("EventUnregister");
}

}  // namespace emu::winapi
