// setupapi device information sets: SetupDiGetClassDevs returns a set (a
// handle) of the devices of a class present on the system. The emulated
// machine exposes no device through setupapi, so every set is empty:
// enumerating it ends at once with ERROR_NO_MORE_ITEMS, which is what
// sandbox checks that look for virtual hardware (disk or display adapters
// named VBOX/VMware) see on a machine without such devices.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr uint64_t kInvalidHandle = ~0ull;
constexpr uint32_t kDigcfAllClasses = 0x4;
constexpr uint32_t kDigcfValidFlags = 0x1F;  // DEFAULT, PRESENT, ALLCLASSES, PROFILE, DEVICEINTERFACE

struct DeviceInfoSet : Object {
  const char* kind() const override { return "device_info_set"; }
  std::string class_guid;  // "" for all classes
  std::string enumerator;
  uint32_t flags = 0;
};

std::string guid_text(Call& c, uint64_t g) {
  uint8_t b[16] = {};
  c.s.mem.read(g, b, 16);
  char out[40];
  std::snprintf(out, sizeof out, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                b[0] | b[1] << 8 | b[2] << 16 | static_cast<uint32_t>(b[3]) << 24, b[4] | b[5] << 8, b[6] | b[7] << 8,
                b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

template <class S> uint64_t get_class_devs(Call& c, uint64_t guid, const S& enumerator, uint32_t flags) {
  if (flags & ~kDigcfValidFlags) return fail(c, kErrInvalidParameter, kInvalidHandle);
  // Without DIGCF_ALLCLASSES a class GUID is required.
  if (!guid && !(flags & kDigcfAllClasses)) return fail(c, kErrInvalidParameter, kInvalidHandle);
  auto set = std::make_shared<DeviceInfoSet>();
  if (guid && !(flags & kDigcfAllClasses)) {
    set->class_guid = guid_text(c, guid);
    c.set_arg_text(0, set->class_guid);
  }
  set->enumerator = enumerator.str;
  set->flags = flags;
  c.s.set_last_error(0);
  return c.s.handles.add(set);
}

template <class S> uint64_t SetupDiGetClassDevs(Call& c, Ptr guid, S enumerator, Handle, uint32_t flags) {
  return get_class_devs<S>(c, guid, enumerator, flags);
}
// The Ex form may add to an existing set (which stays empty) or query a
// remote machine (none is reachable).
template <class S> uint64_t SetupDiGetClassDevsEx(Call& c, Ptr guid, S enumerator, Handle, uint32_t flags, Handle set,
                                                  S machine, Ptr) {
  if (!machine.null() && !machine.str.empty()) return fail(c, 1722 /* RPC_S_SERVER_UNAVAILABLE */, kInvalidHandle);
  if (set) {
    if (!c.s.handles.get<DeviceInfoSet>(set)) return fail(c, kErrInvalidHandle, kInvalidHandle);
    return set;
  }
  return get_class_devs<S>(c, guid, enumerator, flags);
}

// SP_DEVINFO_DATA: cbSize 28 (x86) / 32 (x64).
uint64_t SetupDiEnumDeviceInfo(Call& c, Handle set, uint32_t, Ptr data) {
  if (!c.s.handles.get<DeviceInfoSet>(set)) return fail(c, kErrInvalidHandle);
  if (!data || c.s.read_u32(data) != (c.s.x64 ? 32u : 28u)) return fail(c, 1784 /* ERROR_INVALID_USER_BUFFER */);
  return fail(c, kErrNoMoreItems);
}

// SP_DEVICE_INTERFACE_DATA: cbSize 28 (x86) / 32 (x64).
uint64_t SetupDiEnumDeviceInterfaces(Call& c, Handle set, Ptr, Ptr guid, uint32_t, Ptr data) {
  if (!c.s.handles.get<DeviceInfoSet>(set)) return fail(c, kErrInvalidHandle);
  if (!guid) return fail(c, kErrInvalidParameter);
  if (!data || c.s.read_u32(data) != (c.s.x64 ? 32u : 28u)) return fail(c, 1784);
  return fail(c, kErrNoMoreItems);
}

uint64_t SetupDiDestroyDeviceInfoList(Call& c, Handle set) {
  if (!c.s.handles.get<DeviceInfoSet>(set)) return fail(c, kErrInvalidHandle);
  c.s.handles.close(set);
  return 1;
}

}  // namespace

void register_setupapi_device_info(ApiRegistry& r) {
  auto t = r.table("setupapi");
  t.add<&SetupDiGetClassDevs<AStr>>("SetupDiGetClassDevsA");
  t.add<&SetupDiGetClassDevs<WStr>>("SetupDiGetClassDevsW");
  t.add<&SetupDiGetClassDevsEx<AStr>>("SetupDiGetClassDevsExA");
  t.add<&SetupDiGetClassDevsEx<WStr>>("SetupDiGetClassDevsExW");
  t.add<&SetupDiEnumDeviceInfo>("SetupDiEnumDeviceInfo");
  t.add<&SetupDiEnumDeviceInterfaces>("SetupDiEnumDeviceInterfaces");
  t.add<&SetupDiDestroyDeviceInfoList>("SetupDiDestroyDeviceInfoList");
}

}  // namespace emu::winapi
