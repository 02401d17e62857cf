// advapi32 event tracing (ETW) provider registration: accepted, nothing traced.
#include "winapi/core/handler.h"

namespace emu::winapi {
void register_advapi32_event_trace(ApiRegistry& r) {
  auto t = r.table("advapi32");
  t.add<constant_result<0, 4>>("EventRegister");
  t.add<constant_result<0, 5>>("EventSetInformation");
  t.add<constant_result<0, 1>>("EventUnregister");
}

}  // namespace emu::winapi
