// netapi32 workstation and domain queries: a workgroup machine.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t NetGetJoinInformation(Call& c, WStr, Ptr name, Ptr status) {
  const uint64_t b = c.s.heap_alloc(32);
  c.s.write_wstr(b, u"WORKGROUP");
  c.s.write_ptr(name, b);
  c.s.write_u32(status, 2);  // NetSetupWorkgroupName
  return 0;
}
uint64_t NetWkstaGetInfo(Call& c, WStr, uint32_t, Ptr out) {
  const uint64_t b = c.s.heap_alloc(0x40, true);
  const uint64_t comp = c.s.heap_alloc(64), dom = c.s.heap_alloc(64);
  c.s.write_wstr(comp, utf8_to_utf16(c.s.cfg.hostname));
  c.s.write_wstr(dom, u"WORKGROUP");
  c.s.write_u32(b, 500);
  c.s.write_ptr(b + c.s.ptr_size, comp);
  c.s.write_ptr(b + 2 * c.s.ptr_size, dom);
  c.s.write_u32(b + 3 * c.s.ptr_size, 6);
  c.s.write_u32(b + 3 * c.s.ptr_size + 4, 1);
  c.s.write_ptr(out, b);
  return 0;
}

}  // namespace

void register_netapi32_workstation(ApiRegistry& r) {
  auto t = r.table("netapi32");
  t.add<&NetGetJoinInformation>("NetGetJoinInformation");
  t.add<&NetWkstaGetInfo>("NetWkstaGetInfo");
  t.add<constant_result<0, 1>>("NetApiBufferFree");
  t.add<constant_result<1, 4>>("DsEnumerateDomainTrustsA");
  t.add<constant_result<1, 4>>("DsEnumerateDomainTrustsW");
}

}  // namespace emu::winapi
