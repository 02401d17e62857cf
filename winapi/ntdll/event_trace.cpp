// ntdll event tracing registration (accepted, nothing traced) and native
// system information.
#include "winapi/core/handler.h"

namespace emu::winapi {
void register_ntdll_event_trace(ApiRegistry& r) {
  auto t = r.table("ntdll");
  t.add<constant_result<0, 4>>("EtwEventRegister");
  t.add<constant_result<0, 5>>("EtwEventSetInformation");
  t.add<constant_result<0, 1>>("EtwEventUnregister");
  t.add<constant_result<0, 4>>("RtlGetNativeSystemInformation");
}

}  // namespace emu::winapi
