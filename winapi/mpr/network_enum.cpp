// mpr: enumerating network resources (WNetOpenEnum / WNetEnumResource /
// WNetCloseEnum), which ransomware walks to find shares to encrypt. The
// emulated machine is on no network, so an enumeration opens and is at once
// exhausted (ERROR_NO_MORE_ITEMS), as for a host without shares.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr uint32_t kNoError = 0;
constexpr uint32_t kErrorNoMoreItems = 259;

uint64_t WNetOpenEnum(Call& c, uint32_t scope, uint32_t type, uint32_t usage, Ptr, Ptr out) {
  if (!out) return kErrInvalidParameter;  // the WNet functions return the error code itself
  auto e = std::make_shared<GenericObject>("network_enum");
  e->props = {{"scope", std::to_string(scope)}, {"type", std::to_string(type)}, {"usage", std::to_string(usage)}};
  c.s.write_ptr(out, c.s.handles.add(e));
  return kNoError;
}
uint64_t WNetEnumResource(Call& c, Handle h, Ptr count, Ptr, Ptr) {
  if (!c.s.handles.find_kind(h, "network_enum")) return kErrInvalidHandle;
  if (count) c.s.write_u32(count, 0);
  return kErrorNoMoreItems;
}
uint64_t WNetCloseEnum(Call& c, Handle h) {
  if (!c.s.handles.find_kind(h, "network_enum")) return kErrInvalidHandle;
  c.s.handles.close(h);
  return kNoError;
}

}  // namespace

void register_mpr_network_enum(ApiRegistry& r) {
  auto t = r.table("mpr");
  t.add<&WNetOpenEnum>("WNetOpenEnumA");
  t.add<&WNetOpenEnum>("WNetOpenEnumW");
  t.add<&WNetEnumResource>("WNetEnumResourceA");
  t.add<&WNetEnumResource>("WNetEnumResourceW");
  t.add<&WNetCloseEnum>("WNetCloseEnum");
}

}  // namespace emu::winapi
