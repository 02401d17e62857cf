// advapi32 service enumeration (no services listed) and the hardware profile.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t EnumServicesStatus(Call& c, Handle, uint32_t, uint32_t, Ptr, uint32_t, Ptr needed, Ptr count, Ptr resume) {
  if (needed) c.s.write_u32(needed, 0);
  if (count) c.s.write_u32(count, 0);
  if (resume) c.s.write_u32(resume, 0);
  return 1;
}
uint64_t EnumServicesStatusEx(Call& c, Handle, uint32_t, uint32_t, uint32_t, Ptr, uint32_t, Ptr needed, Ptr count, Ptr resume, Ptr) {
  return EnumServicesStatus(c, Handle{}, 0, 0, Ptr{}, 0, needed, count, resume);
}
uint64_t GetCurrentHwProfileA(Call& c, Ptr info) {
  std::vector<uint8_t> z(4 + 39 + 80, 0);
  c.s.mem.write(info, z.data(), z.size());
  c.s.write_u32(info, 1);
  c.s.write_astr(info + 4, "{846ee340-7039-11de-9d20-806e6f6e6963}");
  c.s.write_astr(info + 4 + 39, "Profile 1");
  return 1;
}

}  // namespace

void register_advapi32_service_enum_hw_profile(ApiRegistry& r) {
  auto t = r.table("advapi32");
  t.add<&GetCurrentHwProfileA>("GetCurrentHwProfileA");
  t.add<&EnumServicesStatus>("EnumServicesStatusA");
  t.add<&EnumServicesStatus>("EnumServicesStatusW");
  t.add<&EnumServicesStatusEx>("EnumServicesStatusExA");
  t.add<&EnumServicesStatusEx>("EnumServicesStatusExW");
}

}  // namespace emu::winapi
