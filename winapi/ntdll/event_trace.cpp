// ntdll event tracing registration (accepted, nothing traced) and native
// system information.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t r0_1(Call&, uint64_t) { return 0; }
uint64_t r0_4(Call&, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t r0_5(Call&, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }

}  // namespace

void register_ntdll_event_trace(ApiRegistry& r) {
  auto t = r.table("ntdll");
  t.add<&r0_4>("EtwEventRegister");
  t.add<&r0_5>("EtwEventSetInformation");
  t.add<&r0_1>("EtwEventUnregister");
  t.add<&r0_4>("RtlGetNativeSystemInformation");
}

}  // namespace emu::winapi
